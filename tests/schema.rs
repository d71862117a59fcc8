//! The JSON Schemas editors check tsushin's files with (`tsushin schema`),
//! run through a real validator: each is a valid draft-7 schema, accepts
//! every file written in this repository and refuses a misspelt key as the
//! loader does; `init` and `new` point their TOML files at them.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// The schemas as `tsushin schema` writes them, by file name.
fn written_schemas(dir: &Path) -> Vec<(String, Value)> {
    tsushin(dir, &["schema", "out-schemas"]).ok();
    let mut out: Vec<(String, Value)> = std::fs::read_dir(dir.join("out-schemas"))
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            (name, serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// TOML read as taplo-based editors see it in JSON: dates become strings.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

fn parse_toml(text: &str) -> Value {
    toml_to_json(toml::Value::Table(toml::from_str(text).unwrap()))
}

/// The front matter of a section file, as JSON.
fn front_matter(text: &str) -> Value {
    let text = text.trim_start_matches('\u{feff}');
    let rest = text.strip_prefix("+++\n").unwrap_or_else(|| panic!("no front matter:\n{text}"));
    let end = rest.find("\n+++").unwrap();
    parse_toml(&rest[..end + 1])
}

/// Which schema checks `path`, if any.
fn schema_for(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md").or_else(|| name.strip_suffix(".toml"))?;
    let in_spotlights = path.parent()?.file_name()? == "spotlights";
    let schema = match stem {
        "tsushin" | "issue" | "greeting" | "notice" | "figure" | "minutes" | "game" | "events" => stem,
        _ if in_spotlights && name.ends_with(".md") => "spotlight",
        _ => return None,
    };
    Some(format!("{schema}.schema.json"))
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn validator(schemas: &[(String, Value)], name: &str) -> jsonschema::Validator {
    let schema = &schemas.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}")).1;
    jsonschema::draft7::new(schema).unwrap_or_else(|e| panic!("{name} is not a valid schema: {e}"))
}

#[test]
fn every_schema_is_valid_draft_7_with_japanese_descriptions() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = written_schemas(dir.path());
    let names: Vec<&str> = schemas.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "events.schema.json",
            "figure.schema.json",
            "game.schema.json",
            "greeting.schema.json",
            "issue.schema.json",
            "minutes.schema.json",
            "notice.schema.json",
            "spotlight.schema.json",
            "tsushin.schema.json"
        ]
    );
    for (name, schema) in &schemas {
        assert!(jsonschema::meta::is_valid(schema), "{name} is not a valid schema");
        // every key of every table says in Japanese what it is, and unknown
        // keys are refused, as the loader refuses them
        let mut tables = vec![schema];
        tables.extend(schema.get("definitions").and_then(Value::as_object).into_iter().flat_map(|d| d.values()));
        for table in tables {
            assert_eq!(table["additionalProperties"], Value::Bool(false), "{name}: {table}");
            for (key, property) in table["properties"].as_object().unwrap() {
                let description = property["description"].as_str().unwrap_or_default();
                assert!(!description.is_ascii(), "{name}: `{key}` has no Japanese description");
                assert_ne!(property.get("default"), Some(&Value::Null), "{name}: `{key}` offers null");
            }
        }
    }
}

#[test]
fn the_schemas_accept_every_file_written_here() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = written_schemas(dir.path());
    let mut files = Vec::new();
    for folder in ["issues", "examples", "tests/fixtures"] {
        files_under(&repo().join(folder), &mut files);
    }
    files.push(repo().join("tsushin.toml"));
    // what `tsushin init` writes, with its first issue
    let new = dir.path().join("new");
    tsushin(dir.path(), &["init", new.to_str().unwrap(), "--issue", "2024-04"]).ok();
    files_under(&new, &mut files);
    let mut checked = 0;
    for path in files {
        let Some(name) = schema_for(&path) else { continue };
        let text = std::fs::read_to_string(&path).unwrap();
        let value = if path.extension().is_some_and(|e| e == "md") {
            if !text.starts_with("+++") {
                continue; // a body without front matter (greeting.md may be one)
            }
            front_matter(&text)
        } else {
            parse_toml(&text)
        };
        let errors: Vec<String> = validator(&schemas, &name).iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{} fails {name}: {errors:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} files checked");
}

#[test]
fn a_misspelt_key_is_refused_as_the_loader_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = written_schemas(dir.path());
    let issue = validator(&schemas, "issue.schema.json");
    assert!(issue.is_valid(&parse_toml("date = 2024-04-01\npages = 4\n")));
    assert!(!issue.is_valid(&parse_toml("date = 2024-04-01\npage = 4\n")), "page for pages");
    assert!(!issue.is_valid(&parse_toml("pages = 4\n")), "date is required");
    let events = validator(&schemas, "events.schema.json");
    let event = |extra: &str| parse_toml(&format!("[[events]]\ntitle = \"会\"\ndate = 2024-04-20\n{extra}"));
    assert!(events.is_valid(&event("place = \"公民館\"\n")));
    assert!(!events.is_valid(&event("plase = \"公民館\"\n")), "plase for place");
    let spotlight = validator(&schemas, "spotlight.schema.json");
    assert!(!spotlight.is_valid(&parse_toml("title = \"a\"\ncouncel = \"b\"\n")), "councel for council");
    assert!(!spotlight.is_valid(&parse_toml("title = \"a\"\n[[flows]]\n[[flows.steps]]\ntxt = \"b\"\n")));
    let tsushin_toml = validator(&schemas, "tsushin.schema.json");
    assert!(!tsushin_toml.is_valid(&parse_toml("title = \"a\"\n[publisher]\nnmae = \"b\"\n")), "nmae for name");
}

#[test]
fn init_and_new_point_their_toml_files_at_the_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("通信");
    tsushin(dir.path(), &["init", root.to_str().unwrap(), "--issue", "2024-04"]).ok();
    tsushin(&root, &["new", "2024-06"]).ok();
    for (toml, depth) in
        [("tsushin.toml", ""), ("issues/2024-04/issue.toml", "../../"), ("issues/2024-06/issue.toml", "../../")]
    {
        let text = std::fs::read_to_string(root.join(toml)).unwrap();
        let first = text.lines().next().unwrap();
        let name = if toml == "tsushin.toml" { "tsushin" } else { "issue" };
        assert_eq!(first, format!("#:schema {depth}schemas/{name}.schema.json"), "{toml}");
        // relative to the file, as taplo resolves it
        let target = root.join(toml).parent().unwrap().join(first.trim_start_matches("#:schema "));
        assert!(target.is_file(), "{toml}: {} is missing", target.display());
    }
    // the folder still builds, with the line in place
    tsushin(&root, &["check", "2024-06"]).ok();
}

#[test]
fn the_schemas_in_this_repository_are_current() {
    let dir = tempfile::tempdir().unwrap();
    tsushin(dir.path(), &["schema", "now"]).ok();
    for entry in std::fs::read_dir(dir.path().join("now")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        let committed = std::fs::read(repo().join("schemas").join(name)).unwrap_or_default();
        assert!(
            committed == std::fs::read(&path).unwrap(),
            "schemas/{} is out of date: run `cargo run --release -- schema schemas`",
            name.to_string_lossy()
        );
    }
}
