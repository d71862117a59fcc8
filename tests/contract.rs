//! The data contract with the layout, checked both ways: every key of the
//! `issue` dictionary tsushin generates is described in layouts/README.md,
//! every key described there is generated, and each value has a type the
//! README allows.
//!
//! The generated side is read from `issue.typ` itself (parsed with Typst's
//! own parser), made from `tests/fixtures/complete`, an issue in which no
//! optional value is missing and no list is empty — checked here too, so a
//! new key cannot hide behind a `none`. The typed definition of the data is
//! `src/typeset/data/mod.rs`.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use tsushin::model::config::Newsletter;
use tsushin::model::issue::{self, IssueId};
use tsushin::typeset::data::{self, Medium};
use tsushin::vpath::VPath;
use typst::syntax::ast::{self, AstNode};

/// Key path (`spotlights[].photos[].alt`) → the kinds of value allowed or
/// found there (`str`, `int`, `bool`, `content`, `length`, `none`, `dictionary`,
/// `array`).
type Schema = BTreeMap<String, BTreeSet<String>>;

// ---- the README's schema -------------------------------------------------------

/// The ```typst block under "## The `issue` dictionary".
fn readme_block(readme: &str) -> String {
    let section = readme.split("## The `issue` dictionary").nth(1).expect("README has the `issue` dictionary section");
    let block = section.split("```typst").nth(1).expect("a ```typst block in that section");
    block.split("```").next().unwrap_or_default().to_owned()
}

/// The block's tokens, comments dropped: `(`, `)`, `:`, `,`, `|` and names.
fn tokens(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in block.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut chars = code.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '(' | ')' | ':' | ',' | '|' => out.push(c.to_string()),
                c if c.is_alphanumeric() || c == '_' => {
                    let mut word = c.to_string();
                    while let Some(&n) = chars.peek().filter(|n| n.is_alphanumeric() || **n == '_' || **n == '-') {
                        word.push(n);
                        chars.next();
                    }
                    out.push(word);
                }
                c if c.is_whitespace() => {}
                c => panic!("unexpected {c:?} in the README's schema block: {line}"),
            }
        }
    }
    out
}

struct Reader {
    tokens: Vec<String>,
    at: usize,
}

impl Reader {
    fn next(&mut self) -> String {
        let t = self.tokens.get(self.at).cloned().unwrap_or_else(|| panic!("schema block ends early"));
        self.at += 1;
        t
    }

    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    fn expect(&mut self, token: &str) {
        let t = self.next();
        assert_eq!(t, token, "README schema: expected `{token}` at token {}", self.at);
    }

    /// `( key: type, … )` at `path`.
    fn dict(&mut self, path: &str, out: &mut Schema) {
        self.expect("(");
        while self.peek() != Some(")") {
            let key = self.next();
            self.expect(":");
            let at = if path.is_empty() { key } else { format!("{path}.{key}") };
            self.value(&at, out);
            if self.peek() == Some(",") {
                self.next();
            }
        }
        self.expect(")");
    }

    /// `alt | alt | …` at `path`, where an alternative is a type name, a
    /// dictionary, or `array of <alternative>`.
    fn value(&mut self, path: &str, out: &mut Schema) {
        loop {
            match self.peek() {
                Some("(") => {
                    out.entry(path.to_owned()).or_default().insert("dictionary".into());
                    self.dict(path, out);
                }
                Some("array") => {
                    self.next();
                    self.expect("of");
                    out.entry(path.to_owned()).or_default().insert("array".into());
                    let items = format!("{path}[]");
                    if self.peek() == Some("(") {
                        out.entry(items.clone()).or_default().insert("dictionary".into());
                        self.dict(&items, out);
                    } else {
                        let kind = self.next();
                        out.entry(items).or_default().extend(kinds(kind));
                    }
                }
                _ => {
                    let kind = self.next();
                    out.entry(path.to_owned()).or_default().extend(kinds(kind));
                }
            }
            if self.peek() != Some("|") {
                break;
            }
            self.next();
        }
    }
}

/// The kinds of value a type name of the README allows: `text` (a string
/// the coordinator wrote) is a `str`, or `content` when it holds furigana.
fn kinds(name: String) -> Vec<String> {
    match name.as_str() {
        "text" => vec!["str".to_owned(), "content".to_owned()],
        _ => vec![name],
    }
}

fn readme_schema(readme: &str) -> Schema {
    let mut reader = Reader { tokens: tokens(&readme_block(readme)), at: 0 };
    let mut out = Schema::new();
    reader.dict("", &mut out);
    assert_eq!(reader.peek(), None, "README schema: text after the dictionary");
    out
}

// ---- the generated data ------------------------------------------------------------

fn generated_schema(issue_typ: &str) -> Schema {
    let root = typst::syntax::parse(issue_typ);
    let (errors, _) = root.errors_and_warnings();
    assert!(errors.is_empty(), "issue.typ does not parse: {errors:?}");
    let markup = root.cast::<ast::Markup>().expect("markup");
    let init = markup
        .exprs()
        .find_map(|e| match e {
            // (not `#let ruby(base, reading) = …`, the fallback for furigana)
            ast::Expr::LetBinding(binding) => binding.init().filter(|e| !matches!(e, ast::Expr::Closure(_))),
            _ => None,
        })
        .expect("issue.typ binds `issue`");
    let mut out = Schema::new();
    walk(init, "", &mut out);
    // The dictionary itself is `issue`, not one of its keys.
    out.remove("");
    out
}

fn walk(expr: ast::Expr, path: &str, out: &mut Schema) {
    let kind = match expr {
        ast::Expr::Dict(dict) => {
            for item in dict.items() {
                let ast::DictItem::Named(named) = item else { panic!("{path}: a key that is not a name") };
                let key = named.name().get().to_string();
                walk(named.expr(), &if path.is_empty() { key.clone() } else { format!("{path}.{key}") }, out);
            }
            "dictionary"
        }
        ast::Expr::Array(array) => {
            for item in array.items() {
                let ast::ArrayItem::Pos(item) = item else { panic!("{path}: a spread in an array") };
                walk(item, &format!("{path}[]"), out);
            }
            "array"
        }
        ast::Expr::Str(_) => "str",
        ast::Expr::Int(_) => "int",
        ast::Expr::Bool(_) => "bool",
        ast::Expr::Numeric(_) => "length",
        ast::Expr::ContentBlock(_) => "content",
        ast::Expr::None(_) => "none",
        other => panic!("{path}: unexpected {:?} in issue.typ", other.to_untyped().kind()),
    };
    out.entry(path.to_owned()).or_default().insert(kind.to_owned());
}

/// `issue.typ` of the complete fixture, with the bleed of print-shop output
/// and the reading order of large print.
fn complete_issue_typ() -> String {
    let fx = Fixture::new("tests/fixtures/complete");
    fx.write("issues/2024-05/images/photo.png", png(400, 300));
    let newsletter = Newsletter::load(fx.path().to_path_buf()).expect("tsushin.toml loads");
    let id = IssueId::parse("2024-05").expect("valid id");
    let (issue, warnings) = issue::load(&newsletter, id).unwrap_or_else(|d| panic!("fixture loads: {d:?}"));
    assert!(warnings.is_empty(), "fixture loads without warnings: {warnings:?}");
    let ruby = VPath::layout("default", "ruby.typ");
    // (as large print has it: the order of its articles given)
    let order = ["greeting", "spotlight-0", "footer"].map(str::to_owned).to_vec();
    data::generate(&issue, Medium { bleed_mm: Some(3.0), order: Some(order) }, Some(&ruby))
        .expect("data generated")
        .text
}

#[test]
fn furigana_calls_the_layouts_ruby_as_described() {
    let typ = complete_issue_typ();
    assert!(typ.starts_with("// Generated"), "{typ}");
    assert!(typ.contains("#import \"/layouts/default/ruby.typ\": ruby\n"), "issue.typ imports the layout's ruby");
    assert!(typ.contains("#ruby[高崎][たかさき]"), "the fixture's furigana reaches the data:\n{typ}");
    // A string with furigana (the spotlight's title) is content calling ruby;
    // one without stays a string.
    assert!(typ.contains("title: [#ruby[八幡][やわた]お助け隊発足],"), "{typ}");
    assert!(typ.contains("subtitle: \"ニーズ調査から\","), "{typ}");
    let readme = std::fs::read_to_string(repo().join("layouts/README.md")).expect("layouts/README.md");
    assert!(readme.contains("`ruby(base, reading)`") && readme.contains("ruby.typ"), "README describes ruby");
    let layout =
        std::fs::read_to_string(repo().join("layouts/default/ruby.typ")).expect("the default layout's ruby.typ");
    assert!(layout.contains("#let ruby(base, reading) ="), "the default layout defines ruby(base, reading)");
    assert!(!layout.contains("/issue.typ"), "ruby.typ may not import issue.typ (issue.typ imports it)");
}

// ---- the checks ---------------------------------------------------------------------

#[test]
fn readme_describes_exactly_the_generated_data() {
    let readme = std::fs::read_to_string(repo().join("layouts/README.md")).expect("layouts/README.md");
    let described = readme_schema(&readme);
    let generated = generated_schema(&complete_issue_typ());

    let mut problems = Vec::new();
    for path in generated.keys().filter(|p| !described.contains_key(*p)) {
        problems.push(format!("`{path}` is handed to the layout but not described in layouts/README.md"));
    }
    for path in described.keys().filter(|p| !generated.contains_key(*p)) {
        problems
            .push(format!("`{path}` is described in layouts/README.md but not generated (src/typeset/data/mod.rs)"));
    }
    for (path, kinds) in &generated {
        let Some(allowed) = described.get(path) else { continue };
        for kind in kinds.iter().filter(|k| !allowed.contains(*k)) {
            problems.push(format!("`{path}` is generated as {kind}; layouts/README.md allows {allowed:?}"));
        }
        // The fixture must show every key: nothing left out, no empty list.
        if kinds.contains("none") {
            problems.push(format!("`{path}` is none in tests/fixtures/complete: give it a value"));
        }
        if kinds.contains("array") && !generated.contains_key(&format!("{path}[]")) {
            problems.push(format!("`{path}` is empty in tests/fixtures/complete: give it an item"));
        }
    }
    assert!(problems.is_empty(), "the data contract is broken:\n{}", problems.join("\n"));
    assert!(generated.len() > 60, "only {} key paths generated", generated.len());
}

#[test]
fn the_schema_reader_sees_nested_arrays_and_alternatives() {
    let readme = "## The `issue` dictionary\n```typst\n(\n  a: str|none, // (not: this)\n  b: none | (c: int, d: array of (e: content)),\n  f: array of str,\n  g: array of text,\n)\n```\n";
    let schema = readme_schema(readme);
    let keys: Vec<&str> = schema.keys().map(String::as_str).collect();
    assert_eq!(keys, ["a", "b", "b.c", "b.d", "b.d[]", "b.d[].e", "f", "f[]", "g", "g[]"]);
    assert_eq!(schema["g[]"], BTreeSet::from(["str".to_owned(), "content".to_owned()]));
    assert_eq!(schema["b"], BTreeSet::from(["none".to_owned(), "dictionary".to_owned()]));
    assert_eq!(schema["f[]"], BTreeSet::from(["str".to_owned()]));
}

#[test]
fn the_generated_reader_sees_every_value() {
    let typ = "#let issue = (\n  a: \"x\",\n  b: (\n    (c: [t], d: 3mm),\n  ),\n  e: none,\n  f: (),\n)\n";
    let schema = generated_schema(typ);
    let keys: Vec<&str> = schema.keys().map(String::as_str).collect();
    assert_eq!(keys, ["a", "b", "b[]", "b[].c", "b[].d", "e", "f"]);
    assert_eq!(schema["b[].d"], BTreeSet::from(["length".to_owned()]));
}
