//! Text conversions that know nothing about issues or pages: Markdown to
//! escaped Typst markup, the CJK rules that go with it, front matter, and
//! TOML read into typed values with exact positions for diagnostics.

pub mod cjk;
pub mod escape;
pub mod frontmatter;
pub mod markdown;
pub mod toml_read;
