//! The editions made from an issue besides the printed PDF, each from the
//! same issue model (no second copy of the content) and, where they need to
//! know the printed pages, from what the layout reported about them.
//!
//! - [`order`]: the reading order of the articles, shared by the editions
//!   that read them one after another;
//! - [`text`]: the plain text edition for read-aloud volunteers
//!   (`tsushin build --text`): reading order, 「写真：…」, numbered steps and
//!   a mark where each printed page begins;
//! - [`large_print`]: the large print edition (`tsushin build
//!   --large-print`), laid out by the layout's `large-print.typ`;
//! - [`web`]: the web edition (`tsushin build --web`): one HTML page with
//!   its images, for phones, read-aloud and translation services.
//!
//! All of them follow the one reading order of [`order`].

pub mod large_print;
pub mod order;
pub mod text;
pub mod web;

/// A voice as a quotation: 「…」 around it, unless the coordinator already
/// wrote them (「「…」」 would read as a quote inside a quote).
pub(crate) fn quoted(voice: &str) -> String {
    let voice = voice.trim();
    if voice.starts_with('「') && voice.ends_with('」') { voice.to_owned() } else { format!("「{voice}」") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn voices_are_quoted_once() {
        assert_eq!(super::quoted("やってよかった"), "「やってよかった」");
        assert_eq!(super::quoted("「やってよかった」"), "「やってよかった」");
        assert_eq!(super::quoted("「行こう」と言われた"), "「「行こう」と言われた」");
    }
}
