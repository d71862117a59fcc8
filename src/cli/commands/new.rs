//! `tsushin new <YYYY-MM>`: a new issue folder, based on the latest issue (or
//! `--from`), that builds as it is.

use std::path::PathBuf;

use crate::cli::args::{GlobalArgs, NewArgs};
use crate::cli::commands;
use crate::cli::scaffold::{self, Previous};
use crate::cli::target::{self, parse_issue_id, shown};
use crate::cli::ui::Ui;
use crate::diag::{Diagnostic, Failure};
use crate::fs;
use crate::model::issue::{self, ISSUES_DIR, IssueId};
use crate::model::loader::schema::SCHEMA_DIR;

/// `tsushin new`'s arguments, checked: the new issue does not exist yet, and
/// the one it follows does.
struct NewIssue {
    root: PathBuf,
    id: IssueId,
    /// The folder to create.
    dir: PathBuf,
    /// The issue to carry the recurring parts over from (`--from`, or the latest).
    from: Option<IssueId>,
}

impl NewIssue {
    fn from_args(global: &GlobalArgs, args: &NewArgs) -> Result<Self, Failure> {
        let root = target::root(global)?;
        let id = parse_issue_id(&args.issue).map_err(Failure::usage)?;
        let dir = root.join(ISSUES_DIR).join(id.to_string());
        if dir.exists() {
            return Err(Failure::usage(
                Diagnostic::error(format!("号 {id} はもうあります（{}）", shown(&dir)))
                    .hint("今ある号はそのまま残しました。別の年-月を指定するか、その号を書きかえてください"),
            ));
        }
        let from = match &args.from {
            Some(name) => Some(target::existing_issue(&root, name)?),
            None => issue::list(&root).last().copied(),
        };
        Ok(Self { root, id, dir, from })
    }
}

pub fn run(global: &GlobalArgs, args: &NewArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let NewIssue { root, id, dir, from } = NewIssue::from_args(global, args)?;
    let previous = from.map(|previous| Previous { root: &root, dir: root.join(ISSUES_DIR).join(previous.to_string()) });
    let made = scaffold::new_issue(id, previous.as_ref())?;
    ui.diagnostics(&made.warnings);
    fs::create_folder(&dir, &made.files, &["images"])?;
    // issue.toml's #:schema line points here; kept in step with this tsushin.
    commands::schema::write(&root.join(SCHEMA_DIR))?;

    ui.info(format!("作成しました: {}/", shown(&dir)));
    match from {
        Some(previous) if !made.carried.is_empty() => {
            ui.info(format!("  {previous} 号から引き継ぎました: {}", made.carried.join("、")))
        }
        Some(previous) => ui.info(format!("  {previous} 号から引き継いだ記事はありません")),
        None => ui.info("  ひな形から作りました"),
    }
    ui.info(format!("次に: 「（ここに…）」と書かれたところを書きかえ、tsushin watch {id} で紙面を見ながら仕上げます"));
    Ok(())
}
