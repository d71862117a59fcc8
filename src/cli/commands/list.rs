//! `tsushin list`: the newsletter's issues, newest first, and whether each PDF
//! is up to date with what it was made from.
//!
//! Each issue is only loaded (the model layer), never compiled, so the list
//! is quick and shows issues that do not build; what a PDF is made from is
//! [`crate::typeset::inputs`]'s answer, shared with `watch` and `archive`.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::cli::args::GlobalArgs;
use crate::cli::target::{self, pdf_path};
use crate::cli::ui::Ui;
use crate::diag::display_width;
use crate::diag::{Diagnostic, Failure, display_path};
use crate::fs;
use crate::model::config::Newsletter;
use crate::model::issue::{self, IssueId};
use crate::typeset::inputs::InputFiles;

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
    let newsletter = target::newsletter(global)?;
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
    let loaded = issue::load(newsletter, id);
    let inputs = InputFiles::of(newsletter, id, Some(&loaded))?;
    let (date, number, spotlights) = match &loaded {
        Ok((issue, _)) => (
            issue.date.era_label(),
            issue.number.map_or_else(|| "-".to_owned(), |n| format!("第{n}号")),
            issue.spotlights.iter().map(|s| s.title.as_str()).collect::<Vec<_>>().join("、"),
        ),
        Err(failure) => {
            let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            (
                "（読めません）".to_owned(),
                "-".to_owned(),
                format!("エラー {errors} 件: tsushin check {id} で確かめてください"),
            )
        }
    };
    let pdf = match freshness(&pdf_path(root, id), &inputs)? {
        Freshness::UpToDate => "最新".to_owned(),
        Freshness::Stale(newer) => format!("古い（{} が新しい）", display_path(&newer, root)),
        Freshness::Missing => "なし".to_owned(),
    };
    Ok([id.to_string(), date, number, pdf, spotlights])
}

/// Compares a PDF with every file it is made from (see [`InputFiles`]).
pub fn freshness(pdf: &Path, inputs: &InputFiles) -> Result<Freshness, Diagnostic> {
    let Some(made) = fs::modified(pdf)? else { return Ok(Freshness::Missing) };
    let mut newest: Option<(SystemTime, PathBuf)> = None;
    for path in inputs.files()? {
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
