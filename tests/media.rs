//! Photo rows (`photo_row = true`) and figures from files (`[[figures]]`):
//! the mistakes a coordinator can make with them, reported where written;
//! an SVG that cannot read anything outside the issue; and the samples that
//! use them, checked in their PDFs — every caption printed, the photos of a
//! row side by side, the SVG map kept vector, a raster chart never printed
//! past print resolution — and in their text edition.

mod common;

use std::path::Path;

use common::*;
use tsushin::model::config::Newsletter;
use tsushin::model::issue::{self, Issue, IssueId};
use tsushin::typeset::session::{Options, Session};
use tsushin::typeset::world::{Tree, TsushinWorld};
use tsushin::vpath::VPath;
use typst::foundations::Bytes;
use typst::layout::FrameItem;
use typst::visualize::ImageKind;

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"80mm\" height=\"40mm\" viewBox=\"0 0 80 40\"><rect width=\"80\" height=\"40\" fill=\"#e6f2dc\"/></svg>";

/// A spotlight of the minimal fixture with `front` as its front matter.
fn spotlight(fx: &Fixture, front: &str) {
    fx.write("issues/2024-04/spotlights/01-a.md", format!("+++\ntitle = \"活動\"\n{front}+++\n\n本文です。\n"));
}

fn photos(fx: &Fixture, n: usize) -> String {
    (0..n)
        .map(|k| {
            fx.write(&format!("issues/2024-04/images/p{k}.png"), png(40, 30));
            format!("\n[[photos]]\nfile = \"images/p{k}.png\"\ncaption = \"写真{k}\"\n")
        })
        .collect()
}

#[test]
fn a_photo_row_holds_two_to_four_photos() {
    let fx = Fixture::minimal();
    let one = photos(&fx, 1);
    spotlight(&fx, &format!("photo_row = true\n{one}"));
    fx.run(&["check", "2024-04"]).fails(
        1,
        &[
            "01-a.md の photo_row = true で横に並べられる写真は 2〜4 枚です（[[photos]] は 1 枚）",
            "01-a.md:3:13",
            "2 枚以上書くか",
        ],
    );
    let five = photos(&fx, 5);
    spotlight(&fx, &format!("photo_row = true\n{five}"));
    fx.run(&["check", "2024-04"]).fails(1, &["（[[photos]] は 5 枚）", "01-a.md:3:13", "4 枚までにするか"]);
    spotlight(&fx, &format!("photo_rows = true\n{}", photos(&fx, 3)));
    fx.run(&["check", "2024-04"])
        .fails(1, &["知らないキー「photo_rows」", "「photo_row」のまちがいではありませんか？"]);
    spotlight(&fx, &format!("photo_row = true\n{}", photos(&fx, 3)));
    fx.run(&["check", "2024-04"]).ok();
}

#[test]
fn figure_mistakes_are_shown_where_they_were_written() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/images/map.svg", SVG);
    let mut gif = Vec::new();
    image::DynamicImage::new_rgb8(4, 4)
        .write_to(&mut std::io::Cursor::new(&mut gif), image::ImageFormat::Gif)
        .expect("a GIF encodes");
    fx.write("issues/2024-04/images/anim.gif", gif);
    // not SVG, PNG or JPEG
    spotlight(&fx, "\n[[figures]]\nfile = \"images/anim.gif\"\ncaption = \"図\"\n");
    fx.run(&["check", "2024-04"])
        .fails(1, &["図「images/anim.gif」は SVG、PNG、JPEG のどれでもないので、図には使えません", "01-a.md:5:9"]);
    // no description
    spotlight(&fx, "\n[[figures]]\nfile = \"images/map.svg\"\n");
    fx.run(&["check", "2024-04"])
        .fails(1, &["画像「images/map.svg」に説明がありません", "01-a.md:5:9", "[[figures]] に caption = \"説明\""]);
    // a misspelt key
    spotlight(&fx, "\n[[figures]]\nfile = \"images/map.svg\"\ncapton = \"地図\"\n");
    fx.run(&["check", "2024-04"]).fails(1, &["知らないキー「capton」", "「caption」のまちがいではありませんか？"]);
    // a missing file, in a notice
    fx.write(
        "issues/2024-04/notice.md",
        "+++\ntitle = \"お願い\"\n\n[[figures]]\nfile = \"images/chart.png\"\nalt = \"棒グラフ\"\n+++\n本文。\n",
    );
    fx.run(&["check", "2024-04"]).fails(1, &["images/chart.png が見つかりません", "notice.md:5:9"]);
    fx.write("issues/2024-04/images/chart.png", png(300, 200));
    spotlight(&fx, "\n[[figures]]\nfile = \"images/map.svg\"\ncaption = \"地図\"\n");
    fx.run(&["check", "2024-04"]).ok();
}

/// An SVG figure may not pull in a file beside it, above it or anywhere else:
/// the loader refuses it where it is written, and the compiler's world, which
/// holds only the files the issue refers to, would not give it one anyway.
#[test]
fn an_svg_figure_reads_nothing_outside_the_issue() {
    let fx = Fixture::minimal();
    fx.write("secret.png", png(20, 20));
    fx.write("issues/2024-04/images/secret.png", png(20, 20));
    for href in ["secret.png", "../../../secret.png", "file:///etc/passwd", "https://example.com/a.png"] {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"20\"><image href=\"{href}\" width=\"20\" height=\"20\"/></svg>"
        );
        fx.write("issues/2024-04/images/map.svg", svg);
        spotlight(&fx, "\n[[figures]]\nfile = \"images/map.svg\"\ncaption = \"地図\"\n");
        fx.run(&["check", "2024-04"]).fails(
            1,
            &[
                &format!("は外のファイルやインターネット上のもの（{href}）を読み込む SVG なので使えません"),
                "01-a.md:5:9",
            ],
        );
    }

    // The world on its own: an SVG whose linked image lies beside it on disk
    // but is not one of the issue's files does not compile (the compiler
    // looked only in the virtual tree); the same SVG gets the image once the
    // file is in the tree.
    let dir = fx.path().join("issues/2024-04/images");
    let fonts = tsushin::typeset::fonts::load(fx.path()).expect("fonts load");
    let compile = |href: &str, with_secret: bool| {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"20\"><image href=\"{href}\" width=\"20\" height=\"20\"/><text x=\"2\" y=\"12\" font-family=\"DejaVu Sans\" font-size=\"8\">地図</text></svg>"
        );
        std::fs::write(dir.join("linked.svg"), svg).unwrap();
        let mut tree = Tree::default();
        let main = "#image(\"/issue/images/linked.svg\", width: 5cm, alt: \"地図\")";
        tree.memory(VPath::main(), Bytes::new(main.as_bytes().to_vec()), "main.typ".into());
        let svg_path = VPath::issue_file("images/linked.svg").expect("a usable path");
        tree.disk(svg_path, dir.join("linked.svg"), "linked.svg".into());
        if with_secret {
            let secret = VPath::issue_file("images/secret.png").expect("a usable path");
            tree.disk(secret, dir.join("secret.png"), "secret.png".into());
        }
        let world = TsushinWorld::new(fonts.clone(), tree);
        let document = typst::compile::<typst_layout::PagedDocument>(&world)
            .output
            .map_err(|errors| errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>())?;
        let bytes = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).expect("exports");
        let pdf = fx.path().join(format!("sandbox-{with_secret}.pdf"));
        std::fs::write(&pdf, bytes).unwrap();
        Ok(pdf)
    };
    for href in ["secret.png", "../../secret.png", "../../../../secret.png"] {
        let errors: Vec<String> = compile(href, false).expect_err("an SVG cannot load a file that is not the issue's");
        assert!(errors.iter().any(|e| e.contains(&format!("failed to load linked image {href}"))), "{errors:?}");
    }
    let pdf = compile("secret.png", true).expect("an SVG may show an image of the issue");
    let out = std::process::Command::new("pdfimages").args(["-list", pdf.to_str().unwrap()]).output();
    let listed = String::from_utf8_lossy(&out.expect("pdfimages (poppler-utils) is needed").stdout).into_owned();
    let rasters = listed.lines().skip(2).filter(|l| l.split_whitespace().nth(2) == Some("image")).count();
    assert_eq!(rasters, 1, "the linked image of the issue is drawn (so the refusal above is the world's)");
    // Text in an SVG is set in the embedded fonts only: a system font it names is never read.
    let fonts_used = pdf_fonts(&pdf);
    assert!(!fonts_used.contains("DejaVu"), "a system font was used:\n{fonts_used}");
}

// ---- the samples ----------------------------------------------------------------

/// A sample newsletter's issue, loaded.
fn sample(name: &str, id: &str) -> (Newsletter, Issue) {
    let newsletter = Newsletter::load(repo().join("examples").join(name)).expect("tsushin.toml loads");
    let (issue, _) = issue::load(&newsletter, IssueId::parse(id).expect("an id")).expect("the sample loads");
    (newsletter, issue)
}

/// Every caption of photos and figures the issue has.
fn captions(issue: &Issue) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in &issue.spotlights {
        out.extend(s.photos.iter().filter_map(|p| p.caption.clone()));
        out.extend(s.figures.iter().filter_map(|f| f.caption.clone()));
    }
    if let Some(n) = &issue.notice {
        out.extend(n.figures.iter().filter_map(|f| f.caption.clone()));
    }
    out
}

fn build(name: &str, id: &str, out: &Path, extra: &[&str]) {
    let root = repo().join("examples").join(name);
    let mut args = vec!["--root", root.to_str().unwrap(), "build", id, "-o", out.to_str().unwrap()];
    args.extend(extra);
    tsushin(&repo(), &args).ok();
}

#[test]
fn the_samples_print_every_caption_and_read_them_aloud() {
    let dir = tempfile::tempdir().unwrap();
    let mut figures = 0;
    for (name, id) in [("phone-photos-4p", "2022-10"), ("full-6p", "2023-06"), ("booklet-8p", "2023-12")] {
        let (_, issue) = sample(name, id);
        let pdf = dir.path().join(format!("{name}.pdf"));
        build(name, id, &pdf, &["--text"]);
        let text = pdf_text_raw(&pdf);
        let listed = captions(&issue);
        assert!(!listed.is_empty(), "{name} has captions");
        for caption in &listed {
            let caption: String = caption.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(text.contains(&caption), "{name}: caption {caption} not in the PDF");
        }
        let edition = std::fs::read_to_string(pdf.with_extension("txt")).expect("the text edition");
        let all = issue.spotlights.iter().flat_map(|s| &s.figures).chain(issue.notice.iter().flat_map(|n| &n.figures));
        for f in all {
            figures += 1;
            let caption = f.caption.as_deref().unwrap_or_default();
            assert!(edition.contains(&format!("「図：{caption}（{}）」", f.alt)), "{name}: 図 {caption}\n{edition}");
        }
        for photo in issue.spotlights.iter().flat_map(|s| &s.photos) {
            assert!(edition.contains(&format!("「写真：{}", photo.caption.as_deref().unwrap_or(&photo.alt))), "{name}");
        }
    }
    assert!(figures >= 2, "the samples hold a map and a chart");
}

/// The words poppler finds on a page: (text, x min, y max) of each line.
fn lines(pdf: &Path, page: usize) -> Vec<(String, f64, f64)> {
    let n = page.to_string();
    let out = std::process::Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, "-bbox-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).expect("an attribute") + name.len() + 2;
        tag[at..].split('"').next().unwrap_or("").parse().expect("a number")
    };
    let mut found = Vec::new();
    for line in xml.split("<line ").skip(1) {
        let head = line.split('>').next().unwrap_or("");
        let text: String = line
            .split("<word")
            .skip(1)
            .filter_map(|w| w.split_once('>').map(|(_, rest)| rest.split("</word>").next().unwrap_or("").to_owned()))
            .collect();
        found.push((text, attr(head, "xMin"), attr(head, "yMax")));
    }
    found
}

/// The row of three in phone-photos-4p: its captions start on one baseline,
/// left to right in the order written, each beside the one before.
#[test]
fn the_photos_of_a_row_stand_side_by_side() {
    let (_, issue) = sample("phone-photos-4p", "2022-10");
    let row = issue.spotlights.iter().find(|s| s.photo_row).expect("a spotlight with a photo row");
    assert_eq!(row.photos.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    build("phone-photos-4p", "2022-10", &pdf, &[]);
    let (pages, _) = pages_and_size(&pdf);
    let mut placed = None;
    for page in 1..=pages {
        let found = lines(&pdf, page);
        let starts: Vec<Option<&(String, f64, f64)>> = row
            .photos
            .iter()
            .map(|p| {
                let head: String = p.caption.as_deref().unwrap_or_default().chars().take(5).collect();
                found.iter().find(|(text, _, _)| text.starts_with(&head))
            })
            .collect();
        if starts.iter().all(Option::is_some) {
            placed = Some(starts.into_iter().map(|s| s.cloned().unwrap()).collect::<Vec<_>>());
        }
    }
    let placed = placed.expect("the row's captions on one page");
    for pair in placed.windows(2) {
        let ((a, ax, ay), (b, bx, by)) = (&pair[0], &pair[1]);
        assert!((ay - by).abs() < 0.5, "captions {a} and {b} on different baselines: {ay} {by}");
        assert!(bx > ax, "{b} is not right of {a}");
    }
}

/// A portrait among landscapes in a row of four is narrower than three
/// caption characters: its caption still gets a cell five characters wide
/// (two lines, not three of two characters) and stays inside it.
#[test]
fn a_narrow_photo_in_a_row_keeps_its_caption_readable() {
    let fx = Fixture::minimal();
    let sizes = [(532, 200), (216, 539), (518, 262), (304, 294)];
    let mut front = String::from("photo_row = true\n");
    for (k, (w, h)) in sizes.into_iter().enumerate() {
        fx.write(&format!("issues/2024-04/images/r{k}.png"), png(w, h));
        front += &format!("\n[[photos]]\nfile = \"images/r{k}.png\"\ncaption = \"写真{k}の説明\"\n");
    }
    spotlight(&fx, &front);
    let pdf = fx.path().join("row.pdf");
    let run = fx.run(&["build", "2024-04", "-o", pdf.to_str().unwrap()]);
    run.ok();
    assert!(!run.stderr.contains("枠の外") && !run.stderr.contains("はみ出して"), "{}", run.stderr);
    let found = lines(&pdf, 1);
    let first = found.iter().find(|(t, _, _)| t.starts_with("写真1")).expect("the portrait's caption");
    assert!(first.0.chars().count() >= 4, "the portrait's caption wraps after {:?}: {found:?}", first.0);
}

/// The map of full-6p stays a vector drawing: the page frame holds it as an
/// SVG, and the PDF has no more raster images on that page than photos.
/// The chart of booklet-8p (1200 px wide) prints at most 4 inches wide.
#[test]
fn svg_figures_stay_vector_and_rasters_keep_print_resolution() {
    let check = |name: &str, id: &str| {
        let (newsletter, issue) = sample(name, id);
        let mut session = Session::new(&newsletter.root).expect("fonts load");
        let built = session.compile(&newsletter, issue.id, Options::default()).expect("the sample builds");
        let mut per_page: Vec<(usize, usize)> = vec![(0, 0); built.pages()];
        let mut chart = None;
        for (index, page) in built.compiled.document.pages().iter().enumerate() {
            fn walk(frame: &typst::layout::Frame, f: &mut dyn FnMut(&typst::visualize::Image, typst::layout::Size)) {
                for (_, item) in frame.items() {
                    match item {
                        FrameItem::Group(g) => walk(&g.frame, f),
                        FrameItem::Image(image, size, _) => f(image, *size),
                        _ => {}
                    }
                }
            }
            walk(&page.frame, &mut |image, size| match image.kind() {
                ImageKind::Svg(_) => per_page[index].0 += 1,
                ImageKind::Raster(raster) => {
                    per_page[index].1 += 1;
                    if (raster.width(), raster.height()) == (1200, 720) {
                        chart = Some(size.x.to_inches());
                    }
                }
                _ => {}
            });
        }
        (per_page, chart)
    };
    let (per_page, _) = check("full-6p", "2023-06");
    let svg_page = per_page.iter().position(|(svg, _)| *svg > 0).expect("a page holds the SVG map");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    build("full-6p", "2023-06", &pdf, &[]);
    let n = (svg_page + 1).to_string();
    let listed = std::process::Command::new("pdfimages")
        .args(["-f", &n, "-l", &n, "-list", pdf.to_str().unwrap()])
        .output()
        .expect("pdfimages (poppler-utils) is needed");
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    let images = listed.lines().skip(2).filter(|l| l.split_whitespace().nth(2) == Some("image")).count();
    assert_eq!(images, per_page[svg_page].1, "raster images on the map's page besides the photos:\n{listed}");

    // The monochrome proof prints the map in greys too, as a copier would.
    let gray = dir.path().join("gray.pdf");
    build("full-6p", "2023-06", &gray, &["--grayscale"]);
    let png = dir.path().join("page");
    let status = std::process::Command::new("pdftoppm")
        .args(["-f", &n, "-l", &n, "-r", "40", "-png", "-singlefile", gray.to_str().unwrap(), png.to_str().unwrap()])
        .status()
        .expect("pdftoppm (poppler-utils) is needed");
    assert!(status.success());
    let page = image::open(dir.path().join("page.png")).expect("the rendered page").to_rgb8();
    let colour = page.pixels().map(|p| p.0.iter().max().unwrap() - p.0.iter().min().unwrap()).max().unwrap_or(0);
    assert!(colour <= 3, "the map's page of the grayscale proof still has colour ({colour})");

    let (_, chart) = check("booklet-8p", "2023-12");
    let inches = chart.expect("the chart of booklet-8p is on a page");
    assert!(inches <= 1200.0 / 300.0 + 0.01, "the 1200 px chart prints {inches:.2} in wide (over 300 dpi)");
    assert!(inches > 2.0, "the chart is shown at a readable size ({inches:.2} in)");
}

/// A row of photos and a figure in a spotlight and a notice archive as
/// PDF/UA-1 (every image described, as PDF/UA requires), the SVG vector.
#[test]
fn rows_and_figures_archive_as_pdf_ua() {
    let fx = Fixture::minimal();
    let row = photos(&fx, 2);
    fx.write("issues/2024-04/images/map.svg", SVG);
    fx.write("issues/2024-04/images/chart.png", png(600, 300));
    spotlight(&fx, &format!("photo_row = true\n{row}\n[[figures]]\nfile = \"images/map.svg\"\ncaption = \"地図\"\n"));
    fx.write(
        "issues/2024-04/notice.md",
        "+++\ntitle = \"お願い\"\n\n[[figures]]\nfile = \"images/chart.png\"\nalt = \"棒グラフ\"\n+++\n本文。\n",
    );
    let run = fx.run(&["archive"]);
    run.ok();
    assert!(!run.stderr.contains("PDF/UA-1（読み上げ対応）の条件を満たさない"), "{}", run.stderr);
    let pdf = fx.path().join("archive/2024-04.pdf");
    let out = std::process::Command::new("pdfinfo").args(["-meta", pdf.to_str().unwrap()]).output();
    let meta = String::from_utf8_lossy(&out.expect("pdfinfo (poppler-utils)").stdout).into_owned();
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "no PDF/UA-1 identification:\n{meta}");
    let text = pdf_text_raw(&pdf);
    for caption in ["写真0", "写真1", "地図"] {
        assert!(text.contains(caption), "{caption} not printed");
    }
}
