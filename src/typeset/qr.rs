//! The QR code of the contact web page, so readers can open it with a phone.
//!
//! The code is drawn as an SVG file in the virtual tree (one path of unit
//! squares, so it stays vector in the PDF at any size); the layout places it
//! like any image, by the path it finds in `issue.publisher.web_qr`.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG QR code of `text`, with the quiet zone the standard asks for.
///
/// Level M survives a smudge on a copier print and still fits a long city
/// URL in a small symbol.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    Some(code.render::<svg::Color>().quiet_zone(true).module_dimensions(1, 1).build())
}

#[cfg(test)]
mod tests {
    #[test]
    fn svg_is_a_square_of_modules() {
        let svg = super::svg("https://www.city.takasaki.gunma.jp/docs/2019011800019/").unwrap();
        assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
        assert!(svg.contains("viewBox=\"0 0 "), "{svg}");
    }
}
