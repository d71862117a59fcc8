//! The Typst literal writer: values, files recorded, what is refused.

use serde::Serialize;

use super::*;

#[derive(Serialize)]
struct Section<'a> {
    title: &'a str,
    note: Option<&'a str>,
    body: Content<'a>,
    tags: Vec<&'a str>,
}

#[derive(Serialize)]
struct Data<'a> {
    count: u32,
    empty: Vec<u32>,
    section: FromFile<'a, Section<'a>>,
    after: &'a str,
    bleed: Mm,
}

fn written<T: Serialize>(value: &T, files: &[Arc<SourceFile>]) -> Result<(String, SourceMap), Error> {
    let mut out = String::new();
    let map = write(value, &mut out, files, &[])?;
    Ok((out, map))
}

#[test]
fn values_become_a_typst_literal_with_their_files_recorded() {
    let file = SourceFile::new("issues/x/a.md".into(), "# t\n本文です\n");
    let rich = Rich {
        markup: "本文です".into(),
        spans: vec![TextSpan { out: 0..12, src: 4..16 }],
        markdown: "本文です".into(),
    };
    let data = Data {
        count: 3,
        empty: vec![],
        section: FromFile {
            file: Some(&file),
            value: Section { title: "「題」\"", note: None, body: Content(&rich), tags: vec!["a"] },
        },
        after: "outside",
        bleed: Mm(3.0),
    };
    let (text, map) = written(&data, std::slice::from_ref(&file)).unwrap();
    assert_eq!(
        text,
        "(\n  count: 3,\n  empty: (),\n  section: (\n    title: \"「題」\\\"\",\n    note: none,\n    body: [本文です],\n    tags: (\n      \"a\",\n    ),\n  ),\n  after: \"outside\",\n  bleed: 3mm,\n)"
    );
    assert_eq!(map.files.len(), 1);
    // Strings inside the wrapper are the file's, the one after it is not.
    assert!(map.string_origin("「題」\"").is_some());
    assert!(map.string_origin("outside").is_none());
    // The rich text's bytes lead back into the file.
    let at = text.find("本文").unwrap();
    let origin = map.locate(at + 3).expect("inside the content block");
    assert_eq!(origin.file.display, "issues/x/a.md");
    assert_eq!(origin.range, Some(7..10), "the second character, 文");
}

#[test]
fn what_has_no_place_in_the_data_is_refused() {
    #[derive(Serialize)]
    struct Float {
        x: f64,
    }
    assert!(written(&Float { x: 1.0 }, &[]).is_err(), "1.0 would be read as an integer");
    let map: std::collections::BTreeMap<&str, u32> = [("a", 1)].into();
    assert!(written(&map, &[]).is_err());
    let file = SourceFile::new("elsewhere.md".into(), "");
    assert!(written(&FromFile { file: Some(&file), value: 1 }, &[]).is_err(), "unknown file");
    #[derive(Serialize)]
    struct Nothing {}
    assert_eq!(written(&Nothing {}, &[]).unwrap().0, "(:)");
}

#[test]
fn text_with_furigana_is_content_calling_ruby_and_leads_back_to_its_file() {
    #[derive(Serialize)]
    struct Titles<'a> {
        a: Text<'a>,
        b: Text<'a>,
    }
    let file = SourceFile::new("issues/x/a.md".into(), "");
    let data =
        FromFile { file: Some(&file), value: Titles { a: Text("{八幡|やわた}だより"), b: Text("x\\|y") } };
    let (text, map) = written(&data, std::slice::from_ref(&file)).unwrap();
    assert_eq!(text, "(\n  a: [#ruby[八幡][やわた]だより],\n  b: \"x|y\",\n)");
    let at = text.find("だより").unwrap();
    assert_eq!(map.locate(at).expect("inside the content block").file.display, "issues/x/a.md");
}
