//! Japanese typography of the reference issue, checked on the laid-out pages
//! and on the text poppler extracts from the PDF.

mod common;

use common::*;
use tsushin::cli::commands::Target;
use tsushin::model::config::Newsletter;
use tsushin::model::issue::IssueId;
use tsushin::typeset::session::Options;
use typst::layout::{Frame, FrameItem};

/// Compiles the reference issue and hands it to `check`.
fn with_reference(check: impl FnOnce(&tsushin::typeset::session::Built)) {
    let newsletter = Newsletter::load(repo()).expect("tsushin.toml loads");
    let target = Target { newsletter, id: IssueId::parse("2022-06").expect("valid id") };
    let mut session = match tsushin::typeset::session::Session::new(&target.newsletter.root) {
        Ok(s) => s,
        Err(failure) => panic!("fonts do not load: {:?}", failure.diagnostics),
    };
    match session.compile(&target.newsletter, target.id, Options::default()) {
        Ok(built) => check(&built),
        Err(failure) => panic!("reference issue does not compile: {:?}", failure.diagnostics),
    }
}

/// Calls `f` for every run of text on every page.
fn each_text(built: &tsushin::typeset::session::Built<'_>, f: &mut dyn FnMut(&typst::text::TextItem)) {
    fn walk(frame: &Frame, f: &mut dyn FnMut(&typst::text::TextItem)) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, f),
                FrameItem::Text(t) => f(t),
                _ => {}
            }
        }
    }
    for page in built.compiled.document.pages() {
        walk(&page.frame, f);
    }
}

/// Every glyph of text the coordinator wrote (its span lies in the generated
/// issue.typ) is at least 10.5 pt: legible for elderly readers.
#[test]
fn coordinator_text_is_at_least_10_5_pt() {
    with_reference(|built| {
        let issue_file = tsushin::typeset::world::file_id(&tsushin::vpath::VPath::issue_data());
        let mut smallest = f64::MAX;
        let mut checked = 0usize;
        each_text(built, &mut |t| {
            if t.glyphs.iter().any(|g| g.span.0.id() == Some(issue_file)) {
                smallest = smallest.min(t.size.to_pt());
                checked += t.glyphs.len();
            }
        });
        assert!(checked > 1000, "expected the issue's text to be traced, got {checked} glyphs");
        assert!(smallest >= 10.5, "coordinator text set at {smallest} pt");
    });
}

/// Line breaking follows kinsoku: no line starts with closing punctuation and
/// none ends with an opening bracket (lines as poppler's layout analysis sees them).
#[test]
fn kinsoku_holds_in_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    tsushin(&repo(), &["build", "2022-06", "-o", pdf.to_str().unwrap()]).ok();
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    let xml = String::from_utf8_lossy(&out.stdout);
    let mut lines = 0;
    for line in xml.split("<line").skip(1) {
        let text: String = line
            .split("<word")
            .skip(1)
            .filter_map(|w| w.split_once('>').map(|(_, rest)| rest.split("</word>").next().unwrap_or("")))
            .collect();
        let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else { continue };
        lines += 1;
        assert!(!"、。」）』！？".contains(first), "line starts with {first}: {text}");
        assert!(!"「（『".contains(last), "line ends with {last}: {text}");
    }
    assert!(lines > 100, "expected the PDF's lines, found {lines}");
}

/// The layout sets the document language, so Typst applies Japanese line
/// breaking, and every font family is explicit (no fallback surprises).
#[test]
fn layout_declares_japanese_and_explicit_fonts() {
    with_reference(|built| {
        let mut langs = std::collections::BTreeSet::new();
        let mut families = std::collections::BTreeSet::new();
        each_text(built, &mut |t| {
            langs.insert(t.lang.as_str().to_owned());
            families.insert(t.font.font().info().family.clone());
        });
        assert_eq!(langs.into_iter().collect::<Vec<_>>(), vec!["ja".to_owned()]);
        for family in &families {
            assert!(
                ["BIZ UDPGothic", "Zen Maru Gothic", "Noto Sans JP"].contains(&family.as_str()),
                "unexpected font family {family}"
            );
        }
    });
}

/// Nothing on the page is smaller than 10.5 pt but the list bullets.
#[test]
fn all_text_is_at_least_10_5_pt() {
    with_reference(|built| {
        each_text(built, &mut |t| {
            if t.text.as_str() != "●" {
                assert!(t.size.to_pt() >= 10.5, "{:?} set at {} pt", t.text, t.size.to_pt());
            }
        });
    });
}
