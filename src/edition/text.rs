//! The plain text edition (`tsushin build --text`): the issue in reading
//! order for read-aloud volunteers and audio-code encoders.
//!
//! Everything comes from the issue model: titles and labels as the
//! coordinator wrote them, Markdown bodies through the plain text writer
//! ([`markdown::plain`]). Only the order and the page marks come from the
//! laid-out pages, as the layout reported them in its plan
//! ([`Plan::blocks`]: what each page holds, top to bottom), through the
//! reading order every edition shares ([`order`]). An article broken across
//! two pages stays whole; the next page's mark follows it. Without that
//! report (a layout of one's own may not give it) the articles follow the
//! data's order and no page marks are written.

use crate::edition;
use crate::edition::order::{self, FOOTER};
use crate::markup::{markdown, ruby};
use crate::model::issue::{Events, Figure, Game, ImageFigure, Issue, Minutes, Notice, Spotlight};
use crate::typeset::plan::Plan;

/// The plain text edition of `issue`, laid out as `plan` reports: the
/// articles in reading order ([`order::reading`]), each written once, a
/// mark where each printed page begins.
pub fn write(issue: &Issue, plan: Option<&Plan>) -> String {
    let reading = order::reading(issue, plan);
    let mut out = Out::default();
    if reading.pages.is_empty() {
        masthead(issue, &mut out);
    }
    for (n, on_page) in reading.pages.iter().enumerate() {
        out.mark(n + 1);
        if n == 0 {
            masthead(issue, &mut out);
        }
        for id in on_page {
            block(issue, id, &mut out);
        }
    }
    for id in &reading.rest {
        block(issue, id, &mut out);
    }
    out.text
}

/// The text being written: sections separated by an empty line.
#[derive(Default)]
struct Out {
    text: String,
}

impl Out {
    /// A line of its own.
    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// A paragraph of converted text, after an empty line.
    fn para(&mut self, text: &str) {
        if !text.is_empty() {
            self.gap();
            self.line(text);
        }
    }

    /// An empty line, unless there is one already (or nothing yet).
    fn gap(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    /// An article's title, after an empty line.
    fn title(&mut self, title: &str) {
        self.gap();
        self.line(&format!("【{title}】"));
    }

    /// Where printed page `n` begins.
    fn mark(&mut self, n: usize) {
        self.gap();
        self.line(&format!("{n}ページ"));
    }
}

fn masthead(issue: &Issue, out: &mut Out) {
    out.gap();
    out.line(&plain(&issue.settings.title));
    if let Some(catch) = nonblank(&issue.settings.catchphrase) {
        out.line(&catch);
    }
    let number = issue.number.map(|n| format!("　第{n}号")).unwrap_or_default();
    out.line(&format!("{}{number}", issue.date.era_label()));
}

fn block(issue: &Issue, id: &str, out: &mut Out) {
    match id {
        "greeting" => {
            if let Some(title) = nonblank(&issue.greeting.title) {
                out.title(&title);
            }
            out.para(&markdown::plain_block(&issue.greeting.body.markdown));
        }
        "notice" => issue.notice.iter().for_each(|n| notice(n, out)),
        "figure" => issue.figure.iter().for_each(|f| figure(f, out)),
        "minutes" => issue.minutes.iter().for_each(|m| minutes(m, out)),
        "game" => issue.game.iter().for_each(|g| game(g, out)),
        "events" => issue.events.iter().for_each(|e| events(e, issue, out)),
        FOOTER => footer(issue, out),
        _ => {
            if let Some(s) = order::spotlight_index(id).and_then(|i| issue.spotlights.get(i)) {
                spotlight(s, out);
            }
        }
    }
}

fn notice(n: &Notice, out: &mut Out) {
    out.title(&plain(&n.title));
    if let Some(to) = nonblank(&n.to) {
        out.line(&format!("（{to}）"));
    }
    out.para(&markdown::plain_block(&n.body.markdown));
    figures(&n.figures, out);
}

/// 「図：説明」 for each map or chart, as photos are read: the caption, and
/// the alt text too when it says more.
fn figures(figures: &[ImageFigure], out: &mut Out) {
    if !figures.is_empty() {
        out.gap();
    }
    for f in figures {
        out.line(&described("図", nonblank(&f.caption), &f.alt));
    }
}

/// 「写真：説明（alt）」: what a listener hears for a picture.
fn described(kind: &str, caption: Option<String>, alt: &str) -> String {
    let alt = plain(alt);
    match caption {
        Some(caption) if caption != alt => format!("「{kind}：{caption}（{alt}）」"),
        _ => format!("「{kind}：{alt}」"),
    }
}

fn figure(f: &Figure, out: &mut Out) {
    out.title(&plain(&f.title));
    out.gap();
    if let Some(vision) = nonblank(&f.vision) {
        out.line(&format!("めざす姿：{vision}"));
    }
    out.line(&format!("土台：{}", plain(&f.soil)));
    for point in &f.soil_points {
        out.line(&format!("・{}", plain(point)));
    }
    if let Some(cultivate) = nonblank(&f.cultivate) {
        out.line(&format!("耕す：{cultivate}"));
    }
    if let Some(fertilizer) = nonblank(&f.fertilizer) {
        out.line(&format!("肥料：{fertilizer}"));
    }
    if !f.fruits.is_empty() {
        let label = nonblank(&f.fruits_label).unwrap_or_else(|| "実り".to_owned());
        out.line(&format!("{label}：{}", joined(&f.fruits)));
    }
    for side in [&f.left, &f.right] {
        if !side.is_empty() {
            out.line(&joined(side));
        }
    }
    if let Some(caption) = &f.caption {
        out.para(&markdown::plain(&caption.markdown));
    }
}

fn minutes(m: &Minutes, out: &mut Out) {
    out.title(&plain(&m.title));
    for body in &m.bodies {
        out.gap();
        out.line(&format!("＜{}＞", plain(&body.name)));
        for entry in &body.entries {
            let text = markdown::plain_block(&entry.body.markdown);
            // An entry of several paragraphs or a list starts on its own line.
            let apart = text.contains('\n') || text.starts_with('・');
            match nonblank(&entry.when) {
                Some(when) if apart => {
                    out.line(&format!("{when}："));
                    out.line(&text);
                }
                Some(when) => out.line(&format!("{when}：{text}")),
                None => out.line(&text),
            }
        }
    }
}

fn spotlight(s: &Spotlight, out: &mut Out) {
    out.title(&plain(&s.title));
    let labels: Vec<String> = [&s.category, &s.council].into_iter().filter_map(nonblank).collect();
    if !labels.is_empty() {
        out.line(&labels.join("／"));
    }
    if let Some(subtitle) = nonblank(&s.subtitle) {
        out.line(&subtitle);
    }
    out.para(&markdown::plain_block(&s.body.markdown));
    if !s.photos.is_empty() {
        out.gap();
    }
    for photo in &s.photos {
        out.line(&described("写真", nonblank(&photo.caption), &photo.alt));
    }
    figures(&s.figures, out);
    for flow in &s.flows {
        out.gap();
        match nonblank(&flow.title) {
            Some(title) => out.line(&format!("流れ：{title}")),
            None => out.line("流れ："),
        }
        for (n, step) in flow.steps.iter().enumerate() {
            let when = nonblank(&step.when).map(|w| format!("（{w}）")).unwrap_or_default();
            out.line(&format!("{}. {when}{}", n + 1, markdown::plain(&step.text.markdown)));
            if let Some(voice) = nonblank(&step.voice) {
                out.line(&format!("　声：{}", edition::quoted(&voice)));
            }
        }
    }
    if !s.voices.is_empty() {
        out.gap();
    }
    for voice in &s.voices {
        out.line(&format!("声：{}", edition::quoted(&plain(voice))));
    }
}

/// The events listing: each event's date with its weekday, then its
/// particulars, one a line, named as the printed listing names them.
fn events(e: &Events, issue: &Issue, out: &mut Out) {
    out.title(&plain(&e.title));
    for event in &e.events {
        out.gap();
        out.line(&format!("{}　{}", event.date.label(&issue.date), plain(&event.title)));
        let particulars = event.particulars();
        for (name, value) in particulars {
            if let Some(value) = nonblank(value) {
                out.line(&format!("{name}：{value}"));
            }
        }
        if let Some(note) = nonblank(&event.note) {
            out.line(&format!("※{note}"));
        }
    }
    out.para(&markdown::plain_block(&e.body.markdown));
}

fn game(g: &Game, out: &mut Out) {
    out.title(&plain(&g.title));
    if let Some(lead) = nonblank(&g.lead) {
        out.line(&lead);
    }
    if !g.points.is_empty() {
        out.gap();
    }
    for (n, point) in g.points.iter().enumerate() {
        out.line(&format!("{}. {}", n + 1, markdown::plain(&point.markdown)));
    }
    out.para(&markdown::plain_block(&g.body.markdown));
    let notes: Vec<String> = [&g.contact, &g.note].into_iter().filter_map(nonblank).collect();
    if !notes.is_empty() {
        out.gap();
        notes.iter().for_each(|n| out.line(n));
    }
}

fn footer(issue: &Issue, out: &mut Out) {
    let p = &issue.settings.publisher;
    out.gap();
    out.line(&format!("発行元：{}", plain(&p.name)));
    let phone = nonblank(&p.phone).map(|ph| format!("電話 {ph}")).unwrap_or_default();
    let office = nonblank(&p.office).map(|o| format!("（{o}）")).unwrap_or_default();
    if !phone.is_empty() || !office.is_empty() {
        out.line(&format!("連絡先：{phone}{office}"));
    }
    let web: Vec<String> =
        [nonblank(&p.web_title).map(|t| format!("「{t}」")), p.web_url.clone().filter(|u| !u.trim().is_empty())]
            .into_iter()
            .flatten()
            .collect();
    if !web.is_empty() {
        out.line(&format!("ホームページ：{}", web.join(" ")));
    }
    out.line(&format!("{}発行", issue.date.era_long()));
}

/// An optional text as it reads, unless it is missing or blank.
fn nonblank(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(plain)
}

/// A plain string as it reads: furigana in （）, escapes read.
fn plain(text: &str) -> String {
    ruby::parenthesized(text)
}

/// Strings as they read, joined as a list (「居場所、見守り」).
fn joined(texts: &[String]) -> String {
    texts.iter().map(|t| plain(t)).collect::<Vec<_>>().join("、")
}
