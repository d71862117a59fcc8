//! Print forms through the real binary: booklet imposition, print-shop sheets
//! with bleed and crop marks, the grayscale proof, the QR code of the web
//! page, and photos scaled to print resolution.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn run_tool(tool: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for this test (see .ci/run): {e}"));
    assert!(out.status.success(), "{tool} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Text of one page (1-based), optionally only inside a box given in points,
/// without whitespace.
fn page_text(pdf: &Path, page: usize, area: Option<(f64, f64, f64, f64)>) -> String {
    let p = page.to_string();
    let mut args = vec!["-f".to_owned(), p.clone(), "-l".to_owned(), p, "-r".to_owned(), "72".to_owned()];
    if let Some((x, y, w, h)) = area {
        for (flag, v) in [("-x", x), ("-y", y), ("-W", w), ("-H", h)] {
            args.push(flag.to_owned());
            args.push(format!("{}", v.round() as i64));
        }
    }
    args.push(pdf.to_str().unwrap().to_owned());
    args.push("-".to_owned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    String::from_utf8_lossy(&run_tool("pdftotext", &args)).chars().filter(|c| !c.is_whitespace()).collect()
}

/// A page rendered by poppler: (width, height, channels, pixels).
struct Raster {
    width: usize,
    height: usize,
    channels: usize,
    data: Vec<u8>,
}

impl Raster {
    fn render(pdf: &Path, page: usize, dpi: u32, gray: bool) -> Self {
        let p = page.to_string();
        let r = dpi.to_string();
        let mode = if gray { "-gray" } else { "-r" };
        let mut args = vec!["-f", &p, "-l", &p, "-r", &r, "-singlefile"];
        if gray {
            args.push(mode);
        }
        args.push(pdf.to_str().unwrap());
        let bytes = run_tool("pdftoppm", &args);
        Self::parse(&bytes)
    }

    /// Parses binary PGM (P5) or PPM (P6) with maxval 255.
    fn parse(bytes: &[u8]) -> Self {
        let mut fields = Vec::new();
        let mut i = 0;
        while fields.len() < 4 {
            while bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let start = i;
            while !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
        }
        let channels = match fields[0].as_str() {
            "P5" => 1,
            "P6" => 3,
            other => panic!("unexpected netpbm type {other}"),
        };
        assert_eq!(fields[3], "255");
        Self {
            width: fields[1].parse().unwrap(),
            height: fields[2].parse().unwrap(),
            channels,
            data: bytes[i + 1..].to_vec(),
        }
    }

    fn px(&self, x: usize, y: usize) -> &[u8] {
        let at = (y * self.width + x) * self.channels;
        &self.data[at..at + self.channels]
    }

    /// Darkest grey value in a rectangle of pixels.
    fn darkest(&self, x0: usize, y0: usize, w: usize, h: usize) -> u8 {
        let mut min = 255;
        for y in y0..(y0 + h).min(self.height) {
            for x in x0..(x0 + w).min(self.width) {
                min = min.min(*self.px(x, y).iter().min().unwrap());
            }
        }
        min
    }
}

fn build(fx: &Fixture, extra: &[&str], name: &str) -> std::path::PathBuf {
    let out = fx.path().join(name);
    let mut args = vec!["build", "2022-06", "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    fx.run(&args).ok();
    out
}

fn page_count(pdf: &Path) -> usize {
    pages_and_size(pdf).0
}

#[test]
fn booklet_is_a3_landscape_in_saddle_stitch_order() {
    let fx = Fixture::reference();
    let plain = build(&fx, &[], "plain.pdf");
    let booklet = build(&fx, &["--booklet"], "booklet.pdf");
    let pages = page_count(&plain);
    let padded = pages.div_ceil(4) * 4;
    let (sides, size) = pages_and_size(&booklet);
    assert_eq!(sides, padded / 2, "two pages per printed side");
    assert!(size.starts_with("1190.55 x 841.89"), "A3 landscape expected, got {size}");
    // Side by side: sheet s front = (n-2s | 2s+1), back = (2s+2 | n-2s-1), 1-based.
    let original: Vec<String> = (1..=pages).map(|p| page_text(&plain, p, None)).collect();
    let text_of = |page: usize| if page <= pages { original[page - 1].clone() } else { String::new() };
    for sheet in 0..padded / 4 {
        let front = (padded - 2 * sheet, 2 * sheet + 1);
        let back = (2 * sheet + 2, padded - 2 * sheet - 1);
        for (side, (left, right)) in [(2 * sheet + 1, front), (2 * sheet + 2, back)] {
            let l = page_text(&booklet, side, Some((0.0, 0.0, 595.0, 842.0)));
            let r = page_text(&booklet, side, Some((595.5, 0.0, 595.0, 842.0)));
            assert_eq!(l, text_of(left), "side {side}: left half should be page {left}");
            assert_eq!(r, text_of(right), "side {side}: right half should be page {right}");
        }
    }
    assert!(
        page_text(&booklet, 1, Some((595.5, 0.0, 595.0, 842.0))).contains("みんなでつなごう"),
        "page 1 on the front right"
    );
}

#[test]
fn print_shop_sheet_has_trim_box_bleed_and_crop_marks() {
    let fx = Fixture::reference();
    let pdf = build(&fx, &["--print-shop"], "shop.pdf");
    let boxes = String::from_utf8_lossy(&run_tool("pdfinfo", &["-box", pdf.to_str().unwrap()])).into_owned();
    let get = |name: &str| -> Vec<f64> {
        let line = boxes.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("no {name}:\n{boxes}"));
        line[name.len()..].split_whitespace().map(|v| v.parse().unwrap()).collect()
    };
    let mm = 72.0 / 25.4;
    let slug = 15.0 * mm; // 3 mm bleed + 10 mm marks + 2 mm margin
    let media = get("MediaBox:");
    let trim = get("TrimBox:");
    let close = |a: f64, b: f64| (a - b).abs() < 0.02;
    assert!(close(media[2], 595.28 + 2.0 * slug) && close(media[3], 841.89 + 2.0 * slug), "media {media:?}");
    assert!(close(trim[0], slug) && close(trim[1], slug), "trim origin {trim:?}");
    assert!(close(trim[2] - trim[0], 595.28) && close(trim[3] - trim[1], 841.89), "trim is A4: {trim:?}");

    // Marks, at 4 px per point: corner marks on the trim and bleed lines just
    // outside the top-left corner, a centre mark above the middle, and
    // nothing in the slug between them.
    let img = Raster::render(&pdf, 1, 288, true);
    let px = |pt: f64| (pt * 4.0).round() as usize;
    let (t, b) = (slug, slug - 3.0 * mm);
    let mark_x = slug - 3.0 * mm - 5.0 * mm; // halfway along a horizontal mark
    assert!(img.darkest(px(mark_x), px(t) - 2, 4, 5) < 120, "inner (trim) corner mark missing");
    assert!(img.darkest(px(mark_x), px(b) - 2, 4, 5) < 120, "outer (bleed) corner mark missing");
    assert!(img.darkest(px(t) - 2, px(mark_x), 5, 4) < 120, "vertical trim mark missing");
    let centre = slug + 595.28 / 2.0;
    assert!(img.darkest(px(centre) - 2, px(slug - 3.0 * mm - 2.0 * mm), 5, 4) < 120, "top centre mark missing");
    assert!(
        img.darkest(px(2.0 * mm), px(slug + 200.0), px(8.0 * mm), px(100.0)) > 250,
        "slug beside the page is blank"
    );
}

#[test]
fn grayscale_proof_has_no_colour_left() {
    let fx = Fixture::reference();
    let colour = build(&fx, &[], "colour.pdf");
    let gray = build(&fx, &["--grayscale"], "gray.pdf");
    assert_eq!(page_count(&colour), page_count(&gray));
    let saturation = |img: &Raster| {
        let mut max = 0u8;
        for px in img.data.chunks(3) {
            let (hi, lo) = (px.iter().max().unwrap(), px.iter().min().unwrap());
            max = max.max(hi - lo);
        }
        max
    };
    let before = Raster::render(&colour, 1, 40, false);
    assert!(saturation(&before) > 60, "the normal build is in colour");
    for page in 1..=page_count(&gray) {
        let after = Raster::render(&gray, page, 40, false);
        assert!(saturation(&after) <= 3, "page {page} still has colour");
    }
    assert_eq!(pdf_text(&colour), pdf_text(&gray), "same text");
}

#[test]
fn web_page_qr_code_decodes_to_the_url() {
    let fx = Fixture::reference();
    let pdf = build(&fx, &[], "qr.pdf");
    let last = page_count(&pdf).to_string();
    let png = fx.path().join("last");
    run_tool(
        "pdftoppm",
        &["-f", &last, "-l", &last, "-r", "200", "-png", "-singlefile", pdf.to_str().unwrap(), png.to_str().unwrap()],
    );
    let decoded = run_tool("zbarimg", &["--quiet", "--raw", fx.path().join("last.png").to_str().unwrap()]);
    let decoded = String::from_utf8_lossy(&decoded);
    assert_eq!(decoded.trim(), "https://www.city.takasaki.gunma.jp/docs/2019011800019/");
}

/// A 12-megapixel "phone photo": smooth shapes plus sensor-like noise, so it
/// compresses like a real one (several MB as JPEG).
fn phone_photo(seed: u32) -> Vec<u8> {
    let (w, h) = (4000u32, 3000u32);
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let noise = (state % 24) as i32 - 12;
        let base = [(x * 255 / w) as i32, (y * 255 / h) as i32, (((x + y) / 40) % 2 * 120 + 60) as i32];
        image::Rgb(base.map(|c| (c + noise).clamp(0, 255) as u8))
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92).encode_image(&img).unwrap();
    out
}

#[test]
fn full_size_phone_photos_are_scaled_to_print_resolution() {
    let fx = Fixture::reference();
    let a = phone_photo(1);
    let b = phone_photo(2);
    let originals = a.len() + b.len();
    assert!(originals > 4_000_000, "test photos should be phone-sized, are {originals} bytes");
    fx.write("issues/2022-06/images/festival.jpg", &a);
    fx.write("issues/2022-06/images/yaoki.jpg", &b);
    let spot = fx.path().join("issues/2022-06/spotlights/03-yottette.md");
    let text = std::fs::read_to_string(&spot).unwrap().replace("images/spring-festival.png", "images/festival.jpg");
    std::fs::write(&spot, text).unwrap();
    let spot = fx.path().join("issues/2022-06/spotlights/01-yaoki.md");
    let text = std::fs::read_to_string(&spot).unwrap().replacen(
        "+++\n\n",
        "\n[[photos]]\nfile = \"images/yaoki.jpg\"\ncaption = \"居場所「八起き」での協議体\"\n+++\n\n",
        1,
    );
    std::fs::write(&spot, text).unwrap();

    let out = fx.path().join("photos.pdf");
    let run = fx.run(&["build", "2022-06", "-o", out.to_str().unwrap()]);
    run.ok();
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(size < 2_000_000, "PDF with two phone photos is {size} bytes");
    assert!(run.stderr.contains("写真を印刷に必要な解像度（300 dpi）に縮小しました"), "{}", run.stderr);
    // Every image in the PDF is near 300 dpi at its placed size.
    let list = String::from_utf8_lossy(&run_tool("pdfimages", &["-list", out.to_str().unwrap()])).into_owned();
    let mut photos = 0;
    for row in list.lines().skip(2) {
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        let cols: Vec<&str> = row.split_whitespace().collect();
        if cols.len() < 14 || cols[2] != "image" {
            continue;
        }
        let width: u32 = cols[3].parse().unwrap();
        assert!(width < 2000, "a full-size photo was embedded: {row}");
        if cols[8] == "jpeg" {
            let ppi: f64 = cols[12].parse().unwrap();
            assert!((250.0..=460.0).contains(&ppi), "photo at {ppi} ppi: {row}");
            photos += 1;
        }
    }
    assert_eq!(photos, 2, "both photos are in the PDF:\n{list}");
    assert!(pdf_text(&out).contains("居場所「八起き」での協議体"), "caption printed");
}

#[test]
fn photo_without_description_is_an_error_naming_the_file() {
    let fx = Fixture::reference();
    let spot = fx.path().join("issues/2022-06/spotlights/03-yottette.md");
    let text = std::fs::read_to_string(&spot).unwrap().replace("caption = \"スプリングフェスティバルの様子\"\n", "");
    std::fs::write(&spot, text).unwrap();
    fx.run(&["build", "2022-06"]).fails(
        1,
        &[
            "画像「images/spring-festival.png」に説明がありません",
            "issues/2022-06/spotlights/03-yottette.md:",
            "caption",
        ],
    );
    fx.write("issues/2022-06/notice.md", "+++\ntitle = \"お知らせ\"\n+++\n\n![](images/spring-festival.png)\n");
    fx.run(&["check", "2022-06"]).fails(1, &["issues/2022-06/notice.md:5:1", "![写真の説明]"]);
}

#[test]
fn booklet_and_print_shop_do_not_mix() {
    let fx = Fixture::reference();
    fx.run(&["build", "2022-06", "--booklet", "--print-shop"]).fails(2, &["いっしょに使えないオプションがあります"]);
}
