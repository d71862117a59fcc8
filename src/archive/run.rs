//! The archive run behind `tsushin archive`: every issue into `archive/` as
//! PDF/A, in parallel, with the manifest and the catalogue page.
//!
//! Each issue is loaded once. Its content, layout, fonts and the tsushin
//! version are hashed and compared with the manifest; issues that match are
//! skipped without compiling. The rest are compiled on all cores with the
//! fonts loaded once; then, one by one in name order, each result is written —
//! unless an archived copy exists and differs, in which case it is kept (an
//! archive records what was printed) and a warning says why, until `force`.
//! The web edition (`archive/<ISSUE>-web/`) follows the same rule, compared
//! file by file.
//!
//! The run knows nothing of the terminal: it tells an [`Observer`] what
//! happens, and the command line draws that.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

use crate::archive::catalogue;
use crate::archive::manifest::{self, InputHashes, Manifest, Record};
use crate::diag::{Diagnostic, Failure};
use crate::edition::web::{self, Web};
use crate::fs;
use crate::model::config::Newsletter;
use crate::model::issue::{self, Issue, IssueId};
use crate::print::{pdf, png, text};
use crate::typeset::inputs::InputFiles;
use crate::typeset::session::{Options, Session};
use crate::typeset::world::Tree;
use crate::typeset::{fonts, layout, plan as layout_plan};

/// Thumbnail scale: 0.5 px per point gives a first page about 300 px wide.
const THUMBNAIL_PX_PER_PT: f64 = 0.5;

/// How to run.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Rebuild every issue, and replace archived copies that would differ.
    pub force: bool,
    /// How many issues are compiled at once (at least one).
    pub threads: usize,
}

/// What the run tells as it goes.
pub trait Observer: Sync {
    /// `total` issues are about to be compiled.
    fn compiling(&self, total: usize);
    /// One of them is compiled (called from the compiling threads).
    fn compiled(&self, id: IssueId);
    /// All of them are compiled; their results are written next.
    fn compiled_all(&self);
    /// Warnings about an issue, as its result is written.
    fn warnings(&self, diagnostics: &[Diagnostic]);
    /// An issue that could not be compiled, as its turn comes to be written.
    fn failed(&self, failure: &Failure);
}

/// How the run went, issue by issue.
#[derive(Debug, Default)]
pub struct Summary {
    pub new: usize,
    pub rebuilt: usize,
    pub unchanged: usize,
    /// Archived copies kept although a rebuild would differ.
    pub kept: usize,
    pub failed: usize,
    /// Why issues could not be loaded, and why archived copies were kept.
    pub problems: Vec<Diagnostic>,
}

/// An issue to compile, loaded, and what the archive holds of it.
struct Job {
    id: IssueId,
    hashes: InputHashes,
    archived: Option<Vec<u8>>,
}

/// An issue as loaded: the issue and the warnings loading it gave.
type LoadedIssue = (Issue, Vec<Diagnostic>);

/// What compiling one issue produced.
struct Product {
    issue: Issue,
    pdf: Vec<u8>,
    standards: &'static [&'static str],
    thumbnail: Vec<u8>,
    text: String,
    web: Web,
    warnings: Vec<Diagnostic>,
}

/// Archives every issue of `newsletter` and writes the manifest and the catalogue.
pub fn run(newsletter: &Newsletter, config: &Config, observer: &dyn Observer) -> Result<Summary, Failure> {
    let root = &newsletter.root;
    let ids = issue::list(root);
    if ids.is_empty() {
        return Err(Failure::usage(
            Diagnostic::error("保存する号がありません（issues/ に号のフォルダーがありません）")
                .hint("issues/2022-06/ のように号のフォルダーを作り、issue.toml を置いてください"),
        ));
    }
    let font_files = fonts::collect(root)?;
    let font_versions = manifest::font_versions(&font_files);
    let fonts = Arc::new(fonts::store(&font_files));
    let mut manifest = manifest::load_manifest(root)?;
    let mut summary = Summary::default();

    // Plan: hash the inputs of every issue; compile only what changed. An
    // issue that cannot even be loaded is reported and the others go on.
    let mut jobs = Vec::new();
    let mut loaded = Vec::new();
    for &id in &ids {
        match plan(newsletter, id, &manifest, &font_versions) {
            Ok(planned) if planned.up_to_date && !config.force => summary.unchanged += 1,
            Ok(planned) => {
                jobs.push(planned.job);
                loaded.push(planned.loaded);
            }
            Err(diagnostics) => {
                summary.problems.push(Diagnostic::error(format!("号 {id} を保存できませんでした")));
                summary.problems.extend(diagnostics);
                summary.failed += 1;
            }
        }
    }

    // Compile on all cores, fonts shared.
    observer.compiling(jobs.len());
    let products = parallel(config.threads, loaded, |issue| {
        let id = issue.0.id;
        let product = build(root, issue, fonts.clone());
        observer.compiled(id);
        product
    });
    observer.compiled_all();

    // Write, one issue at a time in name order.
    for (job, product) in jobs.iter().zip(products) {
        match product {
            Ok(product) => write(root, job, product, config, &mut manifest, &mut summary, observer)?,
            Err(failure) => {
                let mut diagnostics = vec![Diagnostic::error(format!("号 {} を保存できませんでした", job.id))];
                diagnostics.extend(failure.diagnostics);
                observer.failed(&Failure { diagnostics, ..failure });
                summary.failed += 1;
            }
        }
    }

    manifest::save_manifest(root, &manifest)?;
    let index = manifest::dir(root).join("index.html");
    fs::write_atomic(&index, catalogue::html(root, &manifest)?.as_bytes())?;
    Ok(summary)
}

/// An issue's job, the issue as loaded, and whether its archived copy is up to date.
struct Planned {
    job: Job,
    loaded: LoadedIssue,
    up_to_date: bool,
}

/// Loads an issue and compares its inputs with the archive: it is up to date
/// when its inputs (content, layout, fonts, tsushin version) are those
/// recorded, the PDF is the one recorded, and its thumbnail and text are there.
fn plan(
    newsletter: &Newsletter,
    id: IssueId,
    manifest: &Manifest,
    fonts: &[String],
) -> Result<Planned, Vec<Diagnostic>> {
    let root = &newsletter.root;
    let loaded = issue::load(newsletter, id);
    let files = InputFiles::of(newsletter, id, Some(&loaded));
    let (issue, warnings) = loaded?;
    let files = files.map_err(|d| vec![d])?;
    let mut layout = Tree::default();
    layout::add(&mut layout, root, &issue.settings.layout).map_err(|d| vec![d])?;
    let hashes = InputHashes {
        content: manifest::content_hash(&files).map_err(|d| vec![d])?,
        layout: manifest::layout_hash(&layout).map_err(|d| vec![d])?,
        fonts: fonts.to_vec(),
        tsushin: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let pdf_path = manifest::pdf_path(root, id);
    let archived = if pdf_path.is_file() { Some(fs::read(&pdf_path).map_err(|d| vec![d])?) } else { None };
    let complete = manifest::thumbnail_path(root, id).is_file()
        && manifest::text_path(root, id).is_file()
        && manifest::web_dir(root, id).join(web::INDEX).is_file();
    let up_to_date = match (&archived, manifest.issues.get(&id.to_string())) {
        (Some(bytes), Some(record)) => {
            record.input_hashes() == hashes && record.pdf == manifest::sha256(bytes) && complete
        }
        _ => false,
    };
    Ok(Planned { job: Job { id, hashes, archived }, loaded: (issue, warnings), up_to_date })
}

/// Writes one compiled issue into the archive — unless an archived copy
/// exists and differs, and `force` is not given: then the copy is kept and a
/// problem says why.
fn write(
    root: &Path,
    job: &Job,
    product: Product,
    config: &Config,
    manifest: &mut Manifest,
    summary: &mut Summary,
    observer: &dyn Observer,
) -> Result<(), Failure> {
    observer.warnings(&product.warnings);
    let name = job.id.to_string();
    let shown = format!("{}/{name}.pdf", manifest::ARCHIVE_DIR);
    let identical = job.archived.as_deref() == Some(&product.pdf[..]);
    if job.archived.is_some() && !identical && !config.force {
        let old = manifest.issues.get(&name).map(Record::input_hashes);
        let changed = old.map_or_else(
            || "manifest.toml に記録がないため不明".to_owned(),
            |old| {
                let what = job.hashes.changes_since(&old);
                if what.is_empty() { "保存版 PDF そのもの".to_owned() } else { what.join("・") }
            },
        );
        summary.problems.push(
            Diagnostic::warning(format!(
                "号 {name} を今組版すると、保存版 {shown} と違う PDF になります（変わったもの: {changed}）。保存版はそのまま残しました"
            ))
            .at_path(shown.clone())
            .hint("保存版は印刷したものの記録です。作り直してよい場合だけ tsushin archive --force を実行してください"),
        );
        summary.kept += 1;
        return Ok(());
    }
    if !identical {
        fs::write_atomic(&manifest::pdf_path(root, job.id), &product.pdf)?;
    }
    fs::write_atomic(&manifest::thumbnail_path(root, job.id), &product.thumbnail)?;
    fs::write_atomic(&manifest::text_path(root, job.id), product.text.as_bytes())?;
    let web_kept = write_web(root, job.id, &product.web, config, summary)?;
    manifest.issues.insert(name, Record::new(job.hashes.clone(), &product.pdf, product.standards, &product.issue));
    match (&job.archived, identical) {
        _ if web_kept => summary.kept += 1,
        (None, _) => summary.new += 1,
        (Some(_), true) if !config.force => summary.unchanged += 1,
        (Some(_), _) => summary.rebuilt += 1,
    }
    Ok(())
}

/// Writes the issue's web edition into the archive — unless an archived one
/// exists and differs, and `force` is not given: then it is kept, as an
/// archived PDF is, and a problem says so (returns whether it was kept).
fn write_web(root: &Path, id: IssueId, web: &Web, config: &Config, summary: &mut Summary) -> Result<bool, Failure> {
    let dir = manifest::web_dir(root, id);
    let archived = archived_folder(&dir)?;
    let mut fresh: Vec<(String, &[u8])> = web.files.iter().map(|(n, b)| (n.clone(), b.as_slice())).collect();
    fresh.sort();
    let same = archived.as_ref().is_some_and(|old| {
        old.len() == fresh.len() && old.iter().zip(&fresh).all(|((a, x), (b, y))| a == b && x.as_slice() == *y)
    });
    if same {
        return Ok(false);
    }
    if archived.is_some() && !config.force {
        let shown = format!("{}/{id}-web/", manifest::ARCHIVE_DIR);
        summary.problems.push(
            Diagnostic::warning(format!(
                "号 {id} の Web 版を今作ると、保存版 {shown} と違うものになります。保存版はそのまま残しました"
            ))
            .at_path(shown)
            .hint("保存版は発行したものの記録です。作り直してよい場合だけ tsushin archive --force を実行してください"),
        );
        return Ok(true);
    }
    fs::replace_folder(&dir, &web.files)?;
    Ok(false)
}

/// A file of a folder: its path relative to the folder, with `/`, and its bytes.
type File = (String, Vec<u8>);

/// The files of an archived folder (path relative to it → bytes), sorted;
/// `None` when there is no such folder.
fn archived_folder(dir: &Path) -> Result<Option<Vec<File>>, Diagnostic> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut files = Vec::new();
    for path in fs::walk_files(dir)? {
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        files.push((rel.join("/"), fs::read(&path)?));
    }
    files.sort();
    Ok(Some(files))
}

/// One issue compiled, exported as PDF/A and PDF/UA, with its thumbnail and text.
fn build(root: &Path, (issue, warnings): LoadedIssue, fonts: Arc<FontStore>) -> Result<Product, Failure> {
    let id = issue.id;
    let mut session = Session::with_fonts(fonts);
    let built = session.compile_loaded(root, issue, warnings, Options { shrink_photos: true, ..Options::default() })?;
    let document = &built.compiled.document;
    let pdf::Archival { pdf, standards, not_ua } = pdf::archival(document, &built.issue, built.world)?;
    let thumbnail = thumbnail(document)?;
    let web = web::make(&built.issue, layout_plan::read(document).as_ref(), built.world.tree())?;
    let mut warnings = built.warnings;
    if let Some(typst_warnings) = built.compiled.typst_warnings {
        warnings.push(Diagnostic::warning(format!("号 {id} の組版で Typst が警告しました:\n{typst_warnings}")));
    }
    if let Some(reason) = not_ua {
        warnings.push(
            Diagnostic::warning(format!(
                "号 {id} は PDF/UA-1（読み上げ対応）の条件を満たさないため、PDF/A-2a だけで保存します。理由:\n{}",
                reason.trim_end()
            ))
            .hint("標準レイアウトの記事の見出し（### など）は、PDF/UA-1 が求める「1 段目から始まる見出しの順序」になりません。見出しの代わりに **太字** の行を使うと、PDF/UA-1 でも保存できます"),
        );
    }
    Ok(Product { text: text::plain(document), issue: built.issue, pdf, standards, thumbnail, web, warnings })
}

/// The first page as a PNG.
fn thumbnail(document: &PagedDocument) -> Result<Vec<u8>, Diagnostic> {
    let fail = || Diagnostic::error("目録用の縮小画像を作れませんでした");
    let page = document.pages().first().ok_or_else(fail)?;
    Ok(png::page(page, THUMBNAIL_PX_PER_PT).map_err(|_| fail())?.bytes)
}

/// Runs `work` on every item on `threads` threads; the results in item order.
fn parallel<T: Send, R: Send>(threads: usize, items: Vec<T>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    let count = items.len();
    let queue = Mutex::new(items.into_iter().enumerate());
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..count).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.min(count) {
            scope.spawn(|| {
                // A poisoned lock means another worker panicked: that panic
                // is raised again when the scope ends, so this one may stop.
                while let Some((index, item)) = queue.lock().ok().and_then(|mut queue| queue.next()) {
                    let result = work(item);
                    if let Ok(mut slots) = results.lock() {
                        slots[index] = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .into_iter()
        .map(|result| result.expect("every item was processed by a worker"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_keeps_the_order_of_the_items() {
        let items: Vec<usize> = (0..50).collect();
        let squares = parallel(4, items, |n| n * n);
        assert_eq!(squares, (0..50).map(|n| n * n).collect::<Vec<_>>());
        assert!(parallel(4, Vec::<usize>::new(), |n| n).is_empty());
    }
}
