//! Rule `digit-width` (a note): full- and half-width digits mixed inside one
//! expression, ４月2日 or １０時〜12時.
//!
//! An expression is a run of digit groups joined by date, time and range
//! marks (年 月 日 時 分 / : . - ～ ・ and the like). Mixing widths between
//! expressions is left alone: a text may well write 第１層 and 5月; inside
//! one date it shows, and it is usually one piece copied from elsewhere.

use std::ops::Range;

use super::calendar::{is_digit, is_wide_digit};
use super::prose::Block;
use super::{Finding, Level, Rule};

fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '年' | '月'
            | '日'
            | '時'
            | '分'
            | '秒'
            | '/'
            | '／'
            | ':'
            | '：'
            | '.'
            | '．'
            | '-'
            | '－'
            | '~'
            | '～'
            | '〜'
            | '・'
            | ','
            | '，'
    )
}

pub(crate) fn check(block: &Block, out: &mut Vec<Finding>) {
    let text = block.text.as_str();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i].1) {
            i += 1;
            continue;
        }
        // One expression: digits, and joiners (at most two in a row) between digits.
        let start = i;
        let mut last_digit = i;
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            if is_digit(c) {
                last_digit = j;
                j += 1;
            } else if is_joiner(c) && j - last_digit <= 2 {
                j += 1;
            } else {
                break;
            }
        }
        let digits: Vec<char> = chars[start..=last_digit].iter().map(|&(_, c)| c).filter(|&c| is_digit(c)).collect();
        let wide = digits.iter().filter(|&&c| is_wide_digit(c)).count();
        if wide > 0 && wide < digits.len() {
            // The unit after the last digit belongs to the expression: ４月2日.
            let last = match chars.get(last_digit + 1) {
                Some(&(_, unit)) if "年月日時分秒".contains(unit) => last_digit + 1,
                _ => last_digit,
            };
            let end = chars[last].0 + chars[last].1.len_utf8();
            report(block, chars[start].0..end, wide * 2 > digits.len(), out);
        }
        i = last_digit + 1;
    }
}

fn report(block: &Block, range: Range<usize>, to_wide: bool, out: &mut Vec<Finding>) {
    let written = &block.text[range.clone()];
    let convert = |wide: bool| -> String {
        written
            .chars()
            .map(|c| match (wide, c) {
                (true, '0'..='9') => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                (false, '０'..='９') => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                _ => c,
            })
            .collect()
    };
    // Half-width unless most digits are full-width.
    let (fixed, other) = (convert(to_wide), convert(!to_wide));
    let message = format!("「{written}」に全角と半角の数字がまじっています");
    let hint = format!("「{fixed}」（または「{other}」）のように、どちらかにそろえましょう");
    let fix = block.fix(range.clone(), fixed);
    out.push(block.finding(Rule::DigitWidth, Level::Note, range, message, hint).with_fix(fix));
}
