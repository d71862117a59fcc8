//! Each image a section refers to — `![説明](images/a.jpg)` in Markdown or
//! `file = "images/a.jpg"` under `[[photos]]` — checked where it is written:
//! the path stays inside the issue folder, the file is there and no symlink
//! leads out, and its header ([`crate::model::images`]) is one the compiler
//! reads. An image that passes is added to the files the compiler may read.
//!
//! Only the header is read here. Whether the whole photo decodes is checked
//! once per build by the typeset layer, so `list` and `watch` stay fast.

use std::ops::Range;
use std::sync::Arc;

use super::Loader;
use crate::diag::{Diagnostic, SourceFile};
use crate::fs;
use crate::model::images::{self, Problem};
use crate::model::issue::ImageUse;
use crate::vpath::VPath;

impl Loader<'_> {
    /// Checks the image `url` (its virtual path `vpath`, `None` when the path
    /// may not be used) written at `range` of `file`, and allows the compiler
    /// to read it.
    pub(super) fn check_image(
        &mut self,
        file: &Arc<SourceFile>,
        range: Range<usize>,
        url: &str,
        vpath: Option<&VPath>,
    ) {
        let Some(vpath) = vpath else {
            self.sink.push(
                Diagnostic::error(format!("画像「{url}」は使えない場所を指しています"))
                    .at(file, range)
                    .hint("画像は号のフォルダーの images/ に置き、images/写真.jpg のように書いてください（../ や / で始まるパス、URL は使えません）"),
            );
            return;
        };
        let path = self.dir.join(vpath.in_issue().unwrap_or_default());
        // Looked at even when missing: the photo appearing is a change.
        self.note(&path);
        let display = self.display(&path);
        if !path.is_file() {
            self.sink.push(
                Diagnostic::error(format!("画像ファイル {display} が見つかりません"))
                    .at(file, range)
                    .hint("ファイル名（大文字・小文字、拡張子）と置き場所を確かめてください"),
            );
            return;
        }
        // A symlink could lead out of the issue folder: compare real locations.
        let inside = match (path.canonicalize(), self.dir.canonicalize()) {
            (Ok(real), Ok(dir)) => real.starts_with(dir),
            _ => false,
        };
        if !inside {
            self.sink.push(
                Diagnostic::error(format!("画像 {display} は号のフォルダーの外を指しています（シンボリックリンク）"))
                    .at(file, range)
                    .hint("画像ファイルそのものを images/ にコピーしてください"),
            );
            return;
        }
        let Some(bytes) = self.sink.take(fs::read(&path)) else { return };
        let header = match images::probe(&bytes) {
            Ok(header) => header,
            Err(problem) => {
                self.sink.push(refused(&display, problem).at(file, range));
                return;
            }
        };
        if !self.images.iter().any(|(known, _)| known == vpath) {
            self.images.push((vpath.clone(), path));
        }
        self.image_headers.insert(vpath.clone(), header);
        self.image_uses.push(ImageUse { vpath: vpath.clone(), file: file.clone(), range });
    }
}

/// Why the image shown as `display` cannot be used, as the coordinator reads it.
fn refused(display: &str, problem: Problem) -> Diagnostic {
    match problem {
        Problem::NotAnImage => Diagnostic::error(format!("{display} は使える画像形式ではありません"))
            .hint("JPEG、PNG、GIF、SVG、HEIC（iPhone の写真）のいずれかで保存し直してください"),
        Problem::Unreadable(reason) => images::unreadable(display, &reason),
        Problem::TooManyPixels { width, height } => {
            Diagnostic::error(format!("{display} は画素が多すぎて使えません（{width} × {height} ピクセル）"))
                .hint("印刷には長い辺が 4000 ピクセルほどあれば十分です。画像ソフトで縮小して保存し直してください")
        }
        Problem::ExternalReference(reference) => Diagnostic::error(format!(
            "{display} は外のファイルやインターネット上のもの（{reference}）を読み込む SVG なので使えません"
        ))
        .hint("参照している画像を SVG の中に埋め込むか、PNG に書き出してから使ってください"),
    }
}

/// An image without a description: it would be silent for readers using a
/// screen reader, and an archived PDF/UA file must describe every image.
pub(super) fn missing_description(url: &str) -> Diagnostic {
    Diagnostic::error(format!("画像「{url}」に説明がありません"))
        .hint("説明は、目の不自由な方の読み上げと保存版 PDF（tsushin archive）に使われます")
}
