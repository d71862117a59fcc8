//! Rule `doubled-punctuation`: 。。, 、、, 、。 and the like.
//!
//! Two marks in a row are a slip of the keyboard (a 。 typed after the IME
//! already put one, a 、 left before a 。). Runs of ．．． or ・・・ are left
//! alone: people write them as an ellipsis.

use super::prose::Block;
use super::{Finding, Level, Rule};

fn is_mark(c: char) -> bool {
    matches!(c, '。' | '、' | '，')
}

pub(crate) fn check(block: &Block, out: &mut Vec<Finding>) {
    let text = block.text.as_str();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_mark(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek().filter(|&&(_, n)| is_mark(n)) {
            end = i + next.len_utf8();
            chars.next();
        }
        if end - start > c.len_utf8() {
            report(block, start..end, out);
        }
    }
}

fn report(block: &Block, range: std::ops::Range<usize>, out: &mut Vec<Finding>) {
    let run = &block.text[range.clone()];
    // The sentence ends if any mark in the run ends it.
    let keep = if run.contains('。') {
        "。"
    } else if run.starts_with('，') {
        "，"
    } else {
        "、"
    };
    let message = format!("句読点「{run}」が重なっています");
    let hint = format!("「{keep}」ひとつにしてください");
    let fix = block.fix(range.clone(), keep);
    out.push(block.finding(Rule::DoubledPunctuation, Level::Warning, range, message, hint).with_fix(fix));
}
