//! A section file from raw bytes: decoding (UTF-8, UTF-16, Shift_JIS),
//! front matter splitting, TOML parsing into a spotlight-like struct (with
//! `Spanned` values, whose ranges must lie inside the file), and rendering
//! every diagnostic with its source line. None of it may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use tsushin::diag::{Diagnostic, SourceFile};
use tsushin::fs;
use tsushin::markup::frontmatter;
use tsushin::markup::toml_read;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Front {
    title: String,
    #[serde(default)]
    date: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    pages: Option<Spanned<u32>>,
    #[serde(default)]
    voices: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    photos: Vec<Photo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Photo {
    file: Spanned<String>,
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
            match toml_read::parse::<Front>(&file, text, offset) {
                Err(e) => show(&e),
                Ok(front) => {
                    let spans = front.date.iter().map(Spanned::span).chain(front.pages.iter().map(Spanned::span));
                    let spans = spans.chain(front.voices.iter().map(Spanned::span));
                    let spans = spans.chain(front.photos.iter().map(|p| p.file.span()));
                    for span in spans {
                        assert!(file.text.get(span.clone()).is_some(), "span {span:?} outside the file");
                    }
                }
            }
        }
    }
});
