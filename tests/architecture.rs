//! The shape of the source tree, checked: layers import one way only, and no
//! source file grows past 500 lines.
//!
//! Each folder of `src/` is a layer. A layer may use the layers listed for it
//! below and nothing else; `cli` sits on top and may use everything. The rule
//! is read off the source text (every `crate::…` path outside comments), so it
//! holds for `use` lines and for paths written inline alike.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every layer and the layers it may import (besides itself).
const LAYERS: &[(&str, &[&str])] = &[
    ("diag", &[]),
    ("fs", &["diag"]),
    ("vpath", &[]),
    ("markup", &["vpath", "diag", "fs"]),
    ("model", &["markup", "vpath", "diag", "fs"]),
    ("proof", &["model", "markup", "vpath", "diag", "fs"]),
    ("typeset", &["model", "markup", "vpath", "diag", "fs"]),
    ("print", &["typeset", "model", "markup", "vpath", "diag", "fs"]),
    ("edition", &["print", "typeset", "model", "markup", "vpath", "diag", "fs"]),
    ("archive", &["edition", "print", "typeset", "model", "markup", "vpath", "diag", "fs"]),
    ("cli", &["archive", "edition", "print", "typeset", "proof", "model", "markup", "vpath", "diag", "fs"]),
];

const MAX_LINES: usize = 500;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer a file belongs to: its folder under `src/`, or for a file
/// directly in `src/`, its name (`diag.rs` → `diag`). `lib.rs` and `main.rs`
/// only declare and dispatch, and are not checked.
fn layer_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_owned())
}

/// The top-level modules a source text refers to through `crate::`.
fn imported_layers(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::c}`: every top-level name in the group.
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if !name.is_empty() && name != "self" {
                        found.insert(name);
                    }
                }
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

#[test]
fn layers_import_one_way() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut broken = Vec::new();
    for path in &files {
        let Some(layer) = layer_of(path) else { continue };
        let Some((_, allowed)) = LAYERS.iter().find(|(name, _)| *name == layer) else {
            broken.push(format!("{}: layer `{layer}` is not listed in tests/architecture.rs", path.display()));
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        for used in imported_layers(&text) {
            if used != layer && !allowed.contains(&used.as_str()) {
                broken.push(format!("{}: `{layer}` may not import `{used}`", path.display()));
            }
        }
    }
    assert!(broken.is_empty(), "imports against the layer order:\n{}", broken.join("\n"));
}

#[test]
fn source_files_stay_short() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|p| (p, std::fs::read_to_string(p).unwrap().lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(p, n)| format!("{}: {n} lines", p.display()))
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines:\n{}", long.join("\n"));
}

#[test]
fn the_checker_sees_grouped_and_inline_paths() {
    let text = "use crate::{fs, model::issue};\nlet x = crate::cli::ui::Ui::new(); // crate::archive\n";
    let found: Vec<String> = imported_layers(text).into_iter().collect();
    assert_eq!(found, ["cli", "fs", "model"]);
}
