//! What an issue's PDF is made from on disk — the one answer that `watch`
//! (what to watch), `list` (whether a PDF is older than what it was made
//! from) and `archive` (the hash of an issue's content) share.
//!
//! The inputs are tsushin.toml, the issue's own files, the newsletter's
//! folder for the issue's layout (`layouts/<name>/`; where there is none the
//! embedded layout is used, which only a new tsushin changes) and the
//! newsletter's `fonts/`.

use std::path::{Component, Path, PathBuf};

use crate::diag::Diagnostic;
use crate::fs;
use crate::model::config::{CONFIG_FILE, Newsletter};
use crate::model::issue::{ISSUES_DIR, Issue, IssueId, LoadFailure};

/// The folder of the newsletter's own layouts, one folder per layout.
pub const LAYOUTS_DIR: &str = "layouts";
/// The folder of the newsletter's own fonts.
pub const FONTS_DIR: &str = "fonts";

/// What the issue loader returns (`model::issue::load`).
pub type Loaded = Result<(Issue, Vec<Diagnostic>), LoadFailure>;

/// The files and folders one issue's PDF is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFiles {
    /// tsushin.toml.
    pub settings: PathBuf,
    /// `issues/<id>/`: the issue's files are named relative to it.
    pub issue_dir: PathBuf,
    /// The issue's own files that loading read or looked for (a photo not
    /// there yet, an optional section file not written yet), and the
    /// newsletter's wording dictionary (`[proofreading]`), which lies outside
    /// the issue folder.
    pub issue_files: Vec<PathBuf>,
    /// Folders of the issue whose listing loading read: a new file there
    /// matters (a spotlight added, a misspelt file to warn about).
    pub issue_folders: Vec<PathBuf>,
    /// `layouts/<name>/`, or all of `layouts/` while the layout is not known.
    pub layout: PathBuf,
    /// `fonts/`.
    pub fonts: PathBuf,
}

/// Which part of the inputs a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// tsushin.toml or the issue's own files.
    Content,
    Layout,
    Font,
}

impl InputFiles {
    /// The inputs of issue `id`, as far as `loaded` — what loading it returned,
    /// or `None` before it is loaded — tells. The layout is known once the issue
    /// loads; until then any of the newsletter's layouts may be the one.
    pub fn of(newsletter: &Newsletter, id: IssueId, loaded: Option<&Loaded>) -> Result<Self, Diagnostic> {
        let root = &newsletter.root;
        let issue_dir = root.join(ISSUES_DIR).join(id.to_string());
        let layouts = root.join(LAYOUTS_DIR);
        let layout = match loaded {
            Some(Ok((issue, _))) if is_folder_name(&issue.settings.layout) => layouts.join(&issue.settings.layout),
            _ => layouts,
        };
        let settings = root.join(CONFIG_FILE);
        let (issue_files, issue_folders) = issue_inputs(&issue_dir, &settings, loaded)?;
        Ok(Self { settings, issue_files, issue_folders, issue_dir, layout, fonts: root.join(FONTS_DIR) })
    }

    /// Every file there is of the inputs, for comparing modification times.
    pub fn files(&self) -> Result<Vec<PathBuf>, Diagnostic> {
        let mut files = vec![self.settings.clone()];
        files.extend(self.issue_files.iter().cloned());
        for dir in [&self.layout, &self.fonts] {
            if dir.is_dir() {
                files.extend(fs::walk_files(dir)?);
            }
        }
        Ok(files)
    }

    /// The content — tsushin.toml and the issue's own files — each with the
    /// name it is hashed under: `tsushin.toml`, the issue's files relative
    /// to the issue folder with `/` between folders, and a file outside it
    /// (the dictionary) relative to the newsletter folder, like tsushin.toml,
    /// so that the name is the same wherever the newsletter is.
    pub fn content(&self) -> Vec<(String, &Path)> {
        let mut named = vec![(CONFIG_FILE.to_owned(), self.settings.as_path())];
        let root = self.settings.parent().unwrap_or(Path::new(""));
        for path in self.issue_files.iter().filter(|path| path.is_file()) {
            let rel = path.strip_prefix(&self.issue_dir).or_else(|_| path.strip_prefix(root)).unwrap_or(path);
            named.push((rel.to_string_lossy().replace('\\', "/"), path.as_path()));
        }
        named
    }

    /// The folders whose files are inputs (the ones that exist or not).
    pub fn folders(&self) -> Vec<&Path> {
        let mut folders: Vec<&Path> = self.issue_folders.iter().map(PathBuf::as_path).collect();
        folders.extend([self.layout.as_path(), self.fonts.as_path()]);
        folders
    }

    /// The part of the inputs `path` is, or is in; `None` when it is none of them.
    pub fn part_of(&self, path: &Path) -> Option<Part> {
        if path.starts_with(&self.fonts) {
            Some(Part::Font)
        } else if path.starts_with(&self.layout) {
            Some(Part::Layout)
        } else if path == self.settings
            || self.issue_files.iter().any(|f| f == path)
            || self.issue_folders.iter().any(|dir| path == dir || path.parent() == Some(dir))
        {
            Some(Part::Content)
        } else {
            None
        }
    }
}

/// The issue's own files and the folders whose listing loading read, as the
/// loader reported them (`Issue::inputs`, also when loading failed). Before
/// the issue is loaded, nothing is known but its folder, so all of it counts.
fn issue_inputs(
    issue_dir: &Path,
    settings: &Path,
    loaded: Option<&Loaded>,
) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Diagnostic> {
    let read = match loaded {
        Some(Ok((issue, _))) => &issue.inputs,
        Some(Err(failure)) => &failure.inputs,
        None => {
            let files = if issue_dir.is_dir() { fs::walk_files(issue_dir)? } else { vec![] };
            let mut folders: Vec<PathBuf> = files.iter().filter_map(|f| f.parent()).map(Path::to_path_buf).collect();
            folders.push(issue_dir.to_path_buf());
            folders.sort();
            folders.dedup();
            return Ok((files, folders));
        }
    };
    Ok(read.iter().filter(|path| *path != settings).cloned().partition(|path| !(path == issue_dir || path.is_dir())))
}

/// Whether a layout name is one folder name (the layout check proper, with
/// its message, happens when the layout is gathered for compiling).
fn is_folder_name(name: &str) -> bool {
    let mut components = Path::new(name).components();
    matches!((components.next(), components.next()), (Some(Component::Normal(_)), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(layout: &str) -> InputFiles {
        InputFiles {
            settings: "/n/tsushin.toml".into(),
            issue_dir: "/n/issues/2022-06".into(),
            issue_files: vec!["/n/issues/2022-06/issue.toml".into(), "/n/issues/2022-06/spotlights/01-a.md".into()],
            issue_folders: vec!["/n/issues/2022-06".into(), "/n/issues/2022-06/spotlights".into()],
            layout: PathBuf::from("/n/layouts").join(layout),
            fonts: "/n/fonts".into(),
        }
    }

    #[test]
    fn paths_are_sorted_into_their_part() {
        let known = inputs("default");
        let part = |p: &str| known.part_of(Path::new(p));
        assert_eq!(part("/n/tsushin.toml"), Some(Part::Content));
        assert_eq!(part("/n/issues/2022-06/spotlights/02-new.md"), Some(Part::Content), "a new spotlight");
        assert_eq!(part("/n/issues/2022-06/notes.txt"), Some(Part::Content), "a new file to warn about");
        assert_eq!(part("/n/issues/2022-06/images/unused.jpg"), None, "a photo no section refers to");
        assert_eq!(part("/n/layouts/default/parts.typ"), Some(Part::Layout));
        assert_eq!(part("/n/layouts/other/parts.typ"), None, "another layout");
        assert_eq!(part("/n/fonts/Extra.otf"), Some(Part::Font));
        assert_eq!(part("/n/issues/2022-08/greeting.md"), None, "another issue");
        assert_eq!(inputs("").part_of(Path::new("/n/layouts/other/parts.typ")), Some(Part::Layout), "layout unknown");
    }

    #[test]
    fn content_is_named_relative_to_the_issue() {
        let dir = tempfile::tempdir().unwrap();
        let issue_dir = dir.path().join("issues/2022-06");
        std::fs::create_dir_all(issue_dir.join("spotlights")).unwrap();
        for file in ["issue.toml", "spotlights/01-a.md"] {
            std::fs::write(issue_dir.join(file), "").unwrap();
        }
        let known = InputFiles {
            settings: dir.path().join("tsushin.toml"),
            issue_files: ["issue.toml", "notice.md", "spotlights/01-a.md"].map(|f| issue_dir.join(f)).to_vec(),
            issue_dir,
            ..inputs("default")
        };
        let names: Vec<String> = known.content().into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["tsushin.toml", "issue.toml", "spotlights/01-a.md"], "notice.md was looked for, not read");
    }

    #[test]
    fn the_dictionary_is_content_named_from_the_newsletter_folder() {
        let dir = tempfile::tempdir().unwrap();
        let issue_dir = dir.path().join("issues/2022-06");
        std::fs::create_dir_all(&issue_dir).unwrap();
        std::fs::create_dir_all(dir.path().join("辞書")).unwrap();
        std::fs::write(issue_dir.join("issue.toml"), "").unwrap();
        std::fs::write(dir.path().join("辞書/wording.toml"), "").unwrap();
        let known = InputFiles {
            settings: dir.path().join("tsushin.toml"),
            issue_files: vec![issue_dir.join("issue.toml"), dir.path().join("辞書/wording.toml")],
            issue_dir,
            ..inputs("default")
        };
        let names: Vec<String> = known.content().into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["tsushin.toml", "issue.toml", "辞書/wording.toml"]);
        assert_eq!(known.part_of(&dir.path().join("辞書/wording.toml")), Some(Part::Content));
    }

    #[test]
    fn only_a_plain_folder_name_picks_a_layout_folder() {
        assert!(is_folder_name("default"));
        for name in ["", "..", "a/b", "/etc", "."] {
            assert!(!is_folder_name(name), "{name:?}");
        }
    }
}
