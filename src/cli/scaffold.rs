//! The files of a new newsletter (`tsushin init`) and of a new issue
//! (`tsushin new`), as bytes in memory: the commands write them, atomically,
//! as a whole folder.
//!
//! The templates live in `templates/` as plain files with Japanese guidance
//! in comments, so they can be read and improved without touching Rust. A new
//! issue based on an earlier one carries over what recurs in every issue (the
//! notice, the figure, the game explainer, the issue's own contact settings and
//! the names of the meetings) and starts everything that is news afresh.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile, display_path};
use crate::fs;
use crate::markup::frontmatter;
use crate::model::issue::{IssueDate, IssueId};
use crate::model::loader::schema;

const TSUSHIN_TOML: &str = include_str!("../../templates/tsushin.toml");
/// The wording dictionary that `TSUSHIN_TOML`'s `[proofreading]` names.
pub const WORDING_TOML: &str = include_str!("../../templates/wording.toml");
/// Its name, as `TSUSHIN_TOML` writes it.
pub const WORDING_FILE: &str = "wording.toml";
const ISSUE_TOML: &str = include_str!("../../templates/issue/issue.toml");
const GREETING: &str = include_str!("../../templates/issue/greeting.md");
const NOTICE: &str = include_str!("../../templates/issue/notice.md");
const FIGURE: &str = include_str!("../../templates/issue/figure.md");
const MINUTES: &str = include_str!("../../templates/issue/minutes.md");
const SPOTLIGHT: &str = include_str!("../../templates/issue/spotlight.md");
const GAME: &str = include_str!("../../templates/issue/game.md");

/// Put into the front matter of every file carried over from an earlier issue.
const CARRIED_NOTE: &str =
    "# 前の号から引き継ぎました。今回も載せるときは書きかえて使い、載せないときはこのファイルを消します。";
/// The game's body: the report is news, so it starts empty.
const GAME_REPORT: &str =
    "<!-- ここに、この号で体験ゲームをした協議体の報告を書きます。なければ空のままでかまいません。 -->";
const DEFAULT_MEETINGS: &[&str] = &["住民企画会議", "事業推進会議"];
const DEFAULT_MINUTES_TITLE: &str = "○・○月の第１層協議体の話し合いの議事内容";
/// Spotlights in an issue made from the templates alone, as in the reference issue.
const DEFAULT_SPOTLIGHTS: usize = 3;

/// The files of a new issue, relative to its folder, and what was carried over.
#[derive(Debug, Default)]
pub struct NewIssue {
    pub files: Vec<(String, Vec<u8>)>,
    /// Names of what came from the earlier issue, for the summary line.
    pub carried: Vec<String>,
    /// Problems with the earlier issue that made us fall back to a template.
    pub warnings: Vec<Diagnostic>,
}

impl NewIssue {
    fn add(&mut self, rel: &str, text: String) {
        self.files.push((rel.to_owned(), text.into_bytes()));
    }
}

/// The earlier issue a new one is based on.
pub struct Previous<'a> {
    pub root: &'a Path,
    pub dir: PathBuf,
}

/// Everything a new issue `id` starts with: from the templates alone, or
/// based on `previous`.
pub fn new_issue(id: IssueId, previous: Option<&Previous>) -> Result<NewIssue, Diagnostic> {
    let mut out = NewIssue::default();
    let Some(prev) = previous else {
        out.add("issue.toml", issue_toml(id, &IssueSettings::default()));
        out.add("greeting.md", GREETING.to_owned());
        out.add("notice.md", NOTICE.to_owned());
        out.add("figure.md", FIGURE.to_owned());
        out.add("minutes.md", minutes(DEFAULT_MINUTES_TITLE, DEFAULT_MEETINGS));
        for n in 1..=DEFAULT_SPOTLIGHTS {
            out.add(&spotlight_name(n), SPOTLIGHT.to_owned());
        }
        out.add("game.md", GAME.replace("{report}", GAME_REPORT));
        return Ok(out);
    };

    let settings = match prev.read("issue.toml")? {
        Some(file) => IssueSettings::parse(&file).unwrap_or_else(|diag| {
            out.warnings.push(diag);
            IssueSettings::default()
        }),
        None => IssueSettings::default(),
    };
    if !settings.overrides.is_empty() {
        out.carried.push("issue.toml の設定".into());
    }
    out.add("issue.toml", issue_toml(id, &settings));
    out.add("greeting.md", GREETING.to_owned());

    let mut carried_texts = Vec::new();
    for name in ["notice.md", "figure.md"] {
        if let Some(file) = prev.read(name)? {
            out.add(name, with_carried_note(&file.text));
            out.carried.push(name.into());
            carried_texts.push(file);
        }
    }
    if let Some(file) = prev.read("minutes.md")? {
        let (title, meetings) = previous_minutes(&file);
        let names: Vec<&str> = meetings.iter().map(String::as_str).collect();
        out.add("minutes.md", minutes(&title, if names.is_empty() { DEFAULT_MEETINGS } else { &names }));
        out.carried.push("minutes.md の会議の名前".into());
    }
    let spotlights = prev.dir.join("spotlights");
    if spotlights.is_dir() {
        let count = fs::read_dir_sorted(&spotlights)?
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')))
            .count();
        for n in 1..=count {
            out.add(&spotlight_name(n), SPOTLIGHT.to_owned());
        }
    }
    if let Some(file) = prev.read("game.md")? {
        out.add("game.md", carried_game(&file));
        out.carried.push("game.md".into());
        carried_texts.push(file);
    }
    // Images that a carried file shows travel with it, or the new issue
    // would not build.
    let images = prev.dir.join("images");
    if images.is_dir() {
        for path in fs::walk_files(&images)? {
            let rel =
                format!("images/{}", path.strip_prefix(&images).unwrap_or(&path).to_string_lossy().replace('\\', "/"));
            if carried_texts.iter().any(|f| f.text.contains(&rel)) {
                out.files.push((rel.clone(), fs::read(&path)?));
                out.carried.push(rel);
            }
        }
    }
    Ok(out)
}

impl Previous<'_> {
    /// Reads a file of the earlier issue, if it has it.
    fn read(&self, name: &str) -> Result<Option<Arc<SourceFile>>, Diagnostic> {
        let path = self.dir.join(name);
        if !path.is_file() {
            return Ok(None);
        }
        let display = display_path(&path, self.root);
        let text = fs::read_text(&path, &display)?.text;
        Ok(Some(SourceFile::new(display, text)))
    }
}

fn spotlight_name(n: usize) -> String {
    format!("spotlights/{n:02}-katsudou.md")
}

/// What `issue.toml` of the earlier issue says that the new one keeps.
#[derive(Debug, Default)]
struct IssueSettings {
    number: Option<i64>,
    pages: Option<i64>,
    /// Top-level overrides of tsushin.toml (title, catchphrase, layout).
    overrides: Vec<(String, String)>,
    /// The `[publisher]` overrides: the contact of this issue.
    publisher: Vec<(String, String)>,
}

impl IssueSettings {
    fn parse(file: &Arc<SourceFile>) -> Result<Self, Diagnostic> {
        let table: toml::Table = toml::from_str(&file.text).map_err(|e| {
            Diagnostic::warning(format!(
                "{} を読めないため、号数と設定は引き継ぎません（{}）",
                file.display,
                e.message().trim()
            ))
            .at_path(file.display.clone())
        })?;
        let strings = |t: &toml::Table, keys: &[&str]| -> Vec<(String, String)> {
            keys.iter().filter_map(|k| Some(((*k).to_owned(), t.get(*k)?.as_str()?.to_owned()))).collect()
        };
        let publisher = table.get("publisher").and_then(toml::Value::as_table);
        Ok(Self {
            number: table.get("number").and_then(toml::Value::as_integer),
            pages: table.get("pages").and_then(toml::Value::as_integer),
            overrides: strings(&table, &["title", "catchphrase", "layout"]),
            publisher: publisher
                .map(|p| strings(p, &["name", "phone", "office", "web_title", "web_url"]))
                .unwrap_or_default(),
        })
    }
}

fn issue_toml(id: IssueId, settings: &IssueSettings) -> String {
    let era = IssueDate { year: id.year, month: id.month, day: 1 }.era_label();
    let number = match settings.number {
        Some(n) => format!("number = {}", n + 1),
        None => "# number = 1".to_owned(),
    };
    let mut overrides = String::new();
    if !settings.overrides.is_empty() || !settings.publisher.is_empty() {
        overrides.push_str("\n# この号だけ tsushin.toml と違う設定（前の号から引き継ぎました）\n");
        for (key, value) in &settings.overrides {
            overrides.push_str(&format!("{key} = {}\n", toml_string(value)));
        }
        if !settings.publisher.is_empty() {
            overrides.push_str("\n[publisher]\n");
            for (key, value) in &settings.publisher {
                overrides.push_str(&format!("{key} = {}\n", toml_string(value)));
            }
        }
    }
    let schema = schema::schema_line("issue.schema.json", 2);
    format!("{schema}\n{ISSUE_TOML}")
        .replace("{era}", &era)
        .replace("{date}", &format!("{id}-01"))
        .replace("{number}", &number)
        .replace("{pages}", &settings.pages.unwrap_or(4).to_string())
        .replace("{overrides}", overrides.trim_end())
        .trim_end()
        .to_owned()
        + "\n"
}

/// tsushin.toml of a new newsletter, its first line pointing editors at the
/// schema `tsushin init` writes beside it.
pub fn tsushin_toml() -> String {
    format!("{}\n{TSUSHIN_TOML}", schema::schema_line("tsushin.schema.json", 0))
}

/// A TOML basic string.
fn toml_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn minutes(title: &str, meetings: &[&str]) -> String {
    let mut body = String::new();
    for name in meetings {
        body.push_str(&format!("\n## {name}\n\n### ○月\n\n- （話し合われた内容）\n"));
    }
    MINUTES.replace("{title}", &toml_string(title)).replace("{meetings}", &body)
}

/// The title and meeting names of the earlier minutes; the months in the
/// title are blanked so last issue's months are not printed again by mistake.
fn previous_minutes(file: &Arc<SourceFile>) -> (String, Vec<String>) {
    let (front, body) = match frontmatter::split(file) {
        Ok(split) => (split.front.map(|(t, _)| t).unwrap_or(""), split.body),
        Err(_) => ("", &file.text[..]),
    };
    let title = toml::from_str::<toml::Table>(front)
        .ok()
        .and_then(|t| t.get("title")?.as_str().map(mask_months))
        .unwrap_or_else(|| DEFAULT_MINUTES_TITLE.to_owned());
    let names = body
        .lines()
        .filter_map(|l| l.trim_end().strip_prefix("## "))
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect();
    (title, names)
}

/// "４・５月の第１層…" → "○・○月の第１層…": numbers directly before 月 or
/// a separator between months become ○.
fn mask_months(title: &str) -> String {
    let chars: Vec<char> = title.chars().collect();
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if is_digit(chars[i]) {
            let start = i;
            while i < chars.len() && is_digit(chars[i]) {
                i += 1;
            }
            if matches!(chars.get(i), Some('月' | '・' | '、' | ',' | '～' | '〜')) {
                out.push('○');
            } else {
                out.extend(&chars[start..i]);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The file as it was, with [`CARRIED_NOTE`] at the top of its front matter.
fn with_carried_note(text: &str) -> String {
    if text.lines().any(|l| l.trim() == CARRIED_NOTE) {
        return text.to_owned();
    }
    match text.split_once('\n') {
        Some((first, rest)) if first.trim_end() == "+++" => format!("+++\n{CARRIED_NOTE}\n{rest}"),
        _ => format!("+++\n{CARRIED_NOTE}\n+++\n\n{text}"),
    }
}

/// The game explainer of the earlier issue (its front matter) with an empty report.
fn carried_game(file: &Arc<SourceFile>) -> String {
    match frontmatter::split(file) {
        Ok(split) if split.front.is_some() => {
            let front = &file.text[..split.body_offset];
            format!("{}\n{GAME_REPORT}\n", with_carried_note(front).trim_end())
        }
        // No explainer to keep, or front matter the earlier issue could not
        // read either: keep the file whole so nothing is lost.
        _ => with_carried_note(&file.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_blanked_but_other_numbers_kept() {
        assert_eq!(
            mask_months("４・５月の第１層協議体の話し合いの議事内容"),
            "○・○月の第１層協議体の話し合いの議事内容"
        );
        assert_eq!(mask_months("10月・11月の会議"), "○月・○月の会議");
        assert_eq!(mask_months("第2層"), "第2層");
    }

    #[test]
    fn the_new_settings_name_the_new_dictionary_and_it_reads() {
        let table: toml::Table = toml::from_str(TSUSHIN_TOML).unwrap();
        assert_eq!(table["proofreading"]["dictionary"].as_str(), Some(WORDING_FILE));
        let file = SourceFile::new(WORDING_FILE.into(), WORDING_TOML);
        let dictionary = crate::proof::Dictionary::read(&file).unwrap();
        assert_eq!(dictionary.accept.len(), 1, "the template's slogan is accepted as written");
    }

    #[test]
    fn toml_strings_round_trip() {
        for value in ["高崎市", "a \"quoted\" \\ path", "line\nbreak\ttab\u{7}"] {
            let doc = format!("v = {}", toml_string(value));
            let table: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(table["v"].as_str(), Some(value), "{doc}");
        }
    }

    #[test]
    fn carried_note_goes_into_front_matter_once() {
        let once = with_carried_note("+++\ntitle = \"x\"\n+++\n\n本文\n");
        assert!(once.starts_with(&format!("+++\n{CARRIED_NOTE}\ntitle")), "{once}");
        assert_eq!(with_carried_note(&once), once);
        let bare = with_carried_note("本文だけ\n");
        assert!(bare.starts_with("+++\n") && bare.ends_with("+++\n\n本文だけ\n"), "{bare}");
    }

    #[test]
    fn templates_alone_fill_every_section() {
        let issue = new_issue(IssueId { year: 2025, month: 4 }, None).unwrap();
        let names: Vec<&str> = issue.files.iter().map(|(n, _)| n.as_str()).collect();
        for expected in [
            "issue.toml",
            "greeting.md",
            "notice.md",
            "figure.md",
            "minutes.md",
            "game.md",
            "spotlights/01-katsudou.md",
        ] {
            assert!(names.contains(&expected), "{expected} missing from {names:?}");
        }
        let toml = String::from_utf8(issue.files[0].1.clone()).unwrap();
        assert!(toml.contains("date = 2025-04-01"), "{toml}");
        assert!(toml.contains("令和7年4月号"), "{toml}");
        assert!(issue.carried.is_empty());
    }

    #[test]
    fn newsletter_template_has_every_setting() {
        let settings: crate::model::config::SettingsToml = toml::from_str(TSUSHIN_TOML).unwrap();
        let p = &settings.publisher;
        for (key, value) in [
            ("title", &settings.title),
            ("catchphrase", &settings.catchphrase),
            ("layout", &settings.layout),
            ("publisher.name", &p.name),
            ("publisher.phone", &p.phone),
            ("publisher.office", &p.office),
            ("publisher.web_title", &p.web_title),
            ("publisher.web_url", &p.web_url),
        ] {
            assert!(value.is_some(), "templates/tsushin.toml lacks {key}");
        }
    }
}
