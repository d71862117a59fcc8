//! `tsushin build`: compile an issue and write its PDF atomically, as is or
//! in a print form (booklet, print shop, grayscale proof), and on request
//! the text edition (`--text`) and the web edition (`--web`, a folder
//! swapped in whole). Proofreading findings are printed as warnings; they
//! never stop the PDF.
//!
//! The arguments become a [`Build`] first — the issue found, the PDF's path
//! and the folder for `--emit-typst` decided and checked — so that a mistake
//! in them is reported before the issue is compiled.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::args::{BuildArgs, GlobalArgs};
use crate::cli::draft;
use crate::cli::proofread;
use crate::cli::target::{self, OUT_DIR, Target, shown};
use crate::cli::ui::Ui;
use crate::diag::{Diagnostic, Failure};
use crate::edition;
use crate::fs;
use crate::model::issue;
use crate::print::forms::Forms;
use crate::print::pdf;
use crate::typeset::session::{Options, Session};
use crate::typeset::{fonts, photos, plan, world};

/// `tsushin build`'s arguments, checked.
struct Build {
    target: Target,
    /// Where the PDF goes (`-o`, or `out/` with a name made from the issue and the forms).
    pdf_path: PathBuf,
    forms: Forms,
    /// Where to write the Typst sources too (`--emit-typst`).
    emit_typst: Option<PathBuf>,
    /// Where the plain text edition goes (`--text`): `out/<号>.txt`, or
    /// beside the PDF `-o` names.
    text_path: Option<PathBuf>,
    /// Where the web edition's folder goes (`--web`): `out/<号>-web/`, or
    /// beside the PDF `-o` names (`6月号.pdf` → `6月号-web/`).
    web_dir: Option<PathBuf>,
    /// Where the large print edition goes (`--large-print`):
    /// `out/<号>-large-print.pdf` (then the forms' suffixes), or beside the
    /// PDF `-o` names (`6月号.pdf` → `6月号-large-print.pdf`).
    large_print_path: Option<PathBuf>,
}

impl Build {
    fn from_args(global: &GlobalArgs, args: &BuildArgs) -> Result<Self, Failure> {
        if args.large_print && args.booklet {
            // A booklet reorders the pages; the large print edition's
            // articles run on from page to page, and its tagged structure
            // (what screen readers follow) cannot be cut and reordered.
            return Err(Failure::usage(
                Diagnostic::error("--large-print と --booklet はいっしょに使えません")
                    .hint("拡大版は記事がページをまたいで続くため、冊子の順に並べかえられません。拡大版は A4 のまま両面印刷してください（--grayscale・--print-shop とはいっしょに使えます）"),
            ));
        }
        let target = Target::resolve(global, &args.issue)?;
        let forms = Forms { grayscale: args.grayscale, booklet: args.booklet, print_shop: args.print_shop };
        let pdf_path = match &args.output {
            Some(path) => target::output_file(path)?,
            None => target.newsletter.root.join(OUT_DIR).join(default_name(forms, &target.id.to_string())),
        };
        let emit_typst =
            args.emit_typst.as_deref().map(|dir| target::output_folder(dir, "--emit-typst")).transpose()?;
        let text_path = args.text.then(|| match &args.output {
            Some(_) => text_beside(&pdf_path),
            None => target.newsletter.root.join(OUT_DIR).join(format!("{}.txt", target.id)),
        });
        let web_dir = args.web.then(|| match &args.output {
            Some(_) => web_beside(&pdf_path),
            None => target.newsletter.root.join(OUT_DIR).join(format!("{}-web", target.id)),
        });
        let large_print_path = args.large_print.then(|| match &args.output {
            Some(_) => suffixed(&pdf_path, LARGE_PRINT_SUFFIX),
            None => target
                .newsletter
                .root
                .join(OUT_DIR)
                .join(default_name(forms, &format!("{}{LARGE_PRINT_SUFFIX}", target.id))),
        });
        Ok(Self { target, pdf_path, forms, emit_typst, text_path, web_dir, large_print_path })
    }
}

/// The text edition's file beside the PDF `-o` names: the same name ending
/// in `.txt` (`.pdf.txt` should the PDF's own name end in `.txt`).
fn text_beside(pdf: &std::path::Path) -> PathBuf {
    let text = pdf.with_extension("txt");
    if text == pdf {
        let mut name = pdf.as_os_str().to_owned();
        name.push(".txt");
        return PathBuf::from(name);
    }
    text
}

/// The web edition's folder beside the PDF `-o` names: its name without
/// the extension, and `-web`.
fn web_beside(pdf: &Path) -> PathBuf {
    let stem = pdf.file_stem().unwrap_or(pdf.as_os_str()).to_owned();
    let mut name = stem;
    name.push("-web");
    pdf.with_file_name(name)
}

/// What the large print edition's file name adds to the PDF's.
const LARGE_PRINT_SUFFIX: &str = "-large-print";

/// `pdf` with `suffix` added to its name before the extension.
fn suffixed(pdf: &Path, suffix: &str) -> PathBuf {
    let mut name = pdf.file_stem().unwrap_or_default().to_owned();
    name.push(suffix);
    if let Some(extension) = pdf.extension() {
        name.push(".");
        name.push(extension);
    }
    pdf.with_file_name(name)
}

/// The default file name: the issue, then one suffix per print form, so the
/// forms never overwrite each other (`out/2022-06-booklet-grayscale.pdf`).
fn default_name(forms: Forms, id: &str) -> String {
    let mut name = id.to_owned();
    for (on, suffix) in
        [(forms.booklet, "-booklet"), (forms.print_shop, "-print-shop"), (forms.grayscale, "-grayscale")]
    {
        if on {
            name.push_str(suffix);
        }
    }
    name + ".pdf"
}

pub fn run(global: &GlobalArgs, args: &BuildArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let Build { target, pdf_path, forms, emit_typst, text_path, web_dir, large_print_path } =
        Build::from_args(global, args)?;
    let root = &target.newsletter.root;
    let started = Instant::now();
    let progress = ui.progress(format!("{} 号を組版しています…", target.id));
    let options = Options { medium: forms.medium(), shrink_photos: true };
    let mut session = Session::new(root)?;
    let (issue, warnings) = issue::load(&target.newsletter, target.id)?;
    let mut built = match proofread::compile(&mut session, root, issue, warnings, options) {
        Ok(built) => built,
        Err(mut failure) => {
            drop(progress);
            draft::write(&mut failure, target.id, &pdf_path);
            return Err(failure);
        }
    };
    if let Some(dir) = &emit_typst {
        world::write_tree(built.world.tree(), dir)?;
        let font_dir = dir.join("fonts");
        for font in fonts::collect(root)? {
            fs::write_atomic(&font_dir.join(&font.name), &font.data)?;
        }
    }
    let document = forms.apply(&built.compiled.document);
    // Both editions follow the pages as laid out (before any print form
    // rearranges them).
    let plan = plan::read(&built.compiled.document);
    let (pdf, web) = std::thread::scope(|scope| {
        // The web edition (from the model, with the photos as scaled for
        // print) is made and written on the other core while the PDF is
        // exported, so it adds next to nothing to the build's time.
        let web = web_dir.as_ref().map(|dir| {
            let (issue, world, plan) = (&built.issue, built.world, plan.as_ref());
            scope.spawn(move || {
                let started = Instant::now();
                let web = edition::web::make(issue, plan, world.tree())?;
                fs::replace_folder(dir, &web.files)?;
                Ok::<_, Diagnostic>((dir, web.len(), started.elapsed()))
            })
        });
        let pdf = built.timings.time("PDF", || pdf::export(&document, &built.issue, built.world));
        let web = web.map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        (pdf, web)
    });
    let pdf = pdf?;
    let web = web.transpose()?.map(|(dir, bytes, took)| {
        built.timings.push("Web 版（PDF と並行）", took);
        (dir, bytes)
    });
    built.timings.time("書き込み", || fs::write_atomic(&pdf_path, &pdf))?;
    draft::remove(&pdf_path);
    let size = pdf.len();
    let text = text_path.as_ref().map(|path| {
        let text = edition::text::write(&built.issue, plan.as_ref());
        fs::write_atomic(path, text.as_bytes()).map(|()| (path, text.len()))
    });
    let text = text.transpose()?;
    drop(progress);
    ui.diagnostics(&built.warnings);
    ui.rendered_warnings(built.compiled.typst_warnings.as_deref());
    for photo in &built.photos.photos {
        ui.info(format!(
            "写真を印刷に必要な解像度（{} dpi）に縮小しました: {}（{}×{} → {}×{}、{:.0} KB → {:.0} KB）",
            photos::TARGET_DPI,
            photo.name,
            photo.before_px.0,
            photo.before_px.1,
            photo.after_px.0,
            photo.after_px.1,
            photo.before_bytes as f64 / 1024.0,
            photo.after_bytes as f64 / 1024.0
        ));
    }
    ui.info(format!(
        "作成しました: {}（{}、{:.0} KB、{:.2} 秒）",
        shown(&pdf_path),
        sheets(forms, &document),
        size as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    ));
    if let Some((path, bytes)) = text {
        ui.info(format!("作成しました: {}（読み上げ用のテキスト版、{:.0} KB）", shown(path), bytes as f64 / 1024.0));
        if plan.as_ref().is_none_or(|p| p.blocks.is_empty()) {
            ui.diagnostics(&[Diagnostic::warning(
                "このレイアウトは各ページに何を置いたかを知らせないため、テキスト版にはページの区切りの印がありません",
            )
            .hint("記事は号のデータの順に並べました。レイアウトの <tsushin-plan> に blocks を加えると印が入ります（layouts/README.md）")]);
        }
    }
    if let Some((dir, bytes)) = web {
        ui.info(format!(
            "作成しました: {}（Web 版、{:.0} KB）",
            shown(&dir.join(edition::web::INDEX)),
            bytes as f64 / 1024.0
        ));
    }
    if forms.booklet {
        ui.info("  印刷のしかた: A3 の用紙に「両面印刷（短辺とじ）」で印刷し、重ねたまま半分に折ってください");
    }
    ui.detail(&built.timings);
    if let Some(path) = &large_print_path {
        let issue = built.issue;
        large_print(&mut session, root, issue, plan.as_ref(), forms, path, &ui)?;
    }
    Ok(())
}

/// How many sheets or pages `document` is, as the coordinator counts them.
fn sheets(forms: Forms, document: &typst_layout::PagedDocument) -> String {
    if forms.booklet {
        format!("{} 枚（両面）", document.pages().len() / 2)
    } else {
        format!("{} ページ", document.pages().len())
    }
}

/// Lays the issue out again in large print, its articles in the order of
/// the printed pages (`plan`), in the same print forms, and writes it to
/// `path`.
fn large_print(
    session: &mut Session,
    root: &Path,
    issue: issue::Issue,
    plan: Option<&plan::Plan>,
    forms: Forms,
    path: &Path,
    ui: &Ui,
) -> Result<(), Failure> {
    let started = Instant::now();
    let progress = ui.progress("拡大版を組版しています…");
    let built = edition::large_print::compile(session, root, issue, plan, forms.medium().bleed_mm)?;
    let document = forms.apply(&built.compiled.document);
    let pdf = pdf::export(&document, &built.issue, built.world)?;
    fs::write_atomic(path, &pdf)?;
    drop(progress);
    ui.diagnostics(&built.warnings);
    ui.rendered_warnings(built.compiled.typst_warnings.as_deref());
    ui.info(format!(
        "作成しました: {}（拡大版、{}、{:.0} KB、{:.2} 秒）",
        shown(path),
        sheets(forms, &document),
        pdf.len() as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}
