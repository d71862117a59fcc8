//! `[proofreading]` as far as loading goes: the wording dictionary that
//! tsushin.toml names is a file the issue reads, so the loader reads it and
//! lists it among the issue's inputs (`watch` rebuilds when it changes,
//! `archive` hashes it). What is written in it is the proofreading layer's to
//! parse and judge; here it is only found and read.
//!
//! The dictionary belongs to the newsletter, not to one issue: issue.toml may
//! switch rules for its issue, but a `dictionary` there is refused.

use std::path::{Component, Path};
use std::sync::Arc;

use super::Loader;
use crate::diag::{Diagnostic, SourceFile};
use crate::fs;
use crate::model::config::{CONFIG_FILE, Newsletter, ProofreadingToml};
use crate::model::written::Placement;

impl Loader<'_> {
    /// issue.toml's `[proofreading]`: its rule switches apply to the issue
    /// (merged in `Settings::merge`); a dictionary is an error.
    pub(super) fn issue_proofreading(&mut self, file: &Arc<SourceFile>, table: &ProofreadingToml) {
        if let Some(dictionary) = &table.dictionary {
            self.sink.push(
                Diagnostic::error(format!(
                    "表記の辞書（dictionary）は {} ではなく {CONFIG_FILE} の [proofreading] に書きます",
                    file.display
                ))
                .at(file, dictionary.span())
                .hint("辞書は通信のすべての号に使います。号ごとに変えられるのは、校正の決まりを使うかどうか（digit-width = false など）だけです"),
            );
        }
    }

    /// The dictionary tsushin.toml names, read; `None` when it names none or
    /// it cannot be read (then an error says why, at the `dictionary` line).
    pub(super) fn dictionary(&mut self, newsletter: &Newsletter) -> Option<Arc<SourceFile>> {
        let written = newsletter.settings.proofreading.dictionary.as_ref()?;
        let name = written.get_ref().as_str();
        let file = &newsletter.file;
        let at = Placement::of_string(&file.text, written).whole(name);
        if !inside_the_folder(name) {
            self.sink.push(
                Diagnostic::error(format!("表記の辞書「{name}」は通信のフォルダーの中のファイルを指していません"))
                    .at(file, at)
                    .hint(format!("{CONFIG_FILE} のあるフォルダーから見た場所を dictionary = \"wording.toml\" のように書きます（/ や .. は使えません）")),
            );
            return None;
        }
        let path = self.root.join(name);
        // Looked at even when missing: writing it later is a change.
        self.note(&path);
        let display = self.display(&path);
        if !path.is_file() {
            self.sink.push(
                Diagnostic::error(format!("表記の辞書 {display} が見つかりません"))
                    .at(file, at)
                    .hint("ファイル名と置き場所を確かめてください。辞書を使わないなら dictionary の行を消してください"),
            );
            return None;
        }
        // A symlink could lead out of the newsletter folder: compare real locations.
        let inside = match (path.canonicalize(), self.root.canonicalize()) {
            (Ok(real), Ok(root)) => real.starts_with(root),
            _ => false,
        };
        if !inside {
            self.sink.push(
                Diagnostic::error(format!(
                    "表記の辞書 {display} は通信のフォルダーの外を指しています（シンボリックリンク）"
                ))
                .at(file, at)
                .hint("辞書のファイルそのものを通信のフォルダーにコピーしてください"),
            );
            return None;
        }
        let decoded = self.sink.take(fs::read_text(&path, &display))?;
        if let Some(warning) = decoded.warning {
            self.sink.push(warning);
        }
        Some(SourceFile::new(display, decoded.text))
    }
}

/// Whether `name` is a path inside the folder it is relative to: one or more
/// plain names, no root, no `..`.
fn inside_the_folder(name: &str) -> bool {
    let path = Path::new(name);
    !name.trim().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
mod tests {
    use super::inside_the_folder;
    use crate::model::loader::tests::Folder;

    #[test]
    fn only_paths_inside_the_newsletter_name_a_dictionary() {
        for name in ["wording.toml", "辞書/wording.toml", "./wording.toml"] {
            assert!(inside_the_folder(name), "{name}");
        }
        for name in ["", " ", "/etc/passwd", "../wording.toml", "a/../../b.toml"] {
            assert!(!inside_the_folder(name), "{name}");
        }
    }

    #[test]
    fn the_dictionary_is_read_and_listed_among_the_inputs() {
        let folder = Folder::minimal();
        folder.append_config("\n[proofreading]\ndictionary = \"wording.toml\"\n");
        folder.write_root("wording.toml", "accept = [\"支えあいの輪\"]\n");
        let (issue, _) = folder.load().unwrap();
        let dictionary = issue.dictionary.as_ref().expect("read");
        assert_eq!(dictionary.display, "wording.toml");
        assert!(dictionary.text.contains("支えあいの輪"));
        assert!(issue.inputs.contains(&folder.root().join("wording.toml")), "{:?}", issue.inputs);
    }

    #[test]
    fn a_missing_dictionary_is_an_error_at_its_setting_and_still_an_input() {
        let folder = Folder::minimal();
        folder.append_config("\n[proofreading]\ndictionary = \"wordin.toml\"\n");
        let failure = folder.load().unwrap_err();
        let error = failure.diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert!(error.message.contains("表記の辞書 wordin.toml が見つかりません"), "{}", error.message);
        assert!(error.position().unwrap().starts_with("tsushin.toml:"), "{:?}", error.position());
        assert!(failure.inputs.contains(&folder.root().join("wordin.toml")), "watch sees it appear");
    }

    #[test]
    fn issue_toml_switches_rules_but_names_no_dictionary() {
        let folder = Folder::minimal();
        folder.append_config("\n[proofreading]\ndigit-width = false\nbrackets = false\n");
        folder.append_issue_toml("\n[proofreading]\nbrackets = true\nwording = false\n");
        let (issue, _) = folder.load().unwrap();
        let rules = &issue.settings.proofreading;
        assert_eq!(
            (rules.digit_width, rules.brackets, rules.wording, rules.era_year),
            (Some(false), Some(true), Some(false), None)
        );

        folder.append_issue_toml("dictionary = \"wording.toml\"\n");
        let failure = folder.load().unwrap_err();
        let error = failure.diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert!(error.message.contains("tsushin.toml の [proofreading] に書きます"), "{}", error.message);
        assert!(error.position().unwrap().starts_with("issues/2024-04/issue.toml:"), "{:?}", error.position());
    }
}
