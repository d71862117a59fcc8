//! The layout lookup: which files make up the layout an issue is set in.
//!
//! A newsletter may have its own layouts in `layouts/<name>/` (plain Typst,
//! see layouts/README.md); the default layout is also embedded in the binary,
//! so a newsletter without a `layouts/` folder works anywhere. The files found
//! here go into the virtual tree ([`crate::typeset::tree`]) under
//! `/layouts/<name>/`.

use std::path::Path;

use typst::foundations::Bytes;

use crate::diag::{Diagnostic, display_path};
use crate::fs;
use crate::typeset::assets;
use crate::typeset::inputs::LAYOUTS_DIR;
use crate::typeset::world::Tree;
use crate::vpath::VPath;

/// The layout's files, from the newsletter's `layouts/<name>/` if it has one,
/// otherwise the embedded default.
pub fn add(tree: &mut Tree, root: &Path, name: &str) -> Result<(), Diagnostic> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(Diagnostic::error(format!("レイアウト名「{name}」は使えません"))
            .hint("layout には英数字・-・_ だけの名前（例: default）を書いてください"));
    }
    let dir = root.join(LAYOUTS_DIR).join(name);
    if dir.join("layout.typ").is_file() {
        for path in fs::walk_files(&dir)? {
            if let Ok(rel) = path.strip_prefix(&dir) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                let shown = display_path(&path, root);
                tree.disk(VPath::layout(name, &rel), path, shown);
            }
        }
        return Ok(());
    }
    if name == "default" {
        for (rel, bytes) in assets::DEFAULT_LAYOUT {
            tree.memory(VPath::layout("default", rel), Bytes::new(*bytes), format!("(内蔵) layouts/default/{rel}"));
        }
        return Ok(());
    }
    Err(Diagnostic::error(format!(
        "レイアウト「{name}」が見つかりません（{} がありません）",
        display_path(&dir.join("layout.typ"), root)
    ))
    .hint("tsushin.toml か issue.toml の layout を default にするか、layouts/<名前>/layout.typ を作ってください"))
}
