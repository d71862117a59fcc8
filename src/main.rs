//! tsushin: typesets 生活支援コーディネーター通信 from Markdown and TOML.
//!
//! `main` parses the arguments, runs one command and turns its result into an
//! exit status: 0 success, 1 a problem in the content, 2 a usage mistake.
//! Everything else lives in the library, layer by layer (see `lib.rs`); no
//! command exits the process itself.

use std::process::ExitCode;

use clap::Parser;

use tsushin::cli::args::{Cli, Command, report_parse_error};
use tsushin::cli::commands;
use tsushin::cli::ui::Ui;

fn main() -> ExitCode {
    tsushin::diag::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return ExitCode::from(report_parse_error(&err)),
    };
    let result = match &cli.command {
        Command::Build(args) => commands::build::run(&cli.global, args),
        Command::Check(args) => commands::check::run(&cli.global, args),
        Command::Archive(args) => commands::archive::run(&cli.global, args),
        Command::Init(args) => commands::init::run(&cli.global, args),
        Command::New(args) => commands::new::run(&cli.global, args),
        Command::Watch(args) => commands::watch::run(&cli.global, args),
        Command::Preview(args) => commands::preview::run(&cli.global, args),
        Command::List => commands::list::run(&cli.global),
        Command::Schema(args) => commands::schema::run(&cli.global, args),
        Command::Completions(args) => commands::completions::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            Ui::new(&cli.global).failure(&failure);
            ExitCode::from(failure.exit_code())
        }
    }
}
