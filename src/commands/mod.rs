//! One module per subcommand. Each takes its parsed arguments, turns them into
//! a checked configuration and runs; none of them exits the process.

pub mod archive;
pub mod build;
pub mod check;

use std::path::PathBuf;

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
        let Some(id) = IssueId::parse(issue_arg) else {
            return Err(Failure::usage(
                Diagnostic::error(format!("号の名前「{issue_arg}」は 年-月 の形ではありません"))
                    .hint("2022-06 のように、4けたの年と2けたの月をハイフンでつないで指定してください")
                    .hint(list_hint),
            ));
        };
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

/// Prints diagnostics to standard error.
pub fn report(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprint!("{}", d.render());
    }
}
