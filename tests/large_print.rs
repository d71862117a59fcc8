//! The large print edition (`tsushin build --large-print`) through the real
//! binary and on its laid-out pages: A4, body text at 16 pt and nothing
//! below 15 pt (but the labels inside the role figure's drawing, which is
//! decoration beside its words in large print), every article's text
//! present in the order of the printed pages, photos with their captions,
//! as many pages as it takes; combined with the print forms.

mod common;

use common::*;
use tsushin::edition::large_print;
use tsushin::model::config::Newsletter;
use tsushin::model::issue::IssueId;
use tsushin::typeset::plan;
use tsushin::typeset::session::{Options, Session};

/// The pieces of the plain text edition that large print must print too:
/// each line cut at whitespace and punctuation, its page marks, the text
/// edition's own labels and the photos' descriptions (not printed: they
/// are the images' alt text) left out; pieces of four characters or more.
fn pieces_of(edition: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in edition.lines() {
        let line = line.trim();
        if line.ends_with("ページ") && line.trim_end_matches("ページ").chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        // 「写真：caption（alt）」: the caption only
        let line = match line.strip_prefix("「写真：") {
            Some(photo) => photo.split('（').next().unwrap_or("").trim_end_matches('」'),
            None => line,
        };
        for piece in line.split(|c: char| c.is_whitespace() || "、。「」『』（）【】：／・|".contains(c)) {
            let piece = piece.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            if piece.chars().count() >= 4 && !["流れ", "発行元", "連絡先", "ホームページ"].contains(&piece)
            {
                out.push(piece.to_owned());
            }
        }
    }
    out
}

/// The PDF's text as read: the running head and the page numbers of every
/// page left out (an article may run on to the next page past them),
/// whitespace dropped.
fn reading_text(pdf_text: &str) -> String {
    let mut out = String::new();
    for (n, page) in pdf_text.split('\u{c}').enumerate() {
        // the running head: the newsletter's title, then the issue（拡大版）
        let lines = page.lines().map(str::trim).filter(|l| !l.is_empty());
        for (i, line) in lines.enumerate() {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            let number = compact.split('/').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
            let head = n > 0 && (i == 0 || (i == 1 && line.ends_with("（拡大版）")));
            if !number && !head {
                out.push_str(&compact);
            }
        }
    }
    out
}

/// Builds `id` of the newsletter in `fx` with `--large-print --text` and
/// checks the large print PDF: A4 pages, more of them than printed, every
/// piece of the text edition in it. Returns its text.
fn check_large_print(fx: &Fixture, id: &str) -> String {
    fx.run(&["build", id, "--large-print", "--text"]).ok_with(&["拡大版"]);
    let pdf = fx.path().join(format!("out/{id}-large-print.pdf"));
    let (pages, size) = pages_and_size(&pdf);
    let (printed, _) = pages_and_size(&fx.path().join(format!("out/{id}.pdf")));
    assert!(size.starts_with("595.276 x 841.89"), "A4: {size}");
    assert!(pages > printed, "{pages} large print pages for {printed} printed ones");
    let text = reading_text(&poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    let edition = std::fs::read_to_string(fx.path().join(format!("out/{id}.txt"))).expect("the text edition");
    let pieces = pieces_of(&edition);
    assert!(pieces.len() > 20, "{pieces:?}");
    let missing: Vec<&String> = pieces.iter().filter(|p| !text.contains(p.as_str())).collect();
    assert!(missing.is_empty(), "missing from large print: {missing:?}\n{text}");
    text
}

/// The sizes text is printed at in the large print edition of `id`, laid
/// out as the build lays it out (after the printed pages, in their order).
fn sizes(root: &std::path::Path, id: &str) -> Vec<frames::Run> {
    let newsletter = Newsletter::load(root.to_path_buf()).expect("tsushin.toml loads");
    let id = IssueId::parse(id).expect("valid id");
    let mut session = Session::new(root).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let printed =
        session.compile(&newsletter, id, Options::default()).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let plan = plan::read(&printed.compiled.document);
    let issue = printed.issue;
    let built = large_print::compile(&mut session, root, issue, plan.as_ref(), None)
        .unwrap_or_else(|f| panic!("large print compiles: {:?}", f.diagnostics));
    frames::runs(&built.compiled.document)
}

/// Body text at 16 pt: most of the text, and everything outside the role
/// figure's drawing at 15 pt or more.
fn check_sizes(runs: &[frames::Run]) {
    let readable: Vec<&frames::Run> = runs.iter().filter(|r| !r.artifact).collect();
    let glyphs =
        |min: f64| readable.iter().filter(|r| r.size >= min - 0.01).map(|r| r.text.chars().count()).sum::<usize>();
    let all = glyphs(0.0);
    assert!(all > 500, "only {all} characters laid out");
    assert!(glyphs(16.0) * 10 >= all * 8, "{} of {all} characters at 16 pt or more", glyphs(16.0));
    for r in &readable {
        assert!(r.size >= 15.0 - 0.01 || r.text == "●", "{:?} printed at {:.1} pt", r.text, r.size);
    }
}

#[test]
fn the_reference_in_large_print() {
    let fx = Fixture::reference();
    let text = check_large_print(&fx, "2022-06");
    // Articles in the order of the printed pages: the text edition's order.
    let edition = std::fs::read_to_string(fx.path().join("out/2022-06.txt")).unwrap();
    let titles: Vec<&str> = edition.lines().filter_map(|l| l.strip_prefix('【')?.strip_suffix('】')).collect();
    assert!(titles.len() >= 6, "{titles:?}");
    let at: Vec<usize> = titles
        .iter()
        .map(|t| text.find(&t.split_whitespace().collect::<String>()).unwrap_or_else(|| panic!("no {t}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "articles out of order: {titles:?} at {at:?}");
    // The photo with its caption, the masthead first, the publisher last.
    assert!(text.contains("スプリングフェスティバルの様子"), "{text}");
    assert!(text.starts_with("高崎市生活支援コーディネーター通信"), "{text}");
    assert!(text.rfind("発行元").is_some_and(|f| f > at[at.len() - 1]), "the publisher after the articles: {text}");
    check_sizes(&sizes(fx.path(), "2022-06"));
}

#[test]
fn samples_with_events_tables_and_photos_in_large_print() {
    for (example, id) in [("examples/district-2p", "2023-02"), ("examples/phone-photos-4p", "2022-10")] {
        let fx = Fixture::new(example);
        check_large_print(&fx, id);
        check_sizes(&sizes(fx.path(), id));
    }
}

/// The lines of text printed at `size` points (any size: `None`):
/// (page, baseline, text), page by page, top to bottom.
fn lines_at(runs: &[frames::Run], size: impl Into<Option<f64>>) -> Vec<(usize, f64, String)> {
    let size = size.into();
    let mut lines: Vec<((usize, i64), f64, String)> = Vec::new();
    for r in runs.iter().filter(|r| !r.artifact && size.is_none_or(|size| (r.size - size).abs() < 0.05)) {
        let at = (r.page, (r.y * 2.0).round() as i64);
        match lines.iter_mut().find(|(k, _, _)| *k == at) {
            Some((_, _, text)) => text.push_str(&r.text),
            None => lines.push((at, r.y, r.text.clone())),
        }
    }
    lines.sort_by_key(|(k, _, _)| *k);
    lines.into_iter().map(|((page, _), y, text)| (page, y, text)).collect()
}

/// The lines of the article titles (24 pt).
fn title_lines(runs: &[frames::Run]) -> Vec<String> {
    lines_at(runs, 24.0).into_iter().map(|(_, _, text)| text).collect()
}

#[test]
fn no_title_ends_in_a_lone_character() {
    // Set as ordinary ragged lines, these titles ended in 「…よりお願」「い」 and
    // 「…議事内」「容」; broken as a whole, the last line holds more.
    for (example, id) in [(".", "2022-06"), ("examples/phone-photos-4p", "2022-10"), ("examples/full-6p", "2023-06")] {
        let fx = if example == "." { Fixture::reference() } else { Fixture::new(example) };
        let lines = title_lines(&sizes(fx.path(), id));
        assert!(lines.len() >= 5, "{example}: title lines {lines:?}");
        let lone: Vec<&String> = lines.iter().filter(|l| l.trim().chars().count() == 1).collect();
        assert!(lone.is_empty(), "{example}: a title line of one character: {lone:?} in {lines:?}");
    }
}

#[test]
fn the_masthead_keeps_title_and_catchphrase_on_a_line_each() {
    // Enlarged, the masthead broke both: 「高崎市生活支援コーディネーター」「通信」
    // and 「みんなでつなご」「う！支えあいの」「輪！」 beside the date.
    let fx = Fixture::reference();
    let lines = lines_at(&sizes(fx.path(), "2022-06"), None);
    let first: Vec<&str> = lines.iter().filter(|(page, _, _)| *page == 0).map(|(_, _, t)| t.trim()).collect();
    for whole in ["高崎市生活支援コーディネーター通信", "みんなでつなごう！支えあいの輪！"]
    {
        assert!(first.contains(&whole), "「{whole}」 is not one line of page 1: {first:?}");
    }
}

#[test]
fn a_steps_time_stays_with_its_text() {
    // A step broken at the page's end used to leave its box there with the
    // time alone (「③ 4月2日（土）」, its text on the next page).
    for (example, id) in [(".", "2022-06"), ("examples/full-6p", "2023-06"), ("examples/booklet-8p", "2023-12")] {
        let fx = if example == "." { Fixture::reference() } else { Fixture::new(example) };
        let newsletter = Newsletter::load(fx.path().to_path_buf()).expect("tsushin.toml loads");
        let (issue, _) = tsushin::model::issue::load(&newsletter, IssueId::parse(id).expect("an id")).expect("loads");
        let whens: Vec<String> = issue
            .spotlights
            .iter()
            .flat_map(|s| &s.flows)
            .flat_map(|f| &f.steps)
            .filter_map(|s| s.when.clone())
            .collect();
        assert!(!whens.is_empty(), "{example}: no step with a time");
        let lines = lines_at(&sizes(fx.path(), id), 16.0);
        for when in &whens {
            let (page, y, _) = lines
                .iter()
                .find(|(_, _, text)| text.trim() == when)
                .unwrap_or_else(|| panic!("{example}: no line 「{when}」 in {lines:?}"));
            let followed = lines.iter().any(|(p, below, _)| p == page && *below > y + 1.0);
            assert!(followed, "{example}: 「{when}」 ends page {page}, its text on the next");
        }
    }
}

#[test]
fn large_print_combines_with_the_print_forms_and_o() {
    let fx = Fixture::reference();
    fx.run(&["build", "2022-06", "--large-print", "--grayscale"]).ok();
    let gray = fx.path().join("out/2022-06-large-print-grayscale.pdf");
    assert!(fx.path().join("out/2022-06-grayscale.pdf").exists() && gray.exists());
    // Every colour a grey: each pixel's channels equal.
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("p");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "20", "-f", "1", "-l", "1", gray.to_str().unwrap(), prefix.to_str().unwrap()])
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    let ppm = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    let bytes = std::fs::read(ppm).unwrap();
    // (the header is three lines: P6, the size, 255)
    let mut lines = 0;
    let body = bytes.iter().position(|&b| {
        lines += usize::from(b == b'\n');
        lines == 3
    });
    let pixels = &bytes[body.expect("a PPM header") + 1..];
    assert!(pixels.chunks(3).all(|p| p[0].abs_diff(p[1]) <= 1 && p[1].abs_diff(p[2]) <= 1), "a coloured pixel");

    // A print shop's bleed and crop marks: on every large print page.
    fx.run(&["build", "2022-06", "--large-print", "--print-shop"]).ok();
    let (pages, size) = pages_and_size(&fx.path().join("out/2022-06-large-print-print-shop.pdf"));
    assert!(pages > 4 && !size.starts_with("595.276 x 841.89"), "A4 on a larger sheet: {pages} pages, {size}");
    // A booklet would reorder pages whose articles run on: refused, in Japanese.
    fx.run(&["build", "2022-06", "--large-print", "--booklet"])
        .fails(2, &["--large-print と --booklet はいっしょに使えません", "A4 のまま"]);

    let out = fx.path().join("6月号.pdf");
    fx.run(&["build", "2022-06", "--large-print", "-o", out.to_str().unwrap()]).ok();
    assert!(out.exists() && fx.path().join("6月号-large-print.pdf").exists());
}
