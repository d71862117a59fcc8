//! Proofreading as a coordinator meets it, through the real binary: `check`
//! prints each finding at file:line:col with the line, the explanation and
//! the fix; `[proofreading]` turns rules off (issue.toml for one issue);
//! `--strict` fails on findings; `build` and `watch` warn and still write the
//! PDF; the wording dictionary is read, checked and among the issue's inputs.
//! docs/errors.md lists every finding with a test that exists.

mod common;

use std::time::Duration;

use common::watch::Watch;
use common::*;

/// The minimal newsletter with a greeting whose second line has a date with
/// the wrong weekday: 2024年4月20日 is a Saturday.
fn wrong_weekday() -> Fixture {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", "春になりました。\n集まりは2024年4月20日（金）です。\n");
    fx
}

fn append(fx: &Fixture, rel: &str, text: &str) {
    let mut all = std::fs::read_to_string(fx.path().join(rel)).unwrap();
    all.push_str(text);
    fx.write(rel, all);
}

const WEEKDAY: &str = "校正（日付と曜日）: 2024年4月20日は土曜日です（金曜日と書かれています）";

#[test]
fn check_reports_a_wrong_weekday_at_its_line_and_column_with_the_fix() {
    let fx = wrong_weekday();
    let run = fx.run(&["check", "2024-04"]);
    run.ok_with(&[
        &format!("警告: {WEEKDAY}"),
        "--> issues/2024-04/greeting.md:2:5",
        "2 | 集まりは2024年4月20日（金）です。",
        "曜日のまちがいなら「金」を「土」に直します",
        "直した形: 「2024年4月20日（土）」",
    ]);
    // The marker underlines the date and its weekday (two columns a wide character).
    let marker = run.stderr.lines().find(|l| l.contains('^')).expect("a marker line");
    assert_eq!(
        marker.matches('^').count(),
        "2024年4月20日（金）".chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>()
    );
    // One more warning than the layout's own (the mostly empty page).
    assert!(run.stderr.contains("警告 2 件"), "{}", run.stderr);
}

#[test]
fn front_matter_and_settings_strings_are_proofread_where_written() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/notice.md", "+++\ntitle = \"お知らせ\"\nto = \"みなさまへ。。\"\n+++\n本文です。\n");
    append(&fx, "tsushin.toml", "office = \"長寿社会課（電話 027-321-131）\"\n");
    fx.run(&["check", "2024-04"]).ok_with(&[
        "校正（句読点の重なり）: 句読点「。。」が重なっています",
        "--> issues/2024-04/notice.md:3:12",
        "校正（電話番号のけた数）: 電話番号「027-321-131」は数字が9けたです",
        "--> tsushin.toml:7:20",
    ]);
}

#[test]
fn a_rule_turned_off_in_tsushin_toml_is_silent_and_issue_toml_turns_it_on_again() {
    let fx = wrong_weekday();
    append(&fx, "tsushin.toml", "\n[proofreading]\ndate-weekday = false\n");
    let run = fx.run(&["check", "2024-04"]);
    run.ok();
    assert!(!run.stderr.contains("校正"), "{}", run.stderr);
    assert!(run.stderr.contains("警告 1 件"), "only the layout's warning: {}", run.stderr);

    append(&fx, "issues/2024-04/issue.toml", "\n[proofreading]\ndate-weekday = true\n");
    fx.run(&["check", "2024-04"]).ok_with(&[WEEKDAY]);
}

#[test]
fn a_misspelt_rule_id_is_refused_with_the_nearest() {
    let fx = wrong_weekday();
    append(&fx, "tsushin.toml", "\n[proofreading]\ndate-weekdays = false\n");
    fx.run(&["check", "2024-04"]).fails(
        1,
        &[
            "tsushin.toml に知らないキー「date-weekdays」があります",
            "--> tsushin.toml:9:1",
            "「date-weekday」のまちがいではありませんか？",
        ],
    );
}

#[test]
fn strict_check_fails_on_a_finding_and_issue_toml_can_turn_its_rule_off() {
    // The reference issue's only warning is its note about ４月2日.
    let fx = Fixture::reference();
    let note = "校正・参考（全角と半角の数字のまじり）";
    fx.run(&["check", "2022-06"]).ok_with(&[note, "警告 1 件"]);
    fx.run(&["check", "2022-06", "--strict"]).fails(1, &[note, "警告が 1 件あります（--strict）"]);

    append(&fx, "issues/2022-06/issue.toml", "\n[proofreading]\ndigit-width = false\n");
    let run = fx.run(&["check", "2022-06", "--strict"]);
    run.ok();
    assert!(!run.stderr.contains("校正"), "{}", run.stderr);
}

#[test]
fn build_prints_the_finding_and_still_writes_the_pdf() {
    let fx = wrong_weekday();
    fx.run(&["build", "2024-04"]).ok_with(&[WEEKDAY, "--> issues/2024-04/greeting.md:2:5", "作成しました"]);
    // Printed as written: proofreading never changes the text.
    assert!(pdf_text(&fx.path().join("out/2024-04.pdf")).contains("2024年4月20日（金）"));
}

#[test]
fn the_dictionary_accepts_a_phrase_and_its_mistakes_are_errors_at_their_place() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", "支え合いの活動と、支えあいの輪。\n");
    fx.run(&["check", "2024-04"]).ok_with(&["校正（表記のゆれ）: 「支えあい」と「支え合い」", "greeting.md:1:10"]);

    append(&fx, "tsushin.toml", "\n[proofreading]\ndictionary = \"wording.toml\"\n");
    fx.write("wording.toml", "accept = [\"支えあいの輪\"]\n");
    let run = fx.run(&["check", "2024-04"]);
    run.ok();
    assert!(!run.stderr.contains("表記のゆれ"), "{}", run.stderr);

    fx.write("wording.toml", "accept = [\"支えあいの輪\"]\noff = [\"ないことば\"]\n");
    fx.run(&["check", "2024-04"])
        .fails(1, &["組み込みの表記の辞書に「ないことば」はありません", "--> wording.toml:2:8"]);
    fx.run(&["build", "2024-04"]).fails(1, &["--> wording.toml:2:8"]);

    fx.remove("wording.toml");
    fx.run(&["check", "2024-04"]).fails(1, &["表記の辞書 wording.toml が見つかりません", "--> tsushin.toml:9:15"]);
}

#[test]
fn the_dictionary_is_an_input_list_sees_change() {
    let fx = Fixture::minimal();
    append(&fx, "tsushin.toml", "\n[proofreading]\ndictionary = \"辞書/wording.toml\"\n");
    fx.write("辞書/wording.toml", "accept = [\"支えあいの輪\"]\n");
    fx.run(&["build", "2024-04"]).ok();
    let pdf = fx.path().join("out/2024-04.pdf");
    let built = std::fs::metadata(&pdf).unwrap().modified().unwrap();
    let list = || {
        let run = fx.run(&["list"]);
        run.ok();
        run.stdout.lines().find(|l| l.starts_with("2024-04")).unwrap_or_default().to_owned()
    };
    assert!(list().contains("最新"), "{}", list());
    let dictionary = std::fs::File::options().write(true).open(fx.path().join("辞書/wording.toml")).unwrap();
    dictionary.set_modified(built + Duration::from_secs(5)).unwrap();
    let line = list();
    assert!(line.contains("古い") && line.contains("wording.toml"), "{line}");
}

#[test]
fn watch_warns_and_rebuilds_when_the_dictionary_changes() {
    let fx = Fixture::minimal();
    fx.write("issues/2024-04/greeting.md", "支え合いの活動と、支えあいの輪。\n");
    append(&fx, "tsushin.toml", "\n[proofreading]\ndictionary = \"辞書/wording.toml\"\n");
    fx.write("辞書/wording.toml", "accept = []\n");
    // With -v, each build ends with its timings, after its warnings.
    let mut command = std::process::Command::new(BIN);
    command.args(["watch", "2024-04", "-v"]).current_dir(fx.path());
    let watch = Watch::spawn(command);
    let built = "、校正 ";
    watch.wait_for(built, 1);
    assert_eq!(watch.count("校正（表記のゆれ）"), 1);
    assert!(fx.path().join("out/2024-04.pdf").is_file(), "the PDF is written despite the finding");

    // Accepting the phrase in the dictionary, in a folder of its own, is a change.
    fx.write("辞書/wording.toml", "accept = [\"支えあいの輪\"]\n");
    watch.wait_for(built, 2);
    assert_eq!(watch.count("校正（表記のゆれ）"), 1, "the second build has no finding");
}

#[test]
fn the_reference_issue_shows_its_note_and_without_its_dictionary_its_wording() {
    let fx = Fixture::reference();
    let run = fx.run(&["check", "2022-06"]);
    run.ok_with(&[
        "校正・参考（全角と半角の数字のまじり）: 「４月2日」に全角と半角の数字がまじっています",
        "--> issues/2022-06/spotlights/03-yottette.md:59:1",
    ]);
    assert_eq!(run.stderr.matches("校正").count(), 1, "the dictionary accepts the rest:\n{}", run.stderr);

    // The same words without the accepted phrases: what the dictionary records.
    fx.write("wording.toml", "");
    fx.run(&["check", "2022-06"]).ok_with(&[
        "校正（表記のゆれ）: 「支えあい」と「支え合う」の書き方がこの号にまじっています",
        "--> tsushin.toml:7:25",
        "ほかの書き方の場所: tsushin.toml:16:19、issues/2022-06/notice.md:9:10",
        "校正（表記のゆれ）: 「みなさま」と「皆さん」",
    ]);
}

/// The files a test named `a::b::name` in docs/errors.md may be in: the
/// integration test `tests/a.rs`, or the source module `a::b` (its file,
/// its `mod.rs`, or the file its inline `tests` module is in).
fn files_of(module: &str) -> Vec<std::path::PathBuf> {
    let parts: Vec<&str> = module.split("::").collect();
    if parts.len() == 1 {
        return vec![repo().join("tests").join(format!("{module}.rs"))];
    }
    let mut candidates = Vec::new();
    for parts in [&parts[..], parts.strip_suffix(&["tests"]).unwrap_or(&parts[..])] {
        let dir = repo().join("src").join(parts.join("/"));
        candidates.push(dir.with_extension("rs"));
        candidates.push(dir.join("mod.rs"));
    }
    candidates
}

/// Every proofreading finding is in docs/errors.md, and every test it names
/// for them exists.
#[test]
fn docs_errors_lists_every_finding_with_a_test_that_exists() {
    let docs = std::fs::read_to_string(repo().join("docs/errors.md")).unwrap();
    let section = docs.split("\n### 校正").nth(1).expect("a 校正 section in docs/errors.md");
    let section = section.split("\n#").next().unwrap_or(section);
    for title in tsushin::proof::Rule::ALL.map(|r| r.title()) {
        assert!(section.contains(title), "docs/errors.md lacks {title}");
    }
    let mut named = 0;
    for name in section.split('`').skip(1).step_by(2).filter(|n| n.contains("::")) {
        let (module, test) = name.rsplit_once("::").unwrap();
        let defined = files_of(module)
            .iter()
            .any(|path| std::fs::read_to_string(path).is_ok_and(|text| text.contains(&format!("fn {test}("))));
        assert!(defined, "docs/errors.md names {name}, which is not a test in {:?}", files_of(module));
        named += 1;
    }
    assert!(named >= 30, "tests named: {named}");
}
