//! A compilation that starts Typst's layout loop from the previous one's
//! pages (typeset::converge: what `tsushin watch` does after every edit)
//! writes the PDF a fresh build writes, for every sample issue and edits of
//! several kinds: text that moves the page breaks, a paragraph removed, the
//! edits undone. An issue compiled again unchanged takes one layout pass.

use std::path::Path;

use tsushin::model::config::Newsletter;
use tsushin::model::id::IssueId;
use tsushin::print::pdf;
use tsushin::typeset::session::{Options, Session};

mod common;
use common::*;

/// The PDF of the issue as `session` compiles it now, and Typst's passes.
fn pdf_of(session: &mut Session, root: &Path, id: IssueId) -> (Vec<u8>, usize) {
    let newsletter = Newsletter::load(root.to_path_buf()).expect("tsushin.toml loads");
    let built = session.compile(&newsletter, id, Options::default()).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let bytes = pdf::export(&built.compiled.document, &built.issue, built.world)
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    (bytes, built.compiled.passes)
}

fn fresh(root: &Path, id: IssueId) -> Vec<u8> {
    let mut session = Session::new(root).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    pdf_of(&mut session, root, id).0
}

#[test]
fn every_sample_rebuilt_from_its_previous_pages_is_the_fresh_build() {
    let samples = [
        (".", "2022-06"),
        ("examples/sparse-2p", "2023-03"),
        ("examples/district-2p", "2023-02"),
        ("examples/phone-photos-4p", "2022-10"),
        ("examples/full-6p", "2023-06"),
        ("examples/booklet-8p", "2023-12"),
    ];
    for (example, name) in samples {
        let fx = if example == "." { Fixture::reference() } else { Fixture::new(example) };
        let (root, id) = (fx.path(), IssueId::parse(name).expect("an issue id"));
        let issue_dir = root.join("issues").join(name);
        let mut session = Session::new(root).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        let (first, _) = pdf_of(&mut session, root, id);
        let (again, passes) = pdf_of(&mut session, root, id);
        assert_eq!(passes, 1, "{example}: unchanged, the previous pages answer everything");
        assert!(again == first, "{example}: unchanged, the same PDF");

        let greeting = issue_dir.join("greeting.md");
        let original = std::fs::read_to_string(&greeting).expect("greeting.md");
        let spotlight = std::fs::read_dir(issue_dir.join("spotlights"))
            .expect("spotlights/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .min()
            .expect("a spotlight");
        let spotlight_text = std::fs::read_to_string(&spotlight).expect("the spotlight");
        let sentence = "地域の皆さんの声を聞きながら、困りごとを解決する仕組みづくりを進めています。";
        let edits: [(&Path, String); 4] = [
            // one line longer
            (&greeting, original.replacen('。', &format!("。{sentence}"), 1)),
            // a paragraph of five lines more: what follows moves on
            (&greeting, format!("{original}\n{}\n", sentence.repeat(4))),
            // the spotlight's last paragraph gone
            (&spotlight, {
                let trimmed = spotlight_text.trim_end();
                trimmed.rsplit_once("\n\n").map_or(trimmed, |(head, _)| head).to_owned() + "\n"
            }),
            // everything undone
            (&greeting, original.clone()),
        ];
        for (step, (file, text)) in edits.into_iter().enumerate() {
            std::fs::write(file, text).expect("edit");
            if step == 3 {
                std::fs::write(&spotlight, &spotlight_text).expect("undo");
            }
            let (seeded, _) = pdf_of(&mut session, root, id);
            assert!(
                seeded == fresh(root, id),
                "{example}: after edit {step}, the seeded build differs from a fresh one"
            );
            if step == 3 {
                assert!(seeded == first, "{example}: the edits undone give the first PDF again");
            } else {
                assert!(seeded != first, "{example}: edit {step} changed nothing to compare");
            }
        }
    }
}
