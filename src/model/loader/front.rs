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

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::model::config::{ProofreadingToml, PublisherToml};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IssueToml {
    pub date: Spanned<Datetime>,
    #[serde(default)]
    pub number: Option<u32>,
    #[serde(default)]
    pub pages: Option<Spanned<u32>>,
    // The overridable settings of tsushin.toml, spelt out because serde's
    // `flatten` cannot be combined with `deny_unknown_fields`.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub catchphrase: Option<String>,
    #[serde(default)]
    pub layout: Option<String>,
    #[serde(default)]
    pub publisher: PublisherToml,
    #[serde(default)]
    pub proofreading: ProofreadingToml,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct GreetingFront {
    pub title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NoticeFront {
    #[serde(default)]
    pub to: Option<String>,
    pub title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FigureFront {
    pub title: String,
    #[serde(default)]
    pub vision: Option<String>,
    pub soil: String,
    #[serde(default)]
    pub soil_points: Vec<String>,
    #[serde(default)]
    pub cultivate: Option<String>,
    #[serde(default)]
    pub fertilizer: Option<String>,
    #[serde(default)]
    pub fruits: Vec<String>,
    #[serde(default)]
    pub fruits_label: Option<String>,
    #[serde(default)]
    pub left: Vec<String>,
    #[serde(default)]
    pub right: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MinutesFront {
    pub title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SpotlightFront {
    pub title: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub council: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub voices: Vec<String>,
    #[serde(default)]
    pub photos: Vec<PhotoFront>,
    #[serde(default)]
    pub flow: Vec<StepFront>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PhotoFront {
    pub file: Spanned<String>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub alt: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StepFront {
    #[serde(default)]
    pub when: Option<String>,
    /// Inline Markdown.
    pub text: Spanned<String>,
    #[serde(default)]
    pub voice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct GameFront {
    pub title: Option<String>,
    pub lead: Option<String>,
    /// Inline Markdown, one point each.
    pub points: Vec<Spanned<String>>,
    pub contact: Option<String>,
    pub note: Option<String>,
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
