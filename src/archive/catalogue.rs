//! `archive/index.html`: the catalogue of archived issues, written by the
//! archive run from the manifest, the thumbnails and the printed text; each
//! issue links to its PDF and, when archived, its web edition.
//!
//! One self-contained page, newest issue first: thumbnails are embedded as
//! `data:` URIs and the search index is a JSON blob inside the page, so the
//! file works opened from a USB stick (`file://`), with no server, no network
//! and no script from elsewhere. The search finds every issue whose printed
//! text contains the words typed (Japanese has no spaces, so each word is
//! matched as a substring after Unicode NFKC normalisation, which makes
//! full-width and half-width letters and digits equal). The query is kept in
//! the address (`index.html#q=word`), so a search can be bookmarked.

use std::fmt::Write as _;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::archive::manifest::{self, Manifest, Record};
use crate::diag::Diagnostic;
use crate::fs;
use crate::model::issue::IssueId;

/// HTML text escaping.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// JSON that is safe inside `<script>`: no `</script>` or `<!--` can appear.
fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #262626; --soft: #4a4a4a; --green: #2d6a35; --pale: #f4f9ef; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "BIZ UDPGothic", "Hiragino Sans", "Yu Gothic", "Noto Sans JP", sans-serif;
  color: var(--ink); background: #fff; font-size: 18px; line-height: 1.6; }
header { background: var(--pale); border-bottom: 3px solid var(--green); padding: 1rem; }
h1 { margin: 0 0 .5rem; font-size: 1.5rem; color: var(--green); }
label { display: block; font-weight: bold; }
input[type=search] { width: 100%; max-width: 32rem; font-size: 1.1rem; padding: .5rem .7rem;
  border: 2px solid var(--green); border-radius: .5rem; }
#count { margin: .5rem 0 0; color: var(--soft); }
ol { list-style: none; margin: 0; padding: 1rem; display: grid; gap: 1rem;
  grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); }
li.issue { border: 2px solid #cfe3c6; border-radius: .8rem; padding: .8rem; display: flex; gap: .8rem; }
li.issue[hidden] { display: none; }
li.issue img { width: 7.5rem; height: auto; border: 1px solid #999; flex: none; }
h2 { margin: 0; font-size: 1.25rem; }
h2 a { color: var(--green); }
.date, .web { margin: .2rem 0; color: var(--soft); }
ul.spotlights { margin: .3rem 0 0; padding-left: 1.1rem; }
@media (max-width: 30rem) {
  body { font-size: 17px; }
  li.issue { flex-direction: column; }
  li.issue img { width: 100%; max-width: 14rem; }
}
"#;

/// Finds the issues whose text contains every word of the query.
const SCRIPT: &str = r##"
(function () {
  "use strict";
  var texts = JSON.parse(document.getElementById("texts").textContent);
  var norm = function (s) { return s.normalize("NFKC").toLowerCase().replace(/\s+/g, ""); };
  var index = {};
  Object.keys(texts).forEach(function (id) { index[id] = norm(texts[id]); });
  var items = Array.prototype.slice.call(document.querySelectorAll("li.issue"));
  var input = document.getElementById("q");
  var count = document.getElementById("count");
  function search(query) {
    var words = query.normalize("NFKC").toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    var shown = 0;
    items.forEach(function (li) {
      var text = index[li.dataset.id] || "";
      var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      li.hidden = !hit;
      if (hit) { shown += 1; }
    });
    count.textContent = words.length === 0
      ? "全 " + items.length + " 号"
      : "「" + query.trim() + "」を含む号: " + shown + " 号";
  }
  function fromHash() {
    var m = /^#q=(.*)$/.exec(location.hash);
    return m ? decodeURIComponent(m[1]) : "";
  }
  input.addEventListener("input", function () {
    search(input.value);
    try { history.replaceState(null, "", "#q=" + encodeURIComponent(input.value)); } catch (e) { /* some browsers refuse on file:// */ }
  });
  window.addEventListener("hashchange", function () { input.value = fromHash(); search(input.value); });
  input.value = fromHash();
  search(input.value);
  document.body.dataset.ready = "1";
})();
"##;

fn entry(out: &mut String, id: IssueId, record: &Record, thumbnail: Option<&[u8]>, web: bool) {
    let _ = write!(out, "<li class=\"issue\" data-id=\"{id}\">");
    if let Some(png) = thumbnail {
        let _ = write!(
            out,
            "<a href=\"{id}.pdf\"><img src=\"data:image/png;base64,{}\" alt=\"{} の表紙\"></a>",
            BASE64.encode(png),
            escape_html(&record.era)
        );
    }
    out.push_str("<div>");
    let _ = write!(out, "<h2><a href=\"{id}.pdf\">{}</a></h2>", escape_html(&record.era));
    let (year, rest) = record.date.split_once('-').unwrap_or((&record.date, ""));
    let (month, day) = rest.split_once('-').unwrap_or((rest, ""));
    let western = format!("{year}年{}月{}日発行", month.trim_start_matches('0'), day.trim_start_matches('0'));
    let number = record.number.map(|n| format!("・第{n}号")).unwrap_or_default();
    let _ = write!(
        out,
        "<p class=\"date\"><time datetime=\"{}\">{}</time>{}</p>",
        escape_html(&record.date),
        escape_html(&western),
        escape_html(&number)
    );
    if web {
        let _ = write!(
            out,
            "<p class=\"web\"><a href=\"{id}-web/index.html\">Web 版（スマートフォン・読み上げ向け）</a></p>"
        );
    }
    if !record.spotlights.is_empty() {
        out.push_str("<ul class=\"spotlights\">");
        for s in &record.spotlights {
            let council = s.council.as_deref().map(|c| format!("（{}）", escape_html(c))).unwrap_or_default();
            let _ = write!(out, "<li>{}{council}</li>", escape_html(&s.title));
        }
        out.push_str("</ul>");
    }
    out.push_str("</div></li>\n");
}

/// The catalogue page for every issue of the manifest whose PDF is in the
/// archive, newest first.
pub fn html(root: &Path, manifest: &Manifest) -> Result<String, Diagnostic> {
    let mut issues: Vec<(IssueId, &Record)> = manifest
        .issues
        .iter()
        .filter_map(|(name, r)| IssueId::parse(name).map(|id| (id, r)))
        .filter(|(id, _)| manifest::pdf_path(root, *id).is_file())
        .collect();
    issues.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
    let title = issues.first().map_or_else(|| "通信".to_owned(), |(_, r)| r.title.clone());
    let mut texts = serde_json::Map::new();
    let mut list = String::new();
    for (id, record) in &issues {
        let thumb = manifest::thumbnail_path(root, *id);
        let png = if thumb.is_file() { Some(fs::read(&thumb)?) } else { None };
        let web = manifest::web_dir(root, *id).join(crate::edition::web::INDEX).is_file();
        entry(&mut list, *id, record, png.as_deref(), web);
        let text_file = manifest::text_path(root, *id);
        let mut text = if text_file.is_file() {
            fs::read_text(&text_file, &text_file.display().to_string())?.text
        } else {
            String::new()
        };
        // Titles and councils are searchable even without the text file.
        for s in &record.spotlights {
            text.push('\n');
            text.push_str(&s.title);
        }
        texts.insert(id.to_string(), serde_json::Value::String(text));
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t} 保存版の目録</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><h1>{t} 保存版の目録</h1>\n\
         <label for=\"q\">ことばで探す（例: 協議体）</label>\n\
         <input type=\"search\" id=\"q\" autocomplete=\"off\" placeholder=\"探したいことばを入れてください\">\n\
         <p id=\"count\" aria-live=\"polite\"></p></header>\n<main>\n<ol>\n{list}</ol>\n</main>\n\
         <script type=\"application/json\" id=\"texts\">{json}</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        t = escape_html(&title),
        json = script_json(&serde_json::Value::Object(texts)),
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_the_script_element() {
        let v = serde_json::json!({"a": "</script><script>alert(1)</script>"});
        let s = script_json(&v);
        assert!(!s.contains("</script"), "{s}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape_html("<b>\"&'"), "&lt;b&gt;&quot;&amp;&#39;");
    }
}
