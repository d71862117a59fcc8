//! The writer: pulldown-cmark's events in, escaped Typst markup out.
//!
//! Built the way pulldown-cmark's own HTML writer is: the writer owns the
//! event stream, and where an element's content can only be plain text (an
//! image's description, a code block) it reads that content itself, in a small
//! inner loop up to the matching end event. So no state says "inside an image"
//! for every other event to consult, and nothing written is ever taken back:
//! whether an image is written is decided before its first byte, and the
//! break between two blocks is written when the second block starts, not
//! after the first one on the chance that another follows.

use std::ops::Range;

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

use super::{Converted, ImageRef, MAX_NESTING, MAX_TABLE_COLUMNS, TextSpan};
use crate::markup::cjk::is_wide;
use crate::markup::{escape, ruby};
use crate::vpath::VPath;

/// One event and the byte range of the Markdown it came from.
pub(super) type Spanned<'a> = (Event<'a>, Range<usize>);

pub(super) struct Writer<'a> {
    events: std::vec::IntoIter<Spanned<'a>>,
    /// The Markdown the events came from (to see its backslash escapes).
    src: &'a str,
    /// A one-paragraph text (a flow step): paragraphs get no break around them.
    inline: bool,
    out: Converted,
    /// The last character of text written in the current paragraph, to decide
    /// what a following soft break becomes.
    last_char: Option<char>,
    pending_soft_break: bool,
    /// A block ended; the paragraph break is written only when another block
    /// starts in the same container, so no container ends on an empty line.
    pending_block_break: bool,
    /// Whether the markup written so far ends at the start of a line.
    line_start: bool,
    /// For each open container, the markup that closes it; `None` if it was
    /// not written (past the nesting limit, or a list item written as a
    /// paragraph).
    open: Vec<Option<&'static str>>,
    /// Whether the nesting limit was reported already.
    too_deep: bool,
}

impl<'a> Writer<'a> {
    pub(super) fn new(events: Vec<Spanned<'a>>, src: &'a str, inline: bool) -> Self {
        Self {
            events: events.into_iter(),
            src,
            inline,
            out: Converted::default(),
            last_char: None,
            pending_soft_break: false,
            pending_block_break: false,
            line_start: true,
            open: Vec::new(),
            too_deep: false,
        }
    }

    pub(super) fn run(mut self) -> Converted {
        while let Some((event, range)) = self.events.next() {
            self.event(event, range);
        }
        self.out
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text, range),
            Event::Code(code) => {
                self.before_inline(code.chars().next());
                let start = self.out.markup.len();
                self.put(&format!("#raw({})", escape::string(&code)));
                self.out.spans.push(TextSpan { out: start..self.out.markup.len(), src: range });
                self.last_char = code.chars().last();
            }
            Event::SoftBreak => self.pending_soft_break = true,
            Event::HardBreak => self.line_break(),
            Event::Rule => {
                self.begin_block();
                self.put("#line(length: 100%)");
                self.pending_block_break = true;
            }
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html, range),
            // Not enabled in the parser options; listed so that a future option
            // cannot silently turn user text into something else.
            Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => {
                self.plain_text_piece(&t, range)
            }
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.begin_block(),
            Tag::Heading { level, .. } => {
                // A heading with no text (`#` alone) prints nothing; written,
                // Typst would still make an empty bookmark of it. It still
                // ends the text before it.
                if let Some((Event::End(TagEnd::Heading(_)), _)) = self.events.as_slice().first() {
                    self.events.next();
                    self.pending_block_break |= !self.line_start;
                    return;
                }
                // `= ` only makes a heading at the start of a line; text of a
                // tight list item (no paragraph of its own) may come before.
                self.pending_block_break |= !self.line_start;
                self.begin_block();
                // `HeadingLevel` counts from H1 = 1, as Typst's `=` do.
                self.put(&format!("{} ", "=".repeat(level as usize)));
            }
            Tag::BlockQuote(_) => {
                self.begin_block();
                self.open_container("#quote(block: true)[", "]", range);
            }
            Tag::CodeBlock(_) => {
                self.begin_block();
                let code = self.plain_text();
                self.put(&format!("#raw(block: true, {})", escape::string(code.trim_end_matches('\n'))));
                self.pending_block_break = true;
            }
            Tag::List(None) => {
                self.begin_block();
                self.open_container("#list(", ")", range);
            }
            Tag::List(Some(start)) => {
                self.begin_block();
                self.open_container(&format!("#enum(start: {start}, "), ")", range);
            }
            Tag::Item => {
                // Items of a list written as plain text (past the nesting
                // limit) become paragraphs, separated like any other block.
                self.begin_block();
                let written = self.open.last().is_some_and(Option::is_some);
                if written {
                    self.put("[");
                }
                self.open.push(written.then_some("], "));
            }
            Tag::Emphasis => self.open_inline("#emph[", "]", range),
            Tag::Strong => self.open_inline("#strong[", "]", range),
            Tag::Strikethrough => self.open_inline("#strike[", "]", range),
            // A link to nowhere (`[a]()`) is its text.
            Tag::Link { dest_url, .. } if dest_url.is_empty() => self.open_inline("", "", range),
            Tag::Link { dest_url, .. } => {
                self.open_inline(&format!("#link({})[", escape::string(&dest_url)), "]", range)
            }
            Tag::Image { dest_url, .. } => self.image(&dest_url, range),
            Tag::HtmlBlock => self.html_block(),
            Tag::Table(alignments) => self.table(&alignments, range),
            // `table.header(…)`: the layout emphasises it, and tagged PDF
            // marks its cells as the column headings.
            Tag::TableHead => self.open_container("table.header(", "), ", range),
            // Rows are implicit: the table knows its number of columns.
            Tag::TableRow => self.open.push(None),
            Tag::TableCell => self.open_container("[", "], ", range),
            _ => {}
        }
    }

    /// A GitHub pipe table, written as Typst's `table`: each column's
    /// alignment from the delimiter row (`:---`, `:---:`, `---:`; `auto`
    /// where none is given, for the layout to decide), its header row in
    /// `table.header`, every cell a content block, the look left to the
    /// layout. One with more columns than a page holds is reported.
    fn table(&mut self, alignments: &[Alignment], range: Range<usize>) {
        let columns = alignments.len();
        if columns > MAX_TABLE_COLUMNS {
            self.out.wide_tables.push((range.clone(), columns));
        }
        let align: String = alignments
            .iter()
            .map(|a| match a {
                Alignment::None => "auto, ",
                Alignment::Left => "left, ",
                Alignment::Center => "center, ",
                Alignment::Right => "right, ",
            })
            .collect();
        self.begin_block();
        self.open_container(&format!("#table(columns: {columns}, align: ({align}), "), ")", range);
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            // A heading ends its line even in a one-paragraph text.
            TagEnd::Heading(_) => {
                self.pending_soft_break = false;
                self.pending_block_break = true;
            }
            TagEnd::Paragraph => {
                self.pending_soft_break = false;
                // A one-paragraph text is placed inside someone else's
                // paragraph: it must not end it.
                self.pending_block_break = !self.inline;
            }
            TagEnd::BlockQuote(_) => self.close_block(),
            TagEnd::List(_) => self.close_block(),
            TagEnd::Item => {
                self.pending_soft_break = false;
                self.pending_block_break = false;
                match self.open.pop().flatten() {
                    Some(closer) => self.put(closer),
                    None => self.pending_block_break = true,
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => self.close_container(),
            TagEnd::TableHead | TagEnd::TableRow => self.close_container(),
            TagEnd::TableCell => {
                self.pending_soft_break = false;
                self.close_container();
                self.last_char = None;
            }
            TagEnd::Table => self.close_block(),
            // Code blocks, images and HTML blocks end inside the inner loops
            // that read them.
            _ => {}
        }
    }

    /// A piece of HTML: coordinators do not write HTML on purpose, so
    /// whatever looked like a tag is printed as written, nothing is lost;
    /// only a line break and a comment (a note to oneself) mean what they say.
    fn html(&mut self, html: &str, range: Range<usize>) {
        let tag = html.trim().to_ascii_lowercase();
        if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
            self.line_break();
        } else if !is_comment(&tag) {
            self.out
                .warnings
                .push((range.clone(), format!("「{}」は HTML として扱わず、文字のまま印刷します", html.trim())));
            self.plain_text_piece(html, range);
        }
    }

    /// An HTML block (a line that starts with a tag): its lines are read
    /// first, so that a comment over several lines leaves no trace, not
    /// even a paragraph break, while anything else is a block of its own.
    fn html_block(&mut self) {
        let mut lines = Vec::new();
        for (event, range) in self.events.by_ref() {
            match event {
                Event::End(_) => break,
                Event::Html(html) => lines.push((html, range)),
                // An HTML block holds nothing but its lines.
                _ => {}
            }
        }
        let whole: String = lines.iter().map(|(html, _)| &**html).collect();
        if is_comment(whole.trim()) {
            return;
        }
        self.begin_block();
        for (html, range) in lines {
            self.html(&html, range);
        }
        self.pending_block_break = !self.inline;
    }

    /// An image: its description is read first, so that a path that may not
    /// be used writes nothing at all (the loader reports it).
    fn image(&mut self, url: &str, range: Range<usize>) {
        self.before_inline(None);
        let alt = self.plain_text();
        let vpath = VPath::issue_file(url);
        if let Some(vpath) = &vpath {
            self.put(&format!("#image({}, alt: {})", escape::string(vpath.as_str()), escape::string(&alt)));
        }
        self.out.images.push(ImageRef { url: url.to_owned(), vpath, range, alt: alt.trim().to_owned() });
    }

    /// Reads the content of the element just started, as plain text, up to
    /// and including its matching end event. Markup inside (emphasis, a link,
    /// even another image: `![a ![b](c)](d)`) only nests; its text is kept.
    /// HTML in a description is not description, so it is left out.
    fn plain_text(&mut self) -> String {
        let mut text = String::new();
        let mut depth = 0usize;
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                Event::Text(t)
                | Event::Code(t)
                | Event::InlineMath(t)
                | Event::DisplayMath(t)
                | Event::FootnoteReference(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push('\n'),
                Event::Html(_) | Event::InlineHtml(_) | Event::Rule | Event::TaskListMarker(_) => {}
            }
        }
        text
    }

    /// Writes the break after a block that ended, when inline content
    /// follows it in the same container.
    fn end_previous_block(&mut self) {
        if std::mem::take(&mut self.pending_block_break) {
            self.put("\n\n");
            self.last_char = None;
            self.pending_soft_break = false;
        }
    }

    /// Writes markup the converter made (user text appears in it only as an
    /// escaped string literal; text goes through `text`).
    fn put(&mut self, markup: &str) {
        self.out.markup.push_str(markup);
        // In Typst, a paragraph break or the start of a content block starts
        // a line: only there does `= ` make a heading.
        self.line_start = markup.ends_with("\n\n") || markup.ends_with('[');
    }

    /// Starts a block: writes the break after the previous block of the same
    /// container, if there was one, and forgets the previous paragraph's text.
    fn begin_block(&mut self) {
        self.end_previous_block();
        self.last_char = None;
        self.pending_soft_break = false;
    }

    fn line_break(&mut self) {
        self.end_previous_block();
        self.put("#linebreak()");
        self.last_char = None;
        self.pending_soft_break = false;
    }

    fn open_inline(&mut self, opener: &str, closer: &'static str, range: Range<usize>) {
        // `あ\n**a**`: the break sits between あ and a, not before markup.
        let next = self.next_char();
        self.before_inline(next);
        self.open_container(opener, closer, range);
    }

    /// The first character the coming events print, looking through the
    /// inline containers they open and close; `None` if something else
    /// comes first.
    fn next_char(&self) -> Option<char> {
        self.events.as_slice().iter().find_map(|(event, _)| match event {
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => None,
            Event::Text(text) | Event::Code(text) => Some(text.chars().next()),
            _ => Some(None),
        })?
    }

    /// Opens a container unless the nesting limit is reached; then its text is
    /// written without it, and the coordinator is told once.
    fn open_container(&mut self, opener: &str, closer: &'static str, range: Range<usize>) {
        let depth = self.open.iter().flatten().count();
        let written = depth < MAX_NESTING;
        if written {
            self.put(opener);
        } else if !std::mem::replace(&mut self.too_deep, true) {
            self.out.warnings.push((
                range,
                format!("引用・箇条書き・強調の重なりが {MAX_NESTING} 段より深いため、ここから先は飾りなしの文字で印刷します"),
            ));
        }
        self.open.push(written.then_some(closer));
    }

    fn close_container(&mut self) {
        if let Some(closer) = self.open.pop().flatten() {
            self.put(closer);
        }
    }

    /// Closes a quote or list: the break after its last block belongs to
    /// whatever follows the container, not inside it.
    fn close_block(&mut self) {
        self.pending_block_break = false;
        self.close_container();
        self.pending_block_break = true;
    }

    /// Text, or a run of text events that holds furigana (`{高崎|たかさき}`):
    /// the run is read whole, as a ruby may span the events CommonMark
    /// splits text into at a backslash escape.
    fn text(&mut self, text: &str, range: Range<usize>) {
        let rest = self.events.as_slice();
        let run_len = rest.iter().take_while(|(e, _)| matches!(e, Event::Text(_))).count();
        let mut whole = text.to_owned();
        rest[..run_len].iter().for_each(|(e, _)| whole.push_str(if let Event::Text(t) = e { t } else { "" }));
        if !ruby::may_hold(&whole) {
            return self.plain_text_piece(text, range);
        }
        let mut run: Vec<(String, Range<usize>)> = vec![(text.to_owned(), range)];
        for (event, range) in self.events.by_ref().take(run_len) {
            if let Event::Text(t) = event {
                run.push((t.into_string(), range));
            }
        }
        let texts: Vec<(&str, Range<usize>)> = run.iter().map(|(t, r)| (t.as_str(), r.clone())).collect();
        let chars = ruby::chars_of_text(self.src, &texts);
        for piece in ruby::scan(&chars) {
            match piece {
                ruby::Piece::Text(r) if r.is_empty() => {}
                ruby::Piece::Text(r) => {
                    let text: String = chars[r.clone()].iter().map(|c| c.c).collect();
                    self.plain_text_piece(&text, chars[r.start].src.start..chars[r.end - 1].src.end);
                }
                ruby::Piece::Ruby { base, reading, chars: r } => {
                    // `#ruby[base][reading]`: the layout's function (layouts/README.md).
                    self.before_inline(base.chars().next());
                    self.put("#ruby[");
                    let start = self.out.markup.len();
                    escape::markup_into(&mut self.out.markup, &base);
                    let src = chars[r.start].src.start..chars[r.end - 1].src.end;
                    self.out.spans.push(TextSpan { out: start..self.out.markup.len(), src: src.clone() });
                    self.put("][");
                    let start = self.out.markup.len();
                    escape::markup_into(&mut self.out.markup, &reading);
                    self.out.spans.push(TextSpan { out: start..self.out.markup.len(), src });
                    self.put("]");
                    self.line_start = false;
                    self.last_char = base.chars().last();
                }
            }
        }
    }

    fn plain_text_piece(&mut self, text: &str, range: Range<usize>) {
        if text.is_empty() {
            return;
        }
        self.before_inline(text.chars().next());
        let start = self.out.markup.len();
        escape::markup_into(&mut self.out.markup, text);
        self.line_start = false;
        self.out.spans.push(TextSpan { out: start..self.out.markup.len(), src: range });
        self.last_char = text.chars().last();
    }

    /// Before inline content whose first character is `next`: ends the
    /// previous block if one ended (the text of a tight list item has no
    /// paragraph of its own, so `- あ\n  # 見出し\n  い` needs the break here),
    /// then writes the pending soft break as a space, unless it sits between
    /// two wide characters (Japanese text wraps without spaces) or at the
    /// start of a line, where a space would only indent it (`[\nあ](x)`).
    fn before_inline(&mut self, next: Option<char>) {
        self.end_previous_block();
        if !std::mem::take(&mut self.pending_soft_break) {
            return;
        }
        let Some(last) = self.last_char else { return };
        if !(is_wide(last) && next.is_none_or(is_wide)) {
            self.put(" ");
        }
    }
}

/// `<!-- … -->`, and nothing outside it.
fn is_comment(html: &str) -> bool {
    html.starts_with("<!--") && html.ends_with("-->")
}
