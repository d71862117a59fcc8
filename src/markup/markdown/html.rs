//! Markdown → HTML, for the web edition (`tsushin build --web`).
//!
//! pulldown-cmark's own HTML writer (`pulldown_cmark::html`) writes the
//! events: it escapes every text and attribute, so no character a
//! coordinator typed can become markup. In front of it sits a filter over the
//! same events the Typst writer reads (same parser options, same emphasis
//! repair beside Japanese brackets) that decides what the text may become:
//!
//! - raw HTML prints as text, as in the PDF (`<br>` is a line break and a
//!   comment is left out, as there);
//! - a link is a link only to `http:`, `https:` or `mailto:`; any other
//!   address (`javascript:`, a file) leaves the text with the address after
//!   it in （）, so nothing vanishes;
//! - furigana `{高崎|たかさき}` becomes `<ruby>高崎<rt>たかさき</rt></ruby>`;
//! - a soft line break between two wide characters is dropped (a browser
//!   would show it as a space, as Typst would);
//! - headings in a body start at `<h3>` (the page has the title, each
//!   article its `<h2>`), tables sit in a box that scrolls on a narrow phone,
//!   images point at the files the caller names.
//!
//! The only markup the filter adds itself is written here, from escaped text.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::emphasis;
use super::writer::Spanned;
use crate::markup::cjk::is_wide;
use crate::markup::ruby;

/// The HTML of a whole Markdown body (paragraphs, lists, tables…). `image`
/// names the file an image written as `url` is served as (`None`: the image
/// is left out and its description printed instead).
pub fn html_block(src: &str, image: &dyn Fn(&str) -> Option<String>) -> String {
    convert(src, false, image)
}

/// The HTML of a one-paragraph Markdown string (a flow step, a game point),
/// without a `<p>` around it.
pub fn html_inline(src: &str, image: &dyn Fn(&str) -> Option<String>) -> String {
    convert(src, true, image)
}

/// Escaped HTML text of a plain string (titles and other single-line values).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = escape_html(&mut out, text);
    out
}

fn convert(src: &str, inline: bool, image: &dyn Fn(&str) -> Option<String>) -> String {
    let events = Parser::new_ext(src, super::options(inline)).into_offset_iter().collect();
    let events = emphasis::repair(events, src).into_iter().filter_map(|(event, range)| Some((raw_html(event)?, range)));
    let events = with_rubies(events.collect(), src);
    let events = without_wide_soft_breaks(events);
    let mut filtered = Vec::with_capacity(events.len());
    let mut refused_links: Vec<Option<String>> = Vec::new();
    let mut events = events.into_iter().map(|(event, _)| event).peekable();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if inline => {
                // Paragraphs of a one-paragraph string are joined by a line break.
                if matches!(event, Event::End(_)) && events.peek().is_some() {
                    filtered.push(Event::HardBreak);
                }
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                filtered.push(Event::Start(Tag::Heading { level: body_level(level), id, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => filtered.push(Event::End(TagEnd::Heading(body_level(level)))),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                if linkable(&dest_url) {
                    refused_links.push(None);
                    filtered.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                } else {
                    refused_links.push(Some(dest_url.to_string()));
                }
            }
            Event::End(TagEnd::Link) => match refused_links.pop().flatten() {
                Some(url) if !url.is_empty() => filtered.push(Event::Text(format!("（{url}）").into())),
                Some(_) => {}
                None => filtered.push(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => match image(&dest_url) {
                Some(name) => {
                    filtered.push(Event::Start(Tag::Image { link_type, dest_url: name.into(), title, id }));
                }
                None => {
                    // Its description is printed as text; the image's end tag goes too.
                    let mut depth = 0usize;
                    for event in events.by_ref() {
                        match event {
                            Event::Start(_) => depth += 1,
                            Event::End(_) if depth == 0 => break,
                            Event::End(_) => depth -= 1,
                            Event::Text(t) | Event::Code(t) => filtered.push(Event::Text(t)),
                            _ => {}
                        }
                    }
                }
            },
            Event::Start(Tag::Table(alignments)) => {
                // A box of its own that scrolls sideways when the table is wider
                // than a phone; reachable by keyboard and named for screen readers.
                filtered
                    .push(Event::Html("<div class=\"table\" role=\"region\" aria-label=\"表\" tabindex=\"0\">".into()));
                filtered.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                filtered.push(Event::End(TagEnd::Table));
                filtered.push(Event::Html("</div>\n".into()));
            }
            // A paragraph left empty (an HTML block that was only a comment) goes.
            Event::End(TagEnd::Paragraph) if matches!(filtered.last(), Some(Event::Start(Tag::Paragraph))) => {
                filtered.pop();
            }
            other => filtered.push(other),
        }
    }
    let mut out = String::with_capacity(src.len() * 2);
    pulldown_cmark::html::push_html(&mut out, filtered.into_iter());
    out.trim_end().to_owned()
}

/// A one-line string the coordinator wrote (a title, a caption, a voice) as
/// HTML text: escaped, its escapes read, and each furigana its `<ruby>`.
pub fn string_html(text: &str) -> String {
    if !ruby::string_is_marked(text) {
        return escape(text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    for piece in ruby::string_pieces(text) {
        match piece {
            ruby::StringPiece::Text { text, .. } => out.push_str(&escape(&text)),
            ruby::StringPiece::Ruby { base, reading, .. } => {
                out.push_str(&format!("<ruby>{}<rt>{}</rt></ruby>", escape(&base), escape(&reading)));
            }
        }
    }
    out
}

/// Whether an address may become a link: the web, or an e-mail address.
pub fn linkable(url: &str) -> bool {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    matches!(scheme.as_deref(), Some("http" | "https" | "mailto")) && !url.chars().any(char::is_control)
}

/// Headings in a body: `#` and `##` as `<h3>`, deeper ones as written.
fn body_level(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H3,
        other => other,
    }
}

/// Raw HTML a coordinator wrote, as the PDF prints it: `<br>` breaks the
/// line, a comment leaves nothing, anything else is text (escaped by the
/// writer), an HTML block a paragraph. Every other event as it is. Runs
/// before anything adds HTML of its own.
fn raw_html(event: Event<'_>) -> Option<Event<'_>> {
    let html = match event {
        Event::Start(Tag::HtmlBlock) => return Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::HtmlBlock) => return Some(Event::End(TagEnd::Paragraph)),
        Event::Html(html) | Event::InlineHtml(html) => html,
        other => return Some(other),
    };
    let tag = html.trim().to_ascii_lowercase();
    if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
        Some(Event::HardBreak)
    } else if tag.starts_with("<!--") && tag.ends_with("-->") {
        None
    } else {
        Some(Event::Text(html))
    }
}

/// An event and the first and last character it prints (for text and
/// furigana), which decide what a soft break beside it becomes.
type Visible<'a> = (Event<'a>, Option<(char, char)>);

/// The events with each run of text events read whole for furigana (a ruby
/// may span the events CommonMark splits text into at a backslash escape):
/// a ruby becomes its `<ruby>` element, the text around it stays text.
fn with_rubies<'a>(events: Vec<Spanned<'a>>, src: &str) -> Vec<Visible<'a>> {
    let mut out: Vec<Visible<'a>> = Vec::with_capacity(events.len());
    let mut run: Vec<(CowStr<'a>, Range<usize>)> = Vec::new();
    for (event, range) in events.into_iter().chain([(Event::Rule, 0..0)]) {
        match event {
            Event::Text(text) => run.push((text, range)),
            other => {
                flush_run(&mut run, src, &mut out);
                let visible = match &other {
                    Event::Code(code) => ends(code),
                    _ => None,
                };
                out.push((other, visible));
            }
        }
    }
    out.pop(); // the Rule that closed the last run
    out
}

fn flush_run<'a>(run: &mut Vec<(CowStr<'a>, Range<usize>)>, src: &str, out: &mut Vec<Visible<'a>>) {
    let whole: String = run.iter().map(|(t, _)| &**t).collect();
    if !ruby::may_hold(&whole) {
        out.extend(run.drain(..).map(|(t, _)| {
            let visible = ends(&t);
            (Event::Text(t), visible)
        }));
        return;
    }
    let texts: Vec<(&str, Range<usize>)> = run.iter().map(|(t, r)| (&**t, r.clone())).collect();
    let chars = ruby::chars_of_text(src, &texts);
    for piece in ruby::scan(&chars) {
        match piece {
            ruby::Piece::Text(r) if r.is_empty() => {}
            ruby::Piece::Text(r) => {
                let text: String = chars[r].iter().map(|c| c.c).collect();
                let visible = ends(&text);
                out.push((Event::Text(text.into()), visible));
            }
            ruby::Piece::Ruby { base, reading, .. } => {
                let element = format!("<ruby>{}<rt>{}</rt></ruby>", escape(&base), escape(&reading));
                out.push((Event::InlineHtml(element.into()), ends(&base)));
            }
        }
    }
    run.clear();
}

fn ends(text: &str) -> Option<(char, char)> {
    Some((text.chars().next()?, text.chars().last()?))
}

/// The events without the soft line breaks that sit between two wide
/// characters (looking through the inline containers around them, as the
/// Typst writer does); the others stay and show as a space.
fn without_wide_soft_breaks(events: Vec<Visible<'_>>) -> Vec<Spanned<'_>> {
    let inline_tag = |e: &Event<'_>| {
        matches!(
            e,
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
                | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
        )
    };
    // The character printed next to position `i`, looking one way.
    let near = |i: usize, back: bool| {
        let mut j = i;
        loop {
            j = if back { j.checked_sub(1)? } else { j + 1 };
            let (event, visible) = events.get(j)?;
            if inline_tag(event) {
                continue;
            }
            return visible.map(|(first, last)| if back { last } else { first });
        }
    };
    let keep: Vec<bool> = (0..events.len())
        .map(|i| {
            let soft = matches!(events[i].0, Event::SoftBreak);
            !(soft && near(i, true).is_some_and(is_wide) && near(i, false).is_some_and(is_wide))
        })
        .collect();
    events.into_iter().zip(keep).filter(|(_, keep)| *keep).map(|((event, _), _)| (event, 0..0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(src: &str) -> String {
        html_block(src, &|url| Some(format!("web/{url}")))
    }

    #[test]
    fn raw_html_prints_as_text() {
        assert_eq!(html("<script>alert(1)</script>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
        assert_eq!(
            html("写真 <img src=x onerror=alert(1)> です"),
            "<p>写真 &lt;img src=x onerror=alert(1)&gt; です</p>"
        );
        assert_eq!(html("一<br>二 <!-- メモ -->"), "<p>一<br />\n二 </p>");
        assert_eq!(html("前\n\n<!-- メモ -->\n\n後"), "<p>前</p>\n<p>後</p>");
    }

    #[test]
    fn only_web_and_mail_addresses_become_links() {
        assert_eq!(
            html("[市](https://example.jp/?a=1&b=\"2\")"),
            "<p><a href=\"https://example.jp/?a=1&amp;b=%222%22\">市</a></p>"
        );
        assert_eq!(html("[ここ](javascript:alert(1))を"), "<p>ここ（javascript:alert(1)）を</p>");
        assert_eq!(html("[メール](mailto:sc@example.jp)"), "<p><a href=\"mailto:sc@example.jp\">メール</a></p>");
        assert_eq!(html("[資料](files/a.pdf)"), "<p>資料（files/a.pdf）</p>");
    }

    #[test]
    fn strings_read_furigana_and_escapes_and_stay_text() {
        assert_eq!(string_html("{八幡|やわた}協議体"), "<ruby>八幡<rt>やわた</rt></ruby>協議体");
        assert_eq!(string_html("<b>{a\\|b|よみ}</b>"), "&lt;b&gt;<ruby>a|b<rt>よみ</rt></ruby>&lt;/b&gt;");
        assert_eq!(string_html("{閉じていない"), "{閉じていない");
    }

    #[test]
    fn furigana_become_ruby_elements() {
        assert_eq!(html("{高崎|たかさき}市"), "<p><ruby>高崎<rt>たかさき</rt></ruby>市</p>");
        assert_eq!(html("{<b>|<i>}"), "<p><ruby>&lt;b&gt;<rt>&lt;i&gt;</rt></ruby></p>");
        assert_eq!(html("{未完|"), "<p>{未完|</p>");
        assert_eq!(html("地域の\n{高崎|たかさき}で"), "<p>地域の<ruby>高崎<rt>たかさき</rt></ruby>で</p>");
    }

    #[test]
    fn soft_breaks_between_wide_characters_are_dropped() {
        assert_eq!(html("新年度が\n**始まり**、\nA\nB"), "<p>新年度が<strong>始まり</strong>、\nA\nB</p>");
    }

    #[test]
    fn structure() {
        assert_eq!(html("# 大\n\n### 小"), "<h3>大</h3>\n<h3>小</h3>");
        assert!(html("a | b\n--- | ---\n1 | 2").contains("tabindex=\"0\"><table><thead><tr><th>a</th>"));
        assert_eq!(html("![様子](images/a.jpg)"), "<p><img src=\"web/images/a.jpg\" alt=\"様子\" /></p>");
        assert_eq!(html_block("![様子](images/a.jpg)", &|_| None), "<p>様子</p>");
        assert_eq!(html_inline("**気づき**\n\n次", &|_| None), "<strong>気づき</strong><br />\n次");
        assert_eq!(html("**「強調」**では"), "<p><strong>「強調」</strong>では</p>");
    }
}
