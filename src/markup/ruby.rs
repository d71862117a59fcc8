//! Furigana (ruby) in the notation of Vivliostyle Flavored Markdown:
//! `{高崎|たかさき}` is 高崎 with the reading たかさき. `\|` and `\}` put a
//! `|` or `}` into the base or the reading; a `{` that does not start a
//! complete ruby prints as written, and so does one whose base or reading is
//! empty or runs over a line end.
//!
//! The scanner works on characters that know whether they were escaped, so
//! the Markdown writers (which see text after CommonMark has read its
//! backslash escapes) and plain strings (which keep their backslashes) share
//! one rule: [`chars_of_text`] and [`chars_of_string`] make those characters,
//! [`scan`] finds the rubies.
//!
//! A plain string (a title, a caption, a voice) with furigana reaches the
//! layout as markup calling `ruby`, like Markdown text ([`string_markup`]);
//! the editions that print no reading above its base write it in （）
//! ([`parenthesized`]).

use std::ops::Range;

use crate::markup::escape;
use crate::markup::markdown::TextSpan;

/// A character of the text to scan, and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Char {
    pub c: char,
    /// Written escaped (`\|`): never a delimiter.
    pub escaped: bool,
    /// The bytes of the source it was written as.
    pub src: Range<usize>,
}

/// A piece of scanned text: characters `[start, end)` printed as they are,
/// or a ruby.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(Range<usize>),
    Ruby { base: String, reading: String, chars: Range<usize> },
}

/// Whether `text` may hold a ruby at all (a cheap test before scanning).
pub fn may_hold(text: &str) -> bool {
    text.contains('{') && text.contains('|') && text.contains('}')
}

/// The characters of Markdown text as CommonMark read it: `texts` are
/// consecutive text events with their byte ranges in `src`. pulldown-cmark
/// starts a new text event after a backslash escape, leaving the backslash
/// out of every event: the first character of an event right after such a
/// backslash was escaped. An event whose text differs from its bytes (an
/// entity such as `&amp;`) holds no delimiters.
pub fn chars_of_text(src: &str, texts: &[(&str, Range<usize>)]) -> Vec<Char> {
    let mut chars = Vec::new();
    let mut previous_end = None;
    for (text, range) in texts {
        let verbatim = src.get(range.clone()) == Some(*text);
        let after_backslash =
            range.start > 0 && src.as_bytes().get(range.start - 1) == Some(&b'\\') && previous_end != Some(range.start);
        for (i, (at, c)) in text.char_indices().enumerate() {
            let src = if verbatim { range.start + at..range.start + at + c.len_utf8() } else { range.clone() };
            chars.push(Char { c, escaped: !verbatim || (i == 0 && after_backslash), src });
        }
        previous_end = Some(range.end);
    }
    chars
}

/// The characters of a plain string (a title, a caption): `\|`, `\}`, `\{`
/// and `\\` are escapes there, and only there does a backslash matter.
pub fn chars_of_string(text: &str) -> Vec<Char> {
    let mut chars = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((at, c)) = iter.next() {
        if c == '\\'
            && let Some(&(next_at, next)) = iter.peek()
            && matches!(next, '|' | '}' | '{' | '\\')
        {
            iter.next();
            chars.push(Char { c: next, escaped: true, src: at..next_at + 1 });
            continue;
        }
        chars.push(Char { c, escaped: false, src: at..at + c.len_utf8() });
    }
    chars
}

/// The rubies among `chars` and the text between them.
pub fn scan(chars: &[Char]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < chars.len() {
        let Some((bar, close)) = ruby_at(chars, i) else {
            i += 1;
            continue;
        };
        if text_start < i {
            pieces.push(Piece::Text(text_start..i));
        }
        let collect = |r: Range<usize>| chars[r].iter().map(|c| c.c).collect::<String>();
        pieces.push(Piece::Ruby { base: collect(i + 1..bar), reading: collect(bar + 1..close), chars: i..close + 1 });
        i = close + 1;
        text_start = i;
    }
    if text_start < chars.len() {
        pieces.push(Piece::Text(text_start..chars.len()));
    }
    pieces
}

/// The `|` and `}` of a ruby whose `{` is `chars[open]`, if one starts there.
fn ruby_at(chars: &[Char], open: usize) -> Option<(usize, usize)> {
    let delimiter = |i: usize, c: char| chars.get(i).is_some_and(|ch| ch.c == c && !ch.escaped);
    if !delimiter(open, '{') {
        return None;
    }
    let mut bar = None;
    for i in open + 1..chars.len() {
        let c = &chars[i];
        if c.c == '\n' || c.c == '\r' || delimiter(i, '{') {
            return None;
        }
        match bar {
            None if delimiter(i, '|') => bar = Some(i),
            None if delimiter(i, '}') => return None,
            Some(_) if delimiter(i, '|') => return None,
            Some(b) if delimiter(i, '}') => {
                let blank = |r: Range<usize>| chars[r].iter().all(|c| c.c.is_whitespace());
                return (!blank(open + 1..b) && !blank(b + 1..i)).then_some((b, i));
            }
            _ => {}
        }
    }
    None
}

/// A piece of a plain string (a title, a caption): text with its escapes
/// read, or a ruby; each with the bytes of the string it was written as.
#[derive(Debug, Clone, PartialEq)]
pub enum StringPiece {
    Text { text: String, src: Range<usize> },
    Ruby { base: String, reading: String, src: Range<usize> },
}

/// The pieces of a plain string. Its escapes (`\{`, `\|`, `\}`, `\\`) are
/// read everywhere in it, so a coordinator can write a brace or a bar that
/// is not furigana and see it printed without the backslash.
pub fn string_pieces(text: &str) -> Vec<StringPiece> {
    let chars = chars_of_string(text);
    let span = |r: &Range<usize>| chars[r.start].src.start..chars[r.end - 1].src.end;
    scan(&chars)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Text(r) if r.is_empty() => None,
            Piece::Text(r) => {
                Some(StringPiece::Text { text: chars[r.clone()].iter().map(|c| c.c).collect(), src: span(&r) })
            }
            Piece::Ruby { base, reading, chars: r } => Some(StringPiece::Ruby { base, reading, src: span(&r) }),
        })
        .collect()
}

/// Whether a plain string reads differently from its bytes: it holds a
/// ruby or an escape.
pub fn string_is_marked(text: &str) -> bool {
    may_hold(text) || (text.contains('\\') && chars_of_string(text).iter().any(|c| c.escaped))
}

/// A plain string with each ruby written as 高崎（たかさき）, for the
/// editions that cannot print a reading above its base (the plain text
/// edition, large print, alt text).
pub fn parenthesized(text: &str) -> String {
    joined(text, |base, reading| format!("{base}（{reading}）"))
}

/// A plain string with only the base of each ruby: what a reader sees
/// first, for the PDF's metadata (its title).
pub fn base_text(text: &str) -> String {
    joined(text, |base, _| base.to_owned())
}

fn joined(text: &str, ruby: impl Fn(&str, &str) -> String) -> String {
    if !string_is_marked(text) {
        return text.to_owned();
    }
    let mut out = String::new();
    for piece in string_pieces(text) {
        match piece {
            StringPiece::Text { text, .. } => out.push_str(&text),
            StringPiece::Ruby { base, reading, .. } => out.push_str(&ruby(&base, &reading)),
        }
    }
    out
}

/// Whether a plain string holds a ruby.
pub fn holds_ruby(text: &str) -> bool {
    may_hold(text) && scan(&chars_of_string(text)).iter().any(|p| matches!(p, Piece::Ruby { .. }))
}

/// A plain string that holds a ruby as Typst markup, the way Markdown text
/// has it (`高崎#ruby[八幡][やわた]だより`, every piece escaped), with each
/// escaped piece's bytes in the markup and in the string; `None` when the
/// string holds no ruby (it stays a string).
pub fn string_markup(text: &str) -> Option<(String, Vec<TextSpan>)> {
    if !holds_ruby(text) {
        return None;
    }
    let mut markup = String::new();
    let mut spans = Vec::new();
    let mut piece = |markup: &mut String, text: &str, src: &Range<usize>| {
        let start = markup.len();
        escape::markup_into(markup, text);
        spans.push(TextSpan { out: start..markup.len(), src: src.clone() });
    };
    for p in string_pieces(text) {
        match p {
            StringPiece::Text { text, src } => piece(&mut markup, &text, &src),
            StringPiece::Ruby { base, reading, src } => {
                markup.push_str("#ruby[");
                piece(&mut markup, &base, &src);
                markup.push_str("][");
                piece(&mut markup, &reading, &src);
                markup.push(']');
            }
        }
    }
    Some((markup, spans))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rubies_and_text_between() {
        assert_eq!(parenthesized("{高崎|たかさき}市の{八幡|やわた}"), "高崎（たかさき）市の八幡（やわた）");
        assert_eq!(parenthesized("a\\|b {x\\}y|z\\|w}"), "a|b x}y（z|w）");
        assert_eq!(base_text("{高崎|たかさき}市 \\{x|y\\}"), "高崎市 {x|y}");
    }

    #[test]
    fn what_is_not_a_ruby_prints_as_written() {
        for text in
            ["{高崎", "{高崎|たかさき", "{|よみ}", "{高崎|}", "{高|崎|よみ}", "{高崎}", "{行\n|よみ}", "{a\\|b}"]
        {
            assert_eq!(parenthesized(text), text.replace("\\|", "|"));
            assert!(!holds_ruby(text) && string_markup(text).is_none(), "{text:?}");
        }
        // A `{` before a ruby prints as written, the ruby still works.
        assert_eq!(parenthesized("{ {高崎|たかさき}"), "{ 高崎（たかさき）");
        assert_eq!(parenthesized("{a {高崎|たかさき}"), "{a 高崎（たかさき）");
    }

    #[test]
    fn a_string_with_a_ruby_becomes_markup_calling_ruby() {
        let (markup, spans) = string_markup("#{八幡|やわた}だより[1]").expect("a ruby");
        assert_eq!(markup, "\\##ruby[八幡][やわた]だより\\[1\\]");
        // Every piece leads back to the bytes it was written as.
        let src: Vec<_> = spans.iter().map(|s| s.src.clone()).collect();
        assert_eq!(src, [0..1, 1..19, 1..19, 19..31]);
        assert_eq!(string_markup("だより"), None);
    }

    #[test]
    fn markdown_escapes_are_seen_through_the_events() {
        // `{a\|b|c\}d}` as pulldown-cmark gives it: three events, each
        // escaped character first in its event and its backslash in none.
        let src = "{a\\|b|c\\}d}";
        let chars = chars_of_text(src, &[("{a", 0..2), ("|b|c", 3..7), ("}d}", 8..11)]);
        let pieces = scan(&chars);
        assert_eq!(pieces, [Piece::Ruby { base: "a|b".into(), reading: "c}d".into(), chars: 0..9 }]);
        // `\\|`: the escaped character is the backslash, the bar is a bar.
        let chars = chars_of_text("a\\\\|b", &[("a", 0..1), ("\\|b", 2..5)]);
        assert_eq!(chars.iter().map(|c| c.escaped).collect::<Vec<_>>(), [false, true, false, false]);
    }
}
