//! tsushin as a library: everything but argument dispatch, so that tests,
//! benchmarks and fuzz targets reach the same code the binary runs.

pub mod args;
pub mod assets;
pub mod cjk;
pub mod commands;
pub mod config;
pub mod diag;
pub mod era;
pub mod escape;
pub mod fonts;
pub mod frontmatter;
pub mod fsx;
pub mod issue;
pub mod markdown;
pub mod pipeline;
pub mod preflight;
pub mod render;
pub mod tomlx;
pub mod typst_data;
pub mod world;
