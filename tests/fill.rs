//! Every page of every sample issue filled like a designer's layout: the
//! tallest horizontal band of the page body with no text and no photo in it is
//! at most 15 % of the body height, the issue takes exactly the pages it
//! planned, and the layout reports the body size it set (12 pt for the
//! reference). Boxes, rules and the townscape drawing do not count as
//! filling: a hole with a drawing in it is still a hole.
//!
//! The samples are the repository's reference newsletter and each newsletter
//! in `examples/`, written as coordinators write. A newsletter listed in
//! `SHORT` (content known to be too little for its pages) is checked for
//! saying so in a warning instead.

use std::path::{Path, PathBuf};

use typst::layout::{FrameItem, Point};
use typst_layout::PagedDocument;

use tsushin::model::config::Newsletter;
use tsushin::model::id;
use tsushin::typeset::pages;
use tsushin::typeset::plan;
use tsushin::typeset::session::{Options, Session};

mod common;

const MM: f64 = 72.0 / 25.4;
/// The default layout's page body (layouts/default/theme.typ: page-margin).
const BODY_TOP: f64 = 15.0 * MM;
const BODY_BOTTOM: f64 = 16.0 * MM;
/// The largest empty share of a page body a designer would leave.
const MAX_EMPTY: f64 = 0.15;
/// Newsletters whose content is known to be too little for their pages
/// (none since the district example lists its events and collection points).
const SHORT: &[&str] = &[];

/// The vertical extents of the text and images on each page, in points.
fn filled_bands(document: &PagedDocument) -> Vec<Vec<(f64, f64)>> {
    let mut bands = vec![Vec::new(); document.pages().len()];
    pages::walk(document, |placed| {
        let at = placed.at();
        let band = match placed.item {
            FrameItem::Text(text) => {
                let size = text.size.to_pt();
                Some((at.y.to_pt() - size * 0.8, at.y.to_pt() + size * 0.2))
            }
            FrameItem::Image(_, size, _) => {
                let (top, bottom) = placed.extent(Point::zero(), size.to_point());
                Some((top.y.to_pt(), bottom.y.to_pt()))
            }
            _ => None,
        };
        bands[placed.page].extend(band);
    });
    bands
}

/// The tallest band between `top` and `bottom` that no filled band touches,
/// and where it starts.
fn largest_gap(mut bands: Vec<(f64, f64)>, top: f64, bottom: f64) -> (f64, f64) {
    bands.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut reached, mut gap, mut at) = (top, 0.0f64, top);
    for (start, end) in bands {
        let (start, end) = (start.max(top), end.min(bottom));
        if end <= top || start >= bottom {
            continue;
        }
        if start - reached > gap {
            (gap, at) = (start - reached, reached);
        }
        reached = reached.max(end);
    }
    if bottom - reached > gap {
        (gap, at) = (bottom - reached, reached);
    }
    (gap, at)
}

/// Every newsletter folder among the samples, with its name.
fn samples() -> Vec<(String, PathBuf)> {
    let repo = common::repo();
    let mut out = vec![("reference".to_owned(), repo.clone())];
    let mut examples: Vec<PathBuf> = std::fs::read_dir(repo.join("examples"))
        .expect("examples/ is readable")
        .map(|e| e.expect("an entry of examples/").path())
        .filter(|p| p.join("tsushin.toml").is_file())
        .collect();
    examples.sort();
    for path in examples {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        out.push((name, path));
    }
    out
}

fn check_newsletter(name: &str, root: &Path, problems: &mut Vec<String>) {
    let newsletter = Newsletter::load(root.to_path_buf()).expect("the sample's tsushin.toml loads");
    let mut session = Session::new(root).expect("fonts load");
    for issue in id::list(root) {
        let built = match session.compile(&newsletter, issue, Options::default()) {
            Ok(built) => built,
            Err(failure) => {
                let messages: Vec<&str> = failure.diagnostics.iter().map(|d| d.message.as_str()).collect();
                problems.push(format!("{name} {issue}: does not build: {messages:?}"));
                continue;
            }
        };
        let document = &built.compiled.document;
        let planned = usize::try_from(built.issue.pages).expect("a page count");
        if document.pages().len() != planned {
            problems.push(format!("{name} {issue}: {} pages, {planned} planned", document.pages().len()));
        }
        match plan::read(document) {
            Some(p) if p.body_pt >= 11.0 => {
                if name == "reference" && p.body_pt < plan::BODY_PT {
                    problems.push(format!("{name} {issue}: body set at {} pt, not 12", p.body_pt));
                }
            }
            other => {
                problems.push(format!("{name} {issue}: the layout reports no body size of 11 pt or more: {other:?}"))
            }
        }
        let short = SHORT.contains(&name);
        if short {
            let warned = built.warnings.iter().any(|w| w.message.contains("空いています"));
            assert!(warned, "{name} {issue}: too little content must be said in a warning");
            continue;
        }
        for (page, bands) in filled_bands(document).into_iter().enumerate() {
            let height = document.pages()[page].frame.size().y.to_pt();
            let (top, bottom) = (BODY_TOP, height - BODY_BOTTOM);
            let (gap, at) = largest_gap(bands, top, bottom);
            let share = gap / (bottom - top);
            if share > MAX_EMPTY {
                problems.push(format!(
                    "{name} {issue} page {}: {:.0} % of the body empty from {:.0} mm",
                    page + 1,
                    share * 100.0,
                    (at - top) / MM
                ));
            }
        }
    }
}

#[test]
fn every_page_of_every_sample_is_filled_at_its_planned_count() {
    let mut problems = Vec::new();
    for (name, root) in samples() {
        check_newsletter(&name, &root, &mut problems);
    }
    assert!(problems.is_empty(), "pages not filled as planned:\n{}", problems.join("\n"));
}

#[test]
fn the_gap_measure_finds_holes_between_and_after_bands() {
    // (checks the measure itself, so that a passing fill test means something)
    assert_eq!(largest_gap(vec![(0.0, 10.0), (50.0, 55.0)], 0.0, 100.0), (45.0, 55.0));
    assert_eq!(largest_gap(vec![(0.0, 10.0), (20.0, 95.0)], 0.0, 100.0), (10.0, 10.0));
    assert_eq!(largest_gap(vec![], 0.0, 100.0), (100.0, 0.0));
}
