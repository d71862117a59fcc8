//! Markdown → Typst markup.
//!
//! The coordinator's Markdown is parsed with pulldown-cmark and written out as
//! Typst markup in which every piece of user text is escaped (see [`escape`]):
//! structure becomes function calls (`#strong[…]`, `#list(…)`), text stays text.
//! Two things CommonMark gets wrong for Japanese are fixed here:
//!
//! - a soft line break between two East Asian wide characters is dropped
//!   (Typst, like HTML, would print it as a space — typst #792);
//! - `**「強調」**では` is bold: CommonMark's flanking rules reject a closing `**`
//!   after a bracket when a kana follows, so leftover `**` pairs in the same
//!   inline container are paired here.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::cjk::is_wide;
use crate::escape;

/// The result of converting one Markdown text.
#[derive(Debug, Default, PartialEq)]
pub struct Converted {
    /// Typst markup, to be placed inside a content block `[…]`.
    pub markup: String,
    /// Images the text refers to, for the caller to check.
    pub images: Vec<ImageRef>,
    /// Things that were dropped, with their byte range in the Markdown.
    pub warnings: Vec<(Range<usize>, String)>,
}

/// An image reference: the URL as written, its virtual path (`None` when the
/// path may not be used) and where it was written.
#[derive(Debug, PartialEq)]
pub struct ImageRef {
    pub url: String,
    pub vpath: Option<String>,
    pub range: Range<usize>,
    /// The description written between `![` and `]` (required: it is the
    /// image's alternative text in the PDF).
    pub alt: String,
}

/// Where the issue folder appears in the compiler's virtual file tree.
pub const ISSUE_VROOT: &str = "/issue";

/// Maps a path relative to the issue folder (`images/a.png`) to its virtual
/// path (`/issue/images/a.png`). Absolute paths, URLs, `..` and backslashes are
/// refused: images come from the issue folder and nowhere else.
pub fn image_vpath(url: &str) -> Option<String> {
    if url.is_empty() || url.starts_with('/') || url.contains('\\') || url.contains(':') {
        return None;
    }
    let mut parts = Vec::new();
    for part in url.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| format!("{ISSUE_VROOT}/{}", parts.join("/")))
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
    let options = Options::empty();
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(src, options).into_offset_iter().collect();
    let mut writer = Writer { inline, ..Writer::default() };
    for (event, range) in pair_leftover_strong(events, src) {
        writer.event(event, range);
    }
    let mut markup = writer.out;
    let trimmed = markup.trim_end().len();
    markup.truncate(trimmed);
    Converted { markup, images: writer.images, warnings: writer.warnings }
}

#[derive(Default)]
struct Writer {
    out: String,
    inline: bool,
    images: Vec<ImageRef>,
    warnings: Vec<(Range<usize>, String)>,
    /// The last character of text written in the current paragraph, to decide
    /// what a following soft break becomes.
    last_char: Option<char>,
    pending_soft_break: bool,
    /// Text of a code block or image alt being collected.
    collecting: Option<String>,
}

impl Writer {
    fn event(&mut self, event: Event, range: Range<usize>) {
        if let Some(buf) = &mut self.collecting {
            match event {
                Event::Text(t) | Event::Code(t) => return buf.push_str(&t),
                Event::SoftBreak | Event::HardBreak => return buf.push('\n'),
                Event::End(TagEnd::CodeBlock | TagEnd::Image) => {}
                _ => return,
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                self.flush_soft_break(code.chars().next());
                self.out.push_str("#raw(");
                self.out.push_str(&escape::string(&code));
                self.out.push(')');
                self.last_char = code.chars().last();
            }
            Event::SoftBreak => self.pending_soft_break = true,
            Event::HardBreak => {
                self.out.push_str("#linebreak()");
                self.last_char = None;
                self.pending_soft_break = false;
            }
            Event::Rule => self.out.push_str("#line(length: 100%)\n\n"),
            Event::Html(html) | Event::InlineHtml(html) => {
                let tag = html.trim().to_ascii_lowercase();
                if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
                    self.out.push_str("#linebreak()");
                    self.last_char = None;
                } else if tag.starts_with("<!--") {
                    // An HTML comment is a note to oneself: never printed.
                } else {
                    // Coordinators do not write HTML on purpose; whatever looked
                    // like a tag is printed as written so nothing is lost.
                    self.warnings.push((range, format!("「{}」は HTML として扱わず、文字のまま印刷します", html.trim())));
                    self.text(&html);
                }
            }
            // Not enabled in the parser options; listed so that a future option
            // cannot silently turn user text into something else.
            Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => self.text(&t),
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.new_block(),
            Tag::Heading { level, .. } => {
                self.new_block();
                let depth = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                self.out.push_str(&"=".repeat(depth));
                self.out.push(' ');
            }
            Tag::BlockQuote(_) => {
                self.new_block();
                self.out.push_str("#quote(block: true)[");
            }
            Tag::CodeBlock(kind) => {
                self.new_block();
                if let CodeBlockKind::Fenced(_) = kind {}
                self.collecting = Some(String::new());
            }
            Tag::List(None) => {
                self.new_block();
                self.out.push_str("#list(");
            }
            Tag::List(Some(start)) => {
                self.new_block();
                self.out.push_str(&format!("#enum(start: {start}, "));
            }
            Tag::Item => {
                self.out.push('[');
                self.last_char = None;
            }
            Tag::Emphasis => self.open_inline("#emph["),
            Tag::Strong => self.open_inline("#strong["),
            Tag::Strikethrough => self.open_inline("#strike["),
            Tag::Link { dest_url, .. } => {
                self.flush_soft_break(None);
                if dest_url.is_empty() {
                    self.out.push('[');
                } else {
                    self.out.push_str("#link(");
                    self.out.push_str(&escape::string(&dest_url));
                    self.out.push_str(")[");
                }
            }
            Tag::Image { dest_url, .. } => {
                self.flush_soft_break(None);
                let vpath = image_vpath(&dest_url);
                self.images.push(ImageRef { url: dest_url.to_string(), vpath: vpath.clone(), range, alt: String::new() });
                self.out.push_str(match vpath {
                    Some(_) => "#image(",
                    None => "#none(", // placeholder; the caller reports the bad path
                });
                self.collecting = Some(String::new());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                self.pending_soft_break = false;
                if !self.inline {
                    self.out.push_str("\n\n");
                }
            }
            TagEnd::BlockQuote(_) => self.out.push_str("]\n\n"),
            TagEnd::CodeBlock => {
                let code = self.collecting.take().unwrap_or_default();
                self.out.push_str("#raw(block: true, ");
                self.out.push_str(&escape::string(code.trim_end_matches('\n')));
                self.out.push_str(")\n\n");
            }
            TagEnd::List(_) => self.out.push_str(")\n\n"),
            TagEnd::Item => {
                let trimmed = self.out.trim_end().len();
                self.out.truncate(trimmed);
                self.out.push_str("], ");
                self.pending_soft_break = false;
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => self.out.push(']'),
            TagEnd::Image => {
                let alt = self.collecting.take().unwrap_or_default();
                if let Some(last) = self.images.last_mut() {
                    last.alt = alt.trim().to_owned();
                }
                let image = self.images.last().and_then(|i| i.vpath.clone());
                match image {
                    Some(vpath) => {
                        self.out.push_str(&escape::string(&vpath));
                        self.out.push_str(", alt: ");
                        self.out.push_str(&escape::string(&alt));
                        self.out.push(')');
                    }
                    None => {
                        // Remove the placeholder: a refused image prints nothing.
                        let len = self.out.len() - "#none(".len();
                        self.out.truncate(len);
                    }
                }
            }
            _ => {}
        }
    }

    fn new_block(&mut self) {
        self.last_char = None;
        self.pending_soft_break = false;
    }

    fn open_inline(&mut self, opener: &str) {
        self.flush_soft_break(None);
        self.out.push_str(opener);
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.flush_soft_break(text.chars().next());
        escape::markup_into(&mut self.out, text);
        self.last_char = text.chars().last();
    }

    /// Writes the pending soft break as a space, unless it sits between two
    /// wide characters (Japanese text wraps without spaces).
    fn flush_soft_break(&mut self, next: Option<char>) {
        if !std::mem::take(&mut self.pending_soft_break) {
            return;
        }
        let joins_wide = self.last_char.is_some_and(is_wide) && next.is_none_or(is_wide);
        if !joins_wide {
            self.out.push(' ');
        }
    }
}

/// Pairs `**` runs that CommonMark left as text (because of its flanking rules
/// around Japanese brackets) into strong emphasis, within one inline container.
fn pair_leftover_strong<'a>(events: Vec<(Event<'a>, Range<usize>)>, src: &str) -> Vec<(Event<'a>, Range<usize>)> {
    enum Item<'a> {
        Event(Event<'a>, Range<usize>),
        Delim(Range<usize>),
    }
    let mut items = Vec::with_capacity(events.len());
    let mut in_code = 0usize;
    for (event, range) in merge_verbatim_text(events, src) {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(text) if in_code == 0 && text.contains("**") && src.get(range.clone()) == Some(&**text) => {
                let mut offset = range.start;
                for (i, piece) in text.split("**").enumerate() {
                    if i > 0 {
                        items.push(Item::Delim(offset..offset + 2));
                        offset += 2;
                    }
                    if !piece.is_empty() {
                        let r = offset..offset + piece.len();
                        items.push(Item::Event(Event::Text(src[r.clone()].to_owned().into()), r));
                    }
                    offset += piece.len();
                }
                continue;
            }
            _ => {}
        }
        items.push(Item::Event(event, range));
    }

    // Pair delimiters that share the innermost open container.
    let mut stack: Vec<usize> = vec![0];
    let mut next_container = 1;
    let mut open: std::collections::HashMap<usize, usize> = Default::default();
    let mut role = vec![None::<bool>; items.len()]; // Some(true) = opens, Some(false) = closes
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Event(Event::Start(_), _) => {
                stack.push(next_container);
                next_container += 1;
            }
            Item::Event(Event::End(_), _) => {
                stack.pop();
            }
            Item::Delim(_) => {
                let container = *stack.last().unwrap_or(&0);
                if let Some(opener) = open.remove(&container) {
                    role[opener] = Some(true);
                    role[i] = Some(false);
                } else {
                    open.insert(container, i);
                }
            }
            Item::Event(..) => {}
        }
    }

    items
        .into_iter()
        .zip(role)
        .map(|(item, role)| match (item, role) {
            (Item::Event(e, r), _) => (e, r),
            (Item::Delim(r), Some(true)) => (Event::Start(Tag::Strong), r),
            (Item::Delim(r), Some(false)) => (Event::End(TagEnd::Strong), r),
            (Item::Delim(r), None) => (Event::Text("**".into()), r),
        })
        .collect()
}

/// pulldown-cmark hands out unmatched delimiters one `*` at a time; joins
/// adjacent text events that are verbatim slices of the source (no escapes or
/// entities) so that `**` runs can be found.
fn merge_verbatim_text<'a>(events: Vec<(Event<'a>, Range<usize>)>, src: &str) -> Vec<(Event<'a>, Range<usize>)> {
    let verbatim = |e: &Event, r: &Range<usize>| matches!(e, Event::Text(t) if src.get(r.clone()) == Some(&**t));
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let Some((last, last_range)) = out.last_mut()
            && verbatim(last, last_range)
            && verbatim(&event, &range)
            && last_range.end == range.start
        {
            last_range.end = range.end;
            *last = Event::Text(src[last_range.clone()].to_owned().into());
            continue;
        }
        out.push((event, range));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(src: &str) -> String {
        block(src).markup
    }

    #[test]
    fn soft_break_between_japanese_is_dropped() {
        assert_eq!(md("新年度が始まり、\n２か月が過ぎました。"), "新年度が始まり、２か月が過ぎました。");
    }

    #[test]
    fn soft_break_between_latin_is_a_space() {
        assert_eq!(md("SC\nmeeting"), "SC meeting");
        assert_eq!(md("今年で\n8 年目"), "今年で 8 年目");
    }

    #[test]
    fn cjk_strong_around_brackets() {
        assert_eq!(md("**「たのも～」**を作ろう"), "#strong[「たのも～」]を作ろう");
        assert_eq!(md("これは**「重要」**です"), "これは#strong[「重要」]です");
        assert_eq!(md("**普通の強調**です"), "#strong[普通の強調]です");
    }

    #[test]
    fn lone_double_star_stays_text() {
        assert_eq!(md("a ** b"), "a \\*\\* b");
    }

    #[test]
    fn escaped_stars_stay_text() {
        assert_eq!(md("\\*\\*「a」\\*\\*を"), "\\*\\*「a」\\*\\*を");
    }

    #[test]
    fn code_block_stars_are_not_bold() {
        assert_eq!(md("```\n**「a」**を\n```"), "#raw(block: true, \"**「a」**を\")");
    }

    #[test]
    fn hostile_text_is_escaped() {
        assert_eq!(md("#read(\"/etc/passwd\")"), "\\#read\\(\\\"\\/etc\\/passwd\\\"\\)");
        assert_eq!(md("$x$ <注意> @b"), "\\$x\\$ \\<注意\\> \\@b");
    }

    #[test]
    fn lists() {
        assert_eq!(md("- あ\n- い\n"), "#list([あ], [い], )");
        assert_eq!(md("1. あ\n2. い\n"), "#enum(start: 1, [あ], [い], )");
    }

    #[test]
    fn html_is_printed_as_text_with_warning() {
        let c = block("あ<script>x</script>い\n");
        assert_eq!(c.markup, "あ\\<script\\>x\\<\\/script\\>い");
        assert_eq!(c.warnings.len(), 2);
        assert_eq!(block("あ<!-- メモ -->い").markup, "あい");
        assert_eq!(block("あ<br>い").markup, "あ#linebreak()い");
    }

    #[test]
    fn images_are_confined_to_the_issue_folder() {
        assert_eq!(image_vpath("images/a.png").as_deref(), Some("/issue/images/a.png"));
        assert_eq!(image_vpath("./images/../a.png"), None);
        assert_eq!(image_vpath("../../etc/passwd"), None);
        assert_eq!(image_vpath("/etc/passwd"), None);
        assert_eq!(image_vpath("C:\\x.png"), None);
        assert_eq!(image_vpath("https://example.com/a.png"), None);
        let c = block("![写真\"](images/a.png)");
        assert_eq!(c.markup, "#image(\"/issue/images/a.png\", alt: \"写真\\\"\")");
        let c = block("![x](../secret.png)");
        assert_eq!(c.markup, "");
        assert_eq!(c.images[0].vpath, None);
    }

    #[test]
    fn inline_has_no_paragraph_breaks() {
        assert_eq!(inline("まずは**やってみよう**！").markup, "まずは#strong[やってみよう]！");
    }
}
