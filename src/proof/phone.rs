//! Rule `phone-number`: Japanese phone numbers with the wrong count of digits.
//!
//! Japan's numbering plan (総務省「電気通信番号計画」) fixes the length of
//! every number dialled with its leading 0:
//!
//! | starts with | what | digits |
//! | --- | --- | --- |
//! | 0120 | フリーダイヤル | 10 |
//! | 0800 | フリーダイヤル | 11 |
//! | 0570 | ナビダイヤル | 10 |
//! | 0180, 0990 | 情報・案内サービス | 10 |
//! | 060, 070, 080, 090 | 携帯電話 | 11 |
//! | 050 | IP 電話 | 11 |
//! | 020 | 特定の用途の番号 | 11 |
//! | any other 0 | 固定電話（市外局番から） | 10 |
//!
//! A fixed-line number is 0, the area code and the local code (six digits
//! together), then a four-digit subscriber number: 027-321-1319, 03-1234-5678
//! and 0274-62-1234 are all right, 027-3211-319 is hyphenated oddly (a note).
//!
//! What is read as a number: digits (half- or full-width) in groups joined by
//! hyphens (- － ‐ – — ― − and ー, the long-vowel mark an IME gives for a
//! full-width hyphen) or brackets, 027(321)1319 and (027)321-1319; three or
//! more groups, or any groups after ☎, TEL, Tel., FAX, 電話 and the like. A
//! number that does not start with 0 is not a full phone number, and postal
//! codes (〒370-8501), dates, times, amounts and digits inside URLs or words
//! are left alone.

use std::ops::Range;

use super::calendar;
use super::prose::Block;
use super::{Finding, Level, Rule};

/// Words that say a phone (or fax) number follows.
const PREFIXES: &[&str] = &[
    "☎",
    "☏",
    "℡",
    "📞",
    "TEL",
    "Tel",
    "tel",
    "ＴＥＬ",
    "Ｔｅｌ",
    "FAX",
    "Fax",
    "fax",
    "ＦＡＸ",
    "電話番号",
    "電話",
    "携帯",
    "ファクス",
    "ファックス",
    "ＦＡＸ番号",
    "FAX番号",
];

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '－' | '‐' | '‑' | '–' | '—' | '―' | '−' | 'ー' | 'ｰ')
}

fn is_bracket(c: char) -> bool {
    matches!(c, '(' | ')' | '（' | '）')
}

/// A character before a number that makes it part of something else: a
/// longer number, a word, a URL, a postal code, a date (2022-06-01).
fn joins_before(c: char) -> bool {
    calendar::is_digit(c)
        || c.is_ascii_alphanumeric()
        || is_hyphen(c)
        || matches!(c, '/' | '.' | '〒' | '#' | '=' | '_' | '@' | ':' | '%' | '&' | '?' | '+' | '．' | '／')
}

/// Whether what follows a number makes it something else: 06-01-2022年,
/// 10-12時, a word, a URL (a full stop that ends a sentence is fine).
fn joins_after(rest: &str) -> bool {
    let mut chars = rest.chars();
    let Some(c) = chars.next() else { return false };
    match c {
        '.' | '/' => chars.next().is_some_and(|n| n.is_ascii_alphanumeric()),
        _ => {
            calendar::is_digit(c)
                || c.is_ascii_alphabetic()
                || matches!(c, '_' | '@' | '%' | '年' | '月' | '日' | '時' | '分' | '円' | '歳' | '才' | '番' | '号')
        }
    }
}

/// A candidate number in the prose.
struct Number {
    range: Range<usize>,
    /// The digit groups, as ASCII digits.
    groups: Vec<String>,
    /// Some separator was only a space (027 321 1319): a number only after a prefix.
    spaced: bool,
    /// Written +81…: the leading 0 is dropped.
    international: bool,
}

pub(crate) fn check(block: &Block, out: &mut Vec<Finding>) {
    let text = block.text.as_str();
    let mut at = 0;
    while at < text.len() {
        let Some(number) = read(text, at) else {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        at = number.range.end;
        judge(block, &number, out);
    }
}

/// Reads a number starting at byte `start`, if one starts there.
fn read(text: &str, start: usize) -> Option<Number> {
    let rest = &text[start..];
    let first = rest.chars().next()?;
    if !(calendar::is_digit(first) || first == '+' || (is_bracket(first) && first != ')' && first != '）')) {
        return None;
    }
    if text[..start].chars().next_back().is_some_and(joins_before) {
        return None;
    }
    let mut chars = rest.char_indices().peekable();
    let mut international = false;
    if first == '+' {
        chars.next();
        let eight = chars.next().map(|(_, c)| c);
        let one = chars.next().map(|(_, c)| c);
        if eight != Some('8') || one != Some('1') {
            return None;
        }
        international = true;
        while chars.peek().is_some_and(|&(_, c)| is_hyphen(c) || c == ' ') {
            chars.next();
        }
    }
    let mut groups: Vec<String> = Vec::new();
    let mut group = String::new();
    let mut separator = String::new();
    let mut spaced = false;
    let mut end = 0;
    for (i, c) in chars {
        if calendar::is_digit(c) {
            if !separator.is_empty() {
                if separator.chars().all(|s| s == ' ' || s == '　') {
                    spaced = true;
                }
                if !group.is_empty() {
                    groups.push(std::mem::take(&mut group));
                }
                separator.clear();
            }
            group.push(char::from_digit(calendar::digit(c)?, 10)?);
            end = i + c.len_utf8();
        } else if (is_hyphen(c) || is_bracket(c) || c == ' ' || c == '　') && separator.chars().count() < 3 {
            separator.push(c);
            // A closing bracket right after the digits belongs to the number: (027)
            if (c == ')' || c == '）') && groups.is_empty() && !group.is_empty() {
                end = i + c.len_utf8();
            }
        } else {
            break;
        }
    }
    if !group.is_empty() {
        groups.push(group);
    }
    if groups.is_empty() {
        return None;
    }
    // The number ends at its last digit; a leading bracket belongs to it.
    let range = start..start + end;
    if joins_after(&text[range.end..]) {
        return None;
    }
    Some(Number { range, groups, spaced, international })
}

/// What kind of number the digits are and how many digits it must have.
fn expected(digits: &str) -> (&'static str, usize) {
    const LONG: [(&str, &str, usize); 10] = [
        ("0120", "フリーダイヤル（0120）", 10),
        ("0800", "フリーダイヤル（0800）", 11),
        ("0570", "ナビダイヤル（0570）", 10),
        ("0180", "0180 で始まる番号", 10),
        ("0990", "0990 で始まる番号", 10),
        ("060", "携帯電話", 11),
        ("070", "携帯電話", 11),
        ("080", "携帯電話", 11),
        ("090", "携帯電話", 11),
        ("050", "IP 電話（050）", 11),
    ];
    for (head, what, len) in LONG {
        if digits.starts_with(head) {
            return (what, len);
        }
    }
    if digits.starts_with("020") {
        return ("020 で始まる番号", 11);
    }
    ("固定電話", 10)
}

fn judge(block: &Block, number: &Number, out: &mut Vec<Finding>) {
    let text = &block.text;
    let before = text[..number.range.start].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '：' | '.' | '．' | '/' | '／' | '・' | '（' | '(')
    });
    let prefixed = PREFIXES.iter().any(|p| before.ends_with(p));
    if before.ends_with('〒') {
        return;
    }
    let mut digits: String = number.groups.concat();
    if number.international && !digits.starts_with('0') {
        digits.insert(0, '0');
    }
    if !digits.starts_with('0') || digits.starts_with("00") {
        return;
    }
    let plausible = if prefixed {
        (5..=14).contains(&digits.len())
    } else {
        (number.groups.len() >= 3 || number.international) && !number.spaced && (8..=13).contains(&digits.len())
    };
    if !plausible {
        return;
    }
    let written = &text[number.range.clone()];
    let (what, len) = expected(&digits);
    if digits.len() != len {
        let message = format!("電話番号「{written}」は数字が{}けたです（{what}の番号は{len}けたです）", digits.len());
        let hint = "数字の抜けや重なりがないか、もとの番号と一字ずつ見比べてください".to_owned();
        out.push(block.finding(Rule::PhoneNumber, Level::Warning, number.range.clone(), message, hint));
        return;
    }
    if let Some(usual) = odd_grouping(&digits, number) {
        let message = format!("電話番号「{written}」の区切りの位置がふつうとちがいます");
        let hint = format!("{usual}のように区切ります。数字の並びがまちがっていないか確かめてください");
        out.push(block.finding(Rule::PhoneNumber, Level::Note, number.range.clone(), message, hint));
    }
}

/// For a number of the right length in three groups, an example of the
/// usual grouping when the written one differs, else `None`.
fn odd_grouping(digits: &str, number: &Number) -> Option<&'static str> {
    let [a, b, c] = number.groups.as_slice() else { return None };
    // +81 27-… is 027-… without its 0.
    let a = a.len() + usize::from(number.international);
    let (what, _) = expected(digits);
    let ok = match what {
        "携帯電話" | "IP 電話（050）" | "020 で始まる番号" => a == 3 && b.len() == 4 && c.len() == 4,
        "固定電話" => a + b.len() == 6 && c.len() == 4,
        _ => return None, // service numbers are grouped in several ways
    };
    if ok {
        return None;
    }
    Some(if what == "固定電話" {
        "027-321-1319（最後は4けた）"
    } else {
        "090-1234-5678（3・4・4けた）"
    })
}
