//! The markup layer: text conversions that know nothing about issues or
//! pages. The model loads an issue's files with it; it imports nothing of
//! tsushin but the base (`diag` for diagnostics, `vpath` for image paths).
//!
//! - [`markdown`]: Markdown → Typst markup in which user text is only ever
//!   text, with the CJK rules CommonMark lacks and spans back to the source;
//! - [`ruby`]: furigana `{高崎|たかさき}`, found the same way in Markdown and strings;
//! - [`escape`]: user text as Typst markup or string literal;
//! - [`cjk`]: East Asian width and Japanese punctuation;
//! - [`frontmatter`]: a Markdown file's `+++` TOML header and body;
//! - [`toml_read`]: TOML into typed structs, with Japanese diagnostics at the
//!   exact key or value, and `toml::Spanned` positions for the model.

pub mod cjk;
pub mod escape;
pub mod frontmatter;
pub mod markdown;
pub mod ruby;
pub mod toml_read;
