//! Furigana `{高崎|たかさき}` through the real binary: in the PDF the reading
//! at half size centred above its base, the line spacing untouched and the
//! base text extracted unbroken; in the text edition 高崎（たかさき）; bad
//! input printed as written; a reading that is hostile Typst stays text.

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

#[test]
fn furigana_in_a_title_gets_a_clear_message_and_prints_as_written() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", "+++\ntitle = \"{八幡|やわた}だより\"\n+++\n本文です。\n");
    fx.run(&["build", "2024-04", "--text"]).ok_with(&[
        "ふりがなを付けられません",
        "greeting.md:2:10",
        "「八幡（やわた）」のように書いてください",
    ]);
    let text = pdf_text(&fx.path().join("out/2024-04.pdf"));
    assert!(text.contains("{八幡|やわた}だより"), "{text}");
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
