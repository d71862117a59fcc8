//! Rule `date-weekday`.

use super::*;

fn check(text: &str) -> Vec<Finding> {
    run(Rule::DateWeekday, Kind::Markdown, text, JUNE_2022)
}

#[test]
fn wrong_weekday_is_reported_with_the_right_one() {
    let text = "2022年7月2日（金）に開きます。";
    let found = check(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].message, "2022年7月2日は土曜日です（金曜日と書かれています）");
    assert_eq!(&text[found[0].range.clone()], "2022年7月2日（金）");
    let fix = found[0].fix.clone().unwrap();
    assert_eq!((&text[fix.range], fix.replacement.as_str()), ("金", "土"));
    assert!(found[0].hint.contains("「金」を「土」に直します"), "{}", found[0].hint);
}

#[test]
fn correct_dates_are_never_reported() {
    for text in [
        "2022年7月2日（土）",
        "2022年7月2日(土)",
        "令和4年7月2日（土）",
        "４年７月２日（土）",
        "7月2日（土曜日）",
        "7月2日（土曜）",
        "７月２日（土）",
        "7/2（土）",
        "2022/7/2(土)",
        "2022-07-02（土）",
        "2022年7月2日 （ 土 ）",
        "4月29日（金・祝）",
        "4月29日（金祝）",
        "7月2日（土）・3日（日）",
        "7月31日（日）～8月1日（月）",
        "7月30日（土）～1日（月）",
        "平成31年4月30日（火）",
        "令和元年5月1日（水）",
        "2024年2月29日（木）",
        "明治5年12月2日（月）",
        "今年7月2日（土）",
    ] {
        assert!(check(text).is_empty(), "{text}: {:?}", check(text));
    }
}

#[test]
fn every_written_form_is_read() {
    for (text, message) in [
        ("令和4年7月2日（金）", "令和4年7月2日は土曜日です（金曜日と書かれています）"),
        ("令和元年5月1日（木）", "令和元年5月1日は水曜日です（木曜日と書かれています）"),
        ("平成31年4月30日（水）", "平成31年4月30日は火曜日です（水曜日と書かれています）"),
        ("２０２２年７月２日（金）", "２０２２年７月２日は土曜日です（金曜日と書かれています）"),
        ("2022年7月2日（金曜日）", "2022年7月2日は土曜日です（金曜日と書かれています）"),
        ("2022/7/2（金）", "2022/7/2は土曜日です（金曜日と書かれています）"),
        ("2022-07-02(金)", "2022-07-02は土曜日です（金曜日と書かれています）"),
    ] {
        assert_eq!(messages(Rule::DateWeekday, text), [message], "{text}");
    }
}

#[test]
fn the_fix_keeps_the_written_form_of_the_weekday() {
    let text = "7月2日（金曜日）";
    let fix = check(text)[0].fix.clone().unwrap();
    assert_eq!((&text[fix.range], fix.replacement.as_str()), ("金曜日", "土曜日"));
}

#[test]
fn a_date_without_year_says_which_year_it_assumed() {
    let found = check("7月2日(金)");
    assert_eq!(
        found[0].message,
        "7月2日は土曜日です（金曜日と書かれています）。年が書かれていないので、\
         号の発行日（2022年6月1日）にいちばん近い2022年の日付として確かめました"
    );
}

#[test]
fn year_inference_crosses_the_new_year() {
    // An October issue: 1月6日 is next January (2023: a Friday).
    let october = (2022, 10, 1);
    assert!(run(Rule::DateWeekday, Kind::Markdown, "1月6日（金）", october).is_empty());
    let found = run(Rule::DateWeekday, Kind::Markdown, "1月6日（木）", october);
    assert!(found[0].message.starts_with("1月6日は金曜日です"), "{}", found[0].message);
    assert!(found[0].message.contains("2023年の日付として"), "{}", found[0].message);
    // A January issue: 12月25日 is last December (2021: a Saturday).
    let january = (2022, 1, 10);
    assert!(run(Rule::DateWeekday, Kind::Markdown, "12月25日（土）", january).is_empty());
    let found = run(Rule::DateWeekday, Kind::Markdown, "12月25日（日）", january);
    assert!(found[0].message.contains("2021年の日付として"), "{}", found[0].message);
    // The same issue's own month stays in its year.
    assert!(run(Rule::DateWeekday, Kind::Markdown, "1月10日（月）", january).is_empty());
}

#[test]
fn days_that_follow_a_date_take_its_month_and_year() {
    let found = check("7月2日（土）・3日（月）");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.starts_with("7月3日は日曜日です（月曜日と書かれています）"), "{}", found[0].message);
    // Past the end of the month the next one is meant.
    let found = check("2022年12月31日（土）～1日（月）");
    assert!(found[0].message.starts_with("1月1日は日曜日です"), "{}", found[0].message);
}

#[test]
fn era_year_without_era_name_is_the_issue_era() {
    let found = check("4年7月2日（金）");
    assert!(found[0].message.ends_with("。年を令和4年（2022年）として確かめました"), "{}", found[0].message);
}

#[test]
fn a_date_that_does_not_exist_is_reported() {
    assert_eq!(
        messages(Rule::DateWeekday, "2023年2月29日（水）"),
        ["2月29日という日はありません（2023年2月は28日までです）"]
    );
    assert_eq!(
        messages(Rule::DateWeekday, "4月31日（日）"),
        ["4月31日という日はありません（2022年4月は30日までです）。年が書かれていないので、\
             号の発行日（2022年6月1日）にいちばん近い2022年の日付として確かめました"]
    );
    assert_eq!(messages(Rule::DateWeekday, "13月1日（月）").len(), 1);
}

#[test]
fn things_that_are_not_dates_with_weekdays_are_left_alone() {
    for text in [
        "7月2日（予定）",
        "7月2日に開きます（土曜日です）。",
        "電話は027-321-1319（月）です。",
        "12022年7月2日（金）",
        "第1土曜日（7月2日）",
        "今日（金）は雨です。",
    ] {
        assert!(check(text).is_empty(), "{text}: {:?}", check(text));
    }
}

#[test]
fn words_before_a_date_do_not_hide_it() {
    assert_eq!(check("今年7月2日（金）").len(), 1);
    assert_eq!(check("毎年恒例の7月2日（金）").len(), 1);
}

#[test]
fn markup_inside_a_date_does_not_hide_it() {
    let text = "集まりは**7月2日**（金）です。";
    let found = check(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&text[found[0].range.clone()], "7月2日**（金）");
}

#[test]
fn plain_values_are_read_as_written() {
    let found = run(Rule::DateWeekday, Kind::Plain, "4月2日（金）", JUNE_2022);
    assert!(found[0].message.starts_with("4月2日は土曜日です"), "{:?}", found);
}

mod properties {
    use chrono::{Datelike, Duration, NaiveDate};
    use proptest::prelude::*;

    use super::*;
    use crate::model::era::era_year;

    fn wide(text: &str) -> String {
        text.chars()
            .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c })
            .collect()
    }

    /// `date` written in one of the forms the rule reads, with `weekday`.
    fn written(date: NaiveDate, form: u8, weekday: char) -> String {
        let (y, m, d) = (date.year(), date.month(), date.day());
        let suffix = ["", "曜", "曜日"][usize::from(form % 3)];
        let (open, close) = if form.is_multiple_of(2) { ('（', '）') } else { ('(', ')') };
        let day = format!("{open}{weekday}{suffix}{close}");
        match form % 6 {
            0 => format!("{y}年{m}月{d}日{day}"),
            1 => match era_year(y, m, d) {
                Some((era, 1)) => format!("{era}元年{m}月{d}日{day}"),
                Some((era, n)) => format!("{era}{n}年{m}月{d}日{day}"),
                None => format!("{y}年{m}月{d}日{day}"),
            },
            2 => format!("{y}/{m}/{d}{day}"),
            3 => format!("{y}-{m:02}-{d:02}{day}"),
            4 => wide(&format!("{y}年{m}月{d}日{day}")),
            _ => format!("{y}年 {m}月 {d}日 {day}"),
        }
    }

    fn weekday_after(date: NaiveDate, shift: u32) -> char {
        calendar::WEEKDAYS[((date.weekday().num_days_from_monday() + shift) % 7) as usize]
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..(227 * 365)).prop_map(|days| NaiveDate::from_ymd_opt(1873, 1, 1).unwrap() + Duration::days(days))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn a_right_date_is_never_reported(date in any_date(), form in 0u8..36) {
            let text = format!("集まりは{}に開きます。", written(date, form, weekday_after(date, 0)));
            for rule in [Rule::DateWeekday, Rule::EraYear] {
                let found = run(rule, Kind::Markdown, &text, JUNE_2022);
                prop_assert!(found.is_empty(), "{text}: {found:?}");
            }
        }

        #[test]
        fn a_wrong_weekday_is_always_reported(date in any_date(), form in 0u8..36, shift in 1u32..7) {
            let text = format!("集まりは{}に開きます。", written(date, form, weekday_after(date, shift)));
            let found = run(Rule::DateWeekday, Kind::Markdown, &text, JUNE_2022);
            prop_assert_eq!(found.len(), 1, "{}: {:?}", text, found);
            let right = weekday_after(date, 0).to_string();
            prop_assert!(found[0].fix.as_ref().is_some_and(|f| f.replacement.starts_with(&right)), "{text}: {found:?}");
        }

        #[test]
        fn a_date_without_year_near_the_issue_is_read_in_its_own_year(
            issue in (0i64..(100 * 365)).prop_map(|d| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(d)),
            delta in -170i64..170,
            shift in 0u32..7,
        ) {
            let date = issue + Duration::days(delta);
            let text = format!("{}月{}日（{}）", date.month(), date.day(), weekday_after(date, shift));
            let found = run(Rule::DateWeekday, Kind::Markdown, &text, (issue.year(), issue.month(), issue.day()));
            prop_assert_eq!(found.len(), usize::from(shift != 0), "{} for an issue of {}: {:?}", text, issue, found);
            if let Some(f) = found.first() {
                let year = format!("{}年の日付として", date.year());
                prop_assert!(f.message.contains(&year), "{}", f.message);
            }
        }
    }
}
