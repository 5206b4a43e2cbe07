//! KaTeX's verdict on a formula.
//!
//! The site renders math with KaTeX. A formula KaTeX cannot parse is shown to readers as red
//! source text. The verdict here comes from katex-rs, a Rust port of KaTeX's parser and
//! builder; only its parser runs (a few microseconds a formula). Its verdicts equal real
//! KaTeX's on every formula of the sample articles and on twelve thousand variants of them
//! (`tests/render.rs`, with verdicts recorded from KaTeX itself by `scripts/katex`).

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use katex::macros::{MacroContextInterface, MacroDefinition, MacroExpansionResult};
use katex::types::ParseError;
use katex::{KatexContext, Settings};

/// KaTeX's function, symbol and environment tables, built once.
static CONTEXT: LazyLock<KatexContext> = LazyLock::new(KatexContext::default);

/// Formulas longer than this are not checked (no real formula comes near).
const MAX_LEN: usize = 20_000;

/// Formulas nested deeper than this (braces, `\left`, environments) are not checked: the
/// parser recurses once per level.
const MAX_DEPTH: usize = 64;

/// How the site configures KaTeX.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct KatexOptions {
    /// Whether the mhchem extension (`\ce`, `\pu`) is loaded.
    pub mhchem: bool,
    /// Macros the site defines (KaTeX's `macros` option): name (with its backslash) to
    /// expansion.
    pub macros: BTreeMap<String, String>,
}

/// Why KaTeX rejects a formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    /// KaTeX's message.
    pub message: String,
    /// The bytes of the formula KaTeX points at, when it points.
    pub range: Option<Range<usize>>,
}

/// Parses `tex` as KaTeX does (`displayMode` when `display`); `Ok(false)` when the formula is
/// too long or too deeply nested to be checked.
pub fn check(tex: &str, display: bool, options: &KatexOptions) -> Result<bool, MathError> {
    if tex.len() > MAX_LEN || depth(tex) > MAX_DEPTH {
        return Ok(false);
    }
    let settings = Settings {
        display_mode: display,
        throw_on_error: true,
        ..Settings::default()
    };
    {
        let mut macros = settings.macros.borrow_mut();
        // KaTeX prints these on the console; here they would write into the report.
        for name in ["\\message", "\\errmessage"] {
            macros.insert(name.to_string(), MacroDefinition::StaticFunction(swallow));
        }
        macros.insert(
            "\\show".to_string(),
            MacroDefinition::StaticFunction(swallow_token),
        );
        if options.mhchem {
            // mhchem's own grammar is not checked: its argument is accepted as it is.
            for name in ["\\ce", "\\pu"] {
                macros.insert(name.to_string(), MacroDefinition::StaticFunction(swallow));
            }
        }
        for (name, expansion) in &options.macros {
            macros.insert(name.clone(), MacroDefinition::String(expansion.clone()));
        }
    }
    match super::guard::guarded(|| katex::parse(&CONTEXT, tex, &settings).map(|_| ())) {
        Some(Ok(())) => Ok(true),
        Some(Err(error)) => Err(math_error(tex, &error)),
        // A bug in the port must not stop the run: the formula is left unchecked.
        None => Ok(false),
    }
}

fn math_error(tex: &str, error: &ParseError) -> MathError {
    let range = error.position().map(|start| {
        let start = floor_char_boundary(tex, start.min(tex.len()));
        let end = floor_char_boundary(tex, (start + error.length().unwrap_or(0)).min(tex.len()));
        // A control word's token takes in the spaces after it.
        let end = start + tex[start..end.max(start)].trim_end().len();
        start..end
    });
    MathError {
        message: katex_wording(&error.kind.to_string()),
        range,
    }
}

/// The port's message in real KaTeX's words, where the two differ.
fn katex_wording(message: &str) -> String {
    // "Can't use function \foo in Math mode" → "Can't use function '\foo' in math mode".
    if let Some(rest) = message.strip_prefix("Can't use function ")
        && let Some((name, mode)) = rest.rsplit_once(" in ")
        && let Some(mode) = mode.strip_suffix(" mode")
    {
        return format!(
            "Can't use function '{name}' in {} mode",
            mode.to_lowercase()
        );
    }
    if let Some(rest) = message.strip_prefix("Mismatched: ") {
        return format!("Mismatch: {rest}");
    }
    message.to_string()
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// How deeply `tex` nests groups.
fn depth(tex: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let bytes = tex.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                let rest = &tex[i + 1..];
                if rest.starts_with("left") || rest.starts_with("begin") {
                    depth += 1;
                } else if (rest.starts_with("right") || rest.starts_with("end")) && depth > 0 {
                    depth -= 1;
                }
                i += 2;
                continue;
            }
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        max = max.max(depth);
        i += 1;
    }
    max.max(depth)
}

/// A macro that takes one argument and expands to nothing.
fn swallow(context: &mut dyn MacroContextInterface) -> Result<MacroExpansionResult, ParseError> {
    context.consume_args(1)?;
    Ok(MacroExpansionResult::Empty)
}

/// A macro that takes one token and expands to nothing (`\show`).
fn swallow_token(
    context: &mut dyn MacroContextInterface,
) -> Result<MacroExpansionResult, ParseError> {
    context.pop_token()?;
    Ok(MacroExpansionResult::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(tex: &str) -> Result<bool, String> {
        check(tex, false, &KatexOptions::default()).map_err(|e| e.message)
    }

    #[test]
    fn valid_and_invalid_formulas() {
        assert_eq!(verdict(r"\frac{a}{b} + \sqrt{x}"), Ok(true));
        assert_eq!(
            verdict(r"\ce{H2O}"),
            Err(r"Undefined control sequence: \ce".to_string())
        );
        assert!(verdict("x_1_2").is_err());
        assert!(verdict(r"\text{95% CI}").is_err());
        assert!(verdict(r"\frac{a}{b").is_err());
    }

    #[test]
    fn mhchem_and_macros_are_configurable() {
        let options = KatexOptions {
            mhchem: true,
            macros: BTreeMap::from([("\\RR".to_string(), "\\mathbb{R}".to_string())]),
        };
        assert_eq!(check(r"\ce{H2O} \in \RR", false, &options), Ok(true));
    }

    #[test]
    fn error_positions_are_bytes_of_the_formula() {
        let tex = r"a + \foo b";
        let error = check(tex, false, &KatexOptions::default()).unwrap_err();
        assert_eq!(&tex[error.range.unwrap()], r"\foo");
    }

    #[test]
    fn console_commands_print_nothing_and_deep_nesting_is_skipped() {
        assert_eq!(verdict(r"\message{x} y"), Ok(true));
        let deep = format!("{}x{}", "{".repeat(5000), "}".repeat(5000));
        assert_eq!(verdict(&deep), Ok(false));
    }

    #[test]
    fn the_deepest_formula_checked_fits_a_worker_thread_stack() {
        let n = MAX_DEPTH;
        let cases = [
            format!("{}x{}", "{".repeat(n), "}".repeat(n)),
            format!("{}x{}", r"\frac{".repeat(n), "}{y}".repeat(n)),
            format!("{}x{}", r"\left(".repeat(n), r"\right)".repeat(n)),
            format!("{}x{}", r"\sqrt{".repeat(n), "}".repeat(n)),
        ];
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                for case in &cases {
                    assert_eq!(verdict(case), Ok(true), "{case}");
                }
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
