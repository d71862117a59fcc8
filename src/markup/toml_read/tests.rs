//! Reading TOML: the exact line and column of each problem, the Japanese
//! message, and `toml::Spanned` positions in the file.

use serde::Deserialize;
use toml::value::Datetime;

use super::*;
use crate::markup::frontmatter;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Issue {
    title: String,
    date: Datetime,
    #[serde(default)]
    pages: Option<u32>,
    #[serde(default)]
    publisher: Option<Publisher>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Publisher {
    name: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Front {
    title: String,
    #[serde(default)]
    voices: Vec<String>,
    #[serde(default)]
    photos: Vec<Photo>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Photo {
    file: Spanned<String>,
    #[serde(default)]
    caption: Option<String>,
}

fn file(text: &str) -> Arc<SourceFile> {
    SourceFile::new("x.md".into(), text)
}

/// The error for a whole file of TOML.
fn err<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> Diagnostic {
    parse::<T>(&file(text), text, 0).unwrap_err()
}

/// The error for a Markdown file's front matter.
fn front_err(text: &str) -> Diagnostic {
    let file = file(text);
    let split = frontmatter::split(&file).unwrap();
    let (front, offset) = split.front.unwrap();
    parse::<Front>(&file, front, offset).unwrap_err()
}

#[test]
fn unknown_key_suggests_nearest() {
    let d = err::<Issue>("titel = \"a\"\ndate = 2022-06-01\n");
    assert!(d.message.contains("知らないキー「titel」"), "{}", d.message);
    assert!(d.hints[0].contains("「title」のまちがい"), "{:?}", d.hints);
    assert!(d.hints[1].contains("ここで使えるキー: title, date, pages, publisher"), "{:?}", d.hints);
    assert_eq!(d.position().unwrap(), "x.md:1:1");
}

#[test]
fn wrong_type_for_date() {
    let d = err::<Issue>("title = \"a\"\ndate = \"2022-06\"\n");
    assert!(d.message.contains("「date」の値の種類"), "{}", d.message);
    assert!(d.hints[0].contains("2022-06-01"), "{:?}", d.hints);
    assert_eq!(d.position().unwrap(), "x.md:2:8");
}

#[test]
fn syntax_error_has_line_and_column() {
    let d = err::<Issue>("title = \"a\ndate = 2022-06-01\n");
    assert!(d.message.contains("書き方に誤り"), "{}", d.message);
    assert!(d.position().unwrap().starts_with("x.md:1:"), "{:?}", d.position());
}

#[test]
fn missing_key_points_at_the_start() {
    let d = err::<Issue>("date = 2022-06-01\n");
    assert!(d.message.contains("必要なキー「title」"), "{}", d.message);
    assert_eq!(d.position().unwrap(), "x.md:1:1");
    // In front matter, the start is the line after `+++`.
    let d = front_err("+++\nvoices = []\n+++\n本文\n");
    assert!(d.message.contains("必要なキー「title」"), "{}", d.message);
    assert_eq!(d.position().unwrap(), "x.md:2:1");
}

#[test]
fn missing_key_in_a_table_points_at_its_header() {
    let d = front_err("+++\ntitle = \"a\"\n\n[[photos]]\nfile = \"a.jpg\"\n\n[[photos]]\ncaption = \"b\"\n+++\n");
    assert!(d.message.contains("必要なキー「file」"), "{}", d.message);
    assert_eq!(d.position().unwrap(), "x.md:7:1");
    let d = err::<Issue>("title = \"a\"\ndate = 2022-06-01\n[publisher]\n");
    assert!(d.message.contains("必要なキー「name」"), "{}", d.message);
    assert_eq!(d.position().unwrap(), "x.md:3:1");
}

#[test]
fn a_toml_escape_before_the_key_does_not_shift_it() {
    // `\u3042` is six characters in the file and one in the value: the
    // position must come from the file.
    let d = front_err("+++\ntitle = \"a\"\nphotos = [{ caption = \"\\u3042\\u3044\", fil = \"a.jpg\" }]\n+++\n");
    assert!(d.message.contains("知らないキー「fil」"), "{}", d.message);
    assert!(d.hints[0].contains("「file」のまちがい"), "{:?}", d.hints);
    assert_eq!(d.position().unwrap(), "x.md:3:39");
}

#[test]
fn unknown_key_in_an_array_of_tables() {
    let d = front_err("+++\ntitle = \"a\"\n[[photos]]\nfile = \"a.jpg\"\ncapton = \"写真\"\n+++\n");
    assert!(d.message.contains("知らないキー「capton」"), "{}", d.message);
    assert!(d.hints[0].contains("「caption」のまちがい"), "{:?}", d.hints);
    assert_eq!(d.position().unwrap(), "x.md:5:1");
}

#[test]
fn wrong_type_on_line_5_of_front_matter_from_line_2() {
    let d = front_err("+++\ntitle = \"a\"\nvoices = [\n  \"うれしい\",\n  \"たのしい\",\n  3,\n]\n+++\n本文\n");
    assert!(d.message.contains("「voices」の 3 番目の値の種類がちがいます"), "{}", d.message);
    assert!(d.hints[0].contains("\"…\" で囲んだ文字"), "{:?}", d.hints);
    assert_eq!(d.position().unwrap(), "x.md:6:3");
}

#[test]
fn wrong_type_inside_a_table_of_an_array() {
    let d = front_err("+++\ntitle = \"a\"\n[[photos]]\nfile = \"a.jpg\"\n[[photos]]\nfile = 2\n+++\n");
    assert!(d.message.contains("「file」の値の種類がちがいます"), "{}", d.message);
    assert_eq!(d.position().unwrap(), "x.md:6:8");
}

#[test]
fn out_of_range_and_wrong_kind() {
    let d = err::<Issue>("title = \"a\"\ndate = 2022-06-01\npages = -4\n");
    assert!(d.message.contains("「pages」の値の種類"), "{}", d.message);
    assert!(d.hints[0].contains("0 以上の数字"), "{:?}", d.hints);
    assert_eq!(d.position().unwrap(), "x.md:3:9");
    let d = err::<Issue>("title = \"a\"\ndate = 2022-06-01\npublisher = \"市\"\n");
    assert!(d.message.contains("「publisher」の値の種類"), "{}", d.message);
    assert!(d.hints[0].contains("[publisher]"), "{:?}", d.hints);
    let d = err::<Issue>("title = [\"a\"]\ndate = 2022-06-01\n");
    assert_eq!((d.position().unwrap().as_str(), d.hints[0].contains("\"…\"")), ("x.md:1:9", true));
}

#[derive(Deserialize, Debug)]
struct Positions {
    title: Spanned<String>,
    date: Spanned<Datetime>,
    pages: Spanned<u32>,
    voices: Spanned<Vec<String>>,
    photos: Vec<Photo>,
    #[serde(default)]
    number: Option<Spanned<u32>>,
    #[serde(default)]
    missing: Option<Spanned<u32>>,
    each: Vec<Spanned<String>>,
}

#[test]
fn spanned_values_are_byte_ranges_of_the_file() {
    let text = "+++\ntitle = \"「た\\u306e」\"\ndate = 2022-06-01\npages = 4\nvoices = [\"a\", \"b\"]\n\
                number = 0x10\neach = [\"x\", 'y']\n[[photos]]\nfile = \"images/\\u0030x.jpg\"\n+++\n";
    let file = file(text);
    let (front, offset) = frontmatter::split(&file).unwrap().front.unwrap();
    let p: Positions = parse(&file, front, offset).unwrap();
    let written = |span: Range<usize>| &file.text[span];
    assert_eq!((p.title.get_ref().as_str(), written(p.title.span())), ("「たの」", "\"「た\\u306e」\""));
    assert_eq!(written(p.date.span()), "2022-06-01");
    assert_eq!(p.date.get_ref().to_string(), "2022-06-01");
    assert_eq!((*p.pages.get_ref(), written(p.pages.span())), (4, "4"));
    assert_eq!(written(p.voices.span()), "[\"a\", \"b\"]");
    let number = p.number.unwrap();
    assert_eq!((*number.get_ref(), written(number.span())), (16, "0x10"));
    assert!(p.missing.is_none());
    assert_eq!(p.each.iter().map(|s| written(s.span())).collect::<Vec<_>>(), ["\"x\"", "'y'"]);
    // The escaped photo path of issue 8: its own line and column.
    let photo = &p.photos[0].file;
    assert_eq!(photo.get_ref(), "images/0x.jpg");
    assert_eq!(file.line_col(photo.span().start), (9, 8));
}

#[test]
fn nearest_needs_a_close_name() {
    assert_eq!(nearest("captoin", &["file", "caption", "alt"]), Some("caption"));
    assert_eq!(nearest("zzz", &["file", "caption"]), None);
}

#[test]
fn every_string_value_is_listed_with_its_place() {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        voices: Vec<String>,
        photos: Vec<toml::Table>,
    }
    let text = "+++\ntitle = \"a\\u0030b\"\nvoices = ['x', \"\"\"y\"\"\"]\n[[photos]]\nfile = \"images/p.jpg\"\n+++\n";
    let file = SourceFile::new("x.md".into(), text);
    let (_, strings): (Front, _) = parse_with_strings(&file, &text[4..text.len() - 4], 4).unwrap();
    let written: Vec<(&str, &str, &str)> =
        strings.iter().map(|s| (&text[s.range.clone()], s.text.as_str(), s.key.as_str())).collect();
    assert_eq!(
        written,
        [
            ("\"a\\u0030b\"", "a0b", "title"),
            ("'x'", "x", "voices"),
            ("\"\"\"y\"\"\"", "y", "voices"),
            ("\"images/p.jpg\"", "images/p.jpg", "photos.file")
        ]
    );
}
