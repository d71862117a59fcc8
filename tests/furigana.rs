//! Furigana `{高崎|たかさき}` through the real binary, in Markdown bodies and
//! in every one-line string: in the PDF the reading at half size centred
//! above its base (an artifact), the line spacing untouched and the base
//! text extracted unbroken; in the text edition 高崎（たかさき）; escapes and
//! bad input printed as written; a reading that is hostile Typst stays text.

mod common;

use common::*;
use std::process::Command;

/// A word of `pdftotext -bbox` on page 1: its text and box (points, y down).
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

fn words(pdf: &std::path::Path) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().expect("a number")
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let (tag, rest) = w.split_once('>').unwrap();
            let text = rest.split("</word>").next().unwrap().to_owned();
            Word { text, x0: attr(tag, "xMin"), y0: attr(tag, "yMin"), x1: attr(tag, "xMax"), y1: attr(tag, "yMax") }
        })
        .collect()
}

fn word<'a>(words: &'a [Word], starts: &str) -> &'a Word {
    words.iter().find(|w| w.text.starts_with(starts)).unwrap_or_else(|| panic!("no word {starts:?} in {words:#?}"))
}

const WITH_RUBY: &str = "春になりました。{高崎|たかさき}市の**{八幡|やわた}**では、\n皆さんいかがお過ごしでしょうか。地域の集まりに足を運んでいただき、ありがとうございます。今年も、みんなで支え合いの輪を広げていきましょう。\n";

fn build_greeting(body: &str) -> (Fixture, Run) {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", body);
    let run = fx.run(&["build", "2024-04", "--text"]);
    (fx, run)
}

#[test]
fn reading_is_half_size_centred_above_and_the_lines_keep_their_spacing() {
    let (fx, run) = build_greeting(WITH_RUBY);
    run.ok();
    let pdf = fx.path().join("out/2024-04.pdf");
    let with = words(&pdf);
    let reading = word(&with, "たかさき");
    let base = word(&with, "高崎市の");
    // About half the base's size, just above it, centred over 高崎 (two of the
    // base line's characters at the start of its word).
    let (reading_h, base_h) = (reading.y1 - reading.y0, base.y1 - base.y0);
    assert!((reading_h / base_h - 0.5).abs() < 0.05, "reading {reading_h} pt tall, base {base_h} pt");
    assert!(reading.y1 <= base.y0 + 0.5 && reading.y1 > base.y0 - 3.0, "reading {reading:?} not right above {base:?}");
    let base_centre = base.x0 + base_h; // 高崎: two characters of one em each
    let reading_centre = (reading.x0 + reading.x1) / 2.0;
    assert!((reading_centre - base_centre).abs() < 0.5, "reading centred at {reading_centre}, base at {base_centre}");
    assert!(word(&with, "やわた").y1 <= base.y0 + 0.5, "the reading of bold text is above it too");

    // The same paragraph without furigana: every line at the same height.
    let (plain_fx, run) =
        build_greeting(&WITH_RUBY.replace("{高崎|たかさき}", "高崎").replace("{八幡|やわた}", "八幡"));
    run.ok();
    let without = words(&plain_fx.path().join("out/2024-04.pdf"));
    // Each line of body-size text by its top (in tenths of a point), with its
    // text (pdftotext cuts words where the font or a box changes).
    let lines = |ws: &[Word]| -> std::collections::BTreeMap<i64, String> {
        let mut lines = std::collections::BTreeMap::<i64, Vec<&Word>>::new();
        for w in ws.iter().filter(|w| w.y1 - w.y0 > 10.0) {
            lines.entry((w.y0 * 10.0).round() as i64).or_default().push(w);
        }
        lines
            .into_iter()
            .map(|(y, mut ws)| {
                ws.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                (y, ws.iter().map(|w| w.text.as_str()).collect())
            })
            .collect()
    };
    assert_eq!(lines(&with), lines(&without), "furigana moved the lines");
}

#[test]
fn base_text_extracts_unbroken_and_the_text_edition_has_readings_in_parentheses() {
    let (fx, run) = build_greeting(WITH_RUBY);
    run.ok();
    let text = pdf_text(&fx.path().join("out/2024-04.pdf"));
    assert!(text.contains("春になりました。高崎市の八幡では、皆さん"), "{text}");
    assert!(!text.contains('{') && !text.contains('|'), "{text}");
    let edition = std::fs::read_to_string(fx.path().join("out/2024-04.txt")).unwrap();
    assert!(edition.contains("春になりました。高崎（たかさき）市の八幡（やわた）では、皆さん"), "{edition}");
}

/// `pdftotext -raw` reads in drawing order: each reading (drawn just
/// before its base) comes between the words, but no reading ever lands
/// inside a base, and the base runs on into the text after it.
#[test]
fn raw_extraction_keeps_every_base_whole() {
    let (fx, run) = build_greeting(WITH_RUBY);
    run.ok();
    let raw = pdf_text_raw(&fx.path().join("out/2024-04.pdf"));
    for whole in ["高崎市の", "八幡では、皆さん"] {
        assert!(raw.contains(whole), "{whole} broken in -raw:\n{raw}");
    }
    for broken in ["高た", "崎か", "八や", "幡わ"] {
        assert!(!raw.contains(broken), "a reading inside its base ({broken}):\n{raw}");
    }
}

#[test]
fn what_is_not_a_ruby_prints_as_written() {
    let body = "{閉じない かっこ と {高崎|}、{|よみ}、{a\\|b}、{x\\}y|エックス\\|ワイ}です。\n";
    let (fx, run) = build_greeting(body);
    run.ok();
    let text = pdf_text(&fx.path().join("out/2024-04.pdf"));
    // (an escape in the base or reading only puts the character there)
    assert!(text.contains("{閉じないかっこと{高崎|}、{|よみ}、{a|b}、x}yです。"), "{text}");
    assert!(text.contains("エックス|ワイ"), "{text}");
    let edition = std::fs::read_to_string(fx.path().join("out/2024-04.txt")).unwrap();
    assert!(edition.contains("{閉じない かっこ と {高崎|}、{|よみ}、{a|b}、x}y（エックス|ワイ）です。"), "{edition}");
}

/// Furigana in every kind of one-line string: (base, reading, the text
/// after the ruby in that string).
const IN_STRINGS: &[(&str, &str, &str)] = &[
    ("高崎", "たかさき", "だより"),         // greeting title
    ("榛名", "はるな", "の活動"),           // spotlight category
    ("倉渕", "くらぶち", "協議体"),         // council
    ("箕郷", "みさと", "お助け隊"),         // title
    ("吉井", "よしい", "で調査"),           // subtitle
    ("新町", "しんまち", "でやってみよう"), // voice
    ("群馬", "ぐんま", "の様子"),           // photo caption
    ("中居", "なかい", "の流れ"),           // flow title
    ("卯月", "うづき", "のころ"),           // flow step when
    ("城山", "しろやま", "で困っている"),   // flow step voice
    ("八幡", "やわた", "のつどい"),         // event title
    ("乗附", "のっつけ", "公民館"),         // event place
    ("寺尾", "てらお", "の係"),             // event contact
];

/// An issue with furigana in every kind of string ([`IN_STRINGS`]).
fn with_furigana_in_strings() -> Fixture {
    let fx = Fixture::minimal();
    let r = |i: usize| format!("{{{}|{}}}{}", IN_STRINGS[i].0, IN_STRINGS[i].1, IN_STRINGS[i].2);
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npages = 2\n");
    fx.write("issues/2024-04/greeting.md", format!("+++\ntitle = \"{}\"\n+++\n{}", r(0), WITH_RUBY));
    fx.write("issues/2024-04/images/a.png", png(1200, 900));
    fx.write(
        "issues/2024-04/spotlights/01-a.md",
        format!(
            "+++\ncategory = \"{}\"\ncouncil = \"{}\"\ntitle = \"{}\"\nsubtitle = \"{}\"\nvoices = [\"{}！\"]\n\n\
             [[photos]]\nfile = \"images/a.png\"\ncaption = \"{}\"\nalt = \"{{上州|じょうしゅう}}の草取り\"\n\n\
             [[flows]]\ntitle = \"{}\"\n\n[[flows.steps]]\nwhen = \"{}\"\ntext = \"打合せ\"\nvoice = \"{}人がいる\"\n+++\n\
             八幡協議体では、お助け隊を作りました。\n",
            r(1), r(2), r(3), r(4), r(5), r(6), r(7), r(8), r(9)
        ),
    );
    fx.write(
        "issues/2024-04/events.md",
        format!(
            "+++\n[[events]]\ntitle = \"{}\"\ndate = 2024-04-20\nplace = \"{}\"\ncontact = \"{}\"\n+++\n",
            r(10),
            r(11),
            r(12)
        ),
    );
    fx
}

#[test]
fn furigana_in_strings_is_ruby_in_the_pdf_and_in_parentheses_in_the_text_edition() {
    let fx = with_furigana_in_strings();
    let run = fx.run(&["build", "2024-04", "--text"]);
    run.ok();
    assert!(!run.stderr.contains("ふりがなを付けられません"), "{}", run.stderr);
    let text: String = pdf_text(&fx.path().join("out/2024-04.pdf")).split_whitespace().collect();
    let edition = std::fs::read_to_string(fx.path().join("out/2024-04.txt")).unwrap();
    for (base, reading, rest) in IN_STRINGS {
        assert!(text.contains(&format!("{base}{rest}")), "{base}{rest} not unbroken in the PDF:\n{text}");
        assert!(edition.contains(&format!("{base}（{reading}）{rest}")), "{base}（{reading}） not in:\n{edition}");
    }
    assert!(!text.contains('{') && !text.contains('|'), "{text}");
    // Image descriptions are plain strings: the reading in （）.
    assert!(edition.contains("上州（じょうしゅう）の草取り"), "{edition}");
    frames::with_issue(fx.path(), "2024-04", Default::default(), |document| {
        let runs = frames::runs(document);
        for (base, reading, _) in IN_STRINGS {
            let r = runs.iter().find(|r| r.text == *reading).unwrap_or_else(|| panic!("no reading {reading}"));
            let b = runs.iter().find(|b| b.text.contains(base)).unwrap_or_else(|| panic!("no base {base}"));
            // Half the base's size, its baseline above the base's top, and
            // an artifact (tagged PDF readers read the base alone).
            assert!((r.size / b.size - 0.5).abs() < 0.01, "{reading} at {} pt over {base} at {} pt", r.size, b.size);
            assert!(r.page == b.page && r.y < b.y - 0.7 * b.size, "{reading} at y {} not above {base} at {}", r.y, b.y);
            assert!(r.artifact && !b.artifact, "{reading} is an artifact, {base} is text");
        }
    });
}

#[test]
fn ruby_inside_bold_is_bold_with_its_reading_above() {
    let (fx, run) = build_greeting(WITH_RUBY);
    run.ok();
    frames::with_issue(fx.path(), "2024-04", Default::default(), |document| {
        let runs = frames::runs(document);
        let base = runs.iter().find(|r| r.text.contains("八幡")).expect("the bold base");
        let reading = runs.iter().find(|r| r.text == "やわた").expect("its reading");
        assert!(base.bold, "**{{八幡|やわた}}** sets the base in bold");
        assert!(reading.size < base.size * 0.6 && reading.y < base.y - 0.7 * base.size, "{reading:?} over {base:?}");
    });
}

#[test]
fn strings_read_their_escapes_and_what_is_not_a_ruby_prints_as_written() {
    let fx = Fixture::minimal();
    // TOML literal strings: the backslashes reach tsushin as written.
    fx.write(
        "issues/2024-04/greeting.md",
        "+++\ntitle = '{a\\|b|c\\}d}、x\\|y、{閉じない|よみ、{高崎|}'\n+++\n本文です。\n",
    );
    fx.run(&["build", "2024-04", "--text"]).ok();
    let text: String = pdf_text(&fx.path().join("out/2024-04.pdf")).split_whitespace().collect();
    assert!(text.contains("a|b、x|y、{閉じない|よみ、{高崎|}"), "{text}");
    assert!(text.contains("c}d"), "the reading with its escape read: {text}");
    let edition = std::fs::read_to_string(fx.path().join("out/2024-04.txt")).unwrap();
    assert!(edition.contains("【a|b（c}d）、x|y、{閉じない|よみ、{高崎|}】"), "{edition}");
}

#[test]
fn a_reading_is_text_never_code() {
    let hostile = [
        r#"{高崎|#read("/etc/passwd")}"#,
        r#"{x|][#set page(width: 1cm)][}"#,
        r#"{#panic("no")|よみ}"#,
        r"{a|\\} $x$ <l> @r}",
    ];
    let (fx, run) = build_greeting(&format!("{}\n", hostile.join("、")));
    run.ok();
    let pdf = fx.path().join("out/2024-04.pdf");
    let text = pdf_text(&pdf);
    for expected in [r#"#read("/etc/passwd")"#, "][#setpage(width:1cm)][", r#"#panic("no")"#, "x$<l>@r"] {
        assert!(text.contains(expected), "{expected:?} not printed as text:\n{text}");
    }
    let (pages, size) = pages_and_size(&pdf);
    assert_eq!((pages, size.starts_with("595.276 x 841.89")), (1, true), "the layout was changed");
}
