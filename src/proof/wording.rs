//! Rule `wording`: one word written two ways in one issue (表記ゆれ), and the
//! newsletter's house spellings.
//!
//! Every spelling of every entry (the built-in ones of [`super::builtin_words`]
//! merged with the newsletter's [`Dictionary`]) goes into one [`Index`] by its
//! first character, longest first, so that the longest wins where two start
//! at the same character. The whole issue is scanned once; then, per
//! word, a spelling other than the preferred one is reported when the issue
//! also uses another spelling of the word (built-in entries) or always (the
//! newsletter's own entries). Each finding lists the places of the other
//! spellings. Phrases the dictionary accepts (a slogan, a facility's name) are
//! not counted at all.

use std::collections::HashMap;
use std::ops::Range;

use super::builtin_words::{BUILTIN, Builtin, Source};
use super::dictionary::Dictionary;
use super::prose::Block;
use super::{Finding, Level, Place, Rule};

/// One word: the spellings that are the same word, and how to report them.
#[derive(Debug)]
struct Entry {
    family: String,
    /// A house rule of the newsletter: report its patterns even when not mixed.
    house: bool,
    source: Option<Source>,
}

/// What a spelling found in the text is.
#[derive(Debug)]
struct Spelling {
    entry: usize,
    /// 0 for the preferred form, otherwise which variant.
    side: usize,
    /// The preferred spelling that replaces it.
    fix: String,
}

/// The compiled word list.
#[derive(Debug)]
pub(crate) struct Matcher {
    entries: Vec<Entry>,
    spellings: HashMap<String, Spelling>,
    words: Index,
    accept: Index,
    /// For each accepted phrase, the entries it applies to (`None`: all).
    accept_for: HashMap<String, Vec<Option<usize>>>,
}

/// One spelling found in the issue.
struct Occurrence<'a> {
    block: &'a Block,
    range: Range<usize>,
    spelling: &'a Spelling,
}

impl Matcher {
    pub fn new(dictionary: &Dictionary) -> Matcher {
        let mut m = Matcher {
            entries: Vec::new(),
            spellings: HashMap::new(),
            words: Index::default(),
            accept: Index::default(),
            accept_for: HashMap::new(),
        };
        let off = |b: &Builtin| dictionary.off.iter().any(|w| b.spells(w.get_ref()).is_some());
        // An entry of the newsletter replaces a built-in one when it claims one
        // of its spellings but prefers another (expected = "取組").
        let replaced = |b: &Builtin| {
            dictionary.words.iter().any(|w| match b.spells(w.expected.get_ref()) {
                Some(side) => side > 0,
                None => w.patterns.iter().any(|p| b.spells(p.get_ref()).is_some()),
            })
        };
        // The entry index of each built-in entry still in use.
        let mut builtin: Vec<Option<usize>> = vec![None; BUILTIN.len()];
        for (i, b) in BUILTIN.iter().enumerate() {
            if off(b) || replaced(b) {
                continue;
            }
            let entry = m.entries.len();
            builtin[i] = Some(entry);
            m.entries.push(Entry { family: format!("builtin:{}", b.family), house: false, source: Some(b.source) });
            for side in 0..b.forms.len() {
                for spelling in b.spellings(side) {
                    let fix = format!("{}{}", b.forms[0], &spelling[b.forms[side].len()..]);
                    m.add(spelling, entry, side, fix);
                }
            }
        }
        for (n, word) in dictionary.words.iter().enumerate() {
            let expected = word.expected.get_ref().clone();
            if expected.trim().is_empty() {
                continue;
            }
            // An entry that prefers a built-in entry's preferred spelling extends it.
            let extends = BUILTIN.iter().position(|b| b.spells(&expected) == Some(0)).and_then(|i| builtin[i]);
            let entry = match extends {
                Some(entry) => entry,
                None => {
                    m.entries.push(Entry { family: format!("house:{n}"), house: true, source: None });
                    let entry = m.entries.len() - 1;
                    m.add(expected.clone(), entry, 0, expected.clone());
                    entry
                }
            };
            m.entries[entry].house = true;
            let first_side = m.spellings.values().filter(|s| s.entry == entry).map(|s| s.side + 1).max().unwrap_or(1);
            for (k, pattern) in word.patterns.iter().enumerate() {
                m.add(pattern.get_ref().clone(), entry, first_side + k, expected.clone());
            }
            for phrase in &word.accept {
                m.accept_for.entry(phrase.get_ref().clone()).or_default().push(Some(entry));
            }
        }
        for phrase in &dictionary.accept {
            m.accept_for.entry(phrase.get_ref().clone()).or_default().push(None);
        }
        m.words = Index::new(m.spellings.keys());
        m.accept = Index::new(m.accept_for.keys());
        m
    }

    fn add(&mut self, spelling: String, entry: usize, side: usize, fix: String) {
        if !spelling.is_empty() {
            // The first entry to claim a spelling keeps it.
            self.spellings.entry(spelling).or_insert(Spelling { entry, side, fix });
        }
    }

    pub fn check<'a>(&self, blocks: impl Iterator<Item = &'a Block>, out: &mut Vec<Finding>) {
        let mut found: Vec<Occurrence> = Vec::new();
        for block in blocks {
            let accepted: Vec<(Range<usize>, &Vec<Option<usize>>)> = self
                .accept
                .find_iter(&block.text)
                .filter_map(|(range, phrase)| Some((range, self.accept_for.get(phrase)?)))
                .collect();
            for (range, word) in self.words.find_iter(&block.text) {
                let Some(spelling) = self.spellings.get(word) else { continue };
                let inside = |(r, owners): &(Range<usize>, &Vec<Option<usize>>)| {
                    r.start <= range.start
                        && range.end <= r.end
                        && owners.iter().any(|o| o.is_none_or(|e| e == spelling.entry))
                };
                if !accepted.iter().any(inside) {
                    found.push(Occurrence { block, range, spelling });
                }
            }
        }
        let mut families: HashMap<&str, Vec<&Occurrence>> = HashMap::new();
        for occ in &found {
            families.entry(self.entries[occ.spelling.entry].family.as_str()).or_default().push(occ);
        }
        for occs in families.values() {
            let first_side = occs[0].spelling.side;
            let mixed = occs.iter().any(|o| o.spelling.side != first_side);
            for occ in occs.iter().filter(|o| o.spelling.side != 0) {
                let entry = &self.entries[occ.spelling.entry];
                if mixed || entry.house {
                    out.push(self.finding(occ, occs, mixed));
                }
            }
        }
    }

    fn finding(&self, occ: &Occurrence, family: &[&Occurrence], mixed: bool) -> Finding {
        let written = &occ.block.text[occ.range.clone()];
        let fix = &occ.spelling.fix;
        let others: Vec<&&Occurrence> = family.iter().filter(|o| o.spelling.side != occ.spelling.side).collect();
        // Name the preferred spelling when the issue has it, else another one.
        let other = others.iter().find(|o| o.spelling.side == 0).or(others.first());
        let other_text = other.map(|o| &o.block.text[o.range.clone()]);
        let entry = &self.entries[occ.spelling.entry];
        let message = match other_text {
            Some(other) if mixed => format!("「{written}」と「{other}」の書き方がこの号にまじっています"),
            _ => format!("「{written}」は、この通信の表記の辞書では「{fix}」と書きます"),
        };
        let why = entry.source.map_or_else(|| "この通信の表記の辞書".to_owned(), |s| s.label().to_owned());
        let hint =
            format!("「{fix}」にそろえましょう（{why}）。このままでよい言い回しなら、表記の辞書の accept に書きます");
        let mut related: Vec<Place> = Vec::new();
        for o in &others {
            let place = o.block.place(o.range.clone());
            if !related.contains(&place) {
                related.push(place);
            }
        }
        let mut finding = occ.block.finding(Rule::Wording, Level::Warning, occ.range.clone(), message, hint);
        finding.fix = occ.block.fix(occ.range.clone(), fix.clone());
        finding.related = related;
        finding
    }
}

/// Words by their first character, longest first: finds the leftmost,
/// longest word at each place (what aho-corasick's leftmost-longest search
/// does, without its half-millisecond build for a few hundred short words).
/// The first characters are kept sorted for a binary search, which is
/// quicker per character of text than hashing.
#[derive(Debug, Default)]
struct Index {
    by_first: Vec<(char, Vec<String>)>,
}

impl Index {
    fn new<'a>(words: impl Iterator<Item = &'a String>) -> Index {
        let mut by_first: Vec<(char, Vec<String>)> = Vec::new();
        for word in words {
            let Some(first) = word.chars().next() else { continue };
            match by_first.binary_search_by_key(&first, |(c, _)| *c) {
                Ok(i) => by_first[i].1.push(word.clone()),
                Err(i) => by_first.insert(i, (first, vec![word.clone()])),
            }
        }
        for (_, list) in &mut by_first {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        }
        Index { by_first }
    }

    /// The words found in `text`, left to right, not overlapping.
    fn find_iter<'s>(&'s self, text: &'s str) -> impl Iterator<Item = (Range<usize>, &'s str)> + 's {
        let mut at = 0;
        std::iter::from_fn(move || {
            while let Some(c) = text[at..].chars().next() {
                let start = at;
                at += c.len_utf8();
                let Ok(i) = self.by_first.binary_search_by_key(&c, |(f, _)| *f) else { continue };
                if let Some(word) = self.by_first[i].1.iter().find(|w| text[start..].starts_with(w.as_str())) {
                    at = start + word.len();
                    return Some((start..at, word.as_str()));
                }
            }
            None
        })
    }
}
