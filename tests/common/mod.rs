//! Helpers shared by the integration tests: run the real binary on fixture
//! newsletters copied into temporary folders, and read PDFs with poppler.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod frames;
pub mod watch;

pub const BIN: &str = env!("CARGO_BIN_EXE_tsushin");

/// The reference newsletter's files beside its issues: tsushin.toml and the
/// wording dictionary it names.
pub const REFERENCE_SETTINGS: [&str; 2] = ["tsushin.toml", "wording.toml"];

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

    /// Asserts success with messages (warnings) that contain every one of `parts`.
    pub fn ok_with(&self, parts: &[&str]) -> &Self {
        self.ok();
        for part in parts {
            assert!(self.stderr.contains(part), "stderr lacks {part:?}:\n{}", self.stderr);
        }
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

    /// The repository's own newsletter (its settings and wording dictionary)
    /// with only the reference issue 2022-06.
    pub fn reference() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in REFERENCE_SETTINGS {
            std::fs::copy(repo().join(file), dir.path().join(file)).expect("copy the settings");
        }
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

pub fn poppler(tool: &str, args: &[&str]) -> String {
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

/// A black-and-white PNG of the given size (1 bit per pixel, stored without
/// compression), for tests about image resolution.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    let row = 1 + width.div_ceil(8) as usize;
    let raw: Vec<u8> = (0..height as usize)
        .flat_map(|y| (0..row).map(move |i| if i == 0 { 0 } else { (y as u8).wrapping_mul(37) }))
        .collect();
    // zlib stream of stored deflate blocks.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        z.extend(len.to_le_bytes());
        z.extend((!len).to_le_bytes());
        z.extend(*block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([1, 0, 0, 0, 0]); // bit depth 1, greyscale, deflate, no filter, no interlace
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The text of one page of a PDF, as poppler extracts it.
pub fn pdf_page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    poppler("pdftotext", &["-f", &n, "-l", &n, pdf.to_str().expect("utf-8 path"), "-"])
}

/// The PDF's text in the order it was drawn (`pdftotext -raw`), without
/// whitespace: text of one box stays together even beside other columns.
pub fn pdf_text_raw(pdf: &Path) -> String {
    poppler("pdftotext", &["-raw", pdf.to_str().expect("utf-8 path"), "-"])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}
