//! Where a text the coordinator wrote lies in its file: the one answer used
//! to point a diagnostic into a string (a Markdown warning in a flow step, a
//! photo path, a character no font has), and to proofread every string and
//! every Markdown body with exact positions.

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use crate::diag::SourceFile;
use crate::markup::toml_read::WrittenString;

/// A string value of tsushin.toml, issue.toml or a front matter: its text,
/// where that text is in its file, its key and what kind of text it is.
#[derive(Debug, Clone)]
pub struct WrittenText {
    pub file: Arc<SourceFile>,
    pub text: String,
    pub placement: Placement,
    /// The bytes of the file the value was written at, delimiters included.
    pub written: Range<usize>,
    /// The key path it is the value of (`publisher.phone`, `flow.text`).
    pub key: String,
    pub role: Role,
}

/// What a string value is, for the stages that read it as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Printed as written: a title, a caption, a voice, a phone number.
    Plain,
    /// One paragraph of Markdown (`**bold**` allowed): a flow step, a game
    /// point. The loader marks these as it converts them.
    Inline,
    /// A name rather than text to read: a file path, a URL, a layout's name.
    Name,
}

/// The keys whose values name something (a file, a web page, a layout)
/// instead of being read: proofreading leaves them alone.
const NAME_KEYS: &[&str] = &["layout", "photos.file", "figures.file", "publisher.web_url", "proofreading.dictionary"];

impl WrittenText {
    pub fn new(file: &Arc<SourceFile>, written: WrittenString) -> Self {
        let placement = Placement::of_string(&file.text, &Spanned::new(written.range.clone(), written.text.clone()));
        let role = if NAME_KEYS.contains(&written.key.as_str()) { Role::Name } else { Role::Plain };
        Self { file: file.clone(), text: written.text, placement, written: written.range, key: written.key, role }
    }

    /// The bytes of the file between the value's delimiters: the text as
    /// written (escapes unread), which proofreading reads so that every
    /// position it finds is the file's own.
    pub fn as_written(&self) -> Range<usize> {
        between_delimiters(&self.file.text, self.written.clone())
    }
}

/// The bytes of a TOML string value written at `written` (the parser's span,
/// quotes included) that lie between its delimiters (`"`, `'`, `"""` or
/// `'''`, a multi-line one dropping a newline right after it).
fn between_delimiters(file_text: &str, written: Range<usize>) -> Range<usize> {
    let raw = file_text.get(written.clone()).unwrap_or("");
    let delimiter = if raw.starts_with("\"\"\"") || raw.starts_with("'''") { 3 } else { 1 };
    if raw.len() < 2 * delimiter {
        return written.start..written.start;
    }
    let between = &raw[delimiter..raw.len() - delimiter];
    let dropped_newline = if delimiter == 3 && between.starts_with("\r\n") {
        2
    } else {
        usize::from(delimiter == 3 && between.starts_with('\n'))
    };
    written.start + delimiter + dropped_newline..written.end - delimiter
}

/// A Markdown body of a section file (everything after its front matter):
/// the file and the bytes of it the body is.
#[derive(Debug, Clone)]
pub struct WrittenBody {
    pub file: Arc<SourceFile>,
    pub range: Range<usize>,
}

impl WrittenBody {
    pub fn text(&self) -> &str {
        &self.file.text[self.range.clone()]
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
        let between = between_delimiters(file_text, written.clone());
        if file_text.get(between.clone()) == Some(value.get_ref().as_str()) {
            Self::Verbatim { start: between.start }
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

    #[test]
    fn as_written_is_the_text_between_the_delimiters() {
        for (written, between) in [
            ("\"7月2日\"", "7月2日"),
            ("'7月2日'", "7月2日"),
            ("\"\"\"\n7月2日\"\"\"", "7月2日"),
            ("\"\"\"\r\n7月2日\"\"\"", "7月2日"),
            ("'''7月2日'''", "7月2日"),
            ("\"\\u0037月2日\"", "\\u0037月2日"),
            ("\"\"", ""),
        ] {
            let file_text = format!("text = {written}\n");
            let file = SourceFile::new("x.toml".into(), file_text.as_str());
            let range = 7..7 + written.len();
            let text = WrittenText::new(&file, WrittenString { range, text: String::new(), key: "text".into() });
            assert_eq!(&file_text[text.as_written()], between, "{written:?}");
        }
    }
}
