//! One module per subcommand. Each takes its parsed arguments, finds its
//! target ([`crate::cli::target`]), turns the rest into a checked
//! configuration before any work, calls the layers below and reports through
//! [`crate::cli::ui`]; none of them exits the process.

pub mod archive;
pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod list;
pub mod new;
pub mod preview;
pub mod schema;
pub mod watch;

// Tests name the target through `commands`, where it used to live.
pub use crate::cli::target::Target;
