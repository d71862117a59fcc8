//! The one path shared by `build`, `check`, `watch`, `preview` and `archive`:
//! issue model → Typst tree → sandboxed world → compiled and checked document
//! (→ photos scaled to print resolution and laid out again). What is made of
//! the document — print forms, PDF, PNG — is the caller's, through `print/`.
//!
//! A [`Session`] keeps the fonts and the Typst world alive between
//! compilations. `build` compiles once; `watch` compiles again after every
//! change, and because the world keeps its parsed sources and comemo keeps its
//! memoized layout, a small edit relayouts only what it touched. `archive`
//! gives each of its threads a session over the same fonts.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Failure};
use crate::model::config::Newsletter;
use crate::model::issue::{self, Issue, IssueId};
use crate::typeset::compile::{self, Compiled};
use crate::typeset::data::Medium;
use crate::typeset::world::{Tree, TsushinWorld};
use crate::typeset::{fonts, images, photos, tree};

/// Fonts and world, kept for as many compilations as the command needs.
pub struct Session {
    world: TsushinWorld,
    /// The pages of the last successful compilation and what they are of
    /// (the issue, and whether in large print): the next compilation of
    /// that issue starts from their answers (typeset::converge), so an edit
    /// in `watch` usually takes one layout pass instead of two.
    last: Option<((IssueId, bool), PagedDocument)>,
}

/// How an issue is compiled.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// What the pages are laid out for (the bleed for a print shop, the
    /// large print edition's reading order).
    pub medium: Medium,
    /// Scale photos far above print resolution down (costs a second layout
    /// when it happens; `check` and `watch` skip it).
    pub shrink_photos: bool,
}

/// A compiled issue, with the world it was compiled in.
pub struct Built<'a> {
    pub issue: Issue,
    pub world: &'a TsushinWorld,
    pub compiled: Compiled,
    /// Warnings from loading and compiling, in that order.
    pub warnings: Vec<Diagnostic>,
    /// Photos that were scaled down to print resolution.
    pub photos: photos::Report,
    pub timings: Timings,
}

impl Session {
    /// Loads the fonts (the newsletter's own `fonts/`, then the embedded ones).
    pub fn new(root: &Path) -> Result<Self, Failure> {
        Ok(Self::with_fonts(fonts::load(root)?))
    }

    /// A session over fonts loaded once by the caller, so many sessions (one
    /// per thread) can share them.
    pub fn with_fonts(fonts: Arc<FontStore>) -> Self {
        Self { world: TsushinWorld::new(fonts, Tree::default()), last: None }
    }

    /// Reloads the fonts after one of them changed. The world starts afresh, as
    /// every layout depends on the fonts anyway.
    pub fn reload_fonts(&mut self, root: &Path) -> Result<(), Failure> {
        let tree = self.world.tree().clone();
        self.world = TsushinWorld::new(fonts::load(root)?, tree);
        self.last = None;
        Ok(())
    }

    /// Forgets the last compilation's pages: the next one starts from
    /// nothing, as in a new process (benchmarks compare the two).
    pub fn forget_pages(&mut self) {
        self.last = None;
    }

    pub fn world(&self) -> &TsushinWorld {
        &self.world
    }

    /// Loads an issue from disk and compiles it with `options`.
    pub fn compile(&mut self, newsletter: &Newsletter, id: IssueId, options: Options) -> Result<Built<'_>, Failure> {
        let started = Instant::now();
        let (issue, warnings) = issue::load(newsletter, id)?;
        self.compile_from(&newsletter.root, issue, warnings, options, started)
    }

    /// Compiles an issue the caller has loaded (with the warnings loading
    /// gave), so that a caller who needs the issue first loads it only once.
    pub fn compile_loaded(
        &mut self,
        root: &Path,
        issue: Issue,
        warnings: Vec<Diagnostic>,
        options: Options,
    ) -> Result<Built<'_>, Failure> {
        self.compile_from(root, issue, warnings, options, Instant::now())
    }

    fn compile_from(
        &mut self,
        root: &Path,
        issue: Issue,
        mut warnings: Vec<Diagnostic>,
        options: Options,
        started: Instant,
    ) -> Result<Built<'_>, Failure> {
        let mut timings = Timings::default();
        let (tree, map) = tree::of_issue(&issue, root, options.medium.clone())?;
        let flowing = options.medium.large_print();
        self.world.update(tree);
        timings.push("読み込み", started.elapsed());

        // Loading read only image headers: decode each image once here, before
        // the layout needs it (the compilation reuses the memoized decode).
        let started = Instant::now();
        let broken = images::check(&issue, &self.world);
        timings.push("画像", started.elapsed());
        if !broken.is_empty() {
            warnings.extend(broken);
            return Err(warnings.into());
        }

        let started = Instant::now();
        // (kept when this compilation fails: the next one starts from it)
        let key = (issue.id, flowing);
        let seed = self.last.as_ref().filter(|(of, _)| *of == key).map(|(_, doc)| doc);
        let result = compile::compile(&self.world, &issue, &map, flowing, seed);
        timings.push("組版", started.elapsed());
        if let Ok(compiled) = &result {
            timings.note(format!("{} パス", compiled.passes));
        }
        let mut compiled = match result {
            Ok(c) => c,
            Err(mut failure) => {
                // Loading warnings still matter when layout fails.
                warnings.append(&mut failure.diagnostics);
                failure.diagnostics = warnings;
                return Err(failure);
            }
        };
        let mut report = photos::Report::default();
        if options.shrink_photos {
            // Placed sizes are only known after layout: shrink, then lay out again
            // with the smaller files (same dimensions, so the layout is unchanged).
            if let Some((tree, shrunk)) = photos::shrink(&compiled.document, self.world.tree(), &compiled.images) {
                let started = Instant::now();
                let original = self.world.tree().clone();
                self.world.update(tree);
                match compile::compile(&self.world, &issue, &map, flowing, Some(&compiled.document)) {
                    Ok(second) if photos::same_placements(&compiled.document, &second.document) => {
                        compiled = second;
                        report = shrunk;
                    }
                    // The layout reacted to the new files (it should not): keep
                    // the originals rather than print something different.
                    _ => self.world.update(original),
                }
                timings.push("写真の縮小", started.elapsed());
            }
        }
        // Keep the caches of recent compilations only, so a long `watch`
        // session does not grow without bound.
        comemo::evict(10);
        self.last = Some(((issue.id, flowing), compiled.document.clone()));
        warnings.extend(compiled.warnings.iter().cloned());
        Ok(Built { issue, world: &self.world, compiled, warnings, photos: report, timings })
    }
}

impl Built<'_> {
    pub fn pages(&self) -> usize {
        self.compiled.document.pages().len()
    }
}

/// How long each stage took, for `-v`, each with an optional note
/// (`組版 31.2 ms（1 パス）`).
#[derive(Debug, Default, Clone)]
pub struct Timings(Vec<(&'static str, Duration, Option<String>)>);

impl Timings {
    pub fn push(&mut self, stage: &'static str, took: Duration) {
        self.0.push((stage, took, None));
    }

    /// A note on the stage pushed last.
    pub fn note(&mut self, note: String) {
        if let Some(last) = self.0.last_mut() {
            last.2 = Some(note);
        }
    }

    /// Runs `stage` and records how long it took.
    pub fn time<T>(&mut self, stage: &'static str, run: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = run();
        self.push(stage, started.elapsed());
        result
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (stage, took, note)) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { "、" };
            write!(f, "{sep}{stage} {:.1} ms", took.as_secs_f64() * 1000.0)?;
            if let Some(note) = note {
                write!(f, "（{note}）")?;
            }
        }
        Ok(())
    }
}
