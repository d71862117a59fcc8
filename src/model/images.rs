//! What an image file is, from its first bytes: its format, and whether an
//! SVG reaches outside itself. Loading checks these before the compiler may
//! read a file of the issue folder.

use crate::diag::Diagnostic;

/// Image formats the compiler reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

/// How many bytes may come before `<svg` for a file to count as an SVG (an XML
/// declaration, a doctype and comments).
const SVG_SNIFF_BYTES: usize = 4096;

impl Format {
    /// The format of some bytes, by their signature (the compiler, too,
    /// decides by content, never by the file name).
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Self::Gif)
        } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Some(Self::Webp)
        } else if std::str::from_utf8(&bytes[..bytes.len().min(SVG_SNIFF_BYTES)]).is_ok_and(|t| t.contains("<svg")) {
            Some(Self::Svg)
        } else {
            None
        }
    }
}

/// An image whose signature is right but whose content does not read (shown
/// as `display`; `reason` is the decoder's).
pub fn unreadable(display: &str, reason: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "{display} は画像として読めません。壊れているか、途中までしか保存されていません（{reason}）"
    ))
    .hint("元の写真からもう一度コピーするか、画像ソフトで開いて保存し直してください")
}

/// The first reference of an SVG to anything outside itself: `href` and
/// `xlink:href` values, CSS `url(…)` and `@import`, external XML entities.
/// References inside the file (`#id`) and embedded `data:` URLs are fine.
pub fn svg_external_reference(bytes: &[u8]) -> Option<String> {
    if Format::detect(bytes) != Some(Format::Svg) {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let internal = |value: &str| {
        let value = value.trim();
        value.is_empty() || value.starts_with('#') || value.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
    };
    // Attribute values after `href`, with either quote.
    let mut rest = &text[..];
    while let Some(at) = rest.find("href") {
        rest = &rest[at + 4..];
        let Some(after) = rest.trim_start().strip_prefix('=') else { continue };
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        let value = after[1..].split(quote).next().unwrap_or("");
        if !internal(value) {
            return Some(value.to_owned());
        }
    }
    let mut rest = &text[..];
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let value = rest.split(')').next().unwrap_or("").trim().trim_matches(['"', '\'']);
        if !internal(value) {
            return Some(value.to_owned());
        }
    }
    if text.contains("@import") {
        return Some("@import".into());
    }
    let upper = text.to_ascii_uppercase();
    if upper.contains("<!ENTITY") && (upper.contains("SYSTEM") || upper.contains("PUBLIC")) {
        return Some("<!ENTITY … SYSTEM>".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_references_outside_the_file() {
        let svg = |body: &str| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">{body}</svg>"
            )
        };
        for (body, found) in [
            ("<image href=\"/etc/passwd\"/>", "/etc/passwd"),
            ("<image xlink:href='photo.png'/>", "photo.png"),
            ("<image href = \"https://example.com/a.png\"/>", "https://example.com/a.png"),
            ("<rect style=\"fill: url(http://x/y.svg#p)\"/>", "http://x/y.svg#p"),
            ("<style>@import 'a.css';</style>", "@import"),
        ] {
            assert_eq!(svg_external_reference(svg(body).as_bytes()).as_deref(), Some(found), "{body}");
        }
        let doctype = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg>&x;</svg>";
        assert!(svg_external_reference(doctype.as_bytes()).is_some());
        for body in [
            "<use href=\"#a\"/>",
            "<rect fill=\"url(#g)\"/>",
            "<image href=\"data:image/png;base64,AAAA\"/>",
            "<a href=\"\">x</a>",
        ] {
            assert_eq!(svg_external_reference(svg(body).as_bytes()), None, "{body}");
        }
    }
}
