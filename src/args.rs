//! Command-line arguments: every clap definition lives here.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

const HELP_TEMPLATE: &str = "\
{before-help}{name} {version} — {about}

使い方: {usage}

{all-args}{after-help}
";

/// 生活支援コーディネーター通信を Markdown と TOML から印刷用 PDF に組版します
#[derive(Debug, Parser)]
#[command(
    name = "tsushin",
    version,
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "コマンド",
    next_help_heading = "オプション",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "例:\n  tsushin build 2022-06      issues/2022-06 を out/2022-06.pdf に組版します\n  tsushin check 2022-06      PDF を作らずに内容だけ確かめます\n  tsushin build 2022-06 --booklet   A3 に 2 ページずつの冊子用 PDF を作ります\n  tsushin archive            すべての号を archive/ に保存し、目録を作ります\n\n書き方の説明: docs/format.md"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub global: GlobalArgs,

    /// ヘルプを表示します
    #[arg(short, long, action = ArgAction::Help, global = true)]
    help: Option<bool>,

    /// バージョンを表示します
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// 通信のフォルダー（tsushin.toml のある場所）。省略すると今いるフォルダーから上へ探します
    #[arg(long, value_name = "フォルダー", global = true)]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 号を組版して印刷用 PDF を作ります
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin build 2022-06\n  tsushin build 2022-06 -o ~/デスクトップ/6月号.pdf\n  tsushin build 2022-06 --booklet --grayscale   白黒コピー機で A3 両面に印刷する冊子\n  tsushin build 2022-06 --print-shop            印刷所に入稿する PDF")]
    Build(BuildArgs),

    /// PDF を作らずに、号の内容とレイアウトを確かめます
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin check 2022-06\n  tsushin check 2022-06 --strict")]
    Check(CheckArgs),

    /// すべての号を保存版の PDF（PDF/A）にして archive/ に残し、目録 archive/index.html を作ります
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin archive            変わった号だけ保存し、目録を作り直します\n  tsushin archive --force    保存版と違っても作り直して置き換えます")]
    Archive(ArchiveArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// 号の名前（issues/ の中のフォルダー名。例: 2022-06）
    #[arg(value_name = "号")]
    pub issue: String,

    /// 出力する PDF のファイル名（既定: out/<号>.pdf）
    #[arg(short, long, value_name = "ファイル")]
    pub output: Option<PathBuf>,

    /// 生成した Typst のソース一式もこのフォルダーに書き出します（公式 typst CLI での確認用）
    #[arg(long, value_name = "フォルダー")]
    pub emit_typst: Option<PathBuf>,

    /// A3 横の用紙に 2 ページずつ並べた冊子用の PDF を作ります（両面印刷して二つ折りにします。既定: out/<号>-booklet.pdf）
    #[arg(long, conflicts_with = "print_shop")]
    pub booklet: bool,

    /// 印刷所に入稿する PDF を作ります（塗り足し 3 mm とトンボ付き。既定: out/<号>-print-shop.pdf）
    #[arg(long)]
    pub print_shop: bool,

    /// 白黒のコピー機で印刷したときの見え方を確かめる、白黒の PDF を作ります（既定: out/<号>-grayscale.pdf）
    #[arg(long)]
    pub grayscale: bool,
}

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// 保存版と違う PDF になる号も、作り直して置き換えます
    #[arg(long)]
    pub force: bool,

    /// 同時に組版する号の数（既定: CPU のコア数）
    #[arg(short, long, value_name = "数")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 号の名前（issues/ の中のフォルダー名。例: 2022-06）
    #[arg(value_name = "号")]
    pub issue: String,

    /// 警告もエラーとして扱います
    #[arg(long)]
    pub strict: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_valid() {
        super::Cli::command().debug_assert();
    }
}
