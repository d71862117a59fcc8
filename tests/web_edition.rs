//! The web edition (`tsushin build --web`) through the real binary, loaded in
//! the system's headless Chromium by `tests/web/check.js` (puppeteer-core and
//! axe-core, pinned in tests/web/package-lock.json; `.ci/run` installs them):
//! no console message, no request leaving the machine, no serious or
//! critical axe-core violation, no sideways scrolling at 390 px, every text
//! of the issue model on the page, images with their alternative text, user
//! text printed as text, the same bytes on every build, the previous folder
//! kept when a build fails, and the archive's copy with its catalogue link.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

use tsushin::markup::markdown;
use tsushin::model::config::Newsletter;
use tsushin::model::issue::{self, Issue, IssueId};

/// What `tests/web/check.js` reports about a page.
struct Checked {
    report: serde_json::Value,
}

impl Checked {
    fn strings(&self, key: &str) -> Vec<String> {
        self.report[key].as_array().unwrap_or(&Vec::new()).iter().map(|v| v.to_string()).collect()
    }

    fn text(&self) -> String {
        self.report["text"].as_str().unwrap_or_default().chars().filter(|c| !c.is_whitespace()).collect()
    }
}

/// Loads `page` in headless Chromium through tests/web/check.js.
fn check(page: &Path) -> Checked {
    assert!(page.is_file(), "{} was not written", page.display());
    let web = repo().join("tests/web");
    assert!(
        web.join("node_modules/puppeteer-core").is_dir() && web.join("node_modules/axe-core").is_dir(),
        "puppeteer-core and axe-core are needed for this test: npm ci --prefix tests/web (see .ci/run)"
    );
    assert!(
        Path::new("/usr/bin/chromium").is_file(),
        "chromium is needed for this test (apt-get install chromium; see .ci/run)"
    );
    let out = Command::new("node")
        .arg(web.join("check.js"))
        .arg(page)
        .output()
        .expect("node is needed for this test (apt-get install nodejs; see .ci/run)");
    assert!(out.status.success(), "check.js failed: {}", String::from_utf8_lossy(&out.stderr));
    Checked { report: serde_json::from_slice(&out.stdout).expect("check.js prints JSON") }
}

/// Everything a reader must be offered, whatever the page: nothing said on
/// the console, nothing fetched but the page's own files, no serious or
/// critical accessibility problem, no sideways scrolling on a phone, every
/// image loaded with its alternative text.
fn assert_sound(checked: &Checked, dir: &Path) {
    let r = &checked.report;
    assert!(checked.strings("console").is_empty(), "console: {:?}", checked.strings("console"));
    assert!(checked.strings("failed").is_empty(), "failed requests: {:?}", checked.strings("failed"));
    let base = format!("file://{}/", dir.display());
    for url in r["requests"].as_array().expect("requests") {
        let url = url.as_str().unwrap_or_default();
        assert!(url.starts_with(&base) || url.starts_with("data:"), "request leaves the page's folder: {url}");
    }
    let serious: Vec<&serde_json::Value> = r["axe"]
        .as_array()
        .expect("axe ran")
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .collect();
    assert!(serious.is_empty(), "axe-core: {serious:#?}");
    let width = r["scrollWidth"].as_u64().expect("scrollWidth");
    assert!(width <= 390, "the page scrolls sideways at 390 px: {width}");
    for image in r["images"].as_array().expect("images") {
        assert_eq!(image["loaded"], true, "image did not load: {image}");
        assert!(!image["alt"].as_str().unwrap_or_default().trim().is_empty(), "image without alt text: {image}");
        assert!(image["width"].as_u64().unwrap_or(0).max(image["height"].as_u64().unwrap_or(0)) <= 1600, "{image}");
    }
    assert!(checked.strings("active").is_empty(), "elements that run code: {:?}", checked.strings("active"));
}

fn load(root: &Path, id: &str) -> Issue {
    let newsletter = Newsletter::load(root.to_path_buf()).expect("tsushin.toml loads");
    let id = IssueId::parse(id).expect("valid id");
    issue::load(&newsletter, id).unwrap_or_else(|d| panic!("issue loads: {d:?}")).0
}

/// Every text of the issue model a reader must find on the page: titles,
/// labels, bodies (as plain text, furigana as 高崎（たかさき）), steps,
/// voices, events with their dates and weekdays, the publisher. Photos'
/// alternative texts are checked on the images.
fn model_texts(issue: &Issue) -> Vec<String> {
    let mut t: Vec<String> = Vec::new();
    let opt = |t: &mut Vec<String>, s: &Option<String>| t.extend(s.iter().cloned());
    let s = &issue.settings;
    t.extend([s.title.clone(), issue.date.era_label(), s.publisher.name.clone(), issue.date.era_long()]);
    opt(&mut t, &s.catchphrase);
    for p in [&s.publisher.phone, &s.publisher.office, &s.publisher.web_title, &s.publisher.web_url] {
        opt(&mut t, p);
    }
    opt(&mut t, &issue.greeting.title);
    t.push(markdown::plain_block(&issue.greeting.body.markdown));
    if let Some(n) = &issue.notice {
        t.push(n.title.clone());
        opt(&mut t, &n.to);
        t.push(markdown::plain_block(&n.body.markdown));
    }
    if let Some(f) = &issue.figure {
        t.extend([f.title.clone(), f.soil.clone()]);
        for o in [&f.vision, &f.cultivate, &f.fertilizer, &f.fruits_label] {
            opt(&mut t, o);
        }
        t.extend(f.soil_points.iter().chain(&f.fruits).chain(&f.left).chain(&f.right).cloned());
        t.extend(f.caption.iter().map(|c| markdown::plain(&c.markdown)));
    }
    if let Some(m) = &issue.minutes {
        t.push(m.title.clone());
        for body in &m.bodies {
            t.push(body.name.clone());
            for entry in &body.entries {
                opt(&mut t, &entry.when);
                t.push(markdown::plain_block(&entry.body.markdown));
            }
        }
    }
    for sp in &issue.spotlights {
        t.push(sp.title.clone());
        for o in [&sp.category, &sp.council, &sp.subtitle] {
            opt(&mut t, o);
        }
        t.push(markdown::plain_block(&sp.body.markdown));
        sp.photos.iter().for_each(|p| opt(&mut t, &p.caption));
        for flow in &sp.flows {
            opt(&mut t, &flow.title);
            for step in &flow.steps {
                opt(&mut t, &step.when);
                opt(&mut t, &step.voice);
                t.push(markdown::plain(&step.text.markdown));
            }
        }
        t.extend(sp.voices.iter().cloned());
    }
    if let Some(g) = &issue.game {
        t.push(g.title.clone());
        for o in [&g.lead, &g.contact, &g.note] {
            opt(&mut t, o);
        }
        t.extend(g.points.iter().map(|p| markdown::plain(&p.markdown)));
        t.push(markdown::plain_block(&g.body.markdown));
    }
    if let Some(e) = &issue.events {
        t.push(e.title.clone());
        for ev in &e.events {
            t.extend([ev.title.clone(), ev.date.label(&issue.date)]);
            for o in [&ev.time, &ev.place, &ev.target, &ev.fee, &ev.apply, &ev.contact, &ev.note] {
                opt(&mut t, o);
            }
        }
        t.push(markdown::plain_block(&e.body.markdown));
    }
    t
}

/// Asserts that every piece of the model's text is on the page: each line
/// of each text without its list marker, cut at 、 and ： (a table's row
/// reads 「見出し：中身、…」 in plain text and sits in cells on the page).
fn assert_every_text(issue: &Issue, checked: &Checked) {
    let page = checked.text();
    let mut pieces = 0;
    for text in model_texts(issue) {
        for line in text.lines() {
            let line = line.trim_start_matches(['・', '　']);
            let line = line.split_once(". ").filter(|(n, _)| n.parse::<u32>().is_ok()).map_or(line, |(_, rest)| rest);
            if line.starts_with("「写真：") || line.chars().all(|c| c == '―') {
                continue; // an image (its alt is checked) or a rule
            }
            for piece in line.split(['、', '：']) {
                let piece: String = piece.chars().filter(|c| !c.is_whitespace()).collect();
                if !piece.is_empty() {
                    pieces += 1;
                    assert!(page.contains(&piece), "{piece:?} (from {text:?}) is not on the page:\n{page}");
                }
            }
        }
    }
    assert!(pieces > 20, "the model gave only {pieces} pieces of text");
}

fn web_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read web folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                files.push((path.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn reference_web_edition_is_sound_and_holds_every_text_in_reading_order() {
    let fx = Fixture::reference();
    fx.run(&["build", "2022-06", "--web", "--text"]).ok_with(&["2022-06-web/index.html", "Web 版"]);
    assert!(fx.path().join("out/2022-06.pdf").is_file(), "the PDF is still built");
    let dir = fx.path().join("out/2022-06-web");
    let checked = check(&dir.join("index.html"));
    assert_sound(&checked, &dir);
    let issue = load(fx.path(), "2022-06");
    assert_every_text(&issue, &checked);
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"), "{html}");
    assert!(html.contains("<meta name=\"viewport\""));
    assert!(html.contains("@media print"), "a print stylesheet");
    assert!(!html.contains("@font-face") && !html.contains("url("), "no font or file fetched by the stylesheet");
    assert!(html.contains("<span class=\"era\">令和4年6月号</span>"), "era");
    assert!(html.contains("<time datetime=\"2022-06-01\">2022年6月1日</time>"), "Western date");
    assert!(html.contains(
        "<a href=\"https://www.city.takasaki.gunma.jp/docs/2019011800019/\">https://www.city.takasaki.gunma.jp/docs/2019011800019/</a>"
    ));
    assert!(html.contains("<figcaption>スプリングフェスティバルの様子</figcaption>"));
    assert!(html.contains("<ol class=\"flow\""), "flows as ordered lists");
    // The articles in the text edition's order (both from the layout's plan).
    let text = std::fs::read_to_string(fx.path().join("out/2022-06.txt")).unwrap();
    let titles: Vec<&str> =
        text.lines().filter_map(|l| l.strip_prefix('【').and_then(|l| l.strip_suffix('】'))).collect();
    assert!(titles.len() >= 7, "{titles:?}");
    let at: Vec<usize> = titles
        .iter()
        .map(|t| html.find(&format!("<h2>{t}</h2>")).unwrap_or_else(|| panic!("<h2>{t}</h2> missing")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "reading order of the text edition: {titles:?} at {at:?}");

    // The same bytes on every build.
    let first = web_files(&dir);
    fx.run(&["build", "2022-06", "--web"]).ok();
    assert_eq!(web_files(&dir), first, "a rebuild writes the same files");
}

#[test]
fn district_sample_with_a_table_is_sound() {
    let fx = Fixture::new("examples/district-2p");
    fx.run(&["build", "2023-02", "--web"]).ok();
    let dir = fx.path().join("out/2023-02-web");
    let checked = check(&dir.join("index.html"));
    assert_sound(&checked, &dir);
    assert_every_text(&load(fx.path(), "2023-02"), &checked);
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(html.contains("<table><thead><tr><th>"), "a table with its headings");
}

#[test]
fn sample_with_every_section_and_phone_photos_is_sound() {
    let fx = Fixture::new("examples/full-6p");
    fx.run(&["build", "2023-06", "--web"]).ok();
    let dir = fx.path().join("out/2023-06-web");
    let checked = check(&dir.join("index.html"));
    assert_sound(&checked, &dir);
    let issue = load(fx.path(), "2023-06");
    assert_every_text(&issue, &checked);
    let images = checked.report["images"].as_array().unwrap().len();
    let photos: usize = issue.spotlights.iter().map(|s| s.photos.len()).sum();
    assert!(images >= photos && photos > 0, "{images} images for {photos} photos");
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    for event in issue.events.iter().flat_map(|e| &e.events) {
        assert!(html.contains(&format!("（{}）</time>", event.date.weekday)), "event with its weekday");
    }
    // The 4000-pixel phone photos are served much smaller than taken.
    for (name, bytes) in web_files(&dir) {
        if name.starts_with("images") {
            assert!(bytes.len() < 400_000, "{} is {} bytes", name.display(), bytes.len());
        }
    }
}

#[test]
fn user_text_prints_as_text_on_the_web_page() {
    let fx = Fixture::minimal();
    fx.write(
        "issues/2024-04/greeting.md",
        "+++\ntitle = \"<script>alert('題')</script>\"\n+++\n\n<script>alert(1)</script>\n\n\
         写真 <img src=x onerror=alert(2)> と [リンク](javascript:alert(3)) と [市](https://example.jp/?a=1&b=2)\n\n\
         {高崎|たかさき}の<b onclick=\"alert(4)\">会</b>\n",
    );
    fx.run(&["build", "2024-04", "--web"]).ok();
    let dir = fx.path().join("out/2024-04-web");
    let checked = check(&dir.join("index.html"));
    assert_sound(&checked, &dir);
    assert!(checked.strings("dialogs").is_empty(), "a script ran: {:?}", checked.strings("dialogs"));
    let text = checked.text();
    for shown in [
        "<script>alert('題')</script>",
        "<script>alert(1)</script>",
        "<imgsrc=xonerror=alert(2)>",
        "リンク（javascript:alert(3)）",
        "<bonclick=\"alert(4)\">会</b>",
        "高崎（たかさき）",
    ] {
        assert!(text.contains(shown), "{shown:?} is not printed as text:\n{text}");
    }
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(html.contains("<ruby>高崎<rt>たかさき</rt></ruby>"), "furigana as ruby");
    assert!(html.contains("<a href=\"https://example.jp/?a=1&amp;b=2\">市</a>"));
}

#[test]
fn furigana_in_titles_and_voices_is_ruby_and_a_quoted_voice_is_quoted_once() {
    let fx = Fixture::minimal();
    fx.write(
        "issues/2024-04/spotlights/01-a.md",
        "+++\ntitle = \"{八幡|やわた}の<集い>\"\nvoices = [\"「{倉渕|くらぶち}はいいね」\", \"{閉じていない\"]\n+++\n\n本文です。\n",
    );
    fx.run(&["build", "2024-04", "--web"]).ok();
    let html = std::fs::read_to_string(fx.path().join("out/2024-04-web/index.html")).expect("the web edition");
    assert!(html.contains("<h2><ruby>八幡<rt>やわた</rt></ruby>の&lt;集い&gt;</h2>"), "title:\n{html}");
    assert!(html.contains("<li>「<ruby>倉渕<rt>くらぶち</rt></ruby>はいいね」</li>"), "voice quoted once:\n{html}");
    assert!(html.contains("<li>「{閉じていない」</li>"), "an unclosed brace prints as written:\n{html}");
    assert!(!html.contains("{八幡|"), "no ruby source left:\n{html}");
}

#[test]
fn options_combine_and_a_failed_build_keeps_the_previous_edition() {
    let fx = Fixture::reference();
    // With -o the folder goes beside the PDF; print forms leave it alone.
    fx.run(&["build", "2022-06", "--web", "-o", "配布/6月号.pdf"]).ok();
    assert!(fx.path().join("配布/6月号-web/index.html").is_file());
    fx.run(&["build", "2022-06", "--web", "--booklet", "--grayscale"]).ok();
    let dir = fx.path().join("out/2022-06-web");
    let booklet = web_files(&dir);
    assert_eq!(web_files(&fx.path().join("配布/6月号-web")), booklet, "the same edition whatever the PDF");
    assert!(fx.path().join("out/2022-06-booklet-grayscale.pdf").is_file());

    // A build that fails leaves the folder as it was.
    fx.write("issues/2022-06/greeting.md", "");
    fx.run(&["build", "2022-06", "--web"]).fails(1, &["greeting.md"]);
    assert_eq!(web_files(&dir), booklet, "the previous web edition is kept");
    let leftovers: Vec<_> = std::fs::read_dir(fx.path().join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tsushin-"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left behind");
}

#[test]
fn a_file_where_the_web_folder_goes_is_an_error() {
    let fx = Fixture::minimal();
    fx.write("out/2024-04-web", "a file");
    fx.run(&["build", "2024-04", "--web"]).fails(1, &["out/2024-04-web", "同じ名前のファイル"]);
    assert_eq!(std::fs::read(fx.path().join("out/2024-04-web")).unwrap(), b"a file", "the file is untouched");
}

#[test]
fn archive_keeps_each_web_edition_and_the_catalogue_links_to_it() {
    let fx = Fixture::reference();
    fx.run(&["archive"]).ok();
    let dir = fx.path().join("archive/2022-06-web");
    let checked = check(&dir.join("index.html"));
    assert_sound(&checked, &dir);
    let catalogue = std::fs::read_to_string(fx.path().join("archive/index.html")).unwrap();
    assert!(catalogue.contains("<a href=\"2022-06-web/index.html\">"), "{catalogue}");

    // An archived web edition that differs from what a build gives now is
    // kept, and said so; --force replaces it.
    let page = dir.join("index.html");
    let mut archived = std::fs::read(&page).unwrap();
    archived.extend_from_slice(b"<!-- as archived -->\n");
    std::fs::write(&page, &archived).unwrap();
    std::fs::remove_file(fx.path().join("archive/2022-06.png")).unwrap(); // so the issue is looked at again
    fx.run(&["archive"]).ok_with(&["Web 版", "archive/2022-06-web/", "--force"]);
    assert_eq!(std::fs::read(&page).unwrap(), archived, "the archived web edition is kept");
    fx.run(&["archive", "--force"]).ok();
    assert_ne!(std::fs::read(&page).unwrap(), archived, "--force replaces it");
}
