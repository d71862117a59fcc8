//! Where the parts of a generated `issue.typ` came from: which byte ranges
//! came from which section file (and, inside rich text, from which bytes of
//! it), and which string values each file supplied.
//!
//! The map is recorded while the data is written
//! ([`super::typst_literal`]) and read after layout: every glyph Typst lays
//! out carries a span into `issue.typ` (or none, for text from a string
//! value), so preflight and the explanation of Typst's errors can name the
//! file and line the coordinator has to change.

use std::ops::Range;
use std::sync::Arc;

use crate::diag::SourceFile;
use crate::markup::markdown::TextSpan;
use crate::model::written::WrittenText;

/// Where the parts of a generated `issue.typ` came from.
#[derive(Debug, Default)]
pub struct SourceMap {
    /// Rich text blocks, in order of their position in `issue.typ`.
    regions: Vec<Region>,
    /// String values and the file each came from.
    strings: Vec<(String, Arc<SourceFile>)>,
    /// Where each string value of the coordinator's files was written.
    written: Vec<WrittenText>,
    /// Every section file, in the order the layout reads them.
    pub files: Vec<Arc<SourceFile>>,
}

/// Recording, as `issue.typ` is written (by [`super::typst_literal`]).
impl SourceMap {
    /// A section file whose values follow.
    pub(super) fn add_file(&mut self, file: Arc<SourceFile>) {
        self.files.push(file);
    }

    /// Where the string values were written (the string index).
    pub(super) fn set_written(&mut self, written: &[WrittenText]) {
        self.written = written.to_vec();
    }

    /// A string value `file` supplied.
    pub(super) fn add_string(&mut self, value: &str, file: Arc<SourceFile>) {
        self.strings.push((value.to_owned(), file));
    }

    /// A rich text block written at `out` of `issue.typ` from `markup`,
    /// whose text pieces `spans` lie at `out` offsets relative to `out.start`.
    pub(super) fn add_region(&mut self, out: Range<usize>, file: Arc<SourceFile>, spans: &[TextSpan], markup: &str) {
        let start = out.start;
        let spans = spans
            .iter()
            .map(|s| TextSpan { out: s.out.start + start..s.out.end + start, src: s.src.clone() })
            .collect();
        self.regions.push(Region { out, file, spans, markup: markup.to_owned() });
    }
}

#[derive(Debug)]
struct Region {
    out: Range<usize>,
    file: Arc<SourceFile>,
    /// Text pieces with `out` as offsets into `issue.typ`.
    spans: Vec<TextSpan>,
    /// The escaped markup of the pieces, to count characters in.
    markup: String,
}

/// A place in a section file that generated text came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    /// The byte range in the file, when it is known.
    pub range: Option<Range<usize>>,
}

impl Origin {
    /// Makes `diag` point here: at the line when the place is known,
    /// otherwise at the file.
    pub fn locate(&self, diag: crate::diag::Diagnostic) -> crate::diag::Diagnostic {
        match &self.range {
            Some(range) => diag.at(&self.file, range.clone()),
            None => diag.at_path(self.file.display.clone()),
        }
    }
}

impl SourceMap {
    /// The file (and, when it can be told, the byte in it) that the byte
    /// `offset` of `issue.typ` came from.
    pub fn locate(&self, offset: usize) -> Option<Origin> {
        let i = self.regions.partition_point(|r| r.out.start <= offset).checked_sub(1)?;
        let region = &self.regions[i];
        if offset >= region.out.end {
            return None;
        }
        let range = region
            .spans
            .iter()
            .find(|s| s.out.contains(&offset))
            .map(|s| source_offset(region, s, offset, &region.file.text));
        Some(Origin { file: region.file.clone(), range })
    }

    /// The file that supplied a string value containing `text` (text laid out
    /// from strings has no span). Only text of two characters or more is
    /// looked up: shorter pieces occur everywhere.
    pub fn string_origin(&self, text: &str) -> Option<Origin> {
        let text = text.trim();
        if text.chars().count() < 2 {
            return None;
        }
        self.find_string(text)
    }

    /// The file of the first string value containing `c` (a character no
    /// font has, say).
    pub fn char_origin(&self, c: char) -> Option<Origin> {
        self.find_string(c.encode_utf8(&mut [0; 4]))
    }

    fn find_string(&self, part: &str) -> Option<Origin> {
        let (value, file) = self.strings.iter().find(|(value, _)| value.contains(part))?;
        // The part within the value is found in the value; where the value
        // is in the file comes from the parser (exact when written without
        // escapes, otherwise the whole value).
        let at = value.find(part).unwrap_or(0);
        let range = self
            .written
            .iter()
            .find(|written| Arc::ptr_eq(&written.file, file) && written.text == *value)
            .map(|written| written.placement.map(at..at + part.len()));
        Some(Origin { file: file.clone(), range })
    }
}

/// Maps `offset` inside a text piece back to the Markdown byte it shows:
/// the escaped markup has one `\` before each ASCII punctuation character, so
/// counting characters without those gives the position in the source piece.
fn source_offset(region: &Region, span: &TextSpan, offset: usize, source: &str) -> Range<usize> {
    let base = region.out.start;
    let markup = region.markup.get(span.out.start - base..offset - base).unwrap_or("");
    let mut shown = 0usize;
    let mut escaped = false;
    for c in markup.chars() {
        if c == '\\' && !escaped {
            escaped = true;
            continue;
        }
        escaped = false;
        shown += 1;
    }
    let piece = source.get(span.src.clone()).unwrap_or("");
    match piece.char_indices().nth(shown) {
        Some((at, c)) => span.src.start + at..span.src.start + at + c.len_utf8(),
        None => span.src.clone(),
    }
}
