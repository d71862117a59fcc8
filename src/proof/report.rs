//! From a rule's match in the prose to a [`Finding`] in the file, and from a
//! finding to the crate's [`Diagnostic`] (file:line:col, the source line, the
//! hint), so that proofreading prints like every other message of tsushin.

use std::ops::Range;
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};

use super::prose::Block;
use super::{DictionaryError, Finding, Fix, Level, Place, Rule};

impl Block {
    /// A finding about `range` of the block's text.
    pub fn finding(&self, rule: Rule, level: Level, range: Range<usize>, message: String, hint: String) -> Finding {
        Finding { rule, level, file: self.file, range: self.src(range), message, hint, fix: None, related: Vec::new() }
    }

    /// A fix that writes `replacement` over `range` of the block's text.
    pub fn fix(&self, range: Range<usize>, replacement: impl Into<String>) -> Option<Fix> {
        Some(Fix { range: self.src(range), replacement: replacement.into() })
    }

    pub fn place(&self, range: Range<usize>) -> Place {
        Place { file: self.file, range: self.src(range) }
    }
}

impl Finding {
    pub fn with_fix(mut self, fix: Option<Fix>) -> Finding {
        self.fix = fix;
        self
    }

    /// The finding as a diagnostic. `files[finding.file]` is the file the
    /// finding's [`super::Text`] came from. The message starts with the
    /// rule's name (notes say they are notes); the places of
    /// [`Finding::related`] become a hint with their `file:line:col`.
    pub fn diagnostic(&self, files: &[Arc<SourceFile>]) -> Diagnostic {
        let message = match self.level {
            Level::Warning => format!("校正（{}）: {}", self.rule.title(), self.message),
            Level::Note => format!("校正・参考（{}）: {}", self.rule.title(), self.message),
        };
        let mut diag = Diagnostic::warning(message);
        if let Some(file) = files.get(self.file) {
            diag = diag.at(file, self.range.clone());
        }
        diag = diag.hint(self.hint.clone());
        if let Some(fixed) = files.get(self.file).and_then(|file| self.fixed(&file.text)) {
            diag = diag.hint(format!("直した形: 「{fixed}」"));
        }
        if !self.related.is_empty() {
            // A few places are enough to find the other spelling; the rest are counted.
            const SHOWN: usize = 5;
            let places: Vec<String> = self.related.iter().take(SHOWN).filter_map(|p| position(files, p)).collect();
            let more = self.related.len().saturating_sub(SHOWN);
            let more = if more > 0 { format!("（ほか{more}か所）") } else { String::new() };
            diag = diag.hint(format!("ほかの書き方の場所: {}{more}", places.join("、")));
        }
        diag
    }
}

impl Finding {
    /// The text the finding marks, with the fix written in: what the
    /// coordinator's text becomes (「2022年7月2日（土）」 for a weekday).
    /// `None` without a fix, when the fix replaces all that is marked (the
    /// hint names the replacement then), or when `text` is not the file.
    pub fn fixed(&self, text: &str) -> Option<String> {
        let fix = self.fix.as_ref()?;
        if fix.range.start <= self.range.start && self.range.end <= fix.range.end {
            return None;
        }
        let start = self.range.start.min(fix.range.start);
        let end = self.range.end.max(fix.range.end);
        let before = text.get(start..fix.range.start)?;
        let after = text.get(fix.range.end..end)?;
        Some(format!("{before}{}{after}", fix.replacement))
    }
}

/// `file:line:col` of a place.
fn position(files: &[Arc<SourceFile>], place: &Place) -> Option<String> {
    let file = files.get(place.file)?;
    let (line, col) = file.line_col(place.range.start);
    Some(format!("{}:{line}:{col}", file.display))
}

impl DictionaryError {
    /// The mistake as an error diagnostic in the dictionary file `file`.
    pub fn diagnostic(&self, file: &Arc<SourceFile>) -> Diagnostic {
        let mut diag = Diagnostic::error(format!("{}: {}", file.display, self.message));
        if let Some(range) = &self.range {
            diag = diag.at(file, range.clone());
        }
        diag.hint(self.hint.clone())
    }
}
