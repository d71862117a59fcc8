//! Every image of the issue decoded once per build, just before compiling,
//! so that a photo with a sound header and a damaged body is reported where
//! it is referred to, in the same words as a damaged header.
//!
//! Loading ([`crate::model::images`]) reads only headers, which keeps
//! `tsushin list` and `watch`'s reloads fast. Here each image is decoded from
//! the world's copy of the file with the call the compiler itself makes; Typst
//! memoizes that decode, so the compilation that follows reuses the work
//! instead of repeating it, and the check costs nothing extra.

use typst::World as _;
use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};

use crate::diag::Diagnostic;
use crate::model::images::{is_heif, unreadable};
use crate::model::issue::Issue;
use crate::typeset::heic;
use crate::typeset::world::{TsushinWorld, file_id};

/// One error for each place an image that does not decode is referred to.
pub fn check(issue: &Issue, world: &TsushinWorld) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (vpath, path) in &issue.images {
        let shown = world.tree().names.get(vpath).cloned().unwrap_or_else(|| path.display().to_string());
        let diag = match world.file(file_id(vpath)) {
            // A HEIC photo still in the tree is one that did not convert
            // (the conversion is memoised: asking again costs nothing).
            Ok(bytes) if is_heif(&bytes) => match heic::convert(&bytes) {
                Ok(_) => continue,
                Err(reason) => heic::refused(&shown, &reason),
            },
            Ok(bytes) => match decode(bytes) {
                Ok(()) => continue,
                Err(reason) => unreadable(&shown, &reason),
            },
            // Removed or unreadable since loading looked at it.
            Err(err) => Diagnostic::error(format!("{shown} を読み込めません（{err}）")),
        };
        let uses: Vec<_> = issue.image_uses.iter().filter(|place| &place.vpath == vpath).collect();
        if uses.is_empty() {
            errors.push(diag.at_path(shown));
            continue;
        }
        for place in uses {
            errors.push(diag.clone().at(&place.file, place.range.clone()));
        }
    }
    errors
}

/// Decodes an image the way the compiler will (same function, same
/// arguments, hence the same memoized result).
fn decode(data: Bytes) -> Result<(), String> {
    match ExchangeFormat::detect(&data) {
        Some(format) => RasterImage::plain(data, format).map(drop).map_err(|err| err.to_string()),
        None => SvgImage::new(data).map(drop).map_err(|err| format!("{err:?}")),
    }
}
