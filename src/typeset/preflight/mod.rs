//! Preflight: checks of the laid-out pages, the way a print shop would look
//! at them, before anything is written.
//!
//! - more pages than `issue.toml` promises: an error naming each section file
//!   that spilled over and roughly how many lines;
//! - text outside the box it belongs to (cut off by a clipping box or the page
//!   edge: error; drawn over its neighbours: warning);
//! - a last page left mostly empty, fewer pages than promised: warnings;
//! - body text set smaller than 12 pt to fit the pages (the layout's plan,
//!   [`crate::typeset::plan`]): a warning;
//! - characters no font has (they would print as □): errors;
//! - photos with too few pixels for the size they print at: warnings;
//! - tables the layout found too wide for the page: errors at the table.
//!
//! The pages are read once, through the one walk over them
//! ([`crate::typeset::pages`]), into flat lists per page (runs of text with
//! their position and whether they lie outside their box, images with their
//! placed size, vertical bands of ink); each check reads those lists. Every
//! glyph Typst lays out carries a span. Spans into the generated `issue.typ`
//! lead, through the [`SourceMap`], to the section file and line the text was
//! written in (`trace.rs`); text laid out from string values has no span and is
//! found by its content instead.
//!
//! Runs inside [`compile`](crate::typeset::compile::compile), before the
//! pages are handed to anyone: errors fail the build.

mod bounds;
mod glyphs;
mod overflow;
mod photos;
mod tables;
mod trace;

use std::ops::Range;

use typst::introspection::{Location, Tag};
use typst::layout::{Abs, FrameItem, Point, Size};
use typst::pdf::ArtifactElem;
use typst::text::TextItem;
use typst::visualize::Image;
use typst_layout::PagedDocument;

use crate::diag::Diagnostic;
use crate::model::issue::Issue;
use crate::typeset::data::SourceMap;
use crate::typeset::pages::{self, ImageFiles};
use crate::typeset::world::{TsushinWorld, file_id};
use crate::vpath::VPath;

/// Photos should have at least this many pixels per inch as printed.
pub const MIN_DPI: f64 = 150.0;

/// A last page whose largest empty band is taller than this share of the
/// page counts as mostly empty.
const EMPTY_SHARE: f64 = 0.4;

/// What the checks found.
#[derive(Debug, Default)]
pub struct Findings {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Runs every check on a compiled document.
/// `images` tells which file each image on the pages came from. `flowing`:
/// pages that take as many as they need (large print) have no page count
/// to overflow or fall short of; every other check applies to them.
pub fn check(
    document: &PagedDocument,
    issue: &Issue,
    world: &TsushinWorld,
    map: &SourceMap,
    images: &ImageFiles,
    flowing: bool,
) -> Findings {
    let pages = collect(document);
    let mut tracer = trace::Tracer::new(world, map, file_id(&VPath::issue_data()));
    let mut findings = Findings::default();
    let expected = usize::try_from(issue.pages).unwrap_or(usize::MAX);
    if !flowing {
        if pages.len() > expected {
            findings.errors.extend(overflow::overflow(&pages, expected, issue, &mut tracer));
        } else {
            findings.warnings.extend(overflow::underflow(&pages, expected, issue));
            findings.warnings.extend(overflow::smaller_text(document, issue));
        }
    }
    let (cut, spilled) = bounds::out_of_bounds(&pages, &mut tracer);
    findings.errors.extend(cut);
    findings.warnings.extend(spilled);
    findings.errors.extend(glyphs::missing_glyphs(&pages, issue, &mut tracer));
    findings.warnings.extend(photos::low_resolution(&pages, issue, images));
    findings.errors.extend(tables::too_wide(document, &mut tracer));
    findings
}

// ---- the pages as flat lists ---------------------------------------------------

/// One run of text where it landed on the page.
struct Run<'a> {
    item: &'a TextItem,
    /// Absolute position of the baseline start, in points from the top left.
    at: Point,
    /// Whether it lies outside a box that encloses it, and whether that box
    /// clips (the text is cut off) or not (it is drawn over its neighbours).
    outside: Option<Outside>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Outside {
    Cut,
    Spilled,
}

/// Vertical extent of something visible, for finding empty space.
type Band = Range<f64>;

struct Page<'a> {
    size: Size,
    runs: Vec<Run<'a>>,
    images: Vec<(&'a Image, Size)>,
    bands: Vec<Band>,
}

/// The pages as flat lists, from the one walk over them.
fn collect(document: &PagedDocument) -> Vec<Page<'_>> {
    let mut pages: Vec<Page> = document
        .pages()
        .iter()
        .map(|page| Page { size: page.frame.size(), runs: vec![], images: vec![], bands: vec![] })
        .collect();
    // The artifacts open at the current item (the walk is in document
    // order, so their start and end tags bracket what they hold): text in
    // one is an ornament or a furigana reading, placed beside the box it
    // belongs to on purpose.
    let mut artifacts: Vec<Location> = Vec::new();
    pages::walk(document, |placed| {
        let page = &mut pages[placed.page];
        let at = placed.at();
        match placed.item {
            FrameItem::Tag(Tag::Start(elem, _)) if elem.is::<ArtifactElem>() => {
                artifacts.extend(elem.location());
            }
            FrameItem::Tag(Tag::End(location, ..)) if artifacts.last() == Some(location) => {
                artifacts.pop();
            }
            FrameItem::Text(text) => {
                let placed_beside = !artifacts.is_empty();
                let outside = if placed.upright && !placed_beside { outside(text, at, placed.boxes) } else { None };
                page.bands.push((at.y.to_pt() - text.size.to_pt() * 0.8)..at.y.to_pt() + text.size.to_pt() * 0.2);
                page.runs.push(Run { item: text, at, outside });
            }
            FrameItem::Image(image, size, _) => {
                page.images.push((image, *size));
                let (top, bottom) = placed.extent(Point::zero(), size.to_point());
                page.bands.push(top.y.to_pt()..bottom.y.to_pt());
            }
            FrameItem::Shape(shape, _) => {
                let bbox = shape.geometry.bbox(shape.stroke.as_ref());
                let (top, bottom) = placed.extent(bbox.min, bbox.max);
                page.bands.push(top.y.to_pt()..bottom.y.to_pt());
            }
            FrameItem::Group(_) | FrameItem::Link(..) | FrameItem::Tag(_) => {}
        }
    });
    pages
}

/// How far text may reach past its box before it counts as outside: CJK
/// punctuation may hang past the line end by half an em, and accents or
/// raised list markers may rise a little above.
fn tolerance(size: Abs) -> f64 {
    (size.to_pt() * 0.6).max(1.0)
}

/// Whether a run of text starting at `at` lies outside one of the boxes
/// enclosing it: cut off when one of them clips, otherwise drawn over its
/// neighbours.
fn outside(text: &TextItem, at: Point, boxes: &[pages::Enclosing]) -> Option<Outside> {
    let tol = tolerance(text.size);
    let (x, y) = (at.x.to_pt(), at.y.to_pt());
    let right = x + text.width().to_pt();
    let top = y - text.size.to_pt() * 0.8;
    let mut outside = None;
    for b in boxes {
        let out = y > b.max.y.to_pt() + tol
            || top < b.min.y.to_pt() - tol
            || right > b.max.x.to_pt() + tol
            || x < b.min.x.to_pt() - tol;
        if out {
            outside = Some(if b.clips { Outside::Cut } else { Outside::Spilled });
            if b.clips {
                break;
            }
        }
    }
    outside
}
