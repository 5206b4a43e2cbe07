//! `--format github`: GitHub Actions workflow commands, which annotate the pull request's
//! files: `::error file=P,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message`.

use std::io::{self, Write};

use crate::core::diagnostic::Severity;
use crate::core::report::FileResult;

/// Writes one workflow command per diagnostic of `file`.
pub fn write(file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
    for d in &file.diagnostics {
        let (start, end) = (d.start, d.end);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&file.path.display().to_string()),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(d.rule.name()),
            escape_data(&message)
        )?;
    }
    Ok(())
}

/// Escapes a command's message, as the Actions runner expects.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value: also `:` and `,`, which separate properties.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape_data("100% sure: a, b\nnext\r"),
            "100%25 sure: a, b%0Anext%0D"
        );
        assert_eq!(escape_property("a:b,c%\nd"), "a%3Ab%2Cc%25%0Ad");
    }
}
