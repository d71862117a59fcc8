//! minutes.md: what each council discussed, as `## 会議名` headings with one
//! `### 月` entry per meeting under them.
//!
//! The file is split on those heading lines before any Markdown is
//! converted, and each entry's text is converted as a slice of the file, so
//! its spans (and any diagnostic in it) keep their place in minutes.md.

use std::ops::Range;
use std::sync::Arc;

use super::Loader;
use super::front::MinutesFront;
use crate::diag::{Diagnostic, SourceFile};
use crate::model::issue::{MeetingBody, Minutes, MinutesEntry};

/// An entry being collected: its `### 月` heading, if any, and the bytes of
/// the file its text spans so far.
struct Entry {
    when: Option<String>,
    text: Range<usize>,
}

impl Loader<'_> {
    pub(super) fn minutes(&mut self, file: &Arc<SourceFile>) -> Option<Minutes> {
        let parsed = self.front::<MinutesFront>(file)?;
        let mut bodies: Vec<MeetingBody> = Vec::new();
        let mut entry: Option<Entry> = None;
        let mut line_start = parsed.body_offset;
        for line in parsed.body.split_inclusive('\n') {
            let line_end = line_start + line.len();
            let trimmed = line.trim_end();
            if let Some(name) = trimmed.strip_prefix("## ") {
                self.finish_entry(file, &mut bodies, entry.take());
                let name = name.trim().trim_start_matches('＜').trim_end_matches('＞').trim().to_owned();
                bodies.push(MeetingBody { name, entries: vec![] });
                entry = Some(Entry { when: None, text: line_end..line_end });
            } else if let Some(when) = trimmed.strip_prefix("### ") {
                self.finish_entry(file, &mut bodies, entry.take());
                entry = Some(Entry { when: Some(when.trim().to_owned()), text: line_end..line_end });
            } else if let Some(open) = &mut entry {
                open.text.end = line_end;
            } else if !trimmed.trim().is_empty() {
                self.sink.push(
                    Diagnostic::error("議事内容は「## 会議名」の見出しの下に書いてください")
                        .at(file, line_start..line_start + trimmed.len())
                        .hint("例: ## 住民企画会議 の行を書き、その下に ### ４月 と内容を書きます"),
                );
            }
            line_start = line_end;
        }
        self.finish_entry(file, &mut bodies, entry.take());
        Some(Minutes { source: file.clone(), title: parsed.front.title, bodies })
    }

    /// Converts a collected entry and adds it to the last council. Blank text
    /// right under a `##` heading (before its first `###`) is no entry.
    fn finish_entry(&mut self, file: &Arc<SourceFile>, bodies: &mut [MeetingBody], entry: Option<Entry>) {
        let Some(Entry { when, text }) = entry else { return };
        let written = file.text.get(text.clone()).unwrap_or_default();
        if written.trim().is_empty() && when.is_none() {
            return;
        }
        let body = self.body(file, written, text.start);
        if let Some(council) = bodies.last_mut() {
            council.entries.push(MinutesEntry { when, body });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::loader::tests::Folder;

    #[test]
    fn entries_fall_under_their_council_and_keep_their_place() {
        let folder = Folder::minimal();
        folder.write(
            "minutes.md",
            "+++\ntitle = \"協議体の動き\"\n+++\n## ＜住民企画会議＞\n### ４月\n花見の計画\n\n### ５月\n報告\n## 八幡協議体\n会場の下見\n",
        );
        let (issue, _) = folder.load().unwrap();
        let minutes = issue.minutes.unwrap();
        let names: Vec<&str> = minutes.bodies.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["住民企画会議", "八幡協議体"]);
        let whens: Vec<Option<&str>> = minutes.bodies[0].entries.iter().map(|e| e.when.as_deref()).collect();
        assert_eq!(whens, [Some("４月"), Some("５月")]);
        assert_eq!(minutes.bodies[1].entries[0].when, None);
        // The text of the last entry points at its own line of minutes.md.
        let span = &minutes.bodies[1].entries[0].body.spans[0];
        assert_eq!(&minutes.source.text[span.src.clone()], "会場の下見");
    }

    #[test]
    fn text_before_the_first_council_is_an_error_on_its_line() {
        let folder = Folder::minimal();
        folder.write("minutes.md", "+++\ntitle = \"t\"\n+++\n前置き\n## 会議\n");
        let failure = folder.load().unwrap_err();
        let error = failure.diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert!(error.message.contains("## 会議名"), "{}", error.message);
        assert_eq!(error.position().unwrap(), "issues/2024-04/minutes.md:4:1");
    }
}
