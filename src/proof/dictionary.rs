//! The newsletter's own 表記 dictionary: a TOML file (named by `dictionary`
//! in `[proofreading]`, e.g. `wording.toml` beside tsushin.toml).
//!
//! ```toml
//! # この通信の表記の決まり
//!
//! # そのままでよい言い回し（標語、施設や団体の名前など）。この中の書き方は確かめません
//! accept = ["支えあいの輪", "子供の森公園"]
//!
//! # 使わない組み込みの決まり（その語の書き方のどれかを書きます）
//! off = ["子ども"]
//!
//! [[words]]
//! expected = "取組"                 # この通信でそろえる書き方
//! patterns = ["取り組み", "取組み"]   # 直したい書き方
//! accept = ["取り組みたい"]           # この語について、そのままでよい言い回し
//! ```
//!
//! The entries are prh's idea (`expected` and its `patterns`), written as
//! plain words rather than regular expressions, since coordinators write them.
//! An entry of the newsletter is a house rule: its patterns are reported
//! wherever they appear, not only when the issue mixes spellings. An entry
//! whose `expected` is a spelling a built-in entry prefers extends that entry
//! (its conjugated forms stay; the patterns and accepted phrases are added);
//! an entry that prefers another spelling replaces the built-in one.

use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::builtin_words::BUILTIN;
use crate::diag::{Diagnostic, SourceFile};
use crate::markup::toml_read;

/// The dictionary file, as read from TOML.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dictionary {
    /// Phrases whose spelling is accepted as written, for every word.
    #[serde(default)]
    pub accept: Vec<Spanned<String>>,
    /// Built-in entries not to use, each named by one of its spellings.
    #[serde(default)]
    pub off: Vec<Spanned<String>>,
    #[serde(default)]
    pub words: Vec<WordEntry>,
}

/// One word of the newsletter's dictionary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordEntry {
    /// The spelling the newsletter uses.
    pub expected: Spanned<String>,
    /// Spellings to correct to `expected`.
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    /// Phrases in which a pattern is accepted as written.
    #[serde(default)]
    pub accept: Vec<Spanned<String>>,
}

/// A mistake in the dictionary file: a Japanese message and the byte range
/// in the file it is about (when known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryError {
    pub range: Option<Range<usize>>,
    pub message: String,
    pub hint: String,
}

impl Dictionary {
    /// Reads and checks the dictionary file `file` (its text as the loader
    /// read it). TOML mistakes are reported like those of tsushin.toml (a
    /// misspelt key with the nearest one), the others by [`Dictionary::validate`];
    /// each at its place in the file.
    pub fn read(file: &Arc<SourceFile>) -> Result<Dictionary, Vec<Diagnostic>> {
        let dictionary: Dictionary = toml_read::parse(file, &file.text, 0).map_err(|diag| vec![diag])?;
        let errors = dictionary.validate();
        if errors.is_empty() { Ok(dictionary) } else { Err(errors.iter().map(|e| e.diagnostic(file)).collect()) }
    }

    /// Mistakes that TOML cannot see: empty words, a pattern equal to its
    /// expected form, a spelling claimed by two entries, an `off` that names
    /// no built-in entry.
    pub fn validate(&self) -> Vec<DictionaryError> {
        let mut errors = Vec::new();
        let mut error = |at: &Spanned<String>, message: String, hint: &str| {
            errors.push(DictionaryError { range: Some(at.span()), message, hint: hint.to_owned() });
        };
        let mut seen: Vec<&str> = Vec::new();
        for entry in &self.words {
            let expected = entry.expected.get_ref().as_str();
            for word in std::iter::once(&entry.expected).chain(&entry.patterns) {
                let text = word.get_ref().as_str();
                if text.trim().is_empty() {
                    error(word, "表記の辞書に空の書き方があります".to_owned(), "語を書くか、その行を消してください");
                } else if seen.contains(&text) {
                    error(
                        word,
                        format!("「{text}」が表記の辞書の 2 か所に書かれています"),
                        "1 つの語は 1 つの [[words]] にだけ書きます",
                    );
                } else {
                    seen.push(text);
                }
            }
            for pattern in &entry.patterns {
                if pattern.get_ref() == expected && !expected.trim().is_empty() {
                    error(
                        pattern,
                        format!("「{expected}」が expected と patterns の両方にあります"),
                        "patterns には直したい書き方だけを書きます",
                    );
                }
            }
            for phrase in &entry.accept {
                if phrase.get_ref().trim().is_empty() {
                    error(phrase, "accept に空の言い回しがあります".to_owned(), "言い回しを書くか、消してください");
                }
            }
        }
        for phrase in &self.accept {
            if phrase.get_ref().trim().is_empty() {
                error(phrase, "accept に空の言い回しがあります".to_owned(), "言い回しを書くか、消してください");
            }
        }
        for word in &self.off {
            if !BUILTIN.iter().any(|b| b.spells(word.get_ref()).is_some()) {
                error(
                    word,
                    format!("組み込みの表記の辞書に「{}」はありません", word.get_ref()),
                    "off には組み込みの語の書き方（例: 子ども、支え合い）を書きます",
                );
            }
        }
        errors
    }
}
