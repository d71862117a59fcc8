//! `tsushin check`: the same load, proofreading, layout and checks as
//! `build` (model → proofreading → Typst data → compile → preflight),
//! writing nothing. With `--strict`, any warning — a proofreading finding
//! too — fails the check.

use crate::cli::args::{CheckArgs, GlobalArgs};
use crate::cli::proofread;
use crate::cli::target::Target;
use crate::cli::ui::Ui;
use crate::diag::{Diagnostic, Failure};
use crate::model::issue;
use crate::typeset::session::{Options, Session};

pub fn run(global: &GlobalArgs, args: &CheckArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let target = Target::resolve(global, &args.issue)?;
    let mut session = Session::new(&target.newsletter.root)?;
    let (issue, warnings) = issue::load(&target.newsletter, target.id)?;
    let built = proofread::compile(&mut session, &target.newsletter.root, issue, warnings, Options::default())?;
    ui.diagnostics(&built.warnings);
    ui.rendered_warnings(built.compiled.typst_warnings.as_deref());
    if args.strict && !built.warnings.is_empty() {
        return Err(Diagnostic::error(format!("警告が {} 件あります（--strict）", built.warnings.len())).into());
    }
    ui.info(format!("確認しました: {} 号（{} ページ、警告 {} 件）", target.id, built.pages(), built.warnings.len()));
    ui.detail(&built.timings);
    Ok(())
}
