//! Rule `wording` and the dictionary file.

use super::*;

fn issue(texts: &[&str], dictionary: &Dictionary) -> Vec<Finding> {
    let texts: Vec<Text> =
        texts.iter().enumerate().map(|(file, text)| Text { file, offset: 0, text, kind: Kind::Markdown }).collect();
    let proofreader = Proofreader::new(&Settings::default(), dictionary);
    proofreader.check(JUNE_2022, &texts).into_iter().filter(|f| f.rule == Rule::Wording).collect()
}

fn dictionary(toml: &str) -> Dictionary {
    Dictionary::read(&crate::diag::SourceFile::new("wording.toml".into(), toml)).unwrap()
}

#[test]
fn two_spellings_in_one_issue_are_reported_with_the_other_places() {
    let a = "新しく支え合い活動を立ち上げたい";
    let b = "みんなでつなごう！支えあいの輪！";
    let found = issue(&[a, b], &Dictionary::default());
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!((f.file, &b[f.range.clone()]), (1, "支えあい"));
    assert_eq!(f.message, "「支えあい」と「支え合い」の書き方がこの号にまじっています");
    assert!(f.hint.starts_with("「支え合い」にそろえましょう（常用漢字表にある字と読み）"), "{}", f.hint);
    assert_eq!(f.related, [Place { file: 0, range: a.find("支え合い").unwrap()..a.find("活動").unwrap() }]);
    assert_eq!(f.fix.as_ref().unwrap().replacement, "支え合い");
}

#[test]
fn conjugated_forms_are_the_same_word() {
    // 支え合う (a verb) and 支えあい (a noun) still mix the two spellings.
    let found = issue(&["お互い様で支え合う地域づくり", "支えあいの輪"], &Dictionary::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].fix.as_ref().unwrap().replacement, "支え合い");
    let found = issue(&["話し合いの場", "話合って決めた"], &Dictionary::default());
    assert_eq!(found[0].fix.as_ref().unwrap().replacement, "話し合っ");
}

#[test]
fn one_spelling_throughout_is_not_reported() {
    assert!(issue(&["子供会の集まり", "子供たちが来ました"], &Dictionary::default()).is_empty());
    assert!(issue(&["打合せをしました", "打合せ"], &Dictionary::default()).is_empty());
    // 取組 (a fixed noun in official writing) is not 取組み.
    assert!(issue(&["取組状況", "取り組み"], &Dictionary::default()).is_empty());
}

#[test]
fn kanji_and_kana_families_mix() {
    let found = issue(&["皆さんいかがお過ごしでしょうか", "そうしたみなさんからの相談"], &Dictionary::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].message, "「みなさん」と「皆さん」の書き方がこの号にまじっています");
    let found = issue(&["皆さん", "みなさまへ"], &Dictionary::default());
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn accepted_phrases_are_not_counted() {
    let dict = dictionary("accept = [\"支えあいの輪\"]\n");
    assert!(issue(&["支え合い活動", "みんなでつなごう！支えあいの輪！"], &dict).is_empty());
    let dict = dictionary("[[words]]\nexpected = \"支え合い\"\naccept = [\"支えあいの輪\"]\n");
    assert!(issue(&["支え合い活動", "支えあいの輪"], &dict).is_empty());
    // The entry still covers the other forms.
    assert_eq!(issue(&["支え合い活動", "支えあいの輪", "支えあう"], &dict).len(), 1);
}

#[test]
fn house_rules_are_reported_even_when_not_mixed() {
    let dict = dictionary("[[words]]\nexpected = \"コーディネーター\"\npatterns = [\"コーディネータ\"]\n");
    let text = "第1層生活支援コーディネータより";
    let found = issue(&[text], &dict);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].message, "「コーディネータ」は、この通信の表記の辞書では「コーディネーター」と書きます");
    // The longer spelling wins where both start.
    assert!(issue(&["生活支援コーディネーター"], &dict).is_empty());
}

#[test]
fn the_newsletter_can_prefer_another_spelling_or_turn_an_entry_off() {
    let dict = dictionary("[[words]]\nexpected = \"取組\"\npatterns = [\"取り組み\", \"取組み\"]\n");
    let found = issue(&["協議体の取り組み"], &dict);
    assert_eq!(found[0].fix.as_ref().unwrap().replacement, "取組");
    let dict = dictionary("off = [\"子ども\"]\n");
    assert!(issue(&["子ども", "子供"], &dict).is_empty());
    assert_eq!(issue(&["子ども", "子供"], &Dictionary::default()).len(), 1);
}

#[test]
fn dictionary_mistakes_point_at_their_place() {
    let text = "off = [\"存在しない語\"]\n[[words]]\nexpected = \"a\"\npatterns = [\"a\"]\n";
    let file = crate::diag::SourceFile::new("wording.toml".into(), text);
    let errors = Dictionary::read(&file).unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert!(messages.contains(&"wording.toml: 組み込みの表記の辞書に「存在しない語」はありません"), "{messages:?}");
    assert!(messages.contains(&"wording.toml: 「a」が expected と patterns の両方にあります"), "{messages:?}");
    let off = errors.iter().find(|e| e.message.contains("存在しない語")).unwrap();
    assert_eq!(off.position().as_deref(), Some("wording.toml:1:8"));
    assert!(off.is_error());
    // A misspelt key, as tsushin.toml's are: where it is and the key meant.
    let file = crate::diag::SourceFile::new("wording.toml".into(), "[[words]]\nexpect = \"a\"\n");
    let unknown = Dictionary::read(&file).unwrap_err();
    assert_eq!(unknown[0].message, "wording.toml に知らないキー「expect」があります");
    assert_eq!(unknown[0].position().as_deref(), Some("wording.toml:2:1"));
    assert!(unknown[0].hints.iter().any(|h| h.contains("「expected」")), "{:?}", unknown[0].hints);
}
