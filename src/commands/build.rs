//! `tsushin build`: compile an issue and write its PDF atomically, as is or
//! in a print form (booklet, print shop, grayscale proof).

use std::path::PathBuf;

use crate::args::{BuildArgs, GlobalArgs};
use crate::commands::{Target, report};
use crate::diag::{Failure, display_path};
use crate::pipeline::{self, Options};
use crate::render;
use crate::typst_data::Output;
use crate::{fsx, grayscale, impose, world};

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
    let target = Target::resolve(global, &args.issue)?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| target.newsletter.root.join("out").join(default_name(args, &target.id.to_string())));
    let started = std::time::Instant::now();
    let options = Options {
        output: Output { bleed_mm: args.print_shop.then_some(impose::BLEED_MM) },
        shrink_photos: true,
    };
    let fonts = render::font_store(&target.newsletter.root)?;
    let built = pipeline::compile_with(&target.newsletter, target.id, fonts, options)?;
    report(&built.warnings);
    if let Some(w) = &built.compiled.typst_warnings {
        eprint!("{w}");
    }
    if let Some(dir) = &args.emit_typst {
        world::write_tree(built.world.tree(), dir)?;
        let fonts = dir.join("fonts");
        for font in crate::fonts::collect(&target.newsletter.root)? {
            fsx::write_atomic(&fonts.join(&font.name), &font.data)?;
        }
    }
    for p in &built.photos.photos {
        eprintln!(
            "写真を印刷に必要な解像度（{} dpi）に縮小しました: {}（{}×{} → {}×{}、{:.0} KB → {:.0} KB）",
            crate::photos::TARGET_DPI,
            p.name,
            p.before_px.0,
            p.before_px.1,
            p.after_px.0,
            p.after_px.1,
            p.before_bytes as f64 / 1024.0,
            p.after_bytes as f64 / 1024.0
        );
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
    let pdf = render::pdf(&document, &built.issue, &built.world)?;
    fsx::write_atomic(&output, &pdf)?;
    let shown = display_path(&output, &std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
    let unit = if args.booklet { "枚（両面）" } else { "ページ" };
    let sides = if args.booklet { document.pages().len() / 2 } else { document.pages().len() };
    eprintln!("作成しました: {shown}（{sides} {unit}、{:.0} KB、{:.2} 秒）", pdf.len() as f64 / 1024.0, started.elapsed().as_secs_f64());
    if args.booklet {
        eprintln!("  印刷のしかた: A3 の用紙に「両面印刷（短辺とじ）」で印刷し、重ねたまま半分に折ってください");
    }
    Ok(())
}
