//! `tsushin build`: compile an issue and write its PDF atomically, as is or
//! in a print form (booklet, print shop, grayscale proof).

use crate::cli::args::{BuildArgs, GlobalArgs};
use crate::cli::commands::{Target, shown};
use crate::cli::ui::Ui;
use crate::diag::Failure;
use crate::fs;
use crate::print::forms::Forms;
use crate::print::pdf;
use crate::typeset::session::{Options, Session};
use crate::typeset::{photos, world};

/// The default file name: the issue, then one suffix per print form, so the
/// forms never overwrite each other (`out/2022-06-booklet-grayscale.pdf`).
fn default_name(args: &BuildArgs, id: &str) -> String {
    let mut name = id.to_owned();
    for (on, suffix) in [(args.booklet, "-booklet"), (args.print_shop, "-print-shop"), (args.grayscale, "-grayscale")] {
        if on {
            name.push_str(suffix);
        }
    }
    name + ".pdf"
}

pub fn run(global: &GlobalArgs, args: &BuildArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let target = Target::resolve(global, &args.issue)?;
    let output = args.output.clone().unwrap_or_else(|| {
        target.newsletter.root.join(crate::cli::commands::OUT_DIR).join(default_name(args, &target.id.to_string()))
    });
    let started = std::time::Instant::now();
    let progress = ui.progress(format!("{} 号を組版しています…", target.id));
    let forms = Forms { grayscale: args.grayscale, booklet: args.booklet, print_shop: args.print_shop };
    let options = Options { medium: forms.medium(), shrink_photos: true };
    let mut session = Session::new(&target.newsletter.root)?;
    let mut built = session.compile(&target.newsletter, target.id, options)?;
    if let Some(dir) = &args.emit_typst {
        world::write_tree(built.world.tree(), dir)?;
        let fonts = dir.join("fonts");
        for font in crate::typeset::fonts::collect(&target.newsletter.root)? {
            fs::write_atomic(&fonts.join(&font.name), &font.data)?;
        }
    }
    let document = forms.apply(&built.compiled.document);
    let pdf = built.timings.time("PDF", || pdf::export(&document, &built.issue, built.world))?;
    built.timings.time("書き込み", || fs::write_atomic(&output, &pdf))?;
    let size = pdf.len();
    drop(progress);
    ui.diagnostics(&built.warnings);
    ui.rendered_warnings(built.compiled.typst_warnings.as_deref());
    for p in &built.photos.photos {
        ui.info(format!(
            "写真を印刷に必要な解像度（{} dpi）に縮小しました: {}（{}×{} → {}×{}、{:.0} KB → {:.0} KB）",
            photos::TARGET_DPI,
            p.name,
            p.before_px.0,
            p.before_px.1,
            p.after_px.0,
            p.after_px.1,
            p.before_bytes as f64 / 1024.0,
            p.after_bytes as f64 / 1024.0
        ));
    }
    let (sides, unit) = if args.booklet {
        (document.pages().len() / 2, "枚（両面）")
    } else {
        (document.pages().len(), "ページ")
    };
    ui.info(format!(
        "作成しました: {}（{sides} {unit}、{:.0} KB、{:.2} 秒）",
        shown(&output),
        size as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    ));
    if args.booklet {
        ui.info("  印刷のしかた: A3 の用紙に「両面印刷（短辺とじ）」で印刷し、重ねたまま半分に折ってください");
    }
    ui.detail(&built.timings);
    Ok(())
}
