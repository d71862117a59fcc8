//! Proofreading (src/proof/) over whole texts: a fixture with planted
//! mistakes, compared line by line with the real textlint rules it follows
//! (textlint-rule-date-weekday-mismatch, textlint-rule-no-mix-dearu-desumasu),
//! and the reference issue, loaded as the commands load it, with the findings
//! it really has and those its dictionary leaves. (The commands themselves,
//! through the binary: tests/proofreading_commands.rs.)
//!
//! textlint is installed by `.ci/run` (`npm ci --prefix tests/textlint`, the
//! versions pinned in tests/textlint/package-lock.json). Without it the
//! comparison fails under CI (CI=true) and is skipped with a message locally.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use tsushin::diag::SourceFile;
use tsushin::model::config::Newsletter;
use tsushin::model::issue::{self, IssueId};
use tsushin::proof::{Dictionary, Finding, Kind, Proofreader, Rule, Settings, Text};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const FIXTURE: &str = "tests/fixtures/proofreading/planted.md";

/// The fixture's issue date: textlint is told the same year (currentYear in
/// tests/textlint/.textlintrc.json), and no date without a year lies where
/// the nearest year differs from it (a June issue's December is the
/// December before), so both read every date the same way.
const ISSUE_DATE: (i32, u32, u32) = (2022, 6, 1);

/// Every mistake planted in the fixture: the rule and a text that shows it
/// (unique in the fixture, so that it gives the line).
const PLANTED: &[(Rule, &str)] = &[
    (Rule::DateWeekday, "2022年7月2日（金）"),
    (Rule::DateWeekday, "令和4年7月9日（日）"),
    (Rule::DateWeekday, "７月１６日（金）"),
    (Rule::DateWeekday, "2022年8月6日（日曜日）"),
    (Rule::DateWeekday, "8/21（土）"),
    (Rule::DateWeekday, "2022/9/3（金）"),
    (Rule::DateWeekday, "31日（土）"),
    (Rule::DateWeekday, "２月30日"),
    (Rule::DearuDesumasu, "支え合いの基本である。"),
    (Rule::DearuDesumasu, "参加費は無料である。"),
    (Rule::EraYear, "令和5年（2022年）"),
    (Rule::EraYear, "平成31年5月"),
    (Rule::EraYear, "平成32年"),
    (Rule::PhoneNumber, "027-321-131 "),
    (Rule::PhoneNumber, "090-1234-567"),
    (Rule::Wording, "支えあいの輪"),
    (Rule::DoubledPunctuation, "。。"),
    (Rule::Brackets, "「ふれあい館"),
    (Rule::DigitWidth, "２月30日"),
    (Rule::DigitWidth, "４月2日"),
];

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn fixture() -> String {
    std::fs::read_to_string(root().join(FIXTURE)).unwrap()
}

/// tsushin's findings on the fixture, as (rule, line).
fn tsushin_lines(text: &str) -> BTreeSet<(Rule, usize)> {
    let texts = [Text { file: 0, offset: 0, text, kind: Kind::Markdown }];
    let found = Proofreader::new(&Settings::default(), &Dictionary::default()).check(ISSUE_DATE, &texts);
    found.iter().map(|f| (f.rule, line_of(text, f.range.start))).collect()
}

fn planted_lines(text: &str) -> BTreeSet<(Rule, usize)> {
    PLANTED
        .iter()
        .map(|(rule, snippet)| {
            assert_eq!(text.matches(snippet).count(), 1, "「{snippet}」 must occur once in {FIXTURE}");
            (*rule, line_of(text, text.find(snippet).unwrap()))
        })
        .collect()
}

#[test]
fn every_planted_mistake_is_found_and_nothing_else() {
    let text = fixture();
    let found = tsushin_lines(&text);
    let planted = planted_lines(&text);
    let missed: Vec<_> = planted.difference(&found).collect();
    let extra: Vec<_> = found.difference(&planted).collect();
    assert!(missed.is_empty() && extra.is_empty(), "missed {missed:?}, reported on correct lines {extra:?}");
}

/// textlint's findings on the fixture, as (rule, line), or why it could not run.
fn textlint_lines() -> Result<BTreeSet<(Rule, usize)>, String> {
    let dir = root().join("tests/textlint");
    let bin = dir.join("node_modules/.bin/textlint");
    if !bin.exists() {
        return Err(format!("{} is missing: run `npm ci --prefix tests/textlint`", bin.display()));
    }
    let output = Command::new(&bin)
        .current_dir(&dir)
        .args(["--config", ".textlintrc.json", "--format", "json"])
        .arg(root().join(FIXTURE))
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    // textlint exits 1 when it reports something, 0 when not; anything else is a failure.
    if !matches!(output.status.code(), Some(0 | 1)) {
        return Err(format!("textlint failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr)));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("textlint's JSON: {e}"))?;
    let mut lines = BTreeSet::new();
    for message in json.as_array().into_iter().flatten().flat_map(|f| f["messages"].as_array().into_iter().flatten()) {
        let rule = match message["ruleId"].as_str() {
            Some("date-weekday-mismatch") => Rule::DateWeekday,
            Some("no-mix-dearu-desumasu") => Rule::DearuDesumasu,
            other => return Err(format!("textlint reported an unexpected rule {other:?}: {message}")),
        };
        let line = message["line"].as_u64().ok_or_else(|| format!("no line in {message}"))?;
        lines.insert((rule, usize::try_from(line).unwrap()));
    }
    Ok(lines)
}

#[test]
fn tsushin_reports_every_line_textlint_reports() {
    let textlint = match textlint_lines() {
        Ok(lines) => lines,
        Err(why) if std::env::var("CI").as_deref() == Ok("true") => panic!("textlint comparison cannot run: {why}"),
        Err(why) => return eprintln!("skipped the textlint comparison: {why}"),
    };
    let text = fixture();
    let tsushin = tsushin_lines(&text);
    let missed: Vec<_> = textlint.difference(&tsushin).collect();
    assert!(missed.is_empty(), "textlint reports lines tsushin does not: {missed:?} (textlint: {textlint:?})");
    // Not vacuous: textlint itself finds planted mistakes of both rules.
    for rule in [Rule::DateWeekday, Rule::DearuDesumasu] {
        assert!(textlint.iter().any(|(r, _)| *r == rule), "textlint found nothing for {}", rule.id());
    }
    // What textlint reports is planted, so the fixture holds no date both read differently.
    let planted = planted_lines(&text);
    assert!(textlint.is_subset(&planted), "textlint reports unplanted lines: {:?}", textlint.difference(&planted));
}

/// The reference issue as the commands load it (its texts at the loader's
/// spans), proofread without the newsletter's dictionary: the findings its
/// words really give, before the coordinator accepted any of them.
fn reference_findings() -> (Vec<Arc<SourceFile>>, Vec<Finding>) {
    let newsletter = Newsletter::load(root()).expect("tsushin.toml loads");
    let (issue, _) = issue::load(&newsletter, IssueId { year: 2022, month: 6 }).expect("the reference issue loads");
    let proofreader = Proofreader::new(&Settings::from_table(&issue.settings.proofreading), &Dictionary::default());
    tsushin::proof::issue::findings(&proofreader, &issue)
}

#[test]
fn the_reference_issue_has_its_real_findings() {
    let (files, findings) = reference_findings();
    let found: Vec<String> = findings
        .iter()
        .map(|f| {
            let file = &files[f.file];
            let (line, _) = file.line_col(f.range.start);
            format!("{}:{line} {} {}", file.display, f.rule.id(), &file.text[f.range.clone()])
        })
        .collect();
    assert_eq!(
        found,
        [
            // The catchphrase 支えあいの輪 beside 支え合う (web_title) and 支え合い (notice).
            "tsushin.toml:7 wording 支えあい",
            // みなさまへ and みなさん in the notice, 皆さん in the greeting.
            "issues/2022-06/notice.md:2 wording みなさま",
            "issues/2022-06/notice.md:9 wording みなさん",
            // ４月2日（土） in the spotlight's body.
            "issues/2022-06/spotlights/03-yottette.md:59 digit-width ４月2日",
        ]
    );
}

#[test]
fn a_wording_finding_names_where_the_other_spelling_is() {
    let (files, findings) = reference_findings();
    let catchphrase = findings.iter().find(|f| f.rule == Rule::Wording && files[f.file].display == "tsushin.toml");
    let diag = catchphrase.expect("the catchphrase's 支えあい").diagnostic(&files);
    assert_eq!(diag.position().as_deref(), Some("tsushin.toml:7:25"));
    assert_eq!(diag.message, "校正（表記のゆれ）: 「支えあい」と「支え合う」の書き方がこの号にまじっています");
    // 支え合う in the publisher's web_title, 支え合い in the notice.
    assert!(
        diag.hints.iter().any(|h| h == "ほかの書き方の場所: tsushin.toml:16:19、issues/2022-06/notice.md:9:10"),
        "{:?}",
        diag.hints
    );
}

#[test]
fn the_reference_dictionary_accepts_the_seeds_words_and_the_note_stays() {
    let newsletter = Newsletter::load(root()).expect("tsushin.toml loads");
    let (issue, _) = issue::load(&newsletter, IssueId { year: 2022, month: 6 }).expect("the reference issue loads");
    assert_eq!(issue.dictionary.as_ref().map(|d| d.display.as_str()), Some("wording.toml"));
    let checked = tsushin::proof::issue::proofread(&issue).expect("the dictionary reads");
    let found: Vec<(Option<String>, &str)> =
        checked.warnings.iter().map(|d| (d.position(), d.message.as_str())).collect();
    assert_eq!(
        found,
        [(
            Some("issues/2022-06/spotlights/03-yottette.md:59:1".to_owned()),
            "校正・参考（全角と半角の数字のまじり）: 「４月2日」に全角と半角の数字がまじっています"
        )]
    );
}
