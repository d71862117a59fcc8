//! The issue model: one issue folder read, checked and converted.
//!
//! Loading reads `issue.toml` and every section file, parses front matter and
//! Markdown, checks every image, and collects *all* problems in one run instead
//! of stopping at the first. What comes out is plain data plus Typst markup that
//! is already escaped; nothing here knows about pages or positions.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::{Diagnostic, Sink, SourceFile};
use crate::fs;
use crate::markup::frontmatter;
use crate::markup::markdown::{self, Converted};
use crate::markup::toml_read;
use crate::model::config::{Newsletter, PublisherToml, Settings, SettingsToml};
use crate::model::era;
use crate::vpath::VPath;

/// An issue's name: its folder under `issues/`, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IssueId {
    pub year: i32,
    pub month: u32,
}

impl IssueId {
    pub fn parse(text: &str) -> Option<Self> {
        let (y, m) = text.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        (1..=12).contains(&month).then_some(Self { year, month })
    }
}

impl std::fmt::Display for IssueId {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

pub const ISSUES_DIR: &str = "issues";

/// The issues that exist in a newsletter, oldest first.
pub fn list(root: &Path) -> Vec<IssueId> {
    let Ok(entries) = fs::read_dir_sorted(&root.join(ISSUES_DIR)) else { return vec![] };
    entries
        .iter()
        .filter(|p| p.join("issue.toml").is_file())
        .filter_map(|p| IssueId::parse(p.file_name()?.to_str()?))
        .collect()
}

/// Converted rich text: Typst markup that is safe to place in a content block,
/// and where each piece of its text was written in the section's file.
#[derive(Debug, Clone, Default)]
pub struct Rich {
    pub markup: String,
    /// Byte ranges of `markup` and of the section file they came from.
    pub spans: Vec<markdown::TextSpan>,
}

#[derive(Debug)]
pub struct Issue {
    pub id: IssueId,
    pub dir: PathBuf,
    pub settings: Settings,
    pub date: IssueDate,
    pub number: Option<u32>,
    pub pages: u32,
    pub greeting: Greeting,
    pub notice: Option<Notice>,
    pub figure: Option<Figure>,
    pub minutes: Option<Minutes>,
    pub spotlights: Vec<Spotlight>,
    pub game: Option<Game>,
    /// Every text file read, so later stages can point back into them.
    pub sources: Vec<Arc<SourceFile>>,
    /// The only files of the issue folder the compiler may read: virtual path → real path.
    pub images: Vec<(VPath, PathBuf)>,
    /// Where each image is referred to, for diagnostics about how it prints.
    pub image_uses: Vec<ImageUse>,
}

/// An image as referred to from a section file.
#[derive(Debug, Clone)]
pub struct ImageUse {
    pub vpath: VPath,
    pub file: Arc<SourceFile>,
    pub range: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Copy)]
pub struct IssueDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl IssueDate {
    /// 「令和4年6月号」
    pub fn era_label(&self) -> String {
        format!("{}{}月号", era::era_year_label(self.year, self.month, self.day), self.month)
    }

    /// 「令和4年（2022年）6月」
    pub fn era_long(&self) -> String {
        format!("{}（{}年）{}月", era::era_year_label(self.year, self.month, self.day), self.year, self.month)
    }
}

#[derive(Debug)]
pub struct Greeting {
    pub source: Arc<SourceFile>,
    pub title: Option<String>,
    pub body: Rich,
}

#[derive(Debug)]
pub struct Notice {
    pub source: Arc<SourceFile>,
    pub to: Option<String>,
    pub title: String,
    pub body: Rich,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub title: String,
    #[serde(default)]
    pub vision: Option<String>,
    pub soil: String,
    #[serde(default)]
    pub soil_points: Vec<String>,
    #[serde(default)]
    pub cultivate: Option<String>,
    #[serde(default)]
    pub fertilizer: Option<String>,
    #[serde(default)]
    pub fruits: Vec<String>,
    #[serde(default)]
    pub fruits_label: Option<String>,
    #[serde(default)]
    pub left: Vec<String>,
    #[serde(default)]
    pub right: Vec<String>,
    #[serde(skip)]
    pub caption: Option<Rich>,
    /// figure.md (set after parsing its front matter).
    #[serde(skip)]
    pub source: Option<Arc<SourceFile>>,
}

#[derive(Debug)]
pub struct Minutes {
    pub source: Arc<SourceFile>,
    pub title: String,
    pub bodies: Vec<MeetingBody>,
}

#[derive(Debug)]
pub struct MeetingBody {
    pub name: String,
    pub entries: Vec<MinutesEntry>,
}

#[derive(Debug)]
pub struct MinutesEntry {
    pub when: Option<String>,
    pub body: Rich,
}

#[derive(Debug)]
pub struct Spotlight {
    pub source: Arc<SourceFile>,
    pub category: Option<String>,
    pub council: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    pub body: Rich,
    pub photos: Vec<Photo>,
    pub flow: Vec<Step>,
    pub voices: Vec<String>,
}

#[derive(Debug)]
pub struct Photo {
    pub vpath: VPath,
    pub caption: Option<String>,
    /// Alternative text for readers who cannot see the photo: `alt` as
    /// written, otherwise the caption. Never empty (checked while loading).
    pub alt: String,
}

#[derive(Debug)]
pub struct Step {
    pub when: Option<String>,
    pub text: Rich,
    pub voice: Option<String>,
}

#[derive(Debug)]
pub struct Game {
    pub source: Arc<SourceFile>,
    pub title: String,
    pub lead: Option<String>,
    pub points: Vec<Rich>,
    pub body: Rich,
    pub contact: Option<String>,
    pub note: Option<String>,
}

// ---- front matter and issue.toml as written --------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueToml {
    date: toml::value::Datetime,
    #[serde(default)]
    number: Option<u32>,
    #[serde(default)]
    pages: Option<u32>,
    // The overridable settings of tsushin.toml, spelt out because serde's
    // `flatten` cannot be combined with `deny_unknown_fields`.
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    catchphrase: Option<String>,
    #[serde(default)]
    layout: Option<String>,
    #[serde(default)]
    publisher: PublisherToml,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct GreetingFront {
    title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeFront {
    #[serde(default)]
    to: Option<String>,
    title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MinutesFront {
    title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpotlightFront {
    title: String,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    council: Option<String>,
    #[serde(default)]
    subtitle: Option<String>,
    #[serde(default)]
    voices: Vec<String>,
    #[serde(default)]
    photos: Vec<PhotoFront>,
    #[serde(default)]
    flow: Vec<StepFront>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhotoFront {
    file: String,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    alt: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFront {
    #[serde(default)]
    when: Option<String>,
    text: String,
    #[serde(default)]
    voice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct GameFront {
    title: Option<String>,
    lead: Option<String>,
    points: Vec<String>,
    contact: Option<String>,
    note: Option<String>,
}

/// All text files of one issue together may hold this much: about 400 pages,
/// which still lays out in seconds. A real issue has about 30 KB.
pub const MAX_ISSUE_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// The section files of an issue folder (spotlights go into `spotlights/`).
const SECTION_FILES: &[&str] = &["greeting.md", "notice.md", "figure.md", "minutes.md", "game.md"];

/// The files and folders an issue folder may contain.
const KNOWN_ENTRIES: &[&str] =
    &["issue.toml", "greeting.md", "notice.md", "figure.md", "minutes.md", "game.md", "spotlights", "images"];

/// Loading state: where we are and what went wrong so far.
struct Loader<'a> {
    root: &'a Path,
    dir: PathBuf,
    sink: Sink,
    sources: Vec<Arc<SourceFile>>,
    images: Vec<(VPath, PathBuf)>,
    image_uses: Vec<ImageUse>,
}

/// Loads issue `id` of `newsletter`. On failure, returns every diagnostic
/// found; warnings found on success are returned beside the issue.
pub fn load(newsletter: &Newsletter, id: IssueId) -> Result<(Issue, Vec<Diagnostic>), Vec<Diagnostic>> {
    let root = &newsletter.root;
    let dir = root.join(ISSUES_DIR).join(id.to_string());
    // tsushin.toml was read before the issue: its warnings and text belong here
    // too, so that diagnostics and glyph checks can point into it.
    let sink = Sink { diagnostics: newsletter.warnings.clone() };
    let mut l = Loader { root, dir, sink, sources: vec![newsletter.file.clone()], images: vec![], image_uses: vec![] };
    l.check_entries();

    let issue_toml = l.read("issue.toml").and_then(|file| {
        let parsed: Option<IssueToml> = l.sink.take(toml_read::parse(&file, &file.text, 0));
        parsed.map(|t| (file, t))
    });
    let greeting = l.read("greeting.md").and_then(|f| l.greeting(&f));
    let notice = l.read_optional("notice.md").and_then(|f| l.notice(&f));
    let figure = l.read_optional("figure.md").and_then(|f| l.figure(&f));
    let minutes = l.read_optional("minutes.md").and_then(|f| l.minutes(&f));
    let game = l.read_optional("game.md").and_then(|f| l.game(&f));
    let spotlights = l.spotlights();

    let (Some((toml_file, t)), Some(greeting)) = (issue_toml, greeting) else {
        return Err(l.sink.diagnostics);
    };
    let date = l.issue_date(&toml_file, &t.date, id);
    let over = SettingsToml { title: t.title, catchphrase: t.catchphrase, layout: t.layout, publisher: t.publisher };
    let settings = match Settings::merge(newsletter, &over) {
        Ok(s) => Some(s),
        Err(diags) => {
            diags.into_iter().for_each(|d| l.sink.push(d));
            None
        }
    };
    if l.sink.has_errors() {
        return Err(l.sink.diagnostics);
    }
    let (Some(settings), Some(date)) = (settings, date) else { return Err(l.sink.diagnostics) };
    let issue = Issue {
        id,
        dir: l.dir,
        settings,
        date,
        number: t.number,
        pages: t.pages.unwrap_or(4),
        greeting,
        notice,
        figure,
        minutes,
        spotlights,
        game,
        sources: l.sources,
        images: l.images,
        image_uses: l.image_uses,
    };
    Ok((issue, l.sink.diagnostics))
}

impl Loader<'_> {
    fn display(&self, path: &Path) -> String {
        crate::diag::display_path(path, self.root)
    }

    /// Reads a required file of the issue folder.
    fn read(&mut self, name: &str) -> Option<Arc<SourceFile>> {
        let path = self.dir.join(name);
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
        let refs: Vec<&str> = names.iter().map(String::as_str).filter(|n| *n != name).collect();
        toml_read::nearest(name, &refs).map(str::to_owned)
    }

    /// Warns about files in the issue folder that tsushin does not use, with the
    /// name they were probably meant to have.
    fn check_entries(&mut self) {
        let Ok(entries) = fs::read_dir_sorted(&self.dir) else { return };
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
    fn front<'f, T: serde::de::DeserializeOwned>(&mut self, file: &'f Arc<SourceFile>) -> Option<(T, &'f str, usize)> {
        let split = self.sink.take(frontmatter::split(file))?;
        let (text, offset) = split.front.unwrap_or(("", 0));
        let parsed = toml_read::parse::<T>(file, text, offset).map_err(|d| {
            if split.front.is_none() {
                d.hint("ファイルの先頭に +++ で囲んだ設定部分を書いてください（docs/format.md を参照）")
            } else {
                d
            }
        });
        let value = self.sink.take(parsed)?;
        Some((value, split.body, split.body_offset))
    }

    /// Converts Markdown that starts at `offset` in `file`, reporting its warnings
    /// and checking its images.
    fn rich(&mut self, file: &Arc<SourceFile>, converted: Converted, offset: usize) -> Rich {
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
            self.sink.push(Diagnostic::warning(message).at(file, range.start + offset..range.end + offset));
        }
        for image in converted.images {
            let range = image.range.start + offset..image.range.end + offset;
            if image.alt.is_empty() {
                self.sink.push(missing_description(&image.url).at(file, range.clone()).hint(format!(
                    "![写真の説明]({}) のように、[ ] の中に何が写っているかを書いてください",
                    image.url
                )));
            }
            self.check_image(file, range, &image.url, image.vpath.as_ref());
        }
        let spans = converted
            .spans
            .into_iter()
            .map(|s| markdown::TextSpan { out: s.out, src: s.src.start + offset..s.src.end + offset })
            .collect();
        Rich { markup: converted.markup, spans }
    }

    fn body(&mut self, file: &Arc<SourceFile>, body: &str, offset: usize) -> Rich {
        let converted = markdown::block(body);
        self.rich(file, converted, offset)
    }

    /// Converts a front-matter string that holds inline Markdown.
    fn inline(&mut self, file: &Arc<SourceFile>, text: &str) -> Rich {
        let offset = file.text.find(text).unwrap_or(0);
        self.rich(file, markdown::inline(text), offset)
    }

    /// Checks that an image exists inside the issue folder and is a format the
    /// compiler reads, and allows the compiler to read it.
    fn check_image(&mut self, file: &Arc<SourceFile>, range: std::ops::Range<usize>, url: &str, vpath: Option<&VPath>) {
        let Some(vpath) = vpath else {
            self.sink.push(
                Diagnostic::error(format!("画像「{url}」は使えない場所を指しています"))
                    .at(file, range)
                    .hint("画像は号のフォルダーの images/ に置き、images/写真.jpg のように書いてください（../ や / で始まるパス、URL は使えません）"),
            );
            return;
        };
        let path = self.dir.join(vpath.in_issue().unwrap_or_default());
        let display = self.display(&path);
        if !path.is_file() {
            self.sink.push(
                Diagnostic::error(format!("画像ファイル {display} が見つかりません"))
                    .at(file, range)
                    .hint("ファイル名（大文字・小文字、拡張子）と置き場所を確かめてください"),
            );
            return;
        }
        // A symlink could lead out of the issue folder: compare real locations.
        let inside = match (path.canonicalize(), self.dir.canonicalize()) {
            (Ok(real), Ok(dir)) => real.starts_with(dir),
            _ => false,
        };
        if !inside {
            self.sink.push(
                Diagnostic::error(format!("画像 {display} は号のフォルダーの外を指しています（シンボリックリンク）"))
                    .at(file, range)
                    .hint("画像ファイルそのものを images/ にコピーしてください"),
            );
            return;
        }
        let Some(bytes) = self.sink.take(fs::read(&path)) else { return };
        if image_format(&bytes).is_none() {
            self.sink.push(
                Diagnostic::error(format!("{display} は使える画像形式ではありません"))
                    .at(file, range)
                    .hint("JPEG、PNG、GIF、SVG のいずれかで保存し直してください"),
            );
            return;
        }
        if let Err(reason) = decode_image(bytes.clone()) {
            self.sink.push(
                Diagnostic::error(format!(
                    "{display} は画像として読めません。壊れているか、途中までしか保存されていません（{reason}）"
                ))
                .at(file, range)
                .hint("元の写真からもう一度コピーするか、画像ソフトで開いて保存し直してください"),
            );
            return;
        }
        if let Some(reference) = svg_external_reference(&bytes) {
            self.sink.push(
                Diagnostic::error(format!(
                    "{display} は外のファイルやインターネット上のもの（{reference}）を読み込む SVG なので使えません"
                ))
                .at(file, range)
                .hint("参照している画像を SVG の中に埋め込むか、PNG に書き出してから使ってください"),
            );
            return;
        }
        if !self.images.iter().any(|(v, _)| v == vpath) {
            self.images.push((vpath.clone(), path));
        }
        self.image_uses.push(ImageUse { vpath: vpath.clone(), file: file.clone(), range });
    }

    fn issue_date(&mut self, file: &Arc<SourceFile>, date: &toml::value::Datetime, id: IssueId) -> Option<IssueDate> {
        let span =
            file.text.find("date").map_or(0..0, |s| s..file.text[s..].find('\n').map_or(file.text.len(), |e| s + e));
        let Some(d) = date.date.filter(|_| date.time.is_none()) else {
            self.sink.push(
                Diagnostic::error("issue.toml の date には時刻のない日付を書いてください")
                    .at(file, span)
                    .hint("date = 2022-06-01 のように書いてください"),
            );
            return None;
        };
        let date = IssueDate { year: i32::from(d.year), month: u32::from(d.month), day: u32::from(d.day) };
        if (date.year, date.month) != (id.year, id.month) {
            self.sink.push(
                Diagnostic::warning(format!(
                    "issue.toml の日付（{}年{}月）がフォルダー名 {id} と合っていません",
                    date.year, date.month
                ))
                .at(file, span)
                .hint("日付かフォルダー名のどちらかを直してください"),
            );
        }
        Some(date)
    }

    fn greeting(&mut self, file: &Arc<SourceFile>) -> Option<Greeting> {
        let (front, body, offset): (GreetingFront, _, _) = self.front(file)?;
        if body.trim().is_empty() {
            self.sink.push(
                Diagnostic::error(format!("{} に本文がありません", file.display))
                    .at_path(file.display.clone())
                    .hint("巻頭あいさつの文章を書いてください"),
            );
        }
        let body = self.body(file, body, offset);
        Some(Greeting { source: file.clone(), title: front.title, body })
    }

    fn notice(&mut self, file: &Arc<SourceFile>) -> Option<Notice> {
        let (front, body, offset): (NoticeFront, _, _) = self.front(file)?;
        let body = self.body(file, body, offset);
        Some(Notice { source: file.clone(), to: front.to, title: front.title, body })
    }

    fn figure(&mut self, file: &Arc<SourceFile>) -> Option<Figure> {
        let (mut figure, body, offset): (Figure, _, _) = self.front(file)?;
        if !body.trim().is_empty() {
            figure.caption = Some(self.body(file, body, offset));
        }
        figure.source = Some(file.clone());
        Some(figure)
    }

    fn minutes(&mut self, file: &Arc<SourceFile>) -> Option<Minutes> {
        let (front, body, offset): (MinutesFront, _, _) = self.front(file)?;
        let mut bodies: Vec<MeetingBody> = Vec::new();
        // Split on `## 会議名` and `### 月` lines; collect each entry's text
        // as a slice of the file so that diagnostics keep their positions.
        let mut entry: Option<(Option<String>, usize, usize)> = None;
        let mut pos = offset;
        let finish = |l: &mut Self, bodies: &mut Vec<MeetingBody>, entry: Option<(Option<String>, usize, usize)>| {
            if let Some((when, start, end)) = entry {
                let text = &file.text[start..end];
                if text.trim().is_empty() && when.is_none() {
                    return;
                }
                let rich = l.body(file, text, start);
                if let Some(b) = bodies.last_mut() {
                    b.entries.push(MinutesEntry { when, body: rich });
                }
            }
        };
        for line in body.split_inclusive('\n') {
            let trimmed = line.trim_end();
            if let Some(name) = trimmed.strip_prefix("## ") {
                finish(self, &mut bodies, entry.take());
                let name = name.trim().trim_start_matches('＜').trim_end_matches('＞').trim().to_owned();
                bodies.push(MeetingBody { name, entries: vec![] });
                entry = Some((None, pos + line.len(), pos + line.len()));
            } else if let Some(when) = trimmed.strip_prefix("### ") {
                finish(self, &mut bodies, entry.take());
                entry = Some((Some(when.trim().to_owned()), pos + line.len(), pos + line.len()));
            } else if let Some(e) = &mut entry {
                e.2 = pos + line.len();
            } else if !trimmed.trim().is_empty() {
                self.sink.push(
                    Diagnostic::error("議事内容は「## 会議名」の見出しの下に書いてください")
                        .at(file, pos..pos + trimmed.len())
                        .hint("例: ## 住民企画会議 の行を書き、その下に ### ４月 と内容を書きます"),
                );
            }
            pos += line.len();
        }
        finish(self, &mut bodies, entry.take());
        Some(Minutes { source: file.clone(), title: front.title, bodies })
    }

    fn spotlights(&mut self) -> Vec<Spotlight> {
        let dir = self.dir.join("spotlights");
        if !dir.is_dir() {
            return vec![];
        }
        let Some(paths) = self.sink.take(fs::read_dir_sorted(&dir)) else { return vec![] };
        let mut spotlights = Vec::new();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("md") {
                self.sink.push(
                    Diagnostic::warning(format!("{} は .md ではないため使われません", self.display(&path)))
                        .at_path(self.display(&path))
                        .hint("記事のファイル名は 01-なまえ.md のように .md で終わらせてください"),
                );
                continue;
            }
            if SECTION_FILES.contains(&name) {
                self.sink.push(
                    Diagnostic::error(format!(
                        "{} は spotlights/ の中ではなく、号のフォルダー（{}）に置いてください",
                        self.display(&path),
                        self.display(&self.dir)
                    ))
                    .at_path(self.display(&path))
                    .hint(format!("spotlights/ には活動紹介の記事（01-なまえ.md）だけを入れます。{name} は 1 つ上のフォルダーに移してください")),
                );
                continue;
            }
            let Some(file) = self.read_path(&path).and_then(|f| self.not_empty(f)) else { continue };
            if let Some(s) = self.spotlight(&file) {
                spotlights.push(s);
            }
        }
        spotlights
    }

    fn spotlight(&mut self, file: &Arc<SourceFile>) -> Option<Spotlight> {
        let (front, body, offset): (SpotlightFront, _, _) = self.front(file)?;
        let body = self.body(file, body, offset);
        let photos = front
            .photos
            .into_iter()
            .filter_map(|p| {
                let vpath = VPath::issue_file(&p.file);
                let range = find(file, &p.file);
                let nonempty = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
                let alt = nonempty(&p.alt).or_else(|| nonempty(&p.caption));
                if alt.is_none() {
                    self.sink.push(missing_description(&p.file).at(file, range.clone()).hint(
                        "[[photos]] に caption = \"写真の説明\"（紙面に載ります）か alt = \"写真の説明\"（紙面には載りません）を書いてください",
                    ));
                }
                self.check_image(file, range, &p.file, vpath.as_ref());
                // A path that may not be used was reported, and the issue will not load.
                vpath.map(|vpath| Photo { vpath, caption: p.caption, alt: alt.unwrap_or_default() })
            })
            .collect();
        let flow = front
            .flow
            .into_iter()
            .map(|s| Step { when: s.when, text: self.inline(file, &s.text), voice: s.voice })
            .collect();
        Some(Spotlight {
            source: file.clone(),
            category: front.category,
            council: front.council,
            title: front.title,
            subtitle: front.subtitle,
            body,
            photos,
            flow,
            voices: front.voices,
        })
    }

    fn game(&mut self, file: &Arc<SourceFile>) -> Option<Game> {
        let (front, body, offset): (GameFront, _, _) = self.front(file)?;
        let body = self.body(file, body, offset);
        let points = front.points.iter().map(|p| self.inline(file, p)).collect();
        Some(Game {
            source: file.clone(),
            title: front.title.unwrap_or_else(|| "助け合い体験ゲーム".into()),
            lead: front.lead,
            points,
            body,
            contact: front.contact,
            note: front.note,
        })
    }
}

/// An image without a description: it would be silent for readers using a
/// screen reader, and an archived PDF/UA file must describe every image.
fn missing_description(url: &str) -> Diagnostic {
    Diagnostic::error(format!("画像「{url}」に説明がありません"))
        .hint("説明は、目の不自由な方の読み上げと保存版 PDF（tsushin archive）に使われます")
}

/// The byte range of the first occurrence of `needle` in the file (for pointing
/// at a value written in front matter).
fn find(file: &SourceFile, needle: &str) -> std::ops::Range<usize> {
    file.text.find(needle).map_or(0..0, |s| s..s + needle.len())
}

/// The image format of some bytes, by their signature.
pub fn image_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok_and(|t| t.contains("<svg")) {
        Some("svg")
    } else {
        None
    }
}

/// Decodes an image the way the compiler will. Decoding is memoized in
/// Typst, so the compilation reuses this work instead of repeating it.
fn decode_image(bytes: Vec<u8>) -> Result<(), String> {
    use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};
    let data = typst::foundations::Bytes::new(bytes);
    match ExchangeFormat::detect(&data) {
        Some(format) => RasterImage::plain(data, format).map(drop).map_err(|e| e.to_string()),
        None => SvgImage::new(data).map(drop).map_err(|e| format!("{e:?}")),
    }
}

/// The first reference of an SVG to anything outside itself: `href` and
/// `xlink:href` values, CSS `url(…)` and `@import`, external XML entities.
/// References inside the file (`#id`) and embedded `data:` URLs are fine.
pub fn svg_external_reference(bytes: &[u8]) -> Option<String> {
    if image_format(bytes) != Some("svg") {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let internal = |value: &str| {
        let v = value.trim();
        v.is_empty() || v.starts_with('#') || v.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
    };
    // Attribute values after `href`, with either quote.
    let mut rest = &text[..];
    while let Some(at) = rest.find("href") {
        rest = &rest[at + 4..];
        let after = rest.trim_start();
        let Some(after) = after.strip_prefix('=') else { continue };
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        let value = after[1..].split(quote).next().unwrap_or("");
        if !internal(value) {
            return Some(value.to_owned());
        }
    }
    let mut rest = &text[..];
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let value = rest.split(')').next().unwrap_or("").trim().trim_matches(['"', '\'']);
        if !internal(value) {
            return Some(value.to_owned());
        }
    }
    if text.contains("@import") {
        return Some("@import".into());
    }
    let upper = text.to_ascii_uppercase();
    if upper.contains("<!ENTITY") && (upper.contains("SYSTEM") || upper.contains("PUBLIC")) {
        return Some("<!ENTITY … SYSTEM>".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_references_outside_the_file() {
        let svg = |body: &str| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">{body}</svg>"
            )
        };
        for (body, found) in [
            ("<image href=\"/etc/passwd\"/>", "/etc/passwd"),
            ("<image xlink:href='photo.png'/>", "photo.png"),
            ("<image href = \"https://example.com/a.png\"/>", "https://example.com/a.png"),
            ("<rect style=\"fill: url(http://x/y.svg#p)\"/>", "http://x/y.svg#p"),
            ("<style>@import 'a.css';</style>", "@import"),
        ] {
            assert_eq!(svg_external_reference(svg(body).as_bytes()).as_deref(), Some(found), "{body}");
        }
        let doctype = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg>&x;</svg>";
        assert!(svg_external_reference(doctype.as_bytes()).is_some());
        for body in [
            "<use href=\"#a\"/>",
            "<rect fill=\"url(#g)\"/>",
            "<image href=\"data:image/png;base64,AAAA\"/>",
            "<a href=\"\">x</a>",
        ] {
            assert_eq!(svg_external_reference(svg(body).as_bytes()), None, "{body}");
        }
    }

    #[test]
    fn issue_ids() {
        assert_eq!(IssueId::parse("2022-06"), Some(IssueId { year: 2022, month: 6 }));
        assert_eq!(IssueId::parse("2022-6"), None);
        assert_eq!(IssueId::parse("2022-13"), None);
        assert_eq!(IssueId::parse("令和4-06"), None);
        assert_eq!(IssueId { year: 2022, month: 6 }.to_string(), "2022-06");
    }

    #[test]
    fn era_labels() {
        let d = IssueDate { year: 2022, month: 6, day: 1 };
        assert_eq!(d.era_label(), "令和4年6月号");
        assert_eq!(d.era_long(), "令和4年（2022年）6月");
        assert_eq!(IssueDate { year: 2019, month: 5, day: 1 }.era_label(), "令和元年5月号");
    }
}
