//! The issue model written as Typst source: `issue.typ` holds one dictionary
//! literal with all the data the layout reads, and `main.typ` hands it to the
//! layout. Strings are string literals and rich text is escaped markup in
//! content blocks, so the generated source can only ever *describe* data.
//!
//! Beside the text, generation records a [`SourceMap`]: which byte ranges of
//! `issue.typ` came from which section file (and, inside rich text, from which
//! bytes of it), and which string values each file supplied. Every glyph Typst
//! lays out carries a span into `issue.typ` (or none, for text that came from a
//! string value), so checks of the finished pages can name the file and line
//! the coordinator has to change.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use crate::diag::SourceFile;
use crate::markup::escape;
use crate::markup::markdown::TextSpan;
use crate::model::issue::{Issue, Rich};
use crate::vpath::VPath;

/// A Typst value, just rich enough for the issue data.
enum V {
    None,
    Int(i64),
    /// A length in millimetres.
    Mm(f64),
    Str(String),
    Content(String, Vec<TextSpan>),
    Array(Vec<V>),
    Dict(Vec<(&'static str, V)>),
    /// A value written by the coordinator in this file.
    From(Arc<SourceFile>, Box<V>),
}

/// Where the parts of a generated `issue.typ` came from.
#[derive(Debug, Default)]
pub struct SourceMap {
    /// Rich text blocks, in order of their position in `issue.typ`.
    regions: Vec<Region>,
    /// String values and the file each came from.
    strings: Vec<(String, Arc<SourceFile>)>,
    /// Every section file, in the order the layout reads them.
    pub files: Vec<Arc<SourceFile>>,
}

#[derive(Debug)]
struct Region {
    out: Range<usize>,
    file: Arc<SourceFile>,
    /// Text pieces with `out` as offsets into `issue.typ`.
    spans: Vec<TextSpan>,
    /// The escaped markup of the pieces, to count characters in.
    markup: String,
}

/// A place in a section file that generated text came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    /// The byte range in the file, when it is known.
    pub range: Option<Range<usize>>,
}

impl Origin {
    /// Makes `diag` point here: at the line when the place is known,
    /// otherwise at the file.
    pub fn locate(&self, diag: crate::diag::Diagnostic) -> crate::diag::Diagnostic {
        match &self.range {
            Some(range) => diag.at(&self.file, range.clone()),
            None => diag.at_path(self.file.display.clone()),
        }
    }
}

impl SourceMap {
    /// The file (and, when it can be told, the byte in it) that the byte
    /// `offset` of `issue.typ` came from.
    pub fn locate(&self, offset: usize) -> Option<Origin> {
        let i = self.regions.partition_point(|r| r.out.start <= offset).checked_sub(1)?;
        let region = &self.regions[i];
        if offset >= region.out.end {
            return None;
        }
        let range = region
            .spans
            .iter()
            .find(|s| s.out.contains(&offset))
            .map(|s| source_offset(region, s, offset, &region.file.text));
        Some(Origin { file: region.file.clone(), range })
    }

    /// The file that supplied a string value containing `text` (text laid out
    /// from strings has no span). Only text of two characters or more is
    /// looked up: shorter pieces occur everywhere.
    pub fn string_origin(&self, text: &str) -> Option<Origin> {
        let text = text.trim();
        if text.chars().count() < 2 {
            return None;
        }
        self.find_string(text)
    }

    /// The file of the first string value containing `c` (a character no
    /// font has, say).
    pub fn char_origin(&self, c: char) -> Option<Origin> {
        self.find_string(c.encode_utf8(&mut [0; 4]))
    }

    fn find_string(&self, part: &str) -> Option<Origin> {
        let (value, file) = self.strings.iter().find(|(value, _)| value.contains(part))?;
        // Point at the part in the file when the value is written there
        // verbatim; TOML escapes (`\"`) may hide it, then at least at the
        // start of the part up to the first character that may be escaped.
        let verbatim = file.text.find(value.as_str()).map(|start| start + value.find(part).unwrap_or(0));
        let prefix = part.split(['"', '\\']).next().filter(|p| p.chars().count() >= 2);
        let range = verbatim
            .map(|at| at..at + part.len())
            .or_else(|| prefix.and_then(|p| file.text.find(p).map(|at| at..at + p.len())));
        Some(Origin { file: file.clone(), range })
    }
}

/// Maps `offset` inside a text piece back to the Markdown byte it shows:
/// the escaped markup has one `\` before each ASCII punctuation character, so
/// counting characters without those gives the position in the source piece.
fn source_offset(region: &Region, span: &TextSpan, offset: usize, source: &str) -> Range<usize> {
    let base = region.out.start;
    let markup = region.markup.get(span.out.start - base..offset - base).unwrap_or("");
    let mut shown = 0usize;
    let mut escaped = false;
    for c in markup.chars() {
        if c == '\\' && !escaped {
            escaped = true;
            continue;
        }
        escaped = false;
        shown += 1;
    }
    let piece = source.get(span.src.clone()).unwrap_or("");
    match piece.char_indices().nth(shown) {
        Some((at, c)) => span.src.start + at..span.src.start + at + c.len_utf8(),
        None => span.src.clone(),
    }
}

/// `issue.typ` and where its parts came from.
pub struct Generated {
    pub text: String,
    pub map: SourceMap,
}

struct Writer {
    out: String,
    file: Option<Arc<SourceFile>>,
    map: SourceMap,
}

fn s(text: &str) -> V {
    V::Str(text.to_owned())
}

fn opt(text: &Option<String>) -> V {
    text.as_deref().filter(|t| !t.trim().is_empty()).map_or(V::None, s)
}

fn rich(r: &Rich) -> V {
    V::Content(r.markup.clone(), r.spans.clone())
}

fn from(file: &Arc<SourceFile>, value: V) -> V {
    V::From(file.clone(), Box::new(value))
}

fn strs(items: &[String]) -> V {
    V::Array(items.iter().map(|t| s(t)).collect())
}

fn maybe<T>(value: &Option<T>, f: impl FnOnce(&T) -> V) -> V {
    value.as_ref().map_or(V::None, f)
}

impl Writer {
    fn write(&mut self, value: &V, indent: usize) {
        let pad = "  ".repeat(indent + 1);
        match value {
            V::None => self.out.push_str("none"),
            V::Int(n) => {
                let _ = write!(self.out, "{n}");
            }
            V::Mm(mm) => {
                let _ = write!(self.out, "{mm}mm");
            }
            V::Str(t) => {
                if let Some(file) = &self.file {
                    self.map.strings.push((t.clone(), file.clone()));
                }
                self.out.push_str(&escape::string(t));
            }
            V::Content(markup, spans) => {
                self.out.push('[');
                let start = self.out.len();
                self.out.push_str(markup);
                if let Some(file) = &self.file {
                    let spans = spans
                        .iter()
                        .map(|s| TextSpan { out: s.out.start + start..s.out.end + start, src: s.src.clone() })
                        .collect();
                    let out = start..self.out.len();
                    self.map.regions.push(Region { out, file: file.clone(), spans, markup: markup.clone() });
                }
                self.out.push(']');
            }
            V::Array(items) if items.is_empty() => self.out.push_str("()"),
            V::Array(items) => {
                self.out.push_str("(\n");
                for item in items {
                    self.out.push_str(&pad);
                    self.write(item, indent + 1);
                    self.out.push_str(",\n");
                }
                self.out.push_str(&"  ".repeat(indent));
                self.out.push(')');
            }
            V::Dict(entries) => {
                self.out.push_str("(\n");
                for (key, value) in entries {
                    self.out.push_str(&pad);
                    self.out.push_str(key);
                    self.out.push_str(": ");
                    self.write(value, indent + 1);
                    self.out.push_str(",\n");
                }
                self.out.push_str(&"  ".repeat(indent));
                self.out.push(')');
            }
            V::From(file, value) => {
                self.map.files.push(file.clone());
                let outer = self.file.replace(file.clone());
                self.write(value, indent);
                self.file = outer;
            }
        }
    }
}

/// What the layout is told about the output it is laid out for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Output {
    /// Bleed (塗り足し) in millimetres for print-shop output: backgrounds that
    /// reach the page edge extend this far beyond it.
    pub bleed_mm: Option<f64>,
}

/// Whether the issue has a web page to link with a QR code.
pub fn web_qr(issue: &Issue) -> bool {
    issue.settings.publisher.web_url.as_deref().is_some_and(|u| !u.trim().is_empty())
}

fn issue_value(issue: &Issue, output: Output) -> V {
    let st = &issue.settings;
    let p = &st.publisher;
    let d = &issue.date;
    V::Dict(vec![
        ("newsletter", V::Dict(vec![("title", s(&st.title)), ("catchphrase", opt(&st.catchphrase))])),
        (
            "date",
            V::Dict(vec![
                ("year", V::Int(d.year.into())),
                ("month", V::Int(d.month.into())),
                ("day", V::Int(d.day.into())),
                ("era", s(&d.era_label())),
                ("era_long", s(&d.era_long())),
            ]),
        ),
        ("number", issue.number.map_or(V::None, |n| V::Int(n.into()))),
        ("pages", V::Int(issue.pages.into())),
        (
            "publisher",
            V::Dict(vec![
                ("name", s(&p.name)),
                ("phone", opt(&p.phone)),
                ("office", opt(&p.office)),
                ("web_title", opt(&p.web_title)),
                ("web_url", opt(&p.web_url)),
                ("web_qr", if web_qr(issue) { s(VPath::web_qr().as_str()) } else { V::None }),
            ]),
        ),
        (
            "greeting",
            from(
                &issue.greeting.source,
                V::Dict(vec![("title", opt(&issue.greeting.title)), ("body", rich(&issue.greeting.body))]),
            ),
        ),
        (
            "notice",
            maybe(&issue.notice, |n| {
                from(&n.source, V::Dict(vec![("to", opt(&n.to)), ("title", s(&n.title)), ("body", rich(&n.body))]))
            }),
        ),
        (
            "figure",
            maybe(&issue.figure, |f| {
                let dict = V::Dict(vec![
                    ("title", s(&f.title)),
                    ("vision", opt(&f.vision)),
                    ("soil", s(&f.soil)),
                    ("soil_points", strs(&f.soil_points)),
                    ("cultivate", opt(&f.cultivate)),
                    ("fertilizer", opt(&f.fertilizer)),
                    ("fruits", strs(&f.fruits)),
                    ("fruits_label", opt(&f.fruits_label)),
                    ("left", strs(&f.left)),
                    ("right", strs(&f.right)),
                    ("caption", maybe(&f.caption, rich)),
                ]);
                match &f.source {
                    Some(file) => from(file, dict),
                    None => dict,
                }
            }),
        ),
        (
            "minutes",
            maybe(&issue.minutes, |m| {
                from(
                    &m.source,
                    V::Dict(vec![
                        ("title", s(&m.title)),
                        (
                            "bodies",
                            V::Array(
                                m.bodies
                                    .iter()
                                    .map(|b| {
                                        V::Dict(vec![
                                            ("name", s(&b.name)),
                                            (
                                                "entries",
                                                V::Array(
                                                    b.entries
                                                        .iter()
                                                        .map(|e| {
                                                            V::Dict(vec![
                                                                ("when", opt(&e.when)),
                                                                ("body", rich(&e.body)),
                                                            ])
                                                        })
                                                        .collect(),
                                                ),
                                            ),
                                        ])
                                    })
                                    .collect(),
                            ),
                        ),
                    ]),
                )
            }),
        ),
        (
            "spotlights",
            V::Array(
                issue
                    .spotlights
                    .iter()
                    .map(|sp| {
                        from(
                            &sp.source,
                            V::Dict(vec![
                                ("category", opt(&sp.category)),
                                ("council", opt(&sp.council)),
                                ("title", s(&sp.title)),
                                ("subtitle", opt(&sp.subtitle)),
                                ("body", rich(&sp.body)),
                                (
                                    "photos",
                                    V::Array(
                                        sp.photos
                                            .iter()
                                            .map(|ph| {
                                                V::Dict(vec![
                                                    ("path", s(ph.vpath.as_str())),
                                                    ("caption", opt(&ph.caption)),
                                                    ("alt", s(&ph.alt)),
                                                ])
                                            })
                                            .collect(),
                                    ),
                                ),
                                (
                                    "flow",
                                    V::Array(
                                        sp.flow
                                            .iter()
                                            .map(|st| {
                                                V::Dict(vec![
                                                    ("when", opt(&st.when)),
                                                    ("text", rich(&st.text)),
                                                    ("voice", opt(&st.voice)),
                                                ])
                                            })
                                            .collect(),
                                    ),
                                ),
                                ("voices", strs(&sp.voices)),
                            ]),
                        )
                    })
                    .collect(),
            ),
        ),
        (
            "game",
            maybe(&issue.game, |g| {
                from(
                    &g.source,
                    V::Dict(vec![
                        ("title", s(&g.title)),
                        ("lead", opt(&g.lead)),
                        ("points", V::Array(g.points.iter().map(rich).collect())),
                        ("body", rich(&g.body)),
                        ("contact", opt(&g.contact)),
                        ("note", opt(&g.note)),
                    ]),
                )
            }),
        ),
        ("output", V::Dict(vec![("bleed", output.bleed_mm.map_or(V::None, V::Mm))])),
    ])
}

/// `issue.typ` with its source map.
pub fn generate(issue: &Issue, output: Output) -> Generated {
    let mut w = Writer {
        out: String::from(
            "// Generated by tsushin from the issue folder. Do not edit: edit the Markdown and TOML instead.\n#let issue = ",
        ),
        file: None,
        map: SourceMap::default(),
    };
    w.write(&issue_value(issue, output), 0);
    w.out.push('\n');
    Generated { text: w.out, map: w.map }
}

/// `main.typ`: document metadata, then the layout applied to the data.
pub fn main_module(issue: &Issue, layout: &str) -> String {
    let title = format!("{} {}", issue.settings.title, issue.date.era_label());
    let d = &issue.date;
    // Recorded in the PDF's XMP metadata, so an archived file says what it is.
    let number = issue.number.map(|n| format!("第{n}号"));
    let description = format!(
        "{} {}（{}年{}月{}日発行{}） 発行元: {}",
        issue.settings.title,
        d.era_label(),
        d.year,
        d.month,
        d.day,
        number.as_deref().map(|n| format!("・{n}")).unwrap_or_default(),
        issue.settings.publisher.name
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
        layout = escape::string(VPath::layout_entry(layout).as_str()),
        title = escape::string(&title),
        author = escape::string(&issue.settings.publisher.name),
        description = escape::string(&description),
        keywords = keywords,
        y = d.year,
        m = d.month,
        day = d.day,
    )
}
