//! The draft of an issue too long for its pages: `build` and `watch` write
//! the pages as laid out beside the PDF (`out/2022-06-draft.pdf` beside
//! `out/2022-06.pdf`), which itself stays as it was, and remove the draft
//! again after the next good build so that an old one never misleads.

use std::path::{Path, PathBuf};

use crate::cli::target::shown;
use crate::diag::Failure;
use crate::fs;
use crate::model::id::IssueId;
use crate::print::pdf;

/// Where the draft of `pdf_path` goes: beside it, `<name>-draft.pdf`.
pub fn path_of(pdf_path: &Path) -> PathBuf {
    let stem = pdf_path.file_stem().map_or_else(|| "draft".into(), |s| s.to_string_lossy().into_owned());
    pdf_path.with_file_name(format!("{stem}-draft.pdf"))
}

/// Writes the failure's draft, if it has one, and says so (or why it could
/// not) in its first diagnostic.
pub fn write(failure: &mut Failure, id: IssueId, pdf_path: &Path) {
    let Some(bytes) = pdf::draft(failure, id) else { return };
    let path = path_of(pdf_path);
    let note = match bytes.and_then(|bytes| fs::write_atomic(&path, &bytes).map_err(Failure::from)) {
        Ok(()) => format!(
            "入りきらなかった紙面を {} に書き出しました。予定のページをこえたところに印があります。どこを短くするかの参考にしてください",
            shown(&path)
        ),
        Err(err) => format!(
            "入りきらなかった紙面を書き出せませんでした（{}）",
            err.diagnostics.first().map_or("", |d| d.message.as_str())
        ),
    };
    failure.draft = None;
    if let Some(first) = failure.diagnostics.first_mut() {
        first.hints.push(note);
    }
}

/// After a good build a draft left from an earlier overflow is out of date.
/// Removing it is a courtesy: a draft that cannot be removed is left alone
/// (the good PDF is what counts), so the error is not reported.
pub fn remove(pdf_path: &Path) {
    let path = path_of(pdf_path);
    if path.is_file() {
        let _ = std::fs::remove_file(path);
    }
}
