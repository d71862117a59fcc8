//! An issue's name and the issues a newsletter has.
//!
//! Every issue is a folder `issues/YYYY-MM/` holding an `issue.toml`; the
//! folder name is the issue's id on the command line (`tsushin build 2022-06`),
//! in output names (`out/2022-06.pdf`) and in the archive. Nothing here reads
//! an issue's content: that is the loader's job.

use std::path::{Path, PathBuf};

use crate::fs;

/// The folder of the newsletter root that holds one folder per issue.
pub const ISSUES_DIR: &str = "issues";

/// The file that makes a folder under `issues/` an issue.
pub const ISSUE_FILE: &str = "issue.toml";

/// An issue's name: its folder under `issues/`, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IssueId {
    pub year: i32,
    pub month: u32,
}

impl IssueId {
    /// `2022-06` → June 2022. Exactly four digits, a hyphen and two digits,
    /// so that folder names sort by date and `2022-6` is not a second name
    /// for the same issue.
    pub fn parse(text: &str) -> Option<Self> {
        let (year_digits, month_digits) = text.split_once('-')?;
        let all_digits = year_digits.bytes().chain(month_digits.bytes()).all(|b| b.is_ascii_digit());
        if year_digits.len() != 4 || month_digits.len() != 2 || !all_digits {
            return None;
        }
        let (year, month) = (year_digits.parse().ok()?, month_digits.parse().ok()?);
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    /// The issue's folder in the newsletter at `root`.
    pub fn folder(self, root: &Path) -> PathBuf {
        root.join(ISSUES_DIR).join(self.to_string())
    }
}

impl std::fmt::Display for IssueId {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The issues that exist in a newsletter, oldest first: folders under
/// `issues/` with a valid name and an `issue.toml`. Anything else there
/// (notes, a half-copied folder) is not an issue and is left alone.
pub fn list(root: &Path) -> Vec<IssueId> {
    let Ok(entries) = fs::read_dir_sorted(&root.join(ISSUES_DIR)) else { return vec![] };
    entries
        .iter()
        .filter(|folder| folder.join(ISSUE_FILE).is_file())
        .filter_map(|folder| IssueId::parse(folder.file_name()?.to_str()?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_ids() {
        assert_eq!(IssueId::parse("2022-06"), Some(IssueId { year: 2022, month: 6 }));
        assert_eq!(IssueId::parse("2022-6"), None);
        assert_eq!(IssueId::parse("2022-13"), None);
        assert_eq!(IssueId::parse("令和4-06"), None);
        assert_eq!(IssueId { year: 2022, month: 6 }.to_string(), "2022-06");
    }

    #[test]
    fn listing_keeps_only_issue_folders_oldest_first() {
        let root = tempfile::tempdir().unwrap();
        for name in ["2024-04", "2023-12", "2024-4", "notes"] {
            std::fs::create_dir_all(root.path().join(ISSUES_DIR).join(name)).unwrap();
            std::fs::write(root.path().join(ISSUES_DIR).join(name).join(ISSUE_FILE), "").unwrap();
        }
        // A folder with a good name but no issue.toml is not an issue yet.
        std::fs::create_dir_all(root.path().join(ISSUES_DIR).join("2024-06")).unwrap();
        let ids: Vec<String> = list(root.path()).iter().map(ToString::to_string).collect();
        assert_eq!(ids, ["2023-12", "2024-04"]);
        assert_eq!(IssueId { year: 2024, month: 4 }.folder(root.path()), root.path().join("issues/2024-04"));
    }
}
