//! Markdown → Typst markup.
//!
//! The coordinator's Markdown is parsed with pulldown-cmark (CommonMark, no
//! extensions) and written out as Typst markup in which every piece of user
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
//! The loader runs [`audit`] on the result before it goes anywhere near the
//! compiler.

use std::ops::Range;

use pulldown_cmark::{Options, Parser};

use crate::vpath::VPath;

mod audit;
mod emphasis;
mod plain;
mod writer;

#[cfg(test)]
mod printed;
#[cfg(test)]
mod tests;

pub use audit::audit;
pub use plain::plain;

/// The result of converting one Markdown text.
#[derive(Debug, Default, PartialEq)]
pub struct Converted {
    /// Typst markup, to be placed inside a content block `[…]`.
    pub markup: String,
    /// Images the text refers to, for the caller to check.
    pub images: Vec<ImageRef>,
    /// Things that were dropped, with their byte range in the Markdown.
    pub warnings: Vec<(Range<usize>, String)>,
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
    // No extensions: tables, footnotes, task lists and the like would turn
    // characters a coordinator typed into structure they did not ask for.
    let events = Parser::new_ext(src, Options::empty()).into_offset_iter().collect();
    writer::Writer::new(emphasis::repair(events, src), src, inline).run()
}
