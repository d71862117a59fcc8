//! The archive: a record of what was printed.
//!
//! `archive/<ISSUE>.pdf` is an issue as PDF/A-2a + PDF/UA-1. Beside it,
//! `archive/manifest.toml` records for each issue the hash of its input files,
//! the hash of the layout, the fonts (with their versions) and the tsushin
//! version it was built with, plus what the catalogue shows. An archived PDF is
//! never replaced unless asked to (`--force`): when a fresh build of a past
//! issue would differ, the old copy stays and the user is told why.
//!
//! The archive run ([`crate::archive::run`]) reads and writes it; the content
//! hash covers the files [`crate::typeset::inputs`] names.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, SourceFile};
use crate::fs;
use crate::markup::{ruby, toml_read};
use crate::model::issue::{Issue, IssueId};
use crate::typeset::fonts::FontFile;
use crate::typeset::inputs::InputFiles;
use crate::typeset::world::{Entry, Tree};
use crate::vpath::VPath;

pub const ARCHIVE_DIR: &str = "archive";
pub const MANIFEST: &str = "manifest.toml";

/// `archive/manifest.toml`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Issue name (`2022-06`) → its record, in name order.
    #[serde(default)]
    pub issues: BTreeMap<String, Record>,
}

/// What went into one archived PDF, and what the catalogue shows of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// SHA-256 of the issue's content (its own files and tsushin.toml).
    pub content: String,
    /// SHA-256 of the layout's files.
    pub layout: String,
    /// The fonts available to the layout: "family style (version)".
    pub fonts: Vec<String>,
    /// The tsushin version that built the PDF.
    pub tsushin: String,
    /// SHA-256 of the archived PDF itself.
    pub pdf: String,
    /// The standards the PDF conforms to: PDF/A-2a, and PDF/UA-1 when Typst
    /// could make the issue conform.
    pub standards: Vec<String>,
    pub title: String,
    /// 「令和4年6月号」
    pub era: String,
    /// Issue date, `YYYY-MM-DD`.
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    #[serde(default)]
    pub spotlights: Vec<SpotlightEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpotlightEntry {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
}

/// The inputs of a build, hashed: equal inputs give an equal PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputHashes {
    pub content: String,
    pub layout: String,
    pub fonts: Vec<String>,
    pub tsushin: String,
}

impl Record {
    pub fn input_hashes(&self) -> InputHashes {
        InputHashes {
            content: self.content.clone(),
            layout: self.layout.clone(),
            fonts: self.fonts.clone(),
            tsushin: self.tsushin.clone(),
        }
    }

    pub fn new(hashes: InputHashes, pdf: &[u8], standards: &[&str], issue: &Issue) -> Self {
        let date = &issue.date;
        Self {
            content: hashes.content,
            layout: hashes.layout,
            fonts: hashes.fonts,
            tsushin: hashes.tsushin,
            pdf: sha256(pdf),
            standards: standards.iter().map(|s| (*s).to_owned()).collect(),
            // as it reads: furigana in （） (the catalogue is plain HTML text)
            title: ruby::parenthesized(&issue.settings.title),
            era: date.era_label(),
            date: format!("{:04}-{:02}-{:02}", date.year, date.month, date.day),
            number: issue.number,
            spotlights: issue
                .spotlights
                .iter()
                .map(|s| SpotlightEntry {
                    title: ruby::parenthesized(&s.title),
                    council: s.council.as_deref().map(ruby::parenthesized),
                })
                .collect(),
        }
    }
}

impl InputHashes {
    /// What changed between the inputs an archived copy was built from and
    /// now, in words for the warning.
    pub fn changes_since(&self, old: &InputHashes) -> Vec<&'static str> {
        let mut what = Vec::new();
        if self.content != old.content {
            what.push("原稿");
        }
        if self.layout != old.layout {
            what.push("レイアウト");
        }
        if self.fonts != old.fonts {
            what.push("フォント");
        }
        if self.tsushin != old.tsushin {
            what.push("tsushin のバージョン");
        }
        what
    }
}

pub fn sha256(bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(bytes);
    finish(hasher)
}

/// Feeds a named file into a hash so that renaming a file changes it too.
fn feed(hasher: &mut Sha256, name: &str, bytes: &[u8]) {
    hasher.update((name.len() as u64).to_le_bytes());
    hasher.update(name.as_bytes());
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// The digest in lower-case hex, as `sha256sum` prints it.
fn finish(hasher: Sha256) -> String {
    let mut hex = String::with_capacity(64);
    for b in hasher.finalize() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// Hash of an issue's content: tsushin.toml and the issue's own files, each
/// under its name (see [`InputFiles::content`]).
pub fn content_hash(inputs: &InputFiles) -> Result<String, Diagnostic> {
    let mut hasher = Sha256::new();
    for (name, path) in inputs.content() {
        feed(&mut hasher, &name, &fs::read(path)?);
    }
    Ok(finish(hasher))
}

/// Hash of the layout files in an issue's virtual tree.
pub fn layout_hash(tree: &Tree) -> Result<String, Diagnostic> {
    let mut hasher = Sha256::new();
    let mut paths: Vec<&VPath> = tree.entries.keys().filter(|p| p.is_layout()).collect();
    paths.sort();
    for vpath in paths {
        match &tree.entries[vpath] {
            Entry::Memory(bytes) => feed(&mut hasher, vpath.as_str(), bytes),
            Entry::Disk(path) => feed(&mut hasher, vpath.as_str(), &fs::read(path)?),
        }
    }
    Ok(finish(hasher))
}

/// "family style (version)" of every font, from the fonts' own name tables,
/// so that an updated font file shows up as a change.
pub fn font_versions(files: &[FontFile]) -> Vec<String> {
    let mut out = Vec::new();
    for file in files {
        let count = ttf_parser::fonts_in_collection(&file.data).unwrap_or(1);
        for index in 0..count {
            let Ok(face) = ttf_parser::Face::parse(&file.data, index) else { continue };
            let name = |id: u16| {
                face.names().into_iter().find(|n| n.name_id == id && n.is_unicode()).and_then(|n| n.to_string())
            };
            // Name IDs: 4 full name, 5 version string.
            let full = name(4).unwrap_or_else(|| file.name.clone());
            let version = name(5).unwrap_or_else(|| "版不明".into());
            out.push(format!("{full} ({})", version.trim()));
        }
    }
    out
}

pub fn dir(root: &Path) -> PathBuf {
    root.join(ARCHIVE_DIR)
}

pub fn pdf_path(root: &Path, id: IssueId) -> PathBuf {
    dir(root).join(format!("{id}.pdf"))
}

/// The first page as a small PNG, for the catalogue.
pub fn thumbnail_path(root: &Path, id: IssueId) -> PathBuf {
    dir(root).join(format!("{id}.png"))
}

/// The issue's text as printed, for the catalogue's search.
pub fn text_path(root: &Path, id: IssueId) -> PathBuf {
    dir(root).join(format!("{id}.txt"))
}

/// The issue's web edition (a folder with `index.html` and its images).
pub fn web_dir(root: &Path, id: IssueId) -> PathBuf {
    dir(root).join(format!("{id}-web"))
}

/// Reads the manifest; a missing one is an empty archive.
pub fn load_manifest(root: &Path) -> Result<Manifest, Diagnostic> {
    let path = dir(root).join(MANIFEST);
    if !path.exists() {
        return Ok(Manifest::default());
    }
    let display = format!("{ARCHIVE_DIR}/{MANIFEST}");
    let text = fs::read_text(&path, &display)?.text;
    let file = SourceFile::new(display, text);
    toml_read::parse(&file, &file.text, 0).map_err(|d| {
        d.hint("archive/manifest.toml は tsushin archive が書くファイルです。手で直した箇所を元に戻してください")
    })
}

pub fn save_manifest(root: &Path, manifest: &Manifest) -> Result<(), Diagnostic> {
    let path = dir(root).join(MANIFEST);
    let body = toml::to_string(manifest).map_err(|e| {
        Diagnostic::error(format!("{ARCHIVE_DIR}/{MANIFEST} を作れません（{e}）")).at_path(path.display().to_string())
    })?;
    let text = format!(
        "# tsushin archive が書く記録です。手で編集しないでください。\n\
         # 号ごとに、原稿（content）・レイアウト（layout）のハッシュ、フォントの版、保存版 PDF のハッシュを残します。\n\n{body}"
    );
    fs::write_atomic(&path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips() {
        let mut m = Manifest::default();
        m.issues.insert(
            "2022-06".into(),
            Record {
                content: "a".into(),
                layout: "b".into(),
                fonts: vec!["BIZ UDPGothic (Version 1.05)".into()],
                tsushin: "0.1.0".into(),
                pdf: "c".into(),
                standards: vec!["PDF/A-2a".into()],
                title: "通信".into(),
                era: "令和4年6月号".into(),
                date: "2022-06-01".into(),
                number: Some(3),
                spotlights: vec![SpotlightEntry { title: "「八起き」".into(), council: None }],
            },
        );
        let text = toml::to_string(&m).unwrap();
        let back: Manifest = toml::from_str(&text).unwrap();
        assert_eq!(back.issues, m.issues);
    }

    #[test]
    fn sha256_matches_the_standard() {
        assert_eq!(sha256(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn changes_are_named() {
        let a = InputHashes { content: "1".into(), layout: "1".into(), fonts: vec![], tsushin: "1".into() };
        let b = InputHashes { layout: "2".into(), ..a.clone() };
        assert_eq!(b.changes_since(&a), vec!["レイアウト"]);
    }
}
