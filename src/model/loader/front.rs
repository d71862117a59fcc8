//! issue.toml and the section files' front matter as the coordinator writes
//! them: one serde schema per file, and where in the file each value that a
//! diagnostic can point at was written.
//!
//! Those values are `toml::Spanned`, so their positions come from the TOML
//! parser itself and never from searching the text: a photo path written
//! with an escape (`file = "images/\u0030x.jpg"`) is reported on its own line,
//! even when the same characters appear earlier in the file.
//!
//! Spans of `Spanned` values are relative to the TOML text that was parsed;
//! front matter starts after the first `+++` line, so [`in_file`] shifts them
//! back into the section file. That shift happens here and nowhere else.
//!
//! The same structs give the JSON Schemas editors check the files with
//! (`tsushin schema`, [`super::schema`]): each key's Japanese description is
//! written beside it, and `deny_unknown_fields` becomes
//! `additionalProperties: false`, as the loader refuses unknown keys.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::model::config::{ProofreadingToml, PublisherToml};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct IssueToml {
    #[schemars(
        description = "発行日。引用符なしで 2022-06-01 のように書きます（紙面では「令和4年6月号」）",
        schema_with = "toml_date"
    )]
    pub date: Spanned<Datetime>,
    #[serde(default)]
    #[schemars(description = "号数（第N号）")]
    pub number: Option<u32>,
    #[serde(default)]
    #[schemars(description = "この号のページ数（ふつうは 4）", with = "Option<u32>")]
    pub pages: Option<Spanned<u32>>,
    // The overridable settings of tsushin.toml, spelt out because serde's
    // `flatten` cannot be combined with `deny_unknown_fields`.
    #[serde(default)]
    #[schemars(description = "この号だけ題字を変えるとき")]
    pub title: Option<String>,
    #[serde(default)]
    #[schemars(description = "この号だけ標語を変えるとき")]
    pub catchphrase: Option<String>,
    #[serde(default)]
    #[schemars(description = "この号だけ使うレイアウトの名前（layouts/ のフォルダー名）")]
    pub layout: Option<String>,
    #[serde(default)]
    #[schemars(description = "この号だけ発行元の欄を変えるとき（書いたキーだけ変わります）")]
    pub publisher: PublisherToml,
    #[serde(default)]
    #[schemars(description = "この号だけ tsushin check の校正の規則を変えるとき")]
    pub proofreading: ProofreadingToml,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub(super) struct GreetingFront {
    #[schemars(description = "巻頭あいさつの見出し")]
    pub title: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct NoticeFront {
    #[serde(default)]
    #[schemars(description = "あて先（「みなさまへ」など）")]
    pub to: Option<String>,
    #[schemars(description = "お願い・お知らせの見出し")]
    pub title: String,
    #[serde(default)]
    #[schemars(description = "地図やグラフの図１つごとに [[figures]] を書きます")]
    pub figures: Vec<ImageFigureFront>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct FigureFront {
    #[schemars(description = "図の見出し（「協議体の役割」）")]
    pub title: String,
    #[serde(default)]
    #[schemars(description = "雲の中の言葉（「５年後１０年後こんな地域になったらいいな」）")]
    pub vision: Option<String>,
    #[schemars(description = "土の部分の言葉（「地域を良くする話し合いの場（協議体）」）")]
    pub soil: String,
    #[serde(default)]
    #[schemars(description = "土の部分の箇条書き")]
    pub soil_points: Vec<String>,
    #[serde(default)]
    #[schemars(description = "「耕す」の説明")]
    pub cultivate: Option<String>,
    #[serde(default)]
    #[schemars(description = "「肥料」の説明")]
    pub fertilizer: Option<String>,
    #[serde(default)]
    #[schemars(description = "木に実るもの（「居場所」「見守り」「助け合い活動」）")]
    pub fruits: Vec<String>,
    #[serde(default)]
    #[schemars(description = "実の上の見出し（「生まれた社会資源（木・花・実）」）")]
    pub fruits_label: Option<String>,
    #[serde(default)]
    #[schemars(description = "木の左側の言葉")]
    pub left: Vec<String>,
    #[serde(default)]
    #[schemars(description = "木の右側の言葉")]
    pub right: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct MinutesFront {
    #[schemars(description = "議事内容の見出し（「４・５月の第１層協議体の話し合いの議事内容」）")]
    pub title: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct SpotlightFront {
    #[schemars(description = "記事の見出し")]
    pub title: String,
    #[serde(default)]
    #[schemars(description = "記事の種類（「既存の資源とコラボ」など）")]
    pub category: Option<String>,
    #[serde(default)]
    #[schemars(description = "紹介する協議体の名前")]
    pub council: Option<String>,
    #[serde(default)]
    #[schemars(description = "小見出し")]
    pub subtitle: Option<String>,
    #[serde(default)]
    #[schemars(description = "記事に添える吹き出しの言葉")]
    pub voices: Vec<String>,
    #[serde(default)]
    #[schemars(description = "写真１枚ごとに [[photos]] を書きます")]
    pub photos: Vec<PhotoFront>,
    /// The photos side by side in one row (2–4 of them).
    #[serde(default)]
    #[schemars(
        description = "true と書くと、写真（2〜4 枚）を横一列に並べます。高さをそろえ、写真は切らずに載せます",
        with = "Option<bool>"
    )]
    pub photo_row: Option<Spanned<bool>>,
    #[serde(default)]
    #[schemars(description = "地図やグラフの図１つごとに [[figures]] を書きます")]
    pub figures: Vec<ImageFigureFront>,
    /// The steps of one untitled flow: the first way of writing a flow,
    /// kept so that existing files stay valid.
    #[serde(default)]
    #[schemars(description = "時間を追った流れ（１本）。段ごとに [[flow]] を書きます")]
    pub flow: Vec<StepFront>,
    /// Any number of flows, each with an optional title.
    #[serde(default)]
    #[schemars(description = "流れが２本以上あるとき、１本ごとに [[flows]] を書きます", with = "Vec<FlowFront>")]
    pub flows: Vec<Spanned<FlowFront>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct FlowFront {
    #[serde(default)]
    #[schemars(description = "その流れの小見出し")]
    pub title: Option<String>,
    #[serde(default)]
    #[schemars(description = "その流れの段。段ごとに [[flows.steps]] を書きます")]
    pub steps: Vec<StepFront>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct PhotoFront {
    #[schemars(description = "写真のファイル（号のフォルダーから見た場所。images/…）", with = "String")]
    pub file: Spanned<String>,
    #[serde(default)]
    #[schemars(description = "写真の説明（写真の下に載ります）。caption か alt のどちらかが必要です")]
    pub caption: Option<String>,
    #[serde(default)]
    #[schemars(description = "紙面に載せない写真の説明（読み上げと保存版 PDF 用）")]
    pub alt: Option<String>,
}

// A figure from a file (`[[figures]]`): the keys of a photo, for a map or a
// chart (a plain comment: a doc comment would become the schema's description).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ImageFigureFront {
    #[schemars(description = "図のファイル（SVG、PNG、JPEG。号のフォルダーから見た場所。images/…）", with = "String")]
    pub file: Spanned<String>,
    #[serde(default)]
    #[schemars(description = "図の説明（図の下に載ります）。caption か alt のどちらかが必要です")]
    pub caption: Option<String>,
    #[serde(default)]
    #[schemars(description = "紙面に載せない図の説明（読み上げと保存版 PDF 用）")]
    pub alt: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct StepFront {
    #[serde(default)]
    #[schemars(description = "いつ（「4月2日（土）」「やってみたら…」）")]
    pub when: Option<String>,
    /// Inline Markdown.
    #[schemars(description = "その段の内容。**太字** が使えます", with = "String")]
    pub text: Spanned<String>,
    #[serde(default)]
    #[schemars(description = "その段に添える吹き出しの言葉")]
    pub voice: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub(super) struct GameFront {
    #[schemars(description = "見出し（書かなければ「助け合い体験ゲーム」）")]
    pub title: Option<String>,
    #[schemars(description = "ゲームの説明のひとこと")]
    pub lead: Option<String>,
    /// Inline Markdown, one point each.
    #[schemars(description = "ゲームのよいところ（紙面で ①②③④ と番号が付きます）", with = "Vec<String>")]
    pub points: Vec<Spanned<String>>,
    #[schemars(description = "問い合わせ先の案内")]
    pub contact: Option<String>,
    #[schemars(description = "欄に添える注意書き")]
    pub note: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub(super) struct EventsFront {
    #[schemars(description = "欄の見出し（書かなければ「行事のご案内」）")]
    pub title: Option<String>,
    #[schemars(description = "行事１つごとに [[events]] を書きます", with = "Vec<EventFront>")]
    pub events: Vec<Spanned<EventFront>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct EventFront {
    #[schemars(description = "行事の名前")]
    pub title: String,
    /// A TOML date (`2022-06-18`), never a string: the weekday is computed.
    #[schemars(
        description = "開く日。引用符なしで 2022-06-18 のように書きます（曜日は tsushin が付けます）",
        schema_with = "toml_date"
    )]
    pub date: Spanned<Datetime>,
    #[serde(default)]
    #[schemars(description = "時間（「10:00～11:30」）")]
    pub time: Option<String>,
    #[serde(default)]
    #[schemars(description = "場所")]
    pub place: Option<String>,
    #[serde(default)]
    #[schemars(description = "対象（どなた向けか）")]
    pub target: Option<String>,
    #[serde(default)]
    #[schemars(description = "費用（「無料」）")]
    pub fee: Option<String>,
    #[serde(default)]
    #[schemars(description = "申込みの方法・締め切り")]
    pub apply: Option<String>,
    #[serde(default)]
    #[schemars(description = "問い合わせ先")]
    pub contact: Option<String>,
    #[serde(default)]
    #[schemars(description = "注意書き")]
    pub note: Option<String>,
}

/// A TOML date (`2022-06-18`, no quotes): editors that read TOML as JSON
/// see it as a string in the `date` format.
fn toml_date(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "format": "date" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;
    use crate::markup::toml_read;

    #[test]
    fn other_values_point_into_the_file() {
        #[derive(Deserialize)]
        struct Pages {
            pages: Spanned<u32>,
            date: Spanned<Datetime>,
        }
        let file = "+++\npages = 4\ndate = 2022-06-01\n+++\n";
        let source = SourceFile::new("x.md".into(), file);
        let parsed: Pages = toml_read::parse(&source, &file[4..file.len() - 4], 4).unwrap();
        assert_eq!(&file[parsed.pages.span()], "4");
        assert_eq!(&file[parsed.date.span()], "2022-06-01");
    }
}
