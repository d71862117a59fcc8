//! iPhone photos (HEIC) in an issue: converted and printed upright, or, when
//! a file cannot be decoded, refused at the line that names it with the ways
//! to get a JPEG from an iPhone.

mod common;

use common::*;

/// The iPhone-like fixture: 8 × 6 tiles stored 4032 × 3024, turned upright
/// (3024 × 4032) by its `irot`, tagged Display P3 (tests/fixtures/heic/).
fn iphone_photo() -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/heic/portrait-iphone-like.heic")).expect("the fixture is there")
}

/// The minimal issue with a spotlight showing `images/IMG_0001.HEIC`.
fn with_photo(heic: &[u8]) -> Fixture {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/images/IMG_0001.HEIC", heic);
    fx.write(
        "issues/2024-04/spotlights/01-hatake.md",
        "+++\ntitle = \"畑のある居場所\"\n\n[[photos]]\nfile = \"images/IMG_0001.HEIC\"\ncaption = \"畑でとれた野菜\"\n+++\n\n\
         地区の空き地を畑にして、月に２回集まっています。とれた野菜はみんなで分けます。\n",
    );
    fx
}

#[test]
fn an_iphone_heic_photo_prints_upright() {
    let fx = with_photo(&iphone_photo());
    fx.run(&["build", "2024-04"]).ok();
    let pdf = fx.path().join("out/2024-04.pdf");
    let list = std::process::Command::new("pdfimages").args(["-list", pdf.to_str().unwrap()]).output().unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    // page num type width height color …: the photo, portrait, in colour
    let rasters: Vec<(u32, u32, &str)> = list
        .lines()
        .skip(2)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            Some((cols.get(3)?.parse().ok()?, cols.get(4)?.parse().ok()?, *cols.get(5)?))
        })
        .collect();
    assert!(
        rasters.iter().any(|&(w, h, color)| h > w && w >= 300 && ["rgb", "icc"].contains(&color)),
        "no portrait colour photo in the PDF:\n{list}"
    );
    assert!(pdf_text(&pdf).contains("畑でとれた野菜"));
}

#[test]
fn a_heic_photo_that_does_not_decode_is_refused_with_the_iphone_way() {
    let heic = iphone_photo();
    let fx = with_photo(&heic[..heic.len() / 2]);
    fx.run(&["build", "2024-04"]).fails(
        1,
        &[
            "写真 issues/2024-04/images/IMG_0001.HEIC（HEIC 形式）を読み込めませんでした",
            "spotlights/01-hatake.md:5:9",
            "「フォーマット」で「互換性優先」",
            "メールに添付して送ると JPEG",
        ],
    );
}

#[test]
fn the_archive_records_the_original_heic_file() {
    use tsushin::archive::manifest::content_hash;
    use tsushin::model::config::Newsletter;
    use tsushin::model::issue::{self, IssueId};
    use tsushin::typeset::inputs::InputFiles;
    let heic = iphone_photo();
    let fx = with_photo(&heic);
    let newsletter = Newsletter::load(fx.path().to_path_buf()).unwrap();
    let id = IssueId { year: 2024, month: 4 };
    let hash = || {
        let loaded = issue::load(&newsletter, id);
        let inputs = InputFiles::of(&newsletter, id, Some(&loaded)).unwrap();
        // the photo is hashed as the file a coordinator has (sha256sum), not the JPEG made from it
        assert!(inputs.content().iter().any(|(name, path)| name == "images/IMG_0001.HEIC"
            && std::fs::read(path).unwrap()
                == std::fs::read(fx.path().join("issues/2024-04/images/IMG_0001.HEIC")).unwrap()));
        content_hash(&inputs).unwrap()
    };
    let before = hash();
    // another photo under the same name is another issue
    fx.write(
        "issues/2024-04/images/IMG_0001.HEIC",
        std::fs::read(repo().join("tests/fixtures/heic/landscape-heifenc.heic")).unwrap(),
    );
    assert_ne!(before, hash());
}
