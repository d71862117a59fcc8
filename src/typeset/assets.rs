//! The layout and fonts embedded at build time (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/assets.rs"));
