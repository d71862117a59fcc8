//! `tsushin new <YYYY-MM>`: a new issue folder, based on the latest issue (or
//! `--from`), that builds as it is.

use std::path::PathBuf;

use crate::cli::args::{GlobalArgs, NewArgs};
use crate::cli::commands::{Target, parse_issue_id, shown};
use crate::cli::scaffold::{self, Previous};
use crate::cli::ui::Ui;
use crate::diag::{Diagnostic, Failure};
use crate::fs;
use crate::model::config::Newsletter;
use crate::model::issue::{self, ISSUES_DIR};

pub fn run(global: &GlobalArgs, args: &NewArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let root = Newsletter::find(global.root.as_deref(), &cwd).map_err(Failure::usage)?;
    let id = parse_issue_id(&args.issue).map_err(Failure::usage)?;
    let dir = root.join(ISSUES_DIR).join(id.to_string());
    if dir.exists() {
        return Err(Failure::usage(
            Diagnostic::error(format!("号 {id} はもうあります（{}）", shown(&dir)))
                .hint("今ある号はそのまま残しました。別の年-月を指定するか、その号を書きかえてください"),
        ));
    }
    let from = match &args.from {
        Some(name) => Some(Target::resolve(global, name)?.id),
        None => issue::list(&root).last().copied(),
    };
    let previous = from.map(|f| Previous { root: &root, dir: root.join(ISSUES_DIR).join(f.to_string()) });
    let made = scaffold::new_issue(id, previous.as_ref())?;
    ui.diagnostics(&made.warnings);
    fs::create_folder(&dir, &made.files, &["images"])?;

    ui.info(format!("作成しました: {}/", shown(&dir)));
    match from {
        Some(f) if !made.carried.is_empty() => {
            ui.info(format!("  {f} 号から引き継ぎました: {}", made.carried.join("、")))
        }
        Some(f) => ui.info(format!("  {f} 号から引き継いだ記事はありません")),
        None => ui.info("  ひな形から作りました"),
    }
    ui.info(format!("次に: 「（ここに…）」と書かれたところを書きかえ、tsushin watch {id} で紙面を見ながら仕上げます"));
    Ok(())
}
