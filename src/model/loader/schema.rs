//! JSON Schemas of the files a coordinator writes, for editors: tsushin.toml,
//! issue.toml and each section file's front matter (`+++`), generated from the
//! very structs the loader reads ([`super::front`], [`crate::model::config`]),
//! so a key the loader accepts is a key the editor completes, and a key it
//! refuses (`deny_unknown_fields`) is one the editor marks
//! (`additionalProperties: false`).
//!
//! Draft 7, the draft taplo-based editors (Even Better TOML) read, and
//! without `null` for optional keys, as TOML has none.

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use super::front::{
    EventsFront, FigureFront, GameFront, GreetingFront, IssueToml, MinutesFront, NoticeFront, SpotlightFront,
};
use crate::model::config::SettingsToml;

/// The folder of a newsletter that `tsushin init` and `tsushin new` keep the
/// schemas in, and that the `#:schema` lines they write point at.
pub const SCHEMA_DIR: &str = "schemas";

/// One schema: the file name it is written under and its JSON text.
pub struct SchemaFile {
    /// `issue.schema.json`, `spotlight.schema.json`, …: says which file it checks.
    pub name: &'static str,
    pub json: String,
}

/// Every schema, in the order the files appear in docs/format.md.
pub fn schemas() -> Vec<SchemaFile> {
    vec![
        file::<SettingsToml>("tsushin.schema.json", "tsushin.toml（通信全体の設定）"),
        file::<IssueToml>("issue.schema.json", "issues/年-月/issue.toml（号ごとの設定）"),
        file::<GreetingFront>("greeting.schema.json", "greeting.md の +++ で囲んだ設定（巻頭あいさつ）"),
        file::<NoticeFront>("notice.schema.json", "notice.md の +++ で囲んだ設定（お願い・お知らせ）"),
        file::<FigureFront>("figure.schema.json", "figure.md の +++ で囲んだ設定（協議体の役割の図）"),
        file::<MinutesFront>("minutes.schema.json", "minutes.md の +++ で囲んだ設定（協議体の議事内容）"),
        file::<SpotlightFront>("spotlight.schema.json", "spotlights/*.md の +++ で囲んだ設定（活動紹介）"),
        file::<GameFront>("game.schema.json", "game.md の +++ で囲んだ設定（助け合い体験ゲームの紹介）"),
        file::<EventsFront>("events.schema.json", "events.md の +++ で囲んだ設定（行事のご案内）"),
    ]
}

/// The `#:schema` line of a TOML file `depth` folders below the newsletter
/// root (tsushin.toml: 0, issues/年-月/issue.toml: 2) checked by the schema
/// `name` (`issue.schema.json`); taplo-based editors resolve it relative to
/// the file.
pub fn schema_line(name: &str, depth: usize) -> String {
    format!("#:schema {}{SCHEMA_DIR}/{name}", "../".repeat(depth))
}

fn file<T: JsonSchema>(name: &'static str, title: &str) -> SchemaFile {
    let settings = SchemaSettings::draft07().with_transform(RecursiveTransform(no_null));
    let mut schema: Schema = settings.into_generator().into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    schema.insert(
        "description".into(),
        format!("{title}に書けるキー。tsushin {} が作りました（docs/format.md）", env!("CARGO_PKG_VERSION")).into(),
    );
    // serde_json's pretty printer with a final newline, as editors save.
    let json = serde_json::to_string_pretty(&schema).expect("a JSON value always serializes") + "\n";
    SchemaFile { name, json }
}

/// Takes `null` out of an optional key's schema: TOML has no null, so an
/// editor should not offer it. `Option<String>` is written as
/// `"type": ["string", "null"]`, an optional table as `anyOf` with a null.
fn no_null(schema: &mut Schema) {
    if schema.get("default") == Some(&Value::Null) {
        schema.remove("default");
    }
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            schema.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(any)) = schema.get("anyOf") {
        let kept: Vec<Value> = any.iter().filter(|s| s.get("type").is_none_or(|t| t != "null")).cloned().collect();
        if let [only] = kept.as_slice() {
            let only = only.clone();
            schema.remove("anyOf");
            if let Value::Object(fields) = only {
                for (key, value) in fields {
                    schema.insert(key, value);
                }
            }
        }
    }
}
