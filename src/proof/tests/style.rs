//! Rule `dearu-desumasu`.

use super::*;

#[test]
fn a_dearu_sentence_among_desumasu_ones() {
    let text = "今日は集まりがあります。会場は公民館です。\n\nこれは大切なことである。\n";
    let found = run(Rule::DearuDesumasu, Kind::Markdown, text, JUNE_2022);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&text[found[0].range.clone()], "である");
    assert_eq!(
        found[0].message,
        "「である」で終わる「である」調の文です（この文章のほかの2か所は「です・ます」調です）"
    );
    let fix = found[0].fix.clone().unwrap();
    assert_eq!(fix.replacement, "です");
}

#[test]
fn endings_that_textlint_counts_as_dearu() {
    for sentence in ["大切であろう。", "大切であると思う。", "大切であるか？", "大切である」"]
    {
        let text = format!("集まりがあります。会場は公民館です。{sentence}");
        assert_eq!(marked(Rule::DearuDesumasu, &text).len(), 1, "{sentence}");
    }
}

#[test]
fn endings_that_are_not_sentence_final_do_not_count() {
    for sentence in [
        "順調であった。",
        "目的は交流であり、楽しみでもある",
        "雨天であるため、中止する。",
        "大切である人",
        "交流ではある。",
    ] {
        let text = format!("集まりがあります。会場は公民館です。{sentence}");
        assert!(marked(Rule::DearuDesumasu, &text).is_empty(), "{sentence}");
    }
}

#[test]
fn the_majority_style_wins_and_the_other_is_reported() {
    let text = "これは記録である。\n\n次も記録である。\n\nここだけ丁寧です。\n";
    let found = run(Rule::DearuDesumasu, Kind::Markdown, text, JUNE_2022);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&text[found[0].range.clone()], "です");
    assert!(found[0].message.contains("「である」調です"), "{}", found[0].message);
    assert_eq!(found[0].fix, None);
}

#[test]
fn polite_endings_that_count_and_those_that_do_not() {
    // ですね。 ますか？ and ます」 count; ました, でしょう, ますが、 do not.
    let counted = "よろしいですね。来ますか？「はい、行きます」\n\n答えである。\n\n結論である。\n\n要約である。\n";
    let found = run(Rule::DearuDesumasu, Kind::Markdown, counted, JUNE_2022);
    assert_eq!(found.len(), 3, "{found:?}");
    let uncounted = "集まりました。楽しいでしょう。来ますが、すぐ帰りました。ますます増えた。\n\n答えである。\n";
    assert!(marked(Rule::DearuDesumasu, uncounted).is_empty());
}

#[test]
fn headings_lists_and_paragraphs_are_judged_apart() {
    let text =
        "# 記録である\n\n会は楽しいです。皆さん来ます。\n\n- 箇条書きである。\n- 箇条書きです。\n- 箇条書きです。\n";
    let found = marked(Rule::DearuDesumasu, text);
    // The heading alone is consistent; the list has one である among です.
    assert_eq!(found, ["である"]);
    let list = run(Rule::DearuDesumasu, Kind::Markdown, text, JUNE_2022);
    assert!(list[0].message.contains("この箇条書きのほかの2か所"), "{}", list[0].message);
}

#[test]
fn one_style_throughout_is_fine() {
    assert!(marked(Rule::DearuDesumasu, "楽しいです。また来ます。").is_empty());
    assert!(marked(Rule::DearuDesumasu, "大切である。記録である。").is_empty());
}

#[test]
fn only_markdown_bodies_are_sections() {
    let text = "楽しいです。大切である。来ます。";
    assert!(run(Rule::DearuDesumasu, Kind::Inline, text, JUNE_2022).is_empty());
    assert!(run(Rule::DearuDesumasu, Kind::Plain, text, JUNE_2022).is_empty());
    assert_eq!(run(Rule::DearuDesumasu, Kind::Markdown, text, JUNE_2022).len(), 1);
}

#[test]
fn quotes_are_not_judged() {
    assert!(marked(Rule::DearuDesumasu, "楽しいです。来ます。\n\n> 大切である。\n").is_empty());
}
