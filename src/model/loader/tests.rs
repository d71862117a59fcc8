//! Loading real issue folders written to a temporary newsletter: the files an
//! issue reads, and positions taken from the TOML parser.

use std::path::PathBuf;

use super::*;
use crate::model::images::samples::{encoded, jpeg_claiming_4_gigapixels};

/// A newsletter with one issue, 2024-04, written to a temporary folder.
pub(crate) struct Folder {
    root: tempfile::TempDir,
}

impl Folder {
    /// tsushin.toml, issue.toml (one page) and greeting.md.
    pub(crate) fn minimal() -> Self {
        let folder = Self { root: tempfile::tempdir().unwrap() };
        std::fs::write(folder.root.path().join(CONFIG_FILE), "title = \"t\"\n[publisher]\nname = \"n\"\n").unwrap();
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

    /// The newsletter folder.
    pub(crate) fn root(&self) -> PathBuf {
        self.root.path().to_path_buf()
    }

    /// Writes `rel` inside the newsletter folder (beside tsushin.toml).
    pub(crate) fn write_root(&self, rel: &str, text: &str) {
        std::fs::write(self.root.path().join(rel), text).unwrap();
    }

    /// Adds `text` at the end of tsushin.toml.
    pub(crate) fn append_config(&self, text: &str) {
        append(&self.root.path().join(CONFIG_FILE), text);
    }

    /// Adds `text` at the end of issue.toml.
    pub(crate) fn append_issue_toml(&self, text: &str) {
        append(&self.path(ISSUE_FILE), text);
    }

    pub(crate) fn load(&self) -> Result<(Issue, Vec<Diagnostic>), LoadFailure> {
        let newsletter = Newsletter::load(self.root.path().to_path_buf()).unwrap();
        load(&newsletter, IssueId { year: 2024, month: 4 })
    }
}

fn append(path: &std::path::Path, text: &str) {
    let mut all = std::fs::read_to_string(path).unwrap();
    all.push_str(text);
    std::fs::write(path, all).unwrap();
}

fn png(width: u32, height: u32) -> Vec<u8> {
    encoded(width, height, image::ImageFormat::Png)
}

/// The one error of a failed load, as `file:line:column` and message.
fn only_error(folder: &Folder) -> (String, String) {
    let failure = folder.load().unwrap_err();
    let errors: Vec<&Diagnostic> = failure.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:#?}", failure.diagnostics);
    (errors[0].position().unwrap_or_default(), errors[0].message.clone())
}

#[test]
fn inputs_are_every_file_and_folder_looked_at() {
    let folder = Folder::minimal();
    folder.write(
        "spotlights/01-a.md",
        "+++\ntitle = \"a\"\n[[photos]]\nfile = \"images/a.png\"\ncaption = \"c\"\n+++\n本文\n",
    );
    folder.write("spotlights/notes.txt", "not read, but listed with its folder");
    folder.write("images/a.png", png(4, 4));
    folder.write("images/unused.png", png(4, 4));
    let (issue, _) = folder.load().unwrap();
    let root = folder.root.path();
    let mut expected: Vec<PathBuf> = [
        "issue.toml",
        "greeting.md",
        "notice.md",
        "figure.md",
        "minutes.md",
        "game.md",
        "events.md",
        "spotlights",
        "spotlights/01-a.md",
        "images/a.png",
    ]
    .iter()
    .map(|rel| folder.path(rel))
    .collect();
    expected.push(root.join("issues/2024-04"));
    expected.push(root.join(CONFIG_FILE));
    expected.sort();
    assert_eq!(issue.inputs, expected);
    // Optional files that are not there are looked at all the same: one that
    // appears changes the issue.
    assert!(!folder.path("notice.md").exists());
}

#[test]
fn a_broken_issue_still_lists_what_it_read() {
    let folder = Folder::minimal();
    folder.write(ISSUE_FILE, "date = 2024-04-01\npage = 1\n");
    folder.write("spotlights/01-a.md", "+++\ntitle = \"a\"\n+++\n![x](images/later.png)\n");
    let failure = folder.load().unwrap_err();
    for rel in [ISSUE_FILE, "greeting.md", "spotlights", "spotlights/01-a.md", "images/later.png"] {
        assert!(failure.inputs.contains(&folder.path(rel)), "{rel} missing from {:#?}", failure.inputs);
    }
    assert!(failure.inputs.windows(2).all(|pair| pair[0] < pair[1]), "sorted, no repeats");
}

#[test]
fn an_escaped_photo_path_is_reported_on_its_own_line() {
    let folder = Folder::minimal();
    // The decoded path also appears earlier in the file (in the title), where
    // searching the text would have pointed.
    folder.write(
        "spotlights/01-a.md",
        "+++\ntitle = \"images/0x.jpg の写真\"\n[[photos]]\nfile = \"images/\\u0030x.jpg\"\ncaption = \"c\"\n+++\n本文\n",
    );
    let (position, message) = only_error(&folder);
    assert!(message.contains("images/0x.jpg が見つかりません"), "{message}");
    // Escapes: the whole value, quotes included.
    assert_eq!(position, "issues/2024-04/spotlights/01-a.md:4:8");

    folder.write(
        "spotlights/01-a.md",
        "+++\ntitle = \"images/0x.jpg の写真\"\n[[photos]]\nfile = \"images/0x.jpg\"\ncaption = \"c\"\n+++\n本文\n",
    );
    // Written verbatim: the path itself, inside the quotes.
    assert_eq!(only_error(&folder).0, "issues/2024-04/spotlights/01-a.md:4:9");
}

#[test]
fn inline_markdown_in_front_matter_keeps_its_place() {
    let folder = Folder::minimal();
    let spotlight = "+++\ntitle = \"a\"\nsubtitle = \"写真 ![](images/gone.png)\"\n[[flow]]\ntext = \"写真 ![](images/gone.png)\"\n+++\n";
    folder.write("spotlights/01-a.md", spotlight);
    let failure = folder.load().unwrap_err();
    let positions: Vec<String> = failure.diagnostics.iter().filter_map(Diagnostic::position).collect();
    // Both the missing description and the missing file point at the `!` on
    // the flow step's line (line 5, after `text = "写真 `), not at the
    // identical subtitle above it.
    assert_eq!(positions, ["issues/2024-04/spotlights/01-a.md:5:12"; 2]);

    // With an escape in the string, the whole string value.
    folder.write("spotlights/01-a.md", spotlight.replace("text = \"写真", "text = \"\\u5199真"));
    let failure = folder.load().unwrap_err();
    let positions: Vec<String> = failure.diagnostics.iter().filter_map(Diagnostic::position).collect();
    assert_eq!(positions, ["issues/2024-04/spotlights/01-a.md:5:8"; 2]);
}

#[test]
fn game_points_map_their_text_into_the_file() {
    let folder = Folder::minimal();
    folder.write("game.md", "+++\nlead = \"できること\"\npoints = [\"できること\", '**自分**の']\n+++\n本文\n");
    let (issue, _) = folder.load().unwrap();
    let game = issue.game.unwrap();
    let text = &game.source.text;
    let first = &game.points[0].spans[0].src;
    assert_eq!((&text[first.clone()], game.source.line_col(first.start)), ("できること", (3, 12)));
    let second = &game.points[1].spans[0].src;
    assert_eq!(&text[second.clone()], "自分");
}

#[test]
fn the_date_and_page_count_point_at_their_values() {
    let folder = Folder::minimal();
    folder.write(ISSUE_FILE, "# 令和6年5月号\npages = 2    # ページ数\ndate = 2024-05-01\n");
    let (issue, warnings) = folder.load().unwrap();
    let warning = warnings.iter().find(|d| d.message.contains("フォルダー名 2024-04 と合っていません")).unwrap();
    assert_eq!(warning.position().unwrap(), "issues/2024-04/issue.toml:3:8");
    let Location::Span(file, range) = &issue.pages_written else { panic!("{:?}", issue.pages_written) };
    assert_eq!((&file.text[range.clone()], file.line_col(range.start)), ("2", (2, 9)));

    folder.write(ISSUE_FILE, "date = 2024-04-01\n");
    let (issue, _) = folder.load().unwrap();
    assert_eq!(issue.pages, 4);
    assert!(matches!(&issue.pages_written, Location::Path(path) if path == "issues/2024-04/issue.toml"));
}

#[test]
fn loading_reads_image_headers_and_never_decodes_the_pixels() {
    let folder = Folder::minimal();
    let mut damaged = png(640, 480);
    damaged.truncate(damaged.len() / 2);
    folder.write("images/damaged.png", damaged);
    folder.write("greeting.md", "春です。\n\n![花](images/damaged.png)\n");
    let (issue, _) = folder.load().unwrap();
    let vpath = VPath::issue_file("images/damaged.png").unwrap();
    assert_eq!(issue.images, [(vpath.clone(), folder.path("images/damaged.png"))]);
    assert_eq!(issue.image_headers[&vpath].pixels, Some((640, 480)));
    assert_eq!(issue.image_uses[0].file.line_col(issue.image_uses[0].range.start), (3, 1));
}

#[test]
fn too_many_pixels_is_refused_from_the_header() {
    let folder = Folder::minimal();
    folder.write("images/huge.jpg", jpeg_claiming_4_gigapixels());
    folder.write("greeting.md", "春です。\n\n![花](images/huge.jpg)\n");
    let (position, message) = only_error(&folder);
    assert_eq!(position, "issues/2024-04/greeting.md:3:1");
    assert!(message.contains("画素が多すぎて使えません（65535 × 65535 ピクセル）"), "{message}");
}

#[test]
fn a_spotlight_holds_several_flows_in_the_order_written() {
    let folder = Folder::minimal();
    folder.write(
        "spotlights/01-a.md",
        "+++\ntitle = \"a\"\n[[flow]]\ntext = \"一\"\n\
         [[flows]]\ntitle = \"二本目\"\n[[flows.steps]]\ntext = \"**二**\"\nvoice = \"声\"\n\
         [[flows]]\n[[flows.steps]]\nwhen = \"春\"\ntext = \"三\"\n[[flows.steps]]\ntext = \"四\"\n+++\n",
    );
    let (issue, _) = folder.load().unwrap();
    let flows = &issue.spotlights[0].flows;
    let shape: Vec<(Option<&str>, usize)> = flows.iter().map(|f| (f.title.as_deref(), f.steps.len())).collect();
    assert_eq!(shape, [(None, 1), (Some("二本目"), 1), (None, 2)]);
    assert_eq!(flows[1].steps[0].voice.as_deref(), Some("声"));
    assert_eq!(flows[2].steps[0].when.as_deref(), Some("春"));
    // the step's inline Markdown still maps into the file, inside [[flows.steps]]
    let text = &issue.spotlights[0].source.text;
    let bold = &flows[1].steps[0].text.spans[0].src;
    assert_eq!(&text[bold.clone()], "二");
}

#[test]
fn a_flow_without_steps_is_refused_where_it_is_written() {
    let folder = Folder::minimal();
    folder.write("spotlights/01-a.md", "+++\ntitle = \"a\"\n\n[[flows]]\ntitle = \"空\"\n+++\n本文\n");
    let (position, message) = only_error(&folder);
    assert!(message.contains("流れ（[[flows]]）に段がありません"), "{message}");
    assert_eq!(position, "issues/2024-04/spotlights/01-a.md:4:1", "at its [[flows]] line");
}

#[test]
fn bodies_and_strings_say_where_they_are_and_what_they_are() {
    let folder = Folder::minimal();
    folder.write(
        "spotlights/01-a.md",
        "+++\ntitle = \"題\"\n[[photos]]\nfile = \"images/a.png\"\ncaption = \"写真\"\n[[flow]]\ntext = \"**集まる**\"\n+++\n本文です。\n",
    );
    folder.write("images/a.png", png(4, 4));
    folder.write("notice.md", "+++\ntitle = \"お知らせ\"\n+++\n");
    let (issue, _) = folder.load().unwrap();
    let bodies: Vec<(&str, &str)> = issue.bodies.iter().map(|b| (b.file.display.as_str(), b.text())).collect();
    // The notice has no body: nothing to read.
    assert_eq!(
        bodies,
        [("issues/2024-04/greeting.md", "春です。\n"), ("issues/2024-04/spotlights/01-a.md", "本文です。\n")]
    );
    let roles: Vec<(&str, &str, Role)> = issue
        .strings
        .iter()
        .filter(|s| s.file.display.ends_with("01-a.md"))
        .map(|s| (s.key.as_str(), s.text.as_str(), s.role))
        .collect();
    assert_eq!(
        roles,
        [
            ("title", "題", Role::Plain),
            ("photos.file", "images/a.png", Role::Name),
            ("photos.caption", "写真", Role::Plain),
            ("flow.text", "**集まる**", Role::Inline),
        ]
    );
}
