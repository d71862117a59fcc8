//! What is made from laid-out pages: print forms (bleed and crop marks,
//! booklet imposition, grayscale) and the exported files.

pub mod forms;
pub mod grayscale;
pub mod impose;
pub mod pdf;
pub mod png;
pub mod text;
