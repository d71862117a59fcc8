//! Benchmark: what `--web` adds to `tsushin build` (target: at most 50 ms
//! for the reference issue). A plain loop, no harness (`harness = false` in
//! Cargo.toml):
//!
//! ```sh
//! cargo bench --bench web            # 200 runs of each stage
//! cargo bench --bench web -- 50      # another count
//! ```
//!
//! Each issue is compiled once, as `build` compiles it (photos scaled to
//! print resolution); then each stage runs in a loop and its median, 90th
//! and 99th percentiles and maximum are printed as a Markdown table for
//! docs/performance.md:
//! - `make` — the page and its images from the model, the plan and the
//!   build's tree (`edition::web::make`);
//! - `make + write` — the same and the folder written as `build` writes it
//!   (`fs::replace_folder`: staged, flushed, swapped in): all `--web` adds;
//! - `build` — loading, compiling and checking the issue from nothing (fresh
//!   fonts, Typst's caches emptied), for scale; PDF export and writing not
//!   counted (a few runs).
//!
//! The reference and examples/full-6p (two 12-megapixel phone photos the
//! print step leaves alone, so the web edition scales them itself).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tsushin::edition::web;
use tsushin::model::config::Newsletter;
use tsushin::model::issue::IssueId;
use tsushin::typeset::plan;
use tsushin::typeset::session::{Options, Session};

fn main() {
    let runs: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(200);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    println!("| issue | stage | median ms | p90 ms | p99 ms | max ms |");
    println!("| --- | --- | ---: | ---: | ---: | ---: |");
    bench(&repo, IssueId { year: 2022, month: 6 }, runs);
    bench(&repo.join("examples/full-6p"), IssueId { year: 2023, month: 6 }, runs / 10 + 1);
}

fn bench(root: &Path, id: IssueId, runs: usize) {
    let newsletter = Newsletter::load(root.to_path_buf()).expect("tsushin.toml loads");
    let options = Options { shrink_photos: true, ..Options::default() };
    let mut session = Session::new(root).expect("fonts load");
    let out = tempfile::tempdir().expect("temp dir");
    let target = out.path().join(format!("{id}-web"));
    let build_runs = 5;
    // A build from nothing, as one `tsushin build` runs: fresh fonts and
    // world, Typst's caches emptied.
    let builds = measure(build_runs, || {
        comemo::evict(0);
        Session::new(root).ok()?.compile(&newsletter, id, options.clone()).ok().map(|b| b.pages())
    });
    let built = session.compile(&newsletter, id, options.clone()).expect("the issue compiles");
    let plan = plan::read(&built.compiled.document);
    let tree = built.world.tree();
    let make = || web::make(&built.issue, plan.as_ref(), tree).ok();
    let stages = [
        ("make (page and images)", measure(runs, || make().map(|w| w.len()))),
        (
            "make + write (what --web adds)",
            measure(runs, || {
                let web = make()?;
                tsushin::fs::replace_folder(&target, &web.files).ok().map(|()| web.len())
            }),
        ),
        ("build without --web (for scale)", builds),
    ];
    for (name, times) in stages {
        let [median, p90, p99, max] = [0.5, 0.9, 0.99, 1.0].map(|q| millis(&times, q));
        println!("| {id} | {name} ({} runs) | {median:.1} | {p90:.1} | {p99:.1} | {max:.1} |", times.len());
    }
}

/// Wall time of each of `runs` calls of `stage` (after a warm-up), sorted.
/// The result goes through `black_box` so the work is not optimised away.
fn measure<T>(runs: usize, mut stage: impl FnMut() -> Option<T>) -> Vec<Duration> {
    std::hint::black_box(stage());
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(stage()).expect("the stage succeeds");
            started.elapsed()
        })
        .collect();
    times.sort();
    times
}

/// The `q` quantile of sorted `times`, in milliseconds.
fn millis(times: &[Duration], q: f64) -> f64 {
    let i = ((times.len() - 1) as f64 * q).round() as usize;
    times[i].as_secs_f64() * 1e3
}
