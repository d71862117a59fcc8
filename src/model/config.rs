//! The newsletter's settings: finding its root folder and reading `tsushin.toml`.
//!
//! `issue.toml` may override any of these settings for one issue (of
//! `[proofreading]`, the rules but not the dictionary); the merge happens in
//! [`Settings::merge`] so that the rest of the program sees one checked set
//! of values.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, SourceFile};
use crate::fs;
use crate::markup::toml_read::{self, WrittenString};

pub const CONFIG_FILE: &str = "tsushin.toml";

/// Contact details printed in the footer. Every key is optional so that
/// `issue.toml` can override just one of them.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
#[schemars(description = "発行元の欄（紙面のいちばん下）")]
pub struct PublisherToml {
    #[schemars(description = "発行元の名前（「高崎市第1層生活支援コーディネーター」）")]
    pub name: Option<String>,
    #[schemars(description = "電話番号（「027-321-1319」）")]
    pub phone: Option<String>,
    #[schemars(description = "担当の課（「高崎市長寿社会課」）")]
    pub office: Option<String>,
    #[schemars(description = "ホームページの名前")]
    pub web_title: Option<String>,
    #[schemars(description = "ホームページのアドレス（紙面に QR コードも載ります）")]
    pub web_url: Option<String>,
}

/// The keys shared by `tsushin.toml` and (as overrides) `issue.toml`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
#[schemars(description = "通信全体の設定（tsushin.toml）")]
pub struct SettingsToml {
    #[schemars(description = "題字（「高崎市生活支援コーディネーター通信」）")]
    pub title: Option<String>,
    #[schemars(description = "題字に添える標語（「みんなでつなごう！支えあいの輪！」）")]
    pub catchphrase: Option<String>,
    #[schemars(description = "レイアウトの名前（layouts/ のフォルダー名。書かなければ default）")]
    pub layout: Option<String>,
    #[schemars(description = "発行元の欄（紙面のいちばん下）")]
    pub publisher: PublisherToml,
    #[schemars(description = "tsushin check の校正：決まりごとに false で止めます。dictionary は表記の辞書のファイル")]
    pub proofreading: ProofreadingToml,
}

/// `[proofreading]`: which rules of `tsushin check`'s proofreading run, and
/// the newsletter's own wording dictionary. Each key but `dictionary` is a
/// rule's id; a rule runs unless it is set to `false` (`None`: not written).
/// A misspelt id is an unknown key, which the TOML reader reports with the
/// nearest id and the list of them. Plain data: the rules themselves are the
/// proofreading layer's, which reads these switches by the same ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ProofreadingToml {
    #[serde(rename = "date-weekday")]
    #[schemars(description = "日付と曜日が合っているかを確かめる（false で止めます）")]
    pub date_weekday: Option<bool>,
    #[serde(rename = "era-year")]
    #[schemars(description = "和暦と西暦が合っているかを確かめる（false で止めます）")]
    pub era_year: Option<bool>,
    #[serde(rename = "phone-number")]
    #[schemars(description = "電話番号のけた数を確かめる（false で止めます）")]
    pub phone_number: Option<bool>,
    #[schemars(description = "同じ語の二とおりの書き方（表記のゆれ）を確かめる（false で止めます）")]
    pub wording: Option<bool>,
    #[serde(rename = "dearu-desumasu")]
    #[schemars(description = "「である」と「です・ます」がまざっていないかを確かめる（false で止めます）")]
    pub dearu_desumasu: Option<bool>,
    #[serde(rename = "doubled-punctuation")]
    #[schemars(description = "「、、」「。。」のような重なりを確かめる（false で止めます）")]
    pub doubled_punctuation: Option<bool>,
    #[schemars(description = "かっこの閉じ忘れを確かめる（false で止めます）")]
    pub brackets: Option<bool>,
    #[serde(rename = "digit-width")]
    #[schemars(description = "数字の全角・半角のまざりを確かめる（false で止めます）")]
    pub digit_width: Option<bool>,
    /// The wording dictionary, relative to the newsletter folder (only in
    /// tsushin.toml: one dictionary serves every issue). The loader reads it.
    #[schemars(
        description = "表記の辞書のファイル（通信のフォルダーから見た場所。tsushin.toml だけに書きます）",
        with = "Option<String>"
    )]
    pub dictionary: Option<Spanned<String>>,
}

impl ProofreadingToml {
    /// The switches of `over` (issue.toml) where written, else those of
    /// `base` (tsushin.toml); the dictionary is always `base`'s.
    pub fn merged(base: &Self, over: &Self) -> Self {
        Self {
            date_weekday: over.date_weekday.or(base.date_weekday),
            era_year: over.era_year.or(base.era_year),
            phone_number: over.phone_number.or(base.phone_number),
            wording: over.wording.or(base.wording),
            dearu_desumasu: over.dearu_desumasu.or(base.dearu_desumasu),
            doubled_punctuation: over.doubled_punctuation.or(base.doubled_punctuation),
            brackets: over.brackets.or(base.brackets),
            digit_width: over.digit_width.or(base.digit_width),
            dictionary: base.dictionary.clone(),
        }
    }
}

/// Settings after merging `issue.toml` over `tsushin.toml`, with required
/// values present.
#[derive(Debug, Clone)]
pub struct Settings {
    pub title: String,
    pub catchphrase: Option<String>,
    pub layout: String,
    pub publisher: Publisher,
    pub proofreading: ProofreadingToml,
}

#[derive(Debug, Clone)]
pub struct Publisher {
    pub name: String,
    pub phone: Option<String>,
    pub office: Option<String>,
    pub web_title: Option<String>,
    pub web_url: Option<String>,
}

/// A newsletter folder: its root and its `tsushin.toml`.
#[derive(Debug)]
pub struct Newsletter {
    pub root: PathBuf,
    pub file: Arc<SourceFile>,
    pub settings: SettingsToml,
    /// Every string value of tsushin.toml and where it was written.
    pub strings: Vec<WrittenString>,
    /// Warnings from reading tsushin.toml (an encoding other than UTF-8).
    pub warnings: Vec<Diagnostic>,
}

impl Newsletter {
    /// Finds the newsletter root: `explicit` if given, otherwise `start` or the
    /// nearest parent holding `tsushin.toml`.
    pub fn find(explicit: Option<&Path>, start: &Path) -> Result<PathBuf, Diagnostic> {
        if let Some(root) = explicit {
            if root.join(CONFIG_FILE).is_file() {
                return Ok(root.to_path_buf());
            }
            return Err(Diagnostic::error(format!("{} に {CONFIG_FILE} がありません", root.display()))
                .at_path(root.display().to_string())
                .hint("--root には tsushin.toml のあるフォルダーを指定してください"));
        }
        start.ancestors().find(|dir| dir.join(CONFIG_FILE).is_file()).map(Path::to_path_buf).ok_or_else(|| {
            Diagnostic::error(format!(
                "通信のフォルダーが見つかりません（{} とその上のフォルダーに {CONFIG_FILE} がありません）",
                start.display()
            ))
            .hint("tsushin.toml のあるフォルダーに移動するか、--root でそのフォルダーを指定してください")
        })
    }

    pub fn load(root: PathBuf) -> Result<Self, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let decoded = fs::read_text(&path, CONFIG_FILE)?;
        let file = SourceFile::new(CONFIG_FILE.into(), decoded.text);
        let (settings, strings) = toml_read::parse_with_strings(&file, &file.text, 0)?;
        Ok(Self { root, file, settings, strings, warnings: decoded.warning.into_iter().collect() })
    }
}

impl Settings {
    /// Merges `over` (from issue.toml) on top of `base` (from tsushin.toml).
    /// Missing required values are reported against tsushin.toml, where they belong.
    pub fn merge(base: &Newsletter, over: &SettingsToml) -> Result<Self, Vec<Diagnostic>> {
        let b = &base.settings;
        let pick =
            |o: &Option<String>, b: &Option<String>| o.clone().or_else(|| b.clone()).filter(|s| !s.trim().is_empty());
        let (op, bp) = (&over.publisher, &b.publisher);
        let title = pick(&over.title, &b.title);
        let name = pick(&op.name, &bp.name);
        let mut missing = Vec::new();
        if title.is_none() {
            missing.push(required(base, "title", "title = \"高崎市生活支援コーディネーター通信\""));
        }
        if name.is_none() {
            missing.push(required(
                base,
                "[publisher] の name",
                "[publisher]\nname = \"高崎市第1層生活支援コーディネーター\"",
            ));
        }
        let (Some(title), Some(name)) = (title, name) else { return Err(missing) };
        Ok(Self {
            title,
            catchphrase: pick(&over.catchphrase, &b.catchphrase),
            layout: pick(&over.layout, &b.layout).unwrap_or_else(|| "default".into()),
            publisher: Publisher {
                name,
                phone: pick(&op.phone, &bp.phone),
                office: pick(&op.office, &bp.office),
                web_title: pick(&op.web_title, &bp.web_title),
                web_url: pick(&op.web_url, &bp.web_url),
            },
            proofreading: ProofreadingToml::merged(&b.proofreading, &over.proofreading),
        })
    }
}

fn required(base: &Newsletter, what: &str, example: &str) -> Diagnostic {
    Diagnostic::error(format!("{CONFIG_FILE} に {what} がありません"))
        .at_path(base.file.display.clone())
        .hint(format!("次のように書き足してください:\n{example}"))
}
