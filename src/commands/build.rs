//! `tsushin build`: compile an issue and write its PDF atomically.

use crate::args::{BuildArgs, GlobalArgs};
use crate::commands::{Target, shown};
use crate::diag::Failure;
use crate::pipeline::Session;
use crate::ui::Ui;
use crate::{fsx, world};

pub fn run(global: &GlobalArgs, args: &BuildArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let target = Target::resolve(global, &args.issue)?;
    let output = args.output.clone().unwrap_or_else(|| target.pdf_path());
    let started = std::time::Instant::now();
    let progress = ui.progress(format!("{} 号を組版しています…", target.id));
    let mut session = Session::new(&target.newsletter.root)?;
    let mut built = session.compile(&target)?;
    if let Some(dir) = &args.emit_typst {
        world::write_tree(built.world.tree(), dir)?;
        let fonts = dir.join("fonts");
        for font in crate::fonts::collect(&target.newsletter.root)? {
            fsx::write_atomic(&fonts.join(&font.name), &font.data)?;
        }
    }
    let size = built.write_pdf(&output)?;
    drop(progress);
    ui.diagnostics(&built.warnings);
    ui.rendered_warnings(built.compiled.typst_warnings.as_deref());
    ui.info(format!(
        "作成しました: {}（{} ページ、{:.0} KB、{:.2} 秒）",
        shown(&output),
        built.pages(),
        size as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    ));
    ui.detail(&built.timings);
    Ok(())
}
