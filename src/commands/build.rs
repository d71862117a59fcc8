//! `tsushin build`: compile an issue and write its PDF atomically, as is or
//! in a print form (booklet, print shop, grayscale proof).

use crate::args::{BuildArgs, GlobalArgs};
use crate::commands::{Target, shown};
use crate::diag::Failure;
use crate::pipeline::{Options, Session};
use crate::typst_data::Output;
use crate::ui::Ui;
use crate::{fsx, grayscale, impose, photos, world};

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
        target.newsletter.root.join(crate::commands::OUT_DIR).join(default_name(args, &target.id.to_string()))
    });
    let started = std::time::Instant::now();
    let progress = ui.progress(format!("{} 号を組版しています…", target.id));
    let options =
        Options { output: Output { bleed_mm: args.print_shop.then_some(impose::BLEED_MM) }, shrink_photos: true };
    let mut session = Session::new(&target.newsletter.root)?;
    let mut built = match session.compile_with(&target.newsletter, target.id, options) {
        Ok(built) => built,
        Err(mut failure) => {
            drop(progress);
            crate::commands::write_draft(&mut failure, &output);
            return Err(failure);
        }
    };
    if let Some(dir) = &args.emit_typst {
        world::write_tree(built.world.tree(), dir)?;
        let fonts = dir.join("fonts");
        for font in crate::fonts::collect(&target.newsletter.root)? {
            fsx::write_atomic(&fonts.join(&font.name), &font.data)?;
        }
    }
    // Print forms are transformations of the laid-out pages, in this order:
    // colours first, then where the pages go on the sheet.
    let mut document = built.compiled.document.clone();
    if args.grayscale {
        document = grayscale::document(&document);
    }
    if args.booklet {
        document = impose::booklet(&document);
    }
    if args.print_shop {
        document = impose::crop_marks(&document);
    }
    let size = built.write_document(&document, &output)?;
    crate::commands::remove_draft(&output);
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
