//! The command line: argument definitions, terminal output, and one module
//! per command. Commands turn their arguments into a checked configuration,
//! call the layers below and report; none of them exits the process.

pub mod args;
pub mod commands;
pub mod scaffold;
pub mod target;
pub mod ui;
