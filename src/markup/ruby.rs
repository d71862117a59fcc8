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

use std::ops::Range;

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

/// A plain string with each ruby written as 高崎（たかさき）, for the
/// editions that cannot print a reading above its base.
pub fn parenthesized(text: &str) -> String {
    if !may_hold(text) {
        return text.to_owned();
    }
    let chars = chars_of_string(text);
    let mut out = String::new();
    for piece in scan(&chars) {
        match piece {
            Piece::Text(r) if r.is_empty() => {}
            Piece::Text(r) => out.push_str(&text[chars[r.start].src.start..chars[r.end - 1].src.end]),
            Piece::Ruby { base, reading, .. } => out.push_str(&format!("{base}（{reading}）")),
        }
    }
    out
}

/// Whether a plain string holds a ruby.
pub fn holds_ruby(text: &str) -> bool {
    may_hold(text) && scan(&chars_of_string(text)).iter().any(|p| matches!(p, Piece::Ruby { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rubies_and_text_between() {
        assert_eq!(parenthesized("{高崎|たかさき}市の{八幡|やわた}"), "高崎（たかさき）市の八幡（やわた）");
        assert_eq!(parenthesized("a\\|b {x\\}y|z\\|w}"), "a\\|b x}y（z|w）");
    }

    #[test]
    fn what_is_not_a_ruby_prints_as_written() {
        for text in
            ["{高崎", "{高崎|たかさき", "{|よみ}", "{高崎|}", "{高|崎|よみ}", "{高崎}", "{行\n|よみ}", "{a\\|b}"]
        {
            assert_eq!(parenthesized(text), text);
            assert!(!holds_ruby(text), "{text:?}");
        }
        // A `{` before a ruby prints as written, the ruby still works.
        assert_eq!(parenthesized("{ {高崎|たかさき}"), "{ 高崎（たかさき）");
        assert_eq!(parenthesized("{a {高崎|たかさき}"), "{a 高崎（たかさき）");
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
