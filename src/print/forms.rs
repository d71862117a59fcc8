//! The print forms a build asks for, as one chain.
//!
//! A form is either told to the layout before it lays out the pages (the
//! bleed a print shop needs, through [`Forms::medium`]) or applied to the
//! laid-out pages afterwards (everything else, through [`Forms::apply`]), in
//! one fixed order: colours first, then where the pages go on the sheet.

use typst_layout::PagedDocument;

use crate::print::{grayscale, impose};
use crate::typeset::data::Medium;

/// The print forms requested for one PDF. The default is the plain PDF.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Forms {
    /// A proof in greys, as a monochrome copier prints it.
    pub grayscale: bool,
    /// A4 pages two-up on A3 sheets in saddle-stitch order.
    pub booklet: bool,
    /// For a print shop: backgrounds laid out into the bleed, each page on a
    /// larger sheet with crop marks.
    pub print_shop: bool,
}

/// One step of the chain applied to laid-out pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Grayscale,
    Booklet,
    CropMarks,
}

impl Step {
    pub fn apply(self, document: &PagedDocument) -> PagedDocument {
        match self {
            Self::Grayscale => grayscale::document(document),
            Self::Booklet => impose::booklet(document),
            Self::CropMarks => impose::crop_marks(document),
        }
    }
}

impl Forms {
    /// What the layout is told before it lays out the pages.
    pub fn medium(&self) -> Medium {
        Medium { bleed_mm: self.print_shop.then_some(impose::BLEED_MM), order: None }
    }

    /// The steps applied to the laid-out pages, in the order they are applied.
    pub fn steps(&self) -> Vec<Step> {
        [(self.grayscale, Step::Grayscale), (self.booklet, Step::Booklet), (self.print_shop, Step::CropMarks)]
            .into_iter()
            .filter_map(|(on, step)| on.then_some(step))
            .collect()
    }

    /// The laid-out pages in these forms (the pages themselves when none is
    /// asked for: a document is reference-counted pages, so this is cheap).
    pub fn apply(&self, document: &PagedDocument) -> PagedDocument {
        self.steps().into_iter().fold(document.clone(), |document, step| step.apply(&document))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_come_before_the_sheet() {
        let all = Forms { grayscale: true, booklet: true, print_shop: true };
        assert_eq!(all.steps(), [Step::Grayscale, Step::Booklet, Step::CropMarks]);
        assert!(Forms::default().steps().is_empty());
    }

    #[test]
    fn only_the_print_shop_form_reaches_the_layout() {
        assert_eq!(Forms { print_shop: true, ..Forms::default() }.medium().bleed_mm, Some(impose::BLEED_MM));
        assert_eq!(Forms { grayscale: true, booklet: true, print_shop: false }.medium().bleed_mm, None);
    }
}
