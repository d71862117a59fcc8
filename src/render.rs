//! From an issue to a PDF: generate the Typst source, gather the layout,
//! compile in the sandboxed world, check the result, export.

use std::path::Path;
use std::sync::Arc;

use typst::WorldExt as _;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Smart};
use typst_kit::diagnostics::{DiagnosticFormat, emit};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

use crate::assets;
use crate::diag::{Diagnostic, Failure, display_path};
use crate::fsx;
use crate::issue::Issue;
use crate::preflight;
use crate::typst_data::{self, SourceMap};
use crate::world::{Tree, TsushinWorld};

/// The layout's files, from the newsletter's `layouts/<name>/` if it has one,
/// otherwise the embedded default.
pub fn add_layout(tree: &mut Tree, root: &Path, name: &str) -> Result<(), Diagnostic> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(Diagnostic::error(format!("レイアウト名「{name}」は使えません"))
            .hint("layout には英数字・-・_ だけの名前（例: default）を書いてください"));
    }
    let dir = root.join("layouts").join(name);
    if dir.join("layout.typ").is_file() {
        for path in fsx::walk_files(&dir)? {
            if let Ok(rel) = path.strip_prefix(&dir) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                let shown = display_path(&path, root);
                tree.disk(&format!("/layouts/{name}/{rel}"), path, shown);
            }
        }
        return Ok(());
    }
    if name == "default" {
        for (rel, bytes) in assets::DEFAULT_LAYOUT {
            tree.memory(
                &format!("/layouts/default/{rel}"),
                Bytes::new(*bytes),
                format!("(内蔵) layouts/default/{rel}"),
            );
        }
        return Ok(());
    }
    Err(Diagnostic::error(format!(
        "レイアウト「{name}」が見つかりません（{} がありません）",
        display_path(&dir.join("layout.typ"), root)
    ))
    .hint("tsushin.toml か issue.toml の layout を default にするか、layouts/<名前>/layout.typ を作ってください"))
}

/// The whole virtual tree of an issue (generated files, layout, images) and
/// the map from the generated `issue.typ` back to the section files, which
/// [`compile`] needs to explain what it finds.
pub fn tree(issue: &Issue, root: &Path, output: typst_data::Output) -> Result<(Tree, SourceMap), Diagnostic> {
    let mut tree = Tree::default();
    let layout = &issue.settings.layout;
    add_layout(&mut tree, root, layout)?;
    tree.memory("/main.typ", Bytes::new(typst_data::main_module(issue, layout).into_bytes()), "(生成) main.typ".into());
    let generated = typst_data::generate(issue, output);
    tree.memory("/issue.typ", Bytes::new(generated.text.into_bytes()), "(生成) issue.typ".into());
    if let Some(url) = issue.settings.publisher.web_url.as_deref().filter(|_| typst_data::web_qr(issue)) {
        let svg = crate::qr::svg(url).ok_or_else(|| {
            Diagnostic::error(format!("ホームページの URL「{url}」は長すぎて QR コードにできません"))
                .hint("tsushin.toml の [publisher] の web_url を短い URL にしてください")
        })?;
        tree.memory(crate::qr::WEB_QR_VPATH, Bytes::new(svg.into_bytes()), "(生成) ホームページの QR コード".into());
    }
    for (vpath, path) in &issue.images {
        tree.disk(vpath, path.clone(), display_path(path, root));
    }
    Ok((tree, generated.map))
}

/// A compiled issue and the warnings found on the way.
pub struct Compiled {
    pub document: PagedDocument,
    pub warnings: Vec<Diagnostic>,
    /// Typst's own warnings, rendered.
    pub typst_warnings: Option<String>,
}

/// Compiles and checks the result (see [`preflight`]): errors fail the
/// compilation, warnings are returned with the document.
/// `map` is the source map [`tree`] returned with the world's tree.
pub fn compile(world: &TsushinWorld, issue: &Issue, map: &SourceMap) -> Result<Compiled, Failure> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    let typst_warnings = (!warnings.is_empty()).then(|| render_typst(world, &warnings));
    let document = output.map_err(|errors| Failure {
        diagnostics: layout_errors(world, map, &errors),
        rendered: Some(render_typst(world, &errors)),
        usage: false,
        draft: None,
    })?;
    let findings = preflight::check(&document, issue, world, map);
    if !findings.errors.is_empty() {
        let mut diagnostics = findings.errors;
        diagnostics.extend(findings.warnings);
        let mut failure = Failure::from(diagnostics);
        // Too long for its pages: the layout laid everything out anyway, the
        // part past the planned pages marked; the coordinator gets to see it.
        if document.pages().len() > usize::try_from(issue.pages).unwrap_or(usize::MAX) {
            failure.draft = export(&document, issue, &[]).ok();
        }
        return Err(failure);
    }
    Ok(Compiled { document, warnings: findings.warnings, typst_warnings })
}

/// Typst errors explained: one in the generated data points back to the
/// section file it came from (that is tsushin's fault, not the coordinator's);
/// anything else is in the layout.
fn layout_errors(world: &TsushinWorld, map: &SourceMap, errors: &[SourceDiagnostic]) -> Vec<Diagnostic> {
    let issue_typ = crate::world::file_id("/issue.typ");
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

fn render_typst(world: &TsushinWorld, diags: &[SourceDiagnostic]) -> String {
    let mut buf = typst_kit::diagnostics::termcolor::NoColor::new(Vec::new());
    let _ = emit(&mut buf, world, diags, DiagnosticFormat::Human);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

/// The standards an archived PDF claims, as recorded in the manifest.
pub const ARCHIVAL_FULL: &[&str] = &["PDF/A-2a", "PDF/UA-1"];
pub const ARCHIVAL_A_ONLY: &[&str] = &["PDF/A-2a"];

/// PDF bytes: fonts embedded as subsets (Typst always subsets), metadata from
/// `main.typ`'s `set document`, and the issue date as the fixed timestamp so the
/// same input gives the same bytes.
pub fn pdf(document: &PagedDocument, issue: &Issue, world: &TsushinWorld) -> Result<Vec<u8>, Failure> {
    export(document, issue, &[]).map_err(|errors| Failure {
        diagnostics: vec![Diagnostic::error("PDF の書き出しに失敗しました")],
        rendered: Some(render_typst(world, &errors)),
        usage: false,
        draft: None,
    })
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
pub fn archival_pdf(document: &PagedDocument, issue: &Issue, world: &TsushinWorld) -> Result<Archival, Failure> {
    use typst_pdf::PdfStandard::{A_2a, Ua_1};
    match export(document, issue, &[A_2a, Ua_1]) {
        Ok(pdf) => Ok(Archival { pdf, standards: ARCHIVAL_FULL, not_ua: None }),
        Err(ua_errors) => {
            let reason = render_typst(world, &ua_errors);
            let bytes = export(document, issue, &[A_2a]).map_err(|errors| Failure {
                diagnostics: vec![
                    Diagnostic::error(format!("号 {} を保存版の PDF（PDF/A-2a）にできません", issue.id)).hint(
                        "下の内容を直してください。画像の説明がない場合は、写真に caption か alt を書いてください",
                    ),
                ],
                rendered: Some(render_typst(world, &errors)),
                usage: false,
                draft: None,
            })?;
            Ok(Archival { pdf: bytes, standards: ARCHIVAL_A_ONLY, not_ua: Some(reason) })
        }
    }
}

fn export(
    document: &PagedDocument,
    issue: &Issue,
    standards: &[typst_pdf::PdfStandard],
) -> Result<Vec<u8>, typst::ecow::EcoVec<SourceDiagnostic>> {
    let date = typst::foundations::Datetime::from_ymd(
        issue.date.year,
        u8::try_from(issue.date.month).unwrap_or(1),
        u8::try_from(issue.date.day).unwrap_or(1),
    );
    // The list is fixed by the callers and known to be compatible.
    let standards = typst_pdf::PdfStandards::new(standards).unwrap_or_default();
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(format!("tsushin/{}", issue.id)),
        creator: Smart::Custom(Some(format!("tsushin {}", env!("CARGO_PKG_VERSION")))),
        timestamp: date.map(typst_pdf::Timestamp::new_utc),
        standards,
        ..Default::default()
    };
    typst_pdf::pdf(document, &options)
}

/// Loads the fonts once for a run.
pub fn font_store(root: &Path) -> Result<Arc<FontStore>, Diagnostic> {
    let files = crate::fonts::collect(root)?;
    Ok(Arc::new(crate::fonts::store(&files)))
}
