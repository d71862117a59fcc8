//! Text outside the box it belongs to: cut off by a clipping box or the page
//! edge (an error), or drawn over its neighbours (a warning), per section file.

use super::trace::{Tracer, tally};
use super::{Outside, Page, Run};
use crate::diag::Diagnostic;

/// Text outside its box, per section file: cut off (error) or drawn outside
/// (warning). A file with cut lines gets one error; lines of it that merely
/// stick out are usually the same overflow seen from a smaller box.
pub(super) fn out_of_bounds(pages: &[Page], tracer: &mut Tracer) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut results = (Vec::new(), Vec::new());
    let mut cut_files: Vec<String> = Vec::new();
    for kind in [Outside::Cut, Outside::Spilled] {
        let runs = pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.runs.iter().filter(move |r| r.outside == Some(kind)).map(move |r| (i, r)));
        let runs: Vec<(usize, &Run)> = runs.collect();
        if runs.is_empty() {
            continue;
        }
        let mut files = tally(pages, runs.iter().copied(), tracer);
        let traced = !files.is_empty();
        if kind == Outside::Cut {
            cut_files = files.keys().cloned().collect();
        } else {
            files.retain(|name, _| !cut_files.contains(name));
        }
        let mut diags: Vec<Diagnostic> = files
            .into_iter()
            .map(|(name, (file, t))| {
                let page = t.first_page().unwrap_or(0) + 1;
                let n = t.lines.len();
                let diag = match kind {
                    Outside::Cut => Diagnostic::error(format!(
                        "{name} の文章が枠に入りきらず、約{n}行が切れて印刷されません（{page} ページ目）"
                    )),
                    Outside::Spilled => {
                        Diagnostic::warning(format!("{name} の文章が枠から約{n}行はみ出しています（{page} ページ目）"))
                    }
                }
                .hint("この囲みの文章を短くしてください");
                match &t.first {
                    Some((_, origin)) => origin.locate(diag),
                    None => diag.at_path(file.display.clone()),
                }
            })
            .collect();
        if !traced {
            // Only the layout's own text is outside its box: a layout matter.
            let page = runs[0].0 + 1;
            let text: String = runs.iter().take(3).map(|(_, r)| r.item.text.as_str()).collect();
            let message = format!("{page} ページ目でレイアウトの文字「{text}」が枠の外にあります");
            diags.push(
                match kind {
                    Outside::Cut => Diagnostic::error(message),
                    Outside::Spilled => Diagnostic::warning(message),
                }
                .hint("レイアウト（layouts/）を編集した場合はその箇所を確かめてください"),
            );
        }
        match kind {
            Outside::Cut => results.0.extend(diags),
            Outside::Spilled => results.1.extend(diags),
        }
    }
    results
}
