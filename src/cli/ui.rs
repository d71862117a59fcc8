//! What tsushin tells the person at the terminal, and how much.
//!
//! Messages go to standard error (standard output is kept for data such as
//! `tsushin list` and shell completions). `-q` leaves only errors, `-v` adds
//! details such as the time each stage took. A slow step shows a progress line,
//! but only on a terminal and only once it has taken longer than about a
//! second, so quick commands and piped output stay clean.

use std::fmt::Display;
use std::io::{IsTerminal as _, Write as _};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::cli::args::GlobalArgs;
use crate::diag::{Diagnostic, Failure};

/// How much to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Errors only (`-q`).
    Quiet,
    Normal,
    /// Also details and timings (`-v`).
    Verbose,
}

#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub level: Level,
    /// Whether standard error is a terminal (progress lines are drawn only there).
    pub terminal: bool,
}

/// How long a step runs before its progress line appears.
const PROGRESS_DELAY: Duration = Duration::from_millis(800);
const PROGRESS_TICK: Duration = Duration::from_millis(120);

impl Ui {
    pub fn new(global: &GlobalArgs) -> Self {
        let level = if global.quiet {
            Level::Quiet
        } else if global.verbose {
            Level::Verbose
        } else {
            Level::Normal
        };
        Self { level, terminal: std::io::stderr().is_terminal() }
    }

    /// A normal message (hidden by `-q`).
    pub fn info(&self, line: impl Display) {
        if self.level >= Level::Normal {
            eprintln!("{line}");
        }
    }

    /// An error line: shown even with `-q`.
    pub fn error(&self, line: impl Display) {
        eprintln!("{line}");
    }

    /// A detail only shown with `-v`.
    pub fn detail(&self, line: impl Display) {
        if self.level >= Level::Verbose {
            eprintln!("  {line}");
        }
    }

    /// Prints diagnostics: errors always, warnings unless `-q`.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        for d in diagnostics.iter().filter(|d| d.is_error() || self.level >= Level::Normal) {
            eprint!("{}", d.render());
        }
    }

    /// Typst's own warnings, already rendered (hidden by `-q`).
    pub fn rendered_warnings(&self, text: Option<&str>) {
        if let Some(text) = text.filter(|_| self.level >= Level::Normal) {
            eprint!("{text}");
        }
    }

    /// Prints everything a failed command has to say.
    pub fn failure(&self, failure: &Failure) {
        self.diagnostics(&failure.diagnostics);
        if let Some(text) = &failure.rendered {
            eprint!("{text}");
        }
    }

    /// Starts a progress line for a step that may be slow. It is drawn only on
    /// a terminal, not with `-q`, and only after [`PROGRESS_DELAY`]; dropping
    /// the returned value erases it.
    pub fn progress(&self, message: impl Into<String>) -> Progress {
        if !self.terminal || self.level == Level::Quiet {
            return Progress { shared: None, thread: None };
        }
        let shared = Arc::new((Mutex::new(State { message: message.into(), done: false }), Condvar::new()));
        let theirs = shared.clone();
        let thread = std::thread::spawn(move || draw(&theirs));
        Progress { shared: Some(shared), thread: Some(thread) }
    }
}

struct State {
    message: String,
    done: bool,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// A progress line on standard error; see [`Ui::progress`].
pub struct Progress {
    shared: Option<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Changes the text, e.g. to count pages.
    pub fn set(&self, message: impl Into<String>) {
        if let Some(shared) = &self.shared
            && let Ok(mut state) = shared.0.lock()
        {
            state.message = message.into();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(shared) = &self.shared {
            if let Ok(mut state) = shared.0.lock() {
                state.done = true;
            }
            shared.1.notify_all();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The drawing thread: waits out the delay, then redraws the line until done.
fn draw(shared: &Shared) {
    let (lock, wake) = &**shared;
    let Ok(state) = lock.lock() else { return };
    let Ok((state, _)) = wake.wait_timeout_while(state, PROGRESS_DELAY, |s| !s.done) else { return };
    if state.done {
        return;
    }
    drop(state);
    const SPINNER: [char; 4] = ['|', '/', '-', '\\'];
    let mut tick = 0;
    let mut err = std::io::stderr();
    loop {
        let Ok(state) = lock.lock() else { return };
        if state.done {
            // Erase the line so the next message starts clean.
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            return;
        }
        let _ = write!(err, "\r\x1b[2K{} {}", SPINNER[tick % SPINNER.len()], state.message);
        let _ = err.flush();
        tick += 1;
        let _ = wake.wait_timeout_while(state, PROGRESS_TICK, |s| !s.done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui(level: Level, terminal: bool) -> Ui {
        Ui { level, terminal }
    }

    #[test]
    fn progress_draws_only_on_a_terminal_and_not_when_quiet() {
        assert!(ui(Level::Normal, false).progress("x").thread.is_none());
        assert!(ui(Level::Quiet, true).progress("x").thread.is_none());
        let shown = ui(Level::Normal, true).progress("x");
        assert!(shown.thread.is_some());
        // Dropping right away ends the thread before it draws anything.
        drop(shown);
    }
}
