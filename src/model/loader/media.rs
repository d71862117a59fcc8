//! What a spotlight or a notice shows from files besides its text: photos
//! (`[[photos]]`, and `photo_row = true` to set them side by side) and
//! figures (`[[figures]]`: a map or a chart as SVG, PNG or JPEG).
//!
//! Both are written the same way (`file`, and `caption` or `alt`), so one
//! reader checks the description and the file ([`Loader::check_image`]);
//! figures are further held to the formats a drawing comes in, and a photo
//! row to the number of photos that fit side by side.

use std::ops::RangeInclusive;
use std::sync::Arc;

use toml::Spanned;

use super::front::ImageFigureFront;
use super::{Loader, image_refs};
use crate::diag::{Diagnostic, SourceFile};
use crate::model::images::Format;
use crate::model::issue::ImageFigure;
use crate::model::written::Placement;
use crate::vpath::VPath;

/// How many photos a row holds: one is not a row, and five side by side
/// would each be narrower than a caption of a few words.
pub(super) const PHOTO_ROW: RangeInclusive<usize> = 2..=4;

/// An image written as `file`, with its description checked and its file
/// checked and allowed to the compiler: its virtual path and its alt text.
pub(super) struct Described {
    pub vpath: VPath,
    pub alt: String,
}

impl Loader<'_> {
    /// Reads the `file`, `caption` and `alt` of one `[[photos]]` or
    /// `[[figures]]` entry (`table`: its name, for the hint). `None` when the
    /// path may not be used (reported; the issue will not load).
    pub(super) fn described_image(
        &mut self,
        file: &Arc<SourceFile>,
        path: &Spanned<String>,
        caption: &Option<String>,
        alt: &Option<String>,
        table: &str,
    ) -> Option<Described> {
        let written = path.get_ref();
        let vpath = VPath::issue_file(written);
        let range = Placement::of_string(&file.text, path).whole(written);
        let described =
            |text: &Option<String>| text.as_deref().map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned);
        let alt = described(alt).or_else(|| described(caption));
        if alt.is_none() {
            self.sink.push(image_refs::missing_description(written).at(file, range.clone()).hint(format!(
                "{table} に caption = \"説明\"（紙面に載ります）か alt = \"説明\"（紙面には載りません）を書いてください"
            )));
        }
        self.check_image(file, range, written, vpath.as_ref());
        vpath.map(|vpath| Described { vpath, alt: alt.unwrap_or_default() })
    }

    /// The `[[figures]]` of a spotlight or a notice: SVG, PNG or JPEG only
    /// (a GIF or WebP is a photo or an animation, not a drawing to print).
    pub(super) fn image_figures(&mut self, file: &Arc<SourceFile>, figures: Vec<ImageFigureFront>) -> Vec<ImageFigure> {
        let mut out = Vec::new();
        for figure in figures {
            let Some(image) = self.described_image(file, &figure.file, &figure.caption, &figure.alt, "[[figures]]")
            else {
                continue;
            };
            // Missing or unreadable files were reported by `check_image`.
            let Some(header) = self.image_headers.get(&image.vpath).copied() else { continue };
            if !matches!(header.format, Format::Svg | Format::Png | Format::Jpeg) {
                let written = figure.file.get_ref();
                let range = Placement::of_string(&file.text, &figure.file).whole(written);
                self.sink.push(
                    Diagnostic::error(format!("図「{written}」は SVG、PNG、JPEG のどれでもないので、図には使えません"))
                        .at(file, range)
                        .hint("地図やグラフは SVG（線がきれいなまま印刷されます）か PNG で保存し直してください"),
                );
                continue;
            }
            out.push(ImageFigure {
                vpath: image.vpath,
                caption: figure.caption,
                alt: image.alt,
                pixels: header.upright_pixels(),
            });
        }
        out
    }

    /// `photo_row = true` holds for 2–4 photos; otherwise it is an error at
    /// the value, saying how many there are.
    pub(super) fn photo_row(&mut self, file: &Arc<SourceFile>, row: Option<Spanned<bool>>, photos: usize) -> bool {
        let Some(row) = row else { return false };
        if !*row.get_ref() {
            return false;
        }
        if !PHOTO_ROW.contains(&photos) {
            let (min, max) = (PHOTO_ROW.start(), PHOTO_ROW.end());
            self.sink.push(
                Diagnostic::error(format!(
                    "{} の photo_row = true で横に並べられる写真は {min}〜{max} 枚です（[[photos]] は {photos} 枚）",
                    file.display
                ))
                .at(file, row.span())
                .hint(if photos < *min {
                    "横に並べる写真を [[photos]] で 2 枚以上書くか、photo_row の行を消してください".to_owned()
                } else {
                    format!("{max} 枚までにするか、記事を 2 つに分けてください（5 枚以上並べると、1 枚ずつが小さすぎて見えません）")
                }),
            );
            return false;
        }
        true
    }
}
