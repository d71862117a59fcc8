//! Typst injection: hostile text in every kind of field prints as text (or is
//! dropped with a warning); none of it runs, reads a file or changes the layout.

mod common;

use common::*;

/// Everything that means something in Typst markup or code, in one line.
const EVIL: &str = r#"#read("/etc/passwd") #import "@preview/x:0.1.0": * #include "/etc/passwd" $x^2$ <label> @ref ] [ \ // c /* d */ #set page(width: 1cm)"#;

/// The same as a TOML basic string (quotes and backslashes escaped).
fn toml_str(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A field's text: a tag naming the field, then the hostile line.
fn evil(tag: &str) -> String {
    format!("〔{tag}〕{EVIL}")
}

fn write_hostile_issue(fx: &Fixture) {
    let t = |tag: &str| toml_str(&evil(tag));
    fx.write(
        "tsushin.toml",
        format!(
            "title = {}\ncatchphrase = {}\n[publisher]\nname = {}\nphone = {}\noffice = {}\nweb_title = {}\nweb_url = {}\n",
            t("題字"),
            t("標語"),
            t("発行元"),
            t("電話"),
            t("事務所"),
            t("サイト名"),
            toml_str("https://example.com/\"><script>alert(1)</script>"),
        ),
    );
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npages = 12\n");
    fx.write(
        "issues/2024-04/greeting.md",
        format!(
            "+++\ntitle = {}\n+++\n{}\n\n- {}\n\n> {}\n\n### {}\n\n`{}`\n\n```\n{}\n```\n\n\
             [{}](https://example.com/\"onclick=\"x)\n\n<div>\n{}\n</div>\n\n<span onclick=\"x\">{}</span>\n\n![写\"真](images/q\"uote.png)\n",
            t("あいさつ題"),
            evil("本文"),
            evil("箇条"),
            evil("引用"),
            evil("見出し"),
            evil("コード"),
            evil("コード塊"),
            // Brackets would end the link text early (Markdown's rule), so the
            // link text has all the rest.
            evil("リンク").replace("] [ ", ""),
            evil("HTML塊"),
            evil("インラインHTML"),
        ),
    );
    fx.write("issues/2024-04/images/q\"uote.png", png(400, 300));
    fx.write(
        "issues/2024-04/notice.md",
        format!("+++\nto = {}\ntitle = {}\n+++\n{}\n", t("宛先"), t("お願い題"), evil("お願い本文")),
    );
    fx.write(
        "issues/2024-04/minutes.md",
        format!("+++\ntitle = {}\n+++\n## {}\n### {}\n{}\n", t("議事題"), evil("会議名"), evil("月"), evil("議事本文")),
    );
    fx.write(
        "issues/2024-04/spotlights/01-evil.md",
        format!(
            "+++\ntitle = {}\ncategory = {}\ncouncil = {}\nsubtitle = {}\nvoices = [{}]\n\n[[photos]]\nfile = {}\ncaption = {}\n\n\
             [[flow]]\nwhen = {}\ntext = {}\n+++\n{}\n",
            t("記事題"),
            t("分類"),
            t("協議体"),
            t("副題"),
            t("声"),
            toml_str("images/q\"uote.png"),
            t("写真説明"),
            t("いつ"),
            t("流れ"),
            evil("記事本文"),
        ),
    );
    // A voice is printed beside its step: in a file of its own, so that the
    // two columns do not interleave in the extracted text.
    fx.write(
        "issues/2024-04/spotlights/02-voice.md",
        format!("+++\ntitle = \"声の記事\"\n[[flow]]\ntext = \"手順\"\nvoice = {}\n+++\n本文\n", t("流れの声")),
    );
    fx.write(
        "issues/2024-04/game.md",
        format!(
            "+++\ntitle = {}\nlead = {}\npoints = [{}]\ncontact = {}\nnote = {}\n+++\n{}\n",
            // Section titles are set on one line that does not wrap.
            toml_str("〔ゲーム題〕#read(\"/x\")$x$<l>@r]["),
            t("導入"),
            t("ポイント"),
            t("問い合わせ"),
            // The default layout sets the note in a narrow column; a shorter
            // line keeps it inside the page so every character can be read back.
            toml_str("〔注〕#read(\"/x\") $x$ <l> @r ] ["),
            evil("ゲーム本文"),
        ),
    );
    fx.write(
        "issues/2024-04/figure.md",
        format!(
            "+++\ntitle = {}\nsoil = {}\nfruits = [{}]\n+++\n{}\n",
            toml_str("〔図題〕#read(\"/etc/passwd\")"),
            toml_str("〔土〕$x$ <l> @r"),
            toml_str("〔実〕]["),
            evil("図の説明"),
        ),
    );
}

#[test]
fn hostile_text_in_every_field_prints_as_text() {
    let fx = Fixture::minimal();
    write_hostile_issue(&fx);
    let run = fx.run(&["build", "2024-04"]);
    run.ok();
    let pdf = fx.path().join("out/2024-04.pdf");
    let text = pdf_text_raw(&pdf);
    let shown: String = EVIL.chars().filter(|c| !c.is_whitespace()).collect();
    // Running heads and page numbers interrupt text that crosses a page:
    // check the title first, then take them out.
    let header = format!("〔題字〕{shown}令和6年4月号");
    assert!(text.contains(&header), "running head {header:?} missing in\n{text}");
    let (pages, size) = pages_and_size(&pdf);
    let mut text = text.replace(&header, "");
    for page in (1..=pages).rev() {
        text = text.replace(&format!("{page}/{pages}"), "");
    }
    for tag in [
        "題字",
        "標語",
        "発行元",
        "電話",
        "事務所",
        "サイト名",
        "あいさつ題",
        "本文",
        "箇条",
        "引用",
        "見出し",
        "コード",
        "コード塊",
        "HTML塊",
        "インラインHTML",
        "宛先",
        "お願い題",
        "お願い本文",
        "議事題",
        "会議名",
        "月",
        "議事本文",
        "記事題",
        "分類",
        "協議体",
        "副題",
        "声",
        "写真説明",
        "いつ",
        "流れ",
        "流れの声",
        "記事本文",
        "導入",
        "ポイント",
        "問い合わせ",
        "ゲーム本文",
        "図の説明",
    ] {
        let expected = format!("〔{tag}〕{shown}");
        assert!(text.contains(&expected), "field {tag}: {expected:?} not printed as text in\n{text}");
    }
    let link = format!("〔リンク〕{}", shown.replace("][", ""));
    assert!(text.contains(&link), "link text {link:?} not printed in\n{text}");
    for part in [
        "〔ゲーム題〕#read(\"/x\")$x$<l>@r][",
        "〔注〕#read(\"/x\")$x$<l>@r][",
        "〔図題〕#read(\"/etc/passwd\")",
        "〔土〕$x$<l>@r",
        "〔実〕][",
        "https://example.com/\"><script>alert(1)</script>",
    ] {
        assert!(text.contains(part), "{part:?} not printed in\n{text}");
    }
    // Nothing ran: no file was read, the page size was not changed.
    assert!(!text.contains("root:x:0"), "a file was read");
    assert!(size.starts_with("595.276 x 841.89"), "layout changed: {size}");
    // HTML is printed as written, with a warning for each piece.
    assert!(run.stderr.contains("は HTML として扱わず、文字のまま印刷します"), "{}", run.stderr);
    // The image with a quote in its name was included (body and photo).
    let images = std::process::Command::new("pdfimages").args(["-list", pdf.to_str().unwrap()]).output().unwrap();
    let listed = String::from_utf8_lossy(&images.stdout).lines().skip(2).count();
    assert!(listed >= 1, "image with a quote in its name missing:\n{}", String::from_utf8_lossy(&images.stdout));
}

#[test]
fn hostile_image_paths_are_refused_not_read() {
    let fx = Fixture::minimal();
    fx.write(
        "issues/2024-04/greeting.md",
        "春です。\n\n![a](/etc/passwd)\n![b](../../../../etc/passwd)\n![c](images/\"),read(\"/etc/passwd)\n![d](https://example.com/x.png)\n![e](C:\\Windows\\x.png)\n",
    );
    let run = fx.run(&["check", "2024-04"]);
    run.fails(
        1,
        &[
            "画像「/etc/passwd」は使えない場所",
            "画像「../../../../etc/passwd」は使えない場所",
            "画像「https://example.com/x.png」は使えない場所",
        ],
    );
    // CommonMark ends that destination at the first `)`: a missing file.
    assert!(run.stderr.contains("画像ファイル issues/2024-04/images/\" が見つかりません"), "{}", run.stderr);
    assert!(!run.stderr.contains("root:x:0"), "{}", run.stderr);
}
