//! The virtual tree of one issue: everything the compiler may read for it.
//!
//! The issue model becomes `issue.typ` (the data, with its source map) and
//! `main.typ` (metadata and the call of the layout); beside them go the
//! layout's files, the QR code of the publisher's web page and the images the
//! issue refers to (HEIC photos converted to JPEG, under their own names). The sandboxed world ([`crate::typeset::world`]) serves this
//! tree and nothing else.

use std::path::Path;

use typst::foundations::Bytes;

use crate::diag::{Diagnostic, display_path};
use crate::model::images::Format;
use crate::model::issue::Issue;
use crate::typeset::data::{self, Medium, SourceMap};
use crate::typeset::world::Tree;
use crate::typeset::{heic, layout};
use crate::vpath::VPath;

/// The whole virtual tree of an issue (generated files, layout, images) and
/// the map from the generated `issue.typ` back to the section files, which
/// [`compile`](crate::typeset::compile::compile) needs to explain what it
/// finds.
pub fn of_issue(issue: &Issue, root: &Path, medium: Medium) -> Result<(Tree, SourceMap), Diagnostic> {
    let mut tree = Tree::default();
    let layout = &issue.settings.layout;
    layout::add(&mut tree, root, layout)?;
    let entry = medium.entry(layout);
    if !tree.entries.contains_key(&entry) {
        return Err(Diagnostic::error(format!(
            "レイアウト「{layout}」には拡大版のレイアウト（{}）がありません",
            data::LARGE_PRINT_ENTRY
        ))
        .hint(format!(
            "layouts/{layout}/{} を作るか（標準のレイアウトは tsushin init --layout で書き出せます）、--large-print を付けずに作ってください",
            data::LARGE_PRINT_ENTRY
        )));
    }
    tree.memory(VPath::main(), Bytes::new(data::main_module(issue, &entry).into_bytes()), "(生成) main.typ".into());
    // Large print writes furigana in （）: a reading at half of 16 pt would
    // be smaller than anything else in it (see layouts/README.md).
    let ruby = VPath::layout(layout, "ruby.typ");
    let ruby = (tree.entries.contains_key(&ruby) && !medium.large_print()).then_some(&ruby);
    let generated = data::generate(issue, medium, ruby)?;
    tree.memory(VPath::issue_data(), Bytes::new(generated.text.into_bytes()), "(生成) issue.typ".into());
    if let Some(url) = issue.settings.publisher.web_url.as_deref().filter(|_| data::web_qr(issue)) {
        let svg = crate::typeset::qr::svg(url).ok_or_else(|| {
            Diagnostic::error(format!("ホームページの URL「{url}」は長すぎて QR コードにできません"))
                .hint("tsushin.toml の [publisher] の web_url を短い URL にしてください")
        })?;
        tree.memory(VPath::web_qr(), Bytes::new(svg.into_bytes()), "(生成) ホームページの QR コード".into());
    }
    for (vpath, path) in &issue.images {
        let shown = display_path(path, root);
        // A HEIC photo is served converted (memoised by content). One that
        // does not convert is served as it is, and the decode check before
        // compiling (typeset::images) reports it where it is referred to.
        let heic = issue.image_headers.get(vpath).is_some_and(|h| h.format == Format::Heic);
        match heic.then(|| std::fs::read(path).ok()).flatten().map(|bytes| heic::convert(&bytes)) {
            Some(Ok(converted)) => tree.memory(vpath.clone(), converted, shown),
            _ => tree.disk(vpath.clone(), path.clone(), shown),
        }
    }
    Ok((tree, generated.map))
}
