//! PDF export: the laid-out pages, or a print form made from them, as the
//! bytes that are written (`build`, `watch`) or archived (`archive`).
//!
//! Every PDF carries the metadata of `main.typ`'s `set document` and the issue
//! date as its fixed timestamp, so the same input always gives the same bytes.

use typst::diag::SourceDiagnostic;
use typst::foundations::Smart;
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Failure};
use crate::model::id::IssueId;
use crate::model::issue::Issue;
use crate::typeset::compile;
use crate::typeset::world::TsushinWorld;

/// The standards an archived PDF claims, as recorded in the manifest.
pub const ARCHIVAL_FULL: &[&str] = &["PDF/A-2a", "PDF/UA-1"];
pub const ARCHIVAL_A_ONLY: &[&str] = &["PDF/A-2a"];

/// PDF bytes: fonts embedded as subsets (Typst always subsets), metadata from
/// `main.typ`'s `set document`, and the issue date as the fixed timestamp so the
/// same input gives the same bytes.
pub fn export(document: &PagedDocument, issue: &Issue, world: &TsushinWorld) -> Result<Vec<u8>, Failure> {
    pdf(document, issue, &[]).map_err(|errors| Failure {
        diagnostics: vec![Diagnostic::error("PDF の書き出しに失敗しました")],
        rendered: Some(compile::render(world, &errors)),
        usage: false,
        draft: None,
    })
}

/// The draft of an issue too long for its pages (see [`Failure::draft`]):
/// the pages as laid out, marked past the plan by the layout. `None` when the
/// failure has no pages to show. The date in the document's metadata (from
/// `main.typ`) makes the bytes as reproducible as [`export`]'s.
pub fn draft(failure: &Failure, id: IssueId) -> Option<Result<Vec<u8>, Failure>> {
    let document = failure.draft.as_deref()?;
    let date = match typst::model::Document::info(document).date {
        Smart::Custom(Some(date)) => Some(date),
        _ => None,
    };
    let bytes = with_metadata(document, format!("tsushin/{id}/draft"), date, &[]);
    Some(bytes.map_err(|_| Diagnostic::error("下書きの PDF を書き出せませんでした").into()))
}

/// An archived PDF and the standards it meets.
pub struct Archival {
    pub pdf: Vec<u8>,
    pub standards: &'static [&'static str],
    /// Why PDF/UA-1 could not be met (Typst's diagnostics, rendered).
    pub not_ua: Option<String>,
}

/// An archived PDF: PDF/A-2a with PDF/UA-1 when the document conforms to
/// both, otherwise PDF/A-2a alone with the reason PDF/UA-1 was refused (for
/// example Markdown headings that start below level 1: the layout's section
/// titles are not headings).
pub fn archival(document: &PagedDocument, issue: &Issue, world: &TsushinWorld) -> Result<Archival, Failure> {
    use typst_pdf::PdfStandard::{A_2a, Ua_1};
    match pdf(document, issue, &[A_2a, Ua_1]) {
        Ok(pdf) => Ok(Archival { pdf, standards: ARCHIVAL_FULL, not_ua: None }),
        Err(ua_errors) => {
            let reason = compile::render(world, &ua_errors);
            let bytes = pdf(document, issue, &[A_2a]).map_err(|errors| Failure {
                diagnostics: vec![
                    Diagnostic::error(format!("号 {} を保存版の PDF（PDF/A-2a）にできません", issue.id)).hint(
                        "下の内容を直してください。画像の説明がない場合は、写真に caption か alt を書いてください",
                    ),
                ],
                rendered: Some(compile::render(world, &errors)),
                usage: false,
                draft: None,
            })?;
            Ok(Archival { pdf: bytes, standards: ARCHIVAL_A_ONLY, not_ua: Some(reason) })
        }
    }
}

/// The PDF with the metadata every tsushin PDF has, meeting `standards`.
fn pdf(
    document: &PagedDocument,
    issue: &Issue,
    standards: &[typst_pdf::PdfStandard],
) -> Result<Vec<u8>, typst::ecow::EcoVec<SourceDiagnostic>> {
    let date = typst::foundations::Datetime::from_ymd(
        issue.date.year,
        u8::try_from(issue.date.month).unwrap_or(1),
        u8::try_from(issue.date.day).unwrap_or(1),
    );
    with_metadata(document, format!("tsushin/{}", issue.id), date, standards)
}

/// Every tsushin PDF's options: its identifier, tsushin as the creator, and
/// `date` as the fixed timestamp (so the same input gives the same bytes).
fn with_metadata(
    document: &PagedDocument,
    ident: String,
    date: Option<typst::foundations::Datetime>,
    standards: &[typst_pdf::PdfStandard],
) -> Result<Vec<u8>, typst::ecow::EcoVec<SourceDiagnostic>> {
    // The list is fixed by the callers and known to be compatible.
    let standards = typst_pdf::PdfStandards::new(standards).unwrap_or_default();
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some(format!("tsushin {}", env!("CARGO_PKG_VERSION")))),
        timestamp: date.map(typst_pdf::Timestamp::new_utc),
        standards,
        ..Default::default()
    };
    typst_pdf::pdf(document, &options)
}
