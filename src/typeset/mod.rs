//! From an issue model to laid-out pages: the issue as Typst data with its
//! source map, the sandboxed world (virtual files, embedded fonts and
//! layouts), compiling, preflight checks of the pages, photos scaled to
//! print resolution, and the session that keeps all of it between builds.

pub mod assets;
pub mod compile;
pub mod data;
pub mod fonts;
pub mod images;
pub mod inputs;
pub mod photos;
pub mod preflight;
pub mod qr;
pub mod session;
pub mod world;
