//! A cursor over prose, for the hand-written scanners of the rules.
//!
//! Why not regular expressions: `tsushin check` proofreads once per run, so
//! building the automata counts in every run. Measured on this machine, the
//! date pattern alone took 1.2 ms to compile and an alternation of the
//! dictionary's 300 spellings 3.5 ms (aho-corasick: 0.5 ms), against a budget
//! of a few milliseconds for the whole issue; these scanners need no building
//! and read an issue in well under a millisecond.

use std::ops::Range;

use super::calendar;

/// A position in a text that reads forward.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cursor<'a> {
    pub text: &'a str,
    pub at: usize,
}

/// A number as written: its value, where it is and how many digits it has.
#[derive(Debug, Clone)]
pub(crate) struct Number {
    pub value: u32,
    pub range: Range<usize>,
    pub digits: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str, at: usize) -> Cursor<'a> {
        Cursor { text, at }
    }

    pub fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Takes one character if `accept` says so.
    pub fn eat(&mut self, accept: impl Fn(char) -> bool) -> Option<char> {
        let c = self.peek().filter(|&c| accept(c))?;
        self.at += c.len_utf8();
        Some(c)
    }

    pub fn eat_char(&mut self, c: char) -> bool {
        self.eat(|x| x == c).is_some()
    }

    /// Takes the first of `words` the text continues with (list longer
    /// words before their prefixes).
    pub fn eat_word(&mut self, words: &[&'static str]) -> Option<&'static str> {
        let word = words.iter().find(|w| self.rest().starts_with(**w))?;
        self.at += word.len();
        Some(word)
    }

    /// Skips white space (full-width spaces and line breaks too).
    pub fn spaces(&mut self) {
        while self.eat(char::is_whitespace).is_some() {}
    }

    /// Reads 1 to `max` digits (ASCII or full-width); with `gannen`, 元 reads
    /// as 1 (the first year of an era).
    pub fn number(&mut self, max: usize, gannen: bool) -> Option<Number> {
        let start = self.at;
        if gannen && self.eat_char('元') {
            return Some(Number { value: 1, range: start..self.at, digits: 0 });
        }
        let mut value: u32 = 0;
        let mut digits = 0;
        while digits < max {
            let Some(d) = self.peek().and_then(calendar::digit) else { break };
            value = value.checked_mul(10)?.checked_add(d)?;
            self.at += self.peek().map_or(1, char::len_utf8);
            digits += 1;
        }
        if digits == 0 || self.peek().is_some_and(calendar::is_digit) {
            self.at = start;
            return None;
        }
        Some(Number { value, range: start..self.at, digits })
    }
}

/// Whether the character before byte `at` is a digit (a match there would be
/// the tail of a longer number).
pub(crate) fn after_digit(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(calendar::is_digit)
}

/// Whether `text` is made only of the given short words, in any order and
/// number (the particles that may end a sentence: か, ね, よね, から …).
pub(crate) fn made_of(text: &str, words: &[&str]) -> bool {
    // reachable[i]: the first i bytes are made of words.
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    for i in 0..text.len() {
        if !reachable[i] || !text.is_char_boundary(i) {
            continue;
        }
        for w in words {
            if text[i..].starts_with(w) {
                reachable[i + w.len()] = true;
            }
        }
    }
    reachable[text.len()]
}
