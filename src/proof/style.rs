//! Rule `dearu-desumasu`: である調 sentences in a section written in ですます調,
//! or the other way round, judged as textlint-rule-no-mix-dearu-desumasu does.
//!
//! That rule (with analyze-desumasu-dearu 5, its default options) reads one
//! Markdown document and counts, separately for paragraphs, headings and list
//! items, the sentence-final です/ます (基本形) and である. Where both styles
//! occur, the more frequent wins (ですます on a tie) and every sentence of the
//! other style is reported. "Sentence-final" means that nothing but particles
//! and symbols stand between the word and the 。 ！ ？ or the end of the block:
//! ですが、 ましたが or でしょう do not count, ですね。 and ます」 do.
//!
//! textlint finds those words with kuromoji's morphological analysis; this
//! rule reads the same endings from the characters, without a morphological
//! dictionary, and agrees with it on the endings newsletters use (the tests
//! and tests/proofreading.rs compare them):
//! です・ます followed by at most final particles (か ね よ な の から けど …),
//! である and であろう likewise, and である + と思う/と考える/という (which
//! kuromoji also counts as sentence-final). Block quotes are not judged
//! (textlint skips them too). A Markdown body is one section.

use std::ops::Range;

use super::prose::{Block, Part};
use super::scan::made_of;
use super::{Finding, Level, Rule};

/// The endings looked for, longer before shorter.
const ENDINGS: [&str; 4] = ["であろう", "である", "です", "ます"];

/// Particles that may follow a sentence-final です/ます before the 。
const POLITE_TAIL: &[&str] =
    &["か", "ね", "よ", "な", "わ", "ぞ", "の", "し", "が", "から", "けど", "けれど", "ので", "のに"];

/// Particles that may follow a sentence-final である before the 。
const PLAIN_TAIL: &[&str] = &["か", "ね", "よ", "な", "わ", "ぞ"];

/// Verbs of thinking that kuromoji lets である end a sentence with (である
/// と思う。), reported by textlint as である調.
const THINKING: &[&str] =
    &["と思う", "と考える", "と言える", "といえる", "という", "と言う", "と感じる", "と思われる", "と考えられる"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Desumasu,
    Dearu,
}

struct Hit<'a> {
    block: &'a Block,
    range: Range<usize>,
    style: Style,
    /// Nothing follows the word but the sentence end: a fix can be offered.
    bare: bool,
}

pub(crate) fn check(blocks: &[Block], out: &mut Vec<Finding>) {
    for part in [Part::Body, Part::Heading, Part::List] {
        let hits: Vec<Hit> = blocks.iter().filter(|b| b.part == part).flat_map(hits).collect();
        let count = |style| hits.iter().filter(|h| h.style == style).count();
        let (desu, dearu) = (count(Style::Desumasu), count(Style::Dearu));
        if desu == 0 || dearu == 0 {
            continue;
        }
        let major = if dearu > desu { Style::Dearu } else { Style::Desumasu };
        let others = desu.max(dearu);
        for hit in hits.iter().filter(|h| h.style != major) {
            report(hit, part, others, out);
        }
    }
}

/// The sentence-final endings of one block.
fn hits(block: &Block) -> Vec<Hit<'_>> {
    let text = block.text.as_str();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find(['で', 'ま']) {
        let start = at + found;
        let Some(word) = ENDINGS.iter().find(|w| text[start..].starts_with(**w)) else {
            at = start + 'で'.len_utf8();
            continue;
        };
        let end = start + word.len();
        at = end;
        // ますます (more and more) is an adverb, not the polite ending.
        if *word == "ます" && (text[..start].ends_with("ます") || text[end..].starts_with("ます")) {
            continue;
        }
        let Some(tail) = tail(&text[end..]) else { continue };
        let style = if word.starts_with("であ") { Style::Dearu } else { Style::Desumasu };
        let fits = match style {
            Style::Desumasu => made_of(tail, POLITE_TAIL),
            Style::Dearu => {
                let rest = THINKING.iter().find_map(|t| tail.strip_prefix(t)).unwrap_or(tail);
                made_of(rest, PLAIN_TAIL)
            }
        };
        if fits {
            out.push(Hit { block, range: start..end, style, bare: tail.is_empty() });
        }
    }
    out
}

/// Closing brackets and quotes: symbols that may stand at a sentence end.
const CLOSERS: &str = "」』）)】\"”’'〉》";

/// The words between an ending and the end of its sentence, without closing
/// brackets and spaces; `None` when a 、 comes first (the sentence goes on).
fn tail(rest: &str) -> Option<&str> {
    let end = rest.find(['。', '！', '？', '!', '?', '、', '，']).unwrap_or(rest.len());
    if rest[end..].starts_with(['、', '，']) {
        return None;
    }
    Some(rest[..end].trim_matches(|c: char| c.is_whitespace() || CLOSERS.contains(c)))
}

fn report(hit: &Hit, part: Part, others: usize, out: &mut Vec<Finding>) {
    let place = match part {
        Part::Heading => "見出し",
        Part::List => "箇条書き",
        Part::Body | Part::Quote => "文章",
    };
    let word = &hit.block.text[hit.range.clone()];
    let (message, hint, fix) = match hit.style {
        Style::Dearu => {
            let right = if word == "であろう" { "でしょう" } else { "です" };
            (
                format!(
                    "「{word}」で終わる「である」調の文です（この{place}のほかの{others}か所は「です・ます」調です）"
                ),
                format!("「です・ます」調にそろえましょう（「{word}」→「{right}」など）"),
                hit.bare.then(|| hit.block.fix(hit.range.clone(), right)).flatten(),
            )
        }
        Style::Desumasu => (
            format!("「{word}」で終わる「です・ます」調の文です（この{place}のほかの{others}か所は「である」調です）"),
            "「である」調にそろえましょう".to_owned(),
            None,
        ),
    };
    out.push(hit.block.finding(Rule::DearuDesumasu, Level::Warning, hit.range.clone(), message, hint).with_fix(fix));
}
