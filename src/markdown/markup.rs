//! The site-wide switches of the markdown stage: Hugo's `[markup]` keys (Goldmark's
//! extensions, the table of contents), `enableEmoji`, `params.math` and the summary rule.
//! Read once from the config; the page-level switches (front matter `math`) are added by
//! the page.

use serde_json::Value;

use crate::markdown::passthrough::MathDelimiters;

/// How an automatic summary ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SummaryCut {
    /// As Hugo 0.134+: at the end of the paragraph in which the word limit is reached.
    #[default]
    Paragraph,
    /// blog's earlier rule: at the end of the sentence in which the limit is reached.
    Sentence,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MarkupConfig {
    /// `[markup.goldmark.renderer] unsafe`: raw HTML passes. blog's default is true (the
    /// notes embed HTML); an explicit `false` replaces it with `<!-- raw HTML omitted -->`.
    pub unsafe_html: bool,
    /// Smart quotes and dashes (`[markup.goldmark.extensions.typographer] disable` turns off).
    pub typographer: bool,
    pub definition_lists: bool,
    pub footnotes: bool,
    /// `[markup.goldmark.parser.attribute] block`: `{.class #id}` after a paragraph or table.
    pub attribute_blocks: bool,
    /// `enableEmoji`: `:smile:` becomes the emoji.
    pub emoji: bool,
    /// Math for every page: `params.math`, or Goldmark's passthrough extension enabled.
    pub math: bool,
    /// `[markup.goldmark.extensions.passthrough]` enabled with delimiters: exactly these
    /// are math, on every page, as in Hugo (`$` too only when listed).
    pub passthrough: Option<MathDelimiters>,
    /// `[markup.tableOfContents]`: the heading levels listed, and whether the list is `<ol>`.
    pub toc_start: u8,
    pub toc_end: u8,
    pub toc_ordered: bool,
    /// `summaryCut = "sentence"` keeps the sentence-aware cut.
    pub summary_cut: SummaryCut,
    /// `hasCJKLanguage`: CJK characters count as words in summaries.
    pub cjk: bool,
    /// `languageCode` starts with `zh`: alert titles in Chinese.
    pub chinese: bool,
}

impl Default for MarkupConfig {
    fn default() -> Self {
        MarkupConfig {
            unsafe_html: true,
            typographer: true,
            definition_lists: true,
            footnotes: true,
            attribute_blocks: false,
            emoji: false,
            math: false,
            passthrough: None,
            toc_start: 2,
            toc_end: 3,
            toc_ordered: false,
            summary_cut: SummaryCut::Paragraph,
            cjk: false,
            chinese: false,
        }
    }
}

impl MarkupConfig {
    /// Reads the keys from the config table (keys lowercased) and `[params]` (as written).
    /// A value of the wrong type is an error naming the key.
    pub fn from_table(
        table: &Value,
        params: &serde_json::Map<String, Value>,
    ) -> Result<Self, (String, String)> {
        let mut m = MarkupConfig::default();
        let at = |path: &[&str]| path.iter().try_fold(table, |v, k| v.get(*k));
        let flag = |path: &[&str], name: &str| -> Result<Option<bool>, (String, String)> {
            match at(path) {
                None => Ok(None),
                // Read as Hugo reads a boolean: `"true"` and `1` count too.
                Some(v) => crate::value::boolean(v)
                    .map(|cast| Some(cast.value))
                    .map_err(|message| (name.to_string(), message)),
            }
        };
        let goldmark = ["markup", "goldmark"];
        let g = |rest: &[&'static str]| -> Vec<&'static str> {
            goldmark.iter().chain(rest.iter()).copied().collect()
        };
        if let Some(b) = flag(
            &g(&["renderer", "unsafe"]),
            "markup.goldmark.renderer.unsafe",
        )? {
            m.unsafe_html = b;
        }
        if let Some(b) = flag(
            &g(&["extensions", "typographer", "disable"]),
            "markup.goldmark.extensions.typographer.disable",
        )? {
            m.typographer = !b;
        }
        // `typographer = false` (a plain switch) is accepted too.
        if let Some(Value::Bool(b)) = at(&g(&["extensions", "typographer"])) {
            m.typographer = *b;
        }
        if let Some(b) = flag(
            &g(&["extensions", "definitionlist"]),
            "markup.goldmark.extensions.definitionList",
        )? {
            m.definition_lists = b;
        }
        if let Some(Value::Bool(b)) = at(&g(&["extensions", "footnote"])) {
            m.footnotes = *b;
        }
        if let Some(b) = flag(
            &g(&["parser", "attribute", "block"]),
            "markup.goldmark.parser.attribute.block",
        )? {
            m.attribute_blocks = b;
        }
        if let Some(b) = flag(&["enableemoji"], "enableEmoji")? {
            m.emoji = b;
        }
        if let Some(b) = flag(
            &g(&["extensions", "passthrough", "enable"]),
            "markup.goldmark.extensions.passthrough.enable",
        )? {
            m.math |= b;
            if b {
                m.passthrough = passthrough_delimiters(at(&g(&["extensions", "passthrough"])))?;
            }
        }
        if let Some(v) = params.iter().find(|(k, _)| k.eq_ignore_ascii_case("math")) {
            m.math |= truthy(v.1);
        }
        let level = |key: &str, name: &str| -> Result<Option<u8>, (String, String)> {
            match at(&["markup", "tableofcontents", key]) {
                None => Ok(None),
                Some(v) => match v.as_f64() {
                    Some(n) if (1.0..=6.0).contains(&n) => Ok(Some(n as u8)),
                    _ => Err((
                        name.to_string(),
                        "expected a heading level from 1 to 6".to_string(),
                    )),
                },
            }
        };
        if let Some(n) = level("startlevel", "markup.tableOfContents.startLevel")? {
            m.toc_start = n;
        }
        if let Some(n) = level("endlevel", "markup.tableOfContents.endLevel")? {
            m.toc_end = n;
        }
        if let Some(b) = flag(
            &["markup", "tableofcontents", "ordered"],
            "markup.tableOfContents.ordered",
        )? {
            m.toc_ordered = b;
        }
        if let Some(v) = at(&["summarycut"]) {
            m.summary_cut = match v.as_str() {
                Some("paragraph") => SummaryCut::Paragraph,
                Some("sentence") => SummaryCut::Sentence,
                _ => {
                    return Err((
                        "summaryCut".to_string(),
                        "expected \"paragraph\" (Hugo's rule) or \"sentence\"".to_string(),
                    ))
                }
            };
        }
        if let Some(b) = flag(&["hascjklanguage"], "hasCJKLanguage")? {
            m.cjk = b;
        }
        if let Some(code) = at(&["languagecode"]).and_then(Value::as_str) {
            m.chinese = code.to_ascii_lowercase().starts_with("zh");
        }
        Ok(m)
    }
}

/// The `delimiters.inline` and `delimiters.block` lists of the passthrough extension, each
/// a list of `[opener, closer]`; `None` when neither is given (Hugo then passes nothing
/// through, and blog keeps its own math delimiters).
fn passthrough_delimiters(
    table: Option<&Value>,
) -> Result<Option<MathDelimiters>, (String, String)> {
    let Some(delimiters) = table.and_then(|t| t.get("delimiters")) else {
        return Ok(None);
    };
    let list = |kind: &str| -> Result<Vec<(String, String)>, (String, String)> {
        let name = format!("markup.goldmark.extensions.passthrough.delimiters.{kind}");
        let bad = || {
            (
                name.clone(),
                "expected a list of [opener, closer] pairs, like [['\\(', '\\)']]".to_string(),
            )
        };
        let Some(pairs) = delimiters.get(kind) else {
            return Ok(Vec::new());
        };
        pairs
            .as_array()
            .ok_or_else(bad)?
            .iter()
            .map(|pair| match pair.as_array().map(Vec::as_slice) {
                Some([Value::String(o), Value::String(c)]) if !o.is_empty() && !c.is_empty() => {
                    Ok((o.clone(), c.clone()))
                }
                _ => Err(bad()),
            })
            .collect()
    };
    let d = MathDelimiters {
        inline: list("inline")?,
        block: list("block")?,
    };
    Ok((d != MathDelimiters::default()).then_some(d))
}

/// Front matter and params write switches as booleans or strings ("true").
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => s.eq_ignore_ascii_case("true"),
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_hugo_keys() {
        let table = json!({
            "markup": {
                "goldmark": {
                    "renderer": {"unsafe": false},
                    "extensions": {"typographer": {"disable": true}, "passthrough": {"enable": true}},
                    "parser": {"attribute": {"block": true}}
                },
                "tableofcontents": {"startlevel": 1, "endlevel": 4.0, "ordered": true}
            },
            "enableemoji": true,
            "languagecode": "zh-CN",
            "summarycut": "sentence"
        });
        let m = MarkupConfig::from_table(&table, &Default::default()).unwrap();
        assert!(!m.unsafe_html && !m.typographer && m.attribute_blocks && m.emoji && m.math);
        assert_eq!((m.toc_start, m.toc_end, m.toc_ordered), (1, 4, true));
        assert!(m.chinese);
        assert_eq!(m.summary_cut, SummaryCut::Sentence);
        assert_eq!(
            m.passthrough, None,
            "enabled without delimiters: blog's own"
        );
        let docs = json!({"markup": {"goldmark": {"extensions": {"passthrough": {
            "enable": true,
            "delimiters": {"block": [["\\[", "\\]"], ["$$", "$$"]], "inline": [["\\(", "\\)"]]}
        }}}}});
        let m = MarkupConfig::from_table(&docs, &Default::default()).unwrap();
        let d = m.passthrough.unwrap();
        assert_eq!(d.inline, [("\\(".to_string(), "\\)".to_string())]);
        assert_eq!(d.block.len(), 2);
        let wrong = json!({"markup": {"goldmark": {"extensions": {"passthrough": {
            "enable": true, "delimiters": {"inline": [["$"]]}
        }}}}});
        assert_eq!(
            MarkupConfig::from_table(&wrong, &Default::default())
                .unwrap_err()
                .0,
            "markup.goldmark.extensions.passthrough.delimiters.inline"
        );
        let bad = json!({"markup": {"tableofcontents": {"endlevel": 9}}});
        assert_eq!(
            MarkupConfig::from_table(&bad, &Default::default())
                .unwrap_err()
                .0,
            "markup.tableOfContents.endLevel"
        );
    }
}
