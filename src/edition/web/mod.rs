//! The web edition (`tsushin build --web`): the issue as one HTML page,
//! `index.html`, with its images beside it, for residents who read on a
//! phone, with a screen reader, or through a read-aloud or translation
//! service (a multi-column PDF cannot be copied for them).
//!
//! Everything comes from the issue model, in the reading order of the text
//! edition ([`order`]): a masthead (title, era and Western date, number),
//! each article as an `<article>` with its `<h2>`, the publisher as the
//! page's `<footer>`. Markdown bodies go through
//! [`markdown::html_block`], which escapes every character a coordinator
//! wrote (raw HTML prints as text) and makes links only of http, https and
//! mailto addresses; every other string is escaped here with
//! [`markdown::escape_html`].
//!
//! Why a small writer and no template engine: the bodies need their own
//! filter over pulldown-cmark's events in any case, and the page around them
//! is a fixed dozen of elements whose every value passes one escaping
//! function; a template language would add a second place where escaping
//! could be forgotten (a `|safe`) and a dependency, and save nothing.
//!
//! The page is self-contained: the stylesheet is inline, fonts are only
//! named (the reader's own), images are files beside it; nothing is fetched
//! from anywhere. It is the same bytes for the same issue, so a rebuild
//! writes the same files.

mod articles;
pub mod images;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diag::Diagnostic;
use crate::edition::order::{self, FOOTER};
use crate::markup::markdown::{self, escape_html as esc, string_html as line};
use crate::markup::ruby;
use crate::model::issue::Issue;
use crate::typeset::plan::Plan;
use crate::typeset::world::Tree;
use crate::vpath::VPath;
use images::WebImage;

/// The page's file name inside the edition's folder.
pub const INDEX: &str = "index.html";

const STYLE: &str = include_str!("style.css");

/// The web edition's files: relative path → bytes, `index.html` first.
#[derive(Debug)]
pub struct Web {
    pub files: Vec<(String, Vec<u8>)>,
}

impl Web {
    /// `index.html`.
    pub fn page(&self) -> &[u8] {
        self.files.first().map(|(_, b)| b.as_slice()).unwrap_or_default()
    }

    /// All files' bytes together.
    pub fn len(&self) -> usize {
        self.files.iter().map(|(_, b)| b.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The web edition of `issue`, laid out as `plan` reports (for the order),
/// with its images from the build's `tree` (photos at print resolution).
pub fn make(issue: &Issue, plan: Option<&Plan>, tree: &Tree) -> Result<Web, Diagnostic> {
    let images = images::collect(issue, tree)?;
    let page = page(issue, plan, &images);
    let mut files = vec![(INDEX.to_owned(), page.into_bytes())];
    files.extend(images.into_values().map(|image| (image.name, image.bytes)));
    Ok(Web { files })
}

/// What the article writers need besides the issue: the images' names.
pub(super) struct Context<'a> {
    pub issue: &'a Issue,
    pub images: &'a BTreeMap<VPath, WebImage>,
}

impl Context<'_> {
    /// The HTML of a Markdown body.
    pub fn block(&self, markdown: &str) -> String {
        markdown::html_block(markdown, &|url| self.image_src(url))
    }

    /// The HTML of a one-paragraph Markdown string.
    pub fn inline(&self, markdown: &str) -> String {
        markdown::html_inline(markdown, &|url| self.image_src(url))
    }

    /// The `src` of an image written as `url` (relative to the issue folder).
    fn image_src(&self, url: &str) -> Option<String> {
        let image = self.images.get(&VPath::issue_file(url)?)?;
        Some(images::url_path(&image.name))
    }

    /// An `<img>` of the file at `vpath`, with its size (so the page does not
    /// jump as it loads) and `alt`.
    pub fn img(&self, vpath: &VPath, alt: &str) -> Option<String> {
        let image = self.images.get(vpath)?;
        let size = image.size.map(|(w, h)| format!(" width=\"{w}\" height=\"{h}\"")).unwrap_or_default();
        Some(format!(
            "<img src=\"{}\" alt=\"{}\"{size} loading=\"lazy\">",
            esc(&images::url_path(&image.name)),
            esc(&ruby::parenthesized(alt))
        ))
    }
}

fn page(issue: &Issue, plan: Option<&Plan>, images: &BTreeMap<VPath, WebImage>) -> String {
    let cx = Context { issue, images };
    let settings = &issue.settings;
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"tsushin\">\n\
         <title>{} {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">本文へ</a>\n<div class=\"page\">\n",
        esc(&ruby::base_text(&settings.title)),
        esc(&issue.date.era_label()),
    );
    masthead(&mut out, issue);
    out.push_str("<main id=\"main\">\n");
    let order = order::reading(issue, plan);
    for id in order.all().filter(|id| *id != FOOTER) {
        articles::block(&mut out, &cx, id);
    }
    out.push_str("</main>\n");
    footer(&mut out, issue);
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

fn masthead(out: &mut String, issue: &Issue) {
    let settings = &issue.settings;
    let date = &issue.date;
    out.push_str("<header class=\"masthead\">\n");
    if let Some(catch) = nonblank(&settings.catchphrase) {
        let _ = writeln!(out, "<p class=\"catch\">{}</p>", line(catch));
    }
    let _ = writeln!(out, "<h1>{}</h1>", line(&settings.title));
    let number = issue.number.map(|n| format!("　<span>第{n}号</span>")).unwrap_or_default();
    let _ = writeln!(
        out,
        "<p class=\"issue\"><span class=\"era\">{}</span>　\
         <span><time datetime=\"{:04}-{:02}-{:02}\">{}年{}月{}日</time>発行</span>{number}</p>",
        esc(&date.era_label()),
        date.year,
        date.month,
        date.day,
        date.year,
        date.month,
        date.day,
    );
    out.push_str("</header>\n");
}

/// The publisher, as the printed footer gives it; the web page's address as
/// a link (when it is a web address).
fn footer(out: &mut String, issue: &Issue) {
    let p = &issue.settings.publisher;
    out.push_str("<footer>\n");
    let _ = writeln!(out, "<p>発行元：{}</p>", line(&p.name));
    let phone = nonblank(&p.phone).map(|ph| format!("電話 {}", line(ph))).unwrap_or_default();
    let office = nonblank(&p.office).map(|o| format!("（{}）", line(o))).unwrap_or_default();
    if !phone.is_empty() || !office.is_empty() {
        let _ = writeln!(out, "<p>連絡先：{phone}{office}</p>");
    }
    let title = nonblank(&p.web_title).map(|t| format!("「{}」", line(t)));
    let url = nonblank(&p.web_url)
        .map(|url| if markdown::linkable(url) { format!("<a href=\"{u}\">{u}</a>", u = esc(url)) } else { esc(url) });
    let web: Vec<String> = [title, url].into_iter().flatten().collect();
    if !web.is_empty() {
        let _ = writeln!(out, "<p>ホームページ：{}</p>", web.join(" "));
    }
    let _ = writeln!(out, "<p>{}発行</p>", esc(&issue.date.era_long()));
    out.push_str("</footer>\n");
}

/// An optional text, unless it is missing or blank.
pub(super) fn nonblank(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}
