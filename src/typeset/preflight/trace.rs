//! From laid-out text back to the coordinator's files: spans into the
//! generated `issue.typ` lead through the [`SourceMap`] to a section file and
//! line; text from string values (no span) is found by its content. Preflight's
//! checks count the lines they find per file here.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use typst::WorldExt as _;
use typst::syntax::{FileId, Span};

use super::Run;
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

/// The text of each line of a page made of runs without spans (string
/// values), left to right, keyed by baseline.
fn detached_lines(runs: &[&Run]) -> HashMap<i64, String> {
    let mut lines: HashMap<i64, Vec<&Run>> = HashMap::new();
    for run in runs {
        if run.item.glyphs.iter().all(|g| g.span.0.is_detached()) {
            lines.entry(line_key(run)).or_default().push(run);
        }
    }
    lines
        .into_iter()
        .map(|(key, mut runs)| {
            runs.sort_by(|a, b| a.at.x.to_pt().total_cmp(&b.at.x.to_pt()));
            (key, runs.iter().map(|r| r.item.text.as_str()).collect())
        })
        .collect()
}

/// Lines per section file: how many distinct baselines, and where the first
/// one was written.
#[derive(Default)]
pub(super) struct Tally {
    /// (page, line key) of every line seen.
    pub(super) lines: BTreeSet<(usize, i64)>,
    pub(super) first: Option<(usize, i64, Origin)>,
}

/// Groups runs by the file they came from. Runs from the layout itself
/// (labels, page numbers, running heads) belong to no file and are left out.
pub(super) fn tally<'a>(
    runs: impl Iterator<Item = (usize, &'a Run<'a>)>,
    tracer: &mut Tracer,
) -> BTreeMap<String, (Arc<SourceFile>, Tally)> {
    let runs: Vec<(usize, &Run)> = runs.collect();
    let mut by_page: BTreeMap<usize, Vec<&Run>> = BTreeMap::new();
    for (page, run) in &runs {
        by_page.entry(*page).or_default().push(run);
    }
    let lines: HashMap<usize, HashMap<i64, String>> = by_page.iter().map(|(p, r)| (*p, detached_lines(r))).collect();
    let mut files: BTreeMap<String, (Arc<SourceFile>, Tally)> = BTreeMap::new();
    for (page, run) in runs {
        let key = line_key(run);
        let text = lines.get(&page).and_then(|l| l.get(&key)).map_or("", String::as_str);
        let Some(origin) = tracer.run(run, text) else { continue };
        let (_, t) =
            files.entry(origin.file.display.clone()).or_insert_with(|| (origin.file.clone(), Tally::default()));
        t.lines.insert((page, key));
        // The first line with a known place in the file is the one to show.
        let better = match &t.first {
            None => true,
            Some((p, k, o)) => origin.range.is_some() && (o.range.is_none() || (page, key) < (*p, *k)),
        };
        if better {
            t.first = Some((page, key, origin));
        }
    }
    files
}
