//! Imposition: where the laid-out pages go on the printed sheet (two steps
//! of the chain in [`crate::print::forms`]).
//!
//! Imposition works on Typst's frames rather than on the exported PDF: the
//! pages are placed as they are, so text stays text, lines stay vector, links
//! and fonts are untouched, and no second compilation is needed.
//!
//! - [`booklet`]: A4 pages two-up on A3 landscape in saddle-stitch order, so a
//!   copier's double-sided output folds into the newsletter.
//! - [`crop_marks`]: each page on a larger sheet with Japanese-style crop marks
//!   (トンボ) around its trim box, for print shops.

use typst::ecow::EcoVec;
use typst::foundations::{Content, Smart};
use typst::layout::{Abs, Frame, FrameItem, Point, Sides, Size};
use typst::model::Document as _;
use typst::visualize::{Color, FixedStroke, Geometry, Paint};
use typst_layout::{Page, PagedDocument};

/// A3 is exactly two A4 pages side by side.
fn a3_landscape() -> Size {
    Size::new(Abs::mm(420.0), Abs::mm(297.0))
}

/// The page order of a saddle-stitched booklet of `pages` pages (padded to a
/// multiple of four with blank pages), as (left, right) 0-based indices for
/// each printed side: sheet 1 front, sheet 1 back, sheet 2 front, …
/// `None` is a blank page.
pub fn saddle_stitch_order(pages: usize) -> Vec<(Option<usize>, Option<usize>)> {
    let total = pages.div_ceil(4).max(1) * 4;
    let page = |i: usize| (i < pages).then_some(i);
    let mut sides = Vec::with_capacity(total / 2);
    for sheet in 0..total / 4 {
        let (outer_low, outer_high) = (2 * sheet, total - 1 - 2 * sheet);
        // Front: the last page on the left, the first on the right (4|1).
        sides.push((page(outer_high), page(outer_low)));
        // Back: the next pages inwards (2|3).
        sides.push((page(outer_low + 1), page(outer_high - 1)));
    }
    sides
}

/// A blank, unnumbered page of the given size holding `frame`.
fn sheet(frame: Frame) -> Page {
    Page {
        frame,
        bleed: Sides::splat(Abs::zero()),
        fill: Smart::Auto,
        numbering: None,
        supplement: Content::empty(),
        number: 1,
    }
}

/// Places a page's frame at `pos`, painting the page's own background first
/// (an A4 page's fill would otherwise be lost on the larger sheet).
fn place_page(target: &mut Frame, pos: Point, page: &Page) {
    if let Some(fill) = page.fill_or_transparent() {
        target.push(
            pos,
            FrameItem::Shape(Geometry::Rect(page.frame.size()).filled(fill), typst::syntax::Span::detached()),
        );
    }
    target.push_frame(pos, page.frame.clone());
}

/// The document imposed as a booklet on A3 landscape sheets.
pub fn booklet(document: &PagedDocument) -> PagedDocument {
    let pages = document.pages();
    let size = a3_landscape();
    let sheets: EcoVec<Page> = saddle_stitch_order(pages.len())
        .into_iter()
        .map(|(left, right)| {
            let mut frame = Frame::hard(size);
            let half = size.x / 2.0;
            for (index, x) in [(left, Abs::zero()), (right, half)] {
                if let Some(page) = index.and_then(|i| pages.get(i)) {
                    // Centre a page that is not exactly half a sheet (e.g. B5).
                    let offset =
                        Point::new(x + (half - page.frame.width()) / 2.0, (size.y - page.frame.height()) / 2.0);
                    place_page(&mut frame, offset, page);
                }
            }
            sheet(frame)
        })
        .collect();
    PagedDocument::new(sheets, document.info().clone())
}

/// The standard bleed a Japanese print shop expects (塗り足し).
pub const BLEED_MM: f64 = 3.0;
/// Length of each crop mark line, outside the bleed.
const MARK_MM: f64 = 10.0;
/// Room around the trim box on the output sheet: bleed, marks and a margin.
pub const SLUG_MM: f64 = BLEED_MM + MARK_MM + 2.0;

/// Every page on a sheet larger than its trim box by [`SLUG_MM`] on each side,
/// with crop marks. The trim box stays the page (PDF `TrimBox`); what the
/// layout drew into the bleed stays visible around it.
pub fn crop_marks(document: &PagedDocument) -> PagedDocument {
    let pages: EcoVec<Page> = document
        .pages()
        .iter()
        .map(|page| {
            let mut page = page.clone();
            draw_marks(&mut page.frame);
            page.bleed = Sides::splat(Abs::mm(SLUG_MM));
            page
        })
        .collect();
    PagedDocument::new(pages, document.info().clone())
}

/// Japanese-style crop marks (トンボ) drawn outside a trim box of the frame's
/// size: at each corner a double mark — one line pair on the trim edge
/// (仕上がり線), one on the bleed edge (裁ち落とし線) — and a centre mark
/// (センタートンボ) in the middle of each side. Frames do not clip, so the marks
/// are drawn at negative coordinates and beyond the frame's size.
fn draw_marks(frame: &mut Frame) {
    let (w, h) = (frame.width(), frame.height());
    let b = Abs::mm(BLEED_MM);
    let len = Abs::mm(MARK_MM);
    // Hairline in registration black: printed on every plate.
    let stroke = FixedStroke::from_pair(Paint::Solid(Color::BLACK), Abs::mm(0.1));
    let mut line = |from: Point, to: Point| {
        let shape = Geometry::Line(to - from).stroked(stroke.clone());
        frame.push(from, FrameItem::Shape(shape, typst::syntax::Span::detached()));
    };
    // Corners: (x of the trim edge, outward x direction), same for y.
    for (x, dx) in [(Abs::zero(), -1.0), (w, 1.0)] {
        for (y, dy) in [(Abs::zero(), -1.0), (h, 1.0)] {
            let out = |edge: Abs, dir: f64, by: Abs| edge + by * dir;
            for edge_offset in [Abs::zero(), b] {
                // Horizontal lines at the trim and bleed edges, starting at the bleed.
                let yy = out(y, dy, edge_offset);
                line(Point::new(out(x, dx, b), yy), Point::new(out(x, dx, b + len), yy));
                // Vertical lines likewise.
                let xx = out(x, dx, edge_offset);
                line(Point::new(xx, out(y, dy, b)), Point::new(xx, out(y, dy, b + len)));
            }
        }
    }
    // Centre marks: a line on the centre axis and a short cross bar.
    let half = len / 2.0;
    for (y, dy) in [(Abs::zero(), -1.0), (h, 1.0)] {
        let cx = w / 2.0;
        line(Point::new(cx, y + b * dy), Point::new(cx, y + (b + len) * dy));
        let bar = y + (b + half) * dy;
        line(Point::new(cx - half, bar), Point::new(cx + half, bar));
    }
    for (x, dx) in [(Abs::zero(), -1.0), (w, 1.0)] {
        let cy = h / 2.0;
        line(Point::new(x + b * dx, cy), Point::new(x + (b + len) * dx, cy));
        let bar = x + (b + half) * dx;
        line(Point::new(bar, cy - half), Point::new(bar, cy + half));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_pages_fold_into_one_sheet() {
        assert_eq!(saddle_stitch_order(4), vec![(Some(3), Some(0)), (Some(1), Some(2))]);
    }

    #[test]
    fn eight_pages_nest_two_sheets() {
        let order = saddle_stitch_order(8);
        let one_based: Vec<_> = order.iter().map(|(l, r)| (l.unwrap() + 1, r.unwrap() + 1)).collect();
        assert_eq!(one_based, vec![(8, 1), (2, 7), (6, 3), (4, 5)]);
    }

    #[test]
    fn short_documents_are_padded_with_blank_pages() {
        assert_eq!(saddle_stitch_order(2), vec![(None, Some(0)), (Some(1), None)]);
        assert_eq!(saddle_stitch_order(6).len(), 4);
    }
}
