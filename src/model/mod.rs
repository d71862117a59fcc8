//! The newsletter and its issues as plain data, and the loader that reads an
//! issue folder into them.
//!
//! In the data flow (arguments → checked config → **issue model** → Typst
//! data and markup → world → compile → preflight → export) this layer turns
//! what a coordinator wrote into checked values with exact source positions:
//!
//! - [`config`]: the newsletter root and `tsushin.toml`;
//! - [`id`]: an issue's name (`2022-06`) and the issues a newsletter has;
//! - [`issue`]: the issue model itself, plain data with no loading;
//! - [`loader`]: one issue folder read into that model, every problem
//!   collected, and the list of files the issue read; and the JSON Schemas
//!   of those files for editors, from the same structs (`loader::schema`);
//! - [`images`]: what an image's header says, read without decoding it;
//! - [`written`]: where a string value written in TOML lies in its file;
//! - [`era`]: Japanese era years (令和4年).
//!
//! It uses `markup` (Markdown → escaped Typst markup, TOML diagnostics) and
//! knows nothing of pages, Typst or the command line.

pub mod config;
pub mod era;
pub mod id;
pub mod images;
pub mod issue;
pub mod loader;
pub mod written;
