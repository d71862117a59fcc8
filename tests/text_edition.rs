//! The plain text edition (`tsushin build --text`) through the real binary:
//! reading order, page marks that agree with the printed pages, photos,
//! numbered flow steps, every article's text, and a layout that does not
//! report its pages.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

/// Builds the reference issue with `--text`; returns the text edition.
fn reference_text(fx: &Fixture) -> String {
    fx.run(&["build", "2022-06", "--text"]).ok_with(&["2022-06.txt", "テキスト版"]);
    assert!(fx.path().join("out/2022-06.pdf").is_file(), "the PDF is still built");
    std::fs::read_to_string(fx.path().join("out/2022-06.txt")).expect("out/2022-06.txt written")
}

/// The text of one printed page as poppler extracts it, without whitespace.
fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &page, "-l", &page, pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect()
}

fn position(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("{needle:?} missing from the text edition:\n{text}"))
}

#[test]
fn reference_reads_in_order_with_page_marks_where_the_pages_begin() {
    let fx = Fixture::reference();
    let text = reference_text(&fx);
    // The masthead opens page 1.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        &lines[..5],
        ["1ページ", "", "高崎市生活支援コーディネーター通信", "みんなでつなごう！支えあいの輪！", "令和4年6月号"]
    );
    // One mark per printed page, in order.
    let marks: Vec<&str> = lines.iter().copied().filter(|l| l.ends_with("ページ") && l.len() < 12).collect();
    assert_eq!(marks, ["1ページ", "2ページ", "3ページ", "4ページ"]);
    // The articles in the order they are printed (the floats where the
    // planner put them), the publisher last.
    let order = [
        "新年度が始まり、２か月が過ぎました。",
        "【４・５月の第１層協議体の話し合いの議事内容】",
        "【八幡協議体を居場所「八起き」で開催】",
        "【「たのも～」お助け隊発足】",
        "【助け合い体験ゲーム】",
        "【第１層生活支援コーディネーターよりお願い】",
        "【「よってって」活動開始】",
        "【協議体の役割】",
        "発行元：高崎市第1層生活支援コーディネーター",
    ];
    let at: Vec<usize> = order.iter().map(|t| position(&text, t)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "reading order: {at:?}\n{text}");

    // Each article's title is printed on the page whose mark comes before it.
    let pdf = fx.path().join("out/2022-06.pdf");
    let mut page = 0;
    for line in &lines {
        if let Some(n) = line.strip_suffix("ページ").and_then(|n| n.parse::<usize>().ok()) {
            page = n;
        } else if let Some(title) = line.strip_prefix('【').and_then(|l| l.strip_suffix('】')) {
            let start: String = title.chars().take(8).collect();
            assert!(page_text(&pdf, page).contains(&start), "「{title}」 is not printed on page {page}");
        }
    }
}

#[test]
fn reference_has_photos_numbered_steps_and_every_text() {
    let fx = Fixture::reference();
    let text = reference_text(&fx);
    assert!(text.contains("「写真：スプリングフェスティバルの様子」"), "{text}");
    // Flows as numbered steps, with their labels and voices; no Markdown left.
    for step in [
        "1. （令和２年１２月）単発で実施　新年を健やかに",
        "2. （やってみたら…）気づき\n　声：「まだ、他にも困っている人がたくさんいるかもしれない！」",
        "6. （５月～）活動開始",
        "5. （毎月第１火曜日）集まれる場所「よってって」　ふれあい館で継続的に開催",
    ] {
        assert!(text.contains(step), "{step:?} missing:\n{text}");
    }
    assert!(!text.contains("**"), "Markdown markers left:\n{text}");
    // Soft line breaks between Japanese characters are dropped.
    assert!(
        text.contains("協議体メンバーの中には、初めて訪れる方もおり、「八起き」の様子を知るきっかけになりました。")
    );
    // Every line of every article as written in the PDF's extracted text:
    // each sentence the coordinators wrote is in the text edition too.
    // (in drawing order: two columns side by side would interleave lines)
    let pdf_text = pdf_text_raw(&fx.path().join("out/2022-06.pdf"));
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut checked = 0;
    for file in ["greeting.md", "notice.md", "game.md", "minutes.md", "spotlights/03-yottette.md"] {
        let written = std::fs::read_to_string(fx.path().join("issues/2022-06").join(file)).unwrap();
        let body = written.rsplit("+++").next().unwrap();
        for sentence in body.split(['。', '\n']).map(|s| s.trim_start_matches(['-', '#', ' ', '*'])) {
            let sentence: String = sentence.chars().filter(|c| !c.is_whitespace() && *c != '*').collect();
            if sentence.chars().count() >= 6 && pdf_text.contains(&sentence) {
                assert!(flat.contains(&sentence), "{file}: {sentence:?} printed but not in the text edition");
                checked += 1;
            }
        }
    }
    assert!(checked > 25, "only {checked} sentences compared");
    for end in ["実施しました。", "お待ちしております。", "一体感も持つことができました。", "集まれる場所ができたら！"]
    {
        assert!(text.contains(end), "{end:?} missing");
    }
}

#[test]
fn text_goes_beside_the_pdf_named_with_o_and_only_when_asked() {
    let fx = Fixture::minimal();
    fx.run(&["build", "2024-04"]).ok();
    assert!(!fx.path().join("out/2024-04.txt").exists(), "no text edition unless asked");
    fx.run(&["build", "2024-04", "-o", "6月号.pdf", "--text"]).ok();
    let text = std::fs::read_to_string(fx.path().join("6月号.txt")).expect("beside the PDF");
    assert!(text.starts_with("1ページ\n\nテスト通信\nテストの標語\n令和6年4月号\n"), "{text}");
    assert!(text.contains("春になりました。皆さんいかがお過ごしでしょうか。"), "{text}");
    assert!(text.ends_with("発行元：テスト発行元\n連絡先：電話 000-000-0000\n令和6年（2024年）4月発行\n"), "{text}");
}

#[test]
fn a_layout_that_does_not_report_its_pages_gets_no_marks_and_a_warning() {
    let fx = Fixture::minimal();
    fx.write("layouts/plain/layout.typ", "#let newsletter(issue) = { set text(lang: \"ja\", font: \"BIZ UDPGothic\", size: 12pt); issue.greeting.body }\n");
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npages = 1\nlayout = \"plain\"\n");
    fx.run(&["build", "2024-04", "--text"]).ok_with(&["ページの区切りの印がありません"]);
    let text = std::fs::read_to_string(fx.path().join("out/2024-04.txt")).unwrap();
    assert!(!text.contains("ページ\n"), "{text}");
    assert!(text.starts_with("テスト通信\n"), "{text}");
    assert!(text.contains("春になりました。"), "{text}");
}

#[test]
fn events_tables_and_titled_flows_are_read_as_a_listener_needs_them() {
    // The district example: an events listing and a table of collection points.
    let fx = Fixture::new("examples/district-2p");
    fx.run(&["build", "2023-02", "--text"]).ok();
    let text = std::fs::read_to_string(fx.path().join("out/2023-02.txt")).expect("out/2023-02.txt written");
    // events in date order, each date with its weekday, its particulars named
    let (a, b, c) =
        (position(&text, "2月14日（火）"), position(&text, "2月25日（土）"), position(&text, "4月2日（日）"));
    assert!(a < b && b < c, "events in date order:\n{text}");
    position(&text, "場所：八幡公民館 会議室");
    position(&text, "費用：無料");
    // a table row read with its headings, no pipes or delimiter rows left
    position(&text, "集積所：八幡公民館の前、ごみ出しの日：月・木、声かけの時間：7:30～8:00");
    assert!(!text.contains('|') && !text.contains("---"), "table syntax left in the text:\n{text}");

    // The reference's よってって has two flows; the second has its steps numbered from 1.
    let fx = Fixture::reference();
    let text = reference_text(&fx);
    let second = position(&text, "コロナ禍での困り事");
    let before = &text[..second];
    let flow_start = before.rfind("流れ：").expect("the second flow starts with its own heading line");
    assert!(text[flow_start..second].contains("1. "), "the second flow numbered from 1:\n{}", &text[flow_start..]);
}
