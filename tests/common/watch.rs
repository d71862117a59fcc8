//! A running `tsushin watch` for the tests that edit files while it runs.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::BIN;

/// A running `tsushin watch` whose standard error is collected line by line.
pub struct Watch {
    pub child: Child,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Watch {
    pub fn start(root: &Path, issue: &str) -> Self {
        let mut command = Command::new(BIN);
        command.args(["watch", issue]).current_dir(root);
        Self::spawn(command)
    }

    pub fn spawn(mut command: Command) -> Self {
        let mut child = command.stderr(Stdio::piped()).stdout(Stdio::null()).spawn().expect("tsushin watch starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Self { child, log }
    }

    pub fn count(&self, needle: &str) -> usize {
        self.log.lock().unwrap().iter().filter(|l| l.contains(needle)).count()
    }

    /// Waits until `needle` has been printed `n` times.
    pub fn wait_for(&self, needle: &str, n: usize) {
        eventually(
            || self.count(needle) >= n,
            || format!("{needle:?} ×{n} in:\n{}", self.log.lock().unwrap().join("\n")),
        );
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `done` for at most 20 s; `what` says what was awaited when it times out.
pub fn eventually(mut done: impl FnMut() -> bool, what: impl Fn() -> String) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(20), "waited 20 s for {}", what());
        std::thread::sleep(Duration::from_millis(20));
    }
}
