//! Strong emphasis that CommonMark refuses beside Japanese punctuation.
//!
//! CommonMark decides whether `**` may open or close emphasis from the
//! characters on either side of it (its "flanking" rules): a `**` with
//! punctuation on its inner side must have a space or punctuation on its outer
//! side. That suits English, where `**"word"**` stands between spaces, but
//! Japanese sets brackets right against kana and kanji, so `これは**「重要」**です`
//! is refused on both sides, `**「たのも～」**を作ろう` on its closing side, and
//! the stars would print. The braces of furigana (`の**{八幡|やわた}**では`)
//! are set the same way and count as Japanese punctuation here.
//!
//! This module pairs exactly those refusals, and nothing else:
//!
//! - only a run of exactly two `*` that CommonMark left as text is a
//!   candidate: a run of one, three or more stars was not written as this
//!   emphasis, a run that lent a star to other emphasis is not whole, and an
//!   escaped `\*` is no delimiter at all;
//! - candidates are paired the way CommonMark pairs delimiters (a closer
//!   takes the nearest opener in the same inline container), by the flanking
//!   rules read once more with Japanese punctuation counted as a letter;
//! - a pair is kept only if CommonMark refused its opener or its closer. As
//!   the second reading differs from CommonMark only for Japanese
//!   punctuation, that refusal was because of Japanese punctuation beside it.
//!
//! Every other star, paired by CommonMark or not, is left as CommonMark left
//! it, so a run of stars with no partner prints as written.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use super::writer::Spanned;
use crate::markup::cjk::is_japanese_punctuation;

/// A repaired pair: the byte ranges of its opening and its closing `**`.
pub(super) type Pair = (Range<usize>, Range<usize>);

/// Returns the events with each repaired pair's stars turned into the start
/// and end of strong emphasis.
pub(super) fn repair<'a>(events: Vec<Spanned<'a>>, src: &'a str) -> Vec<Spanned<'a>> {
    let pairs = pairs(&events, src);
    if pairs.is_empty() {
        return events;
    }
    let mut marks: Vec<(usize, bool)> = pairs.iter().flat_map(|(o, c)| [(o.start, true), (c.start, false)]).collect();
    marks.sort_unstable();
    let mut marks = marks.into_iter().peekable();
    let mut out = Vec::with_capacity(events.len() + 3 * marks.len());
    // pulldown-cmark may hand the two stars of one run out as two events:
    // source bytes before `consumed` are already written as a delimiter.
    let mut consumed = 0;
    for (event, range) in events {
        let holds_mark = marks.peek().is_some_and(|&(at, _)| at < range.end) || consumed > range.start;
        if !matches!(event, Event::Text(_)) || !holds_mark {
            out.push((event, range));
            continue;
        }
        // Marks only come from text that is a verbatim slice of `src`
        // (see `pairs`), so the pieces can be cut from the source.
        let mut cursor = range.start.max(consumed);
        while let Some(&(at, opens)) = marks.peek()
            && at < range.end
        {
            marks.next();
            if cursor < at {
                out.push((Event::Text(CowStr::Borrowed(&src[cursor..at])), cursor..at));
            }
            out.push((if opens { Event::Start(Tag::Strong) } else { Event::End(TagEnd::Strong) }, at..at + 2));
            cursor = at + 2;
            consumed = cursor;
        }
        if cursor < range.end {
            out.push((Event::Text(CowStr::Borrowed(&src[cursor..range.end])), cursor..range.end));
        }
    }
    out
}

/// The `**` pairs to repair, in the order their closers appear.
pub(super) fn pairs(events: &[Spanned], src: &str) -> Vec<Pair> {
    let runs = leftover_runs(events, src);
    let mut openers: HashMap<usize, Vec<&Run>> = HashMap::new();
    let mut pairs = Vec::new();
    for run in &runs {
        let stack = openers.entry(run.container).or_default();
        if run.japanese.closes
            && let Some(opener) = stack.pop()
        {
            // Both acceptable to CommonMark yet left as text: it had a
            // reason of its own, so they stay as they are.
            if !opener.commonmark.opens || !run.commonmark.closes {
                pairs.push((opener.at..opener.at + 2, run.at..run.at + 2));
            }
        } else if run.japanese.opens {
            stack.push(run);
        }
    }
    pairs
}

/// A whole `**` run that CommonMark left as text.
struct Run {
    /// Byte offset of its first star.
    at: usize,
    /// The inline container (paragraph, link, emphasis…) it sits in: emphasis
    /// never reaches out of one.
    container: usize,
    commonmark: Flanking,
    japanese: Flanking,
}

/// Whether a delimiter run may open or close emphasis.
struct Flanking {
    opens: bool,
    closes: bool,
}

fn leftover_runs(events: &[Spanned], src: &str) -> Vec<Run> {
    // Every star CommonMark left as text, with its container. Text that is not
    // a verbatim slice of the source holds escapes or entities, whose stars
    // were never delimiters; a code block's text is code.
    let mut stars: Vec<(usize, usize)> = Vec::new();
    let mut containers = vec![0];
    let mut next_container = 1;
    let mut in_code_block = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(tag) => {
                in_code_block += usize::from(matches!(tag, Tag::CodeBlock(_)));
                containers.push(next_container);
                next_container += 1;
            }
            Event::End(tag) => {
                in_code_block -= usize::from(matches!(tag, TagEnd::CodeBlock));
                containers.pop();
            }
            Event::Text(text) if in_code_block == 0 && src.get(range.clone()) == Some(&**text) => {
                let container = containers.last().copied().unwrap_or(0);
                stars.extend(text.match_indices('*').map(|(i, _)| (range.start + i, container)));
            }
            _ => {}
        }
    }

    let bytes = src.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while let (Some(&(at, container)), Some(&(second, second_container))) = (stars.get(i), stars.get(i + 1)) {
        let whole = second == at + 1
            && second_container == container
            && (at == 0 || bytes[at - 1] != b'*')
            && bytes.get(at + 2) != Some(&b'*');
        if !whole {
            i += 1;
            continue;
        }
        let before = src[..at].chars().next_back();
        let after = src[at + 2..].chars().next();
        runs.push(Run {
            at,
            container,
            commonmark: flanking(before, after, is_punctuation),
            japanese: flanking(before, after, |c| {
                is_punctuation(c) && !is_japanese_punctuation(c) && !is_ruby_brace(c)
            }),
        });
        i += 2;
    }
    runs
}

/// CommonMark's left- and right-flanking rules for a `*` run between
/// `before` and `after` (`None`: the start or end of the text, which counts
/// as whitespace), with `punctuation` deciding what is punctuation.
fn flanking(before: Option<char>, after: Option<char>, punctuation: impl Fn(char) -> bool) -> Flanking {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct = |c: Option<char>| c.is_some_and(&punctuation);
    Flanking {
        opens: !space(after) && (!punct(after) || space(before) || punct(before)),
        closes: !space(before) && (!punct(before) || space(after) || punct(after)),
    }
}

/// The braces of furigana (`**{八幡|やわた}**では`), set against kana and
/// kanji like a Japanese bracket.
fn is_ruby_brace(c: char) -> bool {
    matches!(c, '{' | '}')
}

/// CommonMark's punctuation: the Unicode general categories P and S.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || !c.is_ascii()
            && matches!(c.general_category_group(), GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol)
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser};

    use super::*;

    fn repaired(src: &str) -> Vec<&str> {
        let events: Vec<Spanned> = Parser::new_ext(src, Options::empty()).into_offset_iter().collect();
        pairs(&events, src).into_iter().map(|(o, c)| &src[o.start..c.end]).collect()
    }

    #[test]
    fn refused_beside_furigana_is_repaired() {
        assert_eq!(repaired("の**{八幡|やわた}**では"), ["**{八幡|やわた}**"]);
    }

    #[test]
    fn refused_beside_brackets_is_repaired() {
        assert_eq!(repaired("**「たのも～」**を作ろう"), ["**「たのも～」**"]);
        assert_eq!(repaired("これは**「重要」**です"), ["**「重要」**"]);
        assert_eq!(repaired("場所**「よってって」**　ふれあい館"), ["**「よってって」**"]);
        assert_eq!(repaired("*「a」*を"), Vec::<&str>::new(), "one star is not strong emphasis");
    }

    #[test]
    fn commonmark_pairs_are_left_alone() {
        for src in ["**普通の強調**です", "**めざせ！ワンハート！**", "「**強調**」", "a **b** c"]
        {
            assert_eq!(repaired(src), Vec::<&str>::new(), "{src}");
        }
    }

    #[test]
    fn refused_for_other_reasons_is_left_alone() {
        for src in ["a ** b ** c", "foo *****", "**** は", "***「a」***を", "a**\"b\"**c", "a**「b」"] {
            assert_eq!(repaired(src), Vec::<&str>::new(), "{src}");
        }
    }

    #[test]
    fn pairs_stay_inside_their_container() {
        // The closer inside the link may not pair with the opener outside it.
        assert_eq!(repaired("は**「a [b」**を](u)"), Vec::<&str>::new());
        assert_eq!(repaired("[は**「a」**を](u)"), ["**「a」**"]);
    }

    #[test]
    fn a_run_split_over_two_events_is_cut_once() {
        let src = "これは**「重要」**です";
        let events: Vec<Spanned> = Parser::new_ext(src, Options::empty()).into_offset_iter().collect();
        let kinds: Vec<String> = repair(events, src)
            .into_iter()
            .filter(|(e, _)| !matches!(e, Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)))
            .map(|(e, r)| format!("{e:?}@{}", &src[r]))
            .collect();
        assert_eq!(
            kinds,
            [
                "Text(Borrowed(\"これは\"))@これは",
                "Start(Strong)@**",
                "Text(Borrowed(\"「重要」\"))@「重要」",
                "End(Strong)@**",
                "Text(Borrowed(\"です\"))@です",
            ]
        );
    }

    #[test]
    fn punctuation_follows_commonmark() {
        for c in ['!', '~', '「', '。', '～', '＄', '¡', '€'] {
            assert!(is_punctuation(c), "{c}");
        }
        for c in ['a', 'あ', '漢', 'ー', '々', '\u{3000}', ' '] {
            assert!(!is_punctuation(c), "{c}");
        }
    }
}
