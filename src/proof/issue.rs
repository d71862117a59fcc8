//! Proofreading one loaded issue, as `check`, `build` and `watch` do: every
//! text the coordinator wrote, handed to the engine with its exact place.
//!
//! The loader keeps where everything was written ([`Issue::bodies`] for the
//! Markdown bodies, [`Issue::strings`] for every string value of
//! tsushin.toml, issue.toml and the front matters); here they become
//! [`Text`]s: a body as [`Kind::Markdown`], a string marked [`Role::Inline`]
//! as [`Kind::Inline`], any other string as [`Kind::Plain`], each the bytes of
//! its file between the quotes (so an escape is read as written and every
//! position is the file's). Strings that name something (a photo's path, the
//! web address, the layout) are not read. Positions come from those spans
//! only, never from searching the text.
//!
//! The newsletter's dictionary, which the loader read, is parsed here; its
//! mistakes are errors (the proofreading it would steer cannot run), while
//! findings are warnings that never stop a build.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, SourceFile};
use crate::model::issue::Issue;
use crate::model::written::Role;

use super::{Dictionary, Finding, Kind, Proofreader, Settings, Text};

/// What proofreading an issue found.
#[derive(Debug)]
pub struct Proofread {
    /// The findings as warnings, in file order.
    pub warnings: Vec<Diagnostic>,
    /// How long the proofreading took (dictionary, word list and rules).
    pub took: Duration,
}

/// Proofreads `issue` with its `[proofreading]` settings and the newsletter's
/// dictionary. `Err` only when the dictionary has mistakes.
pub fn proofread(issue: &Issue) -> Result<Proofread, Vec<Diagnostic>> {
    let started = Instant::now();
    let dictionary = match &issue.dictionary {
        Some(file) => Dictionary::read(file)?,
        None => Dictionary::default(),
    };
    let proofreader = Proofreader::new(&Settings::from_table(&issue.settings.proofreading), &dictionary);
    let (files, findings) = findings(&proofreader, issue);
    let warnings = findings.iter().map(|finding| finding.diagnostic(&files)).collect();
    Ok(Proofread { warnings, took: started.elapsed() })
}

/// The findings of `proofreader` on every text of `issue`, and the files
/// their [`Finding::file`] indexes.
pub fn findings(proofreader: &Proofreader, issue: &Issue) -> (Vec<Arc<SourceFile>>, Vec<Finding>) {
    let mut files: Vec<Arc<SourceFile>> = Vec::new();
    let mut index = |file: &Arc<SourceFile>| match files.iter().position(|f| Arc::ptr_eq(f, file)) {
        Some(i) => i,
        None => {
            files.push(file.clone());
            files.len() - 1
        }
    };
    let mut texts: Vec<Text> = Vec::new();
    for string in &issue.strings {
        let kind = match string.role {
            Role::Name => continue,
            Role::Inline => Kind::Inline,
            Role::Plain => Kind::Plain,
        };
        let range = string.as_written();
        // The range is the loader's span of this very file; `get` only guards
        // against a bug elsewhere turning into a panic on the user's text.
        let Some(text) = string.file.text.get(range.clone()) else { continue };
        texts.push(Text { file: index(&string.file), offset: range.start, text, kind });
    }
    for body in &issue.bodies {
        let Some(text) = body.file.text.get(body.range.clone()) else { continue };
        texts.push(Text { file: index(&body.file), offset: body.range.start, text, kind: Kind::Markdown });
    }
    let date = (issue.date.year, issue.date.month, issue.date.day);
    let findings = proofreader.check(date, &texts);
    (files, findings)
}
