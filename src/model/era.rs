//! Japanese era (和暦) names for issue and event dates, and the day of the week.
//!
//! The newsletter prints its date as 「令和4年6月号」. Era changes happen on a
//! specific day, so the conversion works on full dates; the first year of an era
//! is written 元年, as Japanese print always does.

/// One era and the Gregorian day it began.
struct Era {
    name: &'static str,
    start: (i32, u32, u32),
    /// The Gregorian year that is the era's first year (differs from `start`
    /// only for Meiji, which began before the Gregorian calendar was adopted).
    year_one: i32,
}

/// Eras since the adoption of the Gregorian calendar, newest first.
const ERAS: &[Era] = &[
    Era { name: "令和", year_one: 2019, start: (2019, 5, 1) },
    Era { name: "平成", year_one: 1989, start: (1989, 1, 8) },
    Era { name: "昭和", year_one: 1926, start: (1926, 12, 25) },
    Era { name: "大正", year_one: 1912, start: (1912, 7, 30) },
    Era { name: "明治", year_one: 1868, start: (1873, 1, 1) },
];

/// The era name and era year of a date, or `None` before 1873
/// (the lunisolar calendar was still in use; no newsletter predates it).
pub fn era_year(year: i32, month: u32, day: u32) -> Option<(&'static str, i32)> {
    ERAS.iter().find(|era| (year, month, day) >= era.start).map(|era| (era.name, year - era.year_one + 1))
}

/// One era as the proofreader checks it: its name, the Gregorian year that is
/// its first year, its first day and the first day of the next era (`None` for
/// the current one). Read from the table above, so there is one list of eras.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EraSpan {
    pub name: &'static str,
    pub year_one: i32,
    pub start: (i32, u32, u32),
    pub next_start: Option<(i32, u32, u32)>,
}

/// Every era of the table, newest first.
pub fn eras() -> impl Iterator<Item = EraSpan> {
    ERAS.iter().enumerate().map(|(i, era)| EraSpan {
        name: era.name,
        year_one: era.year_one,
        start: era.start,
        next_start: i.checked_sub(1).map(|newer| ERAS[newer].start),
    })
}

/// 「令和4年」, 「令和元年」; the Western year 「1872年」 when no era applies.
pub fn era_year_label(year: i32, month: u32, day: u32) -> String {
    match era_year(year, month, day) {
        Some((name, 1)) => format!("{name}元年"),
        Some((name, n)) => format!("{name}{n}年"),
        None => format!("{year}年"),
    }
}

/// The day of the week of a date as one kanji, 「月」 to 「日」; `None` when
/// the day does not exist (2023-02-29).
pub fn weekday(year: i32, month: u32, day: u32) -> Option<&'static str> {
    use chrono::Datelike;
    const NAMES: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    Some(NAMES[date.weekday().num_days_from_monday() as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays() {
        assert_eq!(weekday(2022, 6, 18), Some("土"));
        assert_eq!(weekday(2022, 6, 1), Some("水"));
        assert_eq!(weekday(2024, 2, 29), Some("木"));
        assert_eq!(weekday(2023, 1, 15), Some("日"));
        assert_eq!(weekday(2023, 2, 29), None);
        assert_eq!(weekday(2022, 4, 31), None);
    }

    #[test]
    fn reiwa() {
        assert_eq!(era_year_label(2022, 6, 1), "令和4年");
        assert_eq!(era_year_label(2020, 12, 1), "令和2年");
    }

    #[test]
    fn heisei_reiwa_boundary() {
        assert_eq!(era_year_label(2019, 4, 30), "平成31年");
        assert_eq!(era_year_label(2019, 5, 1), "令和元年");
        assert_eq!(era_year_label(2019, 12, 31), "令和元年");
        assert_eq!(era_year_label(2020, 1, 1), "令和2年");
    }

    #[test]
    fn showa_heisei_boundary() {
        assert_eq!(era_year_label(1989, 1, 7), "昭和64年");
        assert_eq!(era_year_label(1989, 1, 8), "平成元年");
    }

    #[test]
    fn taisho_showa_boundary() {
        assert_eq!(era_year_label(1926, 12, 24), "大正15年");
        assert_eq!(era_year_label(1926, 12, 25), "昭和元年");
    }

    #[test]
    fn meiji_taisho_boundary() {
        assert_eq!(era_year_label(1912, 7, 29), "明治45年");
        assert_eq!(era_year_label(1912, 7, 30), "大正元年");
    }

    #[test]
    fn spans_end_where_the_next_era_starts() {
        let heisei = eras().find(|e| e.name == "平成").unwrap();
        assert_eq!((heisei.year_one, heisei.start, heisei.next_start), (1989, (1989, 1, 8), Some((2019, 5, 1))));
        assert_eq!(eras().next().unwrap().next_start, None);
    }

    #[test]
    fn before_eras_falls_back_to_western() {
        assert_eq!(era_year_label(1872, 12, 31), "1872年");
    }
}
