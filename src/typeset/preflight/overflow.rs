//! The page count: more pages than `issue.toml` promises (an error per
//! section file that spilled over, with roughly how many lines), fewer, or a
//! last page mostly left empty (warnings).

use super::trace::{Tracer, tally};
use super::{Band, EMPTY_SHARE, Page};
use crate::diag::{Diagnostic, Location};
use crate::model::issue::Issue;
use crate::typeset::plan;
use typst_layout::PagedDocument;

/// Points a page-count diagnostic at the value of `pages = …` in issue.toml
/// (or the file, when the line is not there and the default of 4 applies).
fn at_pages_line(diag: Diagnostic, issue: &Issue) -> Diagnostic {
    match &issue.pages_written {
        Location::Span(file, range) => diag.at(file, range.clone()),
        Location::Path(path) => diag.at_path(path.clone()),
    }
}

/// More pages than promised: which section files ended up on the extra pages,
/// and how many lines of each.
pub(super) fn overflow(pages: &[Page], expected: usize, issue: &Issue, tracer: &mut Tracer) -> Vec<Diagnostic> {
    let extra = pages.iter().enumerate().skip(expected).flat_map(|(i, p)| p.runs.iter().map(move |r| (i, r)));
    let files = tally(pages, extra, tracer);
    let total: usize = files.values().map(|(_, t)| t.lines.len()).sum();
    // (only the layout's own text, such as the footer, may have spilled over:
    // then there are no lines of the coordinator's to count)
    let spilled = if total > 0 { format!("（約{total}行あふれています）") } else { String::new() };
    let mut summary = at_pages_line(
        Diagnostic::error(format!("{expected} ページの予定ですが、{} ページになりました{spilled}", pages.len())),
        issue,
    )
    .hint("下のファイルの文章を短くするか、写真を減らしてください。ページを増やすなら issue.toml の pages を直してください");
    if files.is_empty() {
        summary = summary.hint(format!(
            "{} ページ目以降にあるのは発行元の欄など原稿の本文以外だけです。最後の記事を少し短くしてください",
            expected + 1
        ));
    }
    let mut diags = vec![summary];
    for (name, (file, t)) in files {
        let page = t.first_page().unwrap_or(expected) + 1;
        let diag = Diagnostic::error(format!(
            "{name} が約{}行あふれています（{page} ページ目にはみ出しています）",
            t.lines.len()
        ))
        .hint(format!(
            "{name} を約{}行短くしてください。ここに示した行から後ろが {expected} ページに入りませんでした",
            t.lines.len()
        ));
        diags.push(match &t.first {
            Some((_, origin)) => origin.locate(diag),
            None => diag.at_path(file.display.clone()),
        });
    }
    diags
}

/// Fewer pages than promised, or a last page mostly left empty.
pub(super) fn underflow(pages: &[Page], expected: usize, issue: &Issue) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if pages.len() < expected {
        diags.push(
            at_pages_line(
                Diagnostic::warning(format!("{expected} ページの予定ですが、{} ページになりました", pages.len())),
                issue,
            )
            .hint("記事を足すか、issue.toml の pages を直してください"),
        );
    }
    let Some(last) = pages.last() else { return diags };
    let height = last.size.y.to_pt();
    let gap = largest_gap(&last.bands, height);
    if height > 0.0 && gap / height > EMPTY_SHARE {
        diags.push(
            at_pages_line(
                Diagnostic::warning(format!(
                    "最後のページ（{} ページ目）の約{}割が空いています",
                    pages.len(),
                    (gap / height * 10.0).round()
                )),
                issue,
            )
            .hint("記事や写真を足すか、issue.toml の pages を減らしてください"),
        );
    }
    diags
}

/// Body text below 12 pt: the layout shrank the text of the whole issue to
/// fit its pages (it says so in its plan, [`crate::typeset::plan`]).
pub(super) fn smaller_text(document: &PagedDocument, issue: &Issue) -> Option<Diagnostic> {
    let plan = plan::read(document)?;
    (plan.body_pt < plan::BODY_PT - 0.01 && !plan.overflow).then(|| {
        at_pages_line(
            Diagnostic::warning(format!(
                "{} ページに収めるため、本文の文字を {} ポイントに小さくしました（読みやすさの目安は {} ポイント）",
                plan.planned,
                plan.body_pt,
                plan::BODY_PT
            )),
            issue,
        )
        .hint("12 ポイントで組むには、記事を短くするか写真を減らすか、issue.toml の pages を増やしてください")
    })
}

/// The tallest vertical band of a page with nothing in it.
fn largest_gap(bands: &[Band], height: f64) -> f64 {
    let mut bands: Vec<Band> =
        bands.iter().map(|b| b.start.max(0.0)..b.end.min(height)).filter(|b| b.start < b.end).collect();
    bands.sort_by(|a, b| a.start.total_cmp(&b.start));
    let (mut reached, mut gap) = (0.0f64, 0.0f64);
    for band in bands {
        gap = gap.max(band.start - reached);
        reached = reached.max(band.end);
    }
    gap.max(height - reached)
}
