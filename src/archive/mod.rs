//! The archive of printed issues: the run that fills it (`tsushin archive`),
//! the manifest of what was archived and from which inputs, and the offline
//! catalogue page.
//!
//! It sits above the print and typeset layers and below the command line:
//! the run compiles through a typeset session and reports to an observer
//! that the command line provides.

pub mod catalogue;
pub mod manifest;
pub mod run;
