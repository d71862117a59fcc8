//! The loader: one issue folder read, checked and converted into the issue
//! model ([`crate::model::issue`]).
//!
//! Loading reads `issue.toml` and every section file, parses front matter
//! ([`front`]) and Markdown, reads the header of every image referred to, and
//! collects *all* problems in one run instead of stopping at the first, so a
//! coordinator fixes everything after one `tsushin check`. The sections are
//! read in [`sections`], [`minutes`] and [`events`], photos and figures in [`media`],
//! image references checked in [`image_refs`]; this file holds the entry point and what they share.
//!
//! # The files an issue reads
//!
//! Loading also answers "which files does this issue read?" — once, for
//! `watch` (what to watch), `list` (is the PDF older than its inputs?) and
//! `archive` (the content hash). [`Issue::inputs`] on success and
//! [`LoadFailure::inputs`] on failure (a broken issue is still watched) list,
//! sorted and without repeats, every path loading looked at:
//!
//! - `tsushin.toml`;
//! - the issue folder itself: its *listing* is read (misplaced or misspelt
//!   entries are reported, a section file that appears changes the issue);
//! - `issue.toml` and the section files `greeting.md`, `notice.md`,
//!   `figure.md`, `minutes.md`, `game.md`, `events.md`, **whether they exist
//!   or not**;
//! - `spotlights/` (its listing: a new spotlight is a change), whether it
//!   exists or not, and each `.md` file read from it;
//! - each image referred to by a path that may be used, whether it exists or
//!   not (a missing photo that is added later is a change);
//! - the wording dictionary that `[proofreading]` of tsushin.toml names,
//!   whether it exists or not (`proofreading.rs`).
//!
//! Every path is `newsletter.root` joined with the path inside it (so it is
//! absolute when the root is). A folder entry means its listing was read, not
//! every file in it. Layout files and fonts are not listed: the typeset layer
//! knows which it uses.

mod events;
mod front;
mod image_refs;
mod media;
mod minutes;
mod proofreading;
pub mod schema;
mod sections;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Failure, Location, Sink, SourceFile};
use crate::fs;
use crate::markup::frontmatter;
use crate::markup::markdown::{self, Converted};
use crate::markup::toml_read;
use crate::model::config::{CONFIG_FILE, Newsletter, Settings, SettingsToml};
use crate::model::id::{ISSUE_FILE, IssueId};
use crate::model::images::ImageHeader;
use crate::model::issue::{ImageUse, Issue, Rich};
use crate::model::written::{Placement, Role, WrittenBody, WrittenText};
use crate::vpath::VPath;
use front::IssueToml;
use toml::Spanned;

/// All text files of one issue together may hold this much: about 400 pages,
/// which still lays out in seconds. A real issue has about 30 KB.
pub const MAX_ISSUE_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// The section files of an issue folder (spotlights go into `spotlights/`).
const SECTION_FILES: &[&str] = &["greeting.md", "notice.md", "figure.md", "minutes.md", "game.md", "events.md"];

/// The folder of an issue that holds one file per spotlight article.
const SPOTLIGHTS_DIR: &str = "spotlights";

/// The files and folders an issue folder may contain.
const KNOWN_ENTRIES: &[&str] = &[
    ISSUE_FILE,
    "greeting.md",
    "notice.md",
    "figure.md",
    "minutes.md",
    "game.md",
    "events.md",
    SPOTLIGHTS_DIR,
    "images",
];

/// An issue that did not load: every problem found, and the files looked at
/// on the way (see the [module documentation](self) for what they are).
#[derive(Debug)]
pub struct LoadFailure {
    /// Errors and warnings, in the order they were found.
    pub diagnostics: Vec<Diagnostic>,
    pub inputs: Vec<PathBuf>,
}

impl From<LoadFailure> for Failure {
    fn from(failure: LoadFailure) -> Self {
        failure.diagnostics.into()
    }
}

impl From<LoadFailure> for Vec<Diagnostic> {
    fn from(failure: LoadFailure) -> Self {
        failure.diagnostics
    }
}

/// Loading state: where we are, what was read and what went wrong so far.
struct Loader<'a> {
    root: &'a Path,
    dir: PathBuf,
    sink: Sink,
    sources: Vec<Arc<SourceFile>>,
    images: Vec<(VPath, PathBuf)>,
    image_headers: BTreeMap<VPath, ImageHeader>,
    image_uses: Vec<ImageUse>,
    inputs: BTreeSet<PathBuf>,
    strings: Vec<WrittenText>,
    bodies: Vec<WrittenBody>,
}

/// A file's front matter parsed as `T`, and its Markdown body.
struct Parsed<'f, T> {
    front: T,
    body: &'f str,
    body_offset: usize,
}

/// Loads issue `id` of `newsletter`. On success, the warnings found are
/// returned beside the issue; on failure, every diagnostic found.
pub fn load(newsletter: &Newsletter, id: IssueId) -> Result<(Issue, Vec<Diagnostic>), LoadFailure> {
    let root = &newsletter.root;
    // tsushin.toml was read before the issue: its warnings and text belong here
    // too, so that diagnostics and glyph checks can point into it.
    let mut loader = Loader {
        root,
        dir: id.folder(root),
        sink: Sink { diagnostics: newsletter.warnings.clone() },
        sources: vec![newsletter.file.clone()],
        images: vec![],
        image_headers: BTreeMap::new(),
        image_uses: vec![],
        inputs: BTreeSet::from([root.join(CONFIG_FILE)]),
        strings: newsletter.strings.iter().map(|written| WrittenText::new(&newsletter.file, written.clone())).collect(),
        bodies: vec![],
    };
    loader.check_entries();

    let issue_toml = loader.read(ISSUE_FILE).and_then(|file| {
        let (toml, strings) = loader.sink.take(toml_read::parse_with_strings::<IssueToml>(&file, &file.text, 0))?;
        loader.strings.extend(strings.into_iter().map(|written| WrittenText::new(&file, written)));
        loader.issue_proofreading(&file, &toml.proofreading);
        Some((file, toml))
    });
    let greeting = loader.read("greeting.md").and_then(|file| loader.greeting(&file));
    let notice = loader.read_optional("notice.md").and_then(|file| loader.notice(&file));
    let figure = loader.read_optional("figure.md").and_then(|file| loader.figure(&file));
    let minutes = loader.read_optional("minutes.md").and_then(|file| loader.minutes(&file));
    let game = loader.read_optional("game.md").and_then(|file| loader.game(&file));
    let events = loader.read_optional("events.md").and_then(|file| loader.events(&file));
    let spotlights = loader.spotlights();
    let dictionary = loader.dictionary(newsletter);

    let (Some((toml_file, issue_toml)), Some(greeting)) = (issue_toml, greeting) else {
        return Err(loader.failure());
    };
    let IssueToml { date, number, pages, title, catchphrase, layout, publisher, proofreading } = issue_toml;
    let date = loader.issue_date(&toml_file, &date, id);
    if let (Some(events), Some(date)) = (&events, &date) {
        loader.check_event_dates(events, date);
    }
    let overrides = SettingsToml { title, catchphrase, layout, publisher, proofreading };
    let settings = match Settings::merge(newsletter, &overrides) {
        Ok(settings) => Some(settings),
        Err(diagnostics) => {
            diagnostics.into_iter().for_each(|d| loader.sink.push(d));
            None
        }
    };
    if loader.sink.has_errors() {
        return Err(loader.failure());
    }
    let (Some(settings), Some(date)) = (settings, date) else { return Err(loader.failure()) };
    let pages_written = match &pages {
        Some(pages) => Location::Span(toml_file.clone(), pages.span()),
        None => Location::Path(toml_file.display.clone()),
    };
    let issue = Issue {
        id,
        dir: loader.dir,
        settings,
        date,
        number,
        pages: pages.map_or(4, Spanned::into_inner),
        pages_written,
        greeting,
        notice,
        figure,
        minutes,
        spotlights,
        game,
        events: events.map(|read| read.events),
        sources: loader.sources,
        images: loader.images,
        image_headers: loader.image_headers,
        image_uses: loader.image_uses,
        inputs: loader.inputs.into_iter().collect(),
        strings: loader.strings,
        bodies: loader.bodies,
        dictionary,
    };
    Ok((issue, loader.sink.diagnostics))
}

impl Loader<'_> {
    fn failure(self) -> LoadFailure {
        LoadFailure { diagnostics: self.sink.diagnostics, inputs: self.inputs.into_iter().collect() }
    }

    fn display(&self, path: &Path) -> String {
        crate::diag::display_path(path, self.root)
    }

    /// Records that loading looked at `path` (see the module documentation).
    fn note(&mut self, path: &Path) {
        self.inputs.insert(path.to_path_buf());
    }

    /// Reads a required file of the issue folder.
    fn read(&mut self, name: &str) -> Option<Arc<SourceFile>> {
        let path = self.dir.join(name);
        self.note(&path);
        if !path.exists() {
            let mut diag = Diagnostic::error(format!("{} がありません", self.display(&path)))
                .at_path(self.display(&self.dir))
                .hint(format!("{name} は必ず必要なファイルです。前の号のフォルダーからコピーして書き換えてください"));
            if let Some(similar) = self.similar_entry(name) {
                diag = diag.hint(format!("{similar} というファイルがあります。名前を {name} に直してください"));
            }
            self.sink.push(diag);
            return None;
        }
        self.read_path(&path)
    }

    fn read_optional(&mut self, name: &str) -> Option<Arc<SourceFile>> {
        let path = self.dir.join(name);
        self.note(&path);
        let file = path.exists().then(|| self.read_path(&path)).flatten()?;
        self.not_empty(file)
    }

    /// An optional file with nothing in it is left out with a warning (an
    /// empty required file is an error where its content is checked).
    fn not_empty(&mut self, file: Arc<SourceFile>) -> Option<Arc<SourceFile>> {
        if !file.text.trim().is_empty() {
            return Some(file);
        }
        self.sink.push(
            Diagnostic::warning(format!("{} が空なので使いません", file.display))
                .at_path(file.display.clone())
                .hint("書きかけなら内容を書いてください。使わないならファイルを消してください"),
        );
        None
    }

    fn read_path(&mut self, path: &Path) -> Option<Arc<SourceFile>> {
        self.note(path);
        let display = self.display(path);
        let decoded = self.sink.take(fs::read_text(path, &display))?;
        if let Some(warning) = decoded.warning {
            self.sink.push(warning);
        }
        let file = SourceFile::new(display, decoded.text);
        self.sources.push(file.clone());
        let total: usize = self.sources.iter().map(|f| f.text.len()).sum();
        if total > MAX_ISSUE_TEXT_BYTES {
            // Every file is small enough, but together they would lay out as
            // hundreds of pages: stop before the layout takes minutes.
            self.sink.push(
                Diagnostic::error(format!(
                    "号の原稿が全部で {} KB になり、多すぎます（{} KB まで）",
                    total.div_ceil(1024),
                    MAX_ISSUE_TEXT_BYTES / 1024
                ))
                .at_path(file.display.clone())
                .hint("このファイルを読んだところで上限を超えました。号のフォルダーに関係のないファイルが入っていないか確かめてください"),
            );
            return None;
        }
        Some(file)
    }

    /// A file or folder in the issue folder whose name is close to `name`.
    fn similar_entry(&self, name: &str) -> Option<String> {
        let entries = fs::read_dir_sorted(&self.dir).ok()?;
        let names: Vec<String> = entries.iter().filter_map(|p| Some(p.file_name()?.to_str()?.to_owned())).collect();
        let others: Vec<&str> = names.iter().map(String::as_str).filter(|other| *other != name).collect();
        toml_read::nearest(name, &others).map(str::to_owned)
    }

    /// Warns about files in the issue folder that tsushin does not use, with the
    /// name they were probably meant to have.
    fn check_entries(&mut self) {
        let dir = self.dir.clone();
        self.note(&dir);
        let Ok(entries) = fs::read_dir_sorted(&dir) else { return };
        for path in entries {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
            if KNOWN_ENTRIES.contains(&name) || name.starts_with('.') {
                continue;
            }
            if name.ends_with(".md") && name.starts_with(|c: char| c.is_ascii_digit()) {
                // 01-yaoki.md next to greeting.md: a spotlight that would
                // silently not print.
                self.sink.push(
                    Diagnostic::error(format!(
                        "{} は活動紹介の記事のようですが、spotlights/ の外にあるので使われません",
                        self.display(&path)
                    ))
                    .at_path(self.display(&path))
                    .hint(format!("{name} を spotlights/ フォルダーに移してください")),
                );
                continue;
            }
            let mut diag =
                Diagnostic::warning(format!("{} は使われません", self.display(&path))).at_path(self.display(&path));
            if let Some(best) = toml_read::nearest(name, KNOWN_ENTRIES) {
                diag = diag.hint(format!("{best} のまちがいではありませんか？"));
            } else {
                diag = diag.hint(format!("使われるファイル: {}", KNOWN_ENTRIES.join(", ")));
            }
            self.sink.push(diag);
        }
    }

    /// Splits front matter from body and parses the front matter as `T`.
    fn front<'f, T: serde::de::DeserializeOwned>(&mut self, file: &'f Arc<SourceFile>) -> Option<Parsed<'f, T>> {
        let split = self.sink.take(frontmatter::split(file))?;
        let (text, front_offset) = split.front.unwrap_or(("", 0));
        let parsed = toml_read::parse_with_strings::<T>(file, text, front_offset).map_err(|d| {
            if split.front.is_none() {
                d.hint("ファイルの先頭に +++ で囲んだ設定部分を書いてください（docs/format.md を参照）")
            } else {
                d
            }
        });
        let (front, strings) = self.sink.take(parsed)?;
        self.strings.extend(strings.into_iter().map(|written| WrittenText::new(file, written)));
        if !split.body.trim().is_empty() {
            let range = split.body_offset..split.body_offset + split.body.len();
            self.bodies.push(WrittenBody { file: file.clone(), range });
        }
        Some(Parsed { front, body: split.body, body_offset: split.body_offset })
    }

    /// Takes in converted Markdown placed at `placement` in `file`: reports its
    /// warnings and checks its images where they were written.
    fn rich(&mut self, file: &Arc<SourceFile>, converted: Converted, placement: &Placement) -> Rich {
        if let Err(detail) = markdown::audit(&converted.markup) {
            // The converter escapes everything; if that ever failed, stop
            // rather than hand the compiler something that is not text.
            self.sink.push(
                Diagnostic::error(format!(
                    "{} の文章を安全に変換できませんでした（tsushin の不具合です）",
                    file.display
                ))
                .at_path(file.display.clone())
                .hint(format!("このファイルを添えて担当者に連絡してください。詳細: {detail}")),
            );
            return Rich::default();
        }
        for (range, message) in converted.warnings {
            self.sink.push(Diagnostic::warning(message).at(file, placement.map(range)));
        }
        for (range, columns) in converted.wide_tables {
            // Its first line (the header row) is the place to show.
            let range = placement.map(range);
            let range = range.start..file.text[range.clone()].find('\n').map_or(range.end, |i| range.start + i);
            self.sink.push(
                Diagnostic::error(format!(
                    "{} の表は {columns} 列あり、紙面の幅に入りません（1 つの表は {} 列まで）",
                    file.display,
                    markdown::MAX_TABLE_COLUMNS
                ))
                .at(file, range)
                .hint("表を 2 つに分けるか、列を減らしてください。細かい一覧は、表ではなく箇条書き（- で始まる行）にすると読みやすくなります"),
            );
        }
        for image in converted.images {
            let range = placement.map(image.range.clone());
            if image.alt.is_empty() {
                self.sink.push(image_refs::missing_description(&image.url).at(file, range.clone()).hint(format!(
                    "![写真の説明]({}) のように、[ ] の中に何が写っているかを書いてください",
                    image.url
                )));
            }
            self.check_image(file, range, &image.url, image.vpath.as_ref());
        }
        let spans = converted
            .spans
            .into_iter()
            .map(|span| markdown::TextSpan { out: span.out, src: placement.map(span.src) })
            .collect();
        Rich { markup: converted.markup, spans, markdown: String::new() }
    }

    /// Converts a section's Markdown body, which starts at `offset` in `file`.
    fn body(&mut self, file: &Arc<SourceFile>, body: &str, offset: usize) -> Rich {
        let converted = markdown::block(body);
        let rich = self.rich(file, converted, &Placement::Verbatim { start: offset });
        Rich { markdown: body.to_owned(), ..rich }
    }

    /// Converts a front-matter string of `file` that holds inline Markdown,
    /// and marks it so in [`Issue::strings`].
    fn inline(&mut self, file: &Arc<SourceFile>, text: &Spanned<String>) -> Rich {
        let written = text.span();
        if let Some(string) = self.strings.iter_mut().find(|s| Arc::ptr_eq(&s.file, file) && s.written == written) {
            string.role = Role::Inline;
        }
        let placement = Placement::of_string(&file.text, text);
        let rich = self.rich(file, markdown::inline(text.get_ref()), &placement);
        Rich { markdown: text.get_ref().clone(), ..rich }
    }
}

#[cfg(test)]
mod tests;
