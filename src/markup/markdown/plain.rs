//! Markdown → plain text, for the editions read aloud (the plain text
//! edition of `tsushin build --text`).
//!
//! A second small writer over the same pulldown-cmark events as the Typst
//! writer (same parser options, same emphasis repair beside Japanese
//! brackets), because its rules differ: nothing is escaped, emphasis and
//! links leave only their text (a link's address follows in （）), lists are
//! written with 「・」 or their numbers, an image becomes 「写真：説明」 on a
//! line of its own. A soft line break between two wide characters is dropped
//! here too (Japanese text has no spaces between lines).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::emphasis;
use super::writer::Spanned;
use crate::markup::cjk::is_wide;
use crate::markup::ruby;

/// The plain text of a Markdown body or one-paragraph string: blocks
/// separated by an empty line, no trailing newline.
pub fn plain(src: &str) -> String {
    convert(src, true)
}

/// The plain text of a whole Markdown body, which may hold pipe tables as
/// in the PDF (the same parser options as the Typst writer's).
pub fn plain_block(src: &str) -> String {
    convert(src, false)
}

fn convert(src: &str, inline: bool) -> String {
    let events = Parser::new_ext(src, super::options(inline)).into_offset_iter().collect();
    let mut writer = Plain::default();
    let mut events = with_readings(emphasis::repair(events, src), src).into_iter();
    while let Some((event, _)) = events.next() {
        writer.event(event, &mut events);
    }
    writer.out.trim_end().to_owned()
}

/// The events with every run of text events made one, its furigana
/// written as 高崎（たかさき） (a ruby may span the events CommonMark splits
/// text into at a backslash escape).
fn with_readings<'a>(events: Vec<Spanned<'a>>, src: &str) -> Vec<Spanned<'a>> {
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut run: Vec<(CowStr<'a>, Range<usize>)> = Vec::new();
    let flush = |run: &mut Vec<(CowStr<'a>, Range<usize>)>, out: &mut Vec<Spanned<'a>>| {
        let whole: String = run.iter().map(|(t, _)| &**t).collect();
        let Some(first) = run.first() else { return };
        let range = first.1.start..run.last().map_or(first.1.end, |(_, r)| r.end);
        if !ruby::may_hold(&whole) {
            out.extend(run.drain(..).map(|(t, r)| (Event::Text(t), r)));
            return;
        }
        let texts: Vec<(&str, Range<usize>)> = run.iter().map(|(t, r)| (&**t, r.clone())).collect();
        let chars = ruby::chars_of_text(src, &texts);
        let mut text = String::new();
        for piece in ruby::scan(&chars) {
            match piece {
                ruby::Piece::Text(r) => text.extend(chars[r].iter().map(|c| c.c)),
                ruby::Piece::Ruby { base, reading, .. } => text.push_str(&format!("{base}（{reading}）")),
            }
        }
        run.clear();
        out.push((Event::Text(text.into()), range));
    };
    for (event, range) in events {
        match event {
            Event::Text(text) => run.push((text, range)),
            other => {
                flush(&mut run, &mut out);
                out.push((other, range));
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

#[derive(Default)]
struct Plain {
    out: String,
    /// For each open list: the number of its next item (`None`: bullets).
    lists: Vec<Option<u64>>,
    /// Link addresses to print after the link's text.
    links: Vec<String>,
    /// A block ended: the next one starts after an empty line.
    pending_block: bool,
    pending_soft_break: bool,
    last_char: Option<char>,
}

impl Plain {
    fn event<'a>(&mut self, event: Event<'a>, rest: &mut impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>) {
        match event {
            Event::Start(tag) => self.start(tag, rest),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => self.text(&t),
            Event::SoftBreak => self.pending_soft_break = true,
            Event::HardBreak => self.newline(),
            Event::Rule => {
                self.block();
                self.out.push_str("――――――");
                self.pending_block = true;
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let tag = html.trim().to_ascii_lowercase();
                if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
                    self.newline();
                } else if !(tag.starts_with("<!--") && tag.ends_with("-->")) {
                    // Printed as written in the PDF too.
                    self.text(html.trim_end_matches('\n'));
                }
            }
            Event::TaskListMarker(_) => {}
        }
    }

    fn start<'a>(&mut self, tag: Tag<'a>, rest: &mut impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::BlockQuote(_) => self.block(),
            Tag::List(start) => {
                self.block();
                self.lists.push(start);
            }
            Tag::Item => {
                self.line();
                let depth = self.lists.len().saturating_sub(1);
                self.out.push_str(&"　".repeat(depth));
                match self.lists.last_mut() {
                    Some(Some(n)) => {
                        self.out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => self.out.push('・'),
                }
                self.pending_block = false;
                self.last_char = None;
            }
            Tag::Table(_) => {
                let rows = table_rows(rest);
                self.block();
                self.out.push_str(&read_aloud(&rows));
                self.last_char = None;
                self.pending_block = true;
            }
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            Tag::Image { .. } => {
                let mut alt = String::new();
                let mut depth = 0usize;
                for (event, _) in rest.by_ref() {
                    match event {
                        Event::Start(_) => depth += 1,
                        Event::End(_) if depth == 0 => break,
                        Event::End(_) => depth -= 1,
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        _ => {}
                    }
                }
                self.line();
                self.out.push_str(&format!("「写真：{}」", alt.trim()));
                self.last_char = None;
                self.pending_block = true;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::BlockQuote(_) => {
                self.pending_block = true;
                self.pending_soft_break = false;
            }
            TagEnd::List(_) => {
                self.lists.pop();
                self.pending_block = true;
            }
            TagEnd::Item => self.pending_block = false,
            TagEnd::Link => {
                if let Some(url) = self.links.pop() {
                    let shown = self.out.ends_with(url.as_str());
                    if !url.is_empty() && !shown {
                        self.out.push_str(&format!("（{url}）"));
                    }
                }
            }
            _ => {}
        }
    }

    /// Starts a block: after an empty line if another block came before.
    fn block(&mut self) {
        if std::mem::take(&mut self.pending_block) && !self.out.is_empty() {
            self.line();
            self.out.push('\n');
        }
        self.last_char = None;
        self.pending_soft_break = false;
    }

    /// Ends the current line, if there is one.
    fn line(&mut self) {
        if std::mem::take(&mut self.pending_block) && !self.out.is_empty() {
            self.line();
            self.out.push('\n');
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.pending_soft_break = false;
    }

    fn newline(&mut self) {
        self.out.push('\n');
        self.last_char = None;
        self.pending_soft_break = false;
    }

    fn text(&mut self, text: &str) {
        let Some(first) = text.chars().next() else { return };
        if self.pending_block {
            self.block();
        }
        if std::mem::take(&mut self.pending_soft_break) {
            match self.last_char {
                Some(last) if is_wide(last) && is_wide(first) => {}
                Some(_) => self.out.push(' '),
                None => {}
            }
        }
        self.out.push_str(text);
        self.last_char = text.chars().last();
    }
}

/// The cells of a table, row by row (the header row first), as text: read in
/// an inner loop up to the table's end, like an image's description.
fn table_rows<'a>(rest: &mut impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (event, _) in rest.by_ref() {
        match event {
            Event::End(TagEnd::Table) => break,
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => {
                if let Some(row) = rows.last_mut() {
                    row.push(String::new());
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                    cell.push_str(&t);
                }
            }
            _ => {}
        }
    }
    rows
}

/// A table as it is read aloud: one line per row, each cell named by its
/// column's heading (「集積所：八幡公民館の前、ごみ出しの日：月・木」).
fn read_aloud(rows: &[Vec<String>]) -> String {
    let Some((head, body)) = rows.split_first() else { return String::new() };
    let lines: Vec<String> = body
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(i, cell)| match head.get(i).map(|h| h.trim()).filter(|h| !h.is_empty()) {
                    Some(h) => format!("{h}：{}", cell.trim()),
                    None => cell.trim().to_owned(),
                })
                .collect::<Vec<_>>()
                .join("、")
        })
        .collect();
    if lines.is_empty() { head.join("、") } else { lines.join("\n") }
}

#[cfg(test)]
mod tests {
    use super::{plain, plain_block};

    #[test]
    fn a_table_is_read_row_by_row_with_its_headings() {
        let table = "集積所 | ごみ出しの日\n--- | ---\n八幡公民館の前 | 月・木\n若田町の集会所 | 水\n";
        assert_eq!(
            plain_block(table),
            "集積所：八幡公民館の前、ごみ出しの日：月・木\n集積所：若田町の集会所、ごみ出しの日：水"
        );
        // a one-paragraph string has no tables, as in the PDF
        assert!(plain(table).contains('|'));
    }

    #[test]
    fn paragraphs_lists_and_breaks() {
        assert_eq!(
            plain("新年度が\n始まり、**２か月**が\n過ぎました。\n\nA\nB"),
            "新年度が始まり、２か月が過ぎました。\n\nA B"
        );
        assert_eq!(plain("- 一つ\n- 二つ\n  - 深い\n\n3. 三\n4. 四"), "・一つ\n・二つ\n　・深い\n\n3. 三\n4. 四");
        assert_eq!(plain("### 見出し\n本文"), "見出し\n\n本文");
    }

    #[test]
    fn emphasis_beside_brackets_and_links() {
        assert_eq!(plain("**「強調」**では"), "「強調」では");
        assert_eq!(plain("[市のページ](https://example.jp)へ"), "市のページ（https://example.jp）へ");
        assert_eq!(plain("<https://example.jp>"), "https://example.jp");
    }

    #[test]
    fn images_and_html() {
        assert_eq!(plain("前\n\n![集まりの様子](images/a.png)\n\n後"), "前\n\n「写真：集まりの様子」\n\n後");
        assert_eq!(plain("一<br>二 <!-- メモ -->"), "一\n二");
        assert_eq!(plain("a < b"), "a < b");
    }

    #[test]
    fn furigana_in_parentheses() {
        assert_eq!(plain("{高崎|たかさき}市の**{八幡|やわた}**"), "高崎（たかさき）市の八幡（やわた）");
        assert_eq!(plain("{a\\|b|c\\}d} {未完"), "a|b（c}d） {未完");
        assert_eq!(plain("`{a|b}` {x|y"), "{a|b} {x|y");
    }
}
