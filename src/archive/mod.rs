//! The archive of printed issues: the manifest of what was archived and
//! from which inputs, and the offline catalogue page.

pub mod catalogue;
pub mod manifest;
