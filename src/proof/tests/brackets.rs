//! Rule `brackets`.

use super::*;

#[test]
fn an_opening_bracket_never_closed() {
    let text = "「八起き」の様子を知る「きっかけになりました。";
    let found = run(Rule::Brackets, Kind::Markdown, text, JUNE_2022);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].message, "「「」が閉じられていません（「」」がありません）");
    assert_eq!(found[0].range.start, text.rfind('「').unwrap());
}

#[test]
fn a_closing_bracket_without_an_opening() {
    let found = run(Rule::Brackets, Kind::Markdown, "八起き』の様子", JUNE_2022);
    assert_eq!(found[0].message, "「』」に対応する「『」がありません");
}

#[test]
fn every_pair_is_checked() {
    for text in ["（協議体", "【お知らせ", "『本", "協議体）の", "お知らせ】"] {
        assert_eq!(run(Rule::Brackets, Kind::Markdown, text, JUNE_2022).len(), 1, "{text}");
    }
}

#[test]
fn a_bracket_closed_inside_another_pair_reports_the_inner_one() {
    let found = run(Rule::Brackets, Kind::Markdown, "「会える（場所」です", JUNE_2022);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.starts_with("「（」が閉じられていません"));
}

#[test]
fn balanced_brackets_and_numbering_are_fine() {
    for text in [
        "「人と会える場所」「ここにきたら誰かに会える」そんな場所が大切！",
        "地域を良くする話し合いの場（協議体）",
        "『「本」の話』（【注】つき）",
        "１）集まる\n２）話す",
        "ア）集まる",
        "顔文字 (^^)",
        "**「八起き」**の様子",
    ] {
        assert!(run(Rule::Brackets, Kind::Markdown, text, JUNE_2022).is_empty(), "{text}");
    }
}

#[test]
fn brackets_do_not_run_across_paragraphs() {
    let found = run(Rule::Brackets, Kind::Markdown, "「はじめの段落\n\n次の段落」", JUNE_2022);
    assert_eq!(found.len(), 2, "{found:?}");
}
