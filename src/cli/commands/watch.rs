//! `tsushin watch`: build, then build again whenever something the issue is
//! made from changes: its files, tsushin.toml, its layout or the fonts — the
//! list in [`crate::typeset::inputs`], which `list` and `archive` use too.
//!
//! One [`Session`] lives for the whole run, so the fonts are loaded once and
//! Typst's memoized work is reused: a one-line edit relayouts only what it
//! touched. Each build is proofread, its findings printed as warnings (the
//! newsletter's dictionary is among the inputs watched). A build that fails prints its errors and leaves the last good PDF
//! in place; watching goes on. Ctrl-C (or SIGTERM) is handled between builds,
//! so a stop never leaves a half-written temporary file behind.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::cli::args::{GlobalArgs, WatchArgs};
use crate::cli::draft;
use crate::cli::proofread;
use crate::cli::target::{self, Target, shown};
use crate::cli::ui::Ui;
use crate::diag::{Diagnostic, Failure, display_path};
use crate::fs;
use crate::model::issue;
use crate::print::pdf;
use crate::typeset::inputs::{InputFiles, Part};
use crate::typeset::session::{Options, Session};

/// Editors save with a burst of events (truncate, write, rename, close);
/// a build starts once the folder has been quiet this long.
const QUIET: Duration = Duration::from_millis(10);
/// After an input was closed from writing or renamed into place (the end of
/// a save), a build starts once the folder has been quiet this long: the file
/// is complete, so waiting the whole [`QUIET`] would only delay the PDF.
const SETTLE: Duration = Duration::from_millis(2);
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
    // Changes arrive as absolute paths; what they are compared with must be too
    // (`--root .` is relative).
    if let Ok(absolute) = std::path::absolute(&target.newsletter.root) {
        target.newsletter.root = absolute;
    }
    let pdf_path = match &args.output {
        Some(path) => target::output_file(path)?,
        None => target.pdf_path(),
    };
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
    // Before the issue is loaded, every layout may be its own.
    let inputs = InputFiles::of(&target.newsletter, target.id, None)?;
    let mut watched = Watched::new(watcher, &root, inputs, &pdf_path);
    watched.ensure()?;

    ui.info(format!(
        "{} 号の原稿を監視しています。保存すると {} を作り直します（Ctrl+C で終わります）",
        target.id,
        shown(&pdf_path)
    ));
    let mut session = Session::new(&root)?;
    build(&ui, &mut session, &mut target, &pdf_path, &mut watched);
    watched.ensure()?;
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
        build(&ui, &mut session, &mut target, &pdf_path, &mut watched);
        watched.ensure()?;
    }
    ui.info("監視を終了しました");
    Ok(())
}

/// One build, reported in one status line (plus its warnings or errors).
/// What the issue turns out to be made from is watched from then on.
fn build(ui: &Ui, session: &mut Session, target: &mut Target, pdf_path: &Path, watched: &mut Watched) {
    let started = Instant::now();
    let result = target.reload().and_then(|()| {
        let loaded = issue::load(&target.newsletter, target.id);
        watched.inputs = InputFiles::of(&target.newsletter, target.id, Some(&loaded))?;
        let (issue, warnings) = loaded?;
        let mut built = proofread::compile(session, &target.newsletter.root, issue, warnings, Options::default())?;
        let pdf = built.timings.time("PDF", || pdf::export(&built.compiled.document, &built.issue, built.world))?;
        built.timings.time("書き込み", || fs::write_atomic(pdf_path, &pdf))?;
        draft::remove(pdf_path);
        Ok((built.pages(), built.warnings, built.compiled.typst_warnings, built.timings))
    });
    let took = started.elapsed().as_secs_f64();
    match result {
        Ok((pages, warnings, typst_warnings, timings)) => {
            let count = warnings.len() + usize::from(typst_warnings.is_some());
            let warned = if count > 0 { format!("、警告 {count} 件") } else { String::new() };
            ui.info(format!("{} 作成しました: {}（{pages} ページ、{took:.2} 秒{warned}）", clock(), shown(pdf_path)));
            ui.diagnostics(&warnings);
            ui.rendered_warnings(typst_warnings.as_deref());
            ui.detail(&timings);
        }
        Err(mut failure) => {
            draft::write(&mut failure, target.id, pdf_path);
            let kept = if pdf_path.exists() {
                format!("{} は前のままです", shown(pdf_path))
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
    let mut quiet = QUIET;
    loop {
        let signal = match first {
            None => rx.recv().ok()?,
            Some(start) if start.elapsed() >= MAX_BATCH => return Some(changes),
            Some(_) => match rx.recv_timeout(quiet) {
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
                    quiet = quiet_after(&event.kind);
                }
            }
        }
    }
}

/// How long the folder must stay quiet after an event on an input before the
/// build starts: [`SETTLE`] when the event ends a save (the file closed after
/// writing, or renamed into place by an editor that writes a temporary file
/// first), otherwise [`QUIET`] (a write may still be going on).
fn quiet_after(kind: &EventKind) -> Duration {
    use notify::event::RenameMode;
    let finished = match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Modify(ModifyKind::Name(mode)) => matches!(mode, RenameMode::To | RenameMode::Both),
        _ => false,
    };
    if finished { SETTLE } else { QUIET }
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

/// The folders being watched, following what the issue is made from
/// ([`InputFiles`]): each input folder recursively, the folder holding it (for
/// it appearing, or coming back after being replaced), the newsletter root
/// (for tsushin.toml) and the folder of the dictionary.
struct Watched {
    watcher: RecommendedWatcher,
    root: PathBuf,
    /// What the last build found the issue to be made from.
    inputs: InputFiles,
    /// Our own PDF, compared with event paths, which are absolute.
    pdf_path: PathBuf,
    active: BTreeMap<PathBuf, RecursiveMode>,
}

impl Watched {
    fn new(watcher: RecommendedWatcher, root: &Path, inputs: InputFiles, pdf_path: &Path) -> Self {
        Self {
            watcher,
            root: root.to_path_buf(),
            inputs,
            pdf_path: std::path::absolute(pdf_path).unwrap_or_else(|_| pdf_path.to_path_buf()),
            active: BTreeMap::new(),
        }
    }

    /// The folders to watch now, and how.
    fn wanted(&self) -> BTreeMap<PathBuf, RecursiveMode> {
        let mut wanted = BTreeMap::from([(self.root.clone(), RecursiveMode::NonRecursive)]);
        for folder in self.inputs.folders() {
            let holder = folder.ancestors().skip(1).find(|dir| dir.starts_with(&self.root) && dir.is_dir());
            if let Some(holder) = holder {
                wanted.entry(holder.to_path_buf()).or_insert(RecursiveMode::NonRecursive);
            }
            if folder.is_dir() {
                wanted.insert(folder.to_path_buf(), RecursiveMode::Recursive);
            }
        }
        // A file read from outside the issue folder (the dictionary, which may
        // sit in a folder of its own): the folder holding it.
        for file in self.inputs.issue_files.iter().filter(|f| !f.starts_with(&self.inputs.issue_dir)) {
            let holder = file.ancestors().skip(1).find(|dir| dir.starts_with(&self.root) && dir.is_dir());
            if let Some(holder) = holder {
                wanted.entry(holder.to_path_buf()).or_insert(RecursiveMode::NonRecursive);
            }
        }
        wanted
    }

    /// Watches every wanted folder that is not watched yet (or not so), and
    /// stops watching the folders no longer wanted.
    fn ensure(&mut self) -> Result<(), Diagnostic> {
        let wanted = self.wanted();
        let unwanted: Vec<PathBuf> =
            self.active.iter().filter(|(dir, mode)| wanted.get(*dir) != Some(mode)).map(|(d, _)| d.clone()).collect();
        for dir in unwanted {
            self.forget(&dir);
        }
        for (dir, mode) in wanted {
            if self.active.contains_key(&dir) {
                continue;
            }
            self.watcher.watch(&dir, mode).map_err(|e| {
                Diagnostic::error(format!("{} の変更を監視できません（{e}）", dir.display()))
                    .at_path(dir.display().to_string())
            })?;
            self.active.insert(dir, mode);
        }
        Ok(())
    }

    /// A watched folder was removed or renamed: watch it again once it is back.
    fn forget(&mut self, path: &Path) {
        if self.active.remove(path).is_some() {
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
            || path == self.pdf_path
        {
            return None;
        }
        match self.inputs.part_of(path) {
            Some(Part::Font) => Some(Kind::Font),
            Some(Part::Content | Part::Layout) => Some(Kind::Source),
            // A folder that holds inputs appeared, went or was renamed.
            None if path != self.root && self.inputs.folders().iter().any(|f| f.starts_with(path)) => {
                Some(Kind::Source)
            }
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::CONFIG_FILE;

    #[test]
    fn a_finished_save_is_built_without_the_whole_quiet_period() {
        use notify::event::{CreateKind, DataChange, RenameMode};
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        assert_eq!(quiet_after(&closed), SETTLE, "closed after writing");
        assert_eq!(quiet_after(&EventKind::Modify(ModifyKind::Name(RenameMode::To))), SETTLE, "renamed into place");
        assert_eq!(quiet_after(&EventKind::Modify(ModifyKind::Name(RenameMode::Both))), SETTLE);
        assert_eq!(quiet_after(&written), QUIET, "still being written");
        assert_eq!(quiet_after(&EventKind::Create(CreateKind::File)), QUIET, "created, not yet written");
        assert_eq!(quiet_after(&EventKind::Modify(ModifyKind::Name(RenameMode::From))), QUIET, "moved away");
        assert!(SETTLE < QUIET);

        // The events of one save still make one batch.
        let (tx, rx) = channel();
        let root = Path::new("/n");
        let greeting = root.join("issues/2022-06/greeting.md");
        let inputs = InputFiles {
            settings: root.join("tsushin.toml"),
            issue_dir: root.join("issues/2022-06"),
            issue_files: vec![greeting.clone()],
            issue_folders: vec![root.join("issues/2022-06")],
            layout: root.join("layouts/default"),
            fonts: root.join("fonts"),
        };
        let watcher = notify::recommended_watcher(|_| {}).unwrap();
        let mut watched = Watched::new(watcher, root, inputs, Path::new("/n/out/2022-06.pdf"));
        for kind in [written, closed] {
            tx.send(Signal::Fs(Ok(notify::Event::new(kind).add_path(greeting.clone())))).unwrap();
        }
        let batch = wait(&rx, &mut watched).expect("a batch");
        assert_eq!(batch.paths.into_iter().collect::<Vec<_>>(), vec![greeting]);
        drop(tx);
        assert!(wait(&rx, &mut watched).is_none(), "nothing more");
    }

    #[test]
    fn only_inputs_of_the_issue_trigger_a_build() {
        let root = Path::new("/n");
        let watcher = notify::recommended_watcher(|_| {}).unwrap();
        let inputs = InputFiles {
            settings: root.join(CONFIG_FILE),
            issue_dir: root.join("issues/2022-06"),
            issue_files: vec![root.join("issues/2022-06/greeting.md"), root.join("辞書/wording.toml")],
            issue_folders: vec![root.join("issues/2022-06"), root.join("issues/2022-06/spotlights")],
            layout: root.join("layouts/default"),
            fonts: root.join("fonts"),
        };
        let watched = Watched::new(watcher, root, inputs, Path::new("/n/out/2022-06.pdf"));
        let kind = |p: &str| watched.classify(Path::new(p));
        assert_eq!(kind("/n/issues/2022-06/greeting.md"), Some(Kind::Source));
        assert_eq!(kind("/n/issues/2022-06/spotlights/01-a.md"), Some(Kind::Source));
        assert_eq!(kind("/n/tsushin.toml"), Some(Kind::Source));
        assert_eq!(kind("/n/辞書/wording.toml"), Some(Kind::Source), "the dictionary");
        assert_eq!(kind("/n/辞書/old.toml"), None, "another file beside it");
        assert_eq!(kind("/n/layouts/default/layout.typ"), Some(Kind::Source));
        assert_eq!(kind("/n/layouts"), Some(Kind::Source), "the folder of the layout appearing");
        assert_eq!(kind("/n/fonts/Extra.otf"), Some(Kind::Font));
        assert_eq!(kind("/n/issues/2022-08/greeting.md"), None, "another issue");
        assert_eq!(kind("/n/layouts/other/layout.typ"), None, "a layout the issue does not use");
        assert_eq!(kind("/n/out/2022-06.pdf"), None, "our own output");
        assert_eq!(kind("/n/issues/2022-06/.greeting.md.swp"), None, "editor swap file");
        assert_eq!(kind("/n/issues/2022-06/greeting.md~"), None, "editor backup");
        assert_eq!(kind("/n/README.md"), None);
    }
}
