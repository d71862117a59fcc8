//! The reading order of an issue's articles, the one answer for every
//! edition that reads them one after another (the plain text edition, large
//! print): the order the printed pages have them in, as the layout reported
//! it in its plan ([`Plan::blocks`]: what each page holds, top to bottom).
//!
//! An article broken across two pages is read once, where it begins. One
//! the plan does not mention comes after the pages, so nothing is lost.
//! Without that report (a layout of one's own may not give it) every
//! article follows the data's order.

use crate::model::issue::Issue;
use crate::typeset::plan::Plan;

/// The id of the publisher box in [`Plan::blocks`].
pub const FOOTER: &str = "footer";

/// The articles by their layout ids (layouts/README.md), page by page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The articles that begin on each printed page, in reading order;
    /// empty when the layout does not say what its pages hold.
    pub pages: Vec<Vec<String>>,
    /// The articles no page holds (all of them when `pages` is empty), in
    /// the data's order.
    pub rest: Vec<String>,
}

impl Reading {
    /// Every article once, in reading order.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.pages.iter().flatten().chain(&self.rest)
    }
}

/// The reading order of `issue`, laid out as `plan` reports.
pub fn reading(issue: &Issue, plan: Option<&Plan>) -> Reading {
    let mut rest = model_order(issue);
    let reported = plan.map(|p| p.blocks.as_slice()).unwrap_or_default();
    let pages = reported
        .iter()
        .map(|on_page| {
            on_page.iter().filter_map(|id| rest.iter().position(|i| i == id).map(|at| rest.remove(at))).collect()
        })
        .collect();
    Reading { pages, rest }
}

/// Every block of the issue by its layout id, in the data's order, the
/// footer last.
fn model_order(issue: &Issue) -> Vec<String> {
    let mut ids = vec!["greeting".to_owned()];
    let optional =
        [("notice", issue.notice.is_some()), ("figure", issue.figure.is_some()), ("minutes", issue.minutes.is_some())];
    ids.extend(optional.iter().filter(|(_, on)| *on).map(|(id, _)| (*id).to_owned()));
    ids.extend((0..issue.spotlights.len()).map(|i| format!("spotlight-{i}")));
    if issue.game.is_some() {
        ids.push("game".to_owned());
    }
    if issue.events.is_some() {
        ids.push("events".to_owned());
    }
    ids.push(FOOTER.to_owned());
    ids
}

/// The spotlight a block id names (`spotlight-2` → 2).
pub fn spotlight_index(id: &str) -> Option<usize> {
    id.strip_prefix("spotlight-").and_then(|i| i.parse().ok())
}
