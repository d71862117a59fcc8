//! Where a value the coordinator wrote in TOML lies in its file: the one
//! answer used to point a diagnostic into a string (a Markdown warning in a
//! flow step, a photo path, a character no font has), and to proofread every
//! string with exact positions.

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use crate::diag::SourceFile;
use crate::markup::toml_read::WrittenString;

/// A string value of tsushin.toml, issue.toml or a front matter: its text
/// and where that text is in its file.
#[derive(Debug, Clone)]
pub struct WrittenText {
    pub file: Arc<SourceFile>,
    pub text: String,
    pub placement: Placement,
}

impl WrittenText {
    pub fn new(file: &Arc<SourceFile>, written: WrittenString) -> Self {
        let placement = Placement::of_string(&file.text, &Spanned::new(written.range, written.text.clone()));
        Self { file: file.clone(), text: written.text, placement }
    }
}

/// Where the text of a string value lies in its file, so that a position
/// inside it (a Markdown warning in a flow step, an image it refers to) can be
/// shown where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
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
        let written = value.span();
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
    use serde::Deserialize;

    use super::*;
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
}
