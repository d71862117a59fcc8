//! The large print edition (拡大版, `tsushin build --large-print`): the
//! issue on A4 in one column, body text at 16 pt or more, every article in
//! reading order on as many pages as it takes.
//!
//! It is the same issue data laid out by another entry of the layout,
//! `large-print.typ` (layouts/README.md), told the reading order through
//! `issue.output.order`: the order of the printed pages ([`order`]), so a
//! reader holding both finds the articles in the same sequence. Rust decides
//! nothing about the pages; preflight checks them as it checks the printed
//! ones, except for their count (they flow).

use std::path::Path;

use crate::diag::Failure;
use crate::edition::order::{self, FOOTER};
use crate::model::issue::Issue;
use crate::typeset::data::Medium;
use crate::typeset::plan::Plan;
use crate::typeset::session::{Built, Options, Session};

/// The articles' ids as large print sets them: the reading order of the
/// printed pages, the publisher box at the end.
pub fn order(issue: &Issue, plan: Option<&Plan>) -> Vec<String> {
    let reading = order::reading(issue, plan);
    let mut ids: Vec<String> = reading.all().filter(|id| *id != FOOTER).cloned().collect();
    ids.push(FOOTER.to_owned());
    ids
}

/// Lays `issue` out in large print, its articles in the order of the
/// printed pages as `plan` reports them (the data's order without one).
/// `bleed_mm`: the print shop's bleed, when asked for.
pub fn compile<'s>(
    session: &'s mut Session,
    root: &Path,
    issue: Issue,
    plan: Option<&Plan>,
    bleed_mm: Option<f64>,
) -> Result<Built<'s>, Failure> {
    let medium = Medium { bleed_mm, order: Some(order(&issue, plan)) };
    // Loading's warnings were given with the printed edition: not twice.
    session.compile_loaded(root, issue, Vec::new(), Options { medium, shrink_photos: true })
}
