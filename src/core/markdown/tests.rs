use super::*;

fn both(text: &str) -> Markdown {
    let reference = parse_reference(text, Options::default()).unwrap();
    if let Some(fast) = parse_fast(text, Options::default()) {
        assert_eq!(fast, reference, "fast and reference differ on {text:?}");
    }
    reference
}

fn math(text: &str) -> Vec<(Kind, String)> {
    both(text)
        .spans
        .into_iter()
        .map(|s| (s.kind, s.value))
        .collect()
}

#[test]
fn inline_and_display_math() {
    assert_eq!(math("a $x$ b"), vec![(Kind::InlineMath, "x".into())]);
    assert_eq!(math("a $$x$$ b"), vec![(Kind::InlineMath, "x".into())]);
    assert_eq!(
        math("where\n$$\nE = mc^2\n$$\nand"),
        vec![(Kind::DisplayMath, "E = mc^2".into())]
    );
    assert_eq!(
        math("costs $5 and $10"),
        vec![(Kind::InlineMath, "5 and ".into())]
    );
    assert_eq!(
        math(r"costs \$5 and $x$"),
        vec![(Kind::InlineMath, "x".into())]
    );
    assert_eq!(math("no $math\n\nhere$"), vec![]);
}

#[test]
fn lists_and_indented_blocks() {
    let text = "1. **Boyle**: law\n   $$\n   PV = k\n   $$\n2. next $T$\n   - sub $a$\n     more";
    assert_eq!(
        math(text),
        vec![
            (Kind::DisplayMath, "PV = k".into()),
            (Kind::InlineMath, "T".into()),
            (Kind::InlineMath, "a".into()),
        ]
    );
}

#[test]
fn escapes_are_found_in_text_only() {
    let md = both(r"see \(x\) and $\(y$");
    let bytes: Vec<u8> = md.escapes.iter().map(|e| e.byte).collect();
    assert_eq!(bytes, b"()".to_vec());
}

#[test]
fn code_hides_math() {
    let md = both("a `$x$` b\n\n```\n$y$\n```\n");
    assert!(md.spans.iter().all(|s| !s.kind.is_math()));
    assert_eq!(md.spans.len(), 2);
}

#[test]
fn chunks_point_at_the_value() {
    let text = "para $a\n  b$ end";
    let md = both(text);
    let span = &md.spans[0];
    let joined: Vec<&str> = span.chunks.iter().map(|c| &text[c.clone()]).collect();
    assert_eq!(joined.join("\n"), span.value);
}

#[test]
fn lazy_line_ends_a_math_block_in_a_list_item() {
    both("4. expressed as:\n   $$\n   a = c^2 \nabla^2 u\n   $$\n   where $ x $ is.\n\n5. next");
    both(
        "intro\n\n4. expressed as:\n   $$\n   a = c^2 \nabla^2 u\n   $$\n   where $ x $ is.\n\n5. next",
    );
}

#[test]
fn a_less_than_sign_before_a_space_is_text() {
    // The fast parser reads these (the reference parser agrees, see `both`); `<b>` and
    // `<x@y.z>` are HTML and an autolink, which it leaves to the reference parser.
    for text in [
        "if $E_d < 1$, demand",
        "a <= b and c < d",
        "x <\ny",
        "end <",
    ] {
        assert!(parse_fast(text, Options::default()).is_some(), "{text:?}");
        both(text);
    }
    assert_eq!(
        math("if $E_d < 1$, demand"),
        vec![(Kind::InlineMath, "E_d < 1".into())]
    );
    for text in ["a <b>bold</b> $x$", "mail <x@y.z> $x$", "<!-- c --> $x$"] {
        assert!(parse_fast(text, Options::default()).is_none(), "{text:?}");
        both(text);
    }
}
