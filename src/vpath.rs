//! The compiler's virtual file tree, in one place: where each kind of file
//! appears to Typst. Every other module builds its paths here and asks here
//! what a path is, instead of writing or cutting strings of its own.
//!
//! ```text
//! /main.typ                   generated: imports the data and calls the layout
//! /issue.typ                  generated: the issue as one Typst dictionary
//! /generated/web-qr.svg       generated: the QR code of the publisher's web page
//! /layouts/<name>/<file>      the layout's files
//! /issue/<file>               the files of the issue folder the issue refers to
//! ```
//!
//! It sits at the base of the crate (beside `diag` and `fs`) because three
//! layers need the same answer: Markdown conversion writes image paths into
//! the markup, the loader lists the images the compiler may read, and the
//! world serves them.

use std::fmt;

/// An absolute path in the virtual tree: starts with `/`, separated by `/`,
/// never `..`, `.` or an empty part.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VPath(String);

/// The folder under which the issue folder's files appear.
const ISSUE_ROOT: &str = "/issue/";
const LAYOUTS_ROOT: &str = "/layouts/";

impl VPath {
    /// `/main.typ`, the file the compiler starts from.
    pub fn main() -> Self {
        Self("/main.typ".into())
    }

    /// `/issue.typ`, the generated data.
    pub fn issue_data() -> Self {
        Self("/issue.typ".into())
    }

    /// `/generated/web-qr.svg`, the QR code of the publisher's web page.
    pub fn web_qr() -> Self {
        Self("/generated/web-qr.svg".into())
    }

    /// A file of layout `name`, `rel` being its path inside the layout folder
    /// with `/` separators.
    pub fn layout(name: &str, rel: &str) -> Self {
        Self(format!("{LAYOUTS_ROOT}{name}/{}", rel.trim_start_matches('/')))
    }

    /// The entry point of layout `name`.
    pub fn layout_entry(name: &str) -> Self {
        Self::layout(name, "layout.typ")
    }

    /// A file of the issue folder as the coordinator wrote its path
    /// (`images/a.png`). Absolute paths, URLs, `..` and backslashes are
    /// refused (`None`): images come from the issue folder and nowhere else.
    pub fn issue_file(written: &str) -> Option<Self> {
        if written.is_empty() || written.starts_with('/') || written.contains('\\') || written.contains(':') {
            return None;
        }
        let mut parts = Vec::new();
        for part in written.split('/') {
            match part {
                "" | "." => {}
                ".." => return None,
                p => parts.push(p),
            }
        }
        (!parts.is_empty()).then(|| Self(format!("{ISSUE_ROOT}{}", parts.join("/"))))
    }

    /// For a file of the issue folder, its path inside that folder
    /// (`images/a.png`), to find it on disk and to name it in messages.
    pub fn in_issue(&self) -> Option<&str> {
        self.0.strip_prefix(ISSUE_ROOT)
    }

    /// Whether this is a file of a layout.
    pub fn is_layout(&self) -> bool {
        self.0.starts_with(LAYOUTS_ROOT)
    }

    /// A path Typst handed back (always absolute with its leading slash).
    pub fn from_compiler(path: &str) -> Self {
        Self(path.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::VPath;

    #[test]
    fn issue_files_stay_inside_the_issue_folder() {
        assert_eq!(VPath::issue_file("images/a.png").unwrap().as_str(), "/issue/images/a.png");
        assert_eq!(VPath::issue_file("./images//a.png").unwrap().as_str(), "/issue/images/a.png");
        for bad in
            ["", "./images/../a.png", "../../etc/passwd", "/etc/passwd", "C:\\x.png", "https://example.com/a.png"]
        {
            assert_eq!(VPath::issue_file(bad), None, "{bad}");
        }
        assert_eq!(VPath::issue_file("images/a.png").unwrap().in_issue(), Some("images/a.png"));
        assert_eq!(VPath::issue_data().in_issue(), None);
    }

    #[test]
    fn layouts() {
        assert_eq!(VPath::layout_entry("default").as_str(), "/layouts/default/layout.typ");
        assert!(VPath::layout("x", "parts/a.typ").is_layout());
        assert!(!VPath::main().is_layout());
    }
}
