//! Tests of the proofreading engine: one file per rule, positive and negative
//! cases, plus the API (positions, settings, the reference issue) here.

mod brackets;
mod dates;
mod digits;
mod eras;
mod phone;
mod punctuation;
mod style;
mod wording;

use super::*;

/// The issue date the tests use unless they say otherwise: 令和4年6月号.
pub(super) const JUNE_2022: (i32, u32, u32) = (2022, 6, 1);

/// Findings of one rule for one plain text.
pub(super) fn run(rule: Rule, kind: Kind, text: &str, date: (i32, u32, u32)) -> Vec<Finding> {
    let texts = [Text { file: 0, offset: 0, text, kind }];
    let proofreader = Proofreader::new(&Settings::default(), &Dictionary::default());
    proofreader.check(date, &texts).into_iter().filter(|f| f.rule == rule).collect()
}

/// The messages of one rule's findings for a Markdown text of June 2022.
pub(super) fn messages(rule: Rule, text: &str) -> Vec<String> {
    run(rule, Kind::Markdown, text, JUNE_2022).into_iter().map(|f| f.message).collect()
}

/// The underlined text of each finding.
pub(super) fn marked(rule: Rule, text: &str) -> Vec<String> {
    run(rule, Kind::Markdown, text, JUNE_2022).into_iter().map(|f| text[f.range].to_owned()).collect()
}

#[test]
fn findings_point_into_the_file_at_the_texts_offset() {
    // A front-matter value that starts at byte 100 of its file.
    let file = format!("{}title = \"7月2日（金）\"\n", " ".repeat(100));
    let start = file.find('7').unwrap();
    let value = &file[start..file.rfind('"').unwrap()];
    let texts = [Text { file: 3, offset: start, text: value, kind: Kind::Plain }];
    let found = Proofreader::new(&Settings::default(), &Dictionary::default()).check(JUNE_2022, &texts);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].file, &file[found[0].range.clone()]), (3, "7月2日（金）"));
    let fix = found[0].fix.clone().unwrap();
    assert_eq!(&file[fix.range], "金");
}

#[test]
fn markdown_positions_survive_markup() {
    let file = "+++\ntitle = \"t\"\n+++\n\n- **支援**は7月2日（金）\n";
    let body = file.find("\n\n").unwrap() + 2;
    let texts = [Text { file: 0, offset: body, text: &file[body..], kind: Kind::Markdown }];
    let found = Proofreader::new(&Settings::default(), &Dictionary::default()).check(JUNE_2022, &texts);
    assert_eq!(&file[found[0].range.clone()], "7月2日（金）");
}

/// `[proofreading]` as tsushin.toml's reader reads it.
fn table(toml: &str) -> Result<crate::model::config::ProofreadingToml, crate::diag::Diagnostic> {
    let file = crate::diag::SourceFile::new("tsushin.toml".into(), toml);
    crate::markup::toml_read::parse(&file, toml, 0)
}

#[test]
fn each_rule_can_be_turned_off_by_its_id() {
    let text = "7月2日（金）、、令和5年（2022年）027-321-131「支え合い」と支えあい（４月2日";
    let texts = [Text { file: 0, offset: 0, text, kind: Kind::Markdown }];
    let all = Proofreader::new(&Settings::default(), &Dictionary::default()).check(JUNE_2022, &texts);
    for rule in Rule::ALL.into_iter().filter(|r| *r != Rule::DearuDesumasu) {
        assert!(all.iter().any(|f| f.rule == rule), "{} found nothing: {all:?}", rule.id());
        let settings = Settings::from_table(&table(&format!("{} = false", rule.id())).unwrap());
        let found = Proofreader::new(&settings, &Dictionary::default()).check(JUNE_2022, &texts);
        assert!(!found.iter().any(|f| f.rule == rule), "{} still reported", rule.id());
        assert_eq!(found.len(), all.iter().filter(|f| f.rule != rule).count());
    }
}

#[test]
fn the_table_key_of_each_switch_is_its_rules_id() {
    for rule in Rule::ALL {
        let settings = Settings::from_table(&table(&format!("{} = false", rule.id())).unwrap());
        let off: Vec<Rule> = Rule::ALL.into_iter().filter(|r| !settings.enabled(*r)).collect();
        assert_eq!(off, [rule], "{}", rule.id());
    }
    assert_eq!(Settings::from_table(&table("").unwrap()), Settings::default());
    assert!(Rule::ALL.iter().enumerate().all(|(i, r)| *r as usize == i), "Settings indexes by the order of ALL");
}

#[test]
fn settings_refuse_unknown_rule_ids_and_suggest_the_nearest() {
    let err = table("date-weekdays = false").unwrap_err();
    assert_eq!(err.message, "tsushin.toml に知らないキー「date-weekdays」があります");
    assert!(err.hints.iter().any(|h| h == "「date-weekday」のまちがいではありませんか？"), "{:?}", err.hints);
    assert_eq!(err.position().as_deref(), Some("tsushin.toml:1:1"));
    assert!(Rule::ALL.iter().all(|r| Rule::from_id(r.id()) == Some(*r)));
}

#[test]
fn a_finding_becomes_a_diagnostic_with_file_line_and_column() {
    let text = "みなさまへ\n\n集まりは7月2日（金）です。\n皆様のご参加を。\n";
    let file = crate::diag::SourceFile::new("issues/2022-06/notice.md".into(), text);
    let texts = [Text { file: 0, offset: 0, text, kind: Kind::Markdown }];
    let found = Proofreader::new(&Settings::default(), &Dictionary::default()).check(JUNE_2022, &texts);
    let date = found.iter().find(|f| f.rule == Rule::DateWeekday).unwrap();
    let diag = date.diagnostic(std::slice::from_ref(&file));
    assert_eq!(diag.position().as_deref(), Some("issues/2022-06/notice.md:3:5"));
    assert!(
        diag.render().starts_with("警告: 校正（日付と曜日）: 7月2日は土曜日です（金曜日と書かれています）"),
        "{}",
        diag.render()
    );
    assert!(diag.hints.iter().any(|h| h == "直した形: 「7月2日（土）」"), "the fix written in: {:?}", diag.hints);
    let wording = found.iter().find(|f| f.rule == Rule::Wording).unwrap();
    let rendered = wording.diagnostic(std::slice::from_ref(&file)).render();
    assert!(rendered.contains("ほかの書き方の場所: issues/2022-06/notice.md:4:1"), "{rendered}");
}

mod robustness {
    use proptest::prelude::*;

    use super::*;

    /// Text made of the pieces the rules look for, glued at random.
    fn proseish() -> impl Strategy<Value = String> {
        let pieces = [
            "2022",
            "年",
            "令和",
            "平成",
            "元",
            "7",
            "月",
            "2",
            "日",
            "（",
            "）",
            "(",
            ")",
            "金",
            "曜日",
            "/",
            "-",
            "０",
            "１",
            "027",
            "－",
            "ー",
            "TEL",
            "☎",
            "〒",
            "である",
            "です",
            "ます",
            "。",
            "、",
            "「",
            "」",
            "『",
            "』",
            "【",
            "】",
            "支えあい",
            "支え合",
            "みなさん",
            "**",
            "*",
            "_",
            "`",
            "[",
            "](",
            "\\",
            "&amp;",
            "\n",
            "\n\n",
            "- ",
            "# ",
            "> ",
            " ",
            "　",
            "・",
            "～",
            "祝",
            "あ",
            "漢",
        ];
        let piece = prop_oneof![
            6 => proptest::sample::select(pieces.to_vec()).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..50).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn any_text_gives_findings_inside_it(text in proseish(), kind in 0u8..3, offset in 0usize..8) {
            let kind = [Kind::Markdown, Kind::Inline, Kind::Plain][usize::from(kind)];
            let file = format!("{}{text}", "x".repeat(offset));
            let texts = [Text { file: 0, offset, text: &file[offset..], kind }];
            let found = Proofreader::new(&Settings::default(), &Dictionary::default()).check(JUNE_2022, &texts);
            for f in &found {
                prop_assert!(f.range.start >= offset && file.get(f.range.clone()).is_some(), "{f:?} in {file:?}");
                if let Some(fix) = &f.fix {
                    prop_assert!(file.get(fix.range.clone()).is_some(), "{fix:?} in {file:?}");
                }
                for place in &f.related {
                    prop_assert!(file.get(place.range.clone()).is_some(), "{place:?} in {file:?}");
                }
            }
        }
    }
}
