//! `--format github`: GitHub Actions workflow commands, which annotate the pull request's
//! files: `::error file=P,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message`.

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use crate::core::diagnostic::Severity;
use crate::core::report::{FileResult, Totals};
use crate::workspace::Sink;

/// Writes one workflow command per diagnostic, as the results arrive.
pub struct GithubSink<'a> {
    out: Box<dyn Write + 'a>,
}

impl<'a> GithubSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        Self { out }
    }
}

impl Sink for GithubSink<'_> {
    fn wants_sources(&self) -> bool {
        false
    }

    fn start(&mut self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, file: FileResult) -> io::Result<()> {
        write(&file, &mut self.out)
    }

    fn finish(&mut self, _: &Totals, _: &dyn Fn(&Path) -> Option<Arc<str>>) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes one workflow command per diagnostic of `file`.
fn write(file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
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
