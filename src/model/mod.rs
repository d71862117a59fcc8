//! The newsletter and its issues as plain data (settings, sections, photos,
//! dates), and the loader that reads an issue folder into them. Nothing here
//! knows about pages, Typst or the command line.

pub mod config;
pub mod era;
pub mod issue;
