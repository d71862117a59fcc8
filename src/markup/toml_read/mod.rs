//! Reading TOML (tsushin.toml, issue.toml, front matter) into typed structs,
//! with Japanese diagnostics that point at the exact key or value.
//!
//! toml parses the text into a tree whose every key and value knows its byte
//! range; `de::ValueReader` hands that tree to serde and places each error
//! it gets back, and `error::Error` keeps what serde's derived code reports
//! (unknown key, missing key, wrong kind of value) as data. So the messages
//! below are built from facts, never from English text, and the model can
//! take `toml::Spanned<T>` fields for exact positions of its own.

use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, SourceFile};

mod de;
mod error;

#[cfg(test)]
mod tests;

use error::{Error, Expect, Problem};

/// Parses `text`, which starts at byte `offset` of `file` (front matter sits
/// after the first `+++` line): every position, in a diagnostic or in a
/// `toml::Spanned` value, is a byte offset into `file`.
pub fn parse<T: DeserializeOwned>(file: &Arc<SourceFile>, text: &str, offset: usize) -> Result<T, Diagnostic> {
    let root = DeTable::parse(text).map_err(|err| syntax_error(file, &err, offset))?;
    let span = root.span();
    let root = Spanned::new(span, DeValue::Table(root.into_inner()));
    T::deserialize(de::ValueReader::new(root, offset)).map_err(|err| diagnostic(file, err, offset))
}

/// A string value as the coordinator wrote it: its text, the bytes of the
/// file it was written at (delimiters included) and the key it is the value
/// of, as a path of table keys (`publisher.phone`; arrays add nothing, so the
/// caption of any `[[photos]]` is `photos.caption`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenString {
    pub range: Range<usize>,
    pub text: String,
    pub key: String,
}

/// Like [`parse`], and also every string value of the text (in arrays and
/// tables too) with where it was written, so that later stages can point at
/// any string that printed wrongly, or proofread it, without searching the
/// file for it.
pub fn parse_with_strings<T: DeserializeOwned>(
    file: &Arc<SourceFile>,
    text: &str,
    offset: usize,
) -> Result<(T, Vec<WrittenString>), Diagnostic> {
    let root = DeTable::parse(text).map_err(|err| syntax_error(file, &err, offset))?;
    let mut strings = Vec::new();
    for (key, value) in root.get_ref() {
        collect_strings(key.get_ref(), value, offset, &mut strings);
    }
    // Tables keep their keys in their own order; the file's order is the one
    // a reader expects.
    strings.sort_by_key(|s| s.range.start);
    let span = root.span();
    let root = Spanned::new(span, DeValue::Table(root.into_inner()));
    let value = T::deserialize(de::ValueReader::new(root, offset)).map_err(|err| diagnostic(file, err, offset))?;
    Ok((value, strings))
}

/// The strings of `value`, the value of the key path `key`.
fn collect_strings(key: &str, value: &Spanned<DeValue>, offset: usize, out: &mut Vec<WrittenString>) {
    match value.get_ref() {
        DeValue::String(text) => out.push(WrittenString {
            range: shift(Some(value.span()), offset),
            text: text.to_string(),
            key: key.to_owned(),
        }),
        DeValue::Array(items) => items.iter().for_each(|item| collect_strings(key, item, offset, out)),
        DeValue::Table(table) => {
            for (name, item) in table {
                collect_strings(&format!("{key}.{}", name.get_ref()), item, offset, out);
            }
        }
        _ => {}
    }
}

fn syntax_error(file: &Arc<SourceFile>, err: &toml::de::Error, offset: usize) -> Diagnostic {
    // toml's parser says what it expected in English; it is shown as a
    // detail, never read.
    Diagnostic::error(format!("{} の書き方に誤りがあります（TOML: {}）", file.display, err.message().trim()))
        .at(file, shift(err.span(), offset))
        .hint("文字は \"…\" で囲み（例: title = \"たより\"）、日付は引用符なしで date = 2022-06-01 のように書きます")
}

fn shift(span: Option<Range<usize>>, offset: usize) -> Range<usize> {
    span.map_or(offset..offset, |s| s.start + offset..s.end + offset)
}

fn diagnostic(file: &Arc<SourceFile>, err: Error, offset: usize) -> Diagnostic {
    let name = &file.display;
    let span = shift(err.span.clone(), offset);
    let what = match (&err.key, err.element) {
        (Some(key), Some(i)) => format!("「{key}」の {} 番目の値", i + 1),
        (Some(key), None) => format!("「{key}」の値"),
        (None, Some(i)) => format!("{} 番目の値", i + 1),
        (None, None) => "値".to_owned(),
    };
    match err.problem {
        Problem::UnknownKey { key, known } => {
            let mut diag = Diagnostic::error(format!("{name} に知らないキー「{key}」があります")).at(file, span);
            if let Some(best) = nearest(&key, known) {
                diag = diag.hint(format!("「{best}」のまちがいではありませんか？"));
            }
            if !known.is_empty() {
                diag = diag.hint(format!("ここで使えるキー: {}", known.join(", ")));
            }
            diag
        }
        Problem::MissingKey(key) => Diagnostic::error(format!("{name} に必要なキー「{key}」がありません"))
            .at(file, span)
            .hint(format!("{key} = … の行を書き足してください")),
        Problem::DuplicateKey(key) => Diagnostic::error(format!("{name} にキー「{key}」が二度書かれています"))
            .at(file, span)
            .hint("どちらか一方を消してください"),
        Problem::WrongValue(expect) => Diagnostic::error(format!("{name} の{what}の種類がちがいます"))
            .at(file, span)
            .hint(expectation(expect, err.key.as_deref())),
        Problem::UnknownWord { word, known } => {
            let mut diag = Diagnostic::error(format!("{name} の{what}「{word}」は使えません")).at(file, span);
            if let Some(best) = nearest(&word, known) {
                diag = diag.hint(format!("「{best}」のまちがいではありませんか？"));
            }
            diag.hint(format!("ここで使える値: {}", known.join(", ")))
        }
        Problem::Other(detail) => Diagnostic::error(format!("{name} の{what}を読み取れません"))
            .at(file, span)
            .hint(format!("詳しい内容: {detail}")),
    }
}

/// What the value should look like.
fn expectation(expect: Option<Expect>, key: Option<&str>) -> String {
    match expect {
        Some(Expect::Date) => {
            format!("{} は 2022-06-01 のような日付で書いてください（\" \" で囲みません）", key.unwrap_or("日付"))
        }
        Some(Expect::String) => "\"…\" で囲んだ文字を書いてください（例: title = \"たより\"）".into(),
        Some(Expect::Array) => "[\"…\", \"…\"] のように角かっこで囲んだ一覧を書いてください".into(),
        Some(Expect::Integer) => "0 以上の数字を引用符なしで書いてください（例: pages = 4）".into(),
        Some(Expect::Number) => "数字を引用符なしで書いてください".into(),
        Some(Expect::Bool) => "true か false を引用符なしで書いてください".into(),
        Some(Expect::Table) => match key {
            Some(key) => format!("[{key}] の行の下に、キー = 値 の行を書いてください"),
            None => "キー = 値 の形で書いてください".into(),
        },
        None => "文字は \"…\" で囲み、数字と日付は引用符なしで書きます".into(),
    }
}

/// The known name closest to a misspelt one, if any is close enough to suggest.
pub fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), *k))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}
