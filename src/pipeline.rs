//! The one path shared by `build`, `check` and `archive`: issue model → Typst
//! tree → sandboxed world → compiled and checked document.

use std::sync::Arc;

use typst_kit::fonts::FontStore;

use crate::commands::Target;
use crate::config::Newsletter;
use crate::diag::{Diagnostic, Failure};
use crate::issue::{self, Issue, IssueId};
use crate::photos;
use crate::render::{self, Compiled};
use crate::typst_data::Output;
use crate::world::TsushinWorld;

pub struct Built {
    pub issue: Issue,
    pub world: TsushinWorld,
    pub compiled: Compiled,
    /// Warnings from loading and compiling, in that order.
    pub warnings: Vec<Diagnostic>,
    /// Photos that were scaled down to print resolution.
    pub photos: photos::Report,
}

/// How an issue is compiled.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// What the layout is told about the output.
    pub output: Output,
    /// Scale photos far above print resolution down (costs a second layout
    /// when it happens; `check` skips it).
    pub shrink_photos: bool,
}

/// Compiles the target issue with the newsletter's fonts and default options.
pub fn compile(target: &Target) -> Result<Built, Failure> {
    let fonts = render::font_store(&target.newsletter.root)?;
    compile_with(&target.newsletter, target.id, fonts, Options::default())
}

/// Compiles one issue with fonts loaded once by the caller (so many issues
/// can share them).
pub fn compile_with(newsletter: &Newsletter, id: IssueId, fonts: Arc<FontStore>, options: Options) -> Result<Built, Failure> {
    let (issue, mut warnings) = issue::load(newsletter, id)?;
    let root = &newsletter.root;
    let tree = render::tree(&issue, root, options.output)?;
    let mut world = TsushinWorld::new(fonts, tree);
    let with_warnings = |mut failure: Failure, warnings: Vec<Diagnostic>| {
        // Loading warnings still matter when layout fails.
        let mut all = warnings;
        all.append(&mut failure.diagnostics);
        failure.diagnostics = all;
        failure
    };
    let mut compiled = match render::compile(&world, &issue) {
        Ok(c) => c,
        Err(failure) => return Err(with_warnings(failure, warnings)),
    };
    let mut report = photos::Report::default();
    if options.shrink_photos {
        // Placed sizes are only known after layout: shrink, then lay out again
        // with the smaller files (same dimensions, so the layout is unchanged).
        if let Some((tree, shrunk)) = photos::shrink(&compiled.document, world.tree())? {
            let original = world.tree().clone();
            world.update(tree);
            match render::compile(&world, &issue) {
                Ok(second) if photos::same_placements(&compiled.document, &second.document) => {
                    compiled = second;
                    report = shrunk;
                }
                // The layout reacted to the new files (it should not): keep
                // the originals rather than print something different.
                _ => world.update(original),
            }
        }
    }
    warnings.extend(compiled.warnings.iter().cloned());
    Ok(Built { issue, world, compiled, warnings, photos: report })
}
