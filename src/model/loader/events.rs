//! events.md, the listing of upcoming events (行事のご案内): each `[[events]]`
//! table read, its date checked to be a real day, the listing sorted by date,
//! and events already past on the issue date pointed out.

use std::sync::Arc;

use toml::Spanned;
use toml::value::Datetime;

use super::Loader;
use super::front::{EventFront, EventsFront};
use crate::diag::{Diagnostic, SourceFile};
use crate::model::issue::{Event, EventDate, Events, IssueDate};

/// The listing's heading when events.md has no `title`.
const DEFAULT_TITLE: &str = "行事のご案内";

/// events.md read, with where each event's date was written, for the check
/// against the issue date (known only once issue.toml is read).
pub(super) struct ReadEvents {
    pub events: Events,
    /// Byte range of each event's `date` value, in the order of `events`.
    dates_written: Vec<std::ops::Range<usize>>,
}

impl Loader<'_> {
    pub(super) fn events(&mut self, file: &Arc<SourceFile>) -> Option<ReadEvents> {
        let parsed = self.front::<EventsFront>(file)?;
        let EventsFront { title, events } = parsed.front;
        if events.is_empty() && parsed.body.trim().is_empty() {
            self.sink.push(
                Diagnostic::warning(format!("{} に行事が書かれていないので使いません", file.display))
                    .at_path(file.display.clone())
                    .hint(
                        "行事ごとに [[events]] と title = \"…\"、date = 2022-06-18 を書いてください（docs/format.md）",
                    ),
            );
            return None;
        }
        let mut read: Vec<(Event, std::ops::Range<usize>)> =
            events.into_iter().filter_map(|event| self.event(file, event.into_inner())).collect();
        // Stable: events of one day keep the order they were written in.
        read.sort_by_key(|(event, _)| event.date);
        let (events, dates_written) = read.into_iter().unzip();
        let body = self.body(file, parsed.body, parsed.body_offset);
        let title = title.unwrap_or_else(|| DEFAULT_TITLE.into());
        Some(ReadEvents { events: Events { source: file.clone(), title, events, body }, dates_written })
    }

    fn event(&mut self, file: &Arc<SourceFile>, front: EventFront) -> Option<(Event, std::ops::Range<usize>)> {
        let EventFront { title, date, time, place, target, fee, apply, contact, note } = front;
        let written = date.span();
        let date = self.event_date(file, &title, &date)?;
        Some((Event { title, date, time, place, target, fee, apply, contact, note }, written))
    }

    /// A day without a time, and one the calendar has.
    fn event_date(&mut self, file: &Arc<SourceFile>, title: &str, date: &Spanned<Datetime>) -> Option<EventDate> {
        let written = date.span();
        let Some(day) = date.get_ref().date.filter(|_| date.get_ref().time.is_none()) else {
            let hint = if date.get_ref().date.is_some() {
                "時刻は date に付けず、time = \"10:00～12:00\" のように別に書いてください"
            } else {
                "date = 2022-06-18 のように年・月・日を書いてください"
            };
            self.sink.push(
                Diagnostic::error(format!(
                    "{} の行事「{title}」の date には時刻のない日付を書いてください",
                    file.display
                ))
                .at(file, written)
                .hint(hint),
            );
            return None;
        };
        let (year, month, day) = (i32::from(day.year), u32::from(day.month), u32::from(day.day));
        let Some(date) = EventDate::new(year, month, day) else {
            self.sink.push(
                Diagnostic::error(format!(
                    "{} の行事「{title}」の日付 {year}年{month}月{day}日 はありません",
                    file.display
                ))
                .at(file, written)
                .hint("月と日を確かめてください（2月は28日まで、うるう年は29日まで。4・6・9・11月は30日まで）"),
            );
            return None;
        };
        Some(date)
    }

    /// Warns about events that are over on the issue date: most likely copied
    /// from the last issue and not updated.
    pub(super) fn check_event_dates(&mut self, read: &ReadEvents, issue: &IssueDate) {
        let file = &read.events.source;
        for (event, written) in read.events.events.iter().zip(&read.dates_written) {
            if (event.date.year, event.date.month, event.date.day) < (issue.year, issue.month, issue.day) {
                self.sink.push(
                    Diagnostic::warning(format!(
                        "{} の行事「{}」（{}年{}月{}日）は号の日付（{}年{}月{}日）より前です",
                        file.display,
                        event.title,
                        event.date.year,
                        event.date.month,
                        event.date.day,
                        issue.year,
                        issue.month,
                        issue.day
                    ))
                    .at(file, written.clone())
                    .hint("前の号から写したままではありませんか？ 日付を直すか、終わった行事なら消してください"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostic;
    use crate::model::loader::tests::Folder;

    fn events_md(events: &str) -> String {
        format!("+++\ntitle = \"行事\"\n{events}+++\n")
    }

    /// Every diagnostic as `file:line:column message`.
    fn reported(folder: &Folder) -> Vec<String> {
        let diagnostics = match folder.load() {
            Ok((_, warnings)) => warnings,
            Err(failure) => failure.diagnostics,
        };
        diagnostics.iter().map(|d: &Diagnostic| format!("{} {}", d.position().unwrap_or_default(), d.message)).collect()
    }

    #[test]
    fn events_are_sorted_by_date_with_their_weekday() {
        let folder = Folder::minimal();
        folder.write(
            "events.md",
            events_md(
                "[[events]]\ntitle = \"遅い\"\ndate = 2024-06-02\nplace = \"公民館\"\n\
                 [[events]]\ntitle = \"早い\"\ndate = 2024-04-20\n\
                 [[events]]\ntitle = \"早い日の二つ目\"\ndate = 2024-04-20\nfee = \"無料\"\n",
            ),
        );
        let (issue, warnings) = folder.load().unwrap();
        assert!(warnings.is_empty(), "{warnings:#?}");
        let events = issue.events.unwrap();
        assert_eq!(events.title, "行事");
        let order: Vec<(&str, String)> =
            events.events.iter().map(|e| (e.title.as_str(), e.date.label(&issue.date))).collect();
        assert_eq!(
            order,
            [
                ("早い", "4月20日（土）".into()),
                ("早い日の二つ目", "4月20日（土）".into()),
                ("遅い", "6月2日（日）".into())
            ]
        );
        assert_eq!(events.events[2].place.as_deref(), Some("公民館"));
    }

    #[test]
    fn an_event_before_the_issue_date_is_a_warning_at_its_date() {
        let folder = Folder::minimal();
        folder.write("events.md", events_md("[[events]]\ntitle = \"終わった会\"\ndate = 2024-03-31\n"));
        let (issue, _) = folder.load().unwrap();
        assert_eq!(issue.events.unwrap().events.len(), 1, "still printed");
        assert_eq!(
            reported(&folder),
            [
                "issues/2024-04/events.md:5:8 issues/2024-04/events.md の行事「終わった会」（2024年3月31日）は号の日付（2024年4月1日）より前です"
            ]
        );
    }

    #[test]
    fn a_misspelt_key_is_named_with_the_nearest_one() {
        let folder = Folder::minimal();
        folder.write("events.md", events_md("[[events]]\ntitle = \"会\"\ndate = 2024-04-20\nplase = \"公民館\"\n"));
        let failure = folder.load().unwrap_err();
        let error = failure.diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(error.position().as_deref(), Some("issues/2024-04/events.md:6:1"));
        assert!(error.message.contains("知らないキー「plase」"), "{}", error.message);
        assert!(error.hints.iter().any(|h| h.contains("「place」のまちがいではありませんか")), "{:?}", error.hints);
    }

    #[test]
    fn wrong_dates_are_errors_at_the_date() {
        let folder = Folder::minimal();
        for (date, message) in [
            ("\"6月18日\"", "「date」の値の種類がちがいます"),
            ("2024-04-20T10:00:00", "の date には時刻のない日付を書いてください"),
            // toml itself knows February 2023 has 28 days
            ("2023-02-29", "の書き方に誤りがあります（TOML: invalid date"),
        ] {
            folder.write("events.md", events_md(&format!("[[events]]\ntitle = \"会\"\ndate = {date}\n")));
            let reported = reported(&folder);
            assert_eq!(reported.len(), 1, "{reported:?}");
            assert!(reported[0].starts_with("issues/2024-04/events.md:5:8 "), "{reported:?}");
            assert!(reported[0].contains(message), "{reported:?}");
        }
    }

    #[test]
    fn title_and_date_are_required() {
        let folder = Folder::minimal();
        folder.write("events.md", events_md("[[events]]\ntitle = \"会\"\n"));
        assert!(reported(&folder)[0].contains("必要なキー「date」がありません"));
        folder.write("events.md", events_md("[[events]]\ndate = 2024-04-20\n"));
        assert!(reported(&folder)[0].contains("必要なキー「title」がありません"));
    }

    #[test]
    fn an_events_file_without_events_is_left_out() {
        let folder = Folder::minimal();
        folder.write("events.md", "+++\ntitle = \"行事\"\n+++\n");
        let (issue, warnings) = folder.load().unwrap();
        assert!(issue.events.is_none());
        assert!(warnings[0].message.contains("events.md に行事が書かれていないので使いません"), "{warnings:#?}");
    }
}
