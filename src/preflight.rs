//! Preflight: checks of the laid-out pages, the way a print shop would look
//! at them, before anything is written.
//!
//! - more pages than `issue.toml` promises: an error naming each section file
//!   that spilled over and roughly how many lines;
//! - text outside the box it belongs to (cut off by a clipping box or the page
//!   edge: error; drawn over its neighbours: warning);
//! - a last page left mostly empty, fewer pages than promised: warnings;
//! - body text set smaller than 12 pt to fit the pages (the layout's plan,
//!   [`crate::plan`]): a warning;
//! - characters no font has (they would print as □): errors;
//! - photos with too few pixels for the size they print at: warnings.
//!
//! Every glyph Typst lays out carries a span. Spans into the generated
//! `issue.typ` lead, through the [`SourceMap`], to the section file and line the
//! text was written in; text laid out from string values has no span and is
//! found by its content instead.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use typst::World as _;
use typst::WorldExt as _;
use typst::layout::{Abs, Frame, FrameItem, Point, Size};
use typst::syntax::{FileId, Span};
use typst::text::TextItem;
use typst::visualize::{Image, ImageKind};
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, SourceFile};
use crate::issue::Issue;
use crate::typst_data::{Origin, SourceMap};
use crate::world::{TsushinWorld, file_id};

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
pub fn check(document: &PagedDocument, issue: &Issue, world: &TsushinWorld, map: &SourceMap) -> Findings {
    let pages = collect(document);
    let mut tracer = Tracer { world, map, issue_id: file_id("/issue.typ"), cache: HashMap::new() };
    let mut findings = Findings::default();
    let expected = usize::try_from(issue.pages).unwrap_or(usize::MAX);
    if pages.len() > expected {
        findings.errors.extend(overflow(&pages, expected, issue, &mut tracer));
    } else {
        findings.warnings.extend(underflow(&pages, expected, issue));
        findings.warnings.extend(smaller_text(document, issue));
    }
    let (cut, spilled) = out_of_bounds(&pages, &mut tracer);
    findings.errors.extend(cut);
    findings.warnings.extend(spilled);
    findings.errors.extend(missing_glyphs(&pages, issue, &mut tracer));
    findings.warnings.extend(low_resolution(&pages, issue, world));
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

/// A box that encloses what is laid out inside it, in absolute coordinates.
#[derive(Clone, Copy)]
struct Bounds {
    min: Point,
    max: Point,
    clips: bool,
}

fn collect(document: &PagedDocument) -> Vec<Page<'_>> {
    document
        .pages()
        .iter()
        .map(|page| {
            let size = page.frame.size();
            let mut out = Page { size, runs: vec![], images: vec![], bands: vec![] };
            // The page itself cuts off whatever lies beyond its edges.
            let mut bounds = vec![Bounds { min: Point::zero(), max: Point::new(size.x, size.y), clips: true }];
            walk(&page.frame, Point::zero(), true, &mut bounds, &mut out);
            out
        })
        .collect()
}

/// How far text may reach past its box before it counts as outside: CJK
/// punctuation may hang past the line end by half an em, and accents or
/// raised list markers may rise a little above.
fn tolerance(size: Abs) -> f64 {
    (size.to_pt() * 0.6).max(1.0)
}

fn walk<'a>(frame: &'a Frame, origin: Point, plain: bool, bounds: &mut Vec<Bounds>, page: &mut Page<'a>) {
    for (pos, item) in frame.items() {
        let at = origin + *pos;
        match item {
            FrameItem::Group(group) => {
                // Positions inside rotated or scaled groups are not worth the
                // trouble: they are drawings, not running text.
                let only_translate = group.transform.is_identity() || group.transform.is_only_translate();
                let inner = at + Point::new(group.transform.tx, group.transform.ty);
                let plain = plain && only_translate;
                let size = group.frame.size();
                // Typst sizes ordinary frames to their content, so text
                // outside a group's frame is text that did not fit its box.
                let pushed = plain && size.x > Abs::zero() && size.y > Abs::zero();
                if pushed {
                    bounds.push(Bounds {
                        min: inner,
                        max: inner + Point::new(size.x, size.y),
                        clips: group.clip.is_some(),
                    });
                }
                walk(&group.frame, inner, plain, bounds, page);
                if pushed {
                    bounds.pop();
                }
            }
            FrameItem::Text(text) => {
                let tol = tolerance(text.size);
                let (x, y) = (at.x.to_pt(), at.y.to_pt());
                let right = x + text.width().to_pt();
                let top = y - text.size.to_pt() * 0.8;
                let mut outside = None;
                if plain {
                    for b in bounds.iter() {
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
                }
                page.bands.push(top..y + text.size.to_pt() * 0.2);
                page.runs.push(Run { item: text, at, outside });
            }
            FrameItem::Image(image, size, _) => {
                page.images.push((image, *size));
                page.bands.push(at.y.to_pt()..(at.y + size.y).to_pt());
            }
            FrameItem::Shape(shape, _) => {
                let bbox = shape.geometry.bbox(shape.stroke.as_ref());
                page.bands.push((at.y + bbox.min.y).to_pt()..(at.y + bbox.max.y).to_pt());
            }
            FrameItem::Link(..) | FrameItem::Tag(_) => {}
        }
    }
}

// ---- from glyphs back to files ----------------------------------------------------

/// Follows spans back through `issue.typ` to the coordinator's files.
struct Tracer<'a> {
    world: &'a TsushinWorld,
    map: &'a SourceMap,
    issue_id: FileId,
    cache: HashMap<Span, Option<usize>>,
}

impl Tracer<'_> {
    /// Where a glyph's text was written, if it came from `issue.typ`.
    fn glyph(&mut self, span: (Span, u16)) -> Option<Origin> {
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
fn line_key(run: &Run) -> i64 {
    (run.at.y.to_pt() * 2.0).round() as i64
}

/// Runs on one baseline further apart than this are on different lines: the
/// columns of a two-column layout (a column gutter is 6 mm or more).
const LINE_GAP_PT: f64 = 12.0;

/// A line on the laid-out pages: (page, column, baseline). Sorting these
/// gives reading order: a page's left column (and full-width lines), then its
/// right column.
type LineAt = (usize, u8, i64);

/// The line of each run (same order as `runs`): runs on one baseline that
/// follow each other without a column gutter between them form a line; a
/// line that starts right of the middle of its page is in the right column.
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
struct Tally {
    lines: std::collections::BTreeSet<LineAt>,
    first: Option<(LineAt, Origin)>,
}

impl Tally {
    /// The page (counted from 0) of the first line.
    fn first_page(&self) -> Option<usize> {
        self.first.as_ref().map(|((page, _, _), _)| *page)
    }
}

/// Groups runs by the file they came from. Runs from the layout itself
/// (labels, page numbers, running heads) belong to no file and are left out.
fn tally<'a>(
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

// ---- page count ---------------------------------------------------------------------

/// Points a page-count diagnostic at the `pages = …` line of issue.toml (or
/// the file, when the line is not there and the default of 4 applies).
fn at_pages_line(diag: Diagnostic, issue: &Issue) -> Diagnostic {
    let path = format!("{}/{}/issue.toml", crate::issue::ISSUES_DIR, issue.id);
    let file = issue.sources.iter().find(|f| f.display == path);
    let line = file.and_then(|f| {
        let mut offset = 0;
        f.text.split_inclusive('\n').find_map(|line| {
            let start = offset;
            offset += line.len();
            let key = line.split('=').next()?.trim();
            let code = line.split('#').next().unwrap_or(line).trim_end();
            (key == "pages").then(|| start..start + code.len())
        })
    });
    match (file, line) {
        (Some(file), Some(range)) => diag.at(file, range),
        _ => diag.at_path(path),
    }
}

/// More pages than promised: which section files ended up on the extra pages,
/// and how many lines of each.
fn overflow(pages: &[Page], expected: usize, issue: &Issue, tracer: &mut Tracer) -> Vec<Diagnostic> {
    let extra = pages.iter().enumerate().skip(expected).flat_map(|(i, p)| p.runs.iter().map(move |r| (i, r)));
    let files = tally(pages, extra, tracer);
    let total: usize = files.values().map(|(_, t)| t.lines.len()).sum();
    let mut summary = at_pages_line(
        Diagnostic::error(format!(
            "{expected} ページの予定ですが、{} ページになりました（約{total}行あふれています）",
            pages.len()
        )),
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
fn underflow(pages: &[Page], expected: usize, issue: &Issue) -> Vec<Diagnostic> {
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
/// fit its pages (it says so in its plan).
fn smaller_text(document: &PagedDocument, issue: &Issue) -> Option<Diagnostic> {
    let plan = crate::plan::read(document)?;
    (plan.body_pt < crate::plan::BODY_PT - 0.01 && !plan.overflow).then(|| {
        at_pages_line(
            Diagnostic::warning(format!(
                "{} ページに収めるため、本文の文字を {} ポイントに小さくしました（読みやすさの目安は {} ポイント）",
                plan.planned,
                plan.body_pt,
                crate::plan::BODY_PT
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

// ---- text outside its box --------------------------------------------------------------

/// Text outside its box, per section file: cut off (error) or drawn outside
/// (warning). A file with cut lines gets one error; lines of it that merely
/// stick out are usually the same overflow seen from a smaller box.
fn out_of_bounds(pages: &[Page], tracer: &mut Tracer) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
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

// ---- characters without a glyph --------------------------------------------------------

/// Characters that came out as glyph 0 (the "tofu" box) because no font has
/// them, each traced to the file and line the coordinator wrote it in.
fn missing_glyphs(pages: &[Page], issue: &Issue, tracer: &mut Tracer) -> Vec<Diagnostic> {
    // Character → where it was first seen, and how many times.
    let mut found: Vec<(char, Option<Origin>, usize)> = Vec::new();
    for run in pages.iter().flat_map(|p| &p.runs) {
        for glyph in run.item.glyphs.iter().filter(|g| g.id == 0) {
            let Some(c) = run.item.text.get(glyph.range()).and_then(|t| t.chars().next()) else { continue };
            if c.is_whitespace() {
                continue;
            }
            if let Some(entry) = found.iter_mut().find(|(seen, _, _)| *seen == c) {
                entry.2 += 1;
                continue;
            }
            let origin = tracer.glyph(glyph.span).or_else(|| tracer.map.char_origin(c)).or_else(|| search(issue, c));
            found.push((c, origin, 1));
        }
    }
    found
        .into_iter()
        .map(|(c, origin, count)| {
            let mut message =
                format!("「{c}」（U+{:04X}）はどのフォントにもない文字のため、印刷すると□になります", c as u32);
            if count > 1 {
                message.push_str(&format!("（{count} か所）"));
            }
            let diag = Diagnostic::error(message)
                .hint("別の文字に置き換えてください（例: 絵文字→言葉、外字→ふつうの漢字やかな）");
            match origin {
                Some(origin) => origin.locate(diag),
                None => diag,
            }
        })
        .collect()
}

/// Last resort: the first file that contains the character at all.
fn search(issue: &Issue, c: char) -> Option<Origin> {
    issue.sources.iter().find_map(|file| {
        let at = file.text.find(c)?;
        Some(Origin { file: file.clone(), range: Some(at..at + c.len_utf8()) })
    })
}

// ---- image resolution --------------------------------------------------------------------

/// Raster images with fewer than [`MIN_DPI`] pixels per inch at the size they
/// print, with the pixel size they would need.
fn low_resolution(pages: &[Page], issue: &Issue, world: &TsushinWorld) -> Vec<Diagnostic> {
    let mut seen: Vec<String> = Vec::new();
    let mut diags = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        for (image, size) in &page.images {
            let ImageKind::Raster(raster) = image.kind() else { continue };
            let (w_in, h_in) = (size.x.to_inches(), size.y.to_inches());
            if w_in <= 0.0 || h_in <= 0.0 {
                continue;
            }
            // EXIF rotations by 90° swap width and height.
            let (px_w, px_h) = match raster.exif_rotation() {
                Some(5..=8) => (raster.height(), raster.width()),
                _ => (raster.width(), raster.height()),
            };
            let dpi = (f64::from(px_w) / w_in).min(f64::from(px_h) / h_in);
            if dpi >= MIN_DPI {
                continue;
            }
            let Some(vpath) = issue
                .images
                .iter()
                .map(|(v, _)| v)
                .find(|v| world.file(file_id(v)).is_ok_and(|bytes| bytes.as_slice() == raster.data().as_slice()))
            else {
                continue;
            };
            if seen.contains(vpath) {
                continue;
            }
            seen.push(vpath.clone());
            let shown = vpath.trim_start_matches(crate::markdown::ISSUE_VROOT).trim_start_matches('/');
            let need_w = (w_in * MIN_DPI).ceil();
            let need_h = (h_in * MIN_DPI).ceil();
            let diag = Diagnostic::warning(format!(
                "画像 {shown} は印刷される大きさ（約 {:.1} × {:.1} cm、{} ページ目）に対して画素が少なく、約 {dpi:.0} dpi でぼやけて印刷されます",
                size.x.to_cm(),
                size.y.to_cm(),
                index + 1
            ))
            .hint(format!(
                "{MIN_DPI:.0} dpi 以上にするには {need_w} × {need_h} ピクセル以上の画像が必要です（今は {px_w} × {px_h}）。縮小する前の元の写真を使ってください"
            ));
            let place = issue.image_uses.iter().find(|u| &u.vpath == vpath);
            diags.push(match place {
                Some(u) => diag.at(&u.file, u.range.clone()),
                None => diag,
            });
        }
    }
    diags
}
