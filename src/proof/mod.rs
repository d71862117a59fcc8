//! Proofreading: the mistakes a printed newsletter cannot take back.
//!
//! A date printed with the wrong weekday, an era year that does not exist, a
//! phone number with a digit missing, a word spelt two ways, a sentence in the
//! wrong style, a bracket never closed: each is found here with the exact byte
//! range in the coordinator's file, a Japanese explanation and the fix.
//!
//! The engine is pure: it reads texts, never files. The caller hands it every
//! text of one issue ([`Text`]: a slice of a file and its byte offset there,
//! and whether it is Markdown or a plain value), the issue's date (for the year
//! of a date written without one) and the settings. It returns [`Finding`]s in
//! file order; [`Finding::diagnostic`] turns one into the crate's usual
//! `file:line:col` diagnostic.
//!
//! What the commands hand over ([`issue::proofread`], for `check`, `build`
//! and `watch`): every Markdown body (after its front matter) as
//! [`Kind::Markdown`]; each front-matter string that allows `**bold**` (flow
//! `text`, game `points`) as [`Kind::Inline`]; every other string of the
//! front matter, issue.toml and tsushin.toml (titles, captions, voices, the
//! publisher's phone) as [`Kind::Plain`] — each as the exact slice of its
//! file between the quotes (an escape is read as written), so that positions
//! are the file's. One call per issue: the 表記ゆれ rule compares all of them.
//!
//! Each rule lives in its own file and can be turned off by its id
//! ([`Rule::id`], the keys of the `[proofreading]` table, see [`Settings`]).
//! The rules are hand-written scanners (see `scan.rs` for why not regular
//! expressions); the word list is indexed once per [`Proofreader`].

mod brackets;
mod builtin_words;
mod calendar;
mod dates;
mod dictionary;
mod digits;
mod eras;
pub mod issue;
mod phone;
mod prose;
mod punctuation;
mod report;
mod scan;
mod settings;
mod style;
mod wording;

use std::ops::Range;

pub use dictionary::{Dictionary, DictionaryError, WordEntry};
pub use settings::Settings;

/// A proofreading rule. The id is what `[proofreading]` in tsushin.toml names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// 2022年7月2日（金）: the weekday does not match the date (or the date does not exist).
    DateWeekday,
    /// 令和5年（2022年）, 平成31年5月, 平成32年: era and Western years that disagree.
    EraYear,
    /// 027-321-131: a phone number with the wrong count of digits.
    PhoneNumber,
    /// 支え合い and 支えあい in one issue (表記ゆれ).
    Wording,
    /// である調 sentences among ですます調 ones (or the other way round).
    DearuDesumasu,
    /// 。。 and 、、
    DoubledPunctuation,
    /// 「 never closed, 」 never opened.
    Brackets,
    /// ４月2日: full- and half-width digits in one expression (a note).
    DigitWidth,
}

impl Rule {
    pub const ALL: [Rule; 8] = [
        Rule::DateWeekday,
        Rule::EraYear,
        Rule::PhoneNumber,
        Rule::Wording,
        Rule::DearuDesumasu,
        Rule::DoubledPunctuation,
        Rule::Brackets,
        Rule::DigitWidth,
    ];

    /// The rule's id, as written in tsushin.toml.
    pub fn id(self) -> &'static str {
        match self {
            Rule::DateWeekday => "date-weekday",
            Rule::EraYear => "era-year",
            Rule::PhoneNumber => "phone-number",
            Rule::Wording => "wording",
            Rule::DearuDesumasu => "dearu-desumasu",
            Rule::DoubledPunctuation => "doubled-punctuation",
            Rule::Brackets => "brackets",
            Rule::DigitWidth => "digit-width",
        }
    }

    /// What the rule checks, in the words a coordinator reads.
    pub fn title(self) -> &'static str {
        match self {
            Rule::DateWeekday => "日付と曜日",
            Rule::EraYear => "和暦と西暦",
            Rule::PhoneNumber => "電話番号のけた数",
            Rule::Wording => "表記のゆれ",
            Rule::DearuDesumasu => "「です・ます」と「である」のまじり",
            Rule::DoubledPunctuation => "句読点の重なり",
            Rule::Brackets => "かっこの閉じ忘れ",
            Rule::DigitWidth => "全角と半角の数字のまじり",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }
}

/// How sure the finding is that something is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Almost certainly a mistake: check it before printing.
    Warning,
    /// Worth a look, often a matter of style (mixed digit widths, 令和1年).
    Note,
}

/// What kind of text a [`Text`] is, which decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Markdown body (paragraphs, headings, lists). Its style (である/ですます)
    /// is judged as one section.
    Markdown,
    /// A one-paragraph Markdown value (a flow step, a game point: `**bold**` allowed).
    Inline,
    /// A value printed as written (a title, a name, a phone number, a URL).
    Plain,
}

/// One text the coordinator wrote: `text` is the exact slice of file `file`
/// (an index the caller chooses, e.g. into its list of files) that starts at
/// byte `offset`. Findings point into that file.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    pub file: usize,
    pub offset: usize,
    pub text: &'a str,
    pub kind: Kind,
}

/// A place in a file: the file index of a [`Text`] and a byte range in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: usize,
    pub range: Range<usize>,
}

/// A replacement that fixes a finding: write `replacement` over `range`
/// (bytes in the finding's file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub range: Range<usize>,
    pub replacement: String,
}

/// One thing to check before printing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub level: Level,
    pub file: usize,
    /// Bytes in the file: what the `^^^` marker underlines.
    pub range: Range<usize>,
    /// What is wrong, in Japanese (「7月2日は土曜日です（金曜日と書かれています）」).
    pub message: String,
    /// What to do, in Japanese.
    pub hint: String,
    /// The replacement when tsushin knows it (the right weekday, 。 for 。。).
    pub fix: Option<Fix>,
    /// Other places that belong to the finding (where the other spelling is).
    pub related: Vec<Place>,
}

/// The proofreader for one newsletter: its settings and the word list
/// (built-in entries merged with the newsletter's dictionary), compiled once
/// and reused for every issue and every rebuild of `tsushin watch`.
#[derive(Debug)]
pub struct Proofreader {
    settings: Settings,
    words: wording::Matcher,
}

impl Proofreader {
    pub fn new(settings: &Settings, dictionary: &Dictionary) -> Proofreader {
        Proofreader { settings: settings.clone(), words: wording::Matcher::new(dictionary) }
    }

    /// Proofreads every text of one issue. `issue_date` is the issue's date
    /// (year, month, day): a date written without a year is taken in the year
    /// that puts it nearest to it.
    pub fn check(&self, issue_date: (i32, u32, u32), texts: &[Text]) -> Vec<Finding> {
        let on = |rule: Rule| self.settings.enabled(rule);
        let issue = calendar::IssueDate::new(issue_date);
        let docs: Vec<Vec<prose::Block>> = texts.iter().map(prose::blocks).collect();
        let mut out = Vec::new();
        for block in docs.iter().flatten() {
            if on(Rule::DateWeekday) {
                dates::check(block, issue.as_ref(), &mut out);
            }
            if on(Rule::EraYear) {
                eras::check(block, &mut out);
            }
            if on(Rule::PhoneNumber) {
                phone::check(block, &mut out);
            }
            if on(Rule::DoubledPunctuation) {
                punctuation::check(block, &mut out);
            }
            if on(Rule::Brackets) {
                brackets::check(block, &mut out);
            }
            if on(Rule::DigitWidth) {
                digits::check(block, &mut out);
            }
        }
        if on(Rule::DearuDesumasu) {
            for (text, blocks) in texts.iter().zip(&docs) {
                if text.kind == Kind::Markdown {
                    style::check(blocks, &mut out);
                }
            }
        }
        if on(Rule::Wording) {
            self.words.check(docs.iter().flatten(), &mut out);
        }
        out.sort_by_key(|f| (f.file, f.range.start, f.rule));
        out
    }
}

#[cfg(test)]
mod tests;
