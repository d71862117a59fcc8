//! Loading real issue folders written to a temporary newsletter.

use std::path::PathBuf;

use super::*;

/// A newsletter with one issue, 2024-04, written to a temporary folder.
pub(crate) struct Folder {
    root: tempfile::TempDir,
}

impl Folder {
    /// tsushin.toml, issue.toml (one page) and greeting.md.
    pub(crate) fn minimal() -> Self {
        let folder = Self { root: tempfile::tempdir().unwrap() };
        std::fs::write(
            folder.root.path().join(crate::model::config::CONFIG_FILE),
            "title = \"t\"\n[publisher]\nname = \"n\"\n",
        )
        .unwrap();
        folder.write(ISSUE_FILE, "date = 2024-04-01\npages = 1\n");
        folder.write("greeting.md", "春です。\n");
        folder
    }

    /// The real path of `rel` inside the issue folder.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join("issues/2024-04").join(rel)
    }

    /// Writes `rel` inside the issue folder.
    pub(crate) fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub(crate) fn load(&self) -> Result<(Issue, Vec<Diagnostic>), Vec<Diagnostic>> {
        let newsletter = Newsletter::load(self.root.path().to_path_buf()).unwrap();
        load(&newsletter, IssueId { year: 2024, month: 4 })
    }
}
