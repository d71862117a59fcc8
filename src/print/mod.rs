//! What is made from laid-out pages, after `typeset` has checked them:
//!
//! ```text
//! typeset::session::Built (checked pages)
//!  └▶ forms      the print forms a build asks for, in one chain: the bleed is
//!                told to the layout before layout (Forms::medium), grayscale,
//!                then booklet or crop marks applied to the pages (Forms::apply)
//!                — grayscale.rs and impose.rs do the work
//!  └▶ pdf        PDF bytes (build, watch) or an archival PDF/A (archive)
//!  └▶ png        a page as a PNG image (preview, the archive's thumbnails)
//!  └▶ text       the pages as plain text (the archive)
//! ```
//!
//! Writing the bytes is the caller's, through `crate::fs` (atomic writes).

pub mod forms;
pub mod grayscale;
pub mod impose;
pub mod pdf;
pub mod png;
pub mod text;
