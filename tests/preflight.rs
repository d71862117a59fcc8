//! Preflight through the real binary: overflow per section file, text cut off
//! or outside its box, empty pages, missing glyphs, photo resolution.

mod common;

use common::*;

const ISSUE_TOML: &str = "issues/2024-04/issue.toml";

fn pages(fx: &Fixture, n: u32) {
    fx.write(ISSUE_TOML, format!("date = 2024-04-01\npages = {n}\n"));
}

/// A spotlight of `n` one-line paragraphs 「行1です。」…
fn numbered_spotlight(n: usize) -> String {
    let body: String = (1..=n).map(|i| format!("行{i}です。\n\n")).collect();
    format!("+++\ntitle = \"長い記事\"\n+++\n{body}")
}

#[test]
fn overflow_names_the_section_that_spilled_and_how_many_lines() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/spotlights/01-short.md", "+++\ntitle = \"短い記事\"\n+++\n短い本文です。\n");
    let total = 120;
    fx.write("issues/2024-04/spotlights/02-long.md", numbered_spotlight(total));
    pages(&fx, 1);
    let run = fx.run(&["check", "2024-04"]);
    run.fails(
        1,
        &[
            "エラー: 1 ページの予定ですが、",
            "--> issues/2024-04/issue.toml:2:9",
            "issues/2024-04/spotlights/02-long.md が約",
        ],
    );
    assert!(!run.stderr.contains("01-short.md が約"), "the short article fits:\n{}", run.stderr);
    let reported: usize = run
        .stderr
        .split("02-long.md が約")
        .nth(1)
        .and_then(|rest| rest.split('行').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line count:\n{}", run.stderr));
    // Too long even at the smallest text size, the issue is laid out on more
    // pages (the draft), the long article broken at the paragraph where page 1
    // is full. The diagnostic points at the first line past page 1, and the
    // lines it counts are the rest of the article: from that line to the end.
    let pointed = run.stderr.lines().skip_while(|l| !l.contains("02-long.md が約")).nth(3).unwrap_or_default();
    let first: usize = pointed
        .rsplit('行')
        .next()
        .and_then(|rest| rest.split("です").next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no 行N under the message: {pointed:?}\n{}", run.stderr));
    assert!(first > 1 && first <= total, "{first}");
    assert!(
        reported.abs_diff(total - first + 1) <= 1,
        "reported {reported} lines, the first past page 1 is 行{first}: {}\n{}",
        total - first + 1,
        run.stderr
    );
}

#[test]
fn body_text_shrinks_below_12_pt_only_when_the_pages_need_it_and_says_so() {
    let fx = Fixture::minimal();
    let check = |n: usize| {
        fx.write("issues/2024-04/spotlights/01-long.md", numbered_spotlight(n));
        fx.run(&["check", "2024-04"])
    };
    // Short enough for one page at 12 pt: nothing to say.
    let run = check(10);
    run.ok();
    assert!(!run.stderr.contains("ポイントに小さく"), "{}", run.stderr);
    // Longer, until 12 pt no longer fits: the issue still builds, at 11.5 pt,
    // with a warning at the pages line, before any line overflows.
    let mut n = 10;
    let run = loop {
        n += 1;
        assert!(n < 80, "12 pt never stopped fitting");
        let run = check(n);
        if run.stderr.contains("ポイントに小さく") || run.code != 0 {
            break run;
        }
    };
    run.ok_with(&["--> issues/2024-04/issue.toml:2:9", "issue.toml の pages を増やしてください"]);
    // one size for the whole issue, the next smaller one that fits
    let size = run.stderr.split("本文の文字を ").nth(1).and_then(|r| r.split(' ').next()).unwrap_or_default();
    assert!(["11.5", "11"].contains(&size), "{size:?}\n{}", run.stderr);
    fx.run(&["build", "2024-04"]).ok_with(&["ポイントに小さくしました"]);
}

#[test]
fn overflow_is_an_error_for_build_too_and_keeps_the_old_pdf() {
    let fx = Fixture::minimal();
    fx.run(&["build", "2024-04"]).ok();
    let pdf = fx.path().join("out/2024-04.pdf");
    let before = std::fs::read(&pdf).unwrap();
    fx.write("issues/2024-04/spotlights/01-long.md", numbered_spotlight(120));
    fx.run(&["build", "2024-04"])
        .fails(1, &["ページになりました", "01-long.md が約", "out/2024-04-draft.pdf に書き出しました"]);
    assert!(before == std::fs::read(&pdf).unwrap());
    // The draft: every page laid out, the ones past the plan marked.
    let draft = fx.path().join("out/2024-04-draft.pdf");
    let (pages, _) = pages_and_size(&draft);
    assert!(pages > 1, "{pages} pages");
    let marked = pdf_page_text(&draft, 2).split_whitespace().collect::<String>();
    assert!(marked.contains("ここから先は予定のページ数をこえています"), "{marked}");
    assert!(!pdf_page_text(&draft, 1).contains("予定のページ数をこえて"), "page 1 is within the plan");
    // Once it fits again, the draft goes.
    fx.write("issues/2024-04/spotlights/01-long.md", numbered_spotlight(5));
    fx.run(&["build", "2024-04"]).ok();
    assert!(!draft.exists(), "the draft of the overflow is removed after a good build");
}

#[test]
fn two_hundred_pages_of_overflow_finish_in_bounded_time() {
    let fx = Fixture::minimal();
    let para = "地域の皆さんと一緒に、支えあいの輪を広げていきたいと思います。".repeat(8);
    // Three files just under the per-file limit: about 200 pages.
    let body: String = (0..460).map(|_| format!("{para}\n\n")).collect();
    for i in 1..=3 {
        fx.write(
            &format!("issues/2024-04/spotlights/0{i}-huge.md"),
            format!("+++\ntitle = \"大きな記事{i}\"\n+++\n{body}"),
        );
    }
    let started = std::time::Instant::now();
    let run = fx.run(&["check", "2024-04"]);
    let took = started.elapsed();
    run.fails(1, &["1 ページの予定ですが", "01-huge.md が約", "03-huge.md が約"]);
    let pages: usize = run
        .stderr
        .split("ページの予定ですが、")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(pages >= 180, "{pages} pages");
    assert!(took.as_secs() < 60, "took {took:?}");
    eprintln!("{pages} pages checked in {took:?}");
}

#[test]
fn too_much_text_in_all_is_refused_before_layout() {
    let fx = Fixture::minimal();
    let body = "あ".repeat(170 * 1024);
    for i in 1..=5 {
        fx.write(&format!("issues/2024-04/spotlights/0{i}-big.md"), format!("+++\ntitle = \"{i}\"\n+++\n{body}\n"));
    }
    let started = std::time::Instant::now();
    fx.run(&["check", "2024-04"]).fails(1, &["号の原稿が全部で", "KB になり、多すぎます（2048 KB まで）", "05-big.md"]);
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
}

#[test]
fn a_mostly_empty_last_page_is_a_warning() {
    let fx = Fixture::minimal();
    fx.run(&["check", "2024-04"]).ok_with(&["警告: 最後のページ（1 ページ目）の約", "割が空いています"]);
    // The fullest two pages (one more paragraph would need a third) are not.
    pages(&fx, 2);
    let fill = |n: usize| {
        let body: String = (0..n).map(|i| format!("文{i}。地域の皆さんと一緒に支えあいの輪を広げます。\n\n")).collect();
        fx.write("issues/2024-04/spotlights/01-a.md", format!("+++\ntitle = \"記事\"\n+++\n{body}"));
        fx.run(&["check", "2024-04"])
    };
    let mut n = 45;
    while fill(n + 1).code == 0 {
        n += 1;
        assert!(n < 100, "two pages never filled");
    }
    let run = fill(n);
    run.ok();
    assert!(!run.stderr.contains("割が空いています"), "{}", run.stderr);
}

#[test]
fn fewer_pages_than_promised_is_a_warning_and_strict_fails() {
    let fx = Fixture::minimal();
    pages(&fx, 2);
    fx.run(&["check", "2024-04"]).ok_with(&["警告: 2 ページの予定ですが、1 ページになりました"]);
    fx.run(&["check", "2024-04", "--strict"]).fails(1, &["2 ページの予定ですが", "警告が 2 件あります（--strict）"]);
    // build reports the same warnings and still writes the PDF.
    fx.run(&["build", "2024-04"]).ok_with(&["警告: 2 ページの予定ですが、1 ページになりました"]);
}

/// A layout that puts the greeting into a fixed-size box.
fn boxed_layout(fx: &Fixture, block_args: &str) {
    fx.write(
        "layouts/default/layout.typ",
        format!(
            "#let newsletter(issue) = {{\n  set text(font: \"BIZ UDPGothic\", lang: \"ja\")\n  \
             block(width: 6cm, {block_args}, stroke: 0.5pt, issue.greeting.body)\n  \
             [#issue.publisher.name]\n}}\n"
        ),
    );
}

fn long_greeting(fx: &Fixture) {
    let body: String = (1..=12).map(|i| format!("第{i}段落です。支えあいの輪を広げましょう。\n\n")).collect();
    fx.write("issues/2024-04/greeting.md", body);
}

#[test]
fn text_cut_off_by_a_clipping_box_is_an_error() {
    let fx = Fixture::minimal();
    boxed_layout(&fx, "height: 2cm, clip: true");
    long_greeting(&fx);
    let run = fx.run(&["check", "2024-04"]);
    run.fails(1, &["issues/2024-04/greeting.md の文章が枠に入りきらず、約", "行が切れて印刷されません（1 ページ目）"]);
    assert!(run.stderr.contains("--> issues/2024-04/greeting.md:"), "{}", run.stderr);
}

#[test]
fn text_sticking_out_of_a_box_is_a_warning() {
    let fx = Fixture::minimal();
    boxed_layout(&fx, "height: 2cm");
    long_greeting(&fx);
    fx.run(&["check", "2024-04"]).ok_with(&["警告: issues/2024-04/greeting.md の文章が枠から約"]);
    // Sideways too: a word with no place to break in a narrow box.
    fx.write("issues/2024-04/greeting.md", "春です。\n\n番号は 0123456789012345678901234567890123456789 です。\n");
    boxed_layout(&fx, "height: auto");
    let run = fx.run(&["check", "2024-04"]);
    assert!(run.stderr.contains("greeting.md の文章が枠から約1行はみ出しています"), "{}", run.stderr);
    assert!(run.stderr.contains("greeting.md:3:"), "{}", run.stderr);
}

#[test]
fn the_reference_layout_has_nothing_outside_its_boxes() {
    for (fixture, issue) in [("examples/district-2p", "2023-02"), ("tests/fixtures/minimal", "2024-04")] {
        let fx = Fixture::new(fixture);
        let run = fx.run(&["check", issue]);
        assert!(!run.stderr.contains("はみ出して") && !run.stderr.contains("切れて"), "{fixture}:\n{}", run.stderr);
    }
}

#[test]
fn kanji_outside_the_basic_plane_prints() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", "𠮷野さん（U+20BB7）のお店です。\n");
    fx.run(&["build", "2024-04"]).ok();
    assert!(pdf_text(&fx.path().join("out/2024-04.pdf")).contains("𠮷野さん"), "Noto Sans JP has 𠮷");
}

#[test]
fn private_use_character_is_an_error_with_its_place() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", "春です。\n\n外字\u{E000}です。\n");
    fx.run(&["check", "2024-04"])
        .fails(1, &["「\u{E000}」（U+E000）はどのフォントにもない文字", "--> issues/2024-04/greeting.md:3:3"]);
}

#[test]
fn missing_glyph_is_traced_to_where_it_prints_not_where_it_first_appears() {
    let fx = Fixture::minimal();
    // The same emoji sits first in a comment that never prints; the printed
    // one is in notice.md.
    fx.write("issues/2024-04/greeting.md", "春です。<!-- 🀄 メモ -->\n");
    fx.write("issues/2024-04/notice.md", "+++\ntitle = \"お願い\"\n+++\n一行目\n\n二行目の🀄です。\n");
    fx.run(&["check", "2024-04"]).fails(1, &["U+1F004", "--> issues/2024-04/notice.md:6:5"]);
}

#[test]
fn missing_glyph_in_a_front_matter_string() {
    let fx = Fixture::minimal();
    fx.write(
        "issues/2024-04/spotlights/01-a.md",
        "+++\ntitle = \"記事\"\nsubtitle = \"外字\u{E001}の副題\"\n+++\n本文\n",
    );
    fx.run(&["check", "2024-04"]).fails(1, &["U+E001", "--> issues/2024-04/spotlights/01-a.md:3:15"]);
}

#[test]
fn missing_glyph_in_a_string_is_placed_by_the_parser_not_by_searching() {
    // The same words stand first in a comment: the position comes from where
    // the value was parsed, not from the first place the text occurs.
    let fx = Fixture::minimal();
    fx.write(
        "issues/2024-04/spotlights/01-a.md",
        "+++\n# 外字\u{E001}の副題 はあとで直す\ntitle = \"記事\"\nsubtitle = \"外字\u{E001}の副題\"\n+++\n本文\n",
    );
    fx.run(&["check", "2024-04"]).fails(1, &["U+E001", "--> issues/2024-04/spotlights/01-a.md:4:15"]);
}

#[test]
fn missing_glyph_in_a_setting_points_into_tsushin_toml() {
    let fx = Fixture::minimal();
    let settings = std::fs::read_to_string(fx.path().join("tsushin.toml")).unwrap();
    let catchphrase = "catchphrase = \"\\\"外字\\\"\u{E002}の標語\"";
    fx.write("tsushin.toml", settings.replace("catchphrase = \"テストの標語\"", catchphrase));
    // The value has escapes (\"), so the whole value is pointed at.
    fx.run(&["check", "2024-04"]).fails(1, &["U+E002", "--> tsushin.toml:2:15"]);
}

#[test]
fn low_resolution_photo_is_a_warning_with_the_size_it_needs() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/images/small.png", png(300, 200));
    fx.write("issues/2024-04/greeting.md", "春です。\n\n![小さな写真](images/small.png)\n");
    let run = fx.run(&["check", "2024-04"]);
    run.ok();
    // Without a resolution in the file, Typst prints 1 pixel per point: 72 dpi.
    for part in [
        "警告: 画像 images/small.png は印刷される大きさ（約 10.6 × 7.1 cm、1 ページ目）に対して画素が少なく、約 72 dpi",
        "150 dpi 以上にするには 625 × 417 ピクセル以上の画像が必要です（今は 300 × 200）",
        "--> issues/2024-04/greeting.md:3:1",
    ] {
        assert!(run.stderr.contains(part), "{part}\n{}", run.stderr);
    }
    // A photo with enough pixels for the column is fine.
    fx.write("issues/2024-04/images/small.png", png(1600, 1000));
    let run = fx.run(&["check", "2024-04"]);
    assert!(!run.stderr.contains("dpi"), "{}", run.stderr);
}

/// `watch` compiles again in the same session: the world reads the files
/// afresh, while typst may hand back images decoded in the first compilation.
/// Which file a photo on the page came from must still be known (it is told by
/// content, not by which buffer typst happens to hold), and a photo swapped for
/// another one is told apart.
#[test]
fn photo_files_are_recognised_again_when_a_session_recompiles() {
    use tsushin::model::config::Newsletter;
    use tsushin::model::issue::IssueId;
    use tsushin::typeset::session::{Options, Session};

    let fx = Fixture::minimal();
    fx.write("issues/2024-04/images/small.png", png(300, 200));
    fx.write("issues/2024-04/greeting.md", "春です。\n\n![小さな写真](images/small.png)\n");
    let newsletter = Newsletter::load(fx.path().to_path_buf()).expect("tsushin.toml loads");
    let id = IssueId::parse("2024-04").expect("valid id");
    let mut session = Session::new(fx.path()).unwrap_or_else(|f| panic!("fonts: {:?}", f.diagnostics));
    let low_resolution = |session: &mut Session| -> Vec<String> {
        let built = session
            .compile(&newsletter, id, Options::default())
            .unwrap_or_else(|f| panic!("compiles: {:?}", f.diagnostics));
        built.warnings.iter().map(|w| w.message.clone()).filter(|m| m.contains("dpi")).collect()
    };
    for round in 0..2 {
        let found = low_resolution(&mut session);
        assert_eq!(found.len(), 1, "compilation {}: {found:?}", round + 1);
        assert!(found[0].contains("images/small.png"), "{found:?}");
    }
    // The same pixels under another name: the warning follows the file.
    std::fs::rename(
        fx.path().join("issues/2024-04/images/small.png"),
        fx.path().join("issues/2024-04/images/other.png"),
    )
    .unwrap();
    fx.write("issues/2024-04/greeting.md", "春です。\n\n![小さな写真](images/other.png)\n");
    let found = low_resolution(&mut session);
    assert!(found.len() == 1 && found[0].contains("images/other.png"), "{found:?}");
}
