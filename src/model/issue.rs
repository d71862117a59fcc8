//! One issue as plain data: what the coordinator wrote, checked and converted.
//!
//! In the data flow (arguments → config → **issue model** → Typst data →
//! world → compile → preflight → export) this is the hand-over point: the
//! loader ([`crate::model::loader`]) fills these types from an issue folder,
//! and everything after it (the Typst data, the world's files, preflight,
//! archive) reads them and never the folder again. Text arrives as Typst
//! markup that is already escaped ([`Rich`]), with the byte ranges of the
//! files it came from, so later stages can point back at the line written.
//! Nothing here reads files, knows about pages, or positions anything.
//!
//! The issue's id, the listing of issues and the loader are re-exported here,
//! so `crate::model::issue::{IssueId, ISSUES_DIR, list, load}` keep working.

use crate::model::written::{WrittenBody, WrittenText};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::{Location, SourceFile};
use crate::markup::markdown;
use crate::model::config::Settings;
use crate::model::era;
use crate::vpath::VPath;

pub use crate::model::id::{ISSUE_FILE, ISSUES_DIR, IssueId, list};
pub use crate::model::images::ImageHeader;
pub use crate::model::loader::{LoadFailure, MAX_ISSUE_TEXT_BYTES, load};

/// Converted rich text: Typst markup that is safe to place in a content block,
/// and where each piece of its text was written in the section's file.
#[derive(Debug, Clone, Default)]
pub struct Rich {
    pub markup: String,
    /// Byte ranges of `markup` and of the section file they came from.
    pub spans: Vec<markdown::TextSpan>,
    /// The Markdown as written (TOML escapes read), for the editions that
    /// are not Typst (the plain text edition converts it once more).
    pub markdown: String,
}

#[derive(Debug)]
pub struct Issue {
    pub id: IssueId,
    pub dir: PathBuf,
    pub settings: Settings,
    pub date: IssueDate,
    pub number: Option<u32>,
    pub pages: u32,
    /// Where the page count is set, for diagnostics about it: the value of
    /// `pages = …` in issue.toml, or issue.toml as a whole when the line is
    /// not there and the default of 4 applies.
    pub pages_written: Location,
    pub greeting: Greeting,
    pub notice: Option<Notice>,
    pub figure: Option<Figure>,
    pub minutes: Option<Minutes>,
    pub spotlights: Vec<Spotlight>,
    pub game: Option<Game>,
    pub events: Option<Events>,
    /// Every text file read, so later stages can point back into them.
    pub sources: Vec<Arc<SourceFile>>,
    /// The only files of the issue folder the compiler may read: virtual path → real path.
    pub images: Vec<(VPath, PathBuf)>,
    /// What each of those images' header says (format, pixel size, EXIF
    /// orientation), read without decoding the pixels.
    pub image_headers: BTreeMap<VPath, ImageHeader>,
    /// Where each image is referred to, for diagnostics about how it prints.
    pub image_uses: Vec<ImageUse>,
    /// Every file and folder loading looked at, sorted and without repeats:
    /// the answer to "which files does this issue read?" for `watch`,
    /// `list` and `archive`. See [`crate::model::loader`] for what is listed.
    pub inputs: Vec<PathBuf>,
    /// Every string value of tsushin.toml, issue.toml and the front matters,
    /// with where it was written: diagnostics about a string and
    /// proofreading point into the file through it, never by searching.
    pub strings: Vec<WrittenText>,
    /// The Markdown body of every section file read, in the order read
    /// (greeting, notice, figure, minutes, game, spotlights): proofreading
    /// reads them with their place in the file.
    pub bodies: Vec<WrittenBody>,
    /// The wording dictionary `[proofreading]` names, read but not parsed
    /// (its content is the proofreading layer's to judge).
    pub dictionary: Option<Arc<SourceFile>>,
}

/// An image as referred to from a section file.
#[derive(Debug, Clone)]
pub struct ImageUse {
    pub vpath: VPath,
    pub file: Arc<SourceFile>,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy)]
pub struct IssueDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl IssueDate {
    /// 「令和4年6月号」
    pub fn era_label(&self) -> String {
        format!("{}{}月号", era::era_year_label(self.year, self.month, self.day), self.month)
    }

    /// 「令和4年（2022年）6月」
    pub fn era_long(&self) -> String {
        format!("{}（{}年）{}月", era::era_year_label(self.year, self.month, self.day), self.year, self.month)
    }
}

#[derive(Debug)]
pub struct Greeting {
    pub source: Arc<SourceFile>,
    pub title: Option<String>,
    pub body: Rich,
}

#[derive(Debug)]
pub struct Notice {
    pub source: Arc<SourceFile>,
    pub to: Option<String>,
    pub title: String,
    pub body: Rich,
    /// `[[figures]]`: maps and charts under the text.
    pub figures: Vec<ImageFigure>,
}

/// The explainer figure (figure.md): what a council (協議体) does, drawn as a
/// tree — its soil, what cultivates it, the fruits it bears — from these labels.
#[derive(Debug)]
pub struct Figure {
    pub title: String,
    pub vision: Option<String>,
    pub soil: String,
    pub soil_points: Vec<String>,
    pub cultivate: Option<String>,
    pub fertilizer: Option<String>,
    pub fruits: Vec<String>,
    pub fruits_label: Option<String>,
    pub left: Vec<String>,
    pub right: Vec<String>,
    pub caption: Option<Rich>,
    /// figure.md.
    pub source: Option<Arc<SourceFile>>,
}

#[derive(Debug)]
pub struct Minutes {
    pub source: Arc<SourceFile>,
    pub title: String,
    pub bodies: Vec<MeetingBody>,
}

#[derive(Debug)]
pub struct MeetingBody {
    pub name: String,
    pub entries: Vec<MinutesEntry>,
}

#[derive(Debug)]
pub struct MinutesEntry {
    pub when: Option<String>,
    pub body: Rich,
}

#[derive(Debug)]
pub struct Spotlight {
    pub source: Arc<SourceFile>,
    pub category: Option<String>,
    pub council: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    pub body: Rich,
    pub photos: Vec<Photo>,
    /// `photo_row = true`: the 2–4 photos stand side by side in one row.
    pub photo_row: bool,
    /// `[[figures]]`: maps and charts (SVG or raster) with their captions.
    pub figures: Vec<ImageFigure>,
    /// The flows over time, in the order written: `[[flow]]` (one untitled
    /// flow, the first way of writing one) first, then each `[[flows]]`.
    pub flows: Vec<Flow>,
    pub voices: Vec<String>,
}

/// One flow of a spotlight: steps joined by arrows, with an optional title.
#[derive(Debug)]
pub struct Flow {
    pub title: Option<String>,
    /// Never empty (a flow without steps is refused while loading).
    pub steps: Vec<Step>,
}

#[derive(Debug)]
pub struct Photo {
    pub vpath: VPath,
    pub caption: Option<String>,
    /// Alternative text for readers who cannot see the photo: `alt` as
    /// written, otherwise the caption. Never empty (checked while loading).
    pub alt: String,
}

/// A figure drawn from a file (`[[figures]]`): a map or a chart, SVG (kept
/// vector) or PNG/JPEG, sized by the layout. Not the 協議体の役割 tree
/// ([`Figure`], figure.md), which tsushin draws itself.
#[derive(Debug)]
pub struct ImageFigure {
    pub vpath: VPath,
    pub caption: Option<String>,
    /// As for photos: `alt`, otherwise the caption; never empty.
    pub alt: String,
    /// Width and height in pixels as it prints (EXIF orientation applied);
    /// `None` for SVG, which scales without limit. The layout never prints
    /// a raster larger than its pixels allow at print resolution.
    pub pixels: Option<(u32, u32)>,
}

#[derive(Debug)]
pub struct Step {
    pub when: Option<String>,
    pub text: Rich,
    pub voice: Option<String>,
}

/// events.md: upcoming events (行事のご案内), sorted by date.
#[derive(Debug)]
pub struct Events {
    pub source: Arc<SourceFile>,
    /// 「行事のご案内」 unless written.
    pub title: String,
    /// Sorted by date; events of the same day keep the order written.
    pub events: Vec<Event>,
    /// The Markdown body, printed under the listing (may be empty).
    pub body: Rich,
}

/// One event: what, when, and the optional particulars a reader needs.
#[derive(Debug)]
pub struct Event {
    pub title: String,
    pub date: EventDate,
    pub time: Option<String>,
    pub place: Option<String>,
    pub target: Option<String>,
    pub fee: Option<String>,
    pub apply: Option<String>,
    pub contact: Option<String>,
    pub note: Option<String>,
}

impl Event {
    /// The particulars after the date and title, each with the name the
    /// printed listing gives it, in its order: the one list every edition
    /// reads them from.
    pub fn particulars(&self) -> [(&'static str, &Option<String>); 6] {
        [
            ("時間", &self.time),
            ("場所", &self.place),
            ("対象", &self.target),
            ("費用", &self.fee),
            ("申込み", &self.apply),
            ("問い合わせ", &self.contact),
        ]
    }
}

/// The day of an event, a real calendar day (checked while loading).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// 「土」, computed from the date.
    pub weekday: &'static str,
}

impl EventDate {
    /// The day, if the calendar has it (toml accepts 2023-02-29).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        era::weekday(year, month, day).map(|weekday| Self { year, month, day, weekday })
    }

    /// 「6月18日（土）」, with the era year in front (「令和5年1月15日（日）」)
    /// when the event falls in another year than the issue.
    pub fn label(&self, issue: &IssueDate) -> String {
        let year = self.other_year(issue).unwrap_or_default();
        format!("{year}{}月{}日（{}）", self.month, self.day, self.weekday)
    }

    /// 「令和5年」 when the event is in another year than the issue.
    pub fn other_year(&self, issue: &IssueDate) -> Option<String> {
        (self.year != issue.year).then(|| era::era_year_label(self.year, self.month, self.day))
    }
}

#[derive(Debug)]
pub struct Game {
    pub source: Arc<SourceFile>,
    pub title: String,
    pub lead: Option<String>,
    pub points: Vec<Rich>,
    pub body: Rich,
    pub contact: Option<String>,
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn era_labels() {
        let june = IssueDate { year: 2022, month: 6, day: 1 };
        assert_eq!(june.era_label(), "令和4年6月号");
        assert_eq!(june.era_long(), "令和4年（2022年）6月");
        assert_eq!(IssueDate { year: 2019, month: 5, day: 1 }.era_label(), "令和元年5月号");
    }

    #[test]
    fn event_dates_have_their_weekday_and_the_era_year_of_another_year() {
        let june = IssueDate { year: 2022, month: 6, day: 1 };
        let label = |y, m, d| EventDate::new(y, m, d).map(|date| date.label(&june));
        assert_eq!(label(2022, 6, 18).as_deref(), Some("6月18日（土）"));
        assert_eq!(label(2022, 7, 3).as_deref(), Some("7月3日（日）"));
        assert_eq!(label(2023, 1, 15).as_deref(), Some("令和5年1月15日（日）"));
        assert_eq!(label(2019, 5, 1).as_deref(), Some("令和元年5月1日（水）"));
        assert_eq!(label(2023, 2, 29), None);
    }
}
