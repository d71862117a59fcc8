//! The converter's promise, tested against CommonMark's own reading: every
//! character prints.
//!
//! For random text mixing Japanese, ASCII, runs of `*` and `_`, brackets,
//! punctuation, spaces and newlines, the text a reader sees in pulldown-cmark's
//! HTML rendering (tags stripped, entities decoded) must be the text the
//! generated Typst markup prints (read back with Typst's own parser). The one
//! deliberate difference is the CJK emphasis repair: the stars of the pairs it
//! makes bold are taken out of the HTML side before comparing, and each such
//! pair must have Japanese punctuation beside it.

use std::ops::Range;

use proptest::prelude::*;
use pulldown_cmark::{CowStr, Event, Parser, html};
use typst::syntax::{SyntaxKind, SyntaxNode, ast};

use super::{block, emphasis};
use crate::markup::cjk::{is_japanese_punctuation, is_wide};

/// Stands for the edge of a block (paragraph, heading, list item, code
/// block, rule) in the text of both renderings: whitespace at the edge of a
/// block never shows.
const EDGE: char = '\u{1}';

/// The visible text of pulldown-cmark's HTML for `src`, without the bytes in
/// `cut` (the repaired pairs' stars, which come from verbatim text events).
fn html_text(src: &str, cut: &[Range<usize>]) -> String {
    let cut_here = |range: &Range<usize>| cut.iter().any(|c| c.start < range.end && range.start < c.end);
    let events = Parser::new_ext(src, super::options(false)).into_offset_iter().map(|(event, range)| match event {
        Event::Text(_) if cut_here(&range) => {
            let kept = src[range.clone()]
                .char_indices()
                .filter(|(i, _)| !cut.iter().any(|c| c.contains(&(range.start + i))))
                .map(|(_, c)| c);
            Event::Text(CowStr::from(kept.collect::<String>()))
        }
        event => event,
    });
    let mut html = String::new();
    html::push_html(&mut html, events);
    decode_entities(&strip_tags(&html))
}

/// Drops every `<…>`, leaving an [`EDGE`] for a block's tags and a line break
/// for `<br />`. The generated Markdown has no `<`, so each one in the HTML
/// opens a tag.
fn strip_tags(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "p",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "th",
        "td",
    ];
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let name: String =
            rest[at + 1..end].trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
        if BLOCKS.contains(&name.as_str()) {
            out.push(EDGE);
        } else if name == "br" {
            out.push('\n');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The entities pulldown-cmark's writer escapes with, decoded in one pass.
fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\'')]
            .into_iter()
            .find(|(name, _)| rest.starts_with(name));
        let (name, c) = entity.unwrap_or(("&", '&'));
        out.push(c);
        rest = &rest[name.len()..];
    }
    out.push_str(rest);
    out
}

/// The text the markup prints, read back with Typst's parser. Anything but
/// text and the converter's own calls is an error.
fn printed(markup: &str) -> Result<String, String> {
    let root = typst::syntax::parse(markup);
    if let Some(error) = root.errors_and_warnings().0.first() {
        return Err(format!("syntax error {:?}", error.message));
    }
    let mut out = String::new();
    walk(&root, &mut out)?;
    Ok(out)
}

fn walk(node: &SyntaxNode, out: &mut String) -> Result<(), String> {
    match node.kind() {
        SyntaxKind::Markup => node.children().try_for_each(|child| walk(child, out))?,
        // The brackets of a content block are syntax; only its markup prints.
        SyntaxKind::ContentBlock => node.children().try_for_each(|child| match child.kind() {
            SyntaxKind::LeftBracket | SyntaxKind::RightBracket => Ok(()),
            _ => walk(child, out),
        })?,
        // Brackets in markup outside a content block print as they are.
        SyntaxKind::Text | SyntaxKind::Space | SyntaxKind::LeftBracket | SyntaxKind::RightBracket => {
            out.push_str(node.leaf_text())
        }
        SyntaxKind::Escape => out.push(node.cast::<ast::Escape>().ok_or("bad escape")?.get()),
        SyntaxKind::Parbreak => out.push(EDGE),
        SyntaxKind::Hash => {}
        SyntaxKind::Heading => {
            out.push(EDGE);
            if let Some(body) = node.children().find(|c| c.kind() == SyntaxKind::Markup) {
                walk(body, out)?;
            }
            out.push(EDGE);
        }
        SyntaxKind::FuncCall => call(node, out)?,
        kind => return Err(format!("{kind:?} {:?}", node.full_text())),
    }
    Ok(())
}

fn call(node: &SyntaxNode, out: &mut String) -> Result<(), String> {
    let name = node.children().next().map(|c| c.full_text().to_string()).unwrap_or_default();
    let args: Vec<&SyntaxNode> =
        node.children().find(|c| c.kind() == SyntaxKind::Args).map(|a| a.children().collect()).unwrap_or_default();
    let contents = args.iter().filter(|a| a.kind() == SyntaxKind::ContentBlock);
    match name.as_str() {
        "strong" | "emph" | "strike" | "link" => contents.into_iter().try_for_each(|c| walk(c, out))?,
        "list" | "enum" | "quote" => {
            for content in contents {
                out.push(EDGE);
                walk(content, out)?;
                out.push(EDGE);
            }
        }
        "raw" => {
            let code = args.iter().find_map(|a| a.cast::<ast::Str>()).ok_or("raw without text")?;
            // `block: true` makes it a code block.
            let block = args.iter().any(|a| a.kind() == SyntaxKind::Named);
            out.extend(block.then_some(EDGE));
            out.push_str(&code.get());
            out.extend(block.then_some(EDGE));
        }
        // Each cell is a block of its own, as each <th>/<td> is in HTML.
        "table" | "table.header" => {
            for arg in &args {
                match arg.kind() {
                    SyntaxKind::ContentBlock => {
                        out.push(EDGE);
                        walk(arg, out)?;
                        out.push(EDGE);
                    }
                    SyntaxKind::FuncCall => call(arg, out)?,
                    _ => {}
                }
            }
        }
        "linebreak" => out.push('\n'),
        "line" => out.push(EDGE),
        // An image's description is not printed text (nor is it in HTML).
        "image" => {}
        name => return Err(format!("call of {name}")),
    }
    Ok(())
}

/// The text as a reader sees it, block by block (joined with `¶`), empty
/// blocks left out. Within a block, a run of whitespace is one space, or
/// nothing where it is nothing but line breaks between two wide characters
/// (the converter drops such soft breaks; HTML leaves them to the browser);
/// at a block's edges it is nothing.
fn normalize(text: &str) -> String {
    let blocks: Vec<String> = text.split(EDGE).map(normalize_block).filter(|b| !b.is_empty()).collect();
    blocks.join("¶")
}

fn normalize_block(text: &str) -> String {
    let space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !space(c) {
            out.push(c);
            continue;
        }
        let mut line_breaks_only = c == '\n';
        while let Some(&next) = chars.peek()
            && space(next)
        {
            line_breaks_only &= next == '\n';
            chars.next();
        }
        let (before, after) = (out.chars().last(), chars.peek().copied());
        let joins_wide = line_breaks_only && before.is_some_and(is_wide) && after.is_some_and(is_wide);
        if before.is_some() && after.is_some() && !joins_wide {
            out.push(' ');
        }
    }
    out
}

/// Compares what tsushin prints with what CommonMark shows for `src`.
fn check(src: &str) -> Result<(), TestCaseError> {
    let events: Vec<_> = Parser::new_ext(src, super::options(false)).into_offset_iter().collect();
    let pairs = emphasis::pairs(&events, src);
    for (open, close) in &pairs {
        let before = [&src[..open.start], &src[..close.start]].map(|text| text.chars().next_back());
        let after = [&src[open.end..], &src[close.end..]].map(|text| text.chars().next());
        let beside = before.into_iter().chain(after).flatten();
        prop_assert!(beside.into_iter().any(is_japanese_punctuation), "repaired without Japanese punctuation: {src:?}");
    }
    let cut: Vec<Range<usize>> = pairs.into_iter().flat_map(|(open, close)| [open, close]).collect();
    let markup = block(src).markup;
    let tsushin = printed(&markup).map_err(|e| TestCaseError::fail(format!("{src:?} → {markup:?}: {e}")))?;
    prop_assert_eq!(normalize(&tsushin), normalize(&html_text(src, &cut)), "{:?} → {:?}", src, markup);
    Ok(())
}

fn japanese_ascii_and_stars() -> impl Strategy<Value = String> {
    let words = ["あ", "は", "を", "です", "漢字", "カナ", "ー", "a", "foo", "B2", "x"];
    let stars = ["*", "**", "***", "****", "*****", "_", "__", "___"];
    let brackets = ["「", "」", "『", "』", "（", "）", "[", "]", "(", ")", "](x)", "]()"];
    // No ASCII `!`: `![…](…)` is an image, which prints no text, and whether
    // a line break beside a picture is a space is a question of its own.
    let punctuation = ["、", "。", "！", "？", "～", "…", "・", ".", ",", "?", "'", "\"", ":", "-", "#", "`", "\\"];
    let spaces = [" ", "  ", "\u{3000}", "\n", "\n\n", "\n> ", "\n- ", "\n* ", "\n1. ", "\n    "];
    let piece = prop_oneof![
        4 => proptest::sample::select(words.to_vec()),
        4 => proptest::sample::select(stars.to_vec()),
        3 => proptest::sample::select(brackets.to_vec()),
        2 => proptest::sample::select(punctuation.to_vec()),
        2 => proptest::sample::select(spaces.to_vec()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn every_character_prints(src in japanese_ascii_and_stars()) {
        check(&src)?;
    }
}

#[test]
fn every_star_prints() {
    for src in ["foo *****", "**** は", "**「たのも～」**を作ろう", "これは**「重要」**です", "あ***「い」***う"]
    {
        check(src).unwrap();
    }
    assert_eq!(normalize(&printed(&block("foo *****").markup).unwrap()), "foo *****");
    assert_eq!(normalize(&printed(&block("**** は").markup).unwrap()), "**** は");
}

#[test]
fn every_table_cell_prints() {
    for src in [
        "| 日 | 場所 |\n|:---|---:|\n| 6月7日 | **公民館** |\n| 7月5日 |\n",
        "- 予定\n\n  | a | b |\n  |---|---|\n  | c | d |\n",
        "> 引用\n\n| a |\n|---|\n| \\| |\n",
        "あ\n| a | b |\n|---|---|\nい",
    ] {
        check(src).unwrap();
    }
}

#[test]
fn structure_prints_its_text_once() {
    for src in [
        "[a]()",
        "[あ](x)い",
        "- あ\n  # い\n",
        "- あ\n    #\n",
        "- ああ\n  #\n  あ",
        "#\nあ",
        "> # a\n> b",
        "あ\n**a**",
        "あ\n_[_",
    ] {
        check(src).unwrap();
    }
}

#[test]
fn the_reader_reads_what_typst_prints() {
    let typst = printed("a\\*#strong[「b」]\n\n#list([c], [ d\n], )").unwrap();
    assert_eq!(normalize(&typst), "a*「b」¶c¶d");
    assert_eq!(normalize("あ\nい a\nい  b あ \nい"), "あい a い b あ い");
    assert_eq!(normalize(&html_text("**「a」**を\n\n- b\n", &[0..2, 9..11])), "「a」を¶b");
    assert!(printed("#read(\"x\")").is_err());
}
