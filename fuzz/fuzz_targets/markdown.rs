//! Markdown → Typst markup: any text converts without panicking, into markup
//! that parses without errors and holds nothing but text and the converter's
//! own calls, with source spans that stay inside both texts.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tsushin::markup::markdown;

fuzz_target!(|src: &str| {
    for converted in [markdown::block(src), markdown::inline(src)] {
        if let Err(e) = markdown::audit(&converted.markup) {
            panic!("unsafe markup for {src:?}: {e}");
        }
        for span in &converted.spans {
            assert!(src.get(span.src.clone()).is_some(), "source span {:?} in {src:?}", span.src);
            assert!(converted.markup.get(span.out.clone()).is_some(), "markup span {:?}", span.out);
        }
        for (range, _) in &converted.warnings {
            assert!(src.get(range.clone()).is_some(), "warning range {range:?} in {src:?}");
        }
    }
});
