//! Applying fixes: byte-range edits merged into a file's text, and atomic writes.
//!
//! A fix is applied whole or not at all; a fix any of whose edits overlaps an edit already
//! accepted is skipped (a later pass may apply it once the text is checked again). No byte
//! outside the edits changes.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Edit};

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Applicability {
    /// Safe fixes only.
    #[default]
    Safe,
    /// Safe and unsafe fixes.
    Unsafe,
}

impl Applicability {
    /// Whether a fix marked `safe` may be applied.
    pub fn allows(self, safe: bool) -> bool {
        safe || self == Applicability::Unsafe
    }
}

/// Applies the applicable fixes of `diagnostics` to `text`. Returns the new text and how many
/// fixes were applied, or `None` when there was nothing to apply.
pub fn apply(
    text: &str,
    diagnostics: &[Diagnostic],
    applicability: Applicability,
) -> Option<(String, usize)> {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| applicability.allows(f.safe) && !f.edits.is_empty())
        .map(|f| f.edits.as_slice())
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.range.start).min());
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
    let mut count = 0;
    for edits in fixes {
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
            count += 1;
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
    Some((out, count))
}

/// Two edits clash when their ranges share a byte, or when both insert at the same place.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    (a.range.start < b.range.end && b.range.start < a.range.end)
        || (a.range.is_empty() && b.range.is_empty() && a.range.start == b.range.start)
        || (a.range.is_empty() && b.range.start < a.range.start && a.range.start < b.range.end)
        || (b.range.is_empty() && a.range.start < b.range.start && b.range.start < a.range.end)
}

/// Replaces the file at `path` with `contents` atomically: a temporary file in the same
/// directory, the original's permissions, then a rename. A read-only file is not written; a
/// symbolic link stays a link, and the file it points to is replaced.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    // Through a symbolic link, write the file it points to and keep the link.
    let real = std::fs::canonicalize(path)?;
    let path = real.as_path();
    let metadata = std::fs::metadata(path)?;
    if metadata.permissions().readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".contentlint-")
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), metadata.permissions())?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A unified diff of a file's text before and after fixing.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(1)
        .header(&prefixed("a", path), &prefixed("b", path))
        .to_string()
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
    use crate::diagnostic::Fix;
    use crate::rules;

    fn with_fix(edits: Vec<Edit>, safe: bool) -> Diagnostic {
        Diagnostic::new(&rules::mojibake::RULE, 0..0, "x").with_fix(Fix {
            safe,
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
        let (out, n) = apply(text, &d, Applicability::Safe).unwrap();
        assert_eq!((out.as_str(), n), ("a ™ b é c", 2));
    }

    #[test]
    fn overlapping_fixes_never_both_apply() {
        let text = "0123456789";
        let d = vec![
            with_fix(vec![Edit::new(2..5, "x")], true),
            with_fix(vec![Edit::new(4..6, "y")], true),
            with_fix(vec![Edit::new(8..8, "+"), Edit::new(3..3, "!")], true),
        ];
        let (out, n) = apply(text, &d, Applicability::Safe).unwrap();
        assert_eq!((out.as_str(), n), ("01x56789", 1));
    }

    #[test]
    fn unsafe_fixes_need_asking() {
        let d = vec![with_fix(vec![Edit::new(0..1, "X")], false)];
        assert_eq!(apply("abc", &d, Applicability::Safe), None);
        assert_eq!(
            apply("abc", &d, Applicability::Unsafe),
            Some(("Xbc".to_string(), 1))
        );
    }

    #[test]
    fn edits_off_char_boundaries_are_refused() {
        let d = vec![with_fix(vec![Edit::new(1..2, "x")], true)];
        assert_eq!(apply("é", &d, Applicability::Safe), None);
    }

    #[test]
    fn atomic_write_keeps_permissions_and_refuses_read_only_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
            write_atomic(&path, b"new").unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        #[cfg(not(unix))]
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");

        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        assert!(write_atomic(&path, b"newer").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }
}
