//! Typst layout iterations and where the time of a build goes, through the
//! embedded compiler (what `typst compile --timings` shows for the CLI).
//!
//! ```sh
//! cargo run --release --example iterations -- ROOT ISSUE [RUNS] [--edit FILE TEXT] [--seeded]
//! cargo run --release --example iterations -- . 2022-06 5
//! cargo run --release --example iterations -- . 2022-06 5 --edit greeting.md 過ぎました
//! ```
//!
//! Prints the layout iterations per compilation (typst-timing's "iter (N)"
//! scopes), the wall and CPU time of each compilation and the exclusive
//! time of every timing scope with its place in the source (the layout's
//! lines show where planning time goes). Without `--edit`, every run starts
//! from empty caches. With `--edit FILE TEXT`, the issue is compiled once,
//! then before each timed run TEXT in issues/ISSUE/FILE gets a digit
//! appended (a one-line edit, as `tsushin watch` sees it); the file is
//! restored at the end. With `--seeded` (and no `--edit`), every run after
//! the first starts from empty caches but with the first pass answered by
//! the previous run's pages (typeset::converge), as a watch rebuild does.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// CPU time of this process (user + system) in ms, from /proc/self/stat:
/// steadier than wall time on a machine shared with other builds.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|t| t.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) * 10.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(id)) = (args.first(), args.get(1)) else {
        eprintln!("usage: iterations ROOT ISSUE [RUNS] [--edit FILE TEXT]");
        std::process::exit(2);
    };
    let root = PathBuf::from(root);
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(1);
    let edit = args.iter().position(|a| a == "--edit").map(|i| (args[i + 1].clone(), args[i + 2].clone()));
    let seeded = args.iter().any(|a| a == "--seeded");

    let newsletter = tsushin::model::config::Newsletter::load(root.clone()).expect("tsushin.toml loads");
    let issue = tsushin::model::id::IssueId::parse(id).expect("an issue id like 2022-06");
    let options = tsushin::typeset::session::Options::default();
    let Ok(mut session) = tsushin::typeset::session::Session::new(&newsletter.root) else {
        panic!("fonts do not load")
    };
    let edited = edit.as_ref().map(|(file, _)| root.join("issues").join(id).join(file));
    let original = edited.as_ref().map(|f| std::fs::read_to_string(f).expect("the file to edit"));
    if edit.is_some() {
        let _ = session.compile(&newsletter, issue, options.clone());
    }

    typst_timing::enable();
    let mut times = Vec::new();
    for run in 0..runs {
        if let (Some(file), Some(text), Some((_, from))) = (&edited, &original, &edit) {
            std::fs::write(file, text.replacen(from.as_str(), &format!("{from}{run}"), 1)).expect("edit");
        }
        let (wall, cpu) = (std::time::Instant::now(), cpu_ms());
        let built = session.compile(&newsletter, issue, options.clone());
        times.push(((wall.elapsed().as_secs_f64() * 10000.0).round() / 10.0, cpu_ms() - cpu));
        if let Err(failure) = built {
            eprintln!("failed: {:?}", failure.diagnostics.iter().map(|d| d.message.as_str()).collect::<Vec<_>>());
        }
        // Watch keeps recent caches; fresh builds start empty.
        comemo::evict(if edit.is_some() { 10 } else { 0 });
        if edit.is_none() && !seeded {
            session.forget_pages();
        }
    }
    if let (Some(file), Some(text)) = (&edited, &original) {
        std::fs::write(file, text).expect("restore the edited file");
    }

    let mut json = Vec::new();
    let world = session.world();
    typst_timing::export_json(&mut json, |raw| {
        use typst::World as _;
        use typst::WorldExt as _;
        let span = typst::syntax::Span::from_raw(raw);
        let Some(file) = span.id() else { return (String::new(), 0) };
        let line = world.range(span).and_then(|r| world.source(file).ok()?.lines().byte_to_line(r.start));
        (format!("{:?}", file.vpath()), line.map_or(0, |l| l as u32 + 1))
    })
    .expect("timing export");
    let events: serde_json::Value = serde_json::from_slice(&json).expect("timing json");

    // Exclusive time per scope (name and place), and the iterations.
    let mut iterations: BTreeMap<String, usize> = BTreeMap::new();
    let mut open: Vec<(String, f64, f64)> = Vec::new(); // scope, start, time in children
    let mut scopes: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for e in events.as_array().into_iter().flatten() {
        let (name, ts) = (e["name"].as_str().unwrap_or(""), e["ts"].as_f64().unwrap_or(0.0));
        if e["ph"] == "B" {
            if name.starts_with("iter (") {
                *iterations.entry(name.to_owned()).or_default() += 1;
            }
            let at = e["args"].get("file").map(|f| format!(" {}:{}", f.as_str().unwrap_or(""), e["args"]["line"]));
            open.push((format!("{name}{}", at.unwrap_or_default()), ts, 0.0));
        } else if let Some((scope, start, children)) = open.pop() {
            let took = ts - start;
            let entry = scopes.entry(scope).or_default();
            entry.0 += (took - children) / 1000.0;
            entry.1 += 1;
            if let Some(parent) = open.last_mut() {
                parent.2 += took;
            }
        }
    }
    let mut rows: Vec<_> = scopes.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.total_cmp(&a.1.0));
    for (scope, (ms, count)) in rows.iter().take(40) {
        println!("{ms:9.1} ms {count:6}x  {scope}");
    }
    let per_run: BTreeMap<_, _> = iterations.iter().map(|(k, v)| (k.as_str(), *v as f64 / runs as f64)).collect();
    println!("layout iterations per compilation: {per_run:?}");
    println!("compilations (wall ms, cpu ms): {times:?}");
}
