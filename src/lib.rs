//! tsushin as a library: everything but argument dispatch, so that tests,
//! benchmarks and fuzz targets reach the same code the binary runs.

pub mod archive;
pub mod args;
pub mod assets;
pub mod catalogue;
pub mod cjk;
pub mod commands;
pub mod config;
pub mod diag;
pub mod era;
pub mod escape;
pub mod fonts;
pub mod frontmatter;
pub mod fsx;
pub mod grayscale;
pub mod impose;
pub mod issue;
pub mod markdown;
pub mod photos;
pub mod pipeline;
pub mod plan;
pub mod preflight;
pub mod qr;
pub mod render;
pub mod scaffold;
pub mod tomlx;
pub mod typst_data;
pub mod ui;
pub mod world;
