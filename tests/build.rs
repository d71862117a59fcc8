//! `tsushin build` end to end through the real binary: the reference issue,
//! the example newsletter, determinism and atomic output.

mod common;

use common::*;

/// Builds the reference issue once per test into a temporary folder.
fn build_reference(dir: &std::path::Path) -> std::path::PathBuf {
    let pdf = dir.join("2022-06.pdf");
    let root = repo();
    tsushin(&root, &["build", "2022-06", "-o", pdf.to_str().unwrap()]).ok();
    pdf
}

#[test]
fn reference_issue_is_four_a4_pages() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_reference(dir.path());
    let (pages, size) = pages_and_size(&pdf);
    assert_eq!(pages, 4);
    assert!(size.starts_with("595.276 x 841.89"), "A4 expected, got {size}");
}

#[test]
fn reference_issue_embeds_all_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_reference(dir.path());
    let fonts = pdf_fonts(&pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{fonts}");
    for row in &rows {
        // Columns: name type encoding emb sub uni object ID
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(cols[n - 5], "yes", "font not embedded: {row}");
        assert_eq!(cols[n - 4], "yes", "font not subset: {row}");
    }
    for family in ["BIZUDPGothic", "ZenMaruGothic"] {
        assert!(fonts.contains(family), "{family} missing:\n{fonts}");
    }
    assert!(fonts.contains("BIZUDPGothic-Bold"), "real bold weight expected:\n{fonts}");
}

#[test]
fn reference_issue_has_the_seed_texts() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_reference(dir.path());
    let text = pdf_text(&pdf);
    let raw_order = pdf_text_raw(&pdf);
    for expected in [
        "高崎市生活支援コーディネーター通信",
        "みんなでつなごう！支えあいの輪！",
        "令和4年6月号",
        "新年度が始まり、２か月が過ぎました。",
        "めざせ！ワンハート！",
        "第１層生活支援コーディネーターよりお願い",
        "協議体の役割",
        "住民企画会議",
        "事業推進会議",
        "八幡協議体を居場所「八起き」で開催",
        "「たのも～」お助け隊発足",
        "助け合い体験ゲーム",
        "「よってって」活動開始",
        "スプリングフェスティバルの様子",
        "027-321-1319",
        "https://www.city.takasaki.gunma.jp/docs/2019011800019/",
    ] {
        // (or in drawing order, where two columns interleave the lines)
        assert!(text.contains(expected) || raw_order.contains(expected), "PDF text lacks {expected:?}");
    }
    // Soft line breaks inside Japanese sentences add no space.
    let raw = std::process::Command::new("pdftotext").args([pdf.to_str().unwrap(), "-"]).output().unwrap();
    let raw = String::from_utf8_lossy(&raw.stdout);
    assert!(!raw.contains("始まり、 ２か月"), "stray space from a soft line break");
    // Bold around Japanese brackets was applied, not printed as asterisks.
    assert!(!text.contains("**"), "Markdown asterisks leaked into the PDF");
}

#[test]
fn both_flows_of_yottette_are_drawn_as_diagrams() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_reference(dir.path());
    // in drawing order, so that a step box's lines stay together beside the
    // other column (the planner may break the article over two pages)
    let text = pdf_text_raw(&pdf);
    let article = &text[text.find("「よってって」活動開始").expect("the article is printed")..];
    // the first flow, over time, and the second strand after it, each step a box
    let steps = [
        "地域の集まれる場所づくりを検討",
        "スプリングフェスティバルでも協議体周知と困りごと調査をしよう！",
        "コロナ禍での困り事",
        "協議体で情報共有",
        "協議体再開",
        "集まれる場所を試しにやってみよう！",
    ];
    let found: Vec<usize> = steps
        .iter()
        .map(|step| article.find(step).unwrap_or_else(|| panic!("the article lacks the step {step:?}:\n{article}")))
        .collect();
    assert!(found.windows(2).all(|w| w[0] < w[1]), "the steps and flows print in the order written: {found:?}");
    // the arrows are drawn, not typed: no paragraph of → is left between the
    // first step and the last (the figure's caption has arrows of its own)
    let flows = &article[found[0]..*found.last().unwrap()];
    assert!(!flows.contains('→'), "an arrow was printed as text:\n{flows}");
}

#[test]
fn pdf_metadata_comes_from_the_issue() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_reference(dir.path());
    let info = pdf_info(&pdf);
    assert!(info.contains("Title:") && info.contains("令和4年6月号"), "{info}");
    assert!(info.contains("Author:") && info.contains("高崎市第1層生活支援コーディネーター"), "{info}");
    assert!(info.contains("2022"), "creation date from the issue: {info}");
}

#[test]
fn rebuild_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = build_reference(dir.path());
    let first = std::fs::read(&a).unwrap();
    let b = dir.path().join("again.pdf");
    tsushin(&repo(), &["build", "2022-06", "-o", b.to_str().unwrap()]).ok();
    assert!(first == std::fs::read(&b).unwrap(), "two builds of the same input differ");
}

#[test]
fn example_newsletter_builds() {
    let fx = Fixture::new("examples/district-2p");
    fx.run(&["build", "2023-02"]).ok();
    let pdf = fx.path().join("out/2023-02.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains("八幡地区第２層協議体だより"), "{text}");
    assert!(text.contains("令和5年2月号"), "{text}");
    // events.md: sorted by date (written 25th, 14th, April 2nd), each with its
    // weekday computed from the TOML date
    let days = ["2月14日（火）", "2月25日（土）", "4月2日（日）"];
    let found: Vec<usize> =
        days.iter().map(|d| text.find(d).unwrap_or_else(|| panic!("PDF text lacks {d:?}:\n{text}"))).collect();
    assert!(found.windows(2).all(|w| w[0] < w[1]), "events out of date order: {found:?}");
    for particular in ["行事のご案内", "ふれあい体操教室", "八幡公民館２階和室", "100円（お茶とお菓子代）"]
    {
        assert!(text.contains(particular), "PDF text lacks {particular:?}");
    }
    // the spotlight's pipe table: every cell prints, no pipe or dash row is left
    // (in drawing order: a cell's wrapped lines stay together)
    let raw = pdf_text_raw(&pdf);
    for cell in ["集積所", "ごみ出しの日", "声かけの時間", "八幡小学校の北門", "火・金", "8:00～8:30"]
    {
        assert!(raw.contains(cell), "PDF text lacks the table cell {cell:?}");
    }
    assert!(!text.contains('|') && !text.contains("---"), "table syntax printed as text:\n{text}");
}

#[test]
fn minimal_issue_builds_from_a_subfolder() {
    let fx = Fixture::minimal();
    // The root is found from a subfolder, like git finds its repository.
    let sub = fx.path().join("issues/2024-04");
    let run = tsushin(&sub, &["build", "2024-04"]);
    run.ok();
    let pdf = fx.path().join("out/2024-04.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains("春になりました。皆さんいかがお過ごしでしょうか。"), "{text}");
    assert!(text.contains("テスト発行元"), "footer present: {text}");
    assert!(run.stderr.contains("作成しました"), "{}", run.stderr);
}

#[test]
fn failed_build_leaves_previous_pdf_untouched() {
    let fx = Fixture::minimal();
    fx.run(&["build", "2024-04"]).ok();
    let pdf = fx.path().join("out/2024-04.pdf");
    let before = std::fs::read(&pdf).unwrap();
    fx.write("issues/2024-04/issue.toml", "date = \"not a date\"\n");
    fx.run(&["build", "2024-04"]).fails(1, &["issue.toml"]);
    assert!(before == std::fs::read(&pdf).unwrap(), "previous PDF changed");
    let leftovers: Vec<_> = std::fs::read_dir(fx.path().join("out")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left behind");
}

#[test]
fn emit_typst_writes_a_project_the_typst_cli_can_compile() {
    let fx = Fixture::minimal();
    let emit = fx.path().join("emitted");
    fx.run(&["build", "2024-04", "--emit-typst", emit.to_str().unwrap()]).ok();
    for f in ["main.typ", "issue.typ", "layouts/default/layout.typ", "fonts/BIZUDPGothic-Regular.ttf"] {
        assert!(emit.join(f).is_file(), "{f} not emitted");
    }
    let issue = std::fs::read_to_string(emit.join("issue.typ")).unwrap();
    assert!(issue.contains("春になりました。皆さんいかがお過ごしでしょうか。"), "{issue}");
}

#[test]
fn user_text_is_data_never_code() {
    let fx = Fixture::minimal();
    let hostile =
        "#read(\"/etc/passwd\") #import \"@preview/x:0.1.0\" $x^2$ <label> @ref ] [ \\ // c /* d */ `#eval(\"1\")`";
    fx.write("issues/2024-04/greeting.md", format!("{hostile}\n"));
    fx.write(
        "tsushin.toml",
        "title = \"#set page(width: 1cm) ]\"\ncatchphrase = \"\\\" + read(\\\"/etc/passwd\\\") + \\\"\"\n[publisher]\nname = \"$a$ @b\"\n",
    );
    fx.run(&["build", "2024-04"]).ok();
    let text = pdf_text(&fx.path().join("out/2024-04.pdf"));
    for part in [
        "#read(\"/etc/passwd\")",
        "#import\"@preview/x:0.1.0\"",
        "$x^2$",
        "<label>",
        "@ref",
        "]",
        "//c/*d*/",
        "#set page(width: 1cm) ]".replace(' ', "").as_str(),
        "$a$@b",
        "read(\"/etc/passwd\")",
    ] {
        assert!(text.contains(part), "{part:?} not printed as text in {text}");
    }
    assert!(!text.contains("root:x:0"), "a file was read");
    let (_, size) = pages_and_size(&fx.path().join("out/2024-04.pdf"));
    assert!(size.starts_with("595.276 x 841.89"), "layout changed: {size}");
}

/// Every word of a PDF with its left and right edge, in points (pdftotext -bbox).
fn words(pdf: &std::path::Path) -> Vec<(String, f64, f64)> {
    let out = std::process::Command::new("pdftotext").args(["-bbox", pdf.to_str().unwrap(), "-"]).output().unwrap();
    let attr = |line: &str, name: &str| -> f64 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|l| {
            let text = l.split('>').nth(1).unwrap().split('<').next().unwrap().to_owned();
            (text, attr(l, "xMin"), attr(l, "xMax"))
        })
        .collect()
}

#[test]
fn a_wide_table_spans_both_columns_with_its_columns_aligned() {
    let fx = Fixture::new("examples/full-6p");
    fx.run(&["build", "2023-06"]).ok();
    let pdf = fx.path().join("out/2023-06.pdf");
    let text = pdf_text(&pdf);
    for cell in
        ["会場", "集まる人数", "ひとこと", "上並榎児童公園", "月・水・金", "7:00～7:15", "ベンチの横に集まります"]
    {
        assert!(text.contains(cell), "PDF text lacks the table cell {cell:?}");
    }
    assert!(!text.contains('|') && !text.contains("---"), "table syntax printed as text:\n{text}");
    let ws = words(&pdf);
    let find = |w: &str| ws.iter().filter(|(t, ..)| t == w).map(|&(_, a, b)| (a, b)).collect::<Vec<_>>();
    // its first column in the left half of the page, its last in the right one
    let middle = 595.0 / 2.0;
    assert!(find("会場")[0].0 < middle && find("ひとこと")[0].0 > middle, "not across both columns");
    // `:---:` centres the weekdays, `---:` puts the counts' ends under each other
    let centre = |w: &str| find(w).first().map(|(a, b)| (a + b) / 2.0).unwrap();
    assert!((centre("毎日") - centre("月・水・金")).abs() < 1.0 && (centre("毎日") - centre("火・木")).abs() < 1.0);
    // (pdftotext cuts 「約 20 人」 into words where the digits are spaced)
    let ends: Vec<f64> =
        ws.iter().filter(|(t, ..)| t.ends_with('人') && t.chars().count() <= 3).map(|&(_, _, b)| b).collect();
    assert!(
        ends.len() >= 3 && ends.windows(2).all(|p| (p[0] - p[1]).abs() < 1.0),
        "counts not right-aligned: {ends:?}"
    );
    let starts: Vec<f64> = ["会場", "上並榎児童公園", "飯塚町ふれあい広場"].iter().map(|w| find(w)[0].0).collect();
    assert!(starts.windows(2).all(|p| (p[0] - p[1]).abs() < 1.0), "places not left-aligned: {starts:?}");
}

#[test]
fn a_wide_table_taller_than_a_page_breaks_between_rows_under_its_header() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npages = 3\n");
    // five columns, long cells: too wide for one text column, and its 16
    // rows of four lines each fill three pages
    let long = "地域の子どもたちと高齢の方が一緒に体を動かし、笑顔があふれる時間になりました。";
    let mut table = String::from("| 回 | 日 | 場所 | 内容 | 備考 |\n| --- | --- | --- | --- | --- |\n");
    for n in 1..=16 {
        table.push_str(&format!("| 第{n}回 | 6月{n}日 | 公民館 | {long} | {long} |\n"));
    }
    fx.write(
        "issues/2024-04/spotlights/01-table.md",
        format!("+++\ntitle = \"サロンの記録\"\n+++\n\n一年間の記録です。\n\n{table}\nまた来年も続けます。\n"),
    );
    let run = fx.run(&["build", "2024-04"]);
    run.ok();
    assert!(!run.stderr.contains("はみ出して") && !run.stderr.contains("枠の外"), "{}", run.stderr);
    let pdf = fx.path().join("out/2024-04.pdf");
    let (pages, _) = pages_and_size(&pdf);
    assert_eq!(pages, 3, "{}", run.stderr);
    // every row prints once, each page's part of the table under the header
    let text = pdf_text_raw(&pdf);
    for n in 1..=16 {
        assert_eq!(text.matches(&format!("第{n}回")).count(), 1, "row {n} in:\n{text}");
    }
    for page in 1..=3 {
        let on_page = pdf_page_text(&pdf, page);
        for head in ["場所", "内容", "備考"] {
            assert_eq!(on_page.matches(head).count(), 1, "page {page}, header {head:?}:\n{on_page}");
        }
    }
}
