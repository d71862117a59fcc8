//! Facts about Japanese characters that Markdown conversion needs: East Asian
//! width, for soft line breaks (none between two wide characters, as Japanese
//! text wraps without spaces), and Japanese punctuation, for emphasis beside
//! brackets.

/// Whether a character is East Asian wide or fullwidth (kana, kanji, fullwidth
/// forms, CJK punctuation). Ranges follow Unicode's EastAsianWidth W and F classes
/// for the blocks a Japanese text uses.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F       // Hangul Jamo initials
        | 0x2E80..=0x303E     // CJK radicals, Kangxi, CJK symbols and punctuation
        | 0x3041..=0x33FF     // Hiragana, Katakana, Bopomofo, CJK compatibility
        | 0x3400..=0x4DBF     // CJK Extension A
        | 0x4E00..=0x9FFF     // CJK Unified Ideographs
        | 0xA000..=0xA4CF     // Yi
        | 0xAC00..=0xD7A3     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFE30..=0xFE4F     // CJK compatibility forms
        | 0xFF00..=0xFF60     // Fullwidth forms
        | 0xFFE0..=0xFFE6     // Fullwidth signs
        | 0x20000..=0x3FFFD   // CJK Extensions B and later
    )
}

/// Whether a character is punctuation (or a symbol) as a Japanese text sets
/// it: the wide brackets, stops and marks (「」、。！～・), plus the few that
/// Unicode leaves ambiguous in width but Japanese fonts set full width
/// (…, ‥, ※, ―). Letters and numbers are not, whatever their width.
pub fn is_japanese_punctuation(c: char) -> bool {
    (is_wide(c) && !c.is_alphanumeric() && !c.is_whitespace()) || matches!(c, '…' | '‥' | '※' | '―')
}

#[cfg(test)]
mod tests {
    use super::{is_japanese_punctuation, is_wide};

    #[test]
    fn japanese_is_wide() {
        for c in ['あ', 'ア', '漢', '。', '「', '！', '１', '～', '　'] {
            assert!(is_wide(c), "{c}");
        }
    }

    #[test]
    fn japanese_punctuation() {
        for c in ['「', '」', '、', '。', '！', '～', '・', '（', '…', '※'] {
            assert!(is_japanese_punctuation(c), "{c}");
        }
        for c in ['あ', 'ー', '々', '漢', '１', 'Ａ', '\u{3000}', '!', '"', '(', 'a'] {
            assert!(!is_japanese_punctuation(c), "{c}");
        }
    }

    #[test]
    fn latin_is_narrow() {
        for c in ['a', '1', ' ', '!', 'é', 'ｱ'] {
            assert!(!is_wide(c), "{c}");
        }
    }
}
