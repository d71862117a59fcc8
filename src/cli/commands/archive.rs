//! `tsushin archive`: the arguments and the terminal output of the archive
//! run ([`crate::archive::run`]), which does the work: a bar while issues are
//! compiled, each issue's warnings and errors as it is written, then a summary.

use std::sync::OnceLock;
use std::time::Instant;

use indicatif::ProgressBar;

use crate::archive::manifest::ARCHIVE_DIR;
use crate::archive::run::{self, Config, Observer};
use crate::cli::args::{ArchiveArgs, GlobalArgs};
use crate::cli::target;
use crate::cli::ui::Ui;
use crate::diag::{Diagnostic, Failure};
use crate::model::issue::IssueId;

/// `tsushin archive`'s arguments, checked: `-j` defaults to the number of cores.
fn config(args: &ArchiveArgs) -> Config {
    let cores = || std::thread::available_parallelism().map_or(1, usize::from);
    Config { force: args.force, threads: args.jobs.unwrap_or_else(cores).max(1) }
}

pub fn run(global: &GlobalArgs, args: &ArchiveArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let newsletter = target::newsletter(global)?;
    let config = config(args);
    let started = Instant::now();
    let summary = run::run(&newsletter, &config, &Terminal { ui, bar: OnceLock::new() })?;

    ui.diagnostics(&summary.problems);
    ui.info(format!(
        "保存版（{ARCHIVE_DIR}/）: 新しく保存 {} 号、作り直し {} 号、変更なし {} 号、保存版を残した {} 号、失敗 {} 号（{:.2} 秒）",
        summary.new,
        summary.rebuilt,
        summary.unchanged,
        summary.kept,
        summary.failed,
        started.elapsed().as_secs_f64()
    ));
    ui.info(format!("目録: {ARCHIVE_DIR}/index.html"));
    if summary.failed > 0 {
        // Every failure was shown as it came; the exit status says so too.
        return Err(Failure::from(Vec::new()));
    }
    Ok(())
}

/// The run as the person at the terminal sees it.
struct Terminal {
    ui: Ui,
    /// The bar, once the number of issues to compile is known.
    bar: OnceLock<ProgressBar>,
}

impl Observer for Terminal {
    fn compiling(&self, total: usize) {
        let _ = self.bar.set(self.ui.bar("保存版を作成中", total));
    }

    fn compiled(&self, id: IssueId) {
        if let Some(bar) = self.bar.get() {
            bar.set_message(format!("（{id}）"));
            bar.inc(1);
        }
    }

    fn compiled_all(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish();
        }
    }

    fn warnings(&self, diagnostics: &[Diagnostic]) {
        self.ui.diagnostics(diagnostics);
    }

    fn failed(&self, failure: &Failure) {
        self.ui.failure(failure);
    }
}
