//! Embeds the default layout and the bundled fonts into the binary, so that an
//! installed `tsushin` works in any folder without this repository.
//!
//! Generates `assets.rs` with two tables of `include_bytes!` built from what is
//! in `layouts/default/` and `fonts/`, so a file a designer adds is embedded
//! without touching Rust.

use std::fmt::Write as _;
use std::path::Path;

fn files(dir: &Path, exts: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("asset folder must be readable") {
            let path = entry.expect("asset entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e.to_ascii_lowercase().as_str()))
            {
                out.push(path.strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest);
    let mut code = String::new();
    let layout_dir = root.join("layouts/default");
    code.push_str("/// The default layout: (path relative to layouts/default, bytes).\npub static DEFAULT_LAYOUT: &[(&str, &[u8])] = &[\n");
    for f in files(&layout_dir, &["typ", "svg", "png", "jpg", "jpeg"]) {
        let _ = writeln!(code, "    ({f:?}, include_bytes!({:?})),", layout_dir.join(&f).display().to_string());
    }
    code.push_str("];\n");
    let font_dir = root.join("fonts");
    code.push_str("/// The bundled fonts: (file name, bytes).\npub static FONTS: &[(&str, &[u8])] = &[\n");
    for f in files(&font_dir, &["ttf", "otf", "ttc", "otc"]) {
        let _ = writeln!(code, "    ({f:?}, include_bytes!({:?})),", font_dir.join(&f).display().to_string());
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("assets.rs");
    std::fs::write(out, code).expect("OUT_DIR must be writable");
    println!("cargo:rerun-if-changed=layouts/default");
    println!("cargo:rerun-if-changed=fonts");
}
