//! Rule `phone-number`.

use super::*;

fn check(text: &str) -> Vec<Finding> {
    run(Rule::PhoneNumber, Kind::Markdown, text, JUNE_2022)
}

#[test]
fn a_fixed_line_number_with_a_digit_missing() {
    let text = "お問い合わせ: 027-321-131 まで";
    let found = check(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].message, "電話番号「027-321-131」は数字が9けたです（固定電話の番号は10けたです）");
    assert_eq!(&text[found[0].range.clone()], "027-321-131");
}

#[test]
fn every_kind_of_number_has_its_length() {
    for (text, what) in [
        ("027-321-13190", "固定電話の番号は10けた"),
        ("090-1234-567", "携帯電話の番号は11けた"),
        ("080-12345-6789", "携帯電話の番号は11けた"),
        ("070-1234-56789", "携帯電話の番号は11けた"),
        ("0120-123-4567", "フリーダイヤル（0120）の番号は10けた"),
        ("0800-123-456", "フリーダイヤル（0800）の番号は11けた"),
        ("0570-123-4567", "ナビダイヤル（0570）の番号は10けた"),
        ("050-1234-567", "IP 電話（050）の番号は11けた"),
    ] {
        let found = check(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert!(found[0].message.contains(what), "{text}: {}", found[0].message);
    }
}

#[test]
fn right_numbers_in_every_written_form_are_not_reported() {
    for text in [
        "027-321-1319",
        "０２７－３２１－１３１９",
        "０２７ー３２１ー１３１９",
        "027(321)1319",
        "(027)321-1319",
        "（027）321-1319",
        "03-1234-5678",
        "0274-62-1234",
        "090-1234-5678",
        "0120-123-456",
        "0800-123-4567",
        "0570-064-556",
        "050-1234-5678",
        "TEL 0273211319",
        "TEL.027-321-1319",
        "Tel:027-321-1319",
        "☎027-321-1319",
        "電話：027-321-1319。",
        "+81-27-321-1319",
    ] {
        assert!(check(text).is_empty(), "{text}: {:?}", check(text));
    }
}

#[test]
fn prefixes_make_a_number_of_any_form_a_phone_number() {
    for text in ["TEL 027321131", "☎ 027 321 131", "電話 090-1234-567", "ＴＥＬ０２７３２１１３１", "FAX 027-321-131"]
    {
        assert_eq!(check(text).len(), 1, "{text}: {:?}", check(text));
    }
}

#[test]
fn things_that_are_not_phone_numbers_are_left_alone() {
    for text in [
        "〒370-8501 高崎市高松町35-1",
        "〒060-0001",
        "2022-06-01",
        "令和4年6月1日",
        "1,000円",
        "10:00-12:00",
        "0-3歳",
        "https://www.city.takasaki.gunma.jp/docs/2019011800019/",
        "https://example.jp/0120-123/4567",
        "No.027-321-131",
        "321-1319",
        "受付番号 01-23-456",
        "第03-12-1号",
    ] {
        assert!(check(text).is_empty(), "{text}: {:?}", check(text));
    }
}

#[test]
fn odd_grouping_is_a_note() {
    let found = check("027-3213-319");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].level, Level::Note);
    assert!(found[0].hint.contains("027-321-1319"), "{}", found[0].hint);
    assert_eq!(check("090-12345-678")[0].level, Level::Note);
}

#[test]
fn the_publishers_phone_as_a_plain_value() {
    assert!(run(Rule::PhoneNumber, Kind::Plain, "027-321-1319", JUNE_2022).is_empty());
    assert_eq!(run(Rule::PhoneNumber, Kind::Plain, "027-321-131", JUNE_2022).len(), 1);
}
