//! From an issue model to checked, laid-out pages. In the order the data
//! flows:
//!
//! ```text
//! model::issue::Issue
//!  └▶ data       the typed `issue` dictionary for the layout, written to
//!                issue.typ with its source map (data::typst_literal, data::source_map)
//!  └▶ tree       the issue's virtual tree: main.typ, issue.typ, the layout's
//!                files (layout), the web page's QR code (qr), the images
//!                (HEIC photos converted to JPEG: heic)
//!  └▶ world      the sandboxed Typst world over that tree and the fonts (fonts, assets)
//!  └▶ compile    Typst's layout loop (converge: seeded by the last compilation);
//!                Typst's errors explained through the source map
//!  └▶ preflight  checks of the laid-out pages, on the one walk over them (pages)
//!  └▶ photos     oversized photos scaled down, the pages laid out again
//! ```
//!
//! [`session`] runs this path for every command and keeps the world (and with
//! it Typst's caches) between compilations. What is made from the pages —
//! print forms, PDF, PNG, text — is in `print/`, which builds on this layer;
//! nothing here knows about it.

pub mod assets;
pub mod compile;
pub mod converge;
pub mod data;
pub mod fonts;
pub mod heic;
pub mod images;
pub mod inputs;
pub mod layout;
pub mod pages;
pub mod photos;
pub mod plan;
pub mod preflight;
pub mod qr;
pub mod session;
pub mod tree;
pub mod world;
