//! One module per subcommand. Each takes its parsed arguments, turns them into
//! a checked configuration and runs; none of them exits the process.

pub mod archive;
pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod list;
pub mod new;
pub mod preview;
pub mod watch;

use std::path::{Path, PathBuf};

use crate::args::GlobalArgs;
use crate::config::Newsletter;
use crate::diag::{Diagnostic, Failure};
use crate::issue::{self, IssueId};

/// The newsletter and the issue a command works on, checked before any work.
pub struct Target {
    pub newsletter: Newsletter,
    pub id: IssueId,
}

impl Target {
    pub fn resolve(global: &GlobalArgs, issue_arg: &str) -> Result<Self, Failure> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let root = Newsletter::find(global.root.as_deref(), &cwd).map_err(Failure::usage)?;
        let newsletter = Newsletter::load(root)?;
        let existing = issue::list(&newsletter.root);
        let names = existing.iter().map(ToString::to_string).collect::<Vec<_>>();
        let list_hint = if names.is_empty() {
            "issues/ にはまだ号がありません。issues/2022-06/ のようなフォルダーを作ってください".to_owned()
        } else {
            format!("ある号: {}", names.join(", "))
        };
        let id = parse_issue_id(issue_arg).map_err(|d| Failure::usage(d.hint(list_hint.clone())))?;
        if !existing.contains(&id) {
            let dir = newsletter.root.join(issue::ISSUES_DIR).join(id.to_string());
            let what = if dir.is_dir() {
                format!("号 {id} のフォルダーに issue.toml がありません")
            } else {
                format!("号 {id} が見つかりません（{}/{id} がありません）", issue::ISSUES_DIR)
            };
            return Err(Failure::usage(Diagnostic::error(what).hint(list_hint)));
        }
        Ok(Self { newsletter, id })
    }
}

impl Target {
    /// Where `build` and `watch` write the PDF unless told otherwise.
    pub fn pdf_path(&self) -> PathBuf {
        pdf_path(&self.newsletter.root, self.id)
    }

    /// Reads tsushin.toml again (it may have changed while watching).
    pub fn reload(&mut self) -> Result<(), Failure> {
        self.newsletter = Newsletter::load(self.newsletter.root.clone())?;
        Ok(())
    }
}

/// An issue name given on the command line (`2022-06`).
pub fn parse_issue_id(arg: &str) -> Result<IssueId, Diagnostic> {
    IssueId::parse(arg).ok_or_else(|| {
        Diagnostic::error(format!("号の名前「{arg}」は 年-月 の形ではありません"))
            .hint("2022-06 のように、4けたの年と2けたの月をハイフンでつないで指定してください")
    })
}

/// `out/<issue>.pdf` in the newsletter folder.
pub fn pdf_path(root: &Path, id: IssueId) -> PathBuf {
    root.join(OUT_DIR).join(format!("{id}.pdf"))
}

/// The folder for everything tsushin writes.
pub const OUT_DIR: &str = "out";

/// A path as shown in messages: relative to the current folder when inside it.
pub fn shown(path: &Path) -> String {
    crate::diag::display_path(path, &std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")))
}

/// Where the draft of `output` goes: beside it, `<name>-draft.pdf`.
pub fn draft_path(output: &Path) -> PathBuf {
    let stem = output.file_stem().map_or_else(|| "draft".into(), |s| s.to_string_lossy().into_owned());
    output.with_file_name(format!("{stem}-draft.pdf"))
}

/// An issue too long for its pages comes with the pages as laid out (its
/// `draft`): writes them beside `output` (which stays as it was) and says so
/// in the first diagnostic, so the coordinator can look at what to cut.
pub fn write_draft(failure: &mut Failure, output: &Path) {
    let Some(pdf) = failure.draft.take() else { return };
    let path = draft_path(output);
    let note = match crate::fsx::write_atomic(&path, &pdf) {
        Ok(()) => format!(
            "入りきらなかった紙面を {} に書き出しました。予定のページをこえたところに印があります。どこを短くするかの参考にしてください",
            shown(&path)
        ),
        Err(err) => format!("入りきらなかった紙面を書き出せませんでした（{}）", err.message),
    };
    if let Some(first) = failure.diagnostics.first_mut() {
        first.hints.push(note);
    }
}

/// After a good build, a draft left from an earlier overflow is out of date.
pub fn remove_draft(output: &Path) {
    let path = draft_path(output);
    if path.is_file() {
        let _ = std::fs::remove_file(path);
    }
}
