//! What a page and a section share: the content file they come from, its front matter, the
//! URL they are at, and their markdown body. Loading fills everything but the body's HTML,
//! which the render stage makes once, after the site's structure is known (a shortcode
//! may link to any page, and runs the site's templates).

use std::path::PathBuf;
use std::sync::Mutex;

use once_cell::sync::OnceCell;

use crate::content::meta::Meta;
use crate::markdown::{TocEntry, WordCount};
use crate::Warning;

#[derive(Debug)]
pub struct Document {
    /// Path relative to `content/`, with `/` separators: `post/x.md`, `post/b/index.md`,
    /// `post/_index.md`.
    pub rel: String,
    /// The path shown in messages: `content/post/x.md`.
    pub file: PathBuf,
    pub meta: Meta,
    /// Root-relative URL path without the base path: `/post/x/`.
    pub path: String,
    pub body: Body,
    /// The problems loading found (front matter); rendering's are in the body's HTML.
    pub warnings: Vec<Warning>,
}

/// A markdown body: its text as loaded, then its HTML, made once. The text is let go once
/// rendered, so a site holds each note once, as HTML.
#[derive(Debug, Default)]
pub struct Body {
    text: Mutex<String>,
    /// The line of the content file where the body starts (after the front matter).
    pub line: usize,
    rendered: OnceCell<RenderedBody>,
}

/// A body in HTML, with what comes out of the same pass over its markdown.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    /// The list summary: front matter's `summary` (rendered), else the text before
    /// `<!--more-->`, else the automatic summary.
    pub summary: String,
    /// Whether the summary leaves part of the body out.
    pub truncated: bool,
    pub toc: Vec<TocEntry>,
    pub words: WordCount,
    /// Problems met while rendering (an unknown code language, a broken formula).
    pub warnings: Vec<Warning>,
}

impl Body {
    pub fn new(text: String, line: usize) -> Body {
        Body {
            text: Mutex::new(text),
            line,
            rendered: OnceCell::new(),
        }
    }

    /// The HTML, once rendered.
    pub fn rendered(&self) -> Option<&RenderedBody> {
        self.rendered.get()
    }

    /// The HTML, rendered by `render` (given the markdown and its first line) the first time
    /// anything asks, and only then: concurrent callers wait for the one render. A failed
    /// render keeps the text, so the error can be met again.
    pub fn render_with<E>(
        &self,
        render: impl FnOnce(&str, usize) -> Result<RenderedBody, E>,
    ) -> Result<&RenderedBody, E> {
        self.rendered.get_or_try_init(|| {
            let mut text = self.text.lock().unwrap_or_else(|e| e.into_inner());
            let rendered = render(&text, self.line)?;
            *text = String::new();
            Ok(rendered)
        })
    }
}
