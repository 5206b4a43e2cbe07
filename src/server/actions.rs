//! Code actions (each fix as a quick fix, "fix all safe problems", "disable RULE for this
//! line") and hover (the rule's documentation) on the diagnostics of the last check.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Hover, HoverContents,
    HoverParams, MarkupContent, MarkupKind, Position, Range, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::Value;

use super::convert::{self, Lines};
use super::{Server, rule_of};
use crate::core::diagnostic::{Applicability, Diagnostic};

fn overlaps(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// The code actions for the diagnostics under `params.range`.
pub fn code_actions(server: &Server, params: &CodeActionParams) -> Value {
    let uri = &params.text_document.uri;
    let Some(document) = server.documents.get(uri.as_str()) else {
        return Value::Null;
    };
    let Some((source, result)) = &document.last else {
        return Value::Array(Vec::new());
    };
    // Fixes are byte edits of the text they were found in: only offered while it is current.
    if **source != *document.text {
        return Value::Array(Vec::new());
    }
    let lines = Lines::new(source);
    let wants = |kind: &CodeActionKind| {
        params
            .context
            .only
            .as_ref()
            .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
    };
    let show_unsafe = server.settings.unsafe_fixes.unwrap_or(true);
    let mut actions = Vec::new();
    let no_related = |_: &crate::core::diagnostic::Note| None;
    for d in &result.diagnostics {
        let lsp = convert::diagnostic(d, &lines, &no_related);
        if !overlaps(&lsp.range, &params.range) {
            continue;
        }
        if let Some(fix) = &d.fix
            && wants(&CodeActionKind::QUICKFIX)
            && (fix.is_safe() || (show_unsafe && fix.applicability == Applicability::Unsafe))
        {
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit::new(lines.range(&e.range), e.replacement.clone()))
                .collect();
            let title = if fix.is_safe() {
                format!("Fix: {} ({})", fix.title, d.rule.name())
            } else {
                format!("Fix (unsafe): {} ({})", fix.title, d.rule.name())
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp.clone()]),
                edit: Some(edit(uri, edits)),
                is_preferred: Some(fix.is_safe()),
                ..CodeAction::default()
            }));
        }
        if wants(&CodeActionKind::QUICKFIX)
            && let Some(insert) = disable_comment(source, &lines, d)
        {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Disable {} for this line", d.rule.name()),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp]),
                edit: Some(edit(uri, vec![insert])),
                ..CodeAction::default()
            }));
        }
    }
    if wants(&CodeActionKind::SOURCE_FIX_ALL)
        && let Some((fixed, applied)) =
            crate::core::fix::apply(source, &result.diagnostics, Applicability::Safe)
        && !applied.is_empty()
    {
        let whole = Range::new(Position::new(0, 0), lines.position(source.len()));
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!(
                "Fix all safe problems in this file ({})",
                crate::cli::output::plural(applied.len(), "fix", "fixes")
            ),
            kind: Some(CodeActionKind::SOURCE_FIX_ALL),
            edit: Some(edit(uri, vec![TextEdit::new(whole, fixed)])),
            ..CodeAction::default()
        }));
    }
    serde_json::to_value(actions).unwrap_or(Value::Null)
}

/// The line that suppresses `d`'s rule on its line: a YAML comment in the front matter, an
/// HTML comment in the body, indented like the line.
fn disable_comment(text: &str, lines: &Lines<'_>, d: &Diagnostic) -> Option<TextEdit> {
    let line = lines.position(d.span.start).line;
    let start = lines.offset(Position::new(line, 0));
    let indent: String = text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let in_front_matter =
        crate::core::frontmatter::split(text).is_ok_and(|fm| fm.yaml.contains(&d.span.start));
    let comment = if in_front_matter {
        format!(
            "{indent}# contentlint-disable-next-line {}\n",
            d.rule.name()
        )
    } else if line > 0 || !text.starts_with("---") {
        format!(
            "{indent}<!-- contentlint-disable-next-line {} -->\n",
            d.rule.name()
        )
    } else {
        // The opening `---` line: a comment above it would end the front matter.
        return None;
    };
    let at = Position::new(line, 0);
    Some(TextEdit::new(Range::new(at, at), comment))
}

/// The documentation of the rule of a diagnostic under the cursor.
pub fn hover(server: &Server, params: &HoverParams) -> Value {
    let position = params.text_document_position_params.position;
    let uri = &params.text_document_position_params.text_document.uri;
    let Some(document) = server.documents.get(uri.as_str()) else {
        return Value::Null;
    };
    let Some((source, result)) = &document.last else {
        return Value::Null;
    };
    let lines = Lines::new(source);
    let no_related = |_: &crate::core::diagnostic::Note| None;
    let rule = result
        .diagnostics
        .iter()
        .map(|d| convert::diagnostic(d, &lines, &no_related))
        .find(|d| d.range.start <= position && position <= d.range.end)
        .and_then(|d| rule_of(&d));
    let Some(rule) = rule else {
        return Value::Null;
    };
    let hover = Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: format!("**{}** ({})\n\n{}", rule.name(), rule.summary(), rule.doc()),
        }),
        range: None,
    };
    serde_json::to_value(hover).unwrap_or(Value::Null)
}
