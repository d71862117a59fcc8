//! Calendar facts the date and era rules share: digits written in full or
//! half width, real dates and their weekdays, the year of a date
//! written without one, and the eras (read from [`crate::model::era`], the one table
//! of eras in tsushin).

use chrono::{Datelike, NaiveDate};

use crate::model::era::{EraSpan, eras};

/// Weekday names in chrono's order (Monday first).
pub(crate) const WEEKDAYS: [char; 7] = ['月', '火', '水', '木', '金', '土', '日'];

/// The value of one ASCII or full-width digit.
pub(crate) fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

pub(crate) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

pub(crate) fn is_wide_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

pub(crate) fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The number of days in a month (`None` for a month that does not exist).
pub(crate) fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = date(year, month, 1)?;
    let next = if month == 12 { date(year + 1, 1, 1)? } else { date(year, month + 1, 1)? };
    u32::try_from((next - first).num_days()).ok()
}

pub(crate) fn weekday(date: NaiveDate) -> char {
    WEEKDAYS[date.weekday().num_days_from_monday() as usize]
}

/// The date of the issue, for dates written without a year.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IssueDate(NaiveDate);

impl IssueDate {
    pub fn new((year, month, day): (i32, u32, u32)) -> Option<IssueDate> {
        date(year, month, day).map(IssueDate)
    }

    /// 「2022年6月1日」
    pub fn label(self) -> String {
        format!("{}年{}月{}日", self.0.year(), self.0.month(), self.0.day())
    }

    /// The year that puts month/day nearest to the issue date: an October
    /// issue's 1月 is next January, a January issue's 12月 last December.
    /// A day the month does not have (2月29日 in most years) is measured as
    /// the month's last day, so that the year chosen is still the near one.
    pub fn nearest_year(self, month: u32, day: u32) -> Option<i32> {
        let issue = self.0.year();
        let distance = |year: i32| {
            let last = days_in_month(year, month)?;
            let d = date(year, month, day.clamp(1, last))?;
            Some(((d - self.0).num_days().abs(), -year))
        };
        // On a tie (exactly half a year away) the later year wins: a
        // newsletter announces more than it looks back.
        // A month that does not exist (13月) is read in the issue's year, to be reported.
        let nearest = (issue - 1..=issue + 1).filter_map(|y| distance(y).map(|d| (d, y))).min();
        Some(nearest.map_or(issue, |(_, y)| y))
    }

    /// The era of the issue date, for 「4年7月2日」 written without an era name.
    pub fn era(self) -> Option<EraSpan> {
        era_at(self.0.year(), self.0.month(), self.0.day())
    }
}

/// The era with this name.
pub(crate) fn era_named(name: &str) -> Option<EraSpan> {
    eras().find(|era| era.name == name)
}

/// The era a Gregorian date falls in.
pub(crate) fn era_at(year: i32, month: u32, day: u32) -> Option<EraSpan> {
    eras().find(|era| (year, month, day) >= era.start)
}

/// The Gregorian year of an era year (平成31 → 2019).
pub(crate) fn western(era: &EraSpan, year: u32) -> i32 {
    era.year_one + i32::try_from(year).unwrap_or(i32::MAX - era.year_one) - 1
}

/// The last era year of an era that has ended (平成 → 31).
pub(crate) fn last_year(era: &EraSpan) -> Option<u32> {
    let (year, month, day) = era.next_start?;
    // An era that ends on 1 January ends with the previous year.
    let last = if (month, day) == (1, 1) { year - 1 } else { year };
    u32::try_from(last - era.year_one + 1).ok()
}

/// The day before the next era began: 平成 → 2019年4月30日.
pub(crate) fn last_day(era: &EraSpan) -> Option<NaiveDate> {
    let (year, month, day) = era.next_start?;
    date(year, month, day)?.pred_opt()
}

/// 「2019年4月30日」
pub(crate) fn label(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Whether an era began in the Gregorian calendar, so that a date before its
/// first day is a mistake. Meiji's first years were lunisolar (Japan adopted
/// the Gregorian calendar on 明治6年1月1日), so those dates are not checked.
pub(crate) fn starts_in_gregorian(era: &EraSpan) -> bool {
    era.start.0 == era.year_one
}
