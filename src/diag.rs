//! Diagnostics: what went wrong, where, and what to do about it.
//!
//! Every problem tsushin reports about a coordinator's files is a [`Diagnostic`]:
//! a Japanese message, the file (and the byte range in it, when there is one) and
//! hints. They are printed in the style of rustc and typst — `file:line:column`,
//! the offending line with a marker underneath — so the coordinator sees exactly
//! what to fix. Failures carry an exit status: 1 for content, 2 for usage.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A text file the coordinator wrote, kept so that diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user (relative to the newsletter root when possible).
    pub display: String,
    /// The decoded text (UTF-8, no BOM, `\n` line endings).
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(display: String, text: impl Into<Arc<str>>) -> Arc<Self> {
        Arc::new(Self { display, text: text.into() })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Where a diagnostic points.
#[derive(Debug, Clone)]
pub enum Location {
    /// A file as a whole (it is missing, unreadable, …).
    Path(String),
    /// A byte range inside a loaded text file.
    Span(Arc<SourceFile>, Range<usize>),
}

/// One problem, with everything needed to explain it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, message: message.into(), location: None, hints: vec![] }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(message) }
    }

    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.location = Some(Location::Path(path.into()));
        self
    }

    pub fn at(mut self, file: &Arc<SourceFile>, range: Range<usize>) -> Self {
        self.location = Some(Location::Span(file.clone(), range));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` (or just the file) for one-line summaries and tests.
    pub fn position(&self) -> Option<String> {
        match &self.location {
            None => None,
            Some(Location::Path(p)) => Some(p.clone()),
            Some(Location::Span(file, range)) => {
                let (line, col) = file.line_col(range.start);
                Some(format!("{}:{line}:{col}", file.display))
            }
        }
    }

    /// Renders the diagnostic for a terminal (without colour).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
        };
        let _ = writeln!(out, "{label}: {}", self.message);
        match &self.location {
            None => {}
            Some(Location::Path(p)) => {
                let _ = writeln!(out, "  --> {p}");
            }
            Some(Location::Span(file, range)) => render_snippet(&mut out, file, range),
        }
        for hint in &self.hints {
            let _ = writeln!(out, "  = ヒント: {hint}");
        }
        out
    }
}

/// Writes the `--> file:line:col`, the source line and a `^^^` marker.
fn render_snippet(out: &mut String, file: &SourceFile, range: &Range<usize>) {
    let (line, col) = file.line_col(range.start);
    let _ = writeln!(out, "  --> {}:{line}:{col}", file.display);
    let Some(text) = file.text.split('\n').nth(line - 1) else { return };
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    let start = floor_char_boundary(&file.text, range.start);
    let line_start = file.text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = &file.text[line_start..start];
    let end = floor_char_boundary(&file.text, range.end.max(range.start).min(line_start + text.len()));
    let marked = &file.text[start..end.max(start)];
    let indent = " ".repeat(display_width(before));
    let marker = "^".repeat(display_width(marked).max(1));
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{line} | {text}");
    let _ = writeln!(out, "{pad} | {indent}{marker}");
}

/// Terminal columns of a string: East Asian wide characters take two, so
/// `^^^` markers line up under Japanese text.
pub fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// A failed command: the diagnostics that explain it and the exit status to return.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
    /// Already rendered text (typst's own diagnostics), printed after ours.
    pub rendered: Option<String>,
    pub usage: bool,
    /// The laid-out pages of an issue too long for its pages: what to show
    /// the coordinator so they see what to cut (written as `<号>-draft.pdf` by
    /// build and watch). Boxed: a failure is moved around far more often than
    /// it carries pages.
    pub draft: Option<Box<typst_layout::PagedDocument>>,
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        if self.usage { 2 } else { 1 }
    }

    pub fn usage(diag: Diagnostic) -> Self {
        Self { diagnostics: vec![diag], rendered: None, usage: true, draft: None }
    }
}

impl From<Diagnostic> for Failure {
    fn from(diag: Diagnostic) -> Self {
        Self { diagnostics: vec![diag], rendered: None, usage: false, draft: None }
    }
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Self { diagnostics, rendered: None, usage: false, draft: None }
    }
}

pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// Shows a path relative to `base` when it lies inside it.
pub fn display_path(path: &Path, base: &Path) -> String {
    path.strip_prefix(base).unwrap_or(path).display().to_string()
}

/// Collects diagnostics while loading, so that one run reports every problem.
#[derive(Debug, Default)]
pub struct Sink {
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn push(&mut self, diag: Diagnostic) {
        self.diagnostics.push(diag);
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Keeps the value of `result`, recording its error instead of stopping.
    pub fn take<T>(&mut self, result: std::result::Result<T, Diagnostic>) -> Option<T> {
        result.map_err(|d| self.push(d)).ok()
    }
}

/// Makes a panic (always a bug in tsushin) say so in Japanese, with where it
/// happened and what to do, instead of a bare Rust message and backtrace.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let location = info.location().map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
        eprint!("{}", bug_report(&payload, location.as_deref()));
    }));
}

/// The text printed for a panic.
pub fn bug_report(payload: &str, location: Option<&str>) -> String {
    let mut out = String::from(
        "エラー: tsushin の内部で思いがけない問題が起きました（プログラムの不具合です。原稿のせいではありません）\n",
    );
    if let Some(location) = location {
        let _ = writeln!(out, "  場所: {location}");
    }
    if !payload.is_empty() {
        let _ = writeln!(out, "  内容: {payload}");
    }
    out.push_str(
        "  = お願い: 実行したコマンドとこの表示、号のフォルダーを添えて、tsushin の担当者に知らせてください\n",
    );
    out.push_str("  = 前に作った PDF は書き換えられずにそのまま残っています\n");
    out
}
