//! What tsushin tells the person at the terminal, and how much.
//!
//! Messages go to standard error (standard output is kept for data such as
//! `tsushin list` and shell completions). `-q` leaves only errors, `-v` adds
//! details such as the time each stage took. A slow step shows a progress line,
//! but only on a terminal and only once it has taken longer than about a
//! second, so quick commands and piped output stay clean.

use std::fmt::Display;
use std::io::{self, IsTerminal as _};
use std::time::{Duration, Instant};

use console::Term;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

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

    /// Whether progress lines are drawn: on a terminal, and not with `-q`.
    fn shows_progress(&self) -> bool {
        self.terminal && self.level != Level::Quiet
    }

    /// Starts a spinner for a step that may be slow, such as one build. It is
    /// drawn only where [`Self::shows_progress`] says, and only after
    /// [`PROGRESS_DELAY`]; dropping the returned value erases it.
    pub fn progress(&self, message: impl Into<String>) -> Progress {
        if !self.shows_progress() {
            return Progress(ProgressBar::hidden());
        }
        let terminal = AfterDelay { term: Term::stderr(), from: Instant::now() + PROGRESS_DELAY };
        let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::term_like(Box::new(terminal)))
            .with_style(ProgressStyle::with_template("{spinner} {msg}").expect("a valid template"))
            .with_message(message.into());
        spinner.enable_steady_tick(PROGRESS_TICK);
        Progress(spinner)
    }

    /// A bar counting `total` steps (the issues of `tsushin archive`), drawn at
    /// once where [`Self::shows_progress`] says; it stays on screen when done.
    pub fn bar(&self, label: &str, total: usize) -> ProgressBar {
        if !self.shows_progress() || total == 0 {
            return ProgressBar::hidden();
        }
        let template = format!("{label} {{bar:24}} {{pos}}/{{len}} {{msg}}");
        let style = ProgressStyle::with_template(&template).expect("a valid template").progress_chars("█░");
        ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr()).with_style(style)
    }
}

/// A spinner on standard error; see [`Ui::progress`].
pub struct Progress(ProgressBar);

impl Progress {
    /// Changes the text, e.g. to count pages.
    pub fn set(&self, message: impl Into<String>) {
        self.0.set_message(message.into());
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // Erase the line so the next message starts clean.
        self.0.finish_and_clear();
    }
}

/// Standard error that stays untouched until `from`: a quick step never
/// shows its spinner. The spinner is one line, so the cursor movements
/// skipped before `from` would have moved nothing.
#[derive(Debug)]
struct AfterDelay {
    term: Term,
    from: Instant,
}

impl AfterDelay {
    fn live(&self, draw: impl FnOnce(&Term) -> io::Result<()>) -> io::Result<()> {
        if Instant::now() >= self.from { draw(&self.term) } else { Ok(()) }
    }
}

impl TermLike for AfterDelay {
    fn width(&self) -> u16 {
        self.term.size().1
    }

    fn height(&self) -> u16 {
        self.term.size().0
    }

    fn move_cursor_up(&self, n: usize) -> io::Result<()> {
        self.live(|t| t.move_cursor_up(n))
    }

    fn move_cursor_down(&self, n: usize) -> io::Result<()> {
        self.live(|t| t.move_cursor_down(n))
    }

    fn move_cursor_right(&self, n: usize) -> io::Result<()> {
        self.live(|t| t.move_cursor_right(n))
    }

    fn move_cursor_left(&self, n: usize) -> io::Result<()> {
        self.live(|t| t.move_cursor_left(n))
    }

    fn write_line(&self, s: &str) -> io::Result<()> {
        self.live(|t| t.write_line(s))
    }

    fn write_str(&self, s: &str) -> io::Result<()> {
        self.live(|t| t.write_str(s))
    }

    fn clear_line(&self) -> io::Result<()> {
        self.live(Term::clear_line)
    }

    fn flush(&self) -> io::Result<()> {
        self.live(TermLike::flush)
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
        assert!(ui(Level::Normal, false).progress("x").0.is_hidden());
        assert!(ui(Level::Quiet, true).progress("x").0.is_hidden());
        assert!(!ui(Level::Normal, true).progress("x").0.is_hidden());
        assert!(ui(Level::Normal, false).bar("x", 3).is_hidden());
        assert!(ui(Level::Quiet, true).bar("x", 3).is_hidden());
    }

    #[test]
    fn a_quick_step_leaves_the_terminal_untouched() {
        let later = AfterDelay { term: Term::stderr(), from: Instant::now() + Duration::from_secs(60) };
        let mut drew = false;
        later
            .live(|_| {
                drew = true;
                Ok(())
            })
            .unwrap();
        assert!(!drew, "nothing is written before the delay");
    }
}
