//! What loading learns about an image from its header: the format, the pixel
//! size and the EXIF orientation, and whether an SVG reaches outside itself.
//! HEIC/HEIF photos (the iPhone's format) are recognised by their content;
//! the typeset layer converts them to JPEG for the compiler
//! ([`crate::typeset::heic`]), so their header gives the format only.
//!
//! Loading never decodes a photo's pixels. `tsushin list` and every rebuild of
//! `tsushin watch` load the issue, and decoding a phone photo takes longer than
//! reading all the text; a photo whose header is fine but whose body
//! is damaged is found by the typeset layer, which decodes each image once per
//! build just before compiling (the compiler reuses that work).
//!
//! The raster headers are read by the same `image` decoders the compiler uses,
//! so a file this module accepts is one the compiler recognises.

use std::io::Cursor;

use crate::diag::Diagnostic;

/// Image formats the compiler reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
    /// HEIC/HEIF (iPhone photos): not read by the compiler itself, converted
    /// to JPEG (PNG when transparent) before it sees them.
    Heic,
}

/// More pixels than this is not a photo: the largest phone cameras take 200
/// megapixels. Such a file is a mistake or a crafted "decompression bomb",
/// and decoding it would take gigabytes of memory, so it is refused from its
/// header before anything is decoded.
pub const MAX_IMAGE_PIXELS: u64 = 300_000_000;

/// How many bytes may come before `<svg` for a file to count as an SVG (an XML
/// declaration, a doctype and comments).
const SVG_SNIFF_BYTES: usize = 4096;

impl Format {
    /// The format of some bytes, by their signature (the compiler, too,
    /// decides by content, never by the file name).
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Self::Gif)
        } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Some(Self::Webp)
        } else if is_heif(bytes) {
            Some(Self::Heic)
        } else if std::str::from_utf8(&bytes[..bytes.len().min(SVG_SNIFF_BYTES)]).is_ok_and(|t| t.contains("<svg")) {
            Some(Self::Svg)
        } else {
            None
        }
    }

    /// The `image` crate's name for a raster format; `None` for SVG.
    fn raster(self) -> Option<image::ImageFormat> {
        match self {
            Self::Png => Some(image::ImageFormat::Png),
            Self::Jpeg => Some(image::ImageFormat::Jpeg),
            Self::Gif => Some(image::ImageFormat::Gif),
            Self::Webp => Some(image::ImageFormat::WebP),
            Self::Svg | Self::Heic => None,
        }
    }
}

/// An image's header, as far as loading reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageHeader {
    pub format: Format,
    /// Width and height in pixels as stored; `None` for SVG, which has no pixels.
    pub pixels: Option<(u32, u32)>,
    /// The EXIF orientation, 1–8 (1: upright as stored; 5–8 turn the picture
    /// by a quarter, so it prints with width and height swapped).
    pub orientation: u8,
}

impl ImageHeader {
    /// Width and height in pixels as the picture prints, after the EXIF
    /// orientation is applied.
    pub fn upright_pixels(&self) -> Option<(u32, u32)> {
        let (width, height) = self.pixels?;
        Some(if (5..=8).contains(&self.orientation) { (height, width) } else { (width, height) })
    }
}

/// Whether `bytes` are a HEIF file (HEIC, or another codec in the same
/// container), by content and not by name: iPhone files are `.HEIC`, and a
/// renamed one must not reach the compiler as a broken JPEG. An ISO media file
/// that is a video (`ftyp` `isom`, `mp42`…) is not one.
pub fn is_heif(bytes: &[u8]) -> bool {
    use heifer::FileTypeResult::{MayBe, Supported};
    // HEIF brands heifer does not decode (sequences, AVIF): still photos in
    // the same container, refused with the way to get a JPEG.
    const OTHER_BRANDS: [&[u8]; 7] = [b"hevc", b"hevx", b"heim", b"heis", b"msf1", b"avif", b"avis"];
    bytes.get(4..8) == Some(&b"ftyp"[..])
        && (matches!(heifer::check_file_type(bytes), Supported | MayBe)
            || bytes.get(8..12).is_some_and(|brand| OTHER_BRANDS.contains(&brand)))
}

/// Why an image cannot be used, as far as its header tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No format the compiler reads.
    NotAnImage,
    /// The signature is right but the header cannot be read (the decoder's reason).
    Unreadable(String),
    /// More than [`MAX_IMAGE_PIXELS`].
    TooManyPixels { width: u32, height: u32 },
    /// An SVG that refers to something outside itself (what it refers to).
    ExternalReference(String),
}

/// Reads what the header of an image file says, without decoding its pixels.
pub fn probe(bytes: &[u8]) -> Result<ImageHeader, Problem> {
    let format = Format::detect(bytes).ok_or(Problem::NotAnImage)?;
    if format == Format::Heic {
        // Its pixels are known once it is converted (the typeset layer),
        // which also reports a file that does not decode.
        return Ok(ImageHeader { format, pixels: None, orientation: 1 });
    }
    let Some(raster) = format.raster() else {
        // An SVG is text: its "header" is the whole file, and what matters
        // before compiling is that it reads nothing else.
        return match svg_external_reference(bytes) {
            Some(reference) => Err(Problem::ExternalReference(reference)),
            None => Ok(ImageHeader { format, pixels: None, orientation: 1 }),
        };
    };
    use image::ImageDecoder as _;
    let mut decoder = image::ImageReader::with_format(Cursor::new(bytes), raster)
        .into_decoder()
        .map_err(|err| Problem::Unreadable(err.to_string()))?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return Err(Problem::TooManyPixels { width, height });
    }
    // Damaged EXIF data does not stop the compiler (it prints the picture as
    // stored), so it does not stop loading either.
    let orientation = decoder.orientation().map_or(1, image::metadata::Orientation::to_exif);
    Ok(ImageHeader { format, pixels: Some((width, height)), orientation })
}

/// An image whose signature is right but whose content does not read (shown
/// as `display`; `reason` is the decoder's). Loading reports it when the header
/// is damaged, the typeset layer when the rest is: the coordinator sees one
/// message either way.
pub fn unreadable(display: &str, reason: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "{display} は画像として読めません。壊れているか、途中までしか保存されていません（{reason}）"
    ))
    .hint("元の写真からもう一度コピーするか、画像ソフトで開いて保存し直してください")
}

/// The first reference of an SVG to anything outside itself: `href` and
/// `xlink:href` values, CSS `url(…)` and `@import`, external XML entities.
/// References inside the file (`#id`) and embedded `data:` URLs are fine.
pub fn svg_external_reference(bytes: &[u8]) -> Option<String> {
    if Format::detect(bytes) != Some(Format::Svg) {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let internal = |value: &str| {
        let value = value.trim();
        value.is_empty() || value.starts_with('#') || value.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
    };
    // Attribute values after `href`, with either quote.
    let mut rest = &text[..];
    while let Some(at) = rest.find("href") {
        rest = &rest[at + 4..];
        let Some(after) = rest.trim_start().strip_prefix('=') else { continue };
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        let value = after[1..].split(quote).next().unwrap_or("");
        if !internal(value) {
            return Some(value.to_owned());
        }
    }
    let mut rest = &text[..];
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let value = rest.split(')').next().unwrap_or("").trim().trim_matches(['"', '\'']);
        if !internal(value) {
            return Some(value.to_owned());
        }
    }
    if text.contains("@import") {
        return Some("@import".into());
    }
    let upper = text.to_ascii_uppercase();
    if upper.contains("<!ENTITY") && (upper.contains("SYSTEM") || upper.contains("PUBLIC")) {
        return Some("<!ENTITY … SYSTEM>".into());
    }
    None
}

/// Images made for tests.
#[cfg(test)]
pub(crate) mod samples {
    /// A black image of `width` × `height` pixels, encoded as `format`.
    pub(crate) fn encoded(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::DynamicImage::new_rgb8(width, height).write_to(&mut std::io::Cursor::new(&mut bytes), format).unwrap();
        bytes
    }

    /// A small JPEG whose frame header claims 65 535 × 65 535 pixels (4
    /// gigapixels): what a "decompression bomb" looks like from its header.
    pub(crate) fn jpeg_claiming_4_gigapixels() -> Vec<u8> {
        let mut jpeg = encoded(8, 8, image::ImageFormat::Jpeg);
        // SOF0: marker, length (2 bytes), precision (1), height (2), width (2).
        let frame = jpeg.windows(2).position(|marker| marker == [0xFF, 0xC0]).unwrap();
        jpeg[frame + 5..frame + 9].copy_from_slice(&[0xFF; 4]);
        jpeg
    }
}

#[cfg(test)]
mod tests {
    use super::samples::{encoded, jpeg_claiming_4_gigapixels};
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        encoded(width, height, image::ImageFormat::Png)
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        encoded(width, height, image::ImageFormat::Jpeg)
    }

    /// `jpeg` with an EXIF segment (APP1, right after SOI) giving `orientation`.
    fn with_exif_orientation(jpeg: &[u8], orientation: u8) -> Vec<u8> {
        // Little-endian TIFF header, one IFD with one SHORT entry: tag 0x0112.
        let mut tiff = b"II*\0\x08\0\0\0".to_vec();
        tiff.extend([1, 0]);
        tiff.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0]);
        tiff.extend([0, 0, 0, 0]);
        let mut segment = b"Exif\0\0".to_vec();
        segment.extend(tiff);
        let length = u16::try_from(segment.len() + 2).unwrap();
        let mut out = jpeg[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(length.to_be_bytes());
        out.extend(segment);
        out.extend(&jpeg[2..]);
        out
    }

    #[test]
    fn pixel_size_comes_from_the_header_alone() {
        let mut bytes = png(640, 480);
        // Signature and IHDR, then the start of the first IDAT chunk: the
        // pixels are gone, the header is all there.
        bytes.truncate(8 + 25 + 12);
        let header = probe(&bytes).unwrap();
        assert_eq!(header, ImageHeader { format: Format::Png, pixels: Some((640, 480)), orientation: 1 });
        // The full decode of the same bytes fails: this is what the typeset
        // layer's check is there for.
        assert!(image::load_from_memory(&bytes).is_err());
    }

    #[test]
    fn exif_orientation_swaps_the_printed_size() {
        let rotated = with_exif_orientation(&jpeg(64, 32), 6);
        let header = probe(&rotated).unwrap();
        assert_eq!((header.format, header.pixels, header.orientation), (Format::Jpeg, Some((64, 32)), 6));
        assert_eq!(header.upright_pixels(), Some((32, 64)));
        assert_eq!(probe(&jpeg(64, 32)).unwrap().upright_pixels(), Some((64, 32)));
    }

    #[test]
    fn what_the_header_refuses() {
        assert_eq!(probe(b"this is text"), Err(Problem::NotAnImage));
        // A PNG signature with nothing after it.
        assert!(matches!(probe(b"\x89PNG\r\n\x1a\n"), Err(Problem::Unreadable(_))));
        let bomb = jpeg_claiming_4_gigapixels();
        assert_eq!(probe(&bomb), Err(Problem::TooManyPixels { width: 65_535, height: 65_535 }));
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"/etc/passwd\"/></svg>";
        assert_eq!(probe(svg.as_bytes()), Err(Problem::ExternalReference("/etc/passwd".into())));
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>";
        assert_eq!(probe(svg.as_bytes()).unwrap().pixels, None);
    }

    #[test]
    fn svg_references_outside_the_file() {
        let svg = |body: &str| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">{body}</svg>"
            )
        };
        for (body, found) in [
            ("<image href=\"/etc/passwd\"/>", "/etc/passwd"),
            ("<image xlink:href='photo.png'/>", "photo.png"),
            ("<image href = \"https://example.com/a.png\"/>", "https://example.com/a.png"),
            ("<rect style=\"fill: url(http://x/y.svg#p)\"/>", "http://x/y.svg#p"),
            ("<style>@import 'a.css';</style>", "@import"),
        ] {
            assert_eq!(svg_external_reference(svg(body).as_bytes()).as_deref(), Some(found), "{body}");
        }
        let doctype = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg>&x;</svg>";
        assert!(svg_external_reference(doctype.as_bytes()).is_some());
        for body in [
            "<use href=\"#a\"/>",
            "<rect fill=\"url(#g)\"/>",
            "<image href=\"data:image/png;base64,AAAA\"/>",
            "<a href=\"\">x</a>",
        ] {
            assert_eq!(svg_external_reference(svg(body).as_bytes()), None, "{body}");
        }
    }
}
