//! Nothing is lost: a build killed at any moment leaves the previous PDF as
//! it was, builds running at the same time do not corrupt the output, and a
//! panic explains itself in Japanese.

mod common;

use std::process::{Command, Stdio};
use std::time::Instant;

use common::*;

/// A few pages, so that a build takes long enough to be interrupted.
fn several_pages(fx: &Fixture, greeting: &str) {
    let body: String = (0..150).map(|i| format!("段落{i}。地域の皆さんと一緒に支えあいの輪を広げます。\n\n")).collect();
    fx.write("issues/2024-04/spotlights/01-a.md", format!("+++\ntitle = \"記事\"\n+++\n{body}"));
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npages = 6\n");
    fx.write("issues/2024-04/greeting.md", greeting);
}

/// A small deterministic pseudo-random sequence (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next_fraction(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn is_complete_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF")
}

#[test]
fn killed_builds_leave_the_previous_pdf_untouched() {
    let fx = Fixture::minimal();
    several_pages(&fx, "版0です。\n");
    let pdf = fx.path().join("out/2024-04.pdf");
    let started = Instant::now();
    fx.run(&["build", "2024-04"]).ok();
    let full = started.elapsed();
    let mut previous = std::fs::read(&pdf).unwrap();
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    let mut random = Lcg(seed);
    let (mut interrupted, mut finished) = (0, 0);
    for round in 1..=16 {
        several_pages(&fx, &format!("版{round}です。\n"));
        let mut child =
            Command::new(BIN).args(["build", "2024-04"]).current_dir(fx.path()).stderr(Stdio::null()).spawn().unwrap();
        // Anywhere from the start to a little after a normal build's end.
        std::thread::sleep(full.mul_f64(random.next_fraction() * 1.2));
        if round % 4 == 0 {
            // SIGINT (Ctrl+C) ends the process the same way.
            let _ = Command::new("sh").args(["-c", &format!("kill -INT {}", child.id())]).status();
        } else {
            let _ = child.kill(); // SIGKILL
        }
        let status = child.wait().unwrap();
        let now = std::fs::read(&pdf).unwrap();
        assert!(is_complete_pdf(&now), "round {round} (seed {seed}): output is not a complete PDF");
        if status.success() {
            finished += 1;
        } else {
            interrupted += 1;
            assert!(now == previous, "round {round} (seed {seed}): an interrupted build changed the PDF");
        }
        previous = now;
    }
    eprintln!("{interrupted} builds interrupted, {finished} finished first (seed {seed}, full build {full:?})");
    assert!(interrupted > 0, "no build was interrupted (seed {seed})");
    // The PDF still opens and shows the last finished version.
    assert!(pdf_info(&pdf).contains("Pages:"));
}

#[test]
fn stale_temporary_files_are_cleaned_up() {
    let fx = Fixture::minimal();
    let out = fx.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let old = out.join(".tsushin-left.tmp");
    let young = out.join(".tsushin-running.tmp");
    std::fs::write(&old, "partial").unwrap();
    std::fs::write(&young, "partial").unwrap();
    let status = Command::new("touch").args(["-d", "2 hours ago", old.to_str().unwrap()]).status().unwrap();
    assert!(status.success());
    fx.run(&["build", "2024-04"]).ok();
    assert!(!old.exists(), "a leftover from a killed build stays");
    assert!(young.exists(), "a running build's temporary file was removed");
}

#[test]
fn simultaneous_builds_do_not_corrupt_the_output() {
    let fx = Fixture::minimal();
    several_pages(&fx, "同時です。\n");
    let reference = fx.path().join("reference.pdf");
    fx.run(&["build", "2024-04", "-o", reference.to_str().unwrap()]).ok();
    let expected = std::fs::read(&reference).unwrap();
    for _ in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                Command::new(BIN)
                    .args(["build", "2024-04"])
                    .current_dir(fx.path())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
        }
        let pdf = std::fs::read(fx.path().join("out/2024-04.pdf")).unwrap();
        assert!(pdf == expected, "concurrent builds produced a different PDF");
    }
    let names: Vec<_> = std::fs::read_dir(fx.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "temporary files left: {names:?}");
}

/// Runs in a child process (see below): installs the hook and panics.
#[test]
fn panic_child() {
    if std::env::var_os("TSUSHIN_PANIC_CHILD").is_none() {
        return;
    }
    tsushin::diag::install_panic_hook();
    let values: Vec<u32> = Vec::new();
    let _ = values[usize::from(values.is_empty())];
}

#[test]
fn a_panic_asks_for_a_bug_report_in_japanese() {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "panic_child", "--nocapture", "--test-threads=1"])
        .env("TSUSHIN_PANIC_CHILD", "1")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    for part in [
        "エラー: tsushin の内部で思いがけない問題が起きました（プログラムの不具合です",
        "場所: tests/durability.rs:",
        "内容: index out of bounds",
        "担当者に知らせてください",
    ] {
        assert!(stderr.contains(part), "{part}\n{stderr}");
    }
    assert!(!stderr.contains("stack backtrace") && !stderr.contains("panicked at"), "{stderr}");
}
