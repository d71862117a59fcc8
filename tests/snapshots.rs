//! Snapshot of the intermediate Typst data generated for the reference issue:
//! any change to the Markdown conversion or the data handed to the layout shows
//! up here as a reviewable diff (`cargo insta review`).

mod common;

use common::*;

#[test]
fn reference_issue_typst_data() {
    let dir = tempfile::tempdir().unwrap();
    let emit = dir.path().join("emitted");
    let pdf = dir.path().join("x.pdf");
    tsushin(&repo(), &["build", "2022-06", "-o", pdf.to_str().unwrap(), "--emit-typst", emit.to_str().unwrap()]).ok();
    let issue = std::fs::read_to_string(emit.join("issue.typ")).unwrap();
    let main = std::fs::read_to_string(emit.join("main.typ")).unwrap();
    insta::assert_snapshot!("issue_typ", issue);
    insta::assert_snapshot!("main_typ", main);
}
