//! The reading order of an issue, one answer for every edition: the blocks
//! each printed page holds, top to bottom, as the layout reported them in its
//! plan ([`Plan::blocks`]), each block once; then whatever the plan did not
//! mention, in the data's order, so nothing is lost. Without that report (a
//! layout of one's own may not give it) every block follows the data's order.

use crate::model::issue::Issue;
use crate::typeset::plan::Plan;

/// The id of the publisher box in [`Plan::blocks`].
pub const FOOTER: &str = "footer";

/// Every block of an issue by its layout id (layouts/README.md), in reading
/// order.
#[derive(Debug, Default, PartialEq)]
pub struct Order {
    /// The blocks printed on each page, page by page (empty without a plan).
    pub pages: Vec<Vec<String>>,
    /// The blocks no page mentions, in the data's order.
    pub rest: Vec<String>,
}

impl Order {
    /// All blocks, one after the other.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.pages.iter().flatten().chain(&self.rest).map(String::as_str)
    }
}

/// The reading order of `issue`, laid out as `plan` reports.
pub fn of(issue: &Issue, plan: Option<&Plan>) -> Order {
    let mut rest = model_order(issue);
    let reported = plan.map(|p| p.blocks.as_slice()).unwrap_or_default();
    let pages = reported
        .iter()
        .map(|on_page| {
            on_page.iter().filter_map(|id| rest.iter().position(|i| i == id).map(|at| rest.remove(at))).collect()
        })
        .collect();
    Order { pages, rest }
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
