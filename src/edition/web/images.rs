//! The web edition's images: every image of the issue as a file beside
//! `index.html`, at a size a phone downloads quickly.
//!
//! They come from the build's own tree, so a photo the build already scaled
//! to print resolution (300 dpi at the size printed, some 1000 pixels for a
//! column-wide photo) is taken as scaled and costs nothing more. Only an
//! image still larger than [`MAX_SIDE_PX`] is decoded and scaled down here
//! (upright: its EXIF orientation applied, since the copy has no EXIF). The
//! bytes depend on the input alone, so a rebuild writes the same files.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageReader};

use crate::diag::Diagnostic;
use crate::fs;
use crate::model::images::{self, Format};
use crate::model::issue::Issue;
use crate::typeset::world::{Entry, Tree};
use crate::vpath::VPath;

/// The longest side of a photo on the web page: sharp across a desktop
/// column (44 rem) on a high-density screen.
pub const MAX_SIDE_PX: u32 = 1600;
/// JPEG quality of photos scaled here: no visible loss on a screen.
const JPEG_QUALITY: u8 = 82;
/// The folder of the page's images.
const DIR: &str = "images";

/// One image of the page.
#[derive(Debug, Clone)]
pub struct WebImage {
    /// Its path relative to `index.html` (`images/spring-festival.png`).
    pub name: String,
    /// Pixel size as shown (upright), when the image has pixels.
    pub size: Option<(u32, u32)>,
    pub bytes: Vec<u8>,
}

/// The images of `issue`, by virtual path, from the build's `tree`.
pub fn collect(issue: &Issue, tree: &Tree) -> Result<BTreeMap<VPath, WebImage>, Diagnostic> {
    let mut out = BTreeMap::new();
    let mut taken = BTreeSet::new();
    let mut vpaths: Vec<&VPath> = issue.images.iter().map(|(v, _)| v).collect();
    vpaths.sort();
    vpaths.dedup();
    let mut read = Vec::new();
    for vpath in vpaths {
        match tree.entries.get(vpath) {
            Some(Entry::Memory(bytes)) => read.push((vpath, bytes.to_vec())),
            Some(Entry::Disk(path)) => read.push((vpath, fs::read(path)?)),
            None => {}
        }
    }
    // Scaling is the slow part: one thread per image (a handful per issue).
    let sized: Vec<(&VPath, Served)> = std::thread::scope(|scope| {
        let handles: Vec<_> =
            read.into_iter().map(|(vpath, bytes)| (vpath, scope.spawn(move || web_size(bytes)))).collect();
        // A panic while scaling is raised again here, not turned into a missing image.
        handles
            .into_iter()
            .map(|(vpath, handle)| (vpath, handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))))
            .collect()
    });
    for (vpath, (bytes, size)) in sized {
        let name = unique_name(vpath, Format::detect(&bytes), &mut taken);
        out.insert(vpath.clone(), WebImage { name, size, bytes });
    }
    Ok(out)
}

/// An image's bytes as served, and its upright pixel size if it has pixels.
type Served = (Vec<u8>, Option<(u32, u32)>);

/// The bytes to serve and the upright pixel size: as they are, unless the
/// image is larger than [`MAX_SIDE_PX`] (then a scaled JPEG, or PNG for an
/// image with transparency). An image that cannot be scaled is served as it
/// is (the build has decoded it, so browsers can too).
fn web_size(bytes: Vec<u8>) -> Served {
    let Ok(header) = images::probe(&bytes) else { return (bytes, None) };
    let Some((w, h)) = header.upright_pixels() else { return (bytes, None) };
    if w.max(h) <= MAX_SIDE_PX || header.format == Format::Gif {
        return (bytes, Some((w, h)));
    }
    match scaled(&bytes) {
        Some((scaled, size)) => (scaled, Some(size)),
        None => (bytes, Some((w, h))),
    }
}

fn scaled(bytes: &[u8]) -> Option<(Vec<u8>, (u32, u32))> {
    let mut decoder = ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?.into_decoder().ok()?;
    let orientation = decoder.orientation().ok()?;
    let mut decoded = DynamicImage::from_decoder(decoder).ok()?;
    decoded.apply_orientation(orientation);
    // Area averaging: a photo shrinks by a factor of two or more here, where
    // it is as sharp as Lanczos and some twenty times faster (a 12-megapixel
    // photo in about 50 ms instead of over a second).
    let resized = decoded.thumbnail(MAX_SIDE_PX, MAX_SIDE_PX);
    let size = (resized.width(), resized.height());
    let mut out = Vec::new();
    if decoded.color().has_alpha() {
        DynamicImage::ImageRgba8(resized.to_rgba8())
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .ok()?;
    } else {
        JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).encode_image(&resized.to_rgb8()).ok()?;
    }
    Some((out, size))
}

/// `images/<name>` for the file of `vpath`: its own name, with the
/// extension of what it now is (a PNG photo the build scaled is a JPEG), and
/// a number added should two files end up with one name.
fn unique_name(vpath: &VPath, format: Option<Format>, taken: &mut BTreeSet<String>) -> String {
    let file = vpath.as_str().rsplit('/').next().unwrap_or("image");
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    let ext = match format {
        Some(Format::Jpeg) if !matches!(ext.to_ascii_lowercase().as_str(), "jpg" | "jpeg") => "jpg",
        Some(Format::Png) => "png",
        Some(Format::Gif) => "gif",
        Some(Format::Webp) => "webp",
        Some(Format::Svg) => "svg",
        _ => ext,
    };
    let mut n = 1;
    loop {
        let numbered = if n == 1 { stem.to_owned() } else { format!("{stem}-{n}") };
        let name = if ext.is_empty() { format!("{DIR}/{numbered}") } else { format!("{DIR}/{numbered}.{ext}") };
        if taken.insert(name.clone()) {
            return name;
        }
        n += 1;
    }
}

/// A relative path as a URL path: each byte outside the unreserved ASCII
/// set percent-encoded (a space or `#` in a file name stays part of it).
pub fn url_path(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_format_and_never_collide() {
        let mut taken = BTreeSet::new();
        let v = |p: &str| VPath::issue_file(p).unwrap();
        assert_eq!(unique_name(&v("images/a.png"), Some(Format::Jpeg), &mut taken), "images/a.jpg");
        assert_eq!(unique_name(&v("images/a.jpg"), Some(Format::Jpeg), &mut taken), "images/a-2.jpg");
        assert_eq!(unique_name(&v("images/b.JPG"), Some(Format::Jpeg), &mut taken), "images/b.JPG");
        assert_eq!(url_path("images/写真 1#.jpg"), "images/%E5%86%99%E7%9C%9F%201%23.jpg");
    }

    #[test]
    fn large_photos_are_scaled_upright_and_small_ones_kept() {
        let photo = image::RgbImage::from_fn(2000, 1000, |x, _| image::Rgb([(x % 256) as u8, 40, 90]));
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(photo).write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Jpeg).unwrap();
        let (scaled, size) = web_size(bytes.clone());
        assert_eq!(size, Some((1600, 800)));
        assert_eq!(image::load_from_memory(&scaled).unwrap().width(), 1600);
        assert_eq!(web_size(scaled.clone()).0, scaled, "kept as it is");
        assert_eq!(web_size(bytes.clone()).0, web_size(bytes).0, "the same bytes every time");
    }
}
