//! The text of the laid-out pages as plain text, in the order it was laid
//! out: what `tsushin archive` keeps beside each PDF, for searching the
//! archive.

use typst::layout::{Abs, FrameItem};
use typst_layout::PagedDocument;

use crate::typeset::pages;

/// The text as laid out: a line break wherever the baseline moves, a blank
/// line after each page.
pub fn plain(document: &PagedDocument) -> String {
    let count = document.pages().len();
    let mut texts = vec![String::new(); count];
    let mut baselines: Vec<Option<Abs>> = vec![None; count];
    pages::walk(document, |placed| {
        let FrameItem::Text(text) = placed.item else { return };
        let y = placed.at().y;
        let (out, last) = (&mut texts[placed.page], &mut baselines[placed.page]);
        if last.is_some_and(|last| (last - y).abs() > Abs::pt(1.0)) {
            out.push('\n');
        }
        *last = Some(y);
        out.push_str(&text.text);
    });
    texts.into_iter().map(|text| text + "\n\n").collect()
}
