//! `tsushin build`: compile an issue and write its PDF atomically.

use std::path::PathBuf;

use crate::args::{BuildArgs, GlobalArgs};
use crate::commands::{Target, report};
use crate::diag::{Failure, display_path};
use crate::{fsx, pipeline, render, world};

pub fn run(global: &GlobalArgs, args: &BuildArgs) -> Result<(), Failure> {
    let target = Target::resolve(global, &args.issue)?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| target.newsletter.root.join("out").join(format!("{}.pdf", target.id)));
    let started = std::time::Instant::now();
    let built = pipeline::compile(&target)?;
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
    let pdf = render::pdf(&built.compiled, &built.issue, &built.world)?;
    fsx::write_atomic(&output, &pdf)?;
    let shown = display_path(&output, &std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
    eprintln!(
        "作成しました: {shown}（{} ページ、{:.0} KB、{:.2} 秒）",
        built.compiled.document.pages().len(),
        pdf.len() as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
