//! Characters no font has: Typst lays them out as glyph 0, which prints as
//! □ ("tofu") with no warning of its own. Each is traced to the file and line
//! the coordinator wrote it in.

use super::Page;
use super::trace::Tracer;
use crate::diag::Diagnostic;
use crate::model::issue::Issue;
use crate::typeset::data::Origin;

/// Characters that came out as glyph 0 (the "tofu" box) because no font has
/// them, each traced to the file and line the coordinator wrote it in.
pub(super) fn missing_glyphs(pages: &[Page], issue: &Issue, tracer: &mut Tracer) -> Vec<Diagnostic> {
    // Character → where it was first seen, and how many times.
    let mut found: Vec<(char, Option<Origin>, usize)> = Vec::new();
    for run in pages.iter().flat_map(|p| &p.runs) {
        for glyph in run.item.glyphs.iter().filter(|g| g.id == 0) {
            let Some(c) = run.item.text.get(glyph.range()).and_then(|t| t.chars().next()) else { continue };
            if c.is_whitespace() {
                continue;
            }
            if let Some(entry) = found.iter_mut().find(|(seen, _, _)| *seen == c) {
                entry.2 += 1;
                continue;
            }
            let origin = tracer.glyph(glyph.span).or_else(|| tracer.map.char_origin(c)).or_else(|| search(issue, c));
            found.push((c, origin, 1));
        }
    }
    found
        .into_iter()
        .map(|(c, origin, count)| {
            let mut message =
                format!("「{c}」（U+{:04X}）はどのフォントにもない文字のため、印刷すると□になります", c as u32);
            if count > 1 {
                message.push_str(&format!("（{count} か所）"));
            }
            let diag = Diagnostic::error(message)
                .hint("別の文字に置き換えてください（例: 絵文字→言葉、外字→ふつうの漢字やかな）");
            match origin {
                Some(origin) => origin.locate(diag),
                None => diag,
            }
        })
        .collect()
}

/// Last resort, for text the layout was given without saying which file it
/// came from (the settings of tsushin.toml, say): the first string value the
/// coordinator wrote that holds the character, placed where it was parsed.
fn search(issue: &Issue, c: char) -> Option<Origin> {
    issue.strings.iter().find_map(|written| {
        let at = written.text.find(c)?;
        Some(Origin { file: written.file.clone(), range: Some(written.placement.map(at..at + c.len_utf8())) })
    })
}
