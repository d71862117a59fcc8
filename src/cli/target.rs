//! What a command works on, found and checked once before any work starts:
//! the newsletter (its root folder and tsushin.toml) and, where the command
//! names one, the issue.
//!
//! Every command goes through here, so `--root`, the search upwards from the
//! current folder, the checks of an issue name and their messages are the
//! same everywhere. The layers below take the [`Newsletter`] and the
//! [`IssueId`], never this module's types.

use std::path::{Path, PathBuf};

use crate::cli::args::GlobalArgs;
use crate::diag::{Diagnostic, Failure};
use crate::model::config::Newsletter;
use crate::model::issue::{self, ISSUES_DIR, IssueId};

/// The folder for everything tsushin writes.
pub const OUT_DIR: &str = "out";

/// The newsletter and the issue a command works on, checked before any work.
pub struct Target {
    pub newsletter: Newsletter,
    pub id: IssueId,
}

impl Target {
    /// The newsletter (see [`newsletter`]) and its existing issue `issue_arg`.
    pub fn resolve(global: &GlobalArgs, issue_arg: &str) -> Result<Self, Failure> {
        let newsletter = newsletter(global)?;
        let id = existing_issue(&newsletter.root, issue_arg)?;
        Ok(Self { newsletter, id })
    }

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

/// The newsletter root: `--root` if given, otherwise the current folder or
/// the nearest folder above it that holds tsushin.toml.
pub fn root(global: &GlobalArgs) -> Result<PathBuf, Failure> {
    Newsletter::find(global.root.as_deref(), &current_dir()).map_err(Failure::usage)
}

/// The newsletter at [`root`], with its tsushin.toml read and checked.
pub fn newsletter(global: &GlobalArgs) -> Result<Newsletter, Failure> {
    Ok(Newsletter::load(root(global)?)?)
}

/// An issue of the newsletter at `root` named on the command line; it must
/// exist. The messages list the issues there are.
pub fn existing_issue(root: &Path, issue_arg: &str) -> Result<IssueId, Failure> {
    let existing = issue::list(root);
    let names = existing.iter().map(ToString::to_string).collect::<Vec<_>>();
    let list_hint = if names.is_empty() {
        "issues/ にはまだ号がありません。issues/2022-06/ のようなフォルダーを作ってください".to_owned()
    } else {
        format!("ある号: {}", names.join(", "))
    };
    let id = parse_issue_id(issue_arg).map_err(|d| Failure::usage(d.hint(list_hint.clone())))?;
    if !existing.contains(&id) {
        let dir = root.join(ISSUES_DIR).join(id.to_string());
        let what = if dir.is_dir() {
            format!("号 {id} のフォルダーに issue.toml がありません")
        } else {
            format!("号 {id} が見つかりません（{ISSUES_DIR}/{id} がありません）")
        };
        return Err(Failure::usage(Diagnostic::error(what).hint(list_hint)));
    }
    Ok(id)
}

/// An issue name given on the command line (`2022-06`), which need not exist yet.
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

/// A file to write given with `-o`: it must not name an existing folder, which
/// would only be found out after all the work.
pub fn output_file(path: &Path) -> Result<PathBuf, Failure> {
    if path.is_dir() {
        return Err(Failure::usage(
            Diagnostic::error(format!("-o に指定した {} はフォルダーです", shown(path)))
                .at_path(shown(path))
                .hint("PDF のファイル名まで指定してください（例: -o 6月号.pdf）"),
        ));
    }
    Ok(path.to_path_buf())
}

/// A folder to write into given on the command line: it must not be a file.
pub fn output_folder(path: &Path, option: &str) -> Result<PathBuf, Failure> {
    if path.exists() && !path.is_dir() {
        return Err(Failure::usage(
            Diagnostic::error(format!("{option} に指定した {} はフォルダーではなくファイルです", shown(path)))
                .at_path(shown(path))
                .hint("書き出し先には、まだないフォルダーか、今あるフォルダーを指定してください"),
        ));
    }
    Ok(path.to_path_buf())
}

/// A path as shown in messages: relative to the current folder when inside it.
pub fn shown(path: &Path) -> String {
    crate::diag::display_path(path, &current_dir())
}

fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}
