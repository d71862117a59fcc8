//! Photos far above print resolution are scaled down before export.
//!
//! A 12-megapixel phone photo placed 8 cm wide has some 1200 dpi; printers use
//! 300. The size a photo is placed at is only known after layout, so the
//! pipeline lays out once, asks [`shrink`] for smaller files, and lays out
//! again with them swapped into the virtual tree. The new files have the same
//! aspect ratio and carry a density that keeps their natural size, so the
//! second layout places them exactly where the first did (checked: if any
//! placement moved, the originals are kept).
//!
//! The placed sizes come from the walk over the pages ([`pages::walk`]) and the
//! file each photo was read from from [`ImageFiles`]; the session swaps the
//! result into the world and compiles again.

use std::collections::BTreeMap;

use image::codecs::jpeg::{JpegEncoder, PixelDensity, PixelDensityUnit};
use typst::foundations::Bytes;
use typst::layout::{FrameItem, Size};
use typst::visualize::{Image, ImageKind, RasterImage};
use typst_layout::PagedDocument;

use crate::typeset::pages::{self, ImageFiles};
use crate::typeset::world::Tree;
use crate::vpath::VPath;

/// Print resolution photos are scaled to.
pub const TARGET_DPI: f64 = 300.0;
/// Photos are left alone below this resolution (scaling a 400 dpi photo to 300
/// saves little and costs a generation of JPEG loss).
const SHRINK_ABOVE_DPI: f64 = 450.0;
/// JPEG quality of the scaled photos: no visible loss in print.
const JPEG_QUALITY: u8 = 88;
/// A file smaller than this many bytes per pixel of its scaled size is left
/// alone: a JPEG at print resolution takes about this much, so scaling would
/// save nothing (small PNG drawings and already compressed photos).
const MIN_BYTES_PER_TARGET_PIXEL: f64 = 0.5;

/// One scaled photo, for the build message and docs/performance.md.
#[derive(Debug, Clone)]
pub struct Shrunk {
    pub name: String,
    pub before_bytes: usize,
    pub after_bytes: usize,
    pub before_px: (u32, u32),
    pub after_px: (u32, u32),
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub photos: Vec<Shrunk>,
}

/// Every raster image on the pages and the size it is placed at, in
/// document order.
fn placements(document: &PagedDocument) -> Vec<(&Image, &RasterImage, Size)> {
    let mut out = Vec::new();
    pages::walk(document, |placed| {
        if let FrameItem::Image(image, size, _) = placed.item
            && let ImageKind::Raster(raster) = image.kind()
        {
            out.push((image, raster, *size));
        }
    });
    out
}

/// A smaller copy of `raster`, `width` pixels wide: JPEG with a density that
/// keeps the image's natural size (for layouts that place it without a
/// width), or PNG for images with transparency (a JPEG would turn it black).
fn scale(raster: &RasterImage, width: u32) -> Option<(Vec<u8>, (u32, u32))> {
    let decoded = raster.dynamic();
    let height = ((f64::from(width) * f64::from(decoded.height()) / f64::from(decoded.width())).round() as u32).max(1);
    // Lanczos is the sharpest standard filter: text on signs stays legible.
    let resized = decoded.resize_exact(width, height, image::imageops::FilterType::Lanczos3);
    let mut out = Vec::new();
    if decoded.color().has_alpha() {
        image::DynamicImage::ImageRgba8(resized.to_rgba8())
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .ok()?;
    } else {
        let natural_dpi = raster.dpi().unwrap_or(typst::visualize::Image::DEFAULT_DPI);
        let dpi = (natural_dpi * f64::from(width) / f64::from(decoded.width())).round().clamp(1.0, 65535.0) as u16;
        let mut encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
        encoder.set_pixel_density(PixelDensity { density: (dpi, dpi), unit: PixelDensityUnit::Inches });
        encoder.encode_image(&resized.to_rgb8()).ok()?;
    }
    Some((out, (width, height)))
}

/// A tree with the oversized photos of `document` replaced by scaled copies,
/// or `None` when every photo is already near print resolution. `files`
/// tells which file of `tree` each image came from.
pub fn shrink(document: &PagedDocument, tree: &Tree, files: &ImageFiles) -> Option<(Tree, Report)> {
    // Widest placement of each file, in inches; sorted, so the report lists
    // the files in path order.
    let mut widest: BTreeMap<&VPath, (&RasterImage, f64)> = BTreeMap::new();
    for (image, raster, size) in placements(document) {
        for vpath in files.of(image) {
            let w = widest.entry(vpath).or_insert((raster, 0.0));
            w.1 = w.1.max(size.x.to_inches());
        }
    }
    let mut new_tree = tree.clone();
    let mut report = Report::default();
    for (vpath, (raster, inches)) in widest {
        if inches <= 0.0 || f64::from(raster.width()) / inches <= SHRINK_ABOVE_DPI {
            continue;
        }
        let width = ((inches * TARGET_DPI).ceil() as u32).max(1);
        // The image keeps the bytes it was decoded from: the file's.
        let size = raster.data().len();
        let target_pixels =
            f64::from(width) * f64::from(width) * f64::from(raster.height()) / f64::from(raster.width());
        if (size as f64) < target_pixels * MIN_BYTES_PER_TARGET_PIXEL {
            continue;
        }
        let Some((jpeg, px)) = scale(raster, width) else { continue };
        if jpeg.len() >= size {
            continue;
        }
        let shown = tree.names.get(vpath).cloned().unwrap_or_else(|| vpath.to_string());
        report.photos.push(Shrunk {
            name: shown.clone(),
            before_bytes: size,
            after_bytes: jpeg.len(),
            before_px: (raster.width(), raster.height()),
            after_px: px,
        });
        new_tree.memory(vpath.clone(), Bytes::new(jpeg), shown);
    }
    (!report.photos.is_empty()).then_some((new_tree, report))
}

/// Whether two layouts placed their raster images at the same sizes (the
/// scaled photos must not move anything). Rounding the scaled height to whole
/// pixels changes the aspect ratio by a hair, hence the tolerance of a tenth
/// of a millimetre, far below what print can show.
pub fn same_placements(a: &PagedDocument, b: &PagedDocument) -> bool {
    let (a, b) = (placements(a), placements(b));
    let close = |x: typst::layout::Abs, y: typst::layout::Abs| (x - y).abs() < typst::layout::Abs::mm(0.1);
    a.len() == b.len() && a.iter().zip(&b).all(|((_, _, sa), (_, _, sb))| close(sa.x, sb.x) && close(sa.y, sb.y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::visualize::ExchangeFormat;

    fn encoded(img: image::DynamicImage, format: image::ImageFormat) -> RasterImage {
        let mut bytes = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut bytes), format).unwrap();
        let exchange = if format == image::ImageFormat::Png { ExchangeFormat::Png } else { ExchangeFormat::Jpg };
        RasterImage::plain(Bytes::new(bytes), exchange).unwrap()
    }

    #[test]
    fn transparent_images_stay_transparent() {
        let logo = image::RgbaImage::from_fn(400, 200, |x, _| image::Rgba([0, 0, 0, if x < 200 { 0 } else { 255 }]));
        let raster = encoded(image::DynamicImage::ImageRgba8(logo), image::ImageFormat::Png);
        let (bytes, px) = scale(&raster, 100).unwrap();
        assert_eq!(px, (100, 50));
        let back = image::load_from_memory(&bytes).unwrap();
        assert!(back.color().has_alpha(), "alpha kept");
        assert_eq!(back.to_rgba8().get_pixel(10, 25)[3], 0, "transparent part stays transparent");
    }

    #[test]
    fn photos_keep_their_natural_size() {
        let photo = image::RgbImage::from_fn(800, 600, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let raster = encoded(image::DynamicImage::ImageRgb8(photo), image::ImageFormat::Jpeg);
        let (bytes, px) = scale(&raster, 200).unwrap();
        assert_eq!(px, (200, 150));
        let scaled = RasterImage::plain(Bytes::new(bytes), ExchangeFormat::Jpg).unwrap();
        // 800 px at 72 dpi (no density written) = 200 px at 18 dpi.
        assert_eq!(scaled.dpi(), Some(18.0));
    }
}
