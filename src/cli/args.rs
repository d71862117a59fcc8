//! Command-line arguments, the first step of every run: every clap definition
//! lives here, and the Japanese report of what clap finds wrong with them.
//! The commands check the values further and turn them into their own
//! configuration ([`crate::cli::target`] and each command's `from_args`).

use std::path::PathBuf;

use clap::error::ErrorKind;
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
    after_help = "例:\n  tsushin init ~/通信        新しい通信のフォルダーを作ります\n  tsushin new 2022-08        前の号をもとに新しい号を作ります\n  tsushin watch 2022-08      保存するたびに PDF を作り直します\n  tsushin check 2022-06      PDF を作らずに内容だけ確かめます\n  tsushin build 2022-06      issues/2022-06 を out/2022-06.pdf に組版します\n  tsushin build 2022-06 --booklet   A3 に 2 ページずつの冊子用 PDF を作ります\n  tsushin build 2022-06 --web       スマートフォンでも読める Web 版も作ります\n  tsushin preview 2022-06    紙面を PNG 画像にします\n  tsushin list               号の一覧\n  tsushin archive            すべての号を archive/ に保存し、目録を作ります\n\n書き方の説明: docs/format.md"
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

    /// エラーだけを表示します
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// くわしく表示します（段階ごとの時間など）
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 号を組版して印刷用 PDF を作ります
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin build 2022-06\n  tsushin build 2022-06 -o ~/デスクトップ/6月号.pdf\n  tsushin build 2022-06 --booklet --grayscale   白黒コピー機で A3 両面に印刷する冊子\n  tsushin build 2022-06 --print-shop            印刷所に入稿する PDF\n  tsushin build 2022-06 --text                  読み上げ用のテキスト版 out/2022-06.txt も作る\n  tsushin build 2022-06 --web                   Web 版 out/2022-06-web/index.html も作る")]
    Build(BuildArgs),

    /// PDF を作らずに、号の内容とレイアウトを確かめます
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin check 2022-06\n  tsushin check 2022-06 --strict")]
    Check(CheckArgs),

    /// すべての号を保存版の PDF（PDF/A）と Web 版（archive/<号>-web/）にして archive/ に残し、目録 archive/index.html を作ります
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin archive            変わった号だけ保存し、目録を作り直します\n  tsushin archive --force    保存版と違っても作り直して置き換えます")]
    Archive(ArchiveArgs),

    /// 新しい通信のフォルダーを作ります（設定ファイルと最初の号）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin init ~/通信             ~/通信 に tsushin.toml と今月の号を作ります\n  tsushin init 八幡だより --issue 2025-04\n  tsushin init 通信 --layout      レイアウトも書き出して、デザインを変えられるようにします")]
    Init(InitArgs),

    /// 新しい号のフォルダーを作ります（前の号から毎号の記事を引き継ぎます）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin new 2022-08                 いちばん新しい号をもとに issues/2022-08 を作ります\n  tsushin new 2022-08 --from 2022-06  2022-06 号をもとにします")]
    New(NewArgs),

    /// 原稿を保存するたびに PDF を作り直します（Ctrl+C で終わります）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin watch 2022-06     out/2022-06.pdf を PDF ビューアーで開いたまま原稿を書きます\n\n原稿に誤りがあるあいだは、前にできた PDF がそのまま残ります。")]
    Watch(WatchArgs),

    /// 紙面を PNG 画像にします（確認や、メール・LINE で送るときに）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin preview 2022-06               out/2022-06/page-1.png … を作ります\n  tsushin preview 2022-06 --page 1      1 ページ目だけ\n  tsushin preview 2022-06 --dpi 300     印刷の確認用に細かく")]
    Preview(PreviewArgs),

    /// 号の一覧と、PDF が最新かどうかを表示します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin list\n\nPDF の欄: 最新 = 原稿より新しい、古い = 作ったあとに原稿や設定が変わった、なし = まだ作っていない")]
    List,

    /// エディターが設定ファイルを確かめるための JSON Schema をフォルダーに書き出します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin schema schemas     schemas/ に tsushin.schema.json、issue.schema.json などを書き出します\n\ntsushin init と tsushin new は schemas/ を自動で作り、tsushin.toml と issue.toml の 1 行目に #:schema の行を書きます。\nVS Code の Even Better TOML などが、キーの候補の表示と書きまちがいの指摘に使います。")]
    Schema(SchemaArgs),

    /// シェルの補完スクリプトを出力します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション",
        after_help = "例:\n  tsushin completions bash > ~/.local/share/bash-completion/completions/tsushin\n  tsushin completions zsh > ~/.zfunc/_tsushin\n  tsushin completions fish > ~/.config/fish/completions/tsushin.fish")]
    Completions(CompletionsArgs),
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

    /// 読み上げ用のテキスト版も作ります（読む順に、ページの区切りの印つき。既定: out/<号>.txt、-o を指定したときはその横）
    #[arg(long)]
    pub text: bool,

    /// スマートフォンや読み上げ・翻訳のサービスで読める Web 版も作ります（index.html と写真。既定: out/<号>-web/、-o を指定したときはその横の <名前>-web/）
    #[arg(long)]
    pub web: bool,

    /// 文字を大きくした拡大版の PDF も作ります（A4・1 段・本文 16 ポイント、必要なだけのページ。既定: out/<号>-large-print.pdf、-o を指定したときはその横）
    #[arg(long)]
    pub large_print: bool,
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

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 作るフォルダー（なければ作ります）
    #[arg(value_name = "フォルダー")]
    pub dir: PathBuf,

    /// 最初の号（年-月。既定: 今月）
    #[arg(long, value_name = "号")]
    pub issue: Option<String>,

    /// 標準のレイアウトを layouts/default/ に書き出します（デザインを変えたいときに）
    #[arg(long)]
    pub layout: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// 新しい号の名前（年-月。例: 2022-08）
    #[arg(value_name = "号")]
    pub issue: String,

    /// もとにする号（既定: いちばん新しい号）
    #[arg(long, value_name = "号")]
    pub from: Option<String>,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// 号の名前（issues/ の中のフォルダー名。例: 2022-06）
    #[arg(value_name = "号")]
    pub issue: String,

    /// 出力する PDF のファイル名（既定: out/<号>.pdf）
    #[arg(short, long, value_name = "ファイル")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// 号の名前（issues/ の中のフォルダー名。例: 2022-06）
    #[arg(value_name = "号")]
    pub issue: String,

    /// 画像の細かさ（1 インチあたりの画素数、20〜600。既定: 150）
    #[arg(long, value_name = "数", default_value_t = 150, hide_default_value = true, value_parser = clap::value_parser!(u32).range(20..=600))]
    pub dpi: u32,

    /// このページだけを画像にします（1 から数えます）
    #[arg(long, value_name = "ページ", value_parser = clap::value_parser!(u32).range(1..))]
    pub page: Option<u32>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// 書き出すフォルダー（なければ作ります。同じ名前のファイルは新しくします）
    #[arg(value_name = "フォルダー")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// シェルの種類（bash、zsh、fish、powershell、elvish）
    #[arg(value_name = "シェル", hide_possible_values = true)]
    pub shell: clap_complete::Shell,
}

/// Prints what clap found in Japanese and returns the exit status: help and
/// version as they are (0), mistakes with a Japanese summary before clap's
/// own detail (2).
pub fn report_parse_error(err: &clap::Error) -> u8 {
    let summary = match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            return 0;
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
    2
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_valid() {
        super::Cli::command().debug_assert();
    }
}
