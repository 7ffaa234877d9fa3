//! LaTeX to MathML at build time, through pulldown-latex: the page needs no script and no
//! font download, and every current browser lays MathML out.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage};

/// Renders one formula, with its LaTeX kept as an annotation (copyable, and what a
/// screen reader or a search engine can read). `Err` carries the parser's message.
pub fn render_math(latex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(latex, &storage).collect();
    if let Some(Err(e)) = events.iter().find(|e| e.is_err()) {
        return Err(first_line(&e.to_string()));
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(latex),
        ..RenderConfig::default()
    };
    let mut html = String::with_capacity(latex.len() * 8);
    pulldown_latex::push_mathml(&mut html, events.into_iter(), config)
        .map_err(|e| e.to_string())?;
    Ok(html)
}

/// The parser's messages draw the source over several lines; a warning keeps one.
fn first_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or(message)
        .to_string()
}

/// `html` with each formula as its LaTeX, once: the text a description or any plain form
/// should show. Stripping the tags of the MathML alone gives the formula twice, as the
/// presentation's leaves and again as the annotation (`E=mc2E=mc^2`).
pub fn formulas_as_tex(html: &str) -> std::borrow::Cow<'_, str> {
    replace_elements(html, "math", |element| {
        let tex = element
            .find(ANNOTATION)
            .and_then(|at| {
                let start = at + element[at..].find('>')? + 1;
                let end = start + element[start..].find("</annotation>")?;
                Some(&element[start..end])
            })
            .unwrap_or("");
        tex.to_string()
    })
}

/// `html` without the LaTeX annotations of its formulas, for readers that do not lay MathML
/// out (feed readers): they show each formula once, as its MathML text.
pub fn without_annotations(html: &str) -> std::borrow::Cow<'_, str> {
    replace_elements(html, "annotation", |_| String::new())
}

const ANNOTATION: &str = "<annotation encoding=\"application/x-tex\">";

/// `html` with every `<name ...>...</name>` element (not nested in one of its own kind, as
/// formulas and annotations never are) replaced by what `with` makes of it.
fn replace_elements<'h>(
    html: &'h str,
    name: &str,
    with: impl Fn(&str) -> String,
) -> std::borrow::Cow<'h, str> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    if !html.contains(&open) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = rest[start + open.len()..].chars().next();
        if !matches!(after, Some('>' | ' ')) {
            out.push_str(&rest[..start + open.len()]);
            rest = &rest[start + open.len()..];
            continue;
        }
        let Some(len) = rest[start..].find(&close) else {
            break;
        };
        let end = start + len + close.len();
        out.push_str(&rest[..start]);
        out.push_str(&with(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_become_mfrac() {
        let html = render_math(r"\int_0^1 x\,dx = \frac12", true).unwrap();
        assert!(html.starts_with("<math"), "{html}");
        assert!(html.contains("display=\"block\""), "{html}");
        assert!(html.contains("<mfrac>"), "{html}");
        assert!(html.contains(r"\int_0^1 x\,dx = \frac12"), "{html}");
    }

    /// A formula reads once in plain text: `E=mc^2`, not `E=mc2E=mc^2`.
    #[test]
    fn plain_forms_hold_each_formula_once() {
        let math = render_math("E=mc^2", false).unwrap();
        let html = format!("<p>Energy: {math} and more.</p>");
        assert_eq!(formulas_as_tex(&html), "<p>Energy: E=mc^2 and more.</p>");
        let feed = without_annotations(&html);
        assert!(
            !feed.contains("annotation") && !feed.contains("mc^2"),
            "{feed}"
        );
        assert!(feed.contains("<msup>"), "{feed}");
        let plain = "<p>no formula, <mathx> is not one</p>";
        assert_eq!(formulas_as_tex(plain), plain);
    }

    #[test]
    fn errors_are_reported() {
        assert!(render_math(r"\frac{1", false).is_err());
        assert!(render_math(r"\notacommand x", false).is_err());
    }
}
