//! A note's rendered body (our own markdown output, not arbitrary HTML) to the plain text of
//! its sections: one section before the first heading, one per heading, and one per code
//! block with a source title, whose anchor is the block's first line (`code-3-L562`) so a
//! result can land on the code itself.

use std::borrow::Cow;

/// A stretch of a note under one heading (or one titled code block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's text; empty for the part before the first heading.
    pub heading: String,
    /// The fragment id a result links to; empty for the top of the note.
    pub anchor: String,
    pub text: String,
}

/// Elements whose text is not prose: scripts, styles, and line numbers drawn by CSS.
const SKIPPED: [&str; 4] = ["script", "style", "svg", "template"];

/// Elements that end a line of text, so words on both sides are not run together.
const BLOCKS: [&str; 20] = [
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "pre",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "br",
    "hr",
    "dt",
    "dd",
    "section",
    "details",
    "summary",
];

/// Splits a note's HTML into sections of plain text.
pub fn sections(html: &str) -> Vec<Section> {
    let mut s = Splitter::default();
    s.sections.push(Section {
        heading: String::new(),
        anchor: String::new(),
        text: String::new(),
    });
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        s.text(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        s.tag(&rest[lt + 1..lt + gt]);
        rest = &rest[lt + gt + 1..];
    }
    s.text(rest);
    let mut out = s.sections;
    for sec in &mut out {
        sec.text = collapse_spaces(&sec.text);
        sec.heading = collapse_spaces(&sec.heading);
    }
    // The top of the note stays, even empty: a match in the title points at it.
    let top = out.remove(0);
    // An empty heading still counts (its words are searched); an empty resumption after a
    // code block does not.
    let mut anchors = std::collections::HashSet::new();
    out.retain(|sec| {
        let first = anchors.insert(sec.anchor.clone());
        !sec.text.is_empty() || (first && !sec.heading.is_empty())
    });
    out.insert(0, top);
    out
}

#[derive(Default)]
struct Splitter {
    sections: Vec<Section>,
    /// Inside a heading or a code title: text goes to the heading, not the body.
    in_heading: Option<String>,
    /// Depth inside a skipped element.
    skipping: usize,
    /// The heading a titled code block interrupted, resumed after the block.
    resume: Option<(String, String)>,
    figure_depth: usize,
    /// The titled code block waits for its first line's id to know its anchor.
    wants_code_anchor: bool,
    /// Inside a formula (MathML): only its LaTeX annotation is text, so a formula is read
    /// once, as written, rather than also as the presentation's leaves.
    in_math: bool,
    in_annotation: bool,
}

impl Splitter {
    fn current(&mut self) -> &mut Section {
        self.sections.last_mut().expect("there is always a section")
    }

    fn text(&mut self, raw: &str) {
        if self.skipping > 0 || raw.is_empty() || (self.in_math && !self.in_annotation) {
            return;
        }
        let text = decode_entities(raw, TEXT_ENTITIES);
        let text = text.as_ref();
        if self.in_heading.is_some() {
            self.current().heading.push_str(text);
        } else {
            self.current().text.push_str(text);
        }
    }

    fn tag(&mut self, inner: &str) {
        let closing = inner.starts_with('/');
        let bare = inner.trim_start_matches('/');
        // Our renderer writes tag names in lower case.
        let name = &bare[..bare
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(bare.len())];
        if SKIPPED.contains(&name) {
            if closing {
                self.skipping = self.skipping.saturating_sub(1);
            } else if !inner.ends_with('/') {
                self.skipping += 1;
            }
            return;
        }
        if self.skipping > 0 {
            return;
        }
        if BLOCKS.contains(&name) {
            self.current().text.push('\n');
        }
        let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        match (name, closing) {
            ("math", closing) => self.in_math = !closing,
            ("annotation", closing) => self.in_annotation = !closing,
            (_, false) if heading => self.open_section(attr(inner, "id").unwrap_or_default()),
            (_, true) if heading => self.in_heading = None,
            ("figure", false) => self.figure_depth += 1,
            ("figure", true) => self.close_figure(),
            ("figcaption", false) if has_class(inner, "code-title") => {
                let (h, a) = {
                    let cur = self.current();
                    (cur.heading.clone(), cur.anchor.clone())
                };
                self.resume = Some((h, a));
                self.open_section(String::new());
                self.wants_code_anchor = true;
            }
            ("figcaption", true) => self.in_heading = None,
            ("span", false) if self.wants_code_anchor => {
                if let Some(id) = attr(inner, "id").filter(|id| id.starts_with("code-")) {
                    self.current().anchor = id;
                    self.wants_code_anchor = false;
                }
            }
            _ => {}
        }
    }

    fn open_section(&mut self, anchor: String) {
        self.sections.push(Section {
            heading: String::new(),
            anchor,
            text: String::new(),
        });
        self.in_heading = Some(String::new());
    }

    /// After a titled code block, the text belongs to the heading before it again.
    fn close_figure(&mut self) {
        self.figure_depth = self.figure_depth.saturating_sub(1);
        if self.figure_depth == 0 {
            self.wants_code_anchor = false;
            if let Some((heading, anchor)) = self.resume.take() {
                self.sections.push(Section {
                    heading,
                    anchor,
                    text: String::new(),
                });
            }
        }
    }
}

/// The value of attribute `name` in a tag's inside (`h2 id="x"`), entities decoded.
fn attr(inner: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = inner.find(&key)? + key.len();
    let end = inner[start..].find('"')? + start;
    Some(decode_entities(&inner[start..end], TEXT_ENTITIES).into_owned())
}

fn has_class(inner: &str, class: &str) -> bool {
    attr(inner, "class").is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

/// Names search's text decodes beyond the common ones.
const TEXT_ENTITIES: &[(&str, char)] = &[("nbsp", ' ')];

/// Decodes the entities our markdown renderer writes (`&amp;`, `&lt;`, `&gt;`, `&quot;`,
/// `&apos;`), numeric references, and the `extra` names a caller wants (search's text takes
/// `&nbsp;` as a space; links and ids keep it as written). Anything else stays as it is.
pub fn decode_entities<'s>(s: &'s str, extra: &[(&str, char)]) -> Cow<'s, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Bytes, not a str slice: byte 12 may fall inside a character (`&中文中文;`).
        let window = &rest.as_bytes()[..rest.len().min(12)];
        let decoded = window.iter().position(|&b| b == b';').and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => extra
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|&(_, c)| c)
                    .or_else(|| {
                        let n = name.strip_prefix('#')?;
                        match n.strip_prefix(['x', 'X']) {
                            Some(hex) => u32::from_str_radix(hex, 16).ok(),
                            None => n.parse().ok(),
                        }
                        .and_then(char::from_u32)
                    }),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Runs of white space become one space, so snippets read as prose.
fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode_once_with_the_callers_names() {
        assert_eq!(
            decode_entities("a&amp;lt;&#x4e2d;&#39;&nbsp;", &[]),
            "a&lt;中'&nbsp;"
        );
        assert_eq!(decode_entities("a&nbsp;b", TEXT_ENTITIES), "a b");
        // A character across the lookahead window is no place to cut.
        assert_eq!(decode_entities("&中文中文中文;", &[]), "&中文中文中文;");
    }

    /// A formula is searched as written, once: not also as its MathML's leaves
    /// (`E=mc2E=mc^2`).
    #[test]
    fn a_formula_is_text_once_as_its_latex() {
        let html = "<p>Energy <math><semantics><mrow><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></mrow><annotation encoding=\"application/x-tex\">E=mc^2</annotation></semantics></math> holds.</p>";
        assert_eq!(sections(html)[0].text, "Energy E=mc^2 holds.");
    }

    #[test]
    fn headings_start_sections_with_their_ids() {
        let s = sections("<p>intro &amp; more</p><h2 id=\"a-b\">A <code>b</code></h2><p>body</p>");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "intro & more");
        assert_eq!(
            (s[1].heading.as_str(), s[1].anchor.as_str()),
            ("A b", "a-b")
        );
        assert_eq!(s[1].text, "body");
    }

    #[test]
    fn a_titled_code_block_is_a_section_at_its_first_line() {
        let html = "<h2 id=\"h\">H</h2><p>x</p><figure class=\"code\"><figcaption class=\"code-title\"><a href=\"u\">a/b.go:12</a></figcaption><pre><code><span class=\"line\" id=\"code-0-L12\"><span class=\"ln\" data-line=\"12\"></span><span class=\"cl\">func f()</span></span></code></pre></figure><p>after</p>";
        let s = sections(html);
        assert_eq!(s[0].text, "");
        assert_eq!(s[1].text, "x");
        assert_eq!(
            (
                s[2].heading.as_str(),
                s[2].anchor.as_str(),
                s[2].text.as_str()
            ),
            ("a/b.go:12", "code-0-L12", "func f()")
        );
        assert_eq!((s[3].anchor.as_str(), s[3].text.as_str()), ("h", "after"));
    }

    #[test]
    fn scripts_and_unknown_entities_are_handled() {
        let s = sections("<p>a<script>var x = 1;</script> &bogus; &#x4e2d;</p>");
        assert_eq!(s[0].text, "a &bogus; 中");
    }
}
