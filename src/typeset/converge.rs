//! Typst's compilation loop, started from the previous compilation's answers.
//!
//! `typst::compile` lays the document out, then again until every question
//! the layout asked about the document (where an element is, what a counter
//! says) gets the same answer from the pages it produced. Its first pass
//! asks an empty document, so a layout that measures text (the planner
//! measures every block) always needs a second pass: measured elements are
//! matched with the real ones by asking the document, and the empty one
//! knows none of them (typst 0.15's "measurement mode", see
//! `typst_library::introspection::Locator`).
//!
//! `tsushin watch` compiles the same issue again after every edit. Here the
//! first pass asks the pages of the previous compilation instead: after a
//! one-line edit nearly every answer is still right, the check Typst makes
//! after each pass (the recorded questions asked again of the new pages)
//! succeeds, and one pass is enough. Where an answer changed, the loop goes
//! on exactly as Typst's does, so the result is always a document that
//! answers its own questions, the same one a fresh compilation reaches
//! (tests/workflow.rs compares the PDFs byte for byte).
//!
//! The answers cannot be kept for the next process (`tsushin build` after
//! an earlier build): the questions name elements by hashes that include
//! the addresses of Typst's element types in memory, which differ from one
//! run of the program to the next (address space layout randomisation).
//! With randomisation switched off (`setarch -R`) kept answers did give one
//! pass, and saved about 15 ms of a 150 ms layout: not worth a binary
//! built without position-independent code (docs/performance.md).
//!
//! This is `typst::compile_impl` of typst 0.15.1 with one change, the seed;
//! it stays in step with the pinned typst version (Cargo.toml).

use comemo::Track as _;
use typst::World;
use typst::diag::{SourceDiagnostic, SourceResult, Warned};
use typst::ecow::EcoVec;
use typst::engine::{Engine, Route, Sink, Traced};
use typst::foundations::{Output, StyleChain, Target, TargetElem};
use typst::introspection::{EmptyIntrospector, ITER_NAMES, Introspector, MAX_ITERS};
use typst::utils::Protected;
use typst_layout::PagedDocument;

/// A compilation and what it took.
pub struct Converged {
    pub output: Warned<SourceResult<PagedDocument>>,
    /// Typst's layout passes.
    pub passes: usize,
}

/// Compiles the world's main file to pages, the first pass answered by
/// `seed` (a document compiled earlier in the same world) if there is one.
pub fn compile(world: &dyn World, seed: Option<&PagedDocument>) -> Converged {
    let mut sink = Sink::new();
    let mut passes = 0;
    let output = run(world, seed, &mut sink, &mut passes).map_err(deduplicate);
    Converged { output: Warned { output, warnings: sink.warnings() }, passes }
}

fn run(
    world: &dyn World,
    seed: Option<&PagedDocument>,
    sink: &mut Sink,
    passes: &mut usize,
) -> SourceResult<PagedDocument> {
    let traced = Traced::default();
    let world = world.track();
    let traced = traced.track();
    let library = world.library();
    let base = StyleChain::new(&library.styles);
    let target = TargetElem::target.set(Target::Paged).wrap();
    let styles = base.chain(&target);
    let empty = EmptyIntrospector;

    let main = world.main();
    let main = world
        .source(main)
        .map_err(|error| EcoVec::from([SourceDiagnostic::error(typst::syntax::Span::detached(), error.to_string())]))?;
    let content =
        typst_eval::eval(world, library, traced, sink.track_mut(), Route::default().track(), &main)?.content();

    // Every pass's document is kept until the end, as in Typst: the next
    // pass asks the last one, and the diagnosis of a layout that does not
    // converge compares them all.
    let first: &dyn Introspector = seed.map_or(&empty, answers_of);
    let mut history: Vec<PagedDocument> = Vec::with_capacity(MAX_ITERS);
    let document = loop {
        let _scope = typst_timing::TimingScope::new(ITER_NAMES[history.len()]);
        let asked = history.last().map_or(first, answers_of);
        let constraint = comemo::Constraint::new();
        let mut subsink = Sink::new();
        let mut engine = Engine {
            library,
            world,
            introspector: Protected::new(asked.track_with(&constraint)),
            traced,
            sink: subsink.track_mut(),
            route: Route::default(),
        };
        let document = PagedDocument::create(&mut engine, &content, styles)?;
        *passes += 1;

        if constraint.validate(answers_of(&document)) {
            sink.extend_from_sink(subsink);
            break document;
        }
        if history.len() + 1 >= MAX_ITERS {
            // As Typst: give up with warnings that say what did not settle.
            let mut introspectors = [first; MAX_ITERS + 1];
            for (slot, doc) in introspectors[1..].iter_mut().zip(&history) {
                *slot = answers_of(doc);
            }
            introspectors[MAX_ITERS] = answers_of(&document);
            let warnings = typst::introspection::analyze(world, introspectors, subsink.introspections());
            sink.extend_from_sink(subsink);
            for warning in warnings {
                sink.warn(warning);
            }
            break document;
        }
        history.push(document);
    };

    let delayed = sink.delayed();
    if !delayed.is_empty() {
        return Err(delayed);
    }
    Ok(document)
}

/// What a document answers about itself (`PagedDocument` has an inherent
/// `introspector()` of another type).
fn answers_of(document: &PagedDocument) -> &dyn Introspector {
    Output::introspector(document)
}

/// The same error reported twice (once per pass) is reported once.
fn deduplicate(mut diags: EcoVec<SourceDiagnostic>) -> EcoVec<SourceDiagnostic> {
    let mut seen = std::collections::HashSet::new();
    diags.retain(|diag| seen.insert(typst::utils::hash128(&(&diag.span, &diag.message))));
    diags
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use typst::foundations::Bytes;

    use super::*;
    use crate::typeset::fonts;
    use crate::typeset::world::{Tree, TsushinWorld};
    use crate::vpath::VPath;

    fn world(main: &str) -> TsushinWorld {
        let fonts = fonts::load(Path::new("/nonexistent")).expect("the embedded fonts load");
        let mut tree = Tree::default();
        tree.memory(VPath::main(), Bytes::from_string(main.to_owned()), "main.typ".into());
        TsushinWorld::new(fonts, tree)
    }

    /// Compiles and returns the pages' hash and the passes taken.
    fn pages(world: &TsushinWorld, seed: Option<&PagedDocument>) -> (PagedDocument, u128, usize) {
        let Converged { output: Warned { output, .. }, passes, .. } = compile(world, seed);
        let document = output.expect("the test document compiles");
        let hash = typst::utils::hash128(document.pages());
        (document, hash, passes)
    }

    // Measuring text with `strong` and placing it: the second pass of
    // measurement mode, and the page count read on every page.
    const MEASURED: &str = "#let body = [Ein *kräftiges* Wort und noch eines.]\n\
        #set page(height: 6cm, footer: context [#counter(page).display() / #counter(page).final().first()])\n\
        #for i in range(N) { context { let h = measure(block(width: 5cm, body)).height; block(height: h + 1pt * i, body) } }\n";

    #[test]
    fn seeded_by_its_own_pages_one_pass_gives_the_same_pages() {
        let world = world(&MEASURED.replace('N', "12"));
        let (cold, hash, passes) = pages(&world, None);
        assert!(passes >= 2, "a fresh compilation of measured text takes two passes, took {passes}");
        let (_, seeded, passes) = pages(&world, Some(&cold));
        assert_eq!(passes, 1, "the previous pages answer every question");
        assert_eq!(seeded, hash, "and the pages are the same");
    }

    #[test]
    fn a_wrong_seed_costs_passes_not_correctness() {
        // Pages of another document (fewer blocks, fewer pages, other
        // measurements) as the seed: the loop goes on until the pages answer
        // their own questions, the pages a fresh compilation gives.
        let other = world(&MEASURED.replace('N', "3").replace("kräftiges", "anderes"));
        let (seed, _, _) = pages(&other, None);
        let world = world(&MEASURED.replace('N', "12"));
        let (_, fresh, _) = pages(&world, None);
        let (_, seeded, passes) = pages(&world, Some(&seed));
        assert!(passes >= 2, "the seed's answers are wrong here, took {passes}");
        assert_eq!(seeded, fresh);
    }

    #[test]
    fn errors_are_reported_once() {
        let world = world("#context measure(strong[a]); #panic(\"kaputt\")");
        let Converged { output: Warned { output, .. }, .. } = compile(&world, None);
        let Err(errors) = output else { panic!("the panic is an error") };
        assert_eq!(errors.len(), 1, "{errors:?}");
    }
}
