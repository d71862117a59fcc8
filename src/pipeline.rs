//! The one path shared by `build` and `check`: issue model → Typst tree →
//! sandboxed world → compiled and checked document.

use crate::commands::Target;
use crate::diag::{Diagnostic, Failure};
use crate::issue::{self, Issue};
use crate::render::{self, Compiled};
use crate::world::TsushinWorld;

pub struct Built {
    pub issue: Issue,
    pub world: TsushinWorld,
    pub compiled: Compiled,
    /// Warnings from loading and compiling, in that order.
    pub warnings: Vec<Diagnostic>,
}

pub fn compile(target: &Target) -> Result<Built, Failure> {
    let (issue, mut warnings) = issue::load(&target.newsletter, target.id)?;
    let root = &target.newsletter.root;
    let tree = render::tree(&issue, root)?;
    let fonts = render::font_store(root)?;
    let world = TsushinWorld::new(fonts, tree);
    let compiled = match render::compile(&world, &issue) {
        Ok(c) => c,
        Err(mut failure) => {
            // Loading warnings still matter when layout fails.
            warnings.append(&mut failure.diagnostics);
            failure.diagnostics = warnings;
            return Err(failure);
        }
    };
    warnings.extend(compiled.warnings.iter().cloned());
    Ok(Built { issue, world, compiled, warnings })
}
