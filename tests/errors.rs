//! Every mistake a coordinator can make gets a Japanese message naming the
//! file (and line) and what to do; exit status 1 for content, 2 for usage.

mod common;

use common::*;

#[test]
fn unknown_issue_lists_existing_ones() {
    let fx = Fixture::minimal();
    fx.run(&["build", "2024-05"]).fails(2, &["号 2024-05 が見つかりません", "ある号: 2024-04"]);
}

#[test]
fn malformed_issue_name() {
    let fx = Fixture::minimal();
    fx.run(&["build", "2024-4"]).fails(2, &["「2024-4」は 年-月 の形ではありません", "2022-06 のように"]);
}

#[test]
fn no_newsletter_root() {
    let dir = tempfile::tempdir().unwrap();
    tsushin(dir.path(), &["build", "2024-04"]).fails(2, &["tsushin.toml がありません", "--root"]);
}

#[test]
fn missing_greeting_suggests_the_misspelt_file() {
    let fx = Fixture::minimal();
    std::fs::rename(fx.path().join("issues/2024-04/greeting.md"), fx.path().join("issues/2024-04/greting.md")).unwrap();
    fx.run(&["build", "2024-04"]).fails(
        1,
        &[
            "issues/2024-04/greeting.md がありません",
            "greting.md というファイルがあります",
            "greeting.md のまちがいではありませんか",
        ],
    );
}

#[test]
fn malformed_toml_has_line_and_column() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npages = \"4\n");
    fx.run(&["build", "2024-04"])
        .fails(1, &["issues/2024-04/issue.toml の書き方に誤りがあります", "--> issues/2024-04/issue.toml:2:"]);
}

#[test]
fn unknown_key_suggests_nearest() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npage = 1\n");
    fx.run(&["build", "2024-04"])
        .fails(1, &["知らないキー「page」", "「pages」のまちがいではありませんか", "issue.toml:2:1"]);
}

#[test]
fn wrong_type_says_what_to_write() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/issue.toml", "date = \"2024-04\"\n");
    fx.run(&["build", "2024-04"]).fails(1, &["「date」の値の種類がちがいます", "2022-06-01 のような日付"]);
}

#[test]
fn unknown_front_matter_key_in_a_spotlight() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/spotlights/01-a.md", "+++\ntitle = \"a\"\ncouncel = \"b\"\n+++\n本文\n");
    fx.run(&["build", "2024-04"]).fails(
        1,
        &["issues/2024-04/spotlights/01-a.md に知らないキー「councel」", "「council」のまちがい", "01-a.md:3:1"],
    );
}

#[test]
fn unclosed_front_matter() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/notice.md", "+++\ntitle = \"お願い\"\n本文\n");
    fx.run(&["build", "2024-04"]).fails(1, &["閉じられていません", "notice.md:1:1"]);
}

#[test]
fn missing_image_names_the_markdown_line() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", "春です。\n\n![写真](images/nothing.jpg)\n");
    fx.run(&["build", "2024-04"])
        .fails(1, &["画像ファイル issues/2024-04/images/nothing.jpg が見つかりません", "greeting.md:3:1"]);
}

#[test]
fn missing_photo_in_front_matter() {
    let fx = Fixture::minimal();
    fx.write(
        "issues/2024-04/spotlights/01-a.md",
        "+++\ntitle = \"a\"\n[[photos]]\nfile = \"images/gone.png\"\ncaption = \"c\"\n+++\n本文\n",
    );
    fx.run(&["build", "2024-04"]).fails(1, &["images/gone.png が見つかりません", "01-a.md:4:"]);
}

#[test]
fn image_paths_cannot_leave_the_issue_folder() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", "春です。\n\n![x](../../../etc/passwd)\n![y](/etc/passwd)\n");
    let run = fx.run(&["build", "2024-04"]);
    run.fails(1, &["画像「../../../etc/passwd」は使えない場所", "画像「/etc/passwd」は使えない場所"]);
}

#[test]
fn not_an_image() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/images/a.png", "this is text");
    fx.write("issues/2024-04/greeting.md", "春です。\n\n![x](images/a.png)\n");
    fx.run(&["build", "2024-04"]).fails(1, &["使える画像形式ではありません", "JPEG、PNG"]);
}

#[test]
fn layout_errors_point_into_the_layout() {
    let fx = Fixture::minimal();
    fx.write("layouts/default/layout.typ", "#let newsletter(issue) = { undefined-thing }\n");
    fx.run(&["build", "2024-04"]).fails(1, &["レイアウトの組版中にエラーが起きました", "layouts/default/layout.typ:1"]);
}

#[test]
fn a_layout_without_large_print() {
    let fx = Fixture::minimal();
    fx.write("layouts/default/layout.typ", "#let newsletter(issue) = [#issue.greeting.body]\n");
    fx.run(&["build", "2024-04", "--large-print"]).fails(
        1,
        &[
            "レイアウト「default」には拡大版のレイアウト（large-print.typ）がありません",
            "layouts/default/large-print.typ を作るか",
        ],
    );
    assert!(!fx.path().join("out/2024-04-large-print.pdf").exists());
}

#[test]
fn unknown_layout() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\nlayout = \"fancy\"\n");
    fx.run(&["build", "2024-04"]).fails(1, &["レイアウト「fancy」が見つかりません"]);
}

#[test]
fn missing_glyph_is_reported_with_code_point() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", "春です。\n\n絵文字🀄です。\n");
    fx.run(&["build", "2024-04"]).fails(1, &["U+1F004", "greeting.md:3:4"]);
}

#[test]
fn shift_jis_file_is_read_with_a_warning() {
    let fx = Fixture::minimal();
    // 「春です。」 and a CP932-only ① in Shift_JIS, CRLF line endings.
    fx.write("issues/2024-04/greeting.md", b"\x8Ft\x82\xC5\x82\xB7\x81B\r\n\x87\x40\r\n");
    fx.run(&["build", "2024-04"])
        .ok_with(&["警告: issues/2024-04/greeting.md は Shift_JIS で保存されています", "「UTF-8」にして保存"]);
    assert!(pdf_text(&fx.path().join("out/2024-04.pdf")).contains("春です。①"));
}

#[test]
fn utf16_file_is_read_with_a_warning() {
    let fx = Fixture::minimal();
    let bytes: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("夏です。\r\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    fx.write("issues/2024-04/greeting.md", bytes);
    fx.run(&["check", "2024-04"]).ok_with(&["greeting.md は UTF-16 で保存されています"]);
}

#[test]
fn undecodable_bytes_are_an_error_with_the_offset() {
    let fx = Fixture::minimal();
    // UTF-8 text with one stray byte in line 2.
    let mut bytes = "春です。\nあ".as_bytes().to_vec();
    bytes.push(0xFF);
    fx.write("issues/2024-04/greeting.md", bytes);
    fx.run(&["check", "2024-04"]).fails(
        1,
        &["greeting.md の 2 行目に読めない文字があります（ファイルの先頭から 17 バイト目）", "「UTF-8」を選んで"],
    );
}

#[test]
fn shift_jis_tsushin_toml_warns_too() {
    let fx = Fixture::minimal();
    // title = "通信" in Shift_JIS.
    fx.write("tsushin.toml", b"title = \"\x92\xCA\x90\x4D\"\n[publisher]\nname = \"x\"\n");
    fx.run(&["check", "2024-04"]).ok_with(&["tsushin.toml は Shift_JIS で保存されています"]);
}

#[test]
fn huge_markdown_is_refused_quickly() {
    let fx = Fixture::minimal();
    let line = "新年度が始まり、２か月が過ぎました。地域の皆さんと支えあいの輪を広げます。\n\n";
    fx.write(
        "issues/2024-04/spotlights/01-big.md",
        format!("+++\ntitle = \"大\"\n+++\n{}", line.repeat(10 * 1024 * 1024 / line.len())),
    );
    let started = std::time::Instant::now();
    fx.run(&["check", "2024-04"]).fails(1, &["spotlights/01-big.md が大きすぎます", "512 KB まで"]);
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
}

#[test]
fn bom_and_crlf_are_fine() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", "\u{feff}春に\r\nなりました。\r\n");
    fx.run(&["build", "2024-04"]).ok();
    assert!(pdf_text(&fx.path().join("out/2024-04.pdf")).contains("春になりました。"));
}

#[test]
fn usage_errors_exit_2_in_japanese() {
    let fx = Fixture::minimal();
    fx.run(&["bulid", "2024-04"]).fails(2, &["知らないコマンドです"]);
    fx.run(&["build"]).fails(2, &["必要な引数が足りません"]);
}

#[test]
fn help_is_japanese() {
    let fx = Fixture::minimal();
    let run = fx.run(&["--help"]);
    run.ok();
    assert!(run.stdout.contains("号を組版して印刷用 PDF を作ります"), "{}", run.stdout);
    assert!(run.stdout.contains("使い方"), "{}", run.stdout);
}

#[test]
fn check_writes_nothing() {
    let fx = Fixture::minimal();
    fx.run(&["check", "2024-04"]).ok_with(&["確認しました"]);
    assert!(!fx.path().join("out").exists(), "check must not write output");
}

#[test]
fn check_reports_every_problem_at_once() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/notice.md", "+++\ntitel = \"a\"\n+++\n");
    fx.write("issues/2024-04/game.md", "+++\npoints = \"x\"\n+++\n");
    fx.run(&["check", "2024-04"]).fails(1, &["notice.md", "game.md"]);
}

#[test]
fn empty_greeting_is_an_error() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", "");
    fx.run(&["check", "2024-04"])
        .fails(1, &["issues/2024-04/greeting.md に本文がありません", "巻頭あいさつの文章を書いてください"]);
}

#[test]
fn empty_optional_files_are_left_out_with_a_warning() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/notice.md", "");
    fx.write("issues/2024-04/spotlights/01-a.md", "\n  \n");
    fx.run(&["check", "2024-04"]).ok_with(&[
        "警告: issues/2024-04/notice.md が空なので使いません",
        "警告: issues/2024-04/spotlights/01-a.md が空なので使いません",
    ]);
}

#[test]
fn a_folder_where_a_file_should_be() {
    // Tests run as root, so permissions cannot make a file unreadable; a
    // folder in its place fails the same way (the read itself fails).
    let fx = Fixture::minimal();
    std::fs::remove_file(fx.path().join("issues/2024-04/greeting.md")).unwrap();
    std::fs::create_dir(fx.path().join("issues/2024-04/greeting.md")).unwrap();
    fx.run(&["check", "2024-04"]).fails(1, &["greeting.md を読み込みできません: ファイルではなくフォルダーです"]);
}

#[test]
fn section_file_inside_spotlights_is_refused() {
    let fx = Fixture::minimal();
    std::fs::create_dir_all(fx.path().join("issues/2024-04/spotlights")).unwrap();
    std::fs::rename(
        fx.path().join("issues/2024-04/greeting.md"),
        fx.path().join("issues/2024-04/spotlights/greeting.md"),
    )
    .unwrap();
    fx.run(&["check", "2024-04"]).fails(
        1,
        &[
            "issues/2024-04/spotlights/greeting.md は spotlights/ の中ではなく、号のフォルダー（issues/2024-04）に置いてください",
            "issues/2024-04/greeting.md がありません",
        ],
    );
}

#[test]
fn spotlight_outside_spotlights_is_refused() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/01-yaoki.md", "+++\ntitle = \"八起き\"\n+++\n本文\n");
    fx.run(&["check", "2024-04"]).fails(
        1,
        &[
            "issues/2024-04/01-yaoki.md は活動紹介の記事のようですが、spotlights/ の外にあるので使われません",
            "spotlights/ フォルダーに移してください",
        ],
    );
}

#[test]
fn misspelt_folder_and_file_names_get_a_suggestion() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/spotlight/01-a.md", "+++\ntitle = \"a\"\n+++\n本文\n");
    fx.write("issues/2024-04/notise.md", "+++\ntitle = \"a\"\n+++\n本文\n");
    fx.run(&["check", "2024-04"]).ok_with(&[
        "issues/2024-04/spotlight は使われません",
        "spotlights のまちがいではありませんか？",
        "issues/2024-04/notise.md は使われません",
        "notice.md のまちがいではありませんか？",
    ]);
}

#[test]
fn output_folder_that_cannot_be_written() {
    let fx = Fixture::minimal();
    fx.write("not-a-folder", "x");
    let out = fx.path().join("not-a-folder/6月号.pdf");
    fx.run(&["build", "2024-04", "-o", out.to_str().unwrap()]).fails(
        1,
        &["not-a-folder を作成できません: 途中にフォルダーではなくファイルがあります", "別の出力先を指定してください"],
    );
    let deeper = fx.path().join("not-a-folder/sub/6月号.pdf");
    fx.run(&["build", "2024-04", "-o", deeper.to_str().unwrap()])
        .fails(1, &["途中にフォルダーではなくファイルがあります"]);
}

#[test]
fn issue_date_disagreeing_with_the_folder_is_a_warning() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/issue.toml", "date = 2024-05-01\npages = 1\n");
    fx.run(&["check", "2024-04"]).ok_with(&[
        "警告: issue.toml の日付（2024年5月）がフォルダー名 2024-04 と合っていません",
        "--> issues/2024-04/issue.toml:1:8",
    ]);
}

#[test]
fn front_matter_without_fences() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/notice.md", "title = \"お願い\"\n本文\n");
    fx.run(&["check", "2024-04"]).fails(1, &["+++ で囲まれていません", "+++ を忘れていませんか", "notice.md:1:1"]);
    fx.write("issues/2024-04/notice.md", "---\ntitle: お願い\n---\n本文\n");
    fx.run(&["check", "2024-04"]).fails(1, &["--- ではなく +++ で囲みます", "notice.md:1:1"]);
}

#[test]
fn wrong_types_in_front_matter_and_issue_toml() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npages = \"4\"\n");
    fx.run(&["check", "2024-04"])
        .fails(1, &["「pages」の値の種類がちがいます", "0 以上の数字を引用符なしで", "issue.toml:2:9"]);
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01T10:00:00\n");
    fx.run(&["check", "2024-04"]).fails(1, &["date には時刻のない日付を書いてください"]);
    fx.write("issues/2024-04/issue.toml", "date = 2024-04-01\npages = 1\n");
    fx.write("issues/2024-04/spotlights/01-a.md", "+++\ntitle = \"a\"\nvoices = \"ひとつ\"\n+++\n本文\n");
    fx.run(&["check", "2024-04"]).fails(1, &["「voices」の値の種類がちがいます", "角かっこで囲んだ一覧", "01-a.md:3:"]);
}

#[test]
fn missing_required_key_in_front_matter() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/notice.md", "+++\nto = \"みなさまへ\"\n+++\n本文\n");
    fx.run(&["check", "2024-04"])
        .fails(1, &["notice.md に必要なキー「title」がありません", "title = … の行を書き足してください"]);
}

#[test]
fn svg_that_reads_other_files_is_refused() {
    let fx = Fixture::minimal();
    fx.write(
        "issues/2024-04/images/zu.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><image href=\"/etc/passwd\" width=\"10\" height=\"10\"/></svg>",
    );
    fx.write("issues/2024-04/greeting.md", "春です。\n\n![図](images/zu.svg)\n");
    fx.run(&["check", "2024-04"]).fails(
        1,
        &[
            "images/zu.svg は外のファイルやインターネット上のもの（/etc/passwd）を読み込む SVG なので使えません",
            "greeting.md:3:1",
        ],
    );
    fx.write(
        "issues/2024-04/images/zu.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>",
    );
    fx.run(&["check", "2024-04"]).ok();
}

#[test]
fn symlink_out_of_the_issue_folder_is_refused() {
    let fx = Fixture::minimal();
    let outside = fx.path().join("secret.png");
    std::fs::write(&outside, png(10, 10)).unwrap();
    std::fs::create_dir_all(fx.path().join("issues/2024-04/images")).unwrap();
    std::os::unix::fs::symlink(&outside, fx.path().join("issues/2024-04/images/link.png")).unwrap();
    fx.write("issues/2024-04/greeting.md", "春です。\n\n![x](images/link.png)\n");
    fx.run(&["check", "2024-04"]).fails(
        1,
        &[
            "画像 issues/2024-04/images/link.png は号のフォルダーの外を指しています（シンボリックリンク）",
            "greeting.md:3:1",
        ],
    );
}

#[test]
fn corrupt_image_with_an_image_signature() {
    let fx = Fixture::minimal();
    let mut bytes = png(50, 50);
    bytes.truncate(40);
    fx.write("issues/2024-04/images/broken.png", bytes);
    fx.write("issues/2024-04/greeting.md", "春です。\n\n![x](images/broken.png)\n");
    fx.run(&["check", "2024-04"]).fails(
        1,
        &[
            "issues/2024-04/images/broken.png は画像として読めません。壊れているか、途中までしか保存されていません",
            "greeting.md:3:1",
        ],
    );
    fx.write("issues/2024-04/images/broken.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect");
    fx.write("issues/2024-04/greeting.md", "春です。\n\n![x](images/broken.svg)\n");
    fx.run(&["check", "2024-04"]).fails(1, &["images/broken.svg は画像として読めません"]);
}

#[test]
fn deeply_nested_markdown_prints_with_a_warning() {
    // Without the nesting limit this hit Typst's parser depth limit and failed
    // as a layout error.
    let fx = Fixture::minimal();
    let list: String = (0..30).map(|i| format!("{}- *a [b](c) **d\n", "  ".repeat(i))).collect();
    fx.write(
        "issues/2024-04/notice.md",
        format!("+++\ntitle = \"a\"\n+++\n{}あ\n\n{list}\n> - > - > - > - > - > - > - > - い\n", "> ".repeat(300)),
    );
    fx.run(&["build", "2024-04"])
        .ok_with(&["重なりが 12 段より深いため、ここから先は飾りなしの文字で印刷します", "notice.md:4:"]);
    let text = pdf_text(&fx.path().join("out/2024-04.pdf"));
    assert!(text.contains('あ') && text.contains('い'), "{text}");
}

#[test]
fn escaped_photo_path_is_reported_at_its_own_line_and_column() {
    let fx = Fixture::minimal();
    // `\u0030` is "0": the path is images/0x.jpg, which is missing. The same
    // characters in the title above must not catch the message.
    fx.write(
        "issues/2024-04/spotlights/01-a.md",
        "+++\ntitle = \"images/0x.jpg の記事\"\n[[photos]]\nfile = \"images/\\u0030x.jpg\"\ncaption = \"c\"\n+++\n本文\n",
    );
    fx.run(&["check", "2024-04"]).fails(
        1,
        &[
            "画像ファイル issues/2024-04/images/0x.jpg が見つかりません",
            "--> issues/2024-04/spotlights/01-a.md:4:8",
            "4 | file = \"images/\\u0030x.jpg\"",
            "  |        ^^^^^^^^^^^^^^^^^^^^",
        ],
    );
}

#[test]
fn event_mistakes_are_shown_where_they_were_written() {
    let fx = Fixture::minimal();
    let events = "issues/2024-04/events.md";
    fx.write(events, "+++\n[[events]]\ntitle = \"体操教室\"\ndate = \"4月20日\"\n+++\n");
    fx.run(&["check", "2024-04"])
        .fails(1, &["events.md の「date」の値の種類がちがいます", "events.md:4:8", "2022-06-01 のような日付"]);
    fx.write(events, "+++\n[[events]]\ntitle = \"サロン\"\ndate = 2024-04-27\nplase = \"公民館\"\n+++\n");
    fx.run(&["check", "2024-04"])
        .fails(1, &["知らないキー「plase」", "events.md:5:1", "「place」のまちがいではありませんか"]);
    // a past event is printed, with a warning at its date
    fx.write(events, "+++\n[[events]]\ntitle = \"サロン\"\ndate = 2024-03-27\n+++\n");
    fx.run(&["build", "2024-04"]).ok_with(&["行事「サロン」（2024年3月27日）は号の日付", "events.md:4:8"]);
}

#[test]
fn a_table_too_wide_for_the_page() {
    let fx = Fixture::minimal();
    let row = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(8));
    fx.write(
        "issues/2024-04/notice.md",
        format!("+++\ntitle = \"日程\"\n+++\n\n{}{}{}", row("日"), row("---"), row("a")),
    );
    fx.run(&["check", "2024-04"]).fails(
        1,
        &[
            "notice.md の表は 8 列あり、紙面の幅に入りません（1 つの表は 6 列まで）",
            "notice.md:5:1",
            "表を 2 つに分ける",
        ],
    );
}

#[test]
fn a_table_whose_cells_cannot_narrow_enough() {
    let fx = Fixture::minimal();
    let row = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(5));
    let word = "https://www.city.takasaki.gunma.jp/kurashi";
    let table = format!("{}{}{}", row(word), row("---"), row("a"));
    fx.write("issues/2024-04/notice.md", format!("+++\ntitle = \"日程\"\n+++\n\n{table}"));
    let hints = ["表が紙面の幅に入りません（5 列。いちばん狭く組んでも約", "notice.md:5:3", "ます目の文字を短く"];
    fx.run(&["build", "2024-04"]).fails(1, &hints);
    // the same cells in two columns fit
    fx.write(
        "issues/2024-04/notice.md",
        format!("+++\ntitle = \"日程\"\n+++\n\n| {word} | 日 |\n|---|---|\n| a | b |\n"),
    );
    fx.run(&["build", "2024-04"]).ok_with(&[]);
}
