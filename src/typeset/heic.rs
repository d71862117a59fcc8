//! HEIC/HEIF photos (an iPhone's default format) turned into a JPEG, or a PNG
//! when transparent, that the compiler can place. Typst reads no HEIC, so the
//! issue's virtual tree ([`crate::typeset::tree`]) serves the converted bytes
//! under the photo's own name (`images/IMG_0123.HEIC`): Typst finds no
//! format in the `.heic` extension and goes by the content.
//!
//! Decoded by `heifer`, in pure Rust: the one binary reads iPhone photos on
//! every machine, with no system library to install. A 12-megapixel photo
//! takes about 1.5 CPU-seconds and 100 MB to convert, so each conversion is
//! kept by the SHA-256 of the original file: `tsushin watch` converts a photo
//! once, not at every save. The archive records the original file's hash
//! (archive/manifest.rs reads the files from disk), never the JPEG's.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use image::ImageEncoder as _;
use sha2::{Digest as _, Sha256};
use typst::foundations::Bytes;

use crate::diag::Diagnostic;

/// Largest photo converted: 64 megapixels (an iPhone's 48-megapixel "HEIF
/// Max" fits). Bounds what a damaged or hostile file can make us allocate.
const MAX_PIXELS: u64 = 1 << 26;

/// The first generation only: `photos.rs` scales oversized photos down to
/// print resolution afterwards and encodes them again.
const JPEG_QUALITY: u8 = 95;

/// Conversions kept, by the original's hash (an issue has a handful of
/// photos; 16 converted 12-megapixel JPEGs are about 50 MB).
const KEPT: usize = 16;

/// What converting gave, by the SHA-256 of the HEIC file: the converted
/// bytes, or why the file cannot be read (kept too, so the reason is not
/// paid for twice in one build).
type Memo = HashMap<Vec<u8>, Result<Bytes, String>>;
static CONVERTED: LazyLock<Mutex<Memo>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The HEIC file `heic` as a JPEG (PNG when transparent) in sRGB, upright,
/// converted once per content. The error is heifer's reason, in English,
/// for the detail of the diagnostic.
pub fn convert(heic: &[u8]) -> Result<Bytes, String> {
    let key = Sha256::digest(heic).to_vec();
    if let Some(done) = CONVERTED.lock().ok().and_then(|memo| memo.get(&key).cloned()) {
        return done;
    }
    // (converted outside the lock: two sessions may convert two photos at once)
    let result = decode(heic).map(Bytes::new);
    if let Ok(mut memo) = CONVERTED.lock() {
        if memo.len() >= KEPT {
            memo.clear();
        }
        memo.insert(key, result.clone());
    }
    result
}

/// Decodes the primary image of a HEIF file and encodes it for Typst.
///
/// Orientation: the HEIF transforms (`irot`, `imir`, `clap`) are applied, as
/// the HEIF standard requires; an EXIF Orientation tag is only informative in
/// HEIF and is ignored (iPhones write both, so applying it as well would turn
/// the photo twice). Colour: converted to sRGB from the file's ICC profile or
/// `nclx` box (iPhones tag Display P3), so no profile needs to travel with
/// the JPEG, and later re-encoding cannot lose one.
fn decode(heic: &[u8]) -> Result<Vec<u8>, String> {
    let options = heifer::Options { max_threads: 0, max_pixels: MAX_PIXELS };
    let img = heifer::decode_srgb_rgba8(heic, &options).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    if img.has_alpha {
        // A JPEG would turn the transparent parts black.
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(&img.data, img.width, img.height, image::ExtendedColorType::Rgba8)
            .map_err(|e| format!("PNG: {e}"))?;
    } else {
        let rgb: Vec<u8> = img.data.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .write_image(&rgb, img.width, img.height, image::ExtendedColorType::Rgb8)
            .map_err(|e| format!("JPEG: {e}"))?;
    }
    Ok(out)
}

/// The refusal of a HEIC photo shown as `shown` that cannot be decoded
/// (damaged, cut short, or a kind heifer does not read, such as AVIF), with
/// the two ways a coordinator gets a JPEG from an iPhone.
pub fn refused(shown: &str, reason: &str) -> Diagnostic {
    Diagnostic::error(format!("写真 {shown}（HEIC 形式）を読み込めませんでした（{reason}）"))
        .hint("この写真を JPEG にしてから使ってください")
        .hint("これから撮る写真: iPhone の「設定」›「カメラ」›「フォーマット」で「互換性優先」を選ぶと JPEG で保存されます")
        .hint("撮った写真: 「設定」›「写真」›「MacまたはPCに転送」を「自動」にしてケーブルでパソコンに取り込むか、メールに添付して送ると JPEG になります")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/heic").join(name);
        std::fs::read(path).expect("the HEIC fixtures are in tests/fixtures/heic")
    }
    use crate::model::images::is_heif;

    /// Mean colour of the 100 × 100 patch whose top-left corner is (x, y).
    fn patch(img: &image::RgbImage, x: u32, y: u32) -> [u8; 3] {
        let mut sum = [0u32; 3];
        for p in (0..100).flat_map(|dy| (0..100).map(move |dx| img.get_pixel(x + dx, y + dy))) {
            for (s, c) in sum.iter_mut().zip(p.0) {
                *s += u32::from(c);
            }
        }
        sum.map(|s| u8::try_from(s / 10_000).unwrap_or(u8::MAX))
    }

    fn close(a: [u8; 3], b: [u8; 3]) -> bool {
        a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 8)
    }

    /// Converts a fixture and checks its size and the marker squares of the
    /// upright picture (red top-left, blue top-right) in the JPEG.
    fn check(name: &str, (w, h): (u32, u32), [red, blue]: [[u8; 3]; 2]) {
        let heic = fixture(name);
        assert!(is_heif(&heic));
        let jpeg = convert(&heic).unwrap();
        let back = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg).unwrap().to_rgb8();
        assert_eq!(back.dimensions(), (w, h), "{name}");
        let (tl, tr) = (patch(&back, 100, 100), patch(&back, w - 200, 100));
        assert!(close(tl, red), "{name}: top-left {tl:?}");
        assert!(close(tr, blue), "{name}: top-right {tr:?}");
    }

    #[test]
    fn an_iphone_like_photo_is_upright_once_and_in_srgb() {
        // Stored 4032 × 3024 in 8 × 6 tiles, irot 270° and EXIF Orientation 6,
        // tagged Display P3 (#d21f1f and #1f3fd2 in P3 are these in sRGB).
        check("portrait-iphone-like.heic", (3024, 4032), [[229, 0, 5], [18, 64, 219]]);
    }

    #[test]
    fn a_single_image_without_colour_box_keeps_its_colours() {
        check("landscape-heifenc.heic", (4032, 3024), [[210, 31, 31], [31, 63, 210]]);
    }

    #[test]
    fn a_photo_is_converted_once_per_content() {
        // `tsushin watch` rebuilds at every save: the second build gets the
        // very bytes of the first conversion (a new decode would allocate anew)
        let heic = fixture("landscape-heifenc.heic");
        let (first, again) = (convert(&heic).unwrap(), convert(&heic.clone()).unwrap());
        assert_eq!(first.as_ptr(), again.as_ptr());
    }

    #[test]
    fn a_cut_file_gives_a_reason_and_the_jpeg_way() {
        let heic = fixture("portrait-iphone-like.heic");
        for cut in [12, 100, 2000, heic.len() / 2] {
            let reason = convert(&heic[..cut]).expect_err("a cut file does not decode");
            assert!(!reason.is_empty());
        }
        let diag = refused("images/IMG_0001.HEIC", "cut");
        assert!(diag.message.contains("IMG_0001.HEIC（HEIC 形式）"), "{}", diag.message);
        assert!(format!("{diag:?}").contains("互換性優先"));
        // a JPEG or a video is no HEIF
        assert!(!is_heif(&crate::model::images::samples::encoded(8, 8, image::ImageFormat::Jpeg)));
        assert!(!is_heif(b"\0\0\0\x18ftypisom\0\0\0\0isommp42"));
    }
}
