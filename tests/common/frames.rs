//! The text on laid-out pages as a reader sees it, read through tsushin's
//! one walk over the pages (`typeset::pages`): each run of text with the
//! size it is printed at (its font size times the scaling of the groups
//! around it), where its baseline lies, and whether it is an artifact (a
//! decoration or a furigana reading, which tagged PDF readers skip).

use std::path::Path;

use tsushin::model::config::Newsletter;
use tsushin::model::issue::IssueId;
use tsushin::typeset::pages;
use tsushin::typeset::session::{Options, Session};
use typst::introspection::{Location, Tag};
use typst::layout::FrameItem;
use typst::pdf::ArtifactElem;
use typst_layout::PagedDocument;

/// One run of text where it landed.
#[derive(Debug, Clone)]
pub struct Run {
    pub page: usize,
    pub text: String,
    /// Printed size in points.
    pub size: f64,
    /// Baseline start, points from the page's top left.
    pub x: f64,
    pub y: f64,
    pub artifact: bool,
    /// Set in a bold face (700 or heavier).
    pub bold: bool,
}

/// Every run of text on the pages, in document order.
pub fn runs(document: &PagedDocument) -> Vec<Run> {
    let mut out = Vec::new();
    let mut artifacts: Vec<Location> = Vec::new();
    pages::walk(document, |placed| match placed.item {
        FrameItem::Tag(Tag::Start(elem, _)) if elem.is::<ArtifactElem>() => artifacts.extend(elem.location()),
        FrameItem::Tag(Tag::End(location, ..)) if artifacts.last() == Some(location) => {
            artifacts.pop();
        }
        FrameItem::Text(t) => out.push(Run {
            page: placed.page,
            text: t.text.to_string(),
            size: t.size.to_pt() * placed.transform.sy.get(),
            x: placed.at().x.to_pt(),
            y: placed.at().y.to_pt(),
            artifact: !artifacts.is_empty(),
            bold: t.font.info().variant.weight.to_number() >= 700,
        }),
        _ => {}
    });
    out
}

/// Compiles issue `id` of the newsletter at `root` with `options` and hands
/// its document to `check`.
pub fn with_issue<T>(root: &Path, id: &str, options: Options, check: impl FnOnce(&PagedDocument) -> T) -> T {
    let newsletter = Newsletter::load(root.to_path_buf()).expect("tsushin.toml loads");
    let id = IssueId::parse(id).expect("valid id");
    let mut session = Session::new(root).unwrap_or_else(|f| panic!("fonts load: {:?}", f.diagnostics));
    let built = session.compile(&newsletter, id, options).unwrap_or_else(|f| panic!("compiles: {:?}", f.diagnostics));
    check(&built.compiled.document)
}
