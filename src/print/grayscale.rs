//! A monochrome proof: the laid-out document as a black-and-white copier
//! prints it.
//!
//! The conversion is a post-process on Typst's frames, not a layout feature,
//! so it works for every layout and cannot be forgotten by one: every colour
//! (text, fills, strokes, page backgrounds, gradient stops) becomes the grey of
//! the same relative luminance, and raster photos become greyscale images.
//! An SVG image (a map or a chart a coordinator placed) is drawn at 300 dpi
//! of its placed size and printed as a greyscale image: the proof shows the
//! greys a copier makes of its colours (its vector drawing is kept in every
//! other PDF). Tilings keep their colours (the default layout uses none).

use std::collections::HashMap;

use typst::foundations::{Content, Smart};
use typst::layout::{Abs, Frame, FrameItem, Point, Sides, Size};
use typst::model::Document as _;
use typst::syntax::Span;
use typst::visualize::{Color, ExchangeFormat, FixedStroke, Image, ImageKind, Paint, RasterImage};
use typst_layout::{Page, PagedDocument};

use crate::print::png;
use crate::typeset::pages;

/// Resolution an SVG is drawn at for the monochrome proof.
const SVG_DPI: f64 = 300.0;

/// sRGB component (0–1) to linear light, as in WCAG 2.x.
fn linear(c: f64) -> f64 {
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

fn encode(l: f64) -> f64 {
    if l <= 0.0031308 { l * 12.92 } else { 1.055 * l.powf(1.0 / 2.4) - 0.055 }
}

/// WCAG relative luminance of a colour (0 black – 1 white).
pub fn relative_luminance(color: &Color) -> f64 {
    let rgb = color.to_rgb();
    let (r, g, b) = (f64::from(rgb.red), f64::from(rgb.green), f64::from(rgb.blue));
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG contrast ratio between two colours (1–21).
pub fn contrast(a: &Color, b: &Color) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The grey a monochrome copier prints for `color`: same luminance, so
/// contrasts between colours are kept exactly.
pub fn gray(color: &Color) -> Color {
    let v = encode(relative_luminance(color)).clamp(0.0, 1.0);
    let alpha = color.alpha().unwrap_or(1.0);
    let to_u8 = |x: f64| (x * 255.0).round() as u8;
    Color::from_u8(to_u8(v), to_u8(v), to_u8(v), to_u8(f64::from(alpha)))
}

fn gray_paint(paint: &Paint) -> Paint {
    match paint {
        Paint::Solid(c) => Paint::Solid(gray(c)),
        // A gradient is printed as the grey of its middle: the default layout
        // uses none, and rebuilding arbitrary gradients is not worth it here.
        Paint::Gradient(g) => Paint::Solid(gray(&g.sample_at((0.5, 0.5), (1.0, 1.0)))),
        Paint::Tiling(_) => paint.clone(),
    }
}

fn gray_stroke(stroke: &mut FixedStroke) {
    stroke.paint = gray_paint(&stroke.paint);
}

/// Converted raster images, so a photo used twice is converted once.
#[derive(Default)]
struct Images(HashMap<Image, Image>);

impl Images {
    fn gray(&mut self, image: &Image, size: Size) -> Image {
        if let Some(done) = self.0.get(image) {
            return done.clone();
        }
        let raster = match image.kind() {
            ImageKind::Raster(raster) => gray_raster(raster.dynamic()),
            ImageKind::Svg(_) => drawn(image, size).and_then(|pixels| gray_raster(&pixels)),
            _ => None,
        };
        // (an image that cannot be converted stays as it is: the proof is
        // still the document, one picture in colour)
        let converted = raster
            .map(|r| Image::new(r, image.alt().map(Into::into), image.scaling()))
            .unwrap_or_else(|| image.clone());
        self.0.insert(image.clone(), converted.clone());
        converted
    }
}

/// A greyscale PNG of decoded pixels (EXIF rotation already applied by Typst's
/// decoder is kept by re-encoding the decoded pixels).
fn gray_raster(decoded: &image::DynamicImage) -> Option<RasterImage> {
    let gray = image::DynamicImage::ImageLumaA8(decoded.to_luma_alpha8());
    let mut png = Vec::new();
    gray.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).ok()?;
    RasterImage::plain(typst::foundations::Bytes::new(png), ExchangeFormat::Png).ok()
}

/// An SVG image drawn by Typst's renderer at [`SVG_DPI`] of the size it is
/// placed at, on a transparent page of its own.
fn drawn(image: &Image, size: Size) -> Option<image::DynamicImage> {
    let mut frame = Frame::soft(size);
    frame.push(Point::zero(), FrameItem::Image(image.clone(), size, Span::detached()));
    let page = Page {
        frame,
        bleed: Sides::splat(Abs::zero()),
        fill: Smart::Custom(None),
        numbering: None,
        supplement: Content::empty(),
        number: 1,
    };
    let drawn = png::page(&page, SVG_DPI / png::POINTS_PER_INCH).ok()?;
    image::load_from_memory_with_format(&drawn.bytes, image::ImageFormat::Png).ok()
}

/// One item in greys (the items inside a group are handed over on their own).
fn gray_item(item: &mut FrameItem, images: &mut Images) {
    match item {
        FrameItem::Text(text) => {
            text.fill = gray_paint(&text.fill);
            if let Some(s) = &mut text.stroke {
                gray_stroke(s);
            }
        }
        FrameItem::Shape(shape, _) => {
            if let Some(fill) = &mut shape.fill {
                *fill = gray_paint(fill);
            }
            if let Some(s) = &mut shape.stroke {
                gray_stroke(s);
            }
        }
        FrameItem::Image(image, size, _) => *image = images.gray(image, *size),
        FrameItem::Group(_) | FrameItem::Link(..) | FrameItem::Tag(_) => {}
    }
}

/// The whole document in greys.
pub fn document(document: &PagedDocument) -> PagedDocument {
    let mut images = Images::default();
    let pages = document
        .pages()
        .iter()
        .map(|page| {
            let mut page: Page = page.clone();
            pages::edit(&mut page.frame, &mut |item| gray_item(item, &mut images));
            if let Smart::Custom(Some(fill)) = &page.fill {
                page.fill = Smart::Custom(Some(gray_paint(fill)));
            }
            page
        })
        .collect();
    PagedDocument::new(pages, document.info().clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `name` → colour for every `#let name = rgb("#rrggbb")` in a Typst file.
    fn palette(source: &str) -> HashMap<String, Color> {
        source
            .lines()
            .filter_map(|line| {
                let rest = line.trim().strip_prefix("#let ")?;
                let (name, value) = rest.split_once('=')?;
                let hex = value.trim().strip_prefix("rgb(\"#")?.get(..6)?;
                let n = u32::from_str_radix(hex, 16).ok()?;
                let [_, r, g, b] = n.to_be_bytes();
                Some((name.trim().to_owned(), Color::from_u8(r, g, b, 255)))
            })
            .collect()
    }

    #[test]
    fn gray_keeps_luminance_and_contrast() {
        let orange = Color::from_u8(0xa9, 0x48, 0x0f, 255);
        let white = Color::WHITE;
        let before = contrast(&orange, &white);
        let after = contrast(&gray(&orange), &gray(&white));
        assert!((before - after).abs() < 0.05, "{before} vs {after}");
        let [r, g, b, _] = gray(&orange).to_vec4_u8();
        assert!(r == g && g == b, "not grey: {r} {g} {b}");
    }

    /// The default layout's text colours stay readable in grey on every
    /// background they are printed on (WCAG AA for body text: 4.5:1).
    #[test]
    fn default_palette_is_readable_in_grayscale() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/layouts/default/theme.typ");
        let source = std::fs::read_to_string(path).expect("theme.typ");
        let colours = palette(&source);
        let get =
            |name: &str| colours.get(name).cloned().unwrap_or_else(|| panic!("theme.typ defines no colour {name}"));
        // Every colour text is set in, on every fill text sits on.
        let texts = ["ink", "ink-soft", "green-dark", "orange-dark", "brown-dark"];
        let backgrounds = ["green-light", "green-pale", "orange-light", "orange-pale", "soil-light", "cloud-fill"];
        let mut failures = Vec::new();
        for text in texts {
            for bg in backgrounds.iter().map(|b| (*b, get(b))).chain([("white", Color::WHITE)]) {
                let ratio = contrast(&gray(&get(text)), &gray(&bg.1));
                if ratio < 4.5 {
                    failures.push(format!("{text} on {} : {ratio:.2}", bg.0));
                }
            }
        }
        assert!(failures.is_empty(), "too little contrast in grayscale: {failures:?}");
    }
}
