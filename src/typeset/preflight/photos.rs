//! Photos with too few pixels for the size they print at. Which file a photo
//! on the page came from is told by [`ImageFiles`], so the warning names the
//! file and the line that placed it.

use typst::visualize::ImageKind;

use super::{MIN_DPI, Page};
use crate::diag::Diagnostic;
use crate::model::issue::Issue;
use crate::typeset::pages::ImageFiles;
use crate::vpath::VPath;

/// Raster images with fewer than [`MIN_DPI`] pixels per inch at the size they
/// print, with the pixel size they would need.
pub(super) fn low_resolution(pages: &[Page], issue: &Issue, files: &ImageFiles) -> Vec<Diagnostic> {
    let mut seen: Vec<VPath> = Vec::new();
    let mut diags = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        for (image, size) in &page.images {
            let ImageKind::Raster(raster) = image.kind() else { continue };
            let (w_in, h_in) = (size.x.to_inches(), size.y.to_inches());
            if w_in <= 0.0 || h_in <= 0.0 {
                continue;
            }
            // EXIF rotations by 90° swap width and height.
            let (px_w, px_h) = match raster.exif_rotation() {
                Some(5..=8) => (raster.height(), raster.width()),
                _ => (raster.width(), raster.height()),
            };
            let dpi = (f64::from(px_w) / w_in).min(f64::from(px_h) / h_in);
            if dpi >= MIN_DPI {
                continue;
            }
            let Some(vpath) = files.of(image).first() else { continue };
            if seen.contains(vpath) {
                continue;
            }
            seen.push(vpath.clone());
            let shown = vpath.in_issue().unwrap_or(vpath.as_str());
            let need_w = (w_in * MIN_DPI).ceil();
            let need_h = (h_in * MIN_DPI).ceil();
            let diag = Diagnostic::warning(format!(
                "画像 {shown} は印刷される大きさ（約 {:.1} × {:.1} cm、{} ページ目）に対して画素が少なく、約 {dpi:.0} dpi でぼやけて印刷されます",
                size.x.to_cm(),
                size.y.to_cm(),
                index + 1
            ))
            .hint(format!(
                "{MIN_DPI:.0} dpi 以上にするには {need_w} × {need_h} ピクセル以上の画像が必要です（今は {px_w} × {px_h}）。縮小する前の元の写真を使ってください"
            ));
            let place = issue.image_uses.iter().find(|u| &u.vpath == vpath);
            diags.push(match place {
                Some(u) => diag.at(&u.file, u.range.clone()),
                None => diag,
            });
        }
    }
    diags
}
