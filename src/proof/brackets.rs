//! Rule `brackets`: 「『（【 left open, or 」』）】 closed without an opening.
//!
//! Brackets are matched within one paragraph, heading or list item (or one
//! value): a quotation never runs on into the next paragraph in a newsletter.
//! Half-width () are not checked (emoticons, URLs and 1) 2) lists use them
//! freely), and neither is a ） right after a list number (１）, １２）, or ア）
//! at the start of a line), which is a numbering style, not a bracket.

use super::calendar;
use super::prose::Block;
use super::{Finding, Level, Rule};

const PAIRS: [(char, char); 4] = [('「', '」'), ('『', '』'), ('（', '）'), ('【', '】')];

fn closer_of(open: char) -> Option<char> {
    PAIRS.iter().find(|(o, _)| *o == open).map(|(_, c)| *c)
}

fn opener_of(close: char) -> Option<char> {
    PAIRS.iter().find(|(_, c)| *c == close).map(|(o, _)| *o)
}

pub(crate) fn check(block: &Block, out: &mut Vec<Finding>) {
    let text = block.text.as_str();
    let mut open: Vec<(usize, char)> = Vec::new();
    for (i, c) in text.char_indices() {
        if closer_of(c).is_some() {
            open.push((i, c));
            continue;
        }
        let Some(opener) = opener_of(c) else { continue };
        match open.iter().rposition(|&(_, o)| o == opener) {
            Some(depth) => {
                // Brackets opened inside this pair and never closed.
                for &(at, o) in &open[depth + 1..] {
                    unclosed(block, at, o, out);
                }
                open.truncate(depth);
            }
            None if c == '）' && is_numbering(text, i) => {}
            None => {
                let range = i..i + c.len_utf8();
                let message = format!("「{c}」に対応する「{opener}」がありません");
                let hint = format!("「{opener}」を書くか、要らない「{c}」を消してください");
                out.push(block.finding(Rule::Brackets, Level::Warning, range, message, hint));
            }
        }
    }
    for (at, o) in open {
        unclosed(block, at, o, out);
    }
}

fn unclosed(block: &Block, at: usize, open: char, out: &mut Vec<Finding>) {
    let close = closer_of(open).unwrap_or('」');
    let range = at..at + open.len_utf8();
    let message = format!("「{open}」が閉じられていません（「{close}」がありません）");
    let hint = format!("かっこの終わりに「{close}」を書いてください");
    out.push(block.finding(Rule::Brackets, Level::Warning, range, message, hint));
}

/// Whether the ） at `at` ends a list number: １）, 12）, or ア）, a） at the
/// start of a line. (A soft line break between Japanese characters prints as
/// nothing, so 「集まる\n２）話す」 reads 「集まる２）話す」: digits count anywhere.)
fn is_numbering(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let digits = before.chars().rev().take_while(|&c| calendar::is_digit(c)).count();
    if (1..=2).contains(&digits) {
        return true;
    }
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let mut mark = line.trim_start().chars();
    matches!((mark.next(), mark.next()), (Some(c), None) if is_letter_mark(c))
}

/// Katakana, iroha and Latin letters used as list marks.
fn is_letter_mark(c: char) -> bool {
    matches!(c, 'ア'..='ン' | 'a'..='z' | 'A'..='Z' | 'ａ'..='ｚ' | 'Ａ'..='Ｚ' | 'い' | 'ろ' | 'は' | 'に')
}
