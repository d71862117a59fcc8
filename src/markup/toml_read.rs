//! Reading TOML (tsushin.toml, issue.toml, front matter) into typed structs,
//! with serde's English errors turned into Japanese ones that point at the line
//! and suggest the nearest known key.

use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, SourceFile};

/// Parses `text`, which starts at byte `offset` of `file` (front matter sits
/// after the first `+++` line, so spans have to be shifted back into the file).
pub fn parse<T: DeserializeOwned>(file: &Arc<SourceFile>, text: &str, offset: usize) -> Result<T, Diagnostic> {
    toml::from_str(text).map_err(|err| {
        let span = err.span().map_or(offset..offset, |s| s.start + offset..s.end + offset);
        translate(file, err.message(), span)
    })
}

fn translate(file: &Arc<SourceFile>, message: &str, span: Range<usize>) -> Diagnostic {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let mut diag = Diagnostic::error(format!("{} に知らないキー「{key}」があります", file.display)).at(file, span);
        if let Some(best) = nearest(key, &known) {
            diag = diag.hint(format!("「{best}」のまちがいではありませんか？"));
        }
        if !known.is_empty() {
            diag = diag.hint(format!("ここで使えるキー: {}", known.join(", ")));
        }
        return diag;
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return Diagnostic::error(format!("{} に必要なキー「{key}」がありません", file.display))
            .at(file, span)
            .hint(format!("{key} = … の行を書き足してください"));
    }
    let key = key_at(file, span.start);
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let what = key.as_deref().map_or(String::from("値"), |k| format!("「{k}」の値"));
        return Diagnostic::error(format!("{} の{what}の種類がちがいます", file.display))
            .at(file, span)
            .hint(expectation(message, key.as_deref()));
    }
    Diagnostic::error(format!("{} の書き方に誤りがあります（TOML: {}）", file.display, message.trim()))
        .at(file, span)
        .hint("文字は \"…\" で囲み（例: title = \"たより\"）、日付は引用符なしで date = 2022-06-01 のように書きます")
}

/// What the value should look like, from serde's "expected …" wording.
fn expectation(message: &str, key: Option<&str>) -> String {
    let expected = message.rsplit("expected ").next().unwrap_or("");
    if key == Some("date") || expected.contains("datetime") || expected.contains("date") {
        "date は 2022-06-01 のような日付で書いてください（\" \" で囲みません）".into()
    } else if expected.contains("string") {
        "\"…\" で囲んだ文字を書いてください（例: title = \"たより\"）".into()
    } else if expected.contains("sequence") {
        "[\"…\", \"…\"] のように角かっこで囲んだ一覧を書いてください".into()
    } else if expected.contains("u32") || expected.contains("integer") || expected.contains("u8") {
        "0 以上の数字を引用符なしで書いてください（例: pages = 4）".into()
    } else {
        format!("期待される値: {expected}")
    }
}

/// The key on the line of `offset`, if that line reads `key = value`.
fn key_at(file: &SourceFile, offset: usize) -> Option<String> {
    let start = file.text[..offset.min(file.text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = file.text[start..].split('\n').next()?;
    let key = line.split_once('=')?.0.trim();
    (!key.is_empty()).then(|| key.trim_matches('"').to_owned())
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        date: toml::value::Datetime,
        #[serde(default)]
        pages: Option<u32>,
    }

    fn err(text: &str) -> Diagnostic {
        let file = SourceFile::new("issue.toml".into(), text);
        parse::<T>(&file, text, 0).unwrap_err()
    }

    #[test]
    fn unknown_key_suggests_nearest() {
        let d = err("titel = \"a\"\ndate = 2022-06-01\n");
        assert!(d.message.contains("知らないキー「titel」"), "{}", d.message);
        assert!(d.hints[0].contains("「title」のまちがい"), "{:?}", d.hints);
        assert_eq!(d.position().unwrap(), "issue.toml:1:1");
    }

    #[test]
    fn wrong_type_for_date() {
        let d = err("title = \"a\"\ndate = \"2022-06\"\n");
        assert!(d.message.contains("「date」の値の種類"), "{}", d.message);
        assert!(d.hints[0].contains("2022-06-01"), "{:?}", d.hints);
        assert!(d.position().unwrap().starts_with("issue.toml:2:"));
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let d = err("title = \"a\ndate = 2022-06-01\n");
        assert!(d.message.contains("書き方に誤り"), "{}", d.message);
        assert!(d.position().unwrap().starts_with("issue.toml:1:"), "{:?}", d.position());
    }

    #[test]
    fn missing_key() {
        let d = err("date = 2022-06-01\n");
        assert!(d.message.contains("必要なキー「title」"), "{}", d.message);
    }
}
