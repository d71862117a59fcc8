//! The issue model written as Typst source: `issue.typ` holds one dictionary
//! literal with all the data the layout reads, and `main.typ` hands it to the
//! layout. Strings are string literals and rich text is escaped markup in
//! content blocks, so the generated source can only ever *describe* data.

use std::fmt::Write as _;

use crate::escape;
use crate::issue::{Issue, Rich};

/// A Typst value, just rich enough for the issue data.
enum V {
    None,
    Int(i64),
    /// A length in millimetres.
    Mm(f64),
    Str(String),
    Content(String),
    Array(Vec<V>),
    Dict(Vec<(&'static str, V)>),
}

fn s(text: &str) -> V {
    V::Str(text.to_owned())
}

fn opt(text: &Option<String>) -> V {
    text.as_deref().filter(|t| !t.trim().is_empty()).map_or(V::None, s)
}

fn rich(r: &Rich) -> V {
    V::Content(r.0.clone())
}

fn strs(items: &[String]) -> V {
    V::Array(items.iter().map(|t| s(t)).collect())
}

fn maybe<T>(value: &Option<T>, f: impl FnOnce(&T) -> V) -> V {
    value.as_ref().map_or(V::None, f)
}

impl V {
    fn write(&self, out: &mut String, indent: usize) {
        let pad = "  ".repeat(indent + 1);
        match self {
            V::None => out.push_str("none"),
            V::Int(n) => {
                let _ = write!(out, "{n}");
            }
            V::Mm(mm) => {
                let _ = write!(out, "{mm}mm");
            }
            V::Str(t) => out.push_str(&escape::string(t)),
            V::Content(markup) => {
                out.push('[');
                out.push_str(markup);
                out.push(']');
            }
            V::Array(items) if items.is_empty() => out.push_str("()"),
            V::Array(items) => {
                out.push_str("(\n");
                for item in items {
                    out.push_str(&pad);
                    item.write(out, indent + 1);
                    out.push_str(",\n");
                }
                out.push_str(&"  ".repeat(indent));
                out.push(')');
            }
            V::Dict(entries) => {
                out.push_str("(\n");
                for (key, value) in entries {
                    out.push_str(&pad);
                    out.push_str(key);
                    out.push_str(": ");
                    value.write(out, indent + 1);
                    out.push_str(",\n");
                }
                out.push_str(&"  ".repeat(indent));
                out.push(')');
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
                ("web_qr", if web_qr(issue) { s(crate::qr::WEB_QR_VPATH) } else { V::None }),
            ]),
        ),
        (
            "greeting",
            V::Dict(vec![("title", opt(&issue.greeting.title)), ("body", rich(&issue.greeting.body))]),
        ),
        (
            "notice",
            maybe(&issue.notice, |n| {
                V::Dict(vec![("to", opt(&n.to)), ("title", s(&n.title)), ("body", rich(&n.body))])
            }),
        ),
        (
            "figure",
            maybe(&issue.figure, |f| {
                V::Dict(vec![
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
                ])
            }),
        ),
        (
            "minutes",
            maybe(&issue.minutes, |m| {
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
                                                    .map(|e| V::Dict(vec![("when", opt(&e.when)), ("body", rich(&e.body))]))
                                                    .collect(),
                                            ),
                                        ),
                                    ])
                                })
                                .collect(),
                        ),
                    ),
                ])
            }),
        ),
        (
            "spotlights",
            V::Array(
                issue
                    .spotlights
                    .iter()
                    .map(|sp| {
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
                                                ("path", s(&ph.vpath)),
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
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "game",
            maybe(&issue.game, |g| {
                V::Dict(vec![
                    ("title", s(&g.title)),
                    ("lead", opt(&g.lead)),
                    ("points", V::Array(g.points.iter().map(rich).collect())),
                    ("body", rich(&g.body)),
                    ("contact", opt(&g.contact)),
                    ("note", opt(&g.note)),
                ])
            }),
        ),
        ("output", V::Dict(vec![("bleed", output.bleed_mm.map_or(V::None, V::Mm))])),
    ])
}

/// `issue.typ`: the data module.
pub fn issue_module(issue: &Issue, output: Output) -> String {
    let mut out = String::from("// Generated by tsushin from the issue folder. Do not edit: edit the Markdown and TOML instead.\n#let issue = ");
    issue_value(issue, output).write(&mut out, 0);
    out.push('\n');
    out
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
         #import \"/issue.typ\": issue\n\
         #import {layout}: newsletter\n\
         #set document(title: {title}, author: {author}, description: {description}, keywords: {keywords}, date: datetime(year: {y}, month: {m}, day: {day}))\n\
         #newsletter(issue)\n",
        layout = escape::string(&format!("/layouts/{layout}/layout.typ")),
        title = escape::string(&title),
        author = escape::string(&issue.settings.publisher.name),
        description = escape::string(&description),
        keywords = keywords,
        y = d.year,
        m = d.month,
        day = d.day,
    )
}
