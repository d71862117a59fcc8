//! The safety check on converted markup: whatever the converter wrote, the
//! compiler may only ever see text and the converter's own calls.
//!
//! The converter escapes every piece of user text, so this check should never
//! fail; it is here so that a bug in the escaping stops the build instead of
//! running someone's text as code. It reads the markup with Typst's own parser,
//! so it judges exactly what the compiler would see.

/// Checks that converted markup holds nothing but text and the calls the
/// converter itself writes (`#strong[…]`, `#list(…)`, `#image("…", alt: "…")`
/// …) with literal arguments: no other code, math, label, reference, raw
/// block, shorthand or markup syntax, and no syntax error. The loader runs
/// this on every converted text before it goes near the compiler, so a bug in
/// the escaping would stop the build instead of running someone's text.
pub fn audit(markup: &str) -> Result<(), String> {
    let root = typst::syntax::parse(markup);
    if let Some(error) = root.errors_and_warnings().0.first() {
        return Err(format!("syntax error {:?} in {markup:?}", error.message));
    }
    audit_node(&root)
}

fn audit_node(node: &typst::syntax::SyntaxNode) -> Result<(), String> {
    use typst::syntax::SyntaxKind as K;
    const CALLS: &[&str] = &[
        "strong",
        "emph",
        "strike",
        "link",
        "image",
        "raw",
        "list",
        "enum",
        "quote",
        "linebreak",
        "line",
        "table",
        "ruby",
    ];
    const NAMED: &[&str] = &["block", "start", "alt", "length", "columns"];
    // The one field access the converter writes: a table's header row.
    let header = |child: Option<&typst::syntax::SyntaxNode>| {
        child.is_some_and(|c| c.kind() == K::FieldAccess && c.full_text() == "table.header")
    };
    let named = |child: Option<&typst::syntax::SyntaxNode>, allowed: &[&str]| {
        child.is_some_and(|c| c.kind() == K::Ident && allowed.contains(&c.leaf_text().as_str()))
    };
    match node.kind() {
        K::Markup | K::Heading | K::ContentBlock | K::Args => {}
        K::Text | K::Space | K::Escape | K::Parbreak | K::HeadingMarker | K::Hash => return Ok(()),
        K::LeftBracket | K::RightBracket | K::LeftParen | K::RightParen | K::Comma | K::Colon => return Ok(()),
        K::Str | K::Int | K::Bool | K::Numeric => return Ok(()),
        // Identifiers are only reached as a checked callee or argument name.
        K::Ident => return Ok(()),
        K::FuncCall if named(node.children().next(), CALLS) => {}
        // `table.header(…)`: only its arguments are read on.
        K::FuncCall if header(node.children().next()) => {
            return node.children().skip(1).try_for_each(audit_node);
        }
        K::Named if named(node.children().next(), NAMED) => {}
        // A table's column alignments: an array of these words, nothing else.
        K::Named if named(node.children().next(), &["align"]) => {
            let value = node.children().find(|c| c.kind() == K::Array).ok_or("align without an array")?;
            return value.children().try_for_each(|c| match c.kind() {
                K::LeftParen | K::RightParen | K::Comma | K::Space | K::Auto => Ok(()),
                K::Ident if ["left", "center", "right"].contains(&c.leaf_text().as_str()) => Ok(()),
                kind => Err(format!("align: {kind:?} {:?}", c.full_text())),
            });
        }
        kind => return Err(format!("{kind:?} {:?}", node.full_text())),
    }
    node.children().try_for_each(audit_node)
}
