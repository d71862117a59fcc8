//! `tsushin archive`: every issue into `archive/` as PDF/A, in parallel, with
//! the manifest and the catalogue page.
//!
//! Issues whose inputs (content, layout, fonts, tsushin version) match the
//! manifest are skipped without compiling. The rest are compiled on all cores
//! with the fonts loaded once; then, one by one in name order, each result is
//! written — unless an archived copy exists and differs, in which case it is
//! kept (an archive records what was printed) and a warning says why, until
//! `--force` is given.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use typst::layout::{Abs, Frame, FrameItem, Point};
use typst_layout::PagedDocument;

use crate::archive::{self, Inputs, Record};
use crate::args::{ArchiveArgs, GlobalArgs};
use crate::config::Newsletter;
use crate::diag::{Diagnostic, Failure};
use crate::issue::{self, IssueId};
use crate::pipeline::{Options, Session};
use crate::render;
use crate::typst_data::Output;
use crate::ui::{Level, Ui};
use crate::{catalogue, fonts, fsx};

/// Thumbnail scale: 0.5 px per point gives a first page about 300 px wide.
const THUMBNAIL_PX_PER_PT: f64 = 0.5;

/// What a worker produced for one issue.
struct Product {
    issue: issue::Issue,
    pdf: Vec<u8>,
    standards: &'static [&'static str],
    thumbnail: Vec<u8>,
    text: String,
    warnings: Vec<Diagnostic>,
}

/// An issue that needs compiling, and what the archive holds of it.
struct Job {
    id: IssueId,
    inputs: Inputs,
    archived: Option<Vec<u8>>,
}

#[derive(Default)]
struct Tally {
    new: usize,
    rebuilt: usize,
    unchanged: usize,
    kept: usize,
    failed: usize,
}

pub fn run(global: &GlobalArgs, args: &ArchiveArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let root = Newsletter::find(global.root.as_deref(), &cwd).map_err(Failure::usage)?;
    let newsletter = Newsletter::load(root)?;
    let root = newsletter.root.clone();
    let ids = issue::list(&root);
    if ids.is_empty() {
        return Err(Failure::usage(
            Diagnostic::error("保存する号がありません（issues/ に号のフォルダーがありません）")
                .hint("issues/2022-06/ のように号のフォルダーを作り、issue.toml を置いてください"),
        ));
    }
    let started = std::time::Instant::now();
    let font_files = fonts::collect(&root)?;
    let font_versions = archive::font_versions(&font_files);
    let fonts = Arc::new(fonts::store(&font_files));
    let mut manifest = archive::load_manifest(&root)?;
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut tally = Tally::default();

    // Plan: hash the inputs of every issue; compile only what changed. An
    // issue that cannot even be loaded is reported and the others go on.
    let mut jobs = Vec::new();
    for &id in &ids {
        match plan(&newsletter, id, &manifest, &font_versions) {
            Ok((_, true)) if !args.force => tally.unchanged += 1,
            Ok((job, _)) => jobs.push(job),
            Err(diags) => {
                problems.push(Diagnostic::error(format!("号 {id} を保存できませんでした")));
                problems.extend(diags);
                tally.failed += 1;
            }
        }
    }

    // Compile on all cores, fonts shared.
    let threads = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from)).max(1);
    let progress = Progress::new(jobs.len(), ui);
    let products = parallel(threads, &jobs, |job| {
        let result = build(&newsletter, job.id, fonts.clone());
        progress.step(job.id);
        result
    });
    progress.finish();

    // Write, one issue at a time in name order.
    for (job, product) in jobs.iter().zip(products) {
        let product = match product {
            Ok(p) => p,
            Err(failure) => {
                // Printed at once, so Typst's own explanation follows ours.
                ui.diagnostics(&[Diagnostic::error(format!("号 {} を保存できませんでした", job.id))]);
                ui.failure(&failure);
                tally.failed += 1;
                continue;
            }
        };
        ui.diagnostics(&product.warnings);
        let name = job.id.to_string();
        let shown = format!("{}/{name}.pdf", archive::ARCHIVE_DIR);
        let identical = job.archived.as_deref() == Some(&product.pdf[..]);
        if job.archived.is_some() && !identical && !args.force {
            let old = manifest.issues.get(&name).map(Record::inputs);
            let changed = old.map_or_else(
                || "manifest.toml に記録がないため不明".to_owned(),
                |old| {
                    let what = job.inputs.changes_since(&old);
                    if what.is_empty() { "保存版 PDF そのもの".to_owned() } else { what.join("・") }
                },
            );
            problems.push(
                Diagnostic::warning(format!(
                    "号 {name} を今組版すると、保存版 {shown} と違う PDF になります（変わったもの: {changed}）。保存版はそのまま残しました"
                ))
                .at_path(shown.clone())
                .hint("保存版は印刷したものの記録です。作り直してよい場合だけ tsushin archive --force を実行してください"),
            );
            tally.kept += 1;
            continue;
        }
        if !identical {
            fsx::write_atomic(&archive::pdf_path(&root, job.id), &product.pdf)?;
        }
        fsx::write_atomic(&archive::thumbnail_path(&root, job.id), &product.thumbnail)?;
        fsx::write_atomic(&archive::text_path(&root, job.id), product.text.as_bytes())?;
        manifest.issues.insert(name, Record::new(job.inputs.clone(), &product.pdf, product.standards, &product.issue));
        match (&job.archived, identical) {
            (None, _) => tally.new += 1,
            (Some(_), true) if !args.force => tally.unchanged += 1,
            (Some(_), _) => tally.rebuilt += 1,
        }
    }

    archive::save_manifest(&root, &manifest)?;
    let index = archive::dir(&root).join("index.html");
    fsx::write_atomic(&index, catalogue::html(&root, &manifest)?.as_bytes())?;

    ui.diagnostics(&problems);
    ui.info(format!(
        "保存版（{}/）: 新しく保存 {} 号、作り直し {} 号、変更なし {} 号、保存版を残した {} 号、失敗 {} 号（{:.2} 秒）",
        archive::ARCHIVE_DIR,
        tally.new,
        tally.rebuilt,
        tally.unchanged,
        tally.kept,
        tally.failed,
        started.elapsed().as_secs_f64()
    ));
    ui.info(format!("目録: {}/index.html", archive::ARCHIVE_DIR));
    if tally.failed > 0 {
        return Err(Failure { diagnostics: vec![], rendered: None, usage: false, draft: None });
    }
    Ok(())
}

/// An issue's job and whether its archived copy is up to date: its inputs (content,
/// layout, fonts, tsushin version) are those recorded, the PDF is the one
/// recorded, and its thumbnail and text are there.
fn plan(
    newsletter: &Newsletter,
    id: IssueId,
    manifest: &archive::Manifest,
    fonts: &[String],
) -> Result<(Job, bool), Vec<Diagnostic>> {
    let root = &newsletter.root;
    let (issue, _) = issue::load(newsletter, id)?;
    let (tree, _) = render::tree(&issue, root, Output::default()).map_err(|d| vec![d])?;
    let inputs = Inputs {
        content: archive::content_hash(root, id).map_err(|d| vec![d])?,
        layout: archive::layout_hash(&tree).map_err(|d| vec![d])?,
        fonts: fonts.to_vec(),
        tsushin: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let pdf_path = archive::pdf_path(root, id);
    let archived = if pdf_path.is_file() { Some(fsx::read(&pdf_path).map_err(|d| vec![d])?) } else { None };
    let complete = archive::thumbnail_path(root, id).is_file() && archive::text_path(root, id).is_file();
    let up_to_date = match (&archived, manifest.issues.get(&id.to_string())) {
        (Some(bytes), Some(r)) => r.inputs() == inputs && r.pdf == archive::sha256(bytes) && complete,
        _ => false,
    };
    Ok((Job { id, inputs, archived }, up_to_date))
}

/// One issue compiled, exported as PDF/A and PDF/UA, with its thumbnail and text.
fn build(newsletter: &Newsletter, id: IssueId, fonts: Arc<typst_kit::fonts::FontStore>) -> Result<Product, Failure> {
    let options = Options { output: Output::default(), shrink_photos: true };
    let mut session = Session::with_fonts(fonts);
    let built = session.compile_with(newsletter, id, options)?;
    let document = &built.compiled.document;
    let render::Archival { pdf, standards, not_ua } = render::archival_pdf(document, &built.issue, built.world)?;
    let thumbnail = thumbnail(document)?;
    let mut warnings = built.warnings;
    if let Some(w) = built.compiled.typst_warnings {
        warnings.push(Diagnostic::warning(format!("号 {id} の組版で Typst が警告しました:\n{w}")));
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
    Ok(Product { text: text(document), issue: built.issue, pdf, standards, thumbnail, warnings })
}

/// The first page as a PNG.
fn thumbnail(document: &PagedDocument) -> Result<Vec<u8>, Diagnostic> {
    let fail = || Diagnostic::error("目録用の縮小画像を作れませんでした");
    let page = document.pages().first().ok_or_else(fail)?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(THUMBNAIL_PX_PER_PT),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    // Pages are painted on white, so premultiplied and straight alpha agree.
    let rgba = image::RgbaImage::from_raw(pixmap.width(), pixmap.height(), pixmap.data().to_vec()).ok_or_else(fail)?;
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(rgba)
        .to_rgb8()
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|_| fail())?;
    Ok(png)
}

/// The text as laid out, a line break wherever the baseline changes.
fn text(document: &PagedDocument) -> String {
    fn walk(frame: &Frame, origin: Point, out: &mut String, last_y: &mut Option<Abs>) {
        for (pos, item) in frame.items() {
            let at = origin + *pos;
            match item {
                FrameItem::Group(g) => walk(&g.frame, at, out, last_y),
                FrameItem::Text(t) => {
                    if last_y.is_some_and(|y| (y - at.y).abs() > Abs::pt(1.0)) {
                        out.push('\n');
                    }
                    *last_y = Some(at.y);
                    out.push_str(&t.text);
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    for page in document.pages() {
        let mut last_y = None;
        walk(&page.frame, Point::zero(), &mut out, &mut last_y);
        out.push_str("\n\n");
    }
    out
}

/// Runs `f` on every item on `threads` threads; results in item order.
fn parallel<T: Sync, R: Send>(threads: usize, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.min(items.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    // A poisoned lock means another worker panicked: that panic
                    // is re-raised when the scope ends, so the value can be dropped.
                    if let Ok(mut slots) = results.lock() {
                        slots[i] = Some(r);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .map(|r| r.expect("every item was processed by a worker"))
        .collect()
}

/// A one-line progress bar on standard error, drawn only on a terminal (logs
/// and tests get the summary alone).
struct Progress {
    total: usize,
    done: AtomicUsize,
    enabled: bool,
}

impl Progress {
    fn new(total: usize, ui: Ui) -> Self {
        Self { total, done: AtomicUsize::new(0), enabled: total > 0 && ui.terminal && ui.level != Level::Quiet }
    }

    fn step(&self, id: IssueId) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.enabled {
            return;
        }
        const WIDTH: usize = 24;
        let filled = WIDTH * done / self.total.max(1);
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(WIDTH - filled));
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r保存版を作成中 {bar} {done}/{} （{id}）", self.total);
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.enabled {
            eprintln!();
        }
    }
}
