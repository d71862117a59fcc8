//! Helpers shared by the integration tests: run the real binary on fixture
//! newsletters copied into temporary folders, and read PDFs with poppler.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_tsushin");

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// Asserts a failure with `code` whose messages contain every one of `parts`.
    pub fn fails(&self, code: i32, parts: &[&str]) -> &Self {
        assert_eq!(self.code, code, "exit status\nstderr:\n{}", self.stderr);
        for part in parts {
            assert!(self.stderr.contains(part), "stderr lacks {part:?}:\n{}", self.stderr);
        }
        self
    }
}

pub fn tsushin(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the tsushin binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A newsletter copied into a fresh temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// Copies `tests/fixtures/<name>` (or any folder under the repository).
    pub fn new(rel: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&repo().join(rel), dir.path());
        Self { dir }
    }

    pub fn minimal() -> Self {
        Self::new("tests/fixtures/minimal")
    }

    /// The repository's own newsletter with only the reference issue 2022-06.
    pub fn reference() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::copy(repo().join("tsushin.toml"), dir.path().join("tsushin.toml")).expect("copy tsushin.toml");
        copy_dir(&repo().join("issues/2022-06"), &dir.path().join("issues/2022-06"));
        Self { dir }
    }

    /// Copies an issue folder of another newsletter into this one.
    pub fn add_issue(&self, from: &str, id: &str) {
        copy_dir(&repo().join(from), &self.path().join("issues").join(id));
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write fixture file");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).expect("remove fixture file");
    }

    pub fn run(&self, args: &[&str]) -> Run {
        tsushin(self.path(), args)
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for this test (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The PDF's text as poppler extracts it, with all whitespace removed so that
/// line breaks chosen by the layout do not matter.
pub fn pdf_text(pdf: &Path) -> String {
    poppler("pdftotext", &[pdf.to_str().expect("utf-8 path"), "-"]).chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn pdf_info(pdf: &Path) -> String {
    poppler("pdfinfo", &[pdf.to_str().expect("utf-8 path")])
}

pub fn pdf_fonts(pdf: &Path) -> String {
    poppler("pdffonts", &[pdf.to_str().expect("utf-8 path")])
}

/// Number of pages and the size of the first, in PostScript points.
pub fn pages_and_size(pdf: &Path) -> (usize, String) {
    let info = pdf_info(pdf);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| panic!("pdfinfo has no {name}:\n{info}"))
    };
    (field("Pages:").parse().expect("page count"), field("Page size:"))
}
