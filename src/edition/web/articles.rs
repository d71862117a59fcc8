//! Each block of the issue as an `<article>`: its heading, then what the
//! printed article holds, in semantic elements (lists, tables, figures with
//! captions, ordered lists for the flows, description lists for an event's
//! particulars). Every string is escaped, its furigana as `<ruby>` ([`line`]); Markdown goes through the
//! context's [`Context::block`] and [`Context::inline`].

use std::fmt::Write as _;

use super::{Context, nonblank};
use crate::edition::{self, order};
use crate::markup::markdown::{escape_html as esc, string_html as line};
use crate::model::issue::{Events, Figure, Game, ImageFigure, Minutes, Notice, Spotlight};

/// The article of block `id` (layouts/README.md), if the issue has it.
pub fn block(out: &mut String, cx: &Context<'_>, id: &str) {
    let issue = cx.issue;
    match id {
        "greeting" => {
            open(out, id, "", issue.greeting.title.as_deref().map(str::trim).filter(|t| !t.is_empty()));
            out.push_str(&cx.block(&issue.greeting.body.markdown));
            close(out);
        }
        "notice" => issue.notice.iter().for_each(|n| notice(out, cx, n)),
        "figure" => issue.figure.iter().for_each(|f| figure(out, cx, f)),
        "minutes" => issue.minutes.iter().for_each(|m| minutes(out, cx, m)),
        "game" => issue.game.iter().for_each(|g| game(out, cx, g)),
        "events" => issue.events.iter().for_each(|e| events(out, cx, e)),
        _ => {
            if let Some(s) = order::spotlight_index(id).and_then(|i| issue.spotlights.get(i)) {
                spotlight(out, cx, id, s);
            }
        }
    }
}

/// Opens an article: its id (the layout's block id, an anchor), a class,
/// and its heading.
fn open(out: &mut String, id: &str, class: &str, title: Option<&str>) {
    let class = if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") };
    let _ = writeln!(out, "<article id=\"{}\"{class}>", esc(id));
    if let Some(title) = title {
        let _ = writeln!(out, "<h2>{}</h2>", line(title));
    }
}

fn close(out: &mut String) {
    out.push_str("\n</article>\n");
}

/// A paragraph of plain text with a class, when there is text.
fn para(out: &mut String, class: &str, text: Option<&str>) {
    if let Some(text) = text {
        let _ = writeln!(out, "<p class=\"{class}\">{}</p>", line(text));
    }
}

fn notice(out: &mut String, cx: &Context<'_>, n: &Notice) {
    open(out, "notice", "notice", Some(&n.title));
    para(out, "to", nonblank(&n.to).map(|to| format!("（{to}）")).as_deref());
    out.push_str(&cx.block(&n.body.markdown));
    image_figures(out, cx, &n.figures);
    close(out);
}

/// Maps and charts (`[[figures]]`) as figures with their captions.
fn image_figures(out: &mut String, cx: &Context<'_>, figures: &[ImageFigure]) {
    for f in figures {
        let Some(img) = cx.img(&f.vpath, &f.alt) else { continue };
        let caption = nonblank(&f.caption).map(|c| format!("<figcaption>{}</figcaption>", line(c)));
        let _ = writeln!(out, "<figure class=\"chart\">{img}{}</figure>", caption.unwrap_or_default());
    }
}

/// The explainer figure: the tree the layout draws, told as what it says
/// (the aim, the soil and its points, what cultivates it, the fruits), with
/// its caption.
fn figure(out: &mut String, cx: &Context<'_>, f: &Figure) {
    open(out, "figure", "", Some(&f.title));
    out.push_str("<figure class=\"diagram\">\n<dl>\n");
    let mut item = |name: &str, value: &str| {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", line(name), value);
    };
    if let Some(vision) = nonblank(&f.vision) {
        item("めざす姿", &line(vision));
    }
    let points: String = f.soil_points.iter().map(|p| format!("<li>{}</li>", line(p))).collect();
    let points = if points.is_empty() { points } else { format!("<ul>{points}</ul>") };
    item("土台", &format!("{}{points}", line(&f.soil)));
    if let Some(cultivate) = nonblank(&f.cultivate) {
        item("耕す", &line(cultivate));
    }
    if let Some(fertilizer) = nonblank(&f.fertilizer) {
        item("肥料", &line(fertilizer));
    }
    if !f.fruits.is_empty() {
        let fruits: String = f.fruits.iter().map(|p| format!("<li>{}</li>", line(p))).collect();
        item(nonblank(&f.fruits_label).unwrap_or("実り"), &format!("<ul>{fruits}</ul>"));
    }
    out.push_str("</dl>\n");
    for side in [&f.left, &f.right].into_iter().filter(|s| !s.is_empty()) {
        let items: String = side.iter().map(|p| format!("<li>{}</li>", line(p))).collect();
        let _ = writeln!(out, "<ul>{items}</ul>");
    }
    if let Some(caption) = &f.caption {
        let _ = writeln!(out, "<figcaption>{}</figcaption>", cx.inline(&caption.markdown));
    }
    out.push_str("</figure>");
    close(out);
}

fn minutes(out: &mut String, cx: &Context<'_>, m: &Minutes) {
    open(out, "minutes", "", Some(&m.title));
    for body in &m.bodies {
        let _ = writeln!(out, "<h3>{}</h3>", line(&body.name));
        for entry in &body.entries {
            out.push_str("<div class=\"entry\">\n");
            para(out, "when", nonblank(&entry.when));
            out.push_str(&cx.block(&entry.body.markdown));
            out.push_str("\n</div>\n");
        }
    }
    close(out);
}

fn spotlight(out: &mut String, cx: &Context<'_>, id: &str, s: &Spotlight) {
    open(out, id, "spotlight", Some(&s.title));
    let labels: Vec<&str> = [&s.category, &s.council].into_iter().filter_map(nonblank).collect();
    para(out, "labels", (!labels.is_empty()).then(|| labels.join("／")).as_deref());
    para(out, "subtitle", nonblank(&s.subtitle));
    out.push_str(&cx.block(&s.body.markdown));
    out.push('\n');
    // (a photo row stands side by side where the screen is wide enough)
    if s.photo_row {
        out.push_str("<div class=\"photo-row\">\n");
    }
    for photo in &s.photos {
        let Some(img) = cx.img(&photo.vpath, &photo.alt) else { continue };
        let caption = nonblank(&photo.caption).map(|c| format!("<figcaption>{}</figcaption>", line(c)));
        let _ = writeln!(out, "<figure>{img}{}</figure>", caption.unwrap_or_default());
    }
    if s.photo_row {
        out.push_str("</div>\n");
    }
    image_figures(out, cx, &s.figures);
    for flow in &s.flows {
        match nonblank(&flow.title) {
            Some(title) => {
                let _ = writeln!(out, "<h3>{}</h3>\n<ol class=\"flow\">", line(title));
            }
            None => out.push_str("<ol class=\"flow\" aria-label=\"流れ\">\n"),
        }
        for step in &flow.steps {
            out.push_str("<li>");
            if let Some(when) = nonblank(&step.when) {
                let _ = write!(out, "<span class=\"when\">{}</span>", line(when));
            }
            out.push_str(&cx.inline(&step.text.markdown));
            if let Some(voice) = nonblank(&step.voice) {
                let _ = write!(out, "<p class=\"voice\">{}</p>", line(&edition::quoted(voice)));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
    if !s.voices.is_empty() {
        out.push_str("<ul class=\"voices\" aria-label=\"参加した方の声\">\n");
        for voice in &s.voices {
            let _ = writeln!(out, "<li>{}</li>", line(&edition::quoted(voice)));
        }
        out.push_str("</ul>");
    }
    close(out);
}

/// The events listing: each event under its date with its weekday, its
/// particulars named as the printed listing names them.
fn events(out: &mut String, cx: &Context<'_>, e: &Events) {
    open(out, "events", "", Some(&e.title));
    for event in &e.events {
        let d = &event.date;
        let _ = writeln!(
            out,
            "<section class=\"event\">\n<h3><time datetime=\"{:04}-{:02}-{:02}\">{}</time>　{}</h3>",
            d.year,
            d.month,
            d.day,
            esc(&d.label(&cx.issue.date)),
            line(&event.title)
        );
        let particulars = event.particulars();
        let items: String = particulars
            .iter()
            .filter_map(|(name, value)| Some(format!("<dt>{name}</dt><dd>{}</dd>", line(nonblank(value)?))))
            .collect();
        if !items.is_empty() {
            let _ = writeln!(out, "<dl class=\"particulars\">{items}</dl>");
        }
        para(out, "note", nonblank(&event.note).map(|n| format!("※{n}")).as_deref());
        out.push_str("</section>\n");
    }
    out.push_str(&cx.block(&e.body.markdown));
    close(out);
}

fn game(out: &mut String, cx: &Context<'_>, g: &Game) {
    open(out, "game", "", Some(&g.title));
    para(out, "lead", nonblank(&g.lead));
    if !g.points.is_empty() {
        out.push_str("<ol>\n");
        for point in &g.points {
            let _ = writeln!(out, "<li>{}</li>", cx.inline(&point.markdown));
        }
        out.push_str("</ol>\n");
    }
    out.push_str(&cx.block(&g.body.markdown));
    out.push('\n');
    para(out, "contact", nonblank(&g.contact));
    para(out, "note", nonblank(&g.note));
    close(out);
}
