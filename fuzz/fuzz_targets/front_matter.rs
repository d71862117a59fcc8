//! A section file from raw bytes: decoding (UTF-8, UTF-16, Shift_JIS),
//! front matter splitting, TOML parsing into a spotlight-like struct, and
//! rendering every diagnostic with its source line. None of it may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use tsushin::diag::{Diagnostic, SourceFile};
use tsushin::fs;
use tsushin::markup::frontmatter;
use tsushin::markup::toml_read;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Front {
    title: String,
    #[serde(default)]
    date: Option<toml::value::Datetime>,
    #[serde(default)]
    pages: Option<u32>,
    #[serde(default)]
    voices: Vec<String>,
    #[serde(default)]
    photos: Vec<Photo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Photo {
    file: String,
    #[serde(default)]
    caption: Option<String>,
}

fn show(diag: &Diagnostic) {
    let rendered = diag.render();
    assert!(rendered.starts_with("エラー") || rendered.starts_with("警告"));
    let _ = diag.position();
}

fuzz_target!(|bytes: &[u8]| {
    let decoded = match fs::decode_text(bytes, "x.md") {
        Ok(d) => d,
        Err(e) => return show(&e),
    };
    if let Some(w) = &decoded.warning {
        show(w);
    }
    let file = SourceFile::new("x.md".into(), decoded.text);
    match frontmatter::split(&file) {
        Err(e) => show(&e),
        Ok(split) => {
            assert!(file.text.get(split.body_offset..).is_some());
            let (text, offset) = split.front.unwrap_or(("", 0));
            if let Err(e) = toml_read::parse::<Front>(&file, text, offset) {
                show(&e);
            }
        }
    }
});
