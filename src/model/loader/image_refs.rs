//! Each image a section refers to — `![説明](images/a.jpg)` in Markdown or
//! `file = "images/a.jpg"` under `[[photos]]` — checked where it is written:
//! the path stays inside the issue folder, the file is there and no symlink
//! leads out, and its header ([`crate::model::images`]) is one the compiler
//! reads. An image that passes is added to the files the compiler may read.

use std::ops::Range;
use std::sync::Arc;

use super::Loader;
use crate::diag::{Diagnostic, SourceFile};
use crate::fs;
use crate::model::images::{self, Format};
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
        if Format::detect(&bytes).is_none() {
            self.sink.push(
                Diagnostic::error(format!("{display} は使える画像形式ではありません"))
                    .at(file, range)
                    .hint("JPEG、PNG、GIF、SVG のいずれかで保存し直してください"),
            );
            return;
        }
        if let Err(reason) = decode_image(bytes.clone()) {
            self.sink.push(images::unreadable(&display, &reason).at(file, range));
            return;
        }
        if let Some(reference) = images::svg_external_reference(&bytes) {
            self.sink.push(
                Diagnostic::error(format!(
                    "{display} は外のファイルやインターネット上のもの（{reference}）を読み込む SVG なので使えません"
                ))
                .at(file, range)
                .hint("参照している画像を SVG の中に埋め込むか、PNG に書き出してから使ってください"),
            );
            return;
        }
        if !self.images.iter().any(|(known, _)| known == vpath) {
            self.images.push((vpath.clone(), path));
        }
        self.image_uses.push(ImageUse { vpath: vpath.clone(), file: file.clone(), range });
    }
}

/// Decodes an image the way the compiler will. Decoding is memoized in
/// Typst, so the compilation reuses this work instead of repeating it.
fn decode_image(bytes: Vec<u8>) -> Result<(), String> {
    use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};
    let data = typst::foundations::Bytes::new(bytes);
    match ExchangeFormat::detect(&data) {
        Some(format) => RasterImage::plain(data, format).map(drop).map_err(|err| err.to_string()),
        None => SvgImage::new(data).map(drop).map_err(|err| format!("{err:?}")),
    }
}

/// An image without a description: it would be silent for readers using a
/// screen reader, and an archived PDF/UA file must describe every image.
pub(super) fn missing_description(url: &str) -> Diagnostic {
    Diagnostic::error(format!("画像「{url}」に説明がありません"))
        .hint("説明は、目の不自由な方の読み上げと保存版 PDF（tsushin archive）に使われます")
}
