//! `tsushin completions <SHELL>`: a completion script on standard output.

use clap::CommandFactory as _;

use crate::cli::args::{Cli, CompletionsArgs};
use crate::diag::Failure;

pub fn run(args: &CompletionsArgs) -> Result<(), Failure> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "tsushin", &mut std::io::stdout());
    Ok(())
}
