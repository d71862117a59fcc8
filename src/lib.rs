//! tsushin as a library: everything but argument dispatch, so that tests,
//! benchmarks and fuzz targets reach the same code the binary runs.
//!
//! The layers, each a folder, import one way only (a test in
//! `tests/architecture.rs` keeps it so):
//!
//! ```text
//! cli ──▶ archive ──▶ edition ──▶ print ──▶ typeset ──▶ model ──▶ markup ──▶ diag, fs
//! ```
//!
//! - [`markup`]: text conversions with no knowledge of issues: Markdown to
//!   escaped Typst markup, CJK rules, front matter, TOML with exact spans.
//! - [`model`]: the newsletter and its issues as plain data, and the loader
//!   that reads an issue folder into them.
//! - [`proof`]: proofreading of every text a coordinator wrote (dates and
//!   weekdays, era years, phone numbers, 表記ゆれ, style, brackets).
//! - [`typeset`]: the issue as Typst data, the sandboxed world, compiling, the
//!   checks of the laid-out pages (preflight), photos at print resolution.
//! - [`print`]: what is made from laid-out pages: print forms, PDF, PNG.
//! - [`edition`]: the editions besides the PDF (plain text, web page).
//! - [`archive`]: the archive of printed issues and its catalogue.
//! - [`cli`]: arguments, terminal output and one module per command.

pub mod archive;
pub mod cli;
pub mod diag;
pub mod edition;
pub mod fs;
pub mod markup;
pub mod model;
pub mod print;
pub mod proof;
pub mod typeset;
pub mod vpath;
