//! Turning user text into Typst source that can only ever mean that text.
//!
//! Two forms are needed: text inside markup (`[…]` content blocks), where every
//! ASCII punctuation character is backslash-escaped, and string literals
//! (`"…"`), where only `\`, `"` and control characters need escaping. Nothing a
//! coordinator writes can open code (`#`), math (`$`), a label (`<x>`), a
//! reference (`@x`), a comment (`//`), a URL, a shorthand (`--`, `~`, `...`) or
//! close the surrounding block (`]`).

use std::fmt::Write as _;

/// Appends `text` to `out` as Typst markup that displays exactly `text`.
/// Newlines become spaces: the caller decides where lines and paragraphs break.
pub fn markup_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            // Typst reads these as line breaks in markup; a space keeps the
            // text on one line and lets the layout decide where lines break.
            '\n' | '\x0B' | '\x0C' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\t' => out.push(' '),
            // Typst can escape any non-whitespace character; escaping all ASCII
            // punctuation is simpler to audit than listing the special ones.
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    markup_into(&mut out, text);
    out
}

/// A Typst string literal (with quotes) whose value is exactly `text`.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use typst::syntax::{SyntaxKind, SyntaxNode, ast, parse, parse_code};

    /// Reads back what a markup tree displays, failing on anything but plain
    /// text, escapes and spaces: no code, no markup element, no shorthand.
    fn displayed_text(node: &SyntaxNode, out: &mut String) -> Result<(), String> {
        match node.kind() {
            SyntaxKind::Markup => {
                for child in node.children() {
                    displayed_text(child, out)?;
                }
            }
            SyntaxKind::Text => out.push_str(node.leaf_text()),
            SyntaxKind::Space => out.push(' '),
            SyntaxKind::Escape => {
                let escape = node.cast::<ast::Escape>().ok_or("bad escape")?;
                out.push(escape.get());
            }
            kind => return Err(format!("unexpected {kind:?} in {:?}", node.full_text())),
        }
        Ok(())
    }

    /// Typst collapses runs of whitespace into one space, as HTML does.
    fn normalize_space(s: &str) -> String {
        let spaces = [' ', '\n', '\x0B', '\x0C', '\r', '\u{85}', '\u{2028}', '\u{2029}', '\t'];
        s.split(|c: char| spaces.contains(&c)).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
    }

    fn roundtrip_markup(s: &str) -> Result<String, String> {
        let root = parse(&markup(s));
        if root.diagnosis().either() {
            return Err(format!("parse error for {s:?}"));
        }
        let mut text = String::new();
        displayed_text(&root, &mut text)?;
        Ok(text)
    }

    fn roundtrip_string(s: &str) -> Result<String, String> {
        let root = parse_code(&string(s));
        let expr = root.children().find_map(|n| n.cast::<ast::Str>()).ok_or("not a string")?;
        if root.diagnosis().either() {
            return Err("parse error".into());
        }
        Ok(expr.get().to_string())
    }

    #[test]
    fn hostile_corpus_is_text() {
        for s in [
            "#read(\"/etc/passwd\")",
            "#import \"@preview/x:0.1.0\": *",
            "#include \"/etc/passwd\"",
            "$x^2$ <label> @ref ] [ \\ // comment /* block */",
            "https://example.com/a?b=c -- --- ... ~ 'a' \"b\" 1. item",
            "= 見出し\n- リスト\n+ 番号\n/ 用語: 説明",
            "\\u{41} \\",
            "**「たのも～」**を作ろう",
        ] {
            let expected = normalize_space(s);
            assert_eq!(normalize_space(&roundtrip_markup(s).unwrap()), expected, "{s}");
            assert_eq!(roundtrip_string(s).unwrap(), s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_text_comes_back_as_markup(s in "\\PC*") {
            let back = roundtrip_markup(&s).map_err(TestCaseError::fail)?;
            prop_assert_eq!(normalize_space(&back), normalize_space(&s));
        }

        #[test]
        fn any_text_comes_back_as_string(s in any::<String>()) {
            let back = roundtrip_string(&s).map_err(TestCaseError::fail)?;
            prop_assert_eq!(back, s);
        }

        #[test]
        fn ascii_punctuation_heavy_text(s in "[#$*_`<>@\\[\\]~/\\-+='\".:;(){}\\\\ a-z0-9あ]*") {
            let back = roundtrip_markup(&s).map_err(TestCaseError::fail)?;
            prop_assert_eq!(normalize_space(&back), normalize_space(&s));
        }
    }
}
