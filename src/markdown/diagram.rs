//! Diagrams drawn at build time as inline SVG: ```` ```mermaid ```` through merman (a
//! Rust port of Mermaid's own parser and layout), ```` ```goat ```` and ```` ```svgbob ````
//! ASCII art through svgbob. No script runs in the reader's browser. The SVG draws in the
//! theme's colours (`currentColor` and CSS variables), so it follows light and dark.

use crate::markdown::escape_html;
use crate::markdown::highlight::{CodeContext, RenderedBlock};
use crate::Warning;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Mermaid,
    /// Hugo's `goat` and svgbob's own name: the same kind of ASCII art.
    Ascii,
}

impl Kind {
    /// The diagram a fence's info string asks for, if any.
    pub fn of_info(info: &str) -> Option<Kind> {
        let lang = info.split([' ', '{', ',']).next().unwrap_or("");
        match lang.to_ascii_lowercase().as_str() {
            "mermaid" => Some(Kind::Mermaid),
            "goat" | "svgbob" | "bob" => Some(Kind::Ascii),
            _ => None,
        }
    }

    /// What the code cache keys the rendering by, beside the source (the renderers'
    /// versions are in the crate's fingerprint, part of the cache's salt).
    pub fn cache_info(self) -> &'static str {
        match self {
            Kind::Mermaid => "\0diagram-mermaid",
            Kind::Ascii => "\0diagram-svgbob",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Mermaid => "mermaid",
            Kind::Ascii => "goat",
        }
    }
}

/// The largest diagram source drawn, in bytes; a larger one is shown as code.
pub const MAX_SOURCE: usize = 64 << 10;

/// The most non-blank characters an ASCII diagram may have to be drawn. svgbob's time grows
/// with the square of them (0.7 s for 6,400 on the CI machine, 2.4 s for twice that; a
/// 320 KB drawing took 43 s), so a larger drawing is shown as code. A diagram of 40 lines
/// of 80 columns, a quarter of them drawn, has 800.
pub const MAX_ASCII_INK: usize = 4_000;

/// Why `source` is too large to draw, if it is.
fn too_large(kind: Kind, source: &str) -> Option<String> {
    if source.len() > MAX_SOURCE {
        return Some(format!(
            "the source is {} bytes, more than the {MAX_SOURCE} drawn at build time; split the diagram",
            source.len()
        ));
    }
    let ink = source.chars().filter(|c| !c.is_whitespace()).count();
    (kind == Kind::Ascii && ink > MAX_ASCII_INK).then(|| {
        format!(
            "the drawing has {ink} non-blank characters, more than the {MAX_ASCII_INK} drawn at build time (the time to draw grows with the square of it); split the diagram"
        )
    })
}

/// Renders a diagram block as `<figure class="diagram ...">` holding the SVG, or, when
/// the source cannot be drawn (or is too large to), the source as a code block and a
/// warning at its fence.
pub fn render_block(kind: Kind, source: &str, ctx: &CodeContext) -> RenderedBlock {
    let drawn = match (kind, too_large(kind, source)) {
        (_, Some(message)) => Err(message),
        (Kind::Mermaid, None) => render_mermaid(source, ctx.index),
        (Kind::Ascii, None) => Ok(render_ascii(source)),
    };
    match drawn {
        Ok(svg) => RenderedBlock {
            html: format!(
                "<figure class=\"diagram diagram-{}\">{}</figure>\n",
                kind.name(),
                svg
            ),
            warnings: Vec::new(),
        },
        Err(message) => RenderedBlock {
            html: format!(
                "<pre class=\"diagram-error\"><code class=\"language-{}\">{}</code></pre>\n",
                kind.name(),
                escape_html(source)
            ),
            warnings: vec![Warning {
                path: ctx.path.to_path_buf(),
                line: Some(ctx.line),
                message: format!(
                    "{} diagram: {message}; the source is shown as code",
                    kind.name()
                ),
            }],
        },
    }
}

fn render_ascii(source: &str) -> String {
    let settings = svgbob::Settings {
        font_family: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace".into(),
        fill_color: "currentColor".into(),
        stroke_color: "currentColor".into(),
        background: "transparent".into(),
        include_backdrop: false,
        ..svgbob::Settings::default()
    };
    svgbob::to_svg_with_settings(source, &settings)
}

/// One renderer for the whole process: merman's engine holds its theme and font tables.
static MERMAID: std::sync::LazyLock<merman::Renderer> = std::sync::LazyLock::new(|| {
    // Mermaid's "neutral" theme (greys, no colour cast) with real SVG text, not HTML
    // labels: the text is searchable, selectable and never clipped by a foreignObject.
    // The theme's font stack, so labels are measured for the font they are drawn in.
    let config = merman::SourcePresentationConfig::from_value(serde_json::json!({
        "theme": "neutral",
        "htmlLabels": false,
        "flowchart": { "htmlLabels": false },
        "fontFamily": "-apple-system, 'Segoe UI', Roboto, 'Noto Sans CJK SC', sans-serif",
    }));
    merman::Renderer::new()
        .with_presentation_engine(merman::MermaidEngine::new().with_site_config(config))
});

/// A mermaid diagram as SVG. Its ids (markers, scoped styles) start with a hash of the
/// source and its place on the page, so two diagrams on one page never share them and the
/// same diagram always gets the same ids.
fn render_mermaid(source: &str, index: usize) -> Result<String, String> {
    let hash = blake3::hash(source.as_bytes()).to_hex();
    let request = merman::SvgRequest {
        options: merman::svg::SvgRenderOptions {
            diagram_id: Some(format!("mermaid-{}-{index}", &hash[..8])),
            ..Default::default()
        },
        ..Default::default()
    };
    let control = merman::OperationControl::new();
    match MERMAID.render(merman::RenderRequest::svg(source, control, request)) {
        Ok(merman::RenderOutput::Svg(Some(svg))) => Ok(svg.svg().to_string()),
        Ok(_) => Err(
            "not a diagram merman knows (the first line names the kind, e.g. `flowchart TD`)"
                .into(),
        ),
        Err(e) => Err(first_line(&e.to_string())),
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}
