//! Compiling an issue's virtual tree in the sandboxed world (through
//! [`converge`]), and what Typst says about it: the laid-out pages go through
//! preflight before anyone sees them, and Typst's diagnostics are explained
//! in terms of the coordinator's files where they point into the generated
//! data.
//!
//! Before: the tree ([`crate::typeset::tree`]). After: the print forms and
//! export in `print/`.

use typst::WorldExt as _;
use typst::diag::{SourceDiagnostic, Warned};
use typst_kit::diagnostics::{DiagnosticFormat, emit};
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Failure};
use crate::model::issue::Issue;
use crate::typeset::converge::{self, Converged};
use crate::typeset::data::SourceMap;
use crate::typeset::pages::ImageFiles;
use crate::typeset::preflight;
use crate::typeset::world::TsushinWorld;
use crate::vpath::VPath;

/// A compiled issue and the warnings found on the way.
pub struct Compiled {
    pub document: PagedDocument,
    /// Which file each image on the pages came from.
    pub images: ImageFiles,
    pub warnings: Vec<Diagnostic>,
    /// Typst's own warnings, rendered.
    pub typst_warnings: Option<String>,
    /// Typst's layout passes (one when the seed's answers held).
    pub passes: usize,
}

/// Compiles and checks the result (see [`preflight`]): errors fail the
/// compilation, warnings are returned with the document.
/// `map` is the source map [`tree::of_issue`](crate::typeset::tree::of_issue)
/// returned with the world's tree. `flowing`: the pages flow on as far as
/// the content takes them (large print), so there is no page count to keep.
/// `seed`: the pages of an earlier compilation of the same issue in this
/// world, which answer the first pass of Typst's layout loop ([`converge`]).
pub fn compile(
    world: &TsushinWorld,
    issue: &Issue,
    map: &SourceMap,
    flowing: bool,
    seed: Option<&PagedDocument>,
) -> Result<Compiled, Failure> {
    let Converged { output: Warned { output, warnings }, passes } = converge::compile(world, seed);
    let typst_warnings = (!warnings.is_empty()).then(|| render(world, &warnings));
    let document = output.map_err(|errors| Failure {
        diagnostics: layout_errors(world, map, &errors),
        rendered: Some(render(world, &errors)),
        usage: false,
        draft: None,
    })?;
    // Built once the world has served this compilation's files.
    let images = ImageFiles::new(world, issue.images.iter().map(|(vpath, _)| vpath));
    let findings = preflight::check(&document, issue, world, map, &images, flowing);
    if !findings.errors.is_empty() {
        let mut diagnostics = findings.errors;
        diagnostics.extend(findings.warnings);
        let mut failure = Failure::from(diagnostics);
        // Too long for its pages: the layout laid everything out anyway, the
        // part past the planned pages marked; the coordinator gets to see it.
        if !flowing && document.pages().len() > usize::try_from(issue.pages).unwrap_or(usize::MAX) {
            failure.draft = Some(Box::new(document));
        }
        return Err(failure);
    }
    Ok(Compiled { document, images, warnings: findings.warnings, typst_warnings, passes })
}

/// Typst errors explained: one in the generated data points back to the
/// section file it came from (that is tsushin's fault, not the coordinator's);
/// anything else is in the layout.
fn layout_errors(world: &TsushinWorld, map: &SourceMap, errors: &[SourceDiagnostic]) -> Vec<Diagnostic> {
    let issue_typ = crate::typeset::world::file_id(&VPath::issue_data());
    let mut diags: Vec<Diagnostic> = errors
        .iter()
        .filter(|e| e.span.id() == Some(issue_typ))
        .filter_map(|e| {
            let origin = map.locate(world.range(e.span)?.start)?;
            let diag = Diagnostic::error(format!("{} のこの部分を組版できませんでした（{}）", origin.file.display, e.message))
                .hint("tsushin の不具合の可能性があります。このファイルを添えて担当者に連絡してください。とりあえずこの部分の書き方を変えると組版できることがあります");
            Some(origin.locate(diag))
        })
        .collect();
    if diags.is_empty() {
        diags.push(Diagnostic::error("レイアウトの組版中にエラーが起きました").hint(
            "レイアウト（layouts/）を編集した場合はその箇所を、そうでなければ下の内容を添えて担当者に連絡してください",
        ));
    }
    diags
}

/// Typst's diagnostics as the typst CLI prints them (source lines quoted),
/// for the cases tsushin cannot explain in its own words.
pub fn render(world: &TsushinWorld, diags: &[SourceDiagnostic]) -> String {
    let mut buf = typst_kit::diagnostics::termcolor::NoColor::new(Vec::new());
    let _ = emit(&mut buf, world, diags, DiagnosticFormat::Human);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}
