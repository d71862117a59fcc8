//! Proofreading as `check`, `build` and `watch` run it: after the issue is
//! loaded and before it is laid out, so that its findings join the loading
//! warnings — printed with them, counted by `check --strict`, and still shown
//! when the layout fails. Findings never stop a build; only a broken
//! dictionary does, like any other mistake in the settings.

use std::path::Path;

use crate::diag::{Diagnostic, Failure};
use crate::model::issue::Issue;
use crate::proof::issue::proofread;
use crate::typeset::session::{Built, Options, Session};

/// Proofreads `issue` (loaded with `warnings`), then compiles it in `session`.
/// The findings are among the built issue's warnings; the time they took is
/// the stage 「校正」 of its timings (`-v`).
pub fn compile<'s>(
    session: &'s mut Session,
    root: &Path,
    issue: Issue,
    mut warnings: Vec<Diagnostic>,
    options: Options,
) -> Result<Built<'s>, Failure> {
    let checked = match proofread(&issue) {
        Ok(checked) => checked,
        Err(mut errors) => {
            warnings.append(&mut errors);
            return Err(warnings.into());
        }
    };
    warnings.extend(checked.warnings);
    let mut built = session.compile_loaded(root, issue, warnings, options)?;
    built.timings.push("校正", checked.took);
    Ok(built)
}
