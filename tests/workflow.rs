//! The coordinator's daily routine through the real binary, in temporary
//! folders: init, new, watch, preview, list, completions, -q/-v.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use common::watch::{Watch, eventually};
use common::*;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Files under `dir`, relative and sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// The reference newsletter's settings and June 2022 issue in a temporary folder.
fn reference_newsletter() -> tempfile::TempDir {
    Fixture::reference().dir
}

#[test]
fn init_then_build_outside_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    tsushin(tmp.path(), &["init", "通信", "--issue", "2025-04"]).ok();
    let root = tmp.path().join("通信");
    let files = tree(&root);
    assert!(files.contains(&"tsushin.toml".to_owned()), "{files:?}");
    assert!(files.contains(&"issues/2025-04/greeting.md".to_owned()), "{files:?}");
    // Nothing of the repository was copied: layout and fonts come from the binary.
    assert!(!root.join("fonts").exists() && !root.join("layouts").exists(), "{files:?}");
    // Every setting is present and explained.
    let config = read(&root.join("tsushin.toml"));
    for key in ["title", "catchphrase", "layout", "[publisher]", "name", "phone", "office", "web_title", "web_url"] {
        assert!(config.contains(key), "tsushin.toml lacks {key}:\n{config}");
    }
    assert!(config.lines().filter(|l| l.starts_with('#')).count() >= 8, "settings are explained:\n{config}");

    tsushin(&root, &["build", "2025-04"]).ok();
    let pdf = root.join("out/2025-04.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains("高崎市生活支援コーディネーター通信"), "{text}");
    assert!(text.contains("令和7年4月号"), "{text}");
    assert!(pdf_fonts(&pdf).contains("BIZUDPGothic"), "embedded fonts are used");
}

#[test]
fn init_with_layout_uses_the_copied_layout() {
    let tmp = tempfile::tempdir().unwrap();
    tsushin(tmp.path(), &["init", "nl", "--issue", "2025-04", "--layout"]).ok();
    let root = tmp.path().join("nl");
    let layout = root.join("layouts/default/layout.typ");
    assert_eq!(std::fs::read(&layout).unwrap(), std::fs::read(repo().join("layouts/default/layout.typ")).unwrap());
    // Customise the copy: wrap the entry point so the page shows a marker.
    let mut text = read(&layout);
    text.push_str("\n#let original-newsletter = newsletter\n#let newsletter(issue) = { [独自レイアウトの印]; original-newsletter(issue) }\n");
    std::fs::write(&layout, text).unwrap();
    tsushin(&root, &["build", "2025-04"]).ok();
    assert!(pdf_text(&root.join("out/2025-04.pdf")).contains("独自レイアウトの印"));
}

#[test]
fn init_refuses_an_existing_newsletter() {
    let tmp = tempfile::tempdir().unwrap();
    tsushin(tmp.path(), &["init", "nl", "--issue", "2025-04"]).ok();
    let config = tmp.path().join("nl/tsushin.toml");
    std::fs::write(&config, "title = \"書きかけ\"\n").unwrap();
    tsushin(tmp.path(), &["init", "nl"]).fails(2, &["もう通信のフォルダーです", "tsushin new"]);
    assert_eq!(read(&config), "title = \"書きかけ\"\n", "the existing settings are untouched");
}

#[test]
fn new_issue_carries_over_the_recurring_parts_and_builds() {
    let tmp = reference_newsletter();
    let root = tmp.path();
    // An issue-level contact override and a picture in the notice travel along.
    let issue_toml = root.join("issues/2022-06/issue.toml");
    let mut toml = read(&issue_toml);
    toml.push_str("catchphrase = \"引き継がれる標語\"\n\n[publisher]\noffice = \"引き継がれる課\"\n");
    std::fs::write(&issue_toml, toml).unwrap();
    let notice = root.join("issues/2022-06/notice.md");
    std::fs::write(&notice, read(&notice) + "\n![お知らせの写真](images/spring-festival.png)\n").unwrap();

    tsushin(root, &["new", "2022-08"]).ok();
    let dir = root.join("issues/2022-08");
    let toml = read(&dir.join("issue.toml"));
    assert!(toml.contains("date = 2022-08-01"), "{toml}");
    assert!(toml.contains("引き継がれる標語") && toml.contains("office = \"引き継がれる課\""), "{toml}");
    assert!(read(&dir.join("notice.md")).contains("第１層生活支援コーディネーターよりお願い"));
    assert!(read(&dir.join("figure.md")).contains("協議体の役割"));
    let game = read(&dir.join("game.md"));
    assert!(game.contains("体験ゲームについてのお問い合わせは第1層SCまで"), "explainer kept:\n{game}");
    assert!(!game.contains("長野協議体"), "last issue's report is not carried over:\n{game}");
    let minutes = read(&dir.join("minutes.md"));
    assert!(minutes.contains("## 住民企画会議") && minutes.contains("## 事業推進会議"), "{minutes}");
    assert!(!minutes.contains("４・５月"), "last issue's months are not carried over:\n{minutes}");
    assert!(!read(&dir.join("greeting.md")).contains("２か月が過ぎました"), "the greeting starts afresh");
    assert!(dir.join("images/spring-festival.png").is_file(), "the notice's picture came along");
    let spotlights = tree(&dir.join("spotlights"));
    assert_eq!(spotlights.len(), 3, "as many spotlights as last time: {spotlights:?}");

    tsushin(root, &["build", "2022-08"]).ok();
    let text = pdf_text(&root.join("out/2022-08.pdf"));
    for expected in
        ["令和4年8月号", "第１層生活支援コーディネーターよりお願い", "引き継がれる標語", "助け合い体験ゲーム"]
    {
        assert!(text.contains(expected), "PDF lacks {expected}: {text}");
    }
}

#[test]
fn new_refuses_an_existing_issue_and_follows_from() {
    let tmp = reference_newsletter();
    let root = tmp.path();
    tsushin(root, &["new", "2022-08"]).ok();
    let notice = root.join("issues/2022-08/notice.md");
    std::fs::write(&notice, "+++\ntitle = \"八月だけのお知らせ\"\n+++\n本文\n").unwrap();

    tsushin(root, &["new", "2022-08"]).fails(2, &["号 2022-08 はもうあります"]);
    assert!(read(&notice).contains("八月だけのお知らせ"), "the existing issue is untouched");

    // By default the latest issue is the model; --from picks another.
    tsushin(root, &["new", "2022-10"]).ok();
    assert!(read(&root.join("issues/2022-10/notice.md")).contains("八月だけのお知らせ"));
    tsushin(root, &["new", "2022-12", "--from", "2022-06"]).ok();
    let from_june = read(&root.join("issues/2022-12/notice.md"));
    assert!(
        from_june.contains("第１層生活支援コーディネーターよりお願い") && !from_june.contains("八月"),
        "{from_june}"
    );
    tsushin(root, &["new", "2023-02", "--from", "2021-01"]).fails(2, &["2021-01"]);
    assert!(!root.join("issues/2023-02").exists());
    // No staging folder is left behind.
    let leftovers: Vec<_> = tree(&root.join("issues")).into_iter().filter(|p| p.contains(".tsushin")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Waits until the PDF's text contains `needle`.
fn wait_for_pdf(pdf: &Path, needle: &str) {
    eventually(|| pdf.is_file() && pdf_text(pdf).contains(needle), || format!("the PDF to show {needle:?}"));
}

#[test]
fn watch_rebuilds_survives_a_broken_file_and_stops_cleanly() {
    let fx = Fixture::minimal();
    let pdf = fx.path().join("out/2024-04.pdf");
    let watch = Watch::start(fx.path(), "2024-04");
    watch.wait_for("作成しました", 1);
    assert!(pdf_text(&pdf).contains("春になりました。"));

    fx.write("issues/2024-04/greeting.md", "見張りで作り直しました。\n");
    wait_for_pdf(&pdf, "見張りで作り直しました。");
    watch.wait_for("作成しました", 2);
    let good = std::fs::read(&pdf).unwrap();

    // A broken file: an error line, and the last good PDF stays.
    fx.write("issues/2024-04/issue.toml", "date = \npages = 1\n");
    watch.wait_for("エラーがあります", 1);
    watch.wait_for("issue.toml", 1);
    assert!(std::fs::read(&pdf).unwrap() == good, "the last good PDF is kept");

    // Fixed again: it recovers without a restart.
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npages = 1\n");
    fx.write("issues/2024-04/greeting.md", "直したあとも作り直します。\n");
    wait_for_pdf(&pdf, "直したあとも作り直します。");

    // Ctrl-C: a clean stop, nothing half-written left behind.
    let mut watch = watch;
    let status = Command::new("kill").args(["-INT", &watch.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let mut exit = None;
    eventually(
        || {
            exit = watch.child.try_wait().unwrap();
            exit.is_some()
        },
        || "watch to stop".into(),
    );
    assert!(exit.is_some_and(|e| e.success()), "{exit:?}");
    watch.wait_for("監視を終了しました", 1);
    assert_eq!(tree(&fx.path().join("out")), ["2024-04.pdf"], "no temporary files are left");
}

#[test]
fn watch_sees_settings_layout_and_font_changes() {
    let fx = Fixture::minimal();
    let pdf = fx.path().join("out/2024-04.pdf");
    let watch = Watch::start(fx.path(), "2024-04");
    watch.wait_for("作成しました", 1);
    let config = read(&fx.path().join("tsushin.toml")).replace("テスト通信", "設定を変えた通信");
    fx.write("tsushin.toml", config);
    wait_for_pdf(&pdf, "設定を変えた通信");

    // A layout folder that appears while watching is used and watched.
    let dir = fx.path().join("layouts/default");
    copy_dir(&repo().join("layouts/default"), &dir);
    // (A change inside the page: text before the layout's page rule would add
    // a page, which preflight rightly refuses for a one-page issue.)
    let parts = read(&dir.join("parts.typ"));
    assert!(parts.contains("巻頭あいさつ"), "the greeting's default label moved");
    std::fs::write(dir.join("parts.typ"), parts.replace("巻頭あいさつ", "レイアウトの変更")).unwrap();
    wait_for_pdf(&pdf, "レイアウトの変更");

    // A font added to the newsletter's fonts/ makes it rebuild with the fonts reloaded.
    let builds = watch.count("作成しました");
    let font = std::fs::read(repo().join("fonts/ZenMaruGothic-Medium.ttf")).unwrap();
    fx.write("fonts/Extra.ttf", font);
    watch.wait_for("作成しました", builds + 1);
}

/// The layout times (`組版 X ms`) that `tsushin watch -v` printed so far.
fn layout_times(watch: &Watch) -> Vec<f64> {
    let log = watch.log.lock().unwrap();
    log.iter().filter_map(|l| l.split("組版 ").nth(1)?.split(" ms").next()?.parse().ok()).collect()
}

#[test]
fn watch_relayouts_only_what_changed() {
    let tmp = reference_newsletter();
    let greeting = tmp.path().join("issues/2022-06/greeting.md");
    let original = read(&greeting);
    let mut child = Command::new(BIN);
    child.args(["watch", "2022-06", "-v"]).current_dir(tmp.path());
    let watch = Watch::spawn(child);
    watch.wait_for("作成しました", 1);
    for i in 1..=3 {
        std::fs::write(&greeting, original.replacen("過ぎました", &format!("過ぎました{i}"), 1)).unwrap();
        watch.wait_for("作成しました", i + 1);
    }
    let times = layout_times(&watch);
    assert_eq!(times.len(), 4, "{times:?}");
    let mut edits = times[1..].to_vec();
    edits.sort_by(f64::total_cmp);
    // Measured: about 150 ms for the first layout, under 10 ms after a one-line
    // edit. When Typst cannot reuse its earlier work (as with a layout whose page
    // header captures the whole `issue`), an edit costs about as much as the first.
    assert!(
        edits[1] * 3.0 < times[0],
        "a one-line edit is laid out again incrementally: first {} ms, edits {edits:?}",
        times[0]
    );
    // The first build needs Typst's second pass (measured text); each edit is
    // laid out in one, its first pass answered by the previous pages
    // (typeset::converge), and the PDF is still what a fresh build writes.
    let passes: Vec<String> = watch
        .log
        .lock()
        .unwrap()
        .iter()
        .filter_map(|l| Some(l.split("組版 ").nth(1)?.split('（').nth(1)?.split('）').next()?.to_owned()))
        .collect();
    assert_eq!(passes, ["2 パス", "1 パス", "1 パス", "1 パス"], "{passes:?}");
    let fresh = tmp.path().join("fresh.pdf");
    tsushin(tmp.path(), &["build", "2022-06", "-o", fresh.to_str().unwrap()]).ok();
    let watched = tmp.path().join("out/2022-06.pdf");
    assert_eq!(std::fs::read(&watched).unwrap(), std::fs::read(&fresh).unwrap(), "watch writes what build writes");
}

#[test]
fn watch_follows_an_edit_that_moves_the_page_breaks() {
    let tmp = reference_newsletter();
    let root = tmp.path();
    let greeting = root.join("issues/2022-06/greeting.md");
    let original = read(&greeting);
    let fresh = |name: &str| {
        let out = root.join(name);
        tsushin(root, &["build", "2022-06", "-o", out.to_str().unwrap()]).ok();
        std::fs::read(&out).unwrap()
    };
    let before = fresh("before.pdf");
    let pages_before: Vec<String> = (1..=4).map(|n| pdf_page_text(&root.join("before.pdf"), n)).collect();

    let mut child = Command::new(BIN);
    child.args(["watch", "2022-06"]).current_dir(root);
    let watch = Watch::spawn(child);
    watch.wait_for("作成しました", 1);
    let pdf = root.join("out/2022-06.pdf");
    assert_eq!(std::fs::read(&pdf).unwrap(), before, "watch's first build is the build's");

    // A second paragraph of some five lines: what follows the greeting moves on.
    let longer = format!(
        "{original}\n{}\n",
        "地域の皆さんの声を聞きながら、困りごとを解決する仕組みづくりを進めています。".repeat(4)
    );
    std::fs::write(&greeting, &longer).unwrap();
    watch.wait_for("作成しました", 2);
    let edited = std::fs::read(&pdf).unwrap();
    assert_eq!(edited, fresh("edited.pdf"), "after the edit, watch writes what a fresh build writes");
    let moved = (2..=4).filter(|&n| pdf_page_text(&pdf, n) != pages_before[n - 1]).count();
    assert!(moved > 0, "the edit moved text across the page breaks (pages 2–4 are as before)");

    // Undone, the PDF is the first one again, byte for byte.
    std::fs::write(&greeting, &original).unwrap();
    watch.wait_for("作成しました", 3);
    assert_eq!(std::fs::read(&pdf).unwrap(), before, "the edit undone gives the first PDF again");
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{} is a PNG", path.display());
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn preview_writes_pngs_of_the_page_size() {
    let fx = Fixture::minimal();
    let dir = fx.path().join("out/2024-04");
    // A leftover image of a page the issue no longer has.
    fx.write("out/2024-04/page-3.png", b"old");
    fx.run(&["preview", "2024-04", "--dpi", "72"]).ok();
    assert_eq!(png_size(&dir.join("page-1.png")), (595, 842), "A4 at 72 dpi");
    assert_eq!(tree(&dir), ["page-1.png"], "stale page images are removed");

    fx.run(&["preview", "2024-04", "--dpi", "144", "--page", "1"]).ok();
    assert_eq!(png_size(&dir.join("page-1.png")), (1191, 1684), "A4 at 144 dpi");

    fx.run(&["preview", "2024-04", "--page", "2"]).fails(2, &["1 ページ", "--page"]);
    fx.run(&["preview", "2024-04", "--dpi", "5000"]).fails(2, &["--dpi"]);
}

fn set_mtime(path: &Path, time: SystemTime) {
    std::fs::File::options().write(true).open(path).unwrap().set_modified(time).unwrap();
}

/// The line of `tsushin list` for one issue.
fn list_line(root: &Path, issue: &str) -> String {
    let run = tsushin(root, &["list"]);
    run.ok();
    run.stdout
        .lines()
        .find(|l| l.starts_with(issue))
        .unwrap_or_else(|| panic!("{issue} not listed:\n{}", run.stdout))
        .to_owned()
}

#[test]
fn list_shows_issues_newest_first_with_pdf_state() {
    let fx = Fixture::minimal();
    let root = fx.path();
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\nnumber = 7\npages = 1\n");
    fx.write("issues/2024-04/spotlights/01-a.md", "+++\ntitle = \"一覧に出る見出し\"\n+++\n本文\n");
    fx.run(&["new", "2024-06"]).ok();

    let run = fx.run(&["list"]);
    run.ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[1].starts_with("2024-06") && lines[2].starts_with("2024-04"), "newest first:\n{}", run.stdout);
    assert!(list_line(root, "2024-06").contains("第8号"), "new numbers the issue after the last one");
    let april = list_line(root, "2024-04");
    for expected in ["令和6年4月号", "第7号", "一覧に出る見出し", "なし"] {
        assert!(april.contains(expected), "{expected} missing: {april}");
    }

    fx.run(&["build", "2024-04"]).ok();
    let pdf = root.join("out/2024-04.pdf");
    let built = std::fs::metadata(&pdf).unwrap().modified().unwrap();
    assert!(list_line(root, "2024-04").contains("最新"));
    assert!(list_line(root, "2024-06").contains("なし"));

    // Editing a manuscript, or the settings, makes the PDF stale.
    let later = built + Duration::from_secs(5);
    set_mtime(&root.join("issues/2024-04/greeting.md"), later);
    let line = list_line(root, "2024-04");
    assert!(line.contains("古い") && line.contains("greeting.md"), "{line}");
    set_mtime(&pdf, later + Duration::from_secs(5));
    assert!(list_line(root, "2024-04").contains("最新"));
    set_mtime(&root.join("tsushin.toml"), later + Duration::from_secs(10));
    let line = list_line(root, "2024-04");
    assert!(line.contains("古い") && line.contains("tsushin.toml"), "{line}");
}

#[test]
fn quiet_and_verbose() {
    let fx = Fixture::minimal();
    // Expecting four pages gives a warning for this one-page issue.
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npages = 4\n");
    let normal = fx.run(&["build", "2024-04"]);
    normal.ok();
    assert!(normal.stderr.contains("警告") && normal.stderr.contains("作成しました"), "{}", normal.stderr);
    assert!(!normal.stderr.contains('\x1b'), "no terminal codes when not on a terminal");

    let quiet = fx.run(&["build", "2024-04", "-q"]);
    quiet.ok();
    assert_eq!(quiet.stderr, "", "-q prints nothing when all is well");

    let verbose = fx.run(&["-v", "build", "2024-04"]);
    verbose.ok();
    assert!(verbose.stderr.contains("組版") && verbose.stderr.contains("ms"), "{}", verbose.stderr);

    // Errors still show with -q.
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npage = 4\n");
    fx.run(&["check", "2024-04", "-q"]).fails(1, &["page"]);
}

#[test]
fn every_command_has_japanese_help_with_examples() {
    let tmp = tempfile::tempdir().unwrap();
    for command in ["build", "check", "init", "new", "watch", "preview", "list", "completions"] {
        let run = tsushin(tmp.path(), &[command, "--help"]);
        run.ok();
        assert!(run.stdout.contains("使い方") && run.stdout.contains("例:"), "{command} --help:\n{}", run.stdout);
        assert!(run.stdout.contains(&format!("tsushin {command}")), "{command} --help shows itself:\n{}", run.stdout);
    }
}

#[test]
fn completions_cover_the_commands() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let run = tsushin(tmp.path(), &["completions", shell]);
        run.ok();
        for command in ["init", "watch", "preview", "list"] {
            assert!(run.stdout.contains(command), "{shell} completion lacks {command}");
        }
    }
    tsushin(tmp.path(), &["completions", "cmd.exe"]).fails(2, &["エラー"]);
}

/// The reference photo cut off 100 bytes into its pixel data: every chunk
/// before the first IDAT (signature, size, palette) is intact.
fn photo_with_a_damaged_body() -> Vec<u8> {
    let png = std::fs::read(repo().join("issues/2022-06/images/spring-festival.png")).unwrap();
    let mut at = 8;
    while &png[at + 4..at + 8] != b"IDAT" {
        let length = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        at += 12 + length;
    }
    png[..at + 8 + 100].to_vec()
}

#[test]
fn list_reads_only_photo_headers_and_build_reports_the_damaged_photo() {
    let fx = Fixture::reference();
    fx.write("issues/2022-06/images/spring-festival.png", photo_with_a_damaged_body());
    // Listing needs the header only: the issue is listed as usual.
    let line = list_line(fx.path(), "2022-06");
    assert!(line.contains("令和4年6月号") && line.contains("「よってって」活動開始"), "{line}");
    assert!(!line.contains("読めません"), "{line}");
    // Building decodes the photo and names it where the spotlight refers to it.
    fx.run(&["build", "2022-06"]).fails(
        1,
        &[
            "issues/2022-06/images/spring-festival.png は画像として読めません。壊れているか、途中までしか保存されていません",
            "--> issues/2022-06/spotlights/03-yottette.md:9:9",
            "元の写真からもう一度コピーする",
        ],
    );
    assert!(!fx.path().join("out/2022-06.pdf").exists());
}
