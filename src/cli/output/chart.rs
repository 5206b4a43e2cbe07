//! Horizontal bar charts as self-contained SVG, for the HTML audit report: no script, no
//! font or file to fetch, colours from the page's stylesheet (classes), a `<title>` on every
//! bar for a tooltip and a text alternative for screen readers.

use std::fmt::Write as _;

/// One bar: a label and its segments, each a count drawn in a class's colour.
#[derive(Debug, Clone)]
pub struct Bar {
    /// What the bar is (a rule, a folder).
    pub label: String,
    /// The segments, left to right: count, CSS class, and what one and several of it are.
    pub segments: Vec<(usize, &'static str, &'static str, &'static str)>,
    /// When set, the bar is a control: the page filters the table by `data-KEY=VALUE`.
    pub filter: Option<(&'static str, String)>,
}

impl Bar {
    fn total(&self) -> usize {
        self.segments.iter().map(|s| s.0).sum()
    }
}

const WIDTH: f64 = 720.0;
const LABEL: f64 = 250.0;
const COUNT: f64 = 70.0;
const ROW: f64 = 24.0;
const BAR: f64 = 16.0;

/// A chart of `bars`, longest first as given, scaled to the largest; `title` names it for
/// assistive technology.
pub fn bars(title: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(Bar::total).max().unwrap_or(0).max(1) as f64;
    let height = ROW * bars.len() as f64 + 4.0;
    let room = WIDTH - LABEL - COUNT;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        escape(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = ROW * i as f64 + 2.0;
        let total = bar.total();
        let described: Vec<String> = bar
            .segments
            .iter()
            .filter(|s| s.0 > 0)
            .map(|&(n, _, one, many)| {
                format!("{} {}", thousands(n), if n == 1 { one } else { many })
            })
            .collect();
        let tooltip = format!("{}: {}", bar.label, described.join(", "));
        match &bar.filter {
            Some((key, value)) => {
                let _ = write!(
                    svg,
                    r#"<g class="bar control" data-{key}="{}" tabindex="0" role="button" aria-label="{}, show these in the table">"#,
                    escape(value),
                    escape(&tooltip)
                );
            }
            None => {
                let _ = write!(svg, r#"<g class="bar">"#);
            }
        }
        let _ = write!(svg, "<title>{}</title>", escape(&tooltip));
        let _ = write!(
            svg,
            r#"<text class="label" x="{}" y="{}" text-anchor="end">{}</text>"#,
            LABEL - 8.0,
            y + BAR - 3.0,
            escape(&shorten(&bar.label, 34))
        );
        let mut x = LABEL;
        for &(count, class, _, _) in &bar.segments {
            if count == 0 {
                continue;
            }
            // Every non-zero count stays visible, however small beside the largest.
            let w = (count as f64 / max * room).max(2.0);
            let _ = write!(
                svg,
                r#"<rect class="{class}" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{BAR}"/>"#
            );
            x += w;
        }
        let _ = write!(
            svg,
            r#"<text class="count" x="{:.1}" y="{}">{}</text></g>"#,
            x + 6.0,
            y + BAR - 3.0,
            thousands(total)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `text` cut to `max` characters with `…`.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// Text escaped for HTML and SVG, in element content and in quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_escape_their_labels() {
        let svg = bars(
            "per rule",
            &[
                Bar {
                    label: "<script>".to_string(),
                    segments: vec![
                        (300, "error", "error", "errors"),
                        (100, "warning", "warning", "warnings"),
                    ],
                    filter: Some(("rule", "a\"b".to_string())),
                },
                Bar {
                    label: "small".to_string(),
                    segments: vec![(1, "info", "info", "infos")],
                    filter: None,
                },
            ],
        );
        assert!(svg.contains("&lt;script&gt;") && !svg.contains("<script>"));
        assert!(svg.contains(r#"data-rule="a&quot;b""#));
        // 300 + 100 fill the bar area; 1 of 400 still shows.
        assert!(
            svg.contains(r#"class="error" x="250.0" y="2.0" width="300.0""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"class="warning" x="550.0" y="2.0" width="100.0""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"class="info" x="250.0" y="26.0" width="2.0""#),
            "{svg}"
        );
        assert!(svg.contains(">400</text>") && svg.contains("<title>small: 1 info</title>"));
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
