//! Minification of HTML, CSS, JS, JSON, SVG and XML (`minify`, `resources.Minify`, and the
//! site's `--minify` of its output), with the `[minify]` options of Hugo that have a meaning
//! here.
//!
//! HTML goes through `minify-html`, which hands `<style>` and `<script>` to the same CSS and
//! JS minifiers used for standalone files: `lightningcss` for CSS and `oxc` for JS. JSON loses
//! the whitespace outside its strings (numbers and escapes are kept as written, as Hugo's
//! minifier keeps them). SVG and XML go through a small pass of our own that drops comments
//! and whitespace-only text between tags and never touches text, CDATA or attribute values.
//! Every path is deterministic: the same input gives the same bytes.

use crate::error::{Error, Result};
use crate::media::{self, MediaType};
use crate::resource::Resource;

/// Hugo's `[minify]` settings that this crate honours. Defaults are Hugo's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MinifyOptions {
    pub disable_html: bool,
    pub disable_css: bool,
    pub disable_js: bool,
    pub disable_json: bool,
    pub disable_svg: bool,
    pub disable_xml: bool,
    /// `tdewolff.html.keepComments` (and `svg.keepComments` for SVG and XML).
    pub keep_comments: bool,
    /// `tdewolff.html.keepConditionalComments`: `<!--[if IE]>…<![endif]-->` stays even when
    /// other comments go.
    pub keep_conditional_comments: bool,
    /// `tdewolff.html.keepWhitespace` (and `xml.keepWhitespace`): whitespace between tags
    /// stays. `minify-html` has no such mode, so HTML is then left as it is.
    pub keep_whitespace: bool,
    /// `tdewolff.html.keepQuotes`: attribute values keep their quotes. `minify-html` has no
    /// such mode, so HTML is then left as it is.
    pub keep_quotes: bool,
    /// `tdewolff.html.keepEndTags`.
    pub keep_end_tags: bool,
    /// `tdewolff.html.keepDocumentTags`: `<html>`, `<head>` and `<body>` stay.
    pub keep_document_tags: bool,
    /// `tdewolff.html.keepDefaultAttrVals`.
    pub keep_default_attr_vals: bool,
}

/// Which minifier a media type goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Html,
    Css,
    Js,
    Json,
    Svg,
    Xml,
}

impl Kind {
    /// The minifier for a media type, if there is one (`application/rss+xml` is XML,
    /// `application/manifest+json` JSON).
    pub fn for_media_type(t: MediaType) -> Option<Kind> {
        match (t.main, t.sub) {
            (_, "html") => Some(Kind::Html),
            (_, "css") => Some(Kind::Css),
            (_, "javascript") => Some(Kind::Js),
            (_, "json") | (_, "manifest+json") => Some(Kind::Json),
            (_, "svg+xml") => Some(Kind::Svg),
            (_, "xml") | (_, "rss+xml") => Some(Kind::Xml),
            _ => None,
        }
    }

    fn disabled(self, o: &MinifyOptions) -> bool {
        match self {
            Kind::Html => o.disable_html,
            Kind::Css => o.disable_css,
            Kind::Js => o.disable_js,
            Kind::Json => o.disable_json,
            Kind::Svg => o.disable_svg,
            Kind::Xml => o.disable_xml,
        }
    }
}

impl Resource {
    /// `minify`: the minified bytes, published as `name.min.ext`. A type with no minifier,
    /// or one disabled in the options, keeps its bytes (Hugo does the same).
    pub fn minify(&self, options: &MinifyOptions) -> Result<Resource> {
        let bytes = match Kind::for_media_type(self.media_type()) {
            Some(kind) => minify_bytes(kind, self.content(), self.name(), options)?,
            None => self.content().to_vec(),
        };
        let media_type = self.media_type();
        Ok(self
            .with_content(bytes)
            .with_target_path(&self.minified_target())
            .with_media_type(media_type))
    }
}

/// Minifies `input` of `kind`; `name` is used in errors.
pub fn minify_bytes(
    kind: Kind,
    input: &[u8],
    name: &str,
    options: &MinifyOptions,
) -> Result<Vec<u8>> {
    if kind.disabled(options) {
        return Ok(input.to_vec());
    }
    let text = || {
        std::str::from_utf8(input)
            .map_err(|e| minify_error(name, input, e.valid_up_to(), "not UTF-8"))
    };
    match kind {
        Kind::Html => Ok(minify_html(input, options)),
        Kind::Css => minify_css(text()?, name).map(String::into_bytes),
        Kind::Js => minify_js(text()?, name).map(String::into_bytes),
        Kind::Json => minify_json(text()?, name).map(String::into_bytes),
        Kind::Svg | Kind::Xml => minify_xml(text()?, name, options).map(String::into_bytes),
    }
}

fn minify_error(name: &str, text: &[u8], offset: usize, message: impl ToString) -> Error {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Error::Minify {
        name: name.to_string(),
        line,
        column,
        message: message.to_string(),
    }
}

fn minify_html(input: &[u8], o: &MinifyOptions) -> Vec<u8> {
    // minify-html can neither keep whitespace nor keep quotes; asked for either, the page is
    // left as written rather than changed against the setting.
    if o.keep_whitespace || o.keep_quotes {
        return input.to_vec();
    }
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = !o.disable_css;
    cfg.minify_js = !o.disable_js;
    // minify-html keeps all comments or none; conditional comments are rare, so a page that
    // has one and wants it kept keeps its other comments too.
    cfg.keep_comments =
        o.keep_comments || (o.keep_conditional_comments && contains(input, b"<!--[if"));
    cfg.keep_closing_tags = o.keep_end_tags;
    cfg.keep_html_and_head_opening_tags = o.keep_document_tags;
    cfg.keep_input_type_text_attr = o.keep_default_attr_vals;
    // Only the compliant subset: every browser and every HTML parser reads the result.
    cfg.allow_noncompliant_unquoted_attribute_values = false;
    cfg.allow_removing_spaces_between_attributes = false;
    cfg.minify_doctype = false;
    minify_html::minify(input, &cfg)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn minify_css(text: &str, name: &str) -> Result<String> {
    use lightningcss::stylesheet::{
        MinifyOptions as CssMinify, ParserOptions, PrinterOptions, StyleSheet,
    };
    let css_error =
        |loc: Option<lightningcss::error::ErrorLocation>, message: String| Error::Minify {
            name: name.to_string(),
            line: loc.as_ref().map_or(0, |l| l.line as usize + 1),
            column: loc.as_ref().map_or(0, |l| l.column as usize),
            message,
        };
    let mut sheet = StyleSheet::parse(text, ParserOptions::default())
        .map_err(|e| css_error(e.loc.clone(), e.kind.to_string()))?;
    sheet
        .minify(CssMinify::default())
        .map_err(|e| css_error(e.loc.clone(), e.kind.to_string()))?;
    let printer = PrinterOptions {
        minify: true,
        ..PrinterOptions::default()
    };
    let out = sheet
        .to_css(printer)
        .map_err(|e| css_error(e.loc.clone(), e.kind.to_string()))?;
    Ok(out.code)
}

fn minify_js(text: &str, name: &str) -> Result<String> {
    use oxc_allocator::Allocator;
    use oxc_codegen::{Codegen, CodegenOptions, CommentOptions, LegalComment};
    use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
    use oxc_span::SourceType;

    let allocator = Allocator::default();
    // Modules are a superset that also parses classic scripts' code in practice, but treating
    // top-level names as module-private would let the mangler rename globals other scripts
    // read; parse as a script, as a <script> tag runs it.
    let parsed = oxc_parser::Parser::new(&allocator, text, SourceType::cjs()).parse();
    if let Some(e) = parsed.errors.first() {
        let offset = e
            .labels
            .as_ref()
            .and_then(|l| l.first())
            .map_or(0, |l| l.offset());
        return Err(minify_error(name, text.as_bytes(), offset, &e.message));
    }
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions::safest()),
    })
    .minify(&allocator, &mut program);
    let code = Codegen::new()
        .with_options(CodegenOptions {
            // Licence comments (`/*! … */`, `@license`) stay; every other comment goes.
            comments: CommentOptions {
                legal: LegalComment::Inline,
                ..CommentOptions::disabled()
            },
            ..CodegenOptions::minify()
        })
        .with_scoping(minified.scoping)
        .build(&program)
        .code;
    Ok(code.trim_end_matches('\n').to_string())
}

/// Validates, then drops whitespace outside strings.
fn minify_json(text: &str, name: &str) -> Result<String> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Err(Error::Minify {
            name: name.to_string(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        });
    }
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    Ok(out)
}

/// Drops comments (unless kept) and whitespace-only text between tags, and squeezes the
/// whitespace inside tags. Text with any non-space character, CDATA, processing instructions,
/// doctypes and everything under `xml:space="preserve"` or inside SVG's `text`, `tspan`,
/// `textPath`, `style` and `script` stays byte for byte. The input must be well formed.
fn minify_xml(text: &str, name: &str, o: &MinifyOptions) -> Result<String> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    if let Err(e) = roxmltree::Document::parse_with_options(text, opts) {
        let pos = e.pos();
        return Err(Error::Minify {
            name: name.to_string(),
            line: pos.row as usize,
            column: pos.col as usize,
            message: e.to_string(),
        });
    }
    let mut out = String::with_capacity(text.len());
    // How many open elements keep their whitespace; text inside them is kept.
    let mut preserve_depth: Vec<bool> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(after.len(), |i| i + 3);
            if o.keep_comments {
                out.push_str(&rest[..4 + end]);
            }
            rest = &after[end..];
        } else if rest.starts_with("<![CDATA[") || rest.starts_with("<?") || rest.starts_with("<!")
        {
            let close = if rest.starts_with("<![CDATA[") {
                "]]>"
            } else if rest.starts_with("<?") {
                "?>"
            } else {
                ">"
            };
            let end = rest.find(close).map_or(rest.len(), |i| i + close.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if rest.starts_with('<') {
            let end = tag_end(rest);
            let tag = &rest[..end];
            write_tag(tag, &mut out);
            update_preserve(tag, &mut preserve_depth);
            rest = &rest[end..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let chunk = &rest[..end];
            let keep = o.keep_whitespace || preserve_depth.last().copied().unwrap_or(false);
            if keep || !chunk.trim().is_empty() {
                out.push_str(chunk);
            }
            rest = &rest[end..];
        }
    }
    Ok(out)
}

/// The length of the tag at the start of `s`, quotes respected.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"') | (None, '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// A tag with runs of whitespace outside quotes squeezed to one space, and none before `>`.
fn write_tag(tag: &str, out: &mut String) {
    let mut quote = None;
    let mut pending_space = false;
    for c in tag.chars() {
        if quote.is_none() && c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space
            && !(quote.is_none() && (c == '>' || c == '/' || c == '='))
            && !out.ends_with('=')
        {
            out.push(' ');
        }
        pending_space = false;
        match (quote, c) {
            (None, '"') | (None, '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        out.push(c);
    }
}

fn update_preserve(tag: &str, stack: &mut Vec<bool>) {
    if tag.starts_with("</") {
        stack.pop();
        return;
    }
    if tag.ends_with("/>") {
        return;
    }
    let name: String = tag[1..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect();
    let local = name.rsplit(':').next().unwrap_or(&name);
    let inherited = stack.last().copied().unwrap_or(false);
    let preserve = inherited
        || matches!(
            local,
            "text" | "tspan" | "textPath" | "style" | "script" | "pre" | "title" | "desc"
        )
        || tag.contains("xml:space=\"preserve\"")
        || tag.contains("xml:space='preserve'");
    stack.push(preserve);
}

/// The media type whose minifier handles `kind`, for callers that pick by output format.
pub fn media_type_of(kind: Kind) -> MediaType {
    match kind {
        Kind::Html => media::HTML,
        Kind::Css => media::CSS,
        Kind::Js => media::JAVASCRIPT,
        Kind::Json => media::JSON,
        Kind::Svg => media::SVG,
        Kind::Xml => media::XML,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(kind: Kind, input: &str) -> String {
        String::from_utf8(
            minify_bytes(kind, input.as_bytes(), "t", &MinifyOptions::default()).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn html_keeps_pre_and_textarea_contents() {
        let page = "<!doctype html>\n<html>\n<body>\n  <p>a   b</p>\n<pre>  x\n\n    y  </pre>\n<textarea> t\n t</textarea>\n<!-- c -->\n</body></html>";
        let out = min(Kind::Html, page);
        assert!(out.contains("<pre>  x\n\n    y  </pre>"), "{out}");
        assert!(out.contains("<textarea> t\n t</textarea>"), "{out}");
        assert!(!out.contains("<!-- c -->"));
        assert!(out.len() < page.len());
        let kept = minify_bytes(
            Kind::Html,
            page.as_bytes(),
            "t",
            &MinifyOptions {
                keep_comments: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(String::from_utf8(kept).unwrap().contains("<!-- c -->"));
    }

    #[test]
    fn html_options_that_minify_html_lacks_leave_the_page_alone() {
        let page = "<p class=\"a\">  x  </p>\n<!--[if IE]><p>old</p><![endif]-->";
        for opts in [
            MinifyOptions {
                keep_whitespace: true,
                ..Default::default()
            },
            MinifyOptions {
                keep_quotes: true,
                ..Default::default()
            },
        ] {
            assert_eq!(
                minify_bytes(Kind::Html, page.as_bytes(), "t", &opts).unwrap(),
                page.as_bytes()
            );
        }
        let opts = MinifyOptions {
            keep_conditional_comments: true,
            ..Default::default()
        };
        let out = String::from_utf8(minify_bytes(Kind::Html, page.as_bytes(), "t", &opts).unwrap())
            .unwrap();
        assert!(out.contains("<!--[if IE]>"), "{out}");
        assert!(!min(Kind::Html, page).contains("[if IE]"));
    }

    #[test]
    fn html_inline_style_and_script_are_minified() {
        let out = min(
            Kind::Html,
            "<style>\n a { color : red ; }\n</style><script>\n var long_name = 1 ;\n</script>",
        );
        assert!(out.contains("a{color:red}"), "{out}");
        assert!(!out.contains(" = "), "{out}");
    }

    #[test]
    fn css_js_json_match_hugo_on_simple_input() {
        assert_eq!(
            min(Kind::Css, "body {\n  color: red;  /* c */\n}\n"),
            "body{color:red}"
        );
        assert_eq!(
            min(Kind::Json, "{\n \"a\" : [1.0, \"x y\\\"\" ]\n}"),
            "{\"a\":[1.0,\"x y\\\"\"]}"
        );
        let js = min(
            Kind::Js,
            "function add(first, second) {\n  return first + second;\n}\nconsole.log(add(1, 2));\n",
        );
        assert!(js.starts_with("function add("), "{js}");
        assert!(!js.contains("first"), "{js}");
    }

    #[test]
    fn syntax_errors_have_locations() {
        let opts = MinifyOptions::default();
        let cases = [
            (Kind::Js, "let a = 1;\nlet = = 2;\n", 2),
            (Kind::Json, "{\n\"a\": ]\n}", 2),
            (Kind::Xml, "<a>\n<b></c></a>", 2),
        ];
        for (kind, input, want) in cases {
            match minify_bytes(kind, input.as_bytes(), "f", &opts) {
                Err(Error::Minify { line, .. }) => assert_eq!(line, want, "{kind:?}"),
                other => panic!("{kind:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn svg_drops_comments_and_blank_text_but_keeps_text_elements() {
        let svg = "<?xml version=\"1.0\"?>\n<!-- drawn -->\n<svg  xmlns=\"http://www.w3.org/2000/svg\"   width=\"10\" >\n  <g>\n    <rect  x=\"1\" />\n  </g>\n  <text> a  b </text>\n</svg>\n";
        let out = min(Kind::Svg, svg);
        assert_eq!(
            out,
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\"><g><rect x=\"1\"/></g><text> a  b </text></svg>"
        );
    }

    #[test]
    fn disabled_kinds_and_unknown_types_pass_through() {
        let opts = MinifyOptions {
            disable_css: true,
            ..Default::default()
        };
        let css = "a { b: c }";
        assert_eq!(
            minify_bytes(Kind::Css, css.as_bytes(), "t", &opts).unwrap(),
            css.as_bytes()
        );
        let r = Resource::new("x.txt", &b"a  b"[..]).minify(&opts).unwrap();
        assert_eq!(r.content(), b"a  b");
        assert_eq!(r.target_path(), "/x.min.txt");
    }

    #[test]
    fn output_is_deterministic() {
        let js = "var alpha = 1; function f(beta, gamma) { return beta * gamma + alpha; } f(2, 3);";
        assert_eq!(min(Kind::Js, js), min(Kind::Js, js));
    }
}
