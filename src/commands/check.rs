//! `tsushin check`: the same load, layout and checks as `build`, writing nothing.

use crate::args::{CheckArgs, GlobalArgs};
use crate::commands::{Target, report};
use crate::diag::{Diagnostic, Failure};
use crate::pipeline;

pub fn run(global: &GlobalArgs, args: &CheckArgs) -> Result<(), Failure> {
    let target = Target::resolve(global, &args.issue)?;
    let built = pipeline::compile(&target)?;
    report(&built.warnings);
    if let Some(w) = &built.compiled.typst_warnings {
        eprint!("{w}");
    }
    if args.strict && !built.warnings.is_empty() {
        return Err(Diagnostic::error(format!("警告が {} 件あります（--strict）", built.warnings.len())).into());
    }
    eprintln!(
        "確認しました: {} 号（{} ページ、警告 {} 件）",
        target.id,
        built.compiled.document.pages().len(),
        built.warnings.len()
    );
    Ok(())
}
