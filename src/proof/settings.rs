//! Which rules run: the switches of the `[proofreading]` table of
//! tsushin.toml (and of issue.toml for one issue).
//!
//! The table is read with the rest of the settings, by the model
//! ([`ProofreadingToml`]: a misspelt id is an unknown key, reported with the
//! nearest id like any other misspelt key); here its switches become the
//! rules that run. Every rule is on unless its id is set to `false`.
//!
//! ```toml
//! [proofreading]
//! digit-width = false          # 全角と半角の数字のまじりは確かめない
//! dictionary = "wording.toml"  # この通信の表記の辞書（通信のフォルダーから見た場所）
//! ```

use crate::model::config::ProofreadingToml;

use super::Rule;

/// The rules that run, one switch per [`Rule`] (all on by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    on: [bool; Rule::ALL.len()],
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { on: [true; Rule::ALL.len()] }
    }
}

impl Settings {
    pub fn enabled(&self, rule: Rule) -> bool {
        self.on[rule as usize]
    }

    /// Turns a rule on or off (for callers that build settings in code).
    pub fn set(&mut self, rule: Rule, on: bool) {
        self.on[rule as usize] = on;
    }

    /// The switches of a `[proofreading]` table: the rules it does not name stay on.
    pub fn from_table(table: &ProofreadingToml) -> Settings {
        let mut settings = Settings::default();
        for rule in Rule::ALL {
            settings.set(rule, switch(table, rule).unwrap_or(true));
        }
        settings
    }
}

/// The table's switch for `rule` (`None`: not written). The one place that
/// pairs the table's fields with the rules; a test checks each field is read
/// from the key that is the rule's id.
fn switch(table: &ProofreadingToml, rule: Rule) -> Option<bool> {
    match rule {
        Rule::DateWeekday => table.date_weekday,
        Rule::EraYear => table.era_year,
        Rule::PhoneNumber => table.phone_number,
        Rule::Wording => table.wording,
        Rule::DearuDesumasu => table.dearu_desumasu,
        Rule::DoubledPunctuation => table.doubled_punctuation,
        Rule::Brackets => table.brackets,
        Rule::DigitWidth => table.digit_width,
    }
}
