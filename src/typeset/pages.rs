//! The one walk over laid-out pages, and which file each image on them came
//! from.
//!
//! Everything that reads or rewrites the finished pages goes through here:
//! preflight (text outside its box, empty space, missing glyphs, photo
//! resolution), photo shrinking (the size each photo is placed at) and the
//! print forms in `print/` (grayscale rewrites every item). [`walk`] visits
//! every item of every page with the transform from its own coordinates to the
//! page's and the boxes that enclose it; [`edit`] hands every item over for
//! changing in place.
//!
//! [`ImageFiles`] answers "which file of the virtual tree is this image?"
//! without comparing image bytes: see its documentation for why the answer is
//! sound.

use std::collections::HashMap;

use typst::World;
use typst::foundations::Bytes;
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::visualize::{Image, ImageKind};
use typst_layout::PagedDocument;

use crate::typeset::world::file_id;
use crate::vpath::VPath;

/// A box that encloses what is laid out inside it, as an upright rectangle in
/// page coordinates (points from the page's top left).
#[derive(Debug, Clone, Copy)]
pub struct Enclosing {
    pub min: Point,
    pub max: Point,
    /// Whether it cuts off what lies beyond it (a clipping box, or the page).
    pub clips: bool,
}

/// An item of a laid-out page and where it landed.
pub struct Placed<'a, 'b> {
    /// The page, counted from 0.
    pub page: usize,
    pub item: &'a FrameItem,
    /// From the item's own coordinates to the page's. For a group, its own
    /// coordinates are those of its frame (the group's transform included).
    pub transform: Transform,
    /// Whether every group on the way only moved its content (no rotation,
    /// scale or skew): then the item's extent on the page is its own extent
    /// moved, and comparing it with [`boxes`](Self::boxes) is meaningful.
    pub upright: bool,
    /// The boxes enclosing the item, outermost first: the page, then every
    /// group of non-zero size on an upright path to the item. Typst sizes
    /// ordinary frames to their content, so something outside one of them did
    /// not fit its box. Below a rotated or scaled group no boxes are added.
    pub boxes: &'b [Enclosing],
}

impl Placed<'_, '_> {
    /// Where the item's origin lies on the page.
    pub fn at(&self) -> Point {
        Point::new(self.transform.tx, self.transform.ty)
    }

    /// The upright rectangle on the page that covers the rectangle from `min`
    /// to `max` in the item's own coordinates.
    pub fn extent(&self, min: Point, max: Point) -> (Point, Point) {
        let at = self.at();
        if self.transform.is_only_translate() {
            return (at + min, at + max);
        }
        let corners =
            [min, Point::new(max.x, min.y), Point::new(min.x, max.y), max].map(|p| p.transform(self.transform));
        let lo = corners.iter().fold(corners[0], |a, p| a.min(*p));
        let hi = corners.iter().fold(corners[0], |a, p| a.max(*p));
        (lo, hi)
    }
}

/// Visits every item of every page in document order: a group first, then
/// the items inside it.
pub fn walk<'a>(document: &'a PagedDocument, mut visit: impl FnMut(&Placed<'a, '_>)) {
    for (index, page) in document.pages().iter().enumerate() {
        let size = page.frame.size();
        // The page itself cuts off whatever lies beyond its edges.
        let mut boxes = vec![Enclosing { min: Point::zero(), max: Point::new(size.x, size.y), clips: true }];
        walk_frame(index, &page.frame, Transform::identity(), true, &mut boxes, &mut visit);
    }
}

fn walk_frame<'a>(
    page: usize,
    frame: &'a Frame,
    ts: Transform,
    upright: bool,
    boxes: &mut Vec<Enclosing>,
    visit: &mut impl FnMut(&Placed<'a, '_>),
) {
    for (pos, item) in frame.items() {
        let placed = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => {
                let inner = placed.pre_concat(group.transform);
                let upright = upright && (group.transform.is_identity() || group.transform.is_only_translate());
                visit(&Placed { page, item, transform: inner, upright, boxes });
                let size = group.frame.size();
                let pushed = upright && size.x > Abs::zero() && size.y > Abs::zero();
                if pushed {
                    let min = Point::new(inner.tx, inner.ty);
                    boxes.push(Enclosing { min, max: min + Point::new(size.x, size.y), clips: group.clip.is_some() });
                }
                walk_frame(page, &group.frame, inner, upright, boxes, visit);
                if pushed {
                    boxes.pop();
                }
            }
            _ => visit(&Placed { page, item, transform: placed, upright, boxes }),
        }
    }
}

/// Hands every item of `frame`, and of the frames inside it, to `change` to
/// be changed in place: a group first, then the items inside it. Frames are
/// shared between documents; the ones changed are copied first.
pub fn edit(frame: &mut Frame, change: &mut impl FnMut(&mut FrameItem)) {
    frame.retain(|item| {
        change(item);
        if let FrameItem::Group(group) = item {
            edit(&mut group.frame, change);
        }
        true
    });
}

/// Which files of the virtual tree the images on the pages were read from,
/// built once per compilation.
///
/// An image on a page keeps the bytes it was decoded from
/// ([`RasterImage::data`](typst::visualize::RasterImage::data),
/// [`SvgImage::data`](typst::visualize::SvgImage::data)). Typst's [`Bytes`]
/// compare and hash by a 128-bit hash of their content, computed once and
/// cached in the shared buffer, so looking that hash up in a map from the
/// hash of the bytes the world served for each file costs one hash-map probe,
/// not a comparison of megabytes.
///
/// Why the content hash and not the identity of the buffer: typst memoizes
/// image decoding (`RasterImage::new_impl` and `Image::new_impl` are
/// `#[comemo::memoize]`, keyed by that same hash) and whole layouts, so the
/// image on a page may have been decoded by an earlier call and hold the
/// buffer *that* call was given. In `watch` the world reads every file afresh
/// after a change, while the decode ([`crate::typeset::images`], then the
/// layout) comes back from the cache with the previous compilation's buffer;
/// two files with the same content share one decoded image too. (The test
/// `photo_files_are_recognised_again_when_a_session_recompiles` fails on the
/// second compilation when identity is checked by pointer.) The content hash
/// is the identity typst itself relies on for those caches: two different
/// images with the same hash would already be printed wrongly by typst, so
/// this answer is exactly as sound as the document.
#[derive(Default)]
pub struct ImageFiles(HashMap<u128, Vec<VPath>>);

impl ImageFiles {
    /// The files `vpaths` as the world serves them now. Files that cannot be
    /// read are left out: no image on the pages came from them.
    pub fn new<'v>(world: &dyn World, vpaths: impl IntoIterator<Item = &'v VPath>) -> Self {
        let mut map: HashMap<u128, Vec<VPath>> = HashMap::new();
        for vpath in vpaths {
            if let Ok(bytes) = world.file(file_id(vpath)) {
                let files = map.entry(content_hash(&bytes)).or_default();
                if !files.contains(vpath) {
                    files.push(vpath.clone());
                }
            }
        }
        Self(map)
    }

    /// The files `image` was decoded from, in the order they were given to
    /// [`new`](Self::new): usually one, several when files hold the same
    /// bytes, none for images drawn by the layout from elsewhere.
    pub fn of(&self, image: &Image) -> &[VPath] {
        let data = match image.kind() {
            ImageKind::Raster(raster) => raster.data(),
            ImageKind::Svg(svg) => svg.data(),
            ImageKind::Pdf(_) => return &[],
        };
        self.0.get(&content_hash(data)).map_or(&[], Vec::as_slice)
    }
}

/// Typst's hash of `bytes`: [`Bytes`] hash as the 128-bit hash of their
/// content cached inside them, so this reads no bytes once typst has hashed
/// them (it does when it decodes an image).
fn content_hash(bytes: &Bytes) -> u128 {
    typst::utils::hash128(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::layout::{GroupItem, Size};
    use typst::visualize::{Color, Geometry};

    fn shape() -> FrameItem {
        FrameItem::Shape(
            Geometry::Rect(Size::splat(Abs::pt(2.0))).filled(Color::BLACK),
            typst::syntax::Span::detached(),
        )
    }

    /// A page with a shape at (10, 20) inside a group at (100, 200), and a
    /// rotated group holding another shape.
    fn document() -> PagedDocument {
        let mut inner = Frame::hard(Size::new(Abs::pt(50.0), Abs::pt(30.0)));
        inner.push(Point::new(Abs::pt(10.0), Abs::pt(20.0)), shape());
        let mut rotated = GroupItem::new(inner.clone());
        rotated.transform = Transform::rotate(typst::layout::Angle::deg(90.0));
        let mut page = Frame::hard(Size::new(Abs::pt(595.0), Abs::pt(842.0)));
        page.push(Point::new(Abs::pt(100.0), Abs::pt(200.0)), FrameItem::Group(GroupItem::new(inner)));
        page.push(Point::new(Abs::pt(300.0), Abs::pt(300.0)), FrameItem::Group(rotated));
        let page = typst_layout::Page {
            frame: page,
            bleed: typst::layout::Sides::splat(Abs::zero()),
            fill: typst::foundations::Smart::Auto,
            numbering: None,
            supplement: typst::foundations::Content::empty(),
            number: 1,
        };
        PagedDocument::new([page].into_iter().collect(), Default::default())
    }

    #[test]
    fn positions_and_boxes_are_absolute() {
        let document = document();
        let mut seen = Vec::new();
        walk(&document, |p| {
            if matches!(p.item, FrameItem::Shape(..)) {
                let boxes: Vec<(f64, f64)> = p.boxes.iter().map(|b| (b.min.x.to_pt(), b.min.y.to_pt())).collect();
                seen.push((p.at().x.to_pt().round(), p.at().y.to_pt().round(), p.upright, boxes));
            }
        });
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0], (110.0, 220.0, true, vec![(0.0, 0.0), (100.0, 200.0)]));
        // Rotated by 90°: (10, 20) lands at (300 - 20, 300 + 10), with only the page as its box.
        assert_eq!(seen[1], (280.0, 310.0, false, vec![(0.0, 0.0)]));
    }

    #[test]
    fn extents_follow_rotation() {
        let document = document();
        let mut extents = Vec::new();
        walk(&document, |p| {
            if matches!(p.item, FrameItem::Shape(..)) {
                let (lo, hi) = p.extent(Point::zero(), Point::splat(Abs::pt(2.0)));
                extents.push([lo.x, lo.y, hi.x, hi.y].map(|v| v.to_pt().round()));
            }
        });
        assert_eq!(extents, vec![[110.0, 220.0, 112.0, 222.0], [278.0, 310.0, 280.0, 312.0]]);
    }

    #[test]
    fn edit_reaches_nested_items() {
        let document = document();
        let mut frame = document.pages()[0].frame.clone();
        let mut shapes = 0;
        edit(&mut frame, &mut |item| {
            if let FrameItem::Shape(shape, _) = item {
                shapes += 1;
                shape.fill = Some(Color::WHITE.into());
            }
        });
        assert_eq!(shapes, 2);
        let mut white = 0;
        walk_frame(0, &frame, Transform::identity(), true, &mut vec![], &mut |p| {
            if let FrameItem::Shape(shape, _) = p.item {
                white += usize::from(shape.fill == Some(Color::WHITE.into()));
            }
        });
        assert_eq!(white, 2, "every shape changed");
        let mut black = 0;
        walk(&document, |p| {
            black += usize::from(matches!(p.item, FrameItem::Shape(s, _) if s.fill == Some(Color::BLACK.into())))
        });
        assert_eq!(black, 2, "the original document is untouched");
    }
}
