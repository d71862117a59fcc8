//! The command line, the top layer. A run flows through it in this order:
//! [`args`] (clap's parse) → [`target`] (the newsletter and the issue, found
//! and checked once) → a checked configuration per command
//! ([`commands`]) → the layers below (archive, print, typeset, model) → what
//! [`ui`] shows on the terminal. No layer below imports this one; commands
//! return a [`crate::diag::Failure`] instead of exiting the process, and
//! `main` turns it into the exit status.

pub mod args;
pub mod commands;
pub mod draft;
pub mod proofread;
pub mod scaffold;
pub mod target;
pub mod ui;
