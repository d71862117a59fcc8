//! The one path shared by `build`, `check`, `watch` and `preview`: issue model →
//! Typst tree → sandboxed world → compiled and checked document → PDF.
//!
//! A [`Session`] keeps the fonts and the Typst world alive between
//! compilations. `build` compiles once; `watch` compiles again after every
//! change, and because the world keeps its parsed sources and comemo keeps its
//! memoized layout, a small edit relayouts only what it touched.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use typst_kit::fonts::FontStore;

use crate::commands::Target;
use crate::diag::{Diagnostic, Failure};
use crate::issue::{self, Issue};
use crate::render::{self, Compiled};
use crate::world::{Tree, TsushinWorld};
use crate::fsx;

/// Fonts and world, kept for as many compilations as the command needs.
pub struct Session {
    world: TsushinWorld,
}

/// A compiled issue, with the world it was compiled in.
pub struct Built<'a> {
    pub issue: Issue,
    pub world: &'a TsushinWorld,
    pub compiled: Compiled,
    /// Warnings from loading and compiling, in that order.
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

impl Session {
    /// Loads the fonts (the newsletter's own `fonts/`, then the embedded ones).
    pub fn new(root: &Path) -> Result<Self, Failure> {
        Ok(Self { world: TsushinWorld::new(load_fonts(root)?, Tree::default()) })
    }

    /// Reloads the fonts after one of them changed. The world starts afresh, as
    /// every layout depends on the fonts anyway.
    pub fn reload_fonts(&mut self, root: &Path) -> Result<(), Failure> {
        let tree = self.world.tree().clone();
        self.world = TsushinWorld::new(load_fonts(root)?, tree);
        Ok(())
    }

    pub fn world(&self) -> &TsushinWorld {
        &self.world
    }

    /// Loads the issue from disk and compiles it.
    pub fn compile(&mut self, target: &Target) -> Result<Built<'_>, Failure> {
        let mut timings = Timings::default();
        let started = Instant::now();
        let (issue, mut warnings) = issue::load(&target.newsletter, target.id)?;
        let tree = render::tree(&issue, &target.newsletter.root)?;
        self.world.update(tree);
        timings.push("読み込み", started.elapsed());

        let started = Instant::now();
        let result = render::compile(&self.world, &issue);
        // Keep the caches of recent compilations only, so a long `watch`
        // session does not grow without bound.
        comemo::evict(10);
        timings.push("組版", started.elapsed());
        let compiled = match result {
            Ok(c) => c,
            Err(mut failure) => {
                // Loading warnings still matter when layout fails.
                warnings.append(&mut failure.diagnostics);
                failure.diagnostics = warnings;
                return Err(failure);
            }
        };
        warnings.extend(compiled.warnings.iter().cloned());
        Ok(Built { issue, world: &self.world, compiled, warnings, timings })
    }
}

impl Built<'_> {
    /// Exports the PDF and writes it atomically; returns its size in bytes.
    pub fn write_pdf(&mut self, output: &Path) -> Result<usize, Failure> {
        let started = Instant::now();
        let pdf = render::pdf(&self.compiled, &self.issue, self.world)?;
        self.timings.push("PDF", started.elapsed());
        let started = Instant::now();
        fsx::write_atomic(output, &pdf)?;
        self.timings.push("書き込み", started.elapsed());
        Ok(pdf.len())
    }

    pub fn pages(&self) -> usize {
        self.compiled.document.pages().len()
    }
}

fn load_fonts(root: &Path) -> Result<Arc<FontStore>, Failure> {
    Ok(render::font_store(root)?)
}

/// How long each stage took, for `-v`.
#[derive(Debug, Default, Clone)]
pub struct Timings(Vec<(&'static str, Duration)>);

impl Timings {
    pub fn push(&mut self, stage: &'static str, took: Duration) {
        self.0.push((stage, took));
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (stage, took)) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { "、" };
            write!(f, "{sep}{stage} {:.1} ms", took.as_secs_f64() * 1000.0)?;
        }
        Ok(())
    }
}
