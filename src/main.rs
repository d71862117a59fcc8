//! tsushin: typesets 生活支援コーディネーター通信 from Markdown and TOML.
//!
//! `main` parses the arguments, runs one command and turns its result into an
//! exit status: 0 success, 1 a problem in the content, 2 a usage mistake.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use tsushin::cli::args::{Cli, Command};
use tsushin::cli::commands;
use tsushin::cli::ui::Ui;

fn main() -> ExitCode {
    tsushin::diag::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
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

/// Prints clap's result in Japanese: help and version normally, mistakes with
/// a Japanese summary before clap's own detail.
fn usage_error(err: &clap::Error) -> ExitCode {
    let summary = match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            "コマンドを指定してください（init、new、watch、build、check、preview、list、archive など）"
        }
        ErrorKind::InvalidSubcommand => "知らないコマンドです",
        ErrorKind::UnknownArgument => "知らないオプションです",
        ErrorKind::MissingRequiredArgument => "必要な引数が足りません",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "引数の値が正しくありません",
        ErrorKind::ArgumentConflict => "いっしょに使えないオプションがあります（--booklet と --print-shop など）",
        _ => "コマンドの指定に誤りがあります",
    };
    eprintln!("エラー: {summary}");
    let detail = err.render().to_string();
    for line in detail.lines().filter(|l| !l.trim().is_empty()) {
        eprintln!("  {line}");
    }
    eprintln!("  = ヒント: tsushin --help で使い方を表示します");
    ExitCode::from(2)
}
