//! Splitting a Markdown file into its TOML front matter and its body.
//!
//! Front matter is optional and sits between two lines that are exactly `+++`:
//!
//! ```text
//! +++
//! title = "「たのも～」お助け隊発足"
//! +++
//! 本文…
//! ```
//!
//! Offsets are kept so that errors in either part point at the right line of the
//! original file.

use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};

/// The two parts of a Markdown file, as slices of its text with their offsets.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines and its byte offset in the file.
    pub front: Option<(&'a str, usize)>,
    pub body: &'a str,
    pub body_offset: usize,
}

const FENCE: &str = "+++";

/// Splits `file`'s text. An opening `+++` without a closing one is an error,
/// and a file that starts like front matter without any `+++` gets the hint
/// "did you forget `+++`?".
pub fn split(file: &Arc<SourceFile>) -> Result<Split<'_>, Diagnostic> {
    let text: &str = &file.text;
    let first_line = text.split('\n').next().unwrap_or("");
    if first_line.trim_end() != FENCE {
        if first_line.trim_end() == "---" {
            return Err(Diagnostic::error("先頭の設定部分（フロントマター）は --- ではなく +++ で囲みます")
                .at(file, 0..first_line.len())
                .hint("1 行目と設定の終わりの行を --- から +++ に書き換えてください"));
        }
        if looks_like_toml_key(first_line) {
            return Err(Diagnostic::error("先頭の行が設定（キー = 値）のように見えますが、+++ で囲まれていません")
                .at(file, 0..first_line.len())
                .hint("+++ を忘れていませんか？ 設定の前と後ろに +++ だけの行を入れてください"));
        }
        return Ok(Split { front: None, body: text, body_offset: 0 });
    }
    let front_start = first_line.len() + 1;
    let mut offset = front_start.min(text.len());
    for line in text[offset..].split_inclusive('\n') {
        if line.trim_end() == FENCE {
            let body_offset = offset + line.len();
            return Ok(Split {
                front: Some((&text[front_start..offset], front_start)),
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("+++ で始まった設定部分（フロントマター）が閉じられていません")
        .at(file, 0..first_line.len())
        .hint("設定の終わりに +++ だけの行を入れてください"))
}

/// `title = "…"` or `[[flow]]` at the start of a file without `+++` is almost
/// certainly front matter whose fences were forgotten.
fn looks_like_toml_key(line: &str) -> bool {
    let line = line.trim();
    if line.starts_with("[[") && line.ends_with("]]") {
        return true;
    }
    match line.split_once('=') {
        Some((key, _)) => {
            let key = key.trim();
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Arc<SourceFile> {
        SourceFile::new("x.md".into(), text)
    }

    #[test]
    fn no_front_matter() {
        let f = file("本文\n");
        let s = split(&f).unwrap();
        assert_eq!(s, Split { front: None, body: "本文\n", body_offset: 0 });
    }

    #[test]
    fn with_front_matter() {
        let f = file("+++\ntitle = \"a\"\n+++\n本文\n");
        let s = split(&f).unwrap();
        assert_eq!(s.front, Some(("title = \"a\"\n", 4)));
        assert_eq!(s.body, "本文\n");
        assert_eq!(&f.text[s.body_offset..], "本文\n");
    }

    #[test]
    fn unclosed() {
        let f = file("+++\ntitle = \"a\"\n本文\n");
        let err = split(&f).unwrap_err();
        assert!(err.message.contains("閉じられていません"));
        assert_eq!(err.position().unwrap(), "x.md:1:1");
    }

    #[test]
    fn forgotten_fences() {
        let err = split(&file("title = \"a\"\n本文")).unwrap_err();
        assert!(err.hints[0].contains("+++ を忘れていませんか"));
    }

    #[test]
    fn yaml_fences() {
        let err = split(&file("---\ntitle: a\n---\n")).unwrap_err();
        assert!(err.message.contains("+++"));
    }

    #[test]
    fn empty_front_matter_at_end_of_file() {
        let f = file("+++\n+++");
        let s = split(&f).unwrap();
        assert_eq!(s.front, Some(("", 4)));
        assert_eq!(s.body, "");
    }
}
