//! The converter's unit tests: what each kind of Markdown becomes.

use super::*;

fn md(src: &str) -> String {
    block(src).markup
}

#[test]
fn soft_break_between_japanese_is_dropped() {
    assert_eq!(md("新年度が始まり、\n２か月が過ぎました。"), "新年度が始まり、２か月が過ぎました。");
}

#[test]
fn soft_break_between_latin_is_a_space() {
    assert_eq!(md("SC\nmeeting"), "SC meeting");
    assert_eq!(md("今年で\n8 年目"), "今年で 8 年目");
}

#[test]
fn cjk_strong_around_brackets() {
    assert_eq!(md("**「たのも～」**を作ろう"), "#strong[「たのも～」]を作ろう");
    assert_eq!(md("これは**「重要」**です"), "これは#strong[「重要」]です");
    assert_eq!(md("**普通の強調**です"), "#strong[普通の強調]です");
}

#[test]
fn lone_double_star_stays_text() {
    assert_eq!(md("a ** b"), "a \\*\\* b");
}

#[test]
fn escaped_stars_stay_text() {
    assert_eq!(md("\\*\\*「a」\\*\\*を"), "\\*\\*「a」\\*\\*を");
}

#[test]
fn code_block_stars_are_not_bold() {
    assert_eq!(md("```\n**「a」**を\n```"), "#raw(block: true, \"**「a」**を\")");
}

#[test]
fn hostile_text_is_escaped() {
    assert_eq!(md("#read(\"/etc/passwd\")"), "\\#read\\(\\\"\\/etc\\/passwd\\\"\\)");
    assert_eq!(md("$x$ <注意> @b"), "\\$x\\$ \\<注意\\> \\@b");
}

#[test]
fn lists() {
    assert_eq!(md("- あ\n- い\n"), "#list([あ], [い], )");
    assert_eq!(md("1. あ\n2. い\n"), "#enum(start: 1, [あ], [い], )");
}

#[test]
fn html_is_printed_as_text_with_warning() {
    let c = block("あ<script>x</script>い\n");
    assert_eq!(c.markup, "あ\\<script\\>x\\<\\/script\\>い");
    assert_eq!(c.warnings.len(), 2);
    assert_eq!(block("あ<!-- メモ -->い").markup, "あい");
    assert_eq!(block("あ<br>い").markup, "あ#linebreak()い");
}

#[test]
fn images_are_confined_to_the_issue_folder() {
    let c = block("![写真\"](images/a.png)");
    assert_eq!(c.markup, "#image(\"/issue/images/a.png\", alt: \"写真\\\"\")");
    let c = block("![x](../secret.png)");
    assert_eq!(c.markup, "");
    assert_eq!(c.images[0].vpath, None);
}

#[test]
fn deep_nesting_is_flattened_with_a_warning() {
    for src in [
        "> ".repeat(400) + "あ",
        "*".repeat(3000) + "a" + &"*".repeat(3000),
        (0..200).map(|i| format!("{}- a\n", "  ".repeat(i))).collect(),
    ] {
        let c = block(&src);
        audit(&c.markup).unwrap();
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(c.warnings[0].1.contains("段より深い"), "{:?}", c.warnings);
    }
    // Up to the limit nothing is dropped.
    assert!(block(&"> ".repeat(MAX_NESTING)).warnings.is_empty());
}

#[test]
fn text_spans_point_back_into_the_markdown() {
    let src = "前置き\n\n**強い「#文」**と`コード`\n";
    let c = block(src);
    let texts: Vec<(&str, &str)> = c.spans.iter().map(|s| (&c.markup[s.out.clone()], &src[s.src.clone()])).collect();
    assert_eq!(
        texts,
        [("前置き", "前置き"), ("強い「\\#文」", "強い「#文」"), ("と", "と"), ("#raw(\"コード\")", "`コード`")]
    );
}

#[test]
fn the_checker_rejects_code() {
    for bad in [
        "#read(\"/etc/passwd\")",
        "$x$",
        "<l>",
        "@r",
        "`r`",
        "a -- b",
        "#strong(read(\"x\"))",
        "#image(\"a\", width: 1pt)",
        "- a",
        "*b*",
        "#table(columns: 1, align: (read(\"x\"), ), [a], )",
        "#table(columns: 1, align: (sys, ), [a], )",
        "#table(columns: 1, align: left, [a], )",
    ] {
        assert!(audit(bad).is_err(), "{bad}");
    }
    assert!(audit("#table(columns: 3, align: (auto, center, right, ), [a], [b], [c], )").is_ok());
    assert!(audit("#strong[a] #image(\"/issue/a.png\", alt: \"x\")").is_ok());
}

fn markdownish() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let tokens = [
        "*",
        "**",
        "_",
        "__",
        "`",
        "```\n",
        "~~~\n",
        "#",
        "# ",
        "## ",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "> ",
        "[",
        "]",
        "(",
        ")",
        "![",
        "](",
        "\"",
        "'",
        "<",
        ">",
        "<br>",
        "<!--",
        "-->",
        "<b>",
        "</b>",
        "\n",
        "\n\n",
        "    ",
        "\\",
        "$",
        "@",
        "//",
        "/*",
        "*/",
        "=",
        "~",
        "|",
        "|---",
        "| --- |\n",
        "&amp;",
        "&#35;",
        "&#x24;",
        "http://a.b/\"c\"",
        "images/a.png",
        "../x",
        "「",
        "」",
        "あ",
        "漢",
        "a",
        "1",
        " ",
        "\t",
        "---\n",
        "***",
        "\u{3000}",
        "\u{200B}",
        "\r\n",
    ];
    let piece = prop_oneof![
        4 => proptest::sample::select(tokens.to_vec()).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1500))]

    #[test]
    fn markdown_becomes_safe_markup(src in markdownish()) {
        for converted in [block(&src), inline(&src)] {
            audit(&converted.markup).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{src:?} → {e}")))?;
            for span in &converted.spans {
                proptest::prop_assert!(src.get(span.src.clone()).is_some() && converted.markup.get(span.out.clone()).is_some());
            }
        }
    }
}

#[test]
fn image_inside_image_alt() {
    // Found by the fuzzer: the inner image's end closed the outer one, and
    // the outer end then wrote the path again as markup.
    assert_eq!(block("![![]()](@)").markup, "#image(\"/issue/@\", alt: \"\")");
    let c = block("![a ![b](images/#read(x))](images/c.png)");
    assert_eq!(c.markup, "#image(\"/issue/images/c.png\", alt: \"a b\")");
    audit(&c.markup).unwrap();
}

#[test]
fn spans_stay_inside_the_markup_when_it_is_trimmed() {
    // Found by the fuzzer: a list item's trailing spaces were trimmed
    // after its span was recorded, so the span ran into later text.
    let src = "*\n\n\n- <T> \t\t\t\t\x0c\x0c\x0c\n[拕";
    for c in [block(src), inline(src)] {
        for span in &c.spans {
            assert!(c.markup.get(span.out.clone()).is_some(), "{:?} in {:?}", span.out, c.markup);
        }
    }
}

#[test]
fn inline_has_no_paragraph_breaks() {
    assert_eq!(inline("まずは**やってみよう**！").markup, "まずは#strong[やってみよう]！");
}

#[test]
fn a_comment_over_several_lines_leaves_no_trace() {
    // Each line of an HTML block is its own event; the middle lines of a
    // comment used to be printed as text.
    assert_eq!(md("あ\n\n<!--\nメモ\n-->\n\nい"), "あ\n\nい");
    let c = block("<!--\nメモ\n-->\n");
    assert_eq!((c.markup.as_str(), c.warnings.len()), ("", 0));
}

#[test]
fn an_html_block_is_a_block_of_its_own() {
    let c = block("あ\n\n<div>\n\nい");
    assert_eq!(c.markup, "あ\n\n\\<div\\> \n\nい");
    assert_eq!(c.warnings.len(), 1);
}

#[test]
fn containers_do_not_end_on_an_empty_line() {
    assert_eq!(md("> あ\n>\n> い\n\nう"), "#quote(block: true)[あ\n\nい]\n\nう");
    assert_eq!(md("- あ\n\n- い\n"), "#list([あ], [い], )");
}

#[test]
fn every_star_prints() {
    assert_eq!(md("foo *****"), "foo \\*\\*\\*\\*\\*");
    assert_eq!(md("**** は"), "\\*\\*\\*\\* は");
    assert_eq!(md("**「a」***を"), "\\*\\*「a」\\*\\*\\*を");
    // A `**` refused beside a bracket but with no partner stays as written.
    assert_eq!(md("これは**「重要」です"), "これは\\*\\*「重要」です");
}

#[test]
fn repaired_pairs_next_to_commonmark_ones() {
    // CommonMark pairs `」**や**「` itself; the outer refused pair is repaired
    // around it (as the reference issue's game text has always printed).
    assert_eq!(md("**「できる」**や**「ほしい」**を"), "#strong[「できる」#strong[や]「ほしい」]を");
    assert_eq!(md("また、**「a」**、**「b」**そうした"), "また、#strong[「a」]、#strong[「b」]そうした");
}

#[test]
fn soft_break_before_markup_looks_at_the_text_inside() {
    assert_eq!(md("あ\n**a**"), "あ #strong[a]");
    assert_eq!(md("あ\n**い**"), "あ#strong[い]");
    // At the start of a line the break would only indent it.
    assert_eq!(md("[\nあ](x)"), "#link(\"x\")[あ]");
}

#[test]
fn a_link_to_nowhere_is_its_text() {
    // Brackets in Typst markup print: `[a]` used to show its brackets.
    assert_eq!(md("[a]()を"), "aを");
}

#[test]
fn headings_start_a_line() {
    // The text of a tight list item has no paragraph of its own; a heading
    // after it used to print as text (`あ= い`), and text after a heading
    // joined it.
    assert_eq!(md("- あ\n  # い\n  う\n"), "#list([あ\n\n= い\n\nう], )");
    assert_eq!(inline("# 見出し\n本文").markup, "= 見出し\n\n本文");
    // An empty heading prints nothing but still ends the text before it.
    assert_eq!(md("#\nあ"), "あ");
    assert_eq!(md("- あ\n  #\n  い\n"), "#list([あ\n\nい], )");
}

#[test]
fn heading_levels() {
    assert_eq!(md("# 一\n\n###### 六"), "= 一\n\n====== 六");
}

#[test]
fn a_pipe_table_becomes_a_typst_table_with_its_header() {
    let c = block("会議の予定\n\n| 日 | 場所 |\n|:---|---:|\n| 6月7日 | **公民館** |\n| 7月5日 |\n");
    assert_eq!(
        c.markup,
        "会議の予定\n\n#table(columns: 2, align: (left, right, ), table.header([日], [場所], ), [6月7日], [#strong[公民館]], [7月5日], [], )"
    );
    // each column's alignment as the delimiter row gives it
    let c = block("| a | b | c |\n|---|:-:|--:|\n| 1 | 2 | 3 |\n");
    assert!(c.markup.starts_with("#table(columns: 3, align: (auto, center, right, ), "), "{}", c.markup);
    audit(&c.markup).unwrap();
    assert!(c.wide_tables.is_empty());
    // a cell's text is text, whatever it looks like
    let c = block("| #read(\"x\") | ](#x) |\n|---|---|\n| $1$ | @a |\n");
    audit(&c.markup).unwrap();
    assert!(c.markup.contains("\\#read"), "{}", c.markup);
    // every cell's text maps back to where it was written
    let src = "| 日 | 場所 |\n|---|---|\n| a | b |\n";
    let c = block(src);
    let texts: Vec<&str> = c.spans.iter().map(|s| &src[s.src.clone()]).collect();
    assert_eq!(texts, ["日", "場所", "a", "b"]);
}

#[test]
fn pipes_without_a_delimiter_row_stay_text() {
    assert_eq!(block("A | B\nC | D").markup, "A \\| B C \\| D");
    // a flow step or a game point holds no table
    let step = inline("| a |\n|---|\n| b |").markup;
    assert!(!step.contains("#table") && step.matches("\\|").count() == 6, "{step}");
}

#[test]
fn a_table_wider_than_the_page_is_reported_where_it_starts() {
    let src = "前の段落\n\n| 1 | 2 | 3 | 4 | 5 | 6 | 7 |\n|---|---|---|---|---|---|---|\n";
    let c = block(src);
    assert_eq!(c.wide_tables.len(), 1);
    let (range, columns) = &c.wide_tables[0];
    assert_eq!((range.start, *columns), (src.find("| 1").unwrap(), 7));
    audit(&c.markup).unwrap();
    assert!(block("| 1 | 2 | 3 | 4 | 5 | 6 |\n|---|---|---|---|---|---|\n").wide_tables.is_empty());
}
