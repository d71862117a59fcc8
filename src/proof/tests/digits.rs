//! Rule `digit-width`.

use super::*;

#[test]
fn mixed_widths_in_one_date_are_a_note() {
    let text = "４月2日（土）には";
    let found = run(Rule::DigitWidth, Kind::Markdown, text, JUNE_2022);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].level, Level::Note);
    assert_eq!(&text[found[0].range.clone()], "４月2日");
    assert_eq!(found[0].message, "「４月2日」に全角と半角の数字がまじっています");
    assert_eq!(found[0].fix.as_ref().unwrap().replacement, "4月2日");
}

#[test]
fn the_fix_follows_the_majority() {
    let found = run(Rule::DigitWidth, Kind::Markdown, "１０時〜１２時3０分", JUNE_2022);
    assert_eq!(found[0].fix.as_ref().unwrap().replacement, "１０時〜１２時３０分");
}

#[test]
fn one_width_per_expression_is_fine() {
    for text in ["4月2日", "４月２日", "第１層協議体は5月に", "令和２年１２月", "5年後１０年後", "1,000円", "４・５月"]
    {
        assert!(run(Rule::DigitWidth, Kind::Markdown, text, JUNE_2022).is_empty(), "{text}");
    }
}
