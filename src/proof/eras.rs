//! Rule `era-year`: era years that do not exist or disagree with the Western
//! year written beside them.
//!
//! - 令和5年（2022年）, 2022年（令和5年）, 令和4（2022）年: the two years differ.
//!   2019 is both 平成31年 and 令和元年, so either is right beside it.
//! - 平成31年5月, 令和元年4月30日: the era had ended or not yet begun on that
//!   day (平成 ended on 2019年4月30日, 令和 began on 5月1日). With a month
//!   only, the month must share at least one day with the era.
//! - 平成32年, 昭和65年, 令和0年: a year past the era's end, or year zero.
//! - 令和1年: print writes the first year 元年 (a note).
//!
//! The eras and their first days come from [`crate::model::era`].

use std::ops::Range;

use super::calendar;
use super::dates::ERA_NAMES;
use super::prose::Block;
use super::scan::{Cursor, Number, after_digit};
use super::{Finding, Level, Rule};
use crate::model::era::{EraSpan, era_year_label};

/// An era year as written.
struct EraYear {
    span: EraSpan,
    year: Number,
    /// The era name and year (令和4年, or 令和4 in 令和4（2022）年): what a fix replaces.
    era_year: Range<usize>,
    /// The Western year written with it, inside or after brackets.
    western: Option<Number>,
    /// Where the era year and its Western year end.
    end: usize,
}

pub(crate) fn check(block: &Block, out: &mut Vec<Finding>) {
    let text = block.text.as_str();
    for (at, c) in text.char_indices() {
        if ERA_NAMES.iter().any(|e| text[at..].starts_with(e)) {
            if let Some(written) = era_year(text, at) {
                judge(block, &written, at, out);
            }
        } else if calendar::is_digit(c) && !after_digit(text, at) {
            western_first(block, at, out);
        }
    }
}

/// 令和4年, 令和4年（2022年）, 令和4（2022）年 at byte `start`.
fn era_year(text: &str, start: usize) -> Option<EraYear> {
    let mut c = Cursor::new(text, start);
    let span = calendar::era_named(c.eat_word(&ERA_NAMES)?)?;
    c.spaces();
    let year = c.number(2, true)?;
    c.spaces();
    let (era_year, mut western) = if c.eat_char('年') {
        (start..c.at, None)
    } else {
        let inner = bracketed_year(&mut c)?;
        c.spaces();
        c.eat_char('年').then_some(())?;
        (start..year.range.end, Some(inner))
    };
    let mut end = c.at;
    if western.is_none() {
        let mut after = Cursor::new(text, end);
        if let Some(y) = bracketed_year(&mut after) {
            western = Some(y);
            end = after.at;
        }
    }
    Some(EraYear { span, year, era_year, western, end })
}

/// （2022年） or (2022): a four-digit year in brackets.
fn bracketed_year(c: &mut Cursor) -> Option<Number> {
    c.spaces();
    c.eat(|x| x == '（' || x == '(')?;
    c.spaces();
    let year = c.number(4, false).filter(|n| n.digits == 4)?;
    c.spaces();
    c.eat_char('年');
    c.spaces();
    c.eat(|x| x == '）' || x == ')')?;
    Some(year)
}

fn judge(block: &Block, written: &EraYear, start: usize, out: &mut Vec<Finding>) {
    let text = block.text.as_str();
    let (span, year) = (&written.span, written.year.value);
    if !valid_year(block, span, year, written.era_year.clone(), out) {
        return;
    }
    if matches!(&text[written.year.range.clone()], "1" | "１") {
        let message = format!("「{}1年」は「{}元年」と書くのがふつうです", span.name, span.name);
        let hint = format!("「{}元年」に直しましょう", span.name);
        let fix = block.fix(written.year.range.clone(), "元");
        out.push(block.finding(Rule::EraYear, Level::Note, written.year.range.clone(), message, hint).with_fix(fix));
    }
    if let Some(western) = &written.western {
        pair(block, span, year, western.value, start..written.end, out);
    }
    // The month (and day) after it: 5月, 5月1日.
    let mut c = Cursor::new(text, written.end);
    c.spaces();
    let Some(month) = c.number(2, false) else { return };
    c.spaces();
    if !c.eat_char('月') {
        return;
    }
    let mut with_day = c;
    with_day.spaces();
    let day = with_day.number(2, false).filter(|_| {
        with_day.spaces();
        with_day.eat_char('日')
    });
    let end = if day.is_some() { with_day.at } else { c.at };
    let day = day.map(|d| d.value);
    boundary(block, span, year, month.value, day, start..end, written.era_year.clone(), out);
}

/// 2022年（令和4年）, 2022（令和4）年 at byte `start`.
fn western_first(block: &Block, start: usize, out: &mut Vec<Finding>) {
    let mut c = Cursor::new(&block.text, start);
    let Some(western) = c.number(4, false).filter(|n| n.digits == 4) else { return };
    c.spaces();
    c.eat_char('年');
    c.spaces();
    if c.eat(|x| x == '（' || x == '(').is_none() {
        return;
    }
    c.spaces();
    let era_start = c.at;
    let Some(span) = c.eat_word(&ERA_NAMES).and_then(calendar::era_named) else { return };
    c.spaces();
    let Some(year) = c.number(2, true) else { return };
    c.spaces();
    let nen = c.eat_char('年');
    c.spaces();
    if c.eat(|x| x == '）' || x == ')').is_none() {
        return;
    }
    // With 年 inside the brackets the era year is read (and judged) on its own.
    if !nen && !valid_year(block, &span, year.value, era_start..year.range.end, out) {
        return;
    }
    pair(block, &span, year.value, western.value, start..c.at, out);
}

/// What replaces the era year at `range`: 令和2年, or 令和2 where the 年
/// comes after a bracketed Western year (平成32（2020）年).
fn replacement(block: &Block, range: &Range<usize>, label: &str) -> String {
    if block.text[range.clone()].ends_with('年') { label.to_owned() } else { label.trim_end_matches('年').to_owned() }
}

fn era_label(span: &EraSpan, year: u32) -> String {
    if year == 1 { format!("{}元年", span.name) } else { format!("{}{year}年", span.name) }
}

/// Reports year zero and years past the era's end; false when it reported.
fn valid_year(block: &Block, span: &EraSpan, year: u32, range: Range<usize>, out: &mut Vec<Finding>) -> bool {
    if year == 0 {
        let message = format!("「{}0年」という年はありません（最初の年は{}元年です）", span.name, span.name);
        let hint = "年を確かめて直してください".to_owned();
        out.push(block.finding(Rule::EraYear, Level::Warning, range, message, hint));
        return false;
    }
    let (Some(last), Some(last_day)) = (calendar::last_year(span), calendar::last_day(span)) else { return true };
    if year <= last {
        return true;
    }
    let western = calendar::western(span, year);
    let right = era_year_label(western, 12, 31);
    let message = format!(
        "{}{year}年という年はありません（{}は{}（{}{last}年）まででした）",
        span.name,
        span.name,
        calendar::label(last_day),
        span.name
    );
    let hint = format!("{western}年のことなら「{right}」です。年を確かめて直してください");
    let fix = block.fix(range.clone(), replacement(block, &range, &right));
    out.push(block.finding(Rule::EraYear, Level::Warning, range, message, hint).with_fix(fix));
    false
}

/// The era year of a Western year, in the given era when that era covers it
/// (2019 is 平成31年 beside 平成, 令和元年 beside 令和), else in its own era.
fn label_in(span: &EraSpan, western: i32) -> String {
    let first = span.year_one;
    let last = calendar::last_year(span).map_or(i32::MAX, |l| calendar::western(span, l));
    match u32::try_from(western - first + 1) {
        Ok(year) if western >= first && western <= last => era_label(span, year),
        _ => era_year_label(western, 12, 31),
    }
}

/// 令和5年（2022年）, 2022年（令和5年）: the era year and the Western year
/// must be the same year. Which one is wrong only the coordinator knows, so
/// the message names both readings and there is no automatic fix.
fn pair(block: &Block, span: &EraSpan, year: u32, written: u32, range: Range<usize>, out: &mut Vec<Finding>) {
    let Ok(written) = i32::try_from(written) else { return };
    let western = calendar::western(span, year);
    if western == written {
        return;
    }
    let message = format!("{}は{western}年です（{written}年と書かれています）", era_label(span, year));
    let hint =
        format!("{written}年なら{}です。どちらが正しいか確かめて、もう一方を直してください", label_in(span, written));
    out.push(block.finding(Rule::EraYear, Level::Warning, range, message, hint));
}

/// 平成31年5月, 令和元年4月30日: the day (or every day of the month) lies
/// outside the era.
#[allow(clippy::too_many_arguments)]
fn boundary(
    block: &Block,
    span: &EraSpan,
    year: u32,
    month: u32,
    day: Option<u32>,
    range: Range<usize>,
    era_year: Range<usize>,
    out: &mut Vec<Finding>,
) {
    let western = calendar::western(span, year);
    let Some(last_of_month) = calendar::days_in_month(western, month) else { return };
    let (first, last) = match day {
        Some(d) if d >= 1 && d <= last_of_month => (d, d),
        Some(_) => return, // a day that does not exist: not this rule's finding
        None => (1, last_of_month),
    };
    let (Some(from), Some(to)) = (calendar::date(western, month, first), calendar::date(western, month, last)) else {
        return;
    };
    let start = calendar::date(span.start.0, span.start.1, span.start.2);
    let next = span.next_start.and_then(|(y, m, d)| calendar::date(y, m, d));
    let when = match day {
        Some(d) => format!("{western}年{month}月{d}日"),
        None => format!("{western}年{month}月"),
    };
    let written = match day {
        Some(d) => format!("{}{month}月{d}日", era_label(span, year)),
        None => format!("{}{month}月", era_label(span, year)),
    };
    let (right, message) = if next.is_some_and(|next| from >= next) {
        let right = era_year_label(western, month, first);
        let ended = calendar::last_day(span).map_or_else(String::new, calendar::label);
        (right.clone(), format!("{written}（{when}）はもう{right}です（{}は{ended}まででした）", span.name))
    } else if let Some(start) = start.filter(|start| to < *start && calendar::starts_in_gregorian(span)) {
        let right = era_year_label(western, month, last);
        let began = calendar::label(start);
        (right.clone(), format!("{written}（{when}）はまだ{right}です（{}は{began}からです）", span.name))
    } else {
        return;
    };
    let hint = format!("「{}」を「{right}」に直してください", &block.text[era_year.clone()]);
    let fix = block.fix(era_year.clone(), replacement(block, &era_year, &right));
    out.push(block.finding(Rule::EraYear, Level::Warning, range, message, hint).with_fix(fix));
}
