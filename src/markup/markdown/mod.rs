//! Markdown → Typst markup.
//!
//! The coordinator's Markdown is parsed with pulldown-cmark (CommonMark with
//! GitHub's pipe tables, nothing else) and written out as Typst markup in which every piece of user
//! text is escaped (see [`escape`](crate::markup::escape)): structure becomes
//! function calls (`#strong[…]`, `#list(…)`), text stays text. In three steps:
//!
//! 1. pulldown-cmark turns the text into events, each with its byte range;
//! 2. `emphasis` pairs the `**` that CommonMark refuses beside Japanese
//!    brackets (`**「強調」**では`), and nothing else;
//! 3. the `writer` turns the events into markup, dropping a soft line break
//!    between two East Asian wide characters (Typst, like HTML, would print it
//!    as a space — typst #792) and recording where each piece of text came
//!    from.
//!
//! The same events make the other editions' text: [`plain`] for the plain
//! text edition, [`html_block`] for the web edition.
//!
//! The loader runs [`audit`] on the result before it goes anywhere near the
//! compiler.

use std::ops::Range;

use pulldown_cmark::{Options, Parser};

use crate::vpath::VPath;

mod audit;
mod emphasis;
mod html;
mod plain;
mod writer;

#[cfg(test)]
mod printed;
#[cfg(test)]
mod tests;

pub use audit::audit;
pub use html::{escape as escape_html, html_block, html_inline, linkable, string_html};
pub use plain::{plain, plain_block};

/// The result of converting one Markdown text.
#[derive(Debug, Default, PartialEq)]
pub struct Converted {
    /// Typst markup, to be placed inside a content block `[…]`.
    pub markup: String,
    /// Images the text refers to, for the caller to check.
    pub images: Vec<ImageRef>,
    /// Things that were dropped, with their byte range in the Markdown.
    pub warnings: Vec<(Range<usize>, String)>,
    /// Tables with more than [`MAX_TABLE_COLUMNS`] columns: where each was
    /// written and how many columns it has (the caller reports them).
    pub wide_tables: Vec<(Range<usize>, usize)>,
    /// Where each piece of user text went: a byte range of `markup` and the
    /// byte range of the Markdown it came from, in order. Later stages map a
    /// position in the laid-out page back to the line the coordinator wrote.
    pub spans: Vec<TextSpan>,
}

/// A piece of escaped user text in the markup and the Markdown it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct TextSpan {
    pub out: Range<usize>,
    pub src: Range<usize>,
}

/// How many containers (quotes, lists, emphasis, links) may nest. Typst's
/// parser and layout have depth limits of their own; real newsletters never
/// nest more than three or four deep (a list item counts as one more level),
/// and deeper parts still print as text.
pub const MAX_NESTING: usize = 12;

/// The most columns a table may have: on an A4 page at a 12 pt body, six
/// columns still hold about five characters each; more would break every
/// word into single characters.
pub const MAX_TABLE_COLUMNS: usize = 6;

/// An image reference: the URL as written, its virtual path (`None` when the
/// path may not be used) and where it was written.
#[derive(Debug, PartialEq)]
pub struct ImageRef {
    pub url: String,
    pub vpath: Option<VPath>,
    pub range: Range<usize>,
    /// The description written between `![` and `]` (required: it is the
    /// image's alternative text in the PDF).
    pub alt: String,
}

/// Converts a whole Markdown body (paragraphs, lists, headings…).
pub fn block(src: &str) -> Converted {
    convert(src, false)
}

/// Converts a one-paragraph Markdown string (a flow step, a game point):
/// no paragraph break is added around it.
pub fn inline(src: &str) -> Converted {
    convert(src, true)
}

fn convert(src: &str, inline: bool) -> Converted {
    let events = Parser::new_ext(src, options(inline)).into_offset_iter().collect();
    writer::Writer::new(emphasis::repair(events, src), src, inline).run()
}

/// The parser's options. A whole body may hold GitHub pipe tables (meeting
/// dates, participants): a table needs its delimiter row (`|---|---|`), so a
/// lone `|` in a sentence stays text. Nothing else: footnotes, task lists and
/// the like would turn characters a coordinator typed into structure they did
/// not ask for. A one-paragraph text (a flow step) has no tables.
pub(super) fn options(inline: bool) -> Options {
    if inline { Options::empty() } else { Options::ENABLE_TABLES }
}
