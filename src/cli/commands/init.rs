//! `tsushin init <DIR>`: a new newsletter folder with its settings, its
//! wording dictionary (which the settings' `[proofreading]` names) and a first
//! issue. Only what is embedded in the binary is used, so it works anywhere.

use std::path::PathBuf;

use chrono::Datelike as _;

use crate::cli::args::{GlobalArgs, InitArgs};
use crate::cli::target::{parse_issue_id, shown};
use crate::cli::ui::Ui;
use crate::cli::{commands, scaffold};
use crate::diag::{Diagnostic, Failure};
use crate::fs;
use crate::model::config::CONFIG_FILE;
use crate::model::issue::{ISSUES_DIR, IssueId};
use crate::model::loader::schema::SCHEMA_DIR;
use crate::typeset::assets;
use crate::typeset::inputs::LAYOUTS_DIR;

/// `tsushin init`'s arguments, checked: nothing that is there gets replaced.
struct Init {
    dir: PathBuf,
    id: IssueId,
    issue_dir: PathBuf,
    /// Where the default layout is written, with `--layout`.
    layout_dir: Option<PathBuf>,
}

impl Init {
    fn from_args(args: &InitArgs) -> Result<Self, Failure> {
        let dir = &args.dir;
        if dir.join(CONFIG_FILE).exists() {
            return Err(Failure::usage(
                Diagnostic::error(format!("{} はもう通信のフォルダーです（{CONFIG_FILE} があります）", shown(dir)))
                    .hint("中身はそのまま残しました。新しい通信は別のフォルダーを指定してください")
                    .hint("この通信に号を足すときは tsushin new 年-月 を使います"),
            ));
        }
        let id = match &args.issue {
            Some(arg) => parse_issue_id(arg).map_err(Failure::usage)?,
            None => {
                let today = chrono::Local::now();
                IssueId { year: today.year(), month: today.month() }
            }
        };
        let issue_dir = dir.join(ISSUES_DIR).join(id.to_string());
        let layout_dir = args.layout.then(|| dir.join(LAYOUTS_DIR).join("default"));
        let wording = dir.join(scaffold::WORDING_FILE);
        let written = [Some(&issue_dir), layout_dir.as_ref(), Some(&wording)];
        if let Some(existing) = written.into_iter().flatten().find(|p| p.exists()) {
            return Err(Failure::usage(
                Diagnostic::error(format!("{} はもうあります", shown(existing)))
                    .hint("中身はそのまま残しました。空のフォルダーか、新しいフォルダーを指定してください"),
            ));
        }
        Ok(Self { dir: dir.clone(), id, issue_dir, layout_dir })
    }
}

pub fn run(global: &GlobalArgs, args: &InitArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let Init { dir, id, issue_dir, layout_dir } = Init::from_args(args)?;
    let issue = scaffold::new_issue(id, None)?;
    fs::create_folder(&issue_dir, &issue.files, &["images"])?;
    if let Some(layout_dir) = &layout_dir {
        let files: Vec<(String, Vec<u8>)> =
            assets::DEFAULT_LAYOUT.iter().map(|(rel, bytes)| ((*rel).to_owned(), bytes.to_vec())).collect();
        fs::create_folder(layout_dir, &files, &[])?;
    }
    fs::write_atomic(&dir.join(scaffold::WORDING_FILE), scaffold::WORDING_TOML.as_bytes())?;
    commands::schema::write(&dir.join(SCHEMA_DIR))?;
    // Written last: until it exists, the folder is not a newsletter.
    fs::write_atomic(&dir.join(CONFIG_FILE), scaffold::tsushin_toml().as_bytes())?;

    ui.info(format!("通信のフォルダーを作りました: {}", shown(&dir)));
    ui.info(format!("  {CONFIG_FILE}{}通信全体の設定です。題字と発行元を書きかえてください", pad(CONFIG_FILE)));
    let wording = scaffold::WORDING_FILE;
    ui.info(format!("  {wording}{}表記の辞書です。校正で知らせなくてよい言い回しを書きます", pad(wording)));
    let first = format!("{ISSUES_DIR}/{id}/");
    ui.info(format!("  {first}{}最初の号です", pad(&first)));
    let schemas = format!("{SCHEMA_DIR}/");
    ui.info(format!(
        "  {schemas}{}エディター（VS Code の Even Better TOML など）がキーを確かめるための説明です",
        pad(&schemas)
    ));
    if layout_dir.is_some() {
        ui.info(format!(
            "  layouts/default/{}紙面のデザイン（Typst）です。編集すると見た目を変えられます",
            pad("layouts/default/")
        ));
    }
    ui.info(format!("次に: cd {} して tsushin watch {id}", shown(&dir)));
    Ok(())
}

/// Spaces that line up the descriptions after the names above.
fn pad(name: &str) -> String {
    " ".repeat(20usize.saturating_sub(name.len()).max(2))
}
