//! Pages as PNG images, drawn by typst's own renderer with the glyphs of the
//! PDF: `tsushin preview` writes one per page (for checking the layout and for
//! sending by email or messaging apps), `tsushin archive` one small image of
//! the first page for the catalogue.

use typst::utils::Scalar;
use typst_layout::Page;
use typst_render::RenderOptions;

use crate::diag::Diagnostic;

/// Points per inch: a resolution in dpi is `dpi / POINTS_PER_INCH` pixels per point.
pub const POINTS_PER_INCH: f64 = 72.0;

/// A page as a PNG image.
pub struct Png {
    pub bytes: Vec<u8>,
    /// Size in pixels.
    pub width: u32,
    pub height: u32,
}

/// `page` as a PNG image at `pixel_per_pt` pixels per point, without the
/// bleed, encoded by the renderer's own encoder (which keeps transparent
/// parts transparent and compresses better than the `image` crate's default).
pub fn page(page: &Page, pixel_per_pt: f64) -> Result<Png, Diagnostic> {
    let options = RenderOptions { pixel_per_pt: Scalar::new(pixel_per_pt), render_bleed: false };
    let pixmap = typst_render::render(page, &options);
    let bytes = pixmap.encode_png().map_err(|e| Diagnostic::error(format!("PNG 画像を作れませんでした（{e}）")))?;
    Ok(Png { bytes, width: pixmap.width(), height: pixmap.height() })
}
