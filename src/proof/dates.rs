//! Rule `date-weekday`: a date with its weekday, 2022年7月2日（金）, must name
//! the day it falls on, and must exist.
//!
//! Forms read: 2022年7月2日（土）, 令和4年7月2日（土）, 令和元年…, 4年7月2日（土）
//! (the era of the issue), 7月2日(土) and 7/2（土） (no year), 2022/7/2（土）,
//! 2022-07-02（土）, with full- or half-width digits and brackets and the
//! weekday as 土, 土曜 or 土曜日 (a holiday mark after it, （土・祝）, is fine).
//! A day that follows a date, 7月2日（土）・3日（日）, takes its month.
//!
//! A date without a year takes the year that puts it nearest to the issue date
//! (an October issue's 1月 is next January), and the message says so: the
//! coordinator knows at once whether tsushin read the year they meant.
//! textlint-rule-date-weekday-mismatch, by contrast, skips such dates or
//! takes the current calendar year (its `useCurrentYearIfMissing`), which is
//! wrong for a winter issue.
//!
//! Dates in the lunisolar years before 明治6年 (1873) are not checked.

use std::ops::Range;

use super::calendar::{self, IssueDate, WEEKDAYS};
use super::prose::Block;
use super::scan::{Cursor, Number, after_digit};
use super::{Finding, Level, Rule};

pub(crate) const ERA_NAMES: [&str; 5] = ["令和", "平成", "昭和", "大正", "明治"];

/// Where the year of a date came from, for the message.
#[derive(Debug, Clone, Copy)]
enum Year {
    /// Written: 2022年, 令和4年.
    Written(i32),
    /// 4年 without an era name: the era of the issue date.
    IssueEra(i32, &'static str, u32),
    /// Not written: the year nearest to the issue date.
    Nearest(i32),
}

impl Year {
    fn value(self) -> i32 {
        match self {
            Year::Written(y) | Year::IssueEra(y, ..) | Year::Nearest(y) => y,
        }
    }

    /// The year after (a run of days that crosses the new year).
    fn next(self) -> Year {
        match self {
            Year::Written(y) => Year::Written(y + 1),
            Year::IssueEra(y, era, n) => Year::IssueEra(y + 1, era, n + 1),
            Year::Nearest(y) => Year::Nearest(y + 1),
        }
    }
}

/// The weekday as written: 土, 土曜 or 土曜日.
#[derive(Debug, Clone)]
struct Weekday {
    range: Range<usize>,
    day: char,
    suffix: &'static str,
}

/// One date with its weekday, as read from the prose.
struct Written {
    /// The whole date and weekday.
    range: Range<usize>,
    /// The date without the weekday, as written.
    date: Range<usize>,
    weekday: Weekday,
    year: Year,
    month: u32,
    day: u32,
    /// Only the day is written (it follows another date).
    day_only: bool,
}

pub(crate) fn check(block: &Block, issue: Option<&IssueDate>, out: &mut Vec<Finding>) {
    let text = block.text.as_str();
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let starts = (calendar::is_digit(c) && !after_digit(text, at) && !after_year(text, at))
            || ERA_NAMES.iter().any(|e| text[at..].starts_with(e));
        let Some(first) = starts.then(|| read(text, at, issue)).flatten() else {
            at += c.len_utf8();
            continue;
        };
        judge(block, &first, issue, out);
        // Days that follow take the year and month of the one before.
        let (mut year, mut month, mut day) = (first.year, first.month, first.day);
        let mut end = first.range.end;
        while let Some(next) = next_day(text, end) {
            if next.day < day {
                (year, month) = if month == 12 { (year.next(), 1) } else { (year, month + 1) };
            }
            day = next.day;
            let written = Written { year, month, day, ..next };
            judge(block, &written, issue, out);
            end = written.range.end;
        }
        at = end;
    }
}

/// Whether a year that could not be read stands before `at` (明治5年 in the
/// lunisolar calendar, 12022年): the rest is not a date without a year, nor
/// 5年 one of the issue's era.
fn after_year(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let numbered_year = before.strip_suffix('年').and_then(|b| b.chars().next_back());
    numbered_year.is_some_and(|c| calendar::is_digit(c) || c == '元') || ERA_NAMES.iter().any(|e| before.ends_with(e))
}

/// Reads a date with its weekday starting at byte `start`, if there is one.
fn read(text: &str, start: usize, issue: Option<&IssueDate>) -> Option<Written> {
    let mut c = Cursor::new(text, start);
    let era = c.eat_word(&ERA_NAMES);
    c.spaces();
    let first = c.number(4, era.is_some())?;
    let mut after = c;
    after.spaces();
    let (year, month, day) = if after.eat_char('年') {
        c = after;
        let year = match (era, first.digits) {
            (None, 4) => Year::Written(i32::try_from(first.value).ok()?),
            (Some(name), 0..=2) => {
                let era = calendar::era_named(name)?;
                let western = calendar::western(&era, first.value);
                if name == "明治" && western < 1873 {
                    return None; // the lunisolar calendar
                }
                Year::Written(western)
            }
            (None, 1..=2) => {
                let era = issue?.era()?;
                Year::IssueEra(calendar::western(&era, first.value), era.name, first.value)
            }
            _ => return None,
        };
        c.spaces();
        let month = c.number(2, false)?;
        c.spaces();
        let day = month_day_rest(&mut c)?;
        (Some(year), month.value, day)
    } else if era.is_some() {
        return None;
    } else if first.digits <= 2 && after.eat_char('月') {
        c = after;
        c.spaces();
        (None, first.value, month_day_day(&mut c)?)
    } else if c.eat(|x| x == '/' || x == '／').is_some() {
        let (year, month) = match first.digits {
            4 => (Some(Year::Written(i32::try_from(first.value).ok()?)), slash_part(&mut c, &['/', '／'])?),
            1..=2 => (None, first),
            _ => return None,
        };
        let day = c.number(2, false)?;
        (year, month.value, day.value)
    } else if first.digits == 4 && c.eat(|x| x == '-' || x == '－').is_some() {
        let month = slash_part(&mut c, &['-', '－'])?;
        let day = c.number(2, false)?;
        (Some(Year::Written(i32::try_from(first.value).ok()?)), month.value, day.value)
    } else {
        return None;
    };
    let date_end = c.at;
    let weekday = weekday(&mut c)?;
    let year = match year {
        Some(year) => year,
        None => Year::Nearest(issue?.nearest_year(month, day)?),
    };
    Some(Written { range: start..c.at, date: start..date_end, weekday, year, month, day, day_only: false })
}

/// 月 D 日 after the month's number.
fn month_day_rest(c: &mut Cursor) -> Option<u32> {
    c.eat_char('月').then_some(())?;
    c.spaces();
    month_day_day(c)
}

/// D 日: the day and its 日.
fn month_day_day(c: &mut Cursor) -> Option<u32> {
    let day = c.number(2, false)?;
    c.spaces();
    c.eat_char('日').then_some(day.value)
}

/// The month of 2022/7/2 or 2022-07-02 and the separator after it.
fn slash_part(c: &mut Cursor, separators: &[char]) -> Option<Number> {
    let month = c.number(2, false)?;
    c.eat(|x| separators.contains(&x))?;
    Some(month)
}

/// The weekday in brackets: （土）, (土曜日), （ 土 ）, （金・祝）.
fn weekday(c: &mut Cursor) -> Option<Weekday> {
    c.spaces();
    c.eat(|x| x == '（' || x == '(')?;
    c.spaces();
    let start = c.at;
    let day = c.eat(|x| WEEKDAYS.contains(&x))?;
    let suffix = c.eat_word(&["曜日", "曜"]).unwrap_or("");
    let range = start..c.at;
    c.spaces();
    // A holiday mark may follow: （金・祝）, （月祝）.
    let before_mark = *c;
    c.eat(|x| "・･、,".contains(x));
    c.spaces();
    if c.eat_word(&["祝日", "祝", "休日", "振休"]).is_some() {
        c.spaces();
    } else {
        *c = before_mark;
    }
    c.eat(|x| x == '）' || x == ')')?;
    Some(Weekday { range, day, suffix })
}

/// A further day right after a date: 7月2日（土）・3日（日）, …～4日（月）.
fn next_day(text: &str, end: usize) -> Option<Written> {
    let mut c = Cursor::new(text, end);
    c.spaces();
    if c.eat(|x| "～〜~・･、,＆&-－–".contains(x)).is_none() {
        c.eat_word(&["から", "および", "及び", "と"])?;
    }
    c.spaces();
    let start = c.at;
    let day = month_day_day(&mut c)?;
    let date_end = c.at;
    let weekday = weekday(&mut c)?;
    // Year and month are the caller's to fill in.
    Some(Written {
        range: start..c.at,
        date: start..date_end,
        weekday,
        year: Year::Written(0),
        month: 0,
        day,
        day_only: true,
    })
}

/// Reports a date that does not exist or whose weekday is wrong.
fn judge(block: &Block, written: &Written, issue: Option<&IssueDate>, out: &mut Vec<Finding>) {
    let year = written.year.value();
    let date_text = &block.text[written.date.clone()];
    let assumed = assumption(written.year, issue);
    let Some(date) = calendar::date(year, written.month, written.day) else {
        let message = match calendar::days_in_month(year, written.month) {
            None => format!("「{date_text}」の{}月という月はありません{assumed}", written.month),
            Some(last) => format!(
                "{}月{}日という日はありません（{year}年{}月は{last}日までです）{assumed}",
                written.month, written.day, written.month
            ),
        };
        let hint = "日付を確かめて直してください".to_owned();
        out.push(block.finding(Rule::DateWeekday, Level::Warning, written.date.clone(), message, hint));
        return;
    };
    let actual = calendar::weekday(date);
    if actual == written.weekday.day {
        return;
    }
    // A day that follows another date is shown with its month, so that it is
    // clear which day was meant.
    let shown = if written.day_only { format!("{}月{}日", written.month, written.day) } else { date_text.to_owned() };
    let message = format!("{shown}は{actual}曜日です（{}曜日と書かれています）{assumed}", written.weekday.day);
    let wrong = format!("{}{}", written.weekday.day, written.weekday.suffix);
    let right = format!("{actual}{}", written.weekday.suffix);
    let hint = format!(
        "日付と曜日のどちらがまちがっているか予定を確かめてください。曜日のまちがいなら「{wrong}」を「{right}」に直します"
    );
    let fix = block.fix(written.weekday.range.clone(), right);
    out.push(block.finding(Rule::DateWeekday, Level::Warning, written.range.clone(), message, hint).with_fix(fix));
}

/// What tsushin assumed about the year, to append to the message.
fn assumption(year: Year, issue: Option<&IssueDate>) -> String {
    match (year, issue) {
        (Year::Written(_), _) => String::new(),
        (Year::IssueEra(y, era, n), _) => {
            let n = if n == 1 { "元".to_owned() } else { n.to_string() };
            format!("。年を{era}{n}年（{y}年）として確かめました")
        }
        (Year::Nearest(y), Some(issue)) => {
            format!(
                "。年が書かれていないので、号の発行日（{}）にいちばん近い{y}年の日付として確かめました",
                issue.label()
            )
        }
        (Year::Nearest(y), None) => format!("。年が書かれていないので、{y}年の日付として確かめました"),
    }
}
