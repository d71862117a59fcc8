//! Strong emphasis that CommonMark refuses beside Japanese brackets.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// Pairs `**` runs that CommonMark left as text (because of its flanking rules
/// around Japanese brackets) into strong emphasis, within one inline container.
pub(super) fn pair_leftover_strong<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    src: &str,
) -> Vec<(Event<'a>, Range<usize>)> {
    enum Item<'a> {
        Event(Event<'a>, Range<usize>),
        Delim(Range<usize>),
    }
    let mut items = Vec::with_capacity(events.len());
    let mut in_code = 0usize;
    for (event, range) in merge_verbatim_text(events, src) {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(text) if in_code == 0 && text.contains("**") && src.get(range.clone()) == Some(&**text) => {
                let mut offset = range.start;
                for (i, piece) in text.split("**").enumerate() {
                    if i > 0 {
                        items.push(Item::Delim(offset..offset + 2));
                        offset += 2;
                    }
                    if !piece.is_empty() {
                        let r = offset..offset + piece.len();
                        items.push(Item::Event(Event::Text(src[r.clone()].to_owned().into()), r));
                    }
                    offset += piece.len();
                }
                continue;
            }
            _ => {}
        }
        items.push(Item::Event(event, range));
    }

    // Pair delimiters that share the innermost open container.
    let mut stack: Vec<usize> = vec![0];
    let mut next_container = 1;
    let mut open: std::collections::HashMap<usize, usize> = Default::default();
    let mut role = vec![None::<bool>; items.len()]; // Some(true) = opens, Some(false) = closes
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Event(Event::Start(_), _) => {
                stack.push(next_container);
                next_container += 1;
            }
            Item::Event(Event::End(_), _) => {
                stack.pop();
            }
            Item::Delim(_) => {
                let container = *stack.last().unwrap_or(&0);
                if let Some(opener) = open.remove(&container) {
                    role[opener] = Some(true);
                    role[i] = Some(false);
                } else {
                    open.insert(container, i);
                }
            }
            Item::Event(..) => {}
        }
    }

    items
        .into_iter()
        .zip(role)
        .map(|(item, role)| match (item, role) {
            (Item::Event(e, r), _) => (e, r),
            (Item::Delim(r), Some(true)) => (Event::Start(Tag::Strong), r),
            (Item::Delim(r), Some(false)) => (Event::End(TagEnd::Strong), r),
            (Item::Delim(r), None) => (Event::Text("**".into()), r),
        })
        .collect()
}

/// pulldown-cmark hands out unmatched delimiters one `*` at a time; joins
/// adjacent text events that are verbatim slices of the source (no escapes or
/// entities) so that `**` runs can be found.
fn merge_verbatim_text<'a>(events: Vec<(Event<'a>, Range<usize>)>, src: &str) -> Vec<(Event<'a>, Range<usize>)> {
    let verbatim = |e: &Event, r: &Range<usize>| matches!(e, Event::Text(t) if src.get(r.clone()) == Some(&**t));
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let Some((last, last_range)) = out.last_mut()
            && verbatim(last, last_range)
            && verbatim(&event, &range)
            && last_range.end == range.start
        {
            last_range.end = range.end;
            *last = Event::Text(src[last_range.clone()].to_owned().into());
            continue;
        }
        out.push((event, range));
    }
    out
}
