//! The data contract with the layout, typed once: [`IssueData`] is the
//! `issue` dictionary every layout receives, written as Typst source.
//!
//! `issue.typ` holds one dictionary literal with all the data the layout
//! reads, and `main.typ` hands it to the layout. The structs below borrow
//! from the issue model (as Zola's `SerializingPage` does for its templates)
//! and derive `Serialize`; [`typst_literal`] writes them as a Typst literal:
//! strings as string literals, rich text as escaped markup in content blocks,
//! so the generated source can only ever *describe* data. `layouts/README.md`
//! documents the same dictionary for designers, and `tests/contract.rs` fails
//! when the two disagree.
//!
//! Beside the text, writing records a [`SourceMap`] ([`source_map`]): which
//! byte ranges of `issue.typ` came from which section file, and which string
//! values each file supplied, so checks of the finished pages can name the
//! file and line the coordinator has to change.
//!
//! Before: the issue model (`model::issue`). After: the virtual tree
//! ([`crate::typeset::tree`]).

pub mod source_map;
pub mod typst_literal;

use std::sync::Arc;

use serde::Serialize;

pub use self::source_map::{Origin, SourceMap};
pub use self::typst_literal::{Content, FromFile, Text, texts};
use crate::diag::{Diagnostic, SourceFile};
use crate::markup::{escape, ruby};
use crate::model::issue::{self as model, Issue};
use crate::vpath::VPath;

/// What the pages are laid out for, as far as the layout needs to know: the
/// layout reads it as `issue.output`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Medium {
    /// Bleed (塗り足し) in millimetres for print-shop output: backgrounds that
    /// reach the page edge extend this far beyond it.
    #[serde(rename = "bleed", serialize_with = "typst_literal::optional_mm")]
    pub bleed_mm: Option<f64>,
    /// For the large print edition (`tsushin build --large-print`): every
    /// article's id in reading order (the ids of `<tsushin-plan>`'s blocks),
    /// which the layout's `large-print.typ` sets one after another on as
    /// many pages as they take. `None` for the planned pages.
    pub order: Option<Vec<String>>,
}

impl Medium {
    /// Whether this is the large print edition: its pages flow, so there is
    /// no page count to keep to.
    pub fn large_print(&self) -> bool {
        self.order.is_some()
    }

    /// The layout file that lays these pages out.
    pub fn entry(&self, layout: &str) -> VPath {
        if self.large_print() { VPath::layout(layout, LARGE_PRINT_ENTRY) } else { VPath::layout_entry(layout) }
    }
}

/// The entry point of a layout's large print edition, beside its `layout.typ`.
pub const LARGE_PRINT_ENTRY: &str = "large-print.typ";

/// The `issue` dictionary, in the order of its keys in `issue.typ`.
#[derive(Serialize)]
pub struct IssueData<'a> {
    pub newsletter: Newsletter<'a>,
    pub date: Date,
    pub number: Option<u32>,
    pub pages: u32,
    pub publisher: Publisher<'a>,
    pub greeting: FromFile<'a, Greeting<'a>>,
    pub notice: Option<FromFile<'a, Notice<'a>>>,
    pub figure: Option<FromFile<'a, Figure<'a>>>,
    pub minutes: Option<FromFile<'a, Minutes<'a>>>,
    pub spotlights: Vec<FromFile<'a, Spotlight<'a>>>,
    pub game: Option<FromFile<'a, Game<'a>>>,
    pub events: Option<FromFile<'a, Events<'a>>>,
    pub output: Medium,
}

#[derive(Serialize)]
pub struct Newsletter<'a> {
    pub title: Text<'a>,
    pub catchphrase: Option<Text<'a>>,
}

#[derive(Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// 「令和4年6月号」
    pub era: String,
    /// 「令和4年（2022年）6月」
    pub era_long: String,
}

#[derive(Serialize)]
pub struct Publisher<'a> {
    pub name: Text<'a>,
    pub phone: Option<Text<'a>>,
    pub office: Option<Text<'a>>,
    pub web_title: Option<Text<'a>>,
    pub web_url: Option<&'a str>,
    /// The virtual path of the QR code of `web_url`.
    pub web_qr: Option<String>,
}

#[derive(Serialize)]
pub struct Greeting<'a> {
    pub title: Option<Text<'a>>,
    pub body: Content<'a>,
}

#[derive(Serialize)]
pub struct Notice<'a> {
    pub to: Option<Text<'a>>,
    pub title: Text<'a>,
    pub body: Content<'a>,
    pub figures: Vec<ImageFigure<'a>>,
}

#[derive(Serialize)]
pub struct Figure<'a> {
    pub title: Text<'a>,
    pub vision: Option<Text<'a>>,
    pub soil: Text<'a>,
    pub soil_points: Vec<Text<'a>>,
    pub cultivate: Option<Text<'a>>,
    pub fertilizer: Option<Text<'a>>,
    pub fruits: Vec<Text<'a>>,
    pub fruits_label: Option<Text<'a>>,
    pub left: Vec<Text<'a>>,
    pub right: Vec<Text<'a>>,
    pub caption: Option<Content<'a>>,
}

#[derive(Serialize)]
pub struct Minutes<'a> {
    pub title: Text<'a>,
    pub bodies: Vec<Council<'a>>,
}

/// One council (協議体) or meeting body of the minutes.
#[derive(Serialize)]
pub struct Council<'a> {
    pub name: Text<'a>,
    pub entries: Vec<MinutesEntry<'a>>,
}

#[derive(Serialize)]
pub struct MinutesEntry<'a> {
    pub when: Option<Text<'a>>,
    pub body: Content<'a>,
}

#[derive(Serialize)]
pub struct Spotlight<'a> {
    pub category: Option<Text<'a>>,
    pub council: Option<Text<'a>>,
    pub title: Text<'a>,
    pub subtitle: Option<Text<'a>>,
    pub body: Content<'a>,
    pub photos: Vec<Photo<'a>>,
    /// The photos side by side in one row (2–4 of them).
    pub photo_row: bool,
    pub figures: Vec<ImageFigure<'a>>,
    pub flows: Vec<Flow<'a>>,
    pub voices: Vec<Text<'a>>,
}

#[derive(Serialize)]
pub struct Flow<'a> {
    pub title: Option<Text<'a>>,
    pub steps: Vec<Step<'a>>,
}

#[derive(Serialize)]
pub struct Photo<'a> {
    /// Its virtual path (`/issue/images/…`).
    pub path: &'a str,
    pub caption: Option<Text<'a>>,
    /// Never empty; furigana in （）, as image descriptions are plain strings.
    pub alt: String,
}

/// A map or chart from a file (`[[figures]]`).
#[derive(Serialize)]
pub struct ImageFigure<'a> {
    /// Its virtual path (`/issue/images/…`).
    pub path: &'a str,
    pub caption: Option<Text<'a>>,
    /// Never empty; furigana in （）, as image descriptions are plain strings.
    pub alt: String,
    /// Its size in pixels as it prints; `None` for SVG.
    pub pixels: Option<Pixels>,
}

#[derive(Serialize)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
}

impl<'a> ImageFigure<'a> {
    fn all(figures: &'a [model::ImageFigure]) -> Vec<Self> {
        let figure = |f: &'a model::ImageFigure| ImageFigure {
            path: f.vpath.as_str(),
            caption: non_blank(&f.caption),
            alt: ruby::parenthesized(&f.alt),
            pixels: f.pixels.map(|(width, height)| Pixels { width, height }),
        };
        figures.iter().map(figure).collect()
    }
}

#[derive(Serialize)]
pub struct Step<'a> {
    pub when: Option<Text<'a>>,
    pub text: Content<'a>,
    pub voice: Option<Text<'a>>,
}

#[derive(Serialize)]
pub struct Game<'a> {
    pub title: Text<'a>,
    pub lead: Option<Text<'a>>,
    pub points: Vec<Content<'a>>,
    pub body: Content<'a>,
    pub contact: Option<Text<'a>>,
    pub note: Option<Text<'a>>,
}

/// An optional text as the layout sees it: blank is absent.
fn non_blank(text: &Option<String>) -> Option<Text<'_>> {
    text.as_deref().filter(|t| !t.trim().is_empty()).map(Text)
}

fn from<'a, T>(file: &'a Arc<SourceFile>, value: T) -> FromFile<'a, T> {
    FromFile { file: Some(file), value }
}

/// Whether the issue has a web page to link with a QR code.
pub fn web_qr(issue: &Issue) -> bool {
    issue.settings.publisher.web_url.as_deref().is_some_and(|u| !u.trim().is_empty())
}

impl<'a> IssueData<'a> {
    pub fn new(issue: &'a Issue, medium: Medium) -> Self {
        let st = &issue.settings;
        let p = &st.publisher;
        let d = &issue.date;
        Self {
            newsletter: Newsletter { title: Text(&st.title), catchphrase: non_blank(&st.catchphrase) },
            date: Date { year: d.year, month: d.month, day: d.day, era: d.era_label(), era_long: d.era_long() },
            number: issue.number,
            pages: issue.pages,
            publisher: Publisher {
                name: Text(&p.name),
                phone: non_blank(&p.phone),
                office: non_blank(&p.office),
                web_title: non_blank(&p.web_title),
                web_url: p.web_url.as_deref().filter(|u| !u.trim().is_empty()),
                web_qr: web_qr(issue).then(|| VPath::web_qr().to_string()),
            },
            greeting: from(
                &issue.greeting.source,
                Greeting { title: non_blank(&issue.greeting.title), body: Content(&issue.greeting.body) },
            ),
            notice: issue.notice.as_ref().map(|n| {
                from(
                    &n.source,
                    Notice {
                        to: non_blank(&n.to),
                        title: Text(&n.title),
                        body: Content(&n.body),
                        figures: ImageFigure::all(&n.figures),
                    },
                )
            }),
            figure: issue.figure.as_ref().map(|f| FromFile { file: f.source.as_ref(), value: Figure::new(f) }),
            minutes: issue.minutes.as_ref().map(|m| from(&m.source, Minutes::new(m))),
            spotlights: issue.spotlights.iter().map(|sp| from(&sp.source, Spotlight::new(sp))).collect(),
            game: issue.game.as_ref().map(|g| from(&g.source, Game::new(g))),
            events: issue.events.as_ref().map(|e| from(&e.source, Events::new(e, d))),
            output: medium,
        }
    }
}

impl<'a> Figure<'a> {
    fn new(f: &'a model::Figure) -> Self {
        Self {
            title: Text(&f.title),
            vision: non_blank(&f.vision),
            soil: Text(&f.soil),
            soil_points: texts(&f.soil_points),
            cultivate: non_blank(&f.cultivate),
            fertilizer: non_blank(&f.fertilizer),
            fruits: texts(&f.fruits),
            fruits_label: non_blank(&f.fruits_label),
            left: texts(&f.left),
            right: texts(&f.right),
            caption: f.caption.as_ref().map(Content),
        }
    }
}

impl<'a> Minutes<'a> {
    fn new(m: &'a model::Minutes) -> Self {
        let council = |b: &'a model::MeetingBody| Council {
            name: Text(&b.name),
            entries: b
                .entries
                .iter()
                .map(|e| MinutesEntry { when: non_blank(&e.when), body: Content(&e.body) })
                .collect(),
        };
        Self { title: Text(&m.title), bodies: m.bodies.iter().map(council).collect() }
    }
}

impl<'a> Spotlight<'a> {
    fn new(sp: &'a model::Spotlight) -> Self {
        Self {
            category: non_blank(&sp.category),
            council: non_blank(&sp.council),
            title: Text(&sp.title),
            subtitle: non_blank(&sp.subtitle),
            body: Content(&sp.body),
            photos: sp
                .photos
                .iter()
                .map(|ph| Photo {
                    path: ph.vpath.as_str(),
                    caption: non_blank(&ph.caption),
                    alt: ruby::parenthesized(&ph.alt),
                })
                .collect(),
            photo_row: sp.photo_row,
            figures: ImageFigure::all(&sp.figures),
            flows: sp
                .flows
                .iter()
                .map(|flow| Flow {
                    title: non_blank(&flow.title),
                    steps: flow
                        .steps
                        .iter()
                        .map(|st| Step {
                            when: non_blank(&st.when),
                            text: Content(&st.text),
                            voice: non_blank(&st.voice),
                        })
                        .collect(),
                })
                .collect(),
            voices: texts(&sp.voices),
        }
    }
}

impl<'a> Game<'a> {
    fn new(g: &'a model::Game) -> Self {
        Self {
            title: Text(&g.title),
            lead: non_blank(&g.lead),
            points: g.points.iter().map(Content).collect(),
            body: Content(&g.body),
            contact: non_blank(&g.contact),
            note: non_blank(&g.note),
        }
    }
}

/// events.md: the listing of upcoming events, sorted by date.
#[derive(Serialize)]
pub struct Events<'a> {
    pub title: Text<'a>,
    pub items: Vec<Event<'a>>,
    pub body: Content<'a>,
}

#[derive(Serialize)]
pub struct Event<'a> {
    pub title: Text<'a>,
    /// 「6月18日（土）」, or 「令和5年1月15日（日）」 in another year than the issue.
    pub date: String,
    pub month: u32,
    pub day: u32,
    /// 「土」
    pub weekday: &'a str,
    /// 「令和5年」 only when the event is in another year than the issue.
    pub year: Option<String>,
    pub time: Option<Text<'a>>,
    pub place: Option<Text<'a>>,
    pub target: Option<Text<'a>>,
    pub fee: Option<Text<'a>>,
    pub apply: Option<Text<'a>>,
    pub contact: Option<Text<'a>>,
    pub note: Option<Text<'a>>,
}

impl<'a> Events<'a> {
    fn new(e: &'a model::Events, issue: &model::IssueDate) -> Self {
        let item = |ev: &'a model::Event| Event {
            title: Text(&ev.title),
            date: ev.date.label(issue),
            month: ev.date.month,
            day: ev.date.day,
            weekday: ev.date.weekday,
            year: ev.date.other_year(issue),
            time: non_blank(&ev.time),
            place: non_blank(&ev.place),
            target: non_blank(&ev.target),
            fee: non_blank(&ev.fee),
            apply: non_blank(&ev.apply),
            contact: non_blank(&ev.contact),
            note: non_blank(&ev.note),
        };
        Self { title: Text(&e.title), items: e.events.iter().map(item).collect(), body: Content(&e.body) }
    }
}

/// `issue.typ` and where its parts came from.
pub struct Generated {
    pub text: String,
    pub map: SourceMap,
}

/// `issue.typ` with its source map. Furigana in the text call `ruby`:
/// `ruby_from` is the layout's file that defines it (its `ruby.typ`), if it
/// has one; otherwise the reading follows its base in （）.
pub fn generate(issue: &Issue, medium: Medium, ruby_from: Option<&VPath>) -> Result<Generated, Diagnostic> {
    let mut text = String::from(
        "// Generated by tsushin from the issue folder. Do not edit: edit the Markdown and TOML instead.\n",
    );
    match ruby_from {
        Some(vpath) => text.push_str(&format!("#import {}: ruby\n", escape::string(vpath.as_str()))),
        None => text.push_str("#let ruby(base, reading) = [#base（#reading）]\n"),
    }
    text.push_str("#let issue = ");
    let mut map = typst_literal::write(&IssueData::new(issue, medium), &mut text, &issue.sources, &issue.strings)
        .map_err(|e| {
            Diagnostic::error(format!("レイアウトに渡すデータ（issue.typ）を作れませんでした（{e}）"))
                .hint("tsushin の不具合です。号のフォルダーを添えて担当者に連絡してください")
        })?;
    map.set_written(&issue.strings);
    text.push('\n');
    Ok(Generated { text, map })
}

/// `main.typ`: document metadata, then the layout's `entry` applied to the data.
pub fn main_module(issue: &Issue, entry: &VPath) -> String {
    // Metadata is plain text: furigana gives its base only.
    let (name, publisher) = (ruby::base_text(&issue.settings.title), ruby::base_text(&issue.settings.publisher.name));
    let title = format!("{name} {}", issue.date.era_label());
    let d = &issue.date;
    // Recorded in the PDF's XMP metadata, so an archived file says what it is.
    let number = issue.number.map(|n| format!("第{n}号"));
    let description = format!(
        "{} {}（{}年{}月{}日発行{}） 発行元: {}",
        name,
        d.era_label(),
        d.year,
        d.month,
        d.day,
        number.as_deref().map(|n| format!("・{n}")).unwrap_or_default(),
        publisher
    );
    let mut keywords = vec![escape::string(&issue.id.to_string())];
    keywords.extend(number.as_deref().map(escape::string));
    // A trailing comma keeps a one-element array an array.
    let keywords = format!("({},)", keywords.join(", "));
    format!(
        "// Generated by tsushin.\n\
         #import {data}: issue\n\
         #import {layout}: newsletter\n\
         #set document(title: {title}, author: {author}, description: {description}, keywords: {keywords}, date: datetime(year: {y}, month: {m}, day: {day}))\n\
         #newsletter(issue)\n",
        data = escape::string(VPath::issue_data().as_str()),
        layout = escape::string(entry.as_str()),
        title = escape::string(&title),
        author = escape::string(&publisher),
        description = escape::string(&description),
        keywords = keywords,
        y = d.year,
        m = d.month,
        day = d.day,
    )
}
