//! `tsushin list`: the newsletter's issues, newest first, and whether each PDF
//! is up to date with what it was made from.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::cli::args::GlobalArgs;
use crate::cli::commands::pdf_path;
use crate::cli::ui::Ui;
use crate::diag::display_width;
use crate::diag::{Diagnostic, Failure, display_path};
use crate::fs;
use crate::model::config::{CONFIG_FILE, Newsletter};
use crate::model::issue::{self, ISSUES_DIR, IssueId};

/// The state of an issue's PDF.
#[derive(Debug, PartialEq, Eq)]
pub enum Freshness {
    /// Newer than every file it was made from.
    UpToDate,
    /// This input changed after the PDF was made.
    Stale(PathBuf),
    Missing,
}

pub fn run(global: &GlobalArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let root = Newsletter::find(global.root.as_deref(), &cwd).map_err(Failure::usage)?;
    let newsletter = Newsletter::load(root)?;
    let ids = issue::list(&newsletter.root);
    if ids.is_empty() {
        ui.info("まだ号がありません。tsushin new 年-月 で作ります");
        return Ok(());
    }
    let mut rows = vec![["号", "発行", "号数", "PDF", "活動紹介"].map(String::from)];
    for &id in ids.iter().rev() {
        rows.push(row(&newsletter, id)?);
    }
    print!("{}", table(&rows));
    Ok(())
}

fn row(newsletter: &Newsletter, id: IssueId) -> Result<[String; 5], Diagnostic> {
    let root = &newsletter.root;
    let (date, number, spotlights, layout) = match issue::load(newsletter, id) {
        Ok((issue, _)) => (
            issue.date.era_label(),
            issue.number.map_or_else(|| "-".to_owned(), |n| format!("第{n}号")),
            issue.spotlights.iter().map(|s| s.title.as_str()).collect::<Vec<_>>().join("、"),
            Some(issue.settings.layout),
        ),
        Err(failure) => {
            let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            (
                "（読めません）".to_owned(),
                "-".to_owned(),
                format!("エラー {errors} 件: tsushin check {id} で確かめてください"),
                None,
            )
        }
    };
    let pdf = match freshness(root, id, layout.as_deref())? {
        Freshness::UpToDate => "最新".to_owned(),
        Freshness::Stale(newer) => format!("古い（{} が新しい）", display_path(&newer, root)),
        Freshness::Missing => "なし".to_owned(),
    };
    Ok([id.to_string(), date, number, pdf, spotlights])
}

/// Compares the PDF with every file it is made from: the issue folder,
/// tsushin.toml, the layout (the newsletter's own, if any) and the fonts.
pub fn freshness(root: &Path, id: IssueId, layout: Option<&str>) -> Result<Freshness, Diagnostic> {
    let Some(made) = fs::modified(&pdf_path(root, id))? else { return Ok(Freshness::Missing) };
    let mut inputs = fs::walk_files(&root.join(ISSUES_DIR).join(id.to_string()))?;
    inputs.push(root.join(CONFIG_FILE));
    // When the layout is not known (the issue does not load), any layout counts.
    let layouts = root.join("layouts");
    let layouts = layout.map_or_else(|| layouts.clone(), |name| layouts.join(name));
    for dir in [layouts, root.join("fonts")] {
        if dir.is_dir() {
            inputs.extend(fs::walk_files(&dir)?);
        }
    }
    let mut newest: Option<(SystemTime, PathBuf)> = None;
    for path in inputs {
        if let Some(time) = fs::modified(&path)?
            && newest.as_ref().is_none_or(|(t, _)| time > *t)
        {
            newest = Some((time, path));
        }
    }
    Ok(match newest {
        Some((time, path)) if time > made => Freshness::Stale(path),
        _ => Freshness::UpToDate,
    })
}

/// Left-aligned columns, counting wide characters as two columns.
fn table(rows: &[[String; 5]]) -> String {
    let mut widths = [0; 5];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - display_width(cell) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
