//! `tsushin archive` end to end: PDF/A + PDF/UA files with the right XMP
//! metadata, the manifest, skipping, `--force`, keeping archived copies when
//! a rebuild would differ, and the catalogue page in headless Chromium.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// The reference newsletter with two more issues: the district example's
/// (with an issue number) and the minimal fixture's.
fn three_issues() -> Fixture {
    let fx = Fixture::reference();
    fx.add_issue("examples/district-2p/issues/2023-02", "2023-02");
    fx.add_issue("tests/fixtures/minimal/issues/2024-04", "2024-04");
    fx
}

fn archived(fx: &Fixture, id: &str) -> PathBuf {
    fx.path().join("archive").join(format!("{id}.pdf"))
}

fn xmp(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").args(["-meta", pdf.to_str().unwrap()]).output().expect("pdfinfo (poppler-utils)");
    assert!(out.status.success(), "pdfinfo -meta failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn archive_writes_pdfa_with_metadata_and_a_manifest() {
    let fx = three_issues();
    let run = fx.run(&["archive"]);
    run.ok();
    assert!(run.stderr.contains("新しく保存 3 号"), "{}", run.stderr);
    assert!(!run.stderr.contains("保存版を作成中"), "progress bar only on a terminal: {}", run.stderr);
    for id in ["2022-06", "2023-02", "2024-04"] {
        let meta = xmp(&archived(&fx, id));
        for part in ["<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>A</pdfaid:conformance>"] {
            assert!(meta.contains(part), "{id}: XMP lacks {part}:\n{meta}");
        }
        // PDF/UA-1 where Typst allows: the district issue's Markdown heading
        // (###) has no level-1 heading above it, which PDF/UA-1 forbids.
        let ua = meta.contains("<pdfuaid:part>1</pdfuaid:part>");
        assert_eq!(ua, id != "2023-02", "{id}: PDF/UA-1 identification");
        assert!(fx.path().join(format!("archive/{id}.png")).is_file(), "{id}: thumbnail");
    }
    assert!(
        run.stderr.contains("号 2023-02 は PDF/UA-1（読み上げ対応）の条件を満たさないため、PDF/A-2a だけで保存します"),
        "{}",
        run.stderr
    );
    let meta = xmp(&archived(&fx, "2022-06"));
    assert!(meta.contains("高崎市生活支援コーディネーター通信 令和4年6月号"), "title: {meta}");
    assert!(meta.contains("2022-06-01T00:00:00"), "issue date: {meta}");
    assert!(meta.contains("高崎市第1層生活支援コーディネーター"), "publisher: {meta}");
    let meta = xmp(&archived(&fx, "2023-02"));
    assert!(meta.contains("第5号"), "number: {meta}");
    assert!(meta.contains("令和5年2月号") && meta.contains("2023-02-01T00:00:00"), "{meta}");

    let manifest = std::fs::read_to_string(fx.path().join("archive/manifest.toml")).unwrap();
    let parsed: toml::Table = toml::from_str(&manifest).expect("manifest is TOML");
    let issues = parsed["issues"].as_table().unwrap();
    assert_eq!(issues.keys().collect::<Vec<_>>(), ["2022-06", "2023-02", "2024-04"]);
    let record = issues["2022-06"].as_table().unwrap();
    for key in ["content", "layout", "pdf"] {
        assert_eq!(record[key].as_str().unwrap().len(), 64, "{key} is a SHA-256");
    }
    let fonts: Vec<&str> = record["fonts"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert!(fonts.iter().any(|f| f.starts_with("BIZ UDPGothic") && f.contains("Version")), "{fonts:?}");
    // The recorded PDF hash is the file's (sha256sum can check the archive).
    let out = Command::new("sha256sum").arg(archived(&fx, "2022-06")).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(record["pdf"].as_str().unwrap()));
    assert_eq!(issues["2023-02"]["number"].as_integer(), Some(5));
    let standards = |id: &str| {
        issues[id]["standards"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(standards("2022-06"), ["PDF/A-2a", "PDF/UA-1"]);
    assert_eq!(standards("2023-02"), ["PDF/A-2a"]);
}

#[test]
fn archive_is_deterministic_skips_unchanged_and_force_rebuilds() {
    let fx = three_issues();
    fx.run(&["archive"]).ok();
    let first: Vec<Vec<u8>> =
        ["2022-06", "2023-02", "2024-04"].iter().map(|id| std::fs::read(archived(&fx, id)).unwrap()).collect();
    let manifest = std::fs::read(fx.path().join("archive/manifest.toml")).unwrap();

    let again = fx.run(&["archive"]);
    again.ok();
    assert!(again.stderr.contains("新しく保存 0 号、作り直し 0 号、変更なし 3 号"), "{}", again.stderr);
    assert!(!again.stderr.contains("警告"), "nothing to warn about: {}", again.stderr);

    let forced = fx.run(&["archive", "--force", "-j", "1"]);
    forced.ok();
    assert!(forced.stderr.contains("作り直し 3 号"), "{}", forced.stderr);
    for (id, before) in ["2022-06", "2023-02", "2024-04"].iter().zip(&first) {
        assert!(*before == std::fs::read(archived(&fx, id)).unwrap(), "{id}: same input, same bytes");
    }
    assert!(manifest == std::fs::read(fx.path().join("archive/manifest.toml")).unwrap(), "manifest unchanged");
}

#[test]
fn changed_layout_keeps_the_archived_copy_and_warns() {
    let fx = Fixture::reference();
    fx.run(&["archive"]).ok();
    let pdf = archived(&fx, "2022-06");
    let before = std::fs::read(&pdf).unwrap();
    let manifest = std::fs::read(fx.path().join("archive/manifest.toml")).unwrap();

    // A newsletter's own copy of the default layout with a darker ink.
    copy_dir(&repo().join("layouts/default"), &fx.path().join("layouts/default"));
    let theme = fx.path().join("layouts/default/theme.typ");
    let mut text = std::fs::read_to_string(&theme).unwrap();
    text.push_str("\n#let ink = rgb(\"#000000\")\n");
    std::fs::write(&theme, text).unwrap();

    let run = fx.run(&["archive"]);
    run.ok();
    assert!(
        run.stderr.contains(
            "号 2022-06 を今組版すると、保存版 archive/2022-06.pdf と違う PDF になります（変わったもの: レイアウト）"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("保存版を残した 1 号"), "{}", run.stderr);
    assert!(before == std::fs::read(&pdf).unwrap(), "archived PDF kept");
    assert!(
        manifest == std::fs::read(fx.path().join("archive/manifest.toml")).unwrap(),
        "record of what was printed kept"
    );

    let forced = fx.run(&["archive", "--force"]);
    forced.ok();
    assert!(before != std::fs::read(&pdf).unwrap(), "--force replaces it");
    let manifest_after = std::fs::read_to_string(fx.path().join("archive/manifest.toml")).unwrap();
    assert!(manifest_after.as_bytes() != manifest.as_slice(), "new layout hash recorded");
    fx.run(&["archive"]).ok().stderr.contains("変更なし 1 号").then_some(()).expect("up to date after --force");
}

#[test]
fn changed_text_is_named_in_the_warning() {
    let fx = Fixture::minimal();
    fx.run(&["archive"]).ok();
    fx.write("issues/2024-04/greeting.md", "夏になりました。\n");
    fx.run(&["archive"]).ok().stderr.contains("変わったもの: 原稿").then_some(()).expect("content change named");
}

/// Runs headless Chromium on the catalogue with a query in the address and
/// returns (DOM after the page's script ran, Chromium's log).
fn chromium(page: &Path, query: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}#q={query}", page.display());
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", &url])
        .output()
        .expect("chromium is needed for this test (apt-get install chromium; see .ci/run)");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The issues listed in the DOM and whether each is shown.
fn listed(dom: &str) -> Vec<(String, bool)> {
    dom.match_indices("<li class=\"issue\"")
        .map(|(at, _)| {
            let tag = &dom[at..at + dom[at..].find('>').unwrap()];
            let id = tag.split("data-id=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
            (id, !tag.contains("hidden"))
        })
        .collect()
}

#[test]
fn catalogue_lists_every_issue_newest_first_and_searches_offline() {
    let fx = three_issues();
    fx.run(&["archive"]).ok();
    let page = fx.path().join("archive/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("name=\"viewport\""), "phone viewport");
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "nothing from the network");
    assert!(
        html.contains("令和5年2月号") && html.contains("2023年2月1日発行</time>・第5号"),
        "era, Western date and number"
    );
    assert!(html.contains("八幡協議体を居場所「八起き」で開催（八幡協議体）"), "spotlight title with its council");

    let (dom, log) = chromium(&page, "");
    assert!(dom.contains("data-ready=\"1\""), "the page's script ran:\n{dom}");
    assert!(!log.contains(":CONSOLE"), "console messages:\n{log}");
    let all = listed(&dom);
    let ids: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["2024-04", "2023-02", "2022-06"], "newest first");
    assert!(all.iter().all(|(_, shown)| *shown), "all shown without a query");
    assert!(dom.contains("全 3 号"), "{dom}");

    // A word of the text (not a title) that only the district issue has.
    let (dom, log) = chromium(&page, "%E3%81%94%E3%81%BF%E5%87%BA%E3%81%97"); // ごみ出し
    assert!(!log.contains(":CONSOLE"), "console messages:\n{log}");
    let shown: Vec<String> = listed(&dom).into_iter().filter(|(_, s)| *s).map(|(id, _)| id).collect();
    assert_eq!(shown, ["2023-02"], "search for ごみ出し");
    assert!(dom.contains("「ごみ出し」を含む号: 1 号"), "{dom}");
    // Full-width query letters match half-width text (NFKC): "SC" is in 2022-06.
    let (dom, _) = chromium(&page, "%EF%BC%B3%EF%BC%A3"); // ＳＣ
    let shown: Vec<String> = listed(&dom).into_iter().filter(|(_, s)| *s).map(|(id, _)| id).collect();
    assert_eq!(shown, ["2022-06"], "search for ＳＣ");
}

#[test]
fn a_broken_issue_does_not_stop_the_others() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-05/issue.toml", "date = 2024-05-01\n");
    let run = fx.run(&["archive"]);
    run.fails(
        1,
        &[
            "号 2024-05 を保存できませんでした",
            "issues/2024-05/greeting.md がありません",
            "新しく保存 1 号",
            "失敗 1 号",
        ],
    );
    assert!(archived(&fx, "2024-04").is_file(), "the good issue is archived");
    assert!(!archived(&fx, "2024-05").exists());
}
