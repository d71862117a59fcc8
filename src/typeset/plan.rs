//! What the layout's planner decided, as the layout reports it: one
//! `metadata` value labelled `<tsushin-plan>` on the first page
//! (layouts/README.md), read from the finished document. Reading it costs
//! nothing: the layout does not query it, so it adds no layout iteration.

use typst::foundations::{Label, Value};
use typst::introspection::{Introspector as _, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// The body text size tsushin's layouts aim for (universal-design
/// guidelines for print read by elderly people).
pub const BODY_PT: f64 = 12.0;

/// The planner's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Body text size, in points, on every page.
    pub body_pt: f64,
    /// Pages laid out.
    pub pages: usize,
    /// Pages the issue asked for.
    pub planned: usize,
    /// Whether the content did not fit even at the smallest size: the pages
    /// past `planned` carry a marker.
    pub overflow: bool,
    /// What each page holds, top to bottom (a pair left, then right), by the
    /// ids of layouts/README.md (`greeting`, `spotlight-0`, `footer`…); empty
    /// when the layout does not say. The plain text edition follows it.
    pub blocks: Vec<Vec<String>>,
}

/// The plan a layout reported, if it reported one (layouts of one's own need
/// not).
pub fn read(document: &PagedDocument) -> Option<Plan> {
    let label = Label::new(PicoStr::intern("tsushin-plan"))?;
    let content = document.introspector().query_label(label).ok()?;
    let value = &content.to_packed::<MetadataElem>()?.value;
    let Value::Dict(dict) = value else { return None };
    let number = |key: &str| dict.get(key).ok().cloned();
    let body_pt = match number("body-size")? {
        Value::Length(length) => length.abs.to_pt(),
        _ => return None,
    };
    let count = |key: &str| match number(key) {
        Some(Value::Int(n)) => usize::try_from(n).ok(),
        _ => None,
    };
    let overflow = matches!(number("overflow"), Some(Value::Bool(true)));
    let blocks = match number("blocks") {
        Some(Value::Array(pages)) => pages.iter().map(ids).collect(),
        _ => Vec::new(),
    };
    Some(Plan { body_pt, pages: count("pages")?, planned: count("planned")?, overflow, blocks })
}

/// The ids in one page's entry of `blocks` (anything but strings ignored).
fn ids(page: &Value) -> Vec<String> {
    let Value::Array(ids) = page else { return Vec::new() };
    ids.iter()
        .filter_map(|id| match id {
            Value::Str(id) => Some(id.to_string()),
            _ => None,
        })
        .collect()
}
