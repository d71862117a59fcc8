//! From laid-out text back to the coordinator's files: spans into the
//! generated `issue.typ` lead through the [`SourceMap`] to a section file and
//! line; text from string values (no span) is found by its content. Preflight's
//! checks count the lines they find per file here.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use typst::WorldExt as _;
use typst::syntax::{FileId, Span};

use super::{Page, Run};
use crate::diag::SourceFile;
use crate::typeset::data::{Origin, SourceMap};
use crate::typeset::world::TsushinWorld;

/// Follows spans back through `issue.typ` to the coordinator's files.
pub(super) struct Tracer<'a> {
    world: &'a TsushinWorld,
    pub(super) map: &'a SourceMap,
    issue_id: FileId,
    cache: HashMap<Span, Option<usize>>,
}

impl<'a> Tracer<'a> {
    /// `issue_id` is the generated `issue.typ`.
    pub(super) fn new(world: &'a TsushinWorld, map: &'a SourceMap, issue_id: FileId) -> Self {
        Self { world, map, issue_id, cache: HashMap::new() }
    }

    /// Where a glyph's text was written, if it came from `issue.typ`.
    pub(super) fn glyph(&mut self, span: (Span, u16)) -> Option<Origin> {
        if span.0.id() != Some(self.issue_id) {
            return None;
        }
        let world = self.world;
        let start = *self.cache.entry(span.0).or_insert_with(|| world.range(span.0).map(|r| r.start));
        self.map.locate(start? + usize::from(span.1))
    }

    /// Where a run of text was written: through its spans, or for text from a
    /// string value (no span), through the line's text.
    fn run(&mut self, run: &Run, line_text: &str) -> Option<Origin> {
        let spanned = run.item.glyphs.iter().find(|g| !g.span.0.is_detached());
        match spanned {
            Some(glyph) => self.glyph(glyph.span),
            None => self.map.string_origin(line_text),
        }
    }
}

/// Baseline positions rounded to half a point identify lines.
pub(super) fn line_key(run: &Run) -> i64 {
    (run.at.y.to_pt() * 2.0).round() as i64
}

/// Runs on one baseline further apart than this are on different lines: the
/// columns of a two-column layout (a column gutter is 6 mm or more).
const LINE_GAP_PT: f64 = 12.0;

/// A line on the laid-out pages: (page, column, baseline). Sorting these
/// gives reading order: a page's left column (and full-width lines), then its
/// right column.
pub(super) type LineAt = (usize, u8, i64);

/// The line of each run (same order as `runs`): runs on one baseline that
/// follow each other without a column gutter between them form a line; a
/// line that starts right of the middle of its page is in the right column.
/// (Counting baselines alone would count two columns' lines as one.)
fn lines_of(pages: &[Page], runs: &[(usize, &Run)]) -> Vec<LineAt> {
    let mut rows: BTreeMap<(usize, i64), Vec<usize>> = BTreeMap::new();
    for (i, (page, run)) in runs.iter().enumerate() {
        rows.entry((*page, line_key(run))).or_default().push(i);
    }
    let mut out = vec![(0, 0, 0); runs.len()];
    for ((page, key), mut members) in rows {
        members.sort_by(|a, b| runs[*a].1.at.x.to_pt().total_cmp(&runs[*b].1.at.x.to_pt()));
        let middle = pages.get(page).map_or(f64::MAX, |p| p.size.x.to_pt() / 2.0);
        let (mut column, mut reached) = (0u8, f64::MIN);
        for i in members {
            let run = runs[i].1;
            let x = run.at.x.to_pt();
            if x - reached > LINE_GAP_PT {
                column = u8::from(x > middle);
            }
            reached = reached.max(x + run.item.width().to_pt());
            out[i] = (page, column, key);
        }
    }
    out
}

/// The text of each line made of runs without spans (string values), left
/// to right.
fn detached_lines(runs: &[(usize, &Run)], lines: &[LineAt]) -> HashMap<LineAt, String> {
    let mut parts: HashMap<LineAt, Vec<&Run>> = HashMap::new();
    for ((_, run), line) in runs.iter().zip(lines) {
        if run.item.glyphs.iter().all(|g| g.span.0.is_detached()) {
            parts.entry(*line).or_default().push(run);
        }
    }
    parts
        .into_iter()
        .map(|(line, mut runs)| {
            runs.sort_by(|a, b| a.at.x.to_pt().total_cmp(&b.at.x.to_pt()));
            (line, runs.iter().map(|r| r.item.text.as_str()).collect())
        })
        .collect()
}

/// Lines per section file: how many distinct lines, and where the first one
/// (in reading order) was written.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) lines: BTreeSet<LineAt>,
    pub(super) first: Option<(LineAt, Origin)>,
}

impl Tally {
    /// The page (counted from 0) of the first line.
    pub(super) fn first_page(&self) -> Option<usize> {
        self.first.as_ref().map(|((page, _, _), _)| *page)
    }
}

/// Groups runs by the file they came from. Runs from the layout itself
/// (labels, page numbers, running heads) belong to no file and are left out.
pub(super) fn tally<'a>(
    pages: &[Page],
    runs: impl Iterator<Item = (usize, &'a Run<'a>)>,
    tracer: &mut Tracer,
) -> BTreeMap<String, (Arc<SourceFile>, Tally)> {
    let runs: Vec<(usize, &Run)> = runs.collect();
    let lines = lines_of(pages, &runs);
    let texts = detached_lines(&runs, &lines);
    let mut files: BTreeMap<String, (Arc<SourceFile>, Tally)> = BTreeMap::new();
    for ((_, run), line) in runs.into_iter().zip(lines) {
        let text = texts.get(&line).map_or("", String::as_str);
        let Some(origin) = tracer.run(run, text) else { continue };
        let (_, t) =
            files.entry(origin.file.display.clone()).or_insert_with(|| (origin.file.clone(), Tally::default()));
        t.lines.insert(line);
        // The first line with a known place in the file is the one to show.
        let better = match &t.first {
            None => true,
            Some((at, o)) => origin.range.is_some() && (o.range.is_none() || line < *at),
        };
        if better {
            t.first = Some((line, origin));
        }
    }
    files
}
