//! Applying fixes: byte-range edits merged into a file's text, and the diff they make.
//!
//! A fix is applied whole or not at all; a fix any of whose edits overlaps an edit already
//! accepted is skipped (a later pass may apply it once the text is checked again). No byte
//! outside the edits changes.

use std::collections::BTreeMap;

use super::diagnostic::{Applicability, Diagnostic, Edit};

/// Applies the fixes of `diagnostics` that a run allowing `allowed` applies to `text`.
/// Returns the new text and the indices of the diagnostics whose fixes were applied, or
/// `None` when nothing applied.
pub fn apply(
    text: &str,
    diagnostics: &[Diagnostic],
    allowed: Applicability,
) -> Option<(String, Vec<usize>)> {
    let mut fixes: Vec<(usize, &[Edit])> = diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| d.fixable(allowed))
        .filter_map(|(i, d)| Some((i, d.fix.as_ref()?.edits.as_slice())))
        .collect();
    fixes.sort_by_key(|(_, edits)| edits.iter().map(|e| e.range.start).min());
    // Accepted edits never overlap, so ordered by start each can only clash with its
    // neighbours: a clash check is a look at two entries, not at every accepted edit.
    let mut accepted: BTreeMap<(usize, usize), &Edit> = BTreeMap::new();
    let clashes_with_accepted = |accepted: &BTreeMap<(usize, usize), &Edit>, e: &Edit| {
        let key = (e.range.start, e.range.end);
        let before = accepted.range(..key).next_back();
        let after = accepted.range(key..).next();
        before
            .into_iter()
            .chain(after)
            .any(|(_, other)| overlaps(e, other))
    };
    let mut applied = Vec::new();
    for (index, edits) in fixes {
        let valid = edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        });
        let clashes = edits.iter().enumerate().any(|(i, e)| {
            edits[..i].iter().any(|other| overlaps(e, other)) || clashes_with_accepted(&accepted, e)
        });
        if valid && !clashes {
            accepted.extend(edits.iter().map(|e| ((e.range.start, e.range.end), e)));
            applied.push(index);
        }
    }
    if accepted.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in accepted.into_values() {
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.replacement);
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    applied.sort_unstable();
    Some((out, applied))
}

/// Two edits clash when their ranges share a byte, or when both insert at the same place.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    (a.range.start < b.range.end && b.range.start < a.range.end)
        || (a.range.is_empty() && b.range.is_empty() && a.range.start == b.range.start)
        || (a.range.is_empty() && b.range.start < a.range.start && a.range.start < b.range.end)
        || (b.range.is_empty() && a.range.start < b.range.start && b.range.start < a.range.end)
}

/// A unified diff of a file's text before and after fixing.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    use similar::ChangeTag;
    let diff = similar::TextDiff::from_lines(before, after);
    let mut unified = diff.unified_diff();
    unified.context_radius(1);
    let mut out = String::new();
    for (i, hunk) in unified.iter_hunks().enumerate() {
        if i == 0 {
            out.push_str(&format!(
                "--- {}\n+++ {}\n",
                prefixed("a", path),
                prefixed("b", path)
            ));
        }
        out.push_str(&format!("{}\n", hunk.header()));
        for change in hunk.iter_changes() {
            out.push(match change.tag() {
                ChangeTag::Equal => ' ',
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
            });
            let line = change.value();
            out.push_str(line);
            // Every line of the diff ends with a line break; a file's last line without one
            // is marked as `diff` marks it.
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// `a/content/x.md`, as git writes diff headers; absolute paths stay as they are.
fn prefixed(side: &str, path: &str) -> String {
    if path.starts_with('/') {
        format!("{side}{path}")
    } else {
        format!("{side}/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Fix;
    use crate::core::rules::RuleId;

    fn with_fix(edits: Vec<Edit>, safe: bool) -> Diagnostic {
        let applicability = if safe {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        Diagnostic::new(RuleId::Mojibake, 0..0, "x").with_fix(Fix {
            applicability,
            edits,
            title: String::new(),
        })
    }

    #[test]
    fn edits_apply_and_nothing_else_changes() {
        let text = "a â„¢ b Ã© c";
        let d = vec![
            with_fix(vec![Edit::new(2..9, "™")], true),
            with_fix(vec![Edit::new(12..16, "é")], true),
        ];
        let (out, applied) = apply(text, &d, Applicability::Safe).unwrap();
        assert_eq!((out.as_str(), applied), ("a ™ b é c", vec![0, 1]));
    }

    #[test]
    fn overlapping_fixes_never_both_apply() {
        let text = "0123456789";
        let d = vec![
            with_fix(vec![Edit::new(2..5, "x")], true),
            with_fix(vec![Edit::new(4..6, "y")], true),
            with_fix(vec![Edit::new(8..8, "+"), Edit::new(3..3, "!")], true),
        ];
        let (out, applied) = apply(text, &d, Applicability::Safe).unwrap();
        assert_eq!((out.as_str(), applied), ("01x56789", vec![0]));
    }

    #[test]
    fn every_diff_line_ends_with_a_line_break() {
        let diff = unified_diff("x.md", "a\nscore: -1.0", "b\nscore: -1.0");
        assert_eq!(
            diff,
            "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n-a\n+b\n score: -1.0\n\\ No newline at end of file\n"
        );
        let diff = unified_diff("x.md", "a\nb", "a\nc");
        assert!(
            diff.ends_with("-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")
        );
    }

    #[test]
    fn unsafe_fixes_need_asking() {
        let d = vec![with_fix(vec![Edit::new(0..1, "X")], false)];
        assert_eq!(apply("abc", &d, Applicability::Safe), None);
        assert_eq!(
            apply("abc", &d, Applicability::Unsafe),
            Some(("Xbc".to_string(), vec![0]))
        );
    }

    #[test]
    fn edits_off_char_boundaries_are_refused() {
        let d = vec![with_fix(vec![Edit::new(1..2, "x")], true)];
        assert_eq!(apply("é", &d, Applicability::Safe), None);
    }
}
