//! Benchmark: what proofreading adds to `tsushin check` on the reference
//! issue. A plain loop, no harness (`harness = false` in Cargo.toml):
//!
//! ```sh
//! cargo bench --bench proofread            # 2000 runs of each stage
//! cargo bench --bench proofread -- 500     # another count
//! ```
//!
//! The issue is loaded once, as `check` loads it; then each stage runs in a
//! loop and its median, 90th and 99th percentiles and maximum are printed as a Markdown
//! table for docs/performance.md:
//! - `proofread` — what `check`, `build` and `watch` call for one issue
//!   (`proof::issue::proofread`: the dictionary parsed, the word list built,
//!   every rule over every text, the findings made diagnostics);
//! - `rules only` — the same with the proofreader built once (what the rules
//!   and the diagnostics cost by themselves);
//! - `load` — loading the issue, for scale (not part of what proofreading adds).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tsushin::model::config::Newsletter;
use tsushin::model::issue::{self, IssueId};
use tsushin::proof::{Dictionary, Proofreader, Settings};

fn main() {
    let runs: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(2000);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let newsletter = Newsletter::load(root).expect("tsushin.toml loads");
    let id = IssueId { year: 2022, month: 6 };
    let (issue, _) = issue::load(&newsletter, id).expect("the reference issue loads");
    let dictionary = match &issue.dictionary {
        Some(file) => Dictionary::read(file).expect("the dictionary reads"),
        None => Dictionary::default(),
    };
    let proofreader = Proofreader::new(&Settings::from_table(&issue.settings.proofreading), &dictionary);
    let findings = tsushin::proof::issue::proofread(&issue).expect("proofreads").warnings.len();
    let chars: usize = issue.bodies.iter().map(|b| b.text().chars().count()).sum::<usize>()
        + issue.strings.iter().map(|s| s.text.chars().count()).sum::<usize>();

    let stages = [
        (
            "proofread (what check adds)",
            measure(runs, || tsushin::proof::issue::proofread(&issue).map(|p| p.warnings.len()).ok()),
        ),
        (
            "rules only (proofreader built once)",
            measure(runs, || Some(tsushin::proof::issue::findings(&proofreader, &issue).1.len())),
        ),
        (
            "load the issue (for scale)",
            measure(runs / 4 + 1, || issue::load(&newsletter, id).ok().map(|(i, _)| i.strings.len())),
        ),
    ];
    println!(
        "reference issue 2022-06: {} bodies, {} strings, {chars} characters, {findings} finding(s); {runs} runs",
        issue.bodies.len(),
        issue.strings.len()
    );
    println!();
    println!("| stage | median µs | p90 µs | p99 µs | max µs |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (name, times) in stages {
        let [median, p90, p99, max] = [0.5, 0.9, 0.99, 1.0].map(|q| micros(&times, q));
        println!("| {name} | {median:.0} | {p90:.0} | {p99:.0} | {max:.0} |");
    }
}

/// Wall time of each of `runs` calls of `stage` (after a warm-up), sorted.
/// The result goes through `black_box` so the work is not optimised away.
fn measure<T>(runs: usize, mut stage: impl FnMut() -> Option<T>) -> Vec<Duration> {
    for _ in 0..runs.min(50) {
        std::hint::black_box(stage());
    }
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

/// The `q` quantile of sorted `times`, in microseconds.
fn micros(times: &[Duration], q: f64) -> f64 {
    let i = ((times.len() - 1) as f64 * q).round() as usize;
    times[i].as_secs_f64() * 1e6
}
