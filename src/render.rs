//! From an issue to a PDF: generate the Typst source, gather the layout,
//! compile in the sandboxed world, check the result, export.

use std::path::Path;
use std::sync::Arc;

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Smart};
use typst_layout::PagedDocument;
use typst::layout::{Frame, FrameItem};
use typst_kit::diagnostics::{DiagnosticFormat, emit};
use typst_kit::fonts::FontStore;

use crate::assets;
use crate::diag::{Diagnostic, Failure, display_path};
use crate::fsx;
use crate::issue::Issue;
use crate::typst_data;
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
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for path in fsx::read_dir_sorted(&d)? {
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(rel) = path.strip_prefix(&dir) {
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    let shown = display_path(&path, root);
                    tree.disk(&format!("/layouts/{name}/{rel}"), path, shown);
                }
            }
        }
        return Ok(());
    }
    if name == "default" {
        for (rel, bytes) in assets::DEFAULT_LAYOUT {
            tree.memory(&format!("/layouts/default/{rel}"), Bytes::new(*bytes), format!("(内蔵) layouts/default/{rel}"));
        }
        return Ok(());
    }
    Err(Diagnostic::error(format!("レイアウト「{name}」が見つかりません（{} がありません）", display_path(&dir.join("layout.typ"), root)))
        .hint("tsushin.toml か issue.toml の layout を default にするか、layouts/<名前>/layout.typ を作ってください"))
}

/// The whole virtual tree of an issue: generated files, layout, images.
pub fn tree(issue: &Issue, root: &Path, output: typst_data::Output) -> Result<Tree, Diagnostic> {
    let mut tree = Tree::default();
    let layout = &issue.settings.layout;
    add_layout(&mut tree, root, layout)?;
    tree.memory("/main.typ", Bytes::new(typst_data::main_module(issue, layout).into_bytes()), "(生成) main.typ".into());
    tree.memory("/issue.typ", Bytes::new(typst_data::issue_module(issue, output).into_bytes()), "(生成) issue.typ".into());
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
    Ok(tree)
}

/// A compiled issue and the warnings found on the way.
pub struct Compiled {
    pub document: PagedDocument,
    pub warnings: Vec<Diagnostic>,
    /// Typst's own warnings, rendered.
    pub typst_warnings: Option<String>,
}

/// Compiles and checks the result: missing glyphs are errors, an unexpected
/// page count is a warning.
pub fn compile(world: &TsushinWorld, issue: &Issue) -> Result<Compiled, Failure> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    let typst_warnings = (!warnings.is_empty()).then(|| render_typst(world, &warnings));
    let document = output.map_err(|errors| Failure {
        diagnostics: vec![Diagnostic::error("レイアウトの組版中にエラーが起きました")
            .hint("レイアウト（layouts/）を編集した場合はその箇所を、そうでなければ下の内容を添えて担当者に連絡してください")],
        rendered: Some(render_typst(world, &errors)),
        usage: false,
    })?;

    let mut errors = missing_glyphs(&document, issue);
    let mut warnings = Vec::new();
    let pages = document.pages().len();
    if u32::try_from(pages).ok() != Some(issue.pages) {
        warnings.push(
            Diagnostic::warning(format!("{} ページの予定ですが、{pages} ページになりました", issue.pages))
                .at_path(format!("{}/{}/issue.toml", crate::issue::ISSUES_DIR, issue.id))
                .hint(if pages as u32 > issue.pages {
                    "文章を短くするか、issue.toml の pages を直してください"
                } else {
                    "記事を足すか、issue.toml の pages を直してください"
                }),
        );
    }
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(errors.into());
    }
    Ok(Compiled { document, warnings, typst_warnings })
}

fn render_typst(world: &TsushinWorld, diags: &[SourceDiagnostic]) -> String {
    let mut buf = typst_kit::diagnostics::termcolor::NoColor::new(Vec::new());
    let _ = emit(&mut buf, world, diags, DiagnosticFormat::Human);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

/// Characters that came out as glyph 0 (the "tofu" box) because no font has
/// them, traced back to the file and line the coordinator wrote them in.
fn missing_glyphs(document: &PagedDocument, issue: &Issue) -> Vec<Diagnostic> {
    let mut missing: Vec<char> = Vec::new();
    fn walk(frame: &Frame, missing: &mut Vec<char>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, missing),
                FrameItem::Text(text) => {
                    for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                        for c in text.text.get(glyph.range()).unwrap_or_default().chars() {
                            if !missing.contains(&c) {
                                missing.push(c);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for page in document.pages() {
        walk(&page.frame, &mut missing);
    }
    missing
        .into_iter()
        .map(|c| {
            let message = format!("「{c}」（U+{:04X}）はどのフォントにもない文字のため、印刷すると□になります", c as u32);
            let diag = Diagnostic::error(message).hint("別の文字に置き換えてください（例: 𠮷→吉、絵文字→言葉）");
            let found = issue.sources.iter().find_map(|file| {
                file.text.find(c).map(|offset| (file, offset..offset + c.len_utf8()))
            });
            match found {
                Some((file, range)) => diag.at(file, range),
                None => diag,
            }
        })
        .collect()
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
                diagnostics: vec![Diagnostic::error(format!("号 {} を保存版の PDF（PDF/A-2a）にできません", issue.id))
                    .hint("下の内容を直してください。画像の説明がない場合は、写真に caption か alt を書いてください")],
                rendered: Some(render_typst(world, &errors)),
                usage: false,
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
