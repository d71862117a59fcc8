//! Rule `doubled-punctuation`.

use super::*;

#[test]
fn doubled_marks_are_reported_with_the_fix() {
    for (text, run_text, keep) in [
        ("終わりました。。", "。。", "。"),
        ("まず、、次に", "、、", "、"),
        ("終わりました、。", "、。", "。"),
        ("終わり。、次に", "。、", "。"),
    ] {
        let found = run(Rule::DoubledPunctuation, Kind::Markdown, text, JUNE_2022);
        assert_eq!(found.len(), 1, "{text}");
        assert_eq!(&text[found[0].range.clone()], run_text);
        assert_eq!(found[0].fix.as_ref().map(|f| f.replacement.as_str()), Some(keep));
        assert_eq!(found[0].message, format!("句読点「{run_text}」が重なっています"));
    }
}

#[test]
fn single_marks_and_ellipses_are_fine() {
    for text in ["終わりました。次に、", "そして．．．", "そして・・・", "ね……。", "「はい。」"]
    {
        assert!(run(Rule::DoubledPunctuation, Kind::Markdown, text, JUNE_2022).is_empty(), "{text}");
    }
}
