//! The built-in 表記ゆれ dictionary: words a community newsletter commonly
//! writes in two ways, each with the form to settle on and the convention
//! that form comes from.
//!
//! Built-in entries only speak up when an issue *mixes* spellings (支え合い
//! in one article, 支えあい in another): a newsletter that consistently writes
//! 子供 is not wrong, and the preferred form only decides which spelling the
//! fix suggests. A newsletter makes a form its house rule — reported even
//! when not mixed — in its own dictionary (see [`super::Dictionary`]).
//!
//! The conventions, for text that residents read:
//! - 「送り仮名の付け方」（昭和48年内閣告示第2号）の本則: 話し合い, 打ち合わせ,
//!   取り組み. The public-office forms that drop okurigana (話合い, 打合せ,
//!   「公用文における漢字使用等について」平成22年内閣訓令第1号) are for official
//!   documents; 「公用文作成の考え方」（令和4年 文化審議会建議）says texts for the
//!   general public (広報・解説) may follow the 本則 taught at school.
//! - 常用漢字表（平成22年内閣告示第2号）: a word whose characters and reading
//!   are in the table is written in kanji (支え合う, 様々, 皆さん).
//! - The same guidance writes in kana what the table has no reading for
//!   (予め → あらかじめ, 宜しく → よろしく) and auxiliary verbs, adverbs and
//!   conjunctions (下さい → ください, 頂く → いただく, 出来る → できる, 但し → ただし).
//! - 子ども: the form of municipal welfare and child-care writing (and of
//!   こども家庭庁), though the table allows 子供.
//!
//! Words that conjugate are written as a stem and the okurigana that may
//! follow it, so one entry covers 支え合い, 支え合う and 支え合って; a stem is
//! only matched with one of those endings (取組 alone, a fixed noun in
//! official use, is not taken for 取組み).

/// Why a form is preferred, named in the hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Okurigana,
    JoyoKanji,
    KanaWords,
    NoJoyoReading,
    Welfare,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Okurigana => "「送り仮名の付け方」の本則",
            Source::JoyoKanji => "常用漢字表にある字と読み",
            Source::KanaWords => "公用文の表記で仮名で書く語",
            Source::NoJoyoReading => "常用漢字表にない読みは仮名で書く",
            Source::Welfare => "福祉・子育ての文書に多い書き方",
        }
    }
}

/// One built-in entry: `forms[0]` is preferred. With `endings`, each form is a
/// stem matched only when one of those characters follows it.
#[derive(Debug)]
pub(crate) struct Builtin {
    /// Entries with the same family count as one word when judging whether an
    /// issue mixes spellings (皆さん/皆様 against みなさん/みなさま).
    pub family: &'static str,
    pub forms: &'static [&'static str],
    pub endings: &'static str,
    pub source: Source,
}

const fn word(family: &'static str, forms: &'static [&'static str], endings: &'static str, source: Source) -> Builtin {
    Builtin { family, forms, endings, source }
}

/// Okurigana of the godan verbs in う (合う, 扱う) and their 連用形 nouns.
const U: &str = "わいうえおっ";

pub(crate) const BUILTIN: &[Builtin] = &[
    word("支え合う", &["支え合", "支えあ"], U, Source::JoyoKanji),
    word("助け合う", &["助け合", "助けあ"], U, Source::JoyoKanji),
    word("話し合う", &["話し合", "話合", "話しあ"], U, Source::Okurigana),
    word("取り組む", &["取り組", "取組"], "まみむめもん", Source::Okurigana),
    word("打ち合わせ", &["打ち合わせ", "打合せ", "打ち合せ"], "", Source::Okurigana),
    word("問い合わせ", &["問い合わせ", "問合せ", "問い合せ"], "", Source::Okurigana),
    word("申し込む", &["申し込", "申込"], "まみむめもん", Source::Okurigana),
    word("引き継ぐ", &["引き継", "引継"], "がぎぐげごい", Source::Okurigana),
    word("受け付ける", &["受け付", "受付"], "けく", Source::Okurigana),
    word("貸し出す", &["貸し出", "貸出"], "さしすせそ", Source::Okurigana),
    word("繰り返す", &["繰り返", "繰返"], "さしすせそ", Source::Okurigana),
    word("取り扱う", &["取り扱", "取扱"], U, Source::Okurigana),
    word("立ち上げ", &["立ち上げ", "立上げ"], "", Source::Okurigana),
    word("申し上げ", &["申し上げ", "申上げ"], "", Source::Okurigana),
    word("付き添う", &["付き添", "付添"], U, Source::Okurigana),
    word("立ち寄る", &["立ち寄", "立寄"], "らりるれろっ", Source::Okurigana),
    word("行う", &["行", "行な"], "わいうえ", Source::Okurigana),
    word("終わる", &["終わ", "終"], "らりるれろっ", Source::Okurigana),
    word("変わる", &["変わ", "変"], "らりるれろっ", Source::Okurigana),
    word("少ない", &["少な", "少"], "いくかけさ", Source::Okurigana),
    word("様々", &["様々", "さまざま", "様様"], "", Source::JoyoKanji),
    word("皆", &["皆さん", "みなさん"], "", Source::JoyoKanji),
    word("皆", &["皆様", "みなさま"], "", Source::JoyoKanji),
    word("一人暮らし", &["一人暮らし", "独り暮らし", "ひとり暮らし"], "", Source::JoyoKanji),
    word("お互い様", &["お互い様", "お互いさま", "おたがいさま"], "", Source::JoyoKanji),
    word("友達", &["友達", "友だち"], "", Source::JoyoKanji),
    word("子ども", &["子ども", "子供"], "", Source::Welfare),
    word("ください", &["ください", "下さい"], "", Source::KanaWords),
    word("いただく", &["いただ", "頂"], "かきくけこい", Source::KanaWords),
    word("いたします", &["いたしま", "致しま"], "すせし", Source::KanaWords),
    word("できる", &["でき", "出来"], "るないませたてれずよ", Source::KanaWords),
    word("たくさん", &["たくさん", "沢山"], "", Source::KanaWords),
    word("ぜひ", &["ぜひ", "是非"], "", Source::KanaWords),
    word("ただし", &["ただし", "但し"], "", Source::KanaWords),
    word("よろしく", &["よろしく", "宜しく"], "", Source::NoJoyoReading),
    word("ありがとう", &["ありがとう", "有難う", "有り難う"], "", Source::NoJoyoReading),
    word("あらかじめ", &["あらかじめ", "予め"], "", Source::NoJoyoReading),
    word("おおむね", &["おおむね", "概ね"], "", Source::NoJoyoReading),
    word("ほとんど", &["ほとんど", "殆ど"], "", Source::NoJoyoReading),
];

impl Builtin {
    /// Every spelling of form `side` as it appears in text (stem + ending).
    pub fn spellings(&self, side: usize) -> Vec<String> {
        let Some(form) = self.forms.get(side) else { return Vec::new() };
        if self.endings.is_empty() {
            vec![(*form).to_owned()]
        } else {
            self.endings.chars().map(|e| format!("{form}{e}")).collect()
        }
    }

    /// Whether `word` is one of the entry's spellings (a coordinator names an
    /// entry by any of them, in `off` or in an entry of their own).
    pub fn spells(&self, word: &str) -> Option<usize> {
        (0..self.forms.len()).find(|&side| self.spellings(side).iter().any(|s| s == word))
    }
}
