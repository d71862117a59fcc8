//! issue.toml and the section files' front matter as the coordinator writes
//! them: one serde schema per file, and where in the file each value that a
//! diagnostic can point at was written.
//!
//! Those values are `toml::Spanned`, so their positions come from the TOML
//! parser itself and never from searching the text: a photo path written
//! with an escape (`file = "images/\u0030x.jpg"`) is reported on its own line,
//! even when the same characters appear earlier in the file.
//!
//! Spans of `Spanned` values are relative to the TOML text that was parsed;
//! front matter starts after the first `+++` line, so [`in_file`] shifts them
//! back into the section file. That shift happens here and nowhere else.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::model::config::PublisherToml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IssueToml {
    pub date: Spanned<Datetime>,
    #[serde(default)]
    pub number: Option<u32>,
    #[serde(default)]
    pub pages: Option<Spanned<u32>>,
    // The overridable settings of tsushin.toml, spelt out because serde's
    // `flatten` cannot be combined with `deny_unknown_fields`.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub catchphrase: Option<String>,
    #[serde(default)]
    pub layout: Option<String>,
    #[serde(default)]
    pub publisher: PublisherToml,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct GreetingFront {
    pub title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NoticeFront {
    #[serde(default)]
    pub to: Option<String>,
    pub title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FigureFront {
    pub title: String,
    #[serde(default)]
    pub vision: Option<String>,
    pub soil: String,
    #[serde(default)]
    pub soil_points: Vec<String>,
    #[serde(default)]
    pub cultivate: Option<String>,
    #[serde(default)]
    pub fertilizer: Option<String>,
    #[serde(default)]
    pub fruits: Vec<String>,
    #[serde(default)]
    pub fruits_label: Option<String>,
    #[serde(default)]
    pub left: Vec<String>,
    #[serde(default)]
    pub right: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MinutesFront {
    pub title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SpotlightFront {
    pub title: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub council: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub voices: Vec<String>,
    #[serde(default)]
    pub photos: Vec<PhotoFront>,
    #[serde(default)]
    pub flow: Vec<StepFront>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PhotoFront {
    pub file: Spanned<String>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub alt: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StepFront {
    #[serde(default)]
    pub when: Option<String>,
    /// Inline Markdown.
    pub text: Spanned<String>,
    #[serde(default)]
    pub voice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct GameFront {
    pub title: Option<String>,
    pub lead: Option<String>,
    /// Inline Markdown, one point each.
    pub points: Vec<Spanned<String>>,
    pub contact: Option<String>,
    pub note: Option<String>,
}

/// The bytes of the file a value was written in (quotes included):
/// `toml_read::parse` gives spans as offsets into the whole file, front
/// matter or not.
pub(super) fn in_file<T>(value: &Spanned<T>) -> Range<usize> {
    value.span()
}

/// Where the text of a string value lies in its file, so that a position
/// inside it (a Markdown warning in a flow step, an image it refers to) can be
/// shown where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Placement {
    /// Written byte for byte: byte `i` of the text is byte `start + i` of the file.
    Verbatim { start: usize },
    /// Written with escapes (`\u0030`, `\"`, a line-ending `\`): a byte of
    /// the text has no one place in the file, so everything points at the
    /// whole value as written.
    Escaped { value: Range<usize> },
}

impl Placement {
    /// Where `value`, parsed from `file_text`, was written. The parser's span covers the quotes; the text
    /// starts after the opening delimiter (`"`, `'`, `"""` or `'''`, the
    /// multi-line ones dropping a newline right after them), and is verbatim
    /// exactly when the bytes between the delimiters are the value itself.
    pub fn of_string(file_text: &str, value: &Spanned<String>) -> Self {
        let written = in_file(value);
        let raw = file_text.get(written.clone()).unwrap_or("");
        let delimiter = if raw.starts_with("\"\"\"") || raw.starts_with("'''") { 3 } else { 1 };
        let between = raw.get(delimiter..raw.len().saturating_sub(delimiter)).unwrap_or("");
        let dropped_newline = usize::from(delimiter == 3 && between.starts_with('\n'));
        if &between[dropped_newline..] == value.get_ref().as_str() {
            Self::Verbatim { start: written.start + delimiter + dropped_newline }
        } else {
            Self::Escaped { value: written }
        }
    }

    /// Where bytes `range` of the text are in the file.
    pub fn map(&self, range: Range<usize>) -> Range<usize> {
        match self {
            Self::Verbatim { start } => start + range.start..start + range.end,
            Self::Escaped { value } => value.clone(),
        }
    }

    /// Where all of `text` (the value placed) is in the file.
    pub fn whole(&self, text: &str) -> Range<usize> {
        self.map(0..text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;
    use crate::markup::toml_read;

    #[derive(Deserialize)]
    struct One {
        text: Spanned<String>,
    }

    /// The placement of `text = …` written on the second line of a file
    /// whose TOML starts after a `+++` line.
    fn placed(toml_value: &str) -> (String, Placement, String) {
        let file = format!("+++\n# comment\ntext = {toml_value}\n+++\n");
        let source = SourceFile::new("x.md".into(), file.as_str());
        let one: One = toml_read::parse(&source, &file[4..file.len() - 4], 4).unwrap();
        let placement = Placement::of_string(&file, &one.text);
        (file, placement, one.text.into_inner())
    }

    #[test]
    fn verbatim_strings_map_byte_for_byte() {
        for written in
            ["\"**気づき** です\"", "'**気づき** です'", "\"\"\"\n**気づき** です\"\"\"", "'''**気づき** です'''"]
        {
            let (file, placement, text) = placed(written);
            let Placement::Verbatim { start } = placement else { panic!("{written}: {placement:?}") };
            assert_eq!(&file[start..start + text.len()], text, "{written}");
            assert_eq!(&file[placement.map(2..8)], "気づ", "{written}");
        }
    }

    #[test]
    fn escaped_strings_point_at_the_whole_value() {
        for written in ["\"images/\\u0030x.jpg\"", "\"a \\\"quoted\\\" word\"", "\"\"\"\nline \\\n  joined\"\"\""] {
            let (file, placement, text) = placed(written);
            let Placement::Escaped { value } = &placement else { panic!("{written}: {placement:?}") };
            assert_eq!(&file[value.clone()], written);
            assert_eq!(placement.map(1..2), *value, "every part of {text:?} points at the value");
        }
    }

    #[test]
    fn other_values_point_into_the_file() {
        #[derive(Deserialize)]
        struct Pages {
            pages: Spanned<u32>,
            date: Spanned<Datetime>,
        }
        let file = "+++\npages = 4\ndate = 2022-06-01\n+++\n";
        let source = SourceFile::new("x.md".into(), file);
        let parsed: Pages = toml_read::parse(&source, &file[4..file.len() - 4], 4).unwrap();
        assert_eq!(&file[in_file(&parsed.pages)], "4");
        assert_eq!(&file[in_file(&parsed.date)], "2022-06-01");
    }
}
