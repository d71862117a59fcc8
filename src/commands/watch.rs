//! `tsushin watch`: build, then build again whenever the issue, tsushin.toml, a
//! layout or a font changes.
//!
//! One [`Session`] lives for the whole run, so the fonts are loaded once and
//! Typst's memoized work is reused: a one-line edit relayouts only what it
//! touched. A build that fails prints its errors and leaves the last good PDF
//! in place; watching goes on. Ctrl-C (or SIGTERM) is handled between builds,
//! so a stop never leaves a half-written temporary file behind.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::args::{GlobalArgs, WatchArgs};
use crate::commands::{Target, shown};
use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Failure, display_path};
use crate::issue::ISSUES_DIR;
use crate::pipeline::Session;
use crate::ui::Ui;

/// Editors save with a burst of events (truncate, write, rename, close);
/// a build starts once the folder has been quiet this long.
const QUIET: Duration = Duration::from_millis(10);
/// A steady stream of events still gets a build after this long.
const MAX_BATCH: Duration = Duration::from_millis(500);

enum Signal {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// What changed since the last build.
#[derive(Default)]
struct Changes {
    paths: BTreeSet<PathBuf>,
    fonts: bool,
}

pub fn run(global: &GlobalArgs, args: &WatchArgs) -> Result<(), Failure> {
    let ui = Ui::new(global);
    let mut target = Target::resolve(global, &args.issue)?;
    let output = args.output.clone().unwrap_or_else(|| target.pdf_path());
    let root = target.newsletter.root.clone();

    let (tx, rx) = channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    })
    .map_err(|e| Diagnostic::error(format!("Ctrl+C の受け付けを準備できませんでした（{e}）")))?;
    let watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(Signal::Fs(event));
    })
    .map_err(|e| Diagnostic::error(format!("ファイルの変更を監視する準備ができませんでした（{e}）")))?;
    let mut watched = Watched::new(watcher, &root, &target, &output);
    watched.ensure()?;

    ui.info(format!(
        "{} 号の原稿を監視しています。保存すると {} を作り直します（Ctrl+C で終わります）",
        target.id,
        shown(&output)
    ));
    let mut session = Session::new(&root)?;
    build(&ui, &mut session, &mut target, &output);
    while let Some(changes) = wait(&rx, &mut watched) {
        watched.ensure()?;
        for path in &changes.paths {
            ui.detail(format!("変更: {}", display_path(path, &root)));
        }
        if changes.fonts
            && let Err(failure) = session.reload_fonts(&root)
        {
            ui.error(format!("{} フォントを読み込めません", clock()));
            ui.failure(&failure);
            continue;
        }
        build(&ui, &mut session, &mut target, &output);
    }
    ui.info("監視を終了しました");
    Ok(())
}

/// One build, reported in one status line (plus its warnings or errors).
fn build(ui: &Ui, session: &mut Session, target: &mut Target, output: &Path) {
    let started = Instant::now();
    let result = target.reload().and_then(|()| {
        let mut built = session.compile(target)?;
        built.write_pdf(output)?;
        crate::commands::remove_draft(output);
        Ok((built.pages(), built.warnings, built.compiled.typst_warnings, built.timings))
    });
    let took = started.elapsed().as_secs_f64();
    match result {
        Ok((pages, warnings, typst_warnings, timings)) => {
            let count = warnings.len() + usize::from(typst_warnings.is_some());
            let warned = if count > 0 { format!("、警告 {count} 件") } else { String::new() };
            ui.info(format!("{} 作成しました: {}（{pages} ページ、{took:.2} 秒{warned}）", clock(), shown(output)));
            ui.diagnostics(&warnings);
            ui.rendered_warnings(typst_warnings.as_deref());
            ui.detail(&timings);
        }
        Err(mut failure) => {
            crate::commands::write_draft(&mut failure, output);
            let kept = if output.exists() {
                format!("{} は前のままです", shown(output))
            } else {
                "PDF はまだありません".into()
            };
            ui.error(format!("{} エラーがあります。{kept}（{took:.2} 秒）", clock()));
            ui.failure(&failure);
        }
    }
}

fn clock() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// Waits for the next batch of relevant changes; `None` when it is time to stop.
fn wait(rx: &Receiver<Signal>, watched: &mut Watched) -> Option<Changes> {
    let mut changes = Changes::default();
    let mut first: Option<Instant> = None;
    loop {
        let signal = match first {
            None => rx.recv().ok()?,
            Some(start) if start.elapsed() >= MAX_BATCH => return Some(changes),
            Some(_) => match rx.recv_timeout(QUIET) {
                Ok(signal) => signal,
                Err(RecvTimeoutError::Timeout) => return Some(changes),
                Err(RecvTimeoutError::Disconnected) => return None,
            },
        };
        let event = match signal {
            Signal::Stop => return None,
            Signal::Fs(Ok(event)) => event,
            // An overflowing event queue and the like: build to be safe.
            Signal::Fs(Err(_)) => {
                first.get_or_insert_with(Instant::now);
                continue;
            }
        };
        if !relevant_kind(&event.kind) {
            continue;
        }
        for path in event.paths {
            if matches!(event.kind, EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))) {
                watched.forget(&path);
            }
            match watched.classify(&path) {
                None => {}
                Some(kind) => {
                    changes.fonts |= kind == Kind::Font;
                    changes.paths.insert(path);
                    first.get_or_insert_with(Instant::now);
                }
            }
        }
    }
}

fn relevant_kind(kind: &EventKind) -> bool {
    match kind {
        EventKind::Any | EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(m) => !matches!(m, ModifyKind::Metadata(_) | ModifyKind::Other),
        EventKind::Access(a) => matches!(a, AccessKind::Close(AccessMode::Write)),
        EventKind::Other => false,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Source,
    Font,
}

/// The folders being watched: the newsletter root (for tsushin.toml and for
/// layouts/ or fonts/ appearing), issues/ (for the issue folder coming back
/// after being replaced), and the issue, layouts and fonts folders themselves.
struct Watched {
    watcher: RecommendedWatcher,
    root: PathBuf,
    issues: PathBuf,
    issue: PathBuf,
    layouts: PathBuf,
    fonts: PathBuf,
    output: PathBuf,
    active: BTreeSet<PathBuf>,
}

impl Watched {
    fn new(watcher: RecommendedWatcher, root: &Path, target: &Target, output: &Path) -> Self {
        let issues = root.join(ISSUES_DIR);
        Self {
            watcher,
            root: root.to_path_buf(),
            issue: issues.join(target.id.to_string()),
            issues,
            layouts: root.join("layouts"),
            fonts: root.join("fonts"),
            // Compared with event paths, which are absolute.
            output: std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf()),
            active: BTreeSet::new(),
        }
    }

    /// Starts watching every wanted folder that exists and is not watched yet.
    fn ensure(&mut self) -> Result<(), Diagnostic> {
        let wanted = [
            (&self.root, RecursiveMode::NonRecursive),
            (&self.issues, RecursiveMode::NonRecursive),
            (&self.issue, RecursiveMode::Recursive),
            (&self.layouts, RecursiveMode::Recursive),
            (&self.fonts, RecursiveMode::Recursive),
        ];
        for (dir, mode) in wanted {
            if self.active.contains(dir) || !dir.is_dir() {
                continue;
            }
            self.watcher.watch(dir, mode).map_err(|e| {
                Diagnostic::error(format!("{} の変更を監視できません（{e}）", dir.display()))
                    .at_path(dir.display().to_string())
            })?;
            self.active.insert(dir.clone());
        }
        Ok(())
    }

    /// A watched folder was removed or renamed: watch it again once it is back.
    fn forget(&mut self, path: &Path) {
        if self.active.remove(path) {
            let _ = self.watcher.unwatch(path);
        }
    }

    /// Whether a changed path matters for the build, and how.
    fn classify(&self, path: &Path) -> Option<Kind> {
        let name = path.file_name()?.to_str()?;
        // Editors' swap and backup files, our own temporary files and the PDF.
        if name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name == "4913"
            || path == self.output
        {
            return None;
        }
        if path.starts_with(&self.fonts) {
            return Some(Kind::Font);
        }
        if path.starts_with(&self.issue) || path.starts_with(&self.layouts) || path == self.root.join(CONFIG_FILE) {
            return Some(Kind::Source);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_of_the_issue_trigger_a_build() {
        let root = Path::new("/n");
        let watcher = notify::recommended_watcher(|_| {}).unwrap();
        let newsletter = crate::config::Newsletter {
            root: root.to_path_buf(),
            file: crate::diag::SourceFile::new(CONFIG_FILE.into(), ""),
            settings: Default::default(),
            warnings: vec![],
        };
        let target = Target { newsletter, id: crate::issue::IssueId { year: 2022, month: 6 } };
        let w = Watched::new(watcher, root, &target, Path::new("/n/out/2022-06.pdf"));
        let kind = |p: &str| w.classify(Path::new(p));
        assert_eq!(kind("/n/issues/2022-06/greeting.md"), Some(Kind::Source));
        assert_eq!(kind("/n/issues/2022-06/spotlights/01-a.md"), Some(Kind::Source));
        assert_eq!(kind("/n/tsushin.toml"), Some(Kind::Source));
        assert_eq!(kind("/n/layouts/default/layout.typ"), Some(Kind::Source));
        assert_eq!(kind("/n/fonts/Extra.otf"), Some(Kind::Font));
        assert_eq!(kind("/n/issues/2022-08/greeting.md"), None, "another issue");
        assert_eq!(kind("/n/out/2022-06.pdf"), None, "our own output");
        assert_eq!(kind("/n/issues/2022-06/.greeting.md.swp"), None, "editor swap file");
        assert_eq!(kind("/n/issues/2022-06/greeting.md~"), None, "editor backup");
        assert_eq!(kind("/n/README.md"), None);
    }
}
