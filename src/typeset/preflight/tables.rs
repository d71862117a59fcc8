//! Tables too wide for the page. The layout measures every Markdown table
//! (layouts/default/tables.typ) and places a `<tsushin-table-too-wide>`
//! report beside one whose narrowest readable form (each column its longest
//! unbreakable word, at least three characters) is wider than the text of the
//! page. The report carries the table; the span of its first text leads,
//! through the source map, to the line of the coordinator's file it was
//! written on. The layout decides what fits, tsushin says so and where.

use std::ops::ControlFlow;

use typst::foundations::{Content, Label, Selector, Value};
use typst::introspection::{Introspector as _, MetadataElem};
use typst::text::TextElem;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use super::trace::Tracer;
use crate::diag::Diagnostic;

/// One error for each table the layout reported as too wide for the page.
pub(super) fn too_wide(document: &PagedDocument, tracer: &mut Tracer) -> Vec<Diagnostic> {
    let Some(label) = Label::new(PicoStr::intern("tsushin-table-too-wide")) else { return Vec::new() };
    let mut errors = Vec::new();
    for report in document.introspector().query(&Selector::Label(label)) {
        let Some(Value::Dict(dict)) = report.to_packed::<MetadataElem>().map(|m| m.value.clone()) else { continue };
        let get = |key: &str| dict.get(key).ok().cloned();
        let mm = |key: &str| match get(key) {
            Some(Value::Length(length)) => length.abs.to_mm().round(),
            _ => 0.0,
        };
        let columns = match get("columns") {
            Some(Value::Int(n)) => n,
            _ => 0,
        };
        let diag = Diagnostic::error(format!(
            "表が紙面の幅に入りません（{columns} 列。いちばん狭く組んでも約 {} mm 要りますが、紙面の幅は {} mm です）",
            mm("least"),
            mm("room")
        ))
        .hint("表を 2 つに分けるか、ます目の文字を短くしてください")
        .hint("長い英数字（URL や番号）は途中で折り返せません。ます目ではなく表の下の本文に書くと入ります");
        let origin = match get("table") {
            Some(Value::Content(table)) => first_text(&table).and_then(|span| tracer.glyph((span, 0))),
            _ => None,
        };
        errors.push(match origin {
            Some(origin) => origin.locate(diag),
            None => diag,
        });
    }
    errors
}

/// The span of the first piece of text in `content` that came from a file.
fn first_text(content: &Content) -> Option<typst::syntax::Span> {
    content
        .traverse(&mut |element: Content| {
            if element.is::<TextElem>() && !element.span().is_detached() {
                ControlFlow::Break(element.span())
            } else {
                ControlFlow::Continue(())
            }
        })
        .break_value()
}
