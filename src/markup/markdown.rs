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

use crate::markup::cjk::is_wide;
use crate::markup::escape;
use crate::vpath::VPath;

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
    let options = Options::empty();
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(src, options).into_offset_iter().collect();
    let mut writer = Writer { inline, ..Writer::default() };
    for (event, range) in pair_leftover_strong(events, src) {
        writer.event(event, range);
    }
    let mut markup = writer.out;
    let trimmed = markup.trim_end().len();
    markup.truncate(trimmed);
    let mut spans = writer.spans;
    spans.retain_mut(|s| {
        s.out.end = s.out.end.min(trimmed);
        s.out.start < s.out.end
    });
    Converted { markup, images: writer.images, warnings: writer.warnings, spans }
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
    /// Images inside the alt text being collected (`![![a](b)](c)`): their
    /// ends must not end the outer one.
    nested_images: usize,
    spans: Vec<TextSpan>,
    /// For each open container: whether it was written (false once the
    /// nesting limit was reached).
    open: Vec<bool>,
    /// Whether the nesting limit was reported already.
    too_deep: bool,
}

impl Writer {
    fn event(&mut self, event: Event, range: Range<usize>) {
        if let Some(buf) = &mut self.collecting {
            match event {
                Event::Text(t) | Event::Code(t) => return buf.push_str(&t),
                Event::SoftBreak | Event::HardBreak => return buf.push('\n'),
                Event::Start(Tag::Image { .. }) => return self.nested_images += 1,
                Event::End(TagEnd::Image) if self.nested_images > 0 => return self.nested_images -= 1,
                Event::End(TagEnd::CodeBlock | TagEnd::Image) => {}
                _ => return,
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text, range),
            Event::Code(code) => {
                self.flush_soft_break(code.chars().next());
                let start = self.out.len();
                self.out.push_str("#raw(");
                self.out.push_str(&escape::string(&code));
                self.out.push(')');
                self.spans.push(TextSpan { out: start..self.out.len(), src: range });
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
                    self.warnings.push((
                        range.clone(),
                        format!("「{}」は HTML として扱わず、文字のまま印刷します", html.trim()),
                    ));
                    self.text(&html, range);
                }
            }
            // Not enabled in the parser options; listed so that a future option
            // cannot silently turn user text into something else.
            Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => self.text(&t, range),
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
                self.open_container("#quote(block: true)[", range);
            }
            Tag::CodeBlock(kind) => {
                self.new_block();
                if let CodeBlockKind::Fenced(_) = kind {}
                self.collecting = Some(String::new());
            }
            Tag::List(None) => {
                self.new_block();
                self.open_container("#list(", range);
            }
            Tag::List(Some(start)) => {
                self.new_block();
                self.open_container(&format!("#enum(start: {start}, "), range);
            }
            Tag::Item => {
                // Items of a list written as plain text become paragraphs.
                if self.open.last() == Some(&true) {
                    self.out.push('[');
                }
                self.open.push(self.open.last() == Some(&true));
                self.last_char = None;
            }
            Tag::Emphasis => self.open_inline("#emph[", range),
            Tag::Strong => self.open_inline("#strong[", range),
            Tag::Strikethrough => self.open_inline("#strike[", range),
            Tag::Link { dest_url, .. } => {
                let opener =
                    if dest_url.is_empty() { "[".to_owned() } else { format!("#link({})[", escape::string(&dest_url)) };
                self.open_inline(&opener, range);
            }
            Tag::Image { dest_url, .. } => {
                self.flush_soft_break(None);
                let vpath = VPath::issue_file(&dest_url);
                self.images.push(ImageRef {
                    url: dest_url.to_string(),
                    vpath: vpath.clone(),
                    range,
                    alt: String::new(),
                });
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
            TagEnd::BlockQuote(_) => self.close_container("]\n\n"),
            TagEnd::CodeBlock => {
                let code = self.collecting.take().unwrap_or_default();
                self.out.push_str("#raw(block: true, ");
                self.out.push_str(&escape::string(code.trim_end_matches('\n')));
                self.out.push_str(")\n\n");
            }
            TagEnd::List(_) => self.close_container(")\n\n"),
            TagEnd::Item => {
                let trimmed = self.out.trim_end().len();
                self.truncate(trimmed);
                if self.open.pop() == Some(true) {
                    self.out.push_str("], ");
                } else {
                    self.out.push_str("\n\n");
                }
                self.pending_soft_break = false;
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => self.close_container("]"),
            TagEnd::Image => {
                let alt = self.collecting.take().unwrap_or_default();
                if let Some(last) = self.images.last_mut() {
                    last.alt = alt.trim().to_owned();
                }
                let image = self.images.last().and_then(|i| i.vpath.clone());
                match image {
                    Some(vpath) => {
                        self.out.push_str(&escape::string(vpath.as_str()));
                        self.out.push_str(", alt: ");
                        self.out.push_str(&escape::string(&alt));
                        self.out.push(')');
                    }
                    None => {
                        // Remove the placeholder: a refused image prints nothing.
                        let len = self.out.len() - "#none(".len();
                        self.truncate(len);
                    }
                }
            }
            _ => {}
        }
    }

    /// Shortens the output, and the text spans with it: text written later
    /// must not be counted as part of a span that was cut.
    fn truncate(&mut self, len: usize) {
        self.out.truncate(len);
        while self.spans.last().is_some_and(|s| s.out.start >= len) {
            self.spans.pop();
        }
        if let Some(last) = self.spans.last_mut() {
            last.out.end = last.out.end.min(len);
        }
    }

    fn new_block(&mut self) {
        self.last_char = None;
        self.pending_soft_break = false;
    }

    fn open_inline(&mut self, opener: &str, range: Range<usize>) {
        self.flush_soft_break(None);
        self.open_container(opener, range);
    }

    /// Opens a container unless the nesting limit is reached; then its text is
    /// written without it, and the coordinator is told once.
    fn open_container(&mut self, opener: &str, range: Range<usize>) {
        let depth = self.open.iter().filter(|written| **written).count();
        let written = depth < MAX_NESTING;
        if written {
            self.out.push_str(opener);
        } else if !std::mem::replace(&mut self.too_deep, true) {
            self.warnings.push((
                range,
                format!("引用・箇条書き・強調の重なりが {MAX_NESTING} 段より深いため、ここから先は飾りなしの文字で印刷します"),
            ));
        }
        self.open.push(written);
    }

    fn close_container(&mut self, closer: &str) {
        if self.open.pop() == Some(true) {
            self.out.push_str(closer);
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        if text.is_empty() {
            return;
        }
        self.flush_soft_break(text.chars().next());
        let start = self.out.len();
        escape::markup_into(&mut self.out, text);
        self.spans.push(TextSpan { out: start..self.out.len(), src: range });
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

/// Checks that converted markup holds nothing but text and the calls the
/// converter itself writes (`#strong[…]`, `#list(…)`, `#image("…", alt: "…")`
/// …) with literal arguments: no other code, math, label, reference, raw
/// block, shorthand or markup syntax, and no syntax error. The loader runs
/// this on every converted text before it goes near the compiler, so a bug in
/// the escaping would stop the build instead of running someone's text.
pub fn audit(markup: &str) -> Result<(), String> {
    let root = typst::syntax::parse(markup);
    if let Some(error) = root.errors_and_warnings().0.first() {
        return Err(format!("syntax error {:?} in {markup:?}", error.message));
    }
    audit_node(&root)
}

fn audit_node(node: &typst::syntax::SyntaxNode) -> Result<(), String> {
    use typst::syntax::SyntaxKind as K;
    const CALLS: &[&str] =
        &["strong", "emph", "strike", "link", "image", "raw", "list", "enum", "quote", "linebreak", "line"];
    const NAMED: &[&str] = &["block", "start", "alt", "length"];
    let named = |child: Option<&typst::syntax::SyntaxNode>, allowed: &[&str]| {
        child.is_some_and(|c| c.kind() == K::Ident && allowed.contains(&c.leaf_text().as_str()))
    };
    match node.kind() {
        K::Markup | K::Heading | K::ContentBlock | K::Args => {}
        K::Text | K::Space | K::Escape | K::Parbreak | K::HeadingMarker | K::Hash => return Ok(()),
        K::LeftBracket | K::RightBracket | K::LeftParen | K::RightParen | K::Comma | K::Colon => return Ok(()),
        K::Str | K::Int | K::Bool | K::Numeric => return Ok(()),
        // Identifiers are only reached as a checked callee or argument name.
        K::Ident => return Ok(()),
        K::FuncCall if named(node.children().next(), CALLS) => {}
        K::Named if named(node.children().next(), NAMED) => {}
        kind => return Err(format!("{kind:?} {:?}", node.full_text())),
    }
    node.children().try_for_each(audit_node)
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
        let c = block("![写真\"](images/a.png)");
        assert_eq!(c.markup, "#image(\"/issue/images/a.png\", alt: \"写真\\\"\")");
        let c = block("![x](../secret.png)");
        assert_eq!(c.markup, "");
        assert_eq!(c.images[0].vpath, None);
    }

    #[test]
    fn deep_nesting_is_flattened_with_a_warning() {
        for src in [
            "> ".repeat(400) + "あ",
            "*".repeat(3000) + "a" + &"*".repeat(3000),
            (0..200).map(|i| format!("{}- a\n", "  ".repeat(i))).collect(),
        ] {
            let c = block(&src);
            audit(&c.markup).unwrap();
            assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
            assert!(c.warnings[0].1.contains("段より深い"), "{:?}", c.warnings);
        }
        // Up to the limit nothing is dropped.
        assert!(block(&"> ".repeat(MAX_NESTING)).warnings.is_empty());
    }

    #[test]
    fn text_spans_point_back_into_the_markdown() {
        let src = "前置き\n\n**強い「#文」**と`コード`\n";
        let c = block(src);
        let texts: Vec<(&str, &str)> =
            c.spans.iter().map(|s| (&c.markup[s.out.clone()], &src[s.src.clone()])).collect();
        assert_eq!(
            texts,
            [("前置き", "前置き"), ("強い「\\#文」", "強い「#文」"), ("と", "と"), ("#raw(\"コード\")", "`コード`")]
        );
    }

    #[test]
    fn the_checker_rejects_code() {
        for bad in [
            "#read(\"/etc/passwd\")",
            "$x$",
            "<l>",
            "@r",
            "`r`",
            "a -- b",
            "#strong(read(\"x\"))",
            "#image(\"a\", width: 1pt)",
            "- a",
            "*b*",
        ] {
            assert!(audit(bad).is_err(), "{bad}");
        }
        assert!(audit("#strong[a] #image(\"/issue/a.png\", alt: \"x\")").is_ok());
    }

    fn markdownish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let tokens = [
            "*",
            "**",
            "_",
            "__",
            "`",
            "```\n",
            "~~~\n",
            "#",
            "# ",
            "## ",
            "- ",
            "* ",
            "+ ",
            "1. ",
            "2) ",
            "> ",
            "[",
            "]",
            "(",
            ")",
            "![",
            "](",
            "\"",
            "'",
            "<",
            ">",
            "<br>",
            "<!--",
            "-->",
            "<b>",
            "</b>",
            "\n",
            "\n\n",
            "    ",
            "\\",
            "$",
            "@",
            "//",
            "/*",
            "*/",
            "=",
            "~",
            "|",
            "&amp;",
            "&#35;",
            "&#x24;",
            "http://a.b/\"c\"",
            "images/a.png",
            "../x",
            "「",
            "」",
            "あ",
            "漢",
            "a",
            "1",
            " ",
            "\t",
            "---\n",
            "***",
            "\u{3000}",
            "\u{200B}",
            "\r\n",
        ];
        let piece = prop_oneof![
            4 => proptest::sample::select(tokens.to_vec()).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1500))]

        #[test]
        fn markdown_becomes_safe_markup(src in markdownish()) {
            for converted in [block(&src), inline(&src)] {
                audit(&converted.markup).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{src:?} → {e}")))?;
                for span in &converted.spans {
                    proptest::prop_assert!(src.get(span.src.clone()).is_some() && converted.markup.get(span.out.clone()).is_some());
                }
            }
        }
    }

    #[test]
    fn image_inside_image_alt() {
        // Found by the fuzzer: the inner image's end closed the outer one, and
        // the outer end then wrote the path again as markup.
        assert_eq!(block("![![]()](@)").markup, "#image(\"/issue/@\", alt: \"\")");
        let c = block("![a ![b](images/#read(x))](images/c.png)");
        assert_eq!(c.markup, "#image(\"/issue/images/c.png\", alt: \"a b\")");
        audit(&c.markup).unwrap();
    }

    #[test]
    fn spans_stay_inside_the_markup_when_it_is_trimmed() {
        // Found by the fuzzer: a list item's trailing spaces were trimmed
        // after its span was recorded, so the span ran into later text.
        let src = "*\n\n\n- <T> \t\t\t\t\x0c\x0c\x0c\n[拕";
        for c in [block(src), inline(src)] {
            for span in &c.spans {
                assert!(c.markup.get(span.out.clone()).is_some(), "{:?} in {:?}", span.out, c.markup);
            }
        }
    }

    #[test]
    fn inline_has_no_paragraph_breaks() {
        assert_eq!(inline("まずは**やってみよう**！").markup, "まずは#strong[やってみよう]！");
    }
}
