//! Rule `era-year`.

use super::*;

fn check(text: &str) -> Vec<String> {
    messages(Rule::EraYear, text)
}

#[test]
fn era_and_western_years_that_disagree() {
    assert_eq!(check("令和5年（2022年）"), ["令和5年は2023年です（2022年と書かれています）"]);
    assert_eq!(check("2022年（令和5年）"), ["令和5年は2023年です（2022年と書かれています）"]);
    assert_eq!(check("令和5（2022）年"), ["令和5年は2023年です（2022年と書かれています）"]);
    assert_eq!(check("2022（令和5）年"), ["令和5年は2023年です（2022年と書かれています）"]);
    let hint = &run(Rule::EraYear, Kind::Markdown, "令和5年（2022年）", JUNE_2022)[0].hint;
    assert!(hint.starts_with("2022年なら令和4年です"), "{hint}");
}

#[test]
fn agreeing_years_are_not_reported() {
    for text in [
        "令和4年（2022年）",
        "２０２２年（令和４年）",
        "令和4（2022）年",
        "平成31年（2019年）",
        "令和元年（2019年）",
        "2019年（平成31年）",
        "昭和64年（1989年）",
        "平成元年（1989年）",
        "平成31年4月30日",
        "平成31年4月",
        "令和元年5月1日",
        "令和元年5月",
        "昭和64年1月7日",
        "平成元年1月8日",
        "明治5年",
        "令和4年6月号",
    ] {
        assert!(check(text).is_empty(), "{text}: {:?}", check(text));
    }
}

#[test]
fn the_heisei_reiwa_boundary() {
    assert_eq!(
        check("平成31年5月1日"),
        ["平成31年5月1日（2019年5月1日）はもう令和元年です（平成は2019年4月30日まででした）"]
    );
    assert_eq!(check("平成31年5月").len(), 1);
    assert_eq!(
        check("令和元年4月30日"),
        ["令和元年4月30日（2019年4月30日）はまだ平成31年です（令和は2019年5月1日からです）"]
    );
    assert_eq!(check("令和元年4月").len(), 1);
    let text = "平成31年5月1日";
    let fix = run(Rule::EraYear, Kind::Markdown, text, JUNE_2022)[0].fix.clone().unwrap();
    assert_eq!((&text[fix.range], fix.replacement.as_str()), ("平成31年", "令和元年"));
}

#[test]
fn the_showa_heisei_boundary() {
    assert_eq!(check("昭和64年1月8日").len(), 1);
    assert_eq!(check("平成元年1月7日").len(), 1);
}

#[test]
fn a_year_past_the_end_of_its_era() {
    assert_eq!(check("平成32年"), ["平成32年という年はありません（平成は2019年4月30日（平成31年）まででした）"]);
    let text = "平成32年3月に";
    let found = run(Rule::EraYear, Kind::Markdown, text, JUNE_2022);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].hint.starts_with("2020年のことなら「令和2年」です"), "{}", found[0].hint);
    let fix = found[0].fix.clone().unwrap();
    assert_eq!((&text[fix.range], fix.replacement.as_str()), ("平成32年", "令和2年"));
    assert_eq!(check("昭和65年").len(), 1);
    assert_eq!(check("令和0年").len(), 1);
    // 令和 has not ended: any year is possible.
    assert!(check("令和40年").is_empty());
}

#[test]
fn the_first_year_is_written_gannen() {
    let found = run(Rule::EraYear, Kind::Markdown, "令和1年", JUNE_2022);
    assert_eq!(found[0].level, Level::Note);
    assert_eq!(found[0].message, "「令和1年」は「令和元年」と書くのがふつうです");
}
