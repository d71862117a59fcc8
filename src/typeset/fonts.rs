//! Fonts: the ones embedded in the binary and the newsletter's own `fonts/`.
//!
//! No system font is ever read, so a PDF looks the same on every machine. A
//! newsletter's own font files come first (memory-mapped, not read whole) and
//! take precedence; embedded fonts follow. A file in `fonts/` identical to an
//! embedded one (as in this repository) is used once, from the binary.

use std::path::Path;
use std::sync::Arc;

use typst::foundations::Bytes;
use typst::text::Font;
use typst_kit::fonts::{FontSource, FontStore};

use crate::diag::Diagnostic;
use crate::fs;
use crate::typeset::assets;

/// A font parsed while the font book was made: handing it to Typst is a
/// clone of a shared pointer.
struct Loaded(Font);

impl FontSource for Loaded {
    fn load(&self) -> Option<Font> {
        Some(self.0.clone())
    }
}

/// A font file as it will be handed to Typst, with where it came from.
pub struct FontFile {
    pub name: String,
    pub data: Bytes,
}

/// All fonts of a newsletter: `fonts/` in its root first, then the embedded ones.
pub fn collect(root: &Path) -> Result<Vec<FontFile>, Diagnostic> {
    let mut files = Vec::new();
    let dir = root.join("fonts");
    if dir.is_dir() {
        for path in fs::read_dir_sorted(&dir)? {
            let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            if !matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) {
                continue;
            }
            let file = std::fs::File::open(&path).map_err(|e| {
                Diagnostic::error(format!("フォント {} を開けません（{e}）", path.display()))
                    .at_path(path.display().to_string())
            })?;
            // SAFETY: the map is read-only; a font file changed by another program
            // while tsushin runs is outside what we can guard against, as with
            // every program that maps files.
            let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| {
                Diagnostic::error(format!("フォント {} を読めません（{e}）", path.display()))
                    .at_path(path.display().to_string())
            })?;
            if assets::FONTS.iter().any(|(_, data)| same_font(data, &map)) {
                continue;
            }
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            files.push(FontFile { name, data: Bytes::new(map) });
        }
    }
    for (name, data) in assets::FONTS {
        files.push(FontFile { name: (*name).to_owned(), data: Bytes::new(*data) });
    }
    Ok(files)
}

/// Whether two font files are the same font. Comparing whole files would read
/// some 28 MB on every run; the table directory at the start of a font lists
/// every table with its checksum and length, so equal sizes and equal first
/// kilobytes mean equal fonts.
fn same_font(a: &[u8], b: &[u8]) -> bool {
    const HEAD: usize = 1024;
    a.len() == b.len() && a[..a.len().min(HEAD)] == b[..b.len().min(HEAD)]
}

/// Builds Typst's font book from the files, in order.
///
/// Reading a CJK font walks a cmap of some 20,000 code points, a few
/// milliseconds per file: the files are read on all cores at once. Each face
/// is parsed whole here (Typst's `Font::new` reads the same metadata the
/// book needs), so the layout never waits for a font and no cmap is walked
/// twice.
pub fn store(files: &[FontFile]) -> FontStore {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(files.len().max(1));
    let chunk = files.len().div_ceil(threads).max(1);
    let fonts: Vec<Vec<Font>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || part.iter().map(|f| Font::iter(f.data.clone()).collect()).collect::<Vec<Vec<_>>>())
            })
            .collect();
        // A panic while parsing a font is a bug in the parser; surface it as one.
        handles.into_iter().flat_map(|h| h.join().expect("font metadata thread panicked")).collect()
    });
    let mut store = FontStore::new();
    for font in fonts.into_iter().flatten() {
        let info = font.info().clone();
        store.push((Loaded(font), info));
    }
    store
}

/// The fonts of a newsletter, loaded once for a run (see [`collect`]).
pub fn load(root: &Path) -> Result<Arc<FontStore>, Diagnostic> {
    Ok(Arc::new(store(&collect(root)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_font_tells_the_bundled_fonts_apart() {
        for (i, (_, a)) in assets::FONTS.iter().enumerate() {
            for (j, (_, b)) in assets::FONTS.iter().enumerate() {
                assert_eq!(same_font(a, b), i == j, "fonts {i} and {j}");
            }
        }
        let mut changed = assets::FONTS[0].1.to_vec();
        changed[100] ^= 1;
        assert!(!same_font(assets::FONTS[0].1, &changed));
    }
}
