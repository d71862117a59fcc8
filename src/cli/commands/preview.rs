//! `tsushin preview`: the pages as PNG images in `out/<issue>/`, for checking
//! the layout and for sending the issue by email or messaging apps. The issue
//! is compiled as for `build` (a typeset session), then each laid-out page is
//! rendered with the same glyphs as the PDF and written atomically.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::args::{GlobalArgs, PreviewArgs};
use crate::cli::target::{OUT_DIR, Target, shown};
use crate::cli::ui::Ui;
use crate::diag::{Diagnostic, Failure};
use crate::fs;
use crate::print::png;
use crate::typeset::session::{Options, Session};

/// `tsushin preview`'s arguments, checked. Whether `--page` exists is only
/// known once the issue is laid out.
struct Preview {
    target: Target,
    dpi: u32,
    /// The one page asked for (counted from 1), or every page.
    page: Option<u32>,
    /// `out/<issue>/`, where the images go.
    dir: PathBuf,
}

impl Preview {
    fn from_args(global: &GlobalArgs, args: &PreviewArgs) -> Result<Self, Failure> {
        let target = Target::resolve(global, &args.issue)?;
        let dir = target.newsletter.root.join(OUT_DIR).join(target.id.to_string());
        Ok(Self { target, dpi: args.dpi, page: args.page, dir })
    }
}

pub fn run(global: &GlobalArgs, args: &PreviewArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let Preview { target, dpi, page, dir } = Preview::from_args(global, args)?;
    let started = Instant::now();
    let progress = ui.progress(format!("{} 号を組版しています…", target.id));
    let mut session = Session::new(&target.newsletter.root)?;
    let mut built = session.compile(&target.newsletter, target.id, Options::default())?;
    let pages = built.compiled.document.pages();
    let selected: Vec<usize> = match page {
        Some(n) if n as usize > pages.len() => {
            return Err(Failure::usage(
                Diagnostic::error(format!("{} 号は {} ページなので、{n} ページ目はありません", target.id, pages.len()))
                    .hint(format!("--page には 1 から {} までを指定してください", pages.len())),
            ));
        }
        Some(n) => vec![n as usize - 1],
        None => (0..pages.len()).collect(),
    };

    let pixel_per_pt = f64::from(dpi) / png::POINTS_PER_INCH;
    let rendering = Instant::now();
    let mut size = (0, 0);
    let mut written = Vec::new();
    for (done, &index) in selected.iter().enumerate() {
        progress.set(format!("ページを画像にしています（{}/{}）", done + 1, selected.len()));
        let png = png::page(&pages[index], pixel_per_pt)?;
        size = (png.width, png.height);
        let path = dir.join(page_file(index + 1));
        fs::write_atomic(&path, &png.bytes)?;
        written.push(path);
    }
    if page.is_none() {
        remove_stale_pages(&dir, pages.len())?;
    }
    built.timings.push("画像", rendering.elapsed());
    drop(progress);

    ui.diagnostics(&built.warnings);
    ui.rendered_warnings(built.compiled.typst_warnings.as_deref());
    let what = match (written.first(), written.last()) {
        (Some(first), Some(last)) if written.len() > 1 => {
            format!("{} 〜 {}", shown(first), last.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
        }
        (Some(only), _) => shown(only),
        _ => String::new(),
    };
    ui.info(format!(
        "作成しました: {what}（{} 枚、{} dpi、{}×{} 画素、{:.2} 秒）",
        written.len(),
        dpi,
        size.0,
        size.1,
        started.elapsed().as_secs_f64()
    ));
    ui.detail(&built.timings);
    Ok(())
}

fn page_file(number: usize) -> String {
    format!("page-{number}.png")
}

/// Images of pages the issue no longer has (it got shorter since the last
/// preview) would be mistaken for part of it when shared.
fn remove_stale_pages(dir: &Path, pages: usize) -> Result<(), Failure> {
    for path in fs::read_dir_sorted(dir)? {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let number =
            name.strip_prefix("page-").and_then(|n| n.strip_suffix(".png")).and_then(|n| n.parse::<usize>().ok());
        if number.is_some_and(|n| n > pages && page_file(n) == name) {
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}
