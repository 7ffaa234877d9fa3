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

    #[test]
    fn errors_are_reported() {
        assert!(render_math(r"\frac{1", false).is_err());
        assert!(render_math(r"\notacommand x", false).is_err());
    }
}
