//! The prose of a text as the reader sees it, with a map back to the file.
//!
//! Rules read sentences, not Markdown: `4月**2日**（土）` is one date, and a
//! `**` or a link target must not split a word or count as a bracket. So each
//! [`Text`] becomes [`Block`]s — one per paragraph, heading or list item, as
//! pulldown-cmark (the parser the markup layer uses, with the same options)
//! reads it — holding the printed characters and, for every piece, the bytes
//! of the file it came from. A finding's range in the prose maps back exactly
//! wherever the prose is a verbatim copy of the file (nearly everywhere); an
//! escape or entity maps to its whole source.
//!
//! What does not print as text is left out: code, image descriptions (the
//! markup layer uses them as alternative text), HTML comments. It leaves an
//! object-replacement character behind, so that the words on either side are
//! not read as one. A soft line break between two Japanese characters prints
//! as nothing (the markup layer drops it), so it is dropped here too.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Kind, Text};

/// Stands for something that is not prose (code, an image, a comment).
pub(crate) const GAP: char = '\u{FFFC}';

/// Where a block sits; the style rule judges headings, lists and paragraphs
/// apart, as textlint's no-mix-dearu-desumasu does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Body,
    Heading,
    List,
    Quote,
}

/// One paragraph, heading or list item (or a whole plain value).
#[derive(Debug)]
pub(crate) struct Block {
    pub file: usize,
    pub part: Part,
    pub text: String,
    segs: Vec<Seg>,
}

/// A piece of the block's text and the file bytes it came from.
#[derive(Debug, Clone, Copy)]
struct Seg {
    at: usize,
    len: usize,
    src: usize,
    src_len: usize,
    /// The piece is a verbatim copy of its source, so offsets inside it map one to one.
    exact: bool,
}

impl Block {
    /// The file bytes of a byte range of [`Block::text`].
    pub fn src(&self, range: Range<usize>) -> Range<usize> {
        let start = self.locate(range.start, false);
        let end = if range.end > range.start { self.locate(range.end, true) } else { start };
        start..end.max(start)
    }

    fn locate(&self, at: usize, end: bool) -> usize {
        // For an end, the piece holding the last byte decides.
        let probe = if end { at.saturating_sub(1) } else { at };
        let i = self.segs.partition_point(|s| s.at <= probe).saturating_sub(1);
        let Some(seg) = self.segs.get(i) else { return 0 };
        if seg.exact {
            seg.src + (at - seg.at).min(seg.len)
        } else if end {
            seg.src + seg.src_len
        } else {
            seg.src
        }
    }

    fn push(&mut self, text: &str, src: Range<usize>, exact: bool) {
        if text.is_empty() {
            return;
        }
        self.segs.push(Seg { at: self.text.len(), len: text.len(), src: src.start, src_len: src.len(), exact });
        self.text.push_str(text);
    }
}

/// The blocks of one text.
pub(crate) fn blocks(text: &Text) -> Vec<Block> {
    match text.kind {
        Kind::Inline if !has_markup(text.text) => plain(text),
        Kind::Plain => plain(text),
        Kind::Markdown | Kind::Inline => markdown(text),
    }
}

/// Whether a one-paragraph value may hold Markdown at all; most (a date, a
/// caption) hold none and are read as written without running the parser.
fn has_markup(text: &str) -> bool {
    text.contains(['*', '_', '`', '[', ']', '<', '>', '\\', '&', '!', '\n', '#', '|', '~'])
        || text.trim_start().starts_with(|c: char| c == '-' || c == '+' || c.is_ascii_digit())
}

fn plain(text: &Text) -> Vec<Block> {
    let mut block = Block { file: text.file, part: Part::Body, text: String::new(), segs: Vec::new() };
    block.push(text.text, text.offset..text.offset + text.text.len(), true);
    vec![block]
}

struct Builder<'a> {
    text: &'a Text<'a>,
    out: Vec<Block>,
    current: Option<Block>,
    lists: usize,
    quotes: usize,
    /// Inside a code block or an image description.
    hidden: usize,
    /// A soft break waits for the next text to decide whether it prints.
    pending_break: Option<Range<usize>>,
}

fn markdown(text: &Text) -> Vec<Block> {
    let mut b = Builder { text, out: Vec::new(), current: None, lists: 0, quotes: 0, hidden: 0, pending_break: None };
    for (event, range) in Parser::new_ext(text.text, Options::empty()).into_offset_iter() {
        b.event(event, range);
    }
    b.flush();
    b.out
}

impl Builder<'_> {
    fn event(&mut self, event: Event, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            _ if self.hidden > 0 => {}
            // A `**` that CommonMark left unpaired is bold in print (the
            // markup layer pairs it); it is never prose.
            Event::Text(t) if t.chars().all(|c| c == '*' || c == '_') => {}
            Event::Text(t) => self.text(&t, range),
            Event::Code(_) => self.gap(range),
            Event::SoftBreak => self.pending_break = Some(range),
            Event::HardBreak => self.text("\n", range),
            Event::Html(html) | Event::InlineHtml(html) => {
                let tag = html.trim().to_ascii_lowercase();
                if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
                    self.text("\n", range);
                } else if tag.starts_with("<!--") {
                    self.gap(range);
                } else {
                    // Printed as written by the markup layer, so read as text.
                    self.text(&html, range);
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph | Tag::Item => self.open(),
            Tag::Heading { .. } => {
                self.flush();
                self.current = Some(self.block(Part::Heading));
            }
            Tag::List(_) => {
                self.flush();
                self.lists += 1;
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quotes += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.hidden += 1;
            }
            Tag::Image { .. } => self.hidden += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item => self.flush(),
            TagEnd::List(_) => {
                self.flush();
                self.lists = self.lists.saturating_sub(1);
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::CodeBlock => self.hidden = self.hidden.saturating_sub(1),
            TagEnd::Image => self.hidden = self.hidden.saturating_sub(1),
            _ => {}
        }
    }

    fn part(&self) -> Part {
        if self.quotes > 0 {
            Part::Quote
        } else if self.lists > 0 {
            Part::List
        } else {
            Part::Body
        }
    }

    fn block(&self, part: Part) -> Block {
        Block { file: self.text.file, part, text: String::new(), segs: Vec::new() }
    }

    fn open(&mut self) {
        self.flush();
        self.current = Some(self.block(self.part()));
    }

    fn flush(&mut self) {
        self.pending_break = None;
        if let Some(block) = self.current.take().filter(|b| !b.text.trim().is_empty()) {
            self.out.push(block);
        }
    }

    fn src(&self, range: Range<usize>) -> Range<usize> {
        self.text.offset + range.start..self.text.offset + range.end
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        if self.current.is_none() {
            self.current = Some(self.block(self.part()));
        }
        let pending = self.pending_break.take();
        let src = self.src(range.clone());
        let exact = self.text.text.get(range) == Some(text);
        let Some(block) = self.current.as_mut() else { return };
        if let Some(brk) = pending {
            let joins = block.text.chars().last().is_some_and(|c| !c.is_ascii())
                && text.chars().next().is_some_and(|c| !c.is_ascii());
            if !joins {
                block.push("\n", self.text.offset + brk.start..self.text.offset + brk.end, false);
            }
        }
        // Not exact: an escape or an entity, which maps to its whole source.
        block.push(text, src, exact);
    }

    fn gap(&mut self, range: Range<usize>) {
        let mut buf = [0; 4];
        self.text(GAP.encode_utf8(&mut buf), range);
    }
}
