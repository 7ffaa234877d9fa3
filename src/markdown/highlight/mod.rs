//! Code blocks: syntax highlighting, fence attributes, line numbers and source titles.
//!
//! Every fenced or indented block becomes the figure described in the README ("Code block
//! HTML"): a `span.line` per line holding an empty `span.ln` whose number CSS draws from
//! `data-line` (so numbers are never selected or copied) and a `span.cl` with the code.
//! Highlighting is syntect with bat's grammars (the `two-face` crate): they know modern Go
//! and Rust, TOML, Dockerfile, protobuf and the rest a source-analysis note quotes, where
//! syntect's bundled set lacks TOML, Dockerfile and protobuf outright. Tokens carry classes
//! from a small vocabulary ([`classes`]) and [`Highlighter::stylesheet`] colours them for a
//! light and a dark theme.
//!
//! The syntax set and the themes are decoded once per process, on first use, and shared by
//! every thread and every rebuild of `serve`; a block costs only its own parse state.

mod attrs;
mod classes;
mod source_title;

use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;
use syntect::highlighting::{HighlightIterator, HighlightState, Theme};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use two_face::theme::LazyThemeSet;

use crate::markdown::push_escaped;
use crate::{Error, Warning};
use attrs::FenceInfo;

pub use attrs::parse_line_ranges;
pub use classes::PREFIX as CLASS_PREFIX;
pub use source_title::{upstream_url, SourceRef};

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
            dark_style: "OneHalfDark".into(),
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

/// A block's source title (`path:LINE`, from `title=` or its first line) and the code it
/// stands above, read as the highlighter reads them: `blog check` compares that code with
/// the upstream file.
pub fn source_title<'c>(
    config: &HighlightConfig,
    info: &str,
    code: &'c str,
) -> Option<(SourceRef, &'c str)> {
    match attrs::parse(info.trim()).title {
        Some(text) => source_title::parse_reference(&text).map(|r| (r, code)),
        None if config.source_titles => source_title::detect(code),
        None => None,
    }
}

/// Where a code block stands, for warnings, source links and line ids.
#[derive(Debug, Clone, Copy)]
pub struct CodeContext<'a> {
    /// The content file, as shown in warnings.
    pub path: &'a Path,
    /// 1-based line of the opening fence in that file.
    pub line: usize,
    pub source: Option<&'a SourcePin>,
    /// The block's position in its page (0-based), so line ids (`code-{index}-L{line}`) are
    /// unique within the page.
    pub index: usize,
}

/// A rendered code block.
#[derive(Debug, Clone, Default)]
pub struct RenderedBlock {
    pub html: String,
    pub warnings: Vec<Warning>,
}

/// Language tokens people write that syntect's lookup (by extension, then by name) misses
/// or maps to the wrong syntax.
const ALIASES: &[(&str, &str)] = &[
    ("golang", "go"),
    ("rs", "rust"),
    ("shell", "bash"),
    ("sh", "bash"),
    ("zsh", "bash"),
    ("ksh", "bash"),
    ("yml", "yaml"),
    ("dockerfile", "Dockerfile"),
    ("docker", "Dockerfile"),
    ("proto", "Protocol Buffer"),
    ("protobuf", "Protocol Buffer"),
    ("py", "python"),
    ("python3", "python"),
    ("js", "JavaScript"),
    ("javascript", "JavaScript"),
    ("ts", "TypeScript"),
    ("typescript", "TypeScript"),
    ("c++", "cpp"),
    ("patch", "diff"),
    ("jsonc", "json"),
    ("make", "Makefile"),
];

/// Tokens for a shell session: commands after prompts, output between them.
const SESSIONS: &[&str] = &["console", "shell-session", "shellsession", "terminal"];

/// Tokens that ask for no highlighting at all: plain text, never a warning.
const PLAIN: &[&str] = &[
    "text",
    "txt",
    "plain",
    "plaintext",
    "none",
    "nohighlight",
    "output",
];

/// Hugo's (Chroma's) style names for themes two-face carries under another name.
const THEME_ALIASES: &[(&str, &str)] = &[
    ("monokai", "Monokai Extended"),
    ("monokailight", "Monokai Extended Light"),
    ("gruvbox", "gruvbox-dark"),
    ("solarizeddark256", "Solarized (dark)"),
    ("solarizedlight256", "Solarized (light)"),
];

/// Chroma styles (Hugo's highlighter) that have no theme of the same name here, and the
/// bundled theme closest to each: light styles become InspiredGitHub, dark ones the dark
/// theme of the same family where there is one.
const CHROMA_STYLES: &[(&str, &str)] = &[
    ("abap", "InspiredGitHub"),
    ("algol", "InspiredGitHub"),
    ("algolnu", "InspiredGitHub"),
    ("arduino", "InspiredGitHub"),
    ("autumn", "InspiredGitHub"),
    ("borland", "InspiredGitHub"),
    ("bw", "InspiredGitHub"),
    ("colorful", "InspiredGitHub"),
    ("emacs", "InspiredGitHub"),
    ("friendly", "InspiredGitHub"),
    ("igor", "InspiredGitHub"),
    ("lovelace", "InspiredGitHub"),
    ("manni", "InspiredGitHub"),
    ("murphy", "InspiredGitHub"),
    ("paraisolight", "InspiredGitHub"),
    ("pastie", "InspiredGitHub"),
    ("perldoc", "InspiredGitHub"),
    ("pygments", "InspiredGitHub"),
    ("rainbowdash", "InspiredGitHub"),
    ("tango", "InspiredGitHub"),
    ("trac", "InspiredGitHub"),
    ("vs", "InspiredGitHub"),
    ("xcode", "InspiredGitHub"),
    ("catppuccinlatte", "OneHalfLight"),
    ("rosepinedawn", "OneHalfLight"),
    ("modusoperandi", "OneHalfLight"),
    ("tokyonightday", "OneHalfLight"),
    ("average", "OneHalfDark"),
    ("catppuccinfrappe", "OneHalfDark"),
    ("catppuccinmacchiato", "OneHalfDark"),
    ("catppuccinmocha", "OneHalfDark"),
    ("doomone", "OneHalfDark"),
    ("doomone2", "OneHalfDark"),
    ("fruity", "OneHalfDark"),
    ("githubdark", "OneHalfDark"),
    ("hrdark", "OneHalfDark"),
    ("hrhighcontrast", "OneHalfDark"),
    ("modusvivendi", "OneHalfDark"),
    ("native", "OneHalfDark"),
    ("onedark", "TwoDark"),
    ("onesenterprise", "OneHalfDark"),
    ("paraisodark", "OneHalfDark"),
    ("rosepine", "OneHalfDark"),
    ("rosepinemoon", "OneHalfDark"),
    ("rrt", "OneHalfDark"),
    ("swapoff", "OneHalfDark"),
    ("tokyonightmoon", "OneHalfDark"),
    ("tokyonightnight", "OneHalfDark"),
    ("tokyonightstorm", "OneHalfDark"),
    ("vim", "OneHalfDark"),
    ("xcodedark", "OneHalfDark"),
    ("evergarden", "gruvbox-dark"),
    ("nordic", "Nord"),
    ("witchhazel", "Dracula"),
    ("vulcan", "Sublime Snazzy"),
    ("base16snazzy", "Sublime Snazzy"),
];

/// What a configured style name means here: a theme of ours (exactly, or by Hugo's name for
/// it), or for a Chroma style we do not have, the closest theme we do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StyleName {
    Ours(&'static str),
    Closest(&'static str),
    Unknown,
}

/// Resolves a `[markup.highlight]` style name, see [`StyleName`].
pub fn resolve_style(name: &str) -> StyleName {
    if let Some((found, _)) = find_theme(name) {
        return StyleName::Ours(found);
    }
    let wanted = squash(name);
    match CHROMA_STYLES.iter().find(|(chroma, _)| *chroma == wanted) {
        Some(&(_, ours)) => StyleName::Closest(ours),
        None => StyleName::Unknown,
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// bat's syntaxes (two-face), decoded on first use and kept for the life of the process.
pub fn syntax_set() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(two_face::syntax::extra_newlines)
}

/// bat's themes; each theme is decoded only when asked for.
fn theme_set() -> &'static LazyThemeSet {
    static THEMES: OnceLock<LazyThemeSet> = OnceLock::new();
    THEMES.get_or_init(|| two_face::theme::extra().into())
}

/// Every theme name `style` and `darkStyle` accept.
pub fn theme_names() -> Vec<&'static str> {
    theme_set().theme_names().collect()
}

/// Finds a theme by exact name, then ignoring case and punctuation
/// (`solarized-dark` is `Solarized (dark)`), then by Hugo's name for it (`monokai`).
fn find_theme(name: &str) -> Option<(&'static str, &'static Theme)> {
    let set = theme_set();
    let wanted = squash(name);
    let alias = THEME_ALIASES
        .iter()
        .find(|(hugo, _)| *hugo == wanted)
        .map(|&(_, ours)| ours);
    let found = set
        .theme_names()
        .find(|&n| n == name)
        .or_else(|| set.theme_names().find(|&n| squash(n) == wanted))
        .or_else(|| alias.and_then(|a| set.theme_names().find(|&n| n == a)))?;
    Some((found, set.get(found)?))
}

/// Grammars taken from syntect's bundled set instead of bat's: bat's Go grammar is richer
/// (types in signatures, `%w` verbs) but costs twice the CPU (31k against 59k lines/s per
/// core on the benchmark corpus, `cargo bench --bench highlight`), and Go is most of what
/// these notes quote. Rust stays bat's: the bundled one is faster too but drops the colour
/// of `String`/`Option`, and Rust is a tenth of the corpus.
const FROM_BUNDLED: &[&str] = &["Go"];

/// syntect's bundled syntaxes, for the grammars in [`FROM_BUNDLED`]; decoded on first use.
fn bundled_syntax_set() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The language of a block, once aliases and plain-text names are resolved.
enum Language {
    Plain,
    /// A syntax and the set it belongs to (a syntax parses only against its own set).
    Known(&'static SyntaxReference, &'static SyntaxSet),
    /// A shell session (`console`): prompts, commands in this shell syntax, plain output.
    Session(&'static SyntaxReference, &'static SyntaxSet),
    Unknown,
}

fn find_language(token: &str) -> Language {
    let lower = token.to_ascii_lowercase();
    if lower.is_empty() || PLAIN.contains(&lower.as_str()) {
        return Language::Plain;
    }
    let set = syntax_set();
    if SESSIONS.contains(&lower.as_str()) {
        return set
            .find_syntax_by_extension("bash")
            .map_or(Language::Plain, |bash| Language::Session(bash, set));
    }
    let target = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower.as_str(), |&(_, target)| target);
    let Some(syntax) = set
        .find_syntax_by_token(target)
        .or_else(|| set.find_syntax_by_name(target))
    else {
        return Language::Unknown;
    };
    if FROM_BUNDLED.contains(&syntax.name.as_str()) {
        let bundled = bundled_syntax_set();
        if let Some(fast) = bundled.find_syntax_by_name(&syntax.name) {
            return Language::Known(fast, bundled);
        }
    }
    Language::Known(syntax, set)
}

/// Highlights code blocks. Built once per build and shared by all threads.
pub struct Highlighter {
    config: HighlightConfig,
    light: (&'static str, &'static Theme),
    dark: (&'static str, &'static Theme),
    /// The stylesheet, written once on first request.
    css: OnceLock<String>,
}

impl Highlighter {
    /// Checks the configured themes. The syntax set itself is decoded on the first block
    /// that needs it, so sites without code never pay for it.
    pub fn new(config: &HighlightConfig) -> crate::Result<Self> {
        let theme = |key: &str, name: &str| {
            find_theme(name).ok_or_else(|| {
                Error::Other(format!(
                    "[markup.highlight] {key}: unknown theme `{name}`; available: {}",
                    theme_names().join(", ")
                ))
            })
        };
        Ok(Highlighter {
            light: theme("style", &config.style)?,
            dark: theme("darkStyle", &config.dark_style)?,
            config: config.clone(),
            css: OnceLock::new(),
        })
    }

    /// Renders one fenced block. `info` is the whole info string after the fence
    /// (`go {linenos=table}` or `rust,linenos`), `code` the block's text.
    pub fn render_block(&self, info: &str, code: &str, ctx: &CodeContext) -> RenderedBlock {
        let fence = attrs::parse(info);
        let mut warnings = Vec::new();
        let language = match find_language(fence.lang) {
            _ if !self.config.code_fences => Language::Plain,
            Language::Unknown => {
                warnings.push(Warning {
                    path: ctx.path.to_path_buf(),
                    line: Some(ctx.line),
                    message: format!(
                        "unknown code language `{}`, shown as plain text",
                        fence.lang
                    ),
                });
                Language::Plain
            }
            known => known,
        };
        let (title, code) = self.title(&fence, code);
        let layout = self.layout(&fence, title.as_ref(), ctx);
        let mut html = String::with_capacity(code.len() * 4 + 256);
        open_figure(&mut html, fence.lang, title.as_ref(), ctx);
        let lines = LineWriter {
            html: &mut html,
            layout: &layout,
            fence: &fence,
        };
        if let Err(message) = write_lines(lines, &language, code) {
            warnings.push(Warning {
                path: ctx.path.to_path_buf(),
                line: Some(ctx.line),
                message,
            });
        }
        html.push_str("</code></pre></figure>\n");
        RenderedBlock { html, warnings }
    }

    /// The block's title, from the `title=`/`name=` attribute or a source-title first line
    /// (which then leaves the code).
    fn title<'c>(&self, fence: &FenceInfo, code: &'c str) -> (Option<Title>, &'c str) {
        if let Some(text) = &fence.title {
            let title = match source_title::parse_reference(text) {
                Some(reference) => Title::Source(reference),
                None => Title::Text(text.clone()),
            };
            return (Some(title), code);
        }
        if self.config.source_titles {
            if let Some((reference, rest)) = source_title::detect(code) {
                return (Some(Title::Source(reference)), rest);
            }
        }
        (None, code)
    }

    /// Line numbers: the fence decides, then a source title (numbers on, from its line),
    /// then `[markup.highlight]`.
    fn layout(&self, fence: &FenceInfo, title: Option<&Title>, ctx: &CodeContext) -> Layout {
        let source_line = match title {
            Some(Title::Source(r)) => Some(r.line),
            _ => None,
        };
        Layout {
            numbers: fence
                .line_nos
                .unwrap_or(self.config.line_nos || source_line.is_some()),
            start: fence
                .line_start
                .or(source_line)
                .unwrap_or(self.config.line_no_start.max(1)),
            block_index: ctx.index,
        }
    }

    /// The stylesheet for the classes `render_block` emits, light and dark.
    pub fn stylesheet(&self) -> String {
        self.css.get_or_init(|| self.write_stylesheet()).clone()
    }

    fn write_stylesheet(&self) -> String {
        let mut css = String::with_capacity(8 * 1024);
        css.push_str(&format!(
            "/* Code blocks: light theme \"{}\", dark theme \"{}\" ([markup.highlight] style, darkStyle). */\n",
            self.light.0, self.dark.0
        ));
        css.push_str(LAYOUT_CSS);
        classes::write_theme_rules(&mut css, self.light.1);
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        classes::write_theme_rules(&mut css, self.dark.1);
        css.push_str("}\n");
        css
    }
}

/// Theme-independent layout: numbers drawn from `data-line`, never selectable; wide code
/// scrolls inside its block instead of widening the page.
const LAYOUT_CSS: &str = "\
.code{margin:1.2em 0;max-width:100%;border:1px solid #8884;border-radius:6px;overflow:hidden}
.code-title{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;padding:.35em 1em;border-bottom:1px solid #8884;overflow-wrap:anywhere}
.code-title a{color:inherit}
.code-pre{margin:0;padding:.6em 0;overflow-x:auto;line-height:1.5;tab-size:4}
.code-pre code{display:block;min-width:max-content;background:none;padding:0;font-size:.9em}
.code .line{display:flex}
.code .ln{flex:none;min-width:2.5em;padding:0 .8em 0 .5em;text-align:right;user-select:none;-webkit-user-select:none}
.code .ln::before{content:attr(data-line)}
.code .cl{flex:auto;padding:0 1em;white-space:pre}
.code .sy-prompt{user-select:none;-webkit-user-select:none}
";

enum Title {
    Text(String),
    Source(SourceRef),
}

struct Layout {
    numbers: bool,
    start: usize,
    block_index: usize,
}

fn push_span(html: &mut String, text: &str) {
    html.push_str("<span>");
    push_escaped(html, text);
    html.push_str("</span>");
}

fn open_figure(html: &mut String, lang: &str, title: Option<&Title>, ctx: &CodeContext) {
    let lang = if lang.is_empty() { "text" } else { lang };
    html.push_str("<figure class=\"code\" data-lang=\"");
    push_escaped(html, lang);
    html.push_str("\">");
    if let Some(title) = title {
        html.push_str("<figcaption class=\"code-title\">");
        // Plain titles are in a span, as linked ones are in an `a`: the theme styles both.
        match title {
            Title::Text(text) => push_span(html, text),
            Title::Source(r) => {
                let text = format!("{}:{}", r.path, r.line);
                match ctx.source {
                    Some(pin) => {
                        html.push_str("<a href=\"");
                        push_escaped(html, &upstream_url(pin, r));
                        html.push_str("\">");
                        push_escaped(html, &text);
                        html.push_str("</a>");
                    }
                    None => push_span(html, &text),
                }
            }
        }
        html.push_str("</figcaption>");
    }
    html.push_str("<pre class=\"code-pre\"><code class=\"language-");
    push_escaped(html, lang);
    html.push_str("\">");
}

/// Writes `span.line` elements for one block.
struct LineWriter<'a> {
    html: &'a mut String,
    layout: &'a Layout,
    fence: &'a FenceInfo<'a>,
}

impl LineWriter<'_> {
    /// Opens line `i` (0-based in the block) up to the start of its code.
    fn open(&mut self, i: usize) {
        let html = &mut *self.html;
        html.push_str(if self.fence.is_highlighted(i + 1) {
            "<span class=\"line hl\""
        } else {
            "<span class=\"line\""
        });
        if self.layout.numbers {
            let n = self.layout.start + i;
            let index = self.layout.block_index;
            html.push_str(&format!(
                " id=\"code-{index}-L{n}\"><span class=\"ln\" data-line=\"{n}\" aria-hidden=\"true\"></span>"
            ));
        } else {
            html.push('>');
        }
        html.push_str("<span class=\"cl\">");
    }

    fn close(&mut self) {
        self.html.push_str("\n</span></span>");
    }
}

/// Writes every line of `code`, highlighted when the language is known. A grammar failure
/// (syntect reports regex errors per line) leaves the rest of the block plain and is
/// returned as a warning message.
fn write_lines(mut out: LineWriter, language: &Language, code: &str) -> Result<(), String> {
    let (mut parser, session) = match *language {
        Language::Known(syntax, set) => (Some(BlockParser::new(syntax, set)), false),
        Language::Session(syntax, set) => (Some(BlockParser::new(syntax, set)), true),
        Language::Plain | Language::Unknown => (None, false),
    };
    let mut continued = false;
    for (i, line) in code.split_inclusive('\n').enumerate() {
        out.open(i);
        match parser.as_mut() {
            Some(parser) if session => {
                continued = write_session_line(out.html, parser, line, continued);
            }
            Some(parser) => parser.write(out.html, line),
            None => push_escaped(out.html, line.trim_end_matches('\n')),
        }
        out.close();
    }
    parser.and_then(|p| p.failure).map_or(Ok(()), Err)
}

/// A shell session line: a prompt and a command (highlighted as shell), a continuation of
/// the previous command (after a trailing `\`), or output (plain). Returns whether the next
/// line continues this command.
fn write_session_line(
    html: &mut String,
    parser: &mut BlockParser,
    line: &str,
    continued: bool,
) -> bool {
    let command = if continued {
        Some(("", line))
    } else {
        split_prompt(line)
    };
    let Some((prompt, command)) = command else {
        push_escaped(html, line.trim_end_matches('\n'));
        return false;
    };
    if !continued {
        parser.restart();
    }
    if !prompt.is_empty() {
        html.push_str("<span class=\"");
        html.push_str(classes::PREFIX);
        html.push_str("prompt\">");
        push_escaped(html, prompt);
        html.push_str("</span>");
    }
    parser.write(html, command);
    command.trim_end().ends_with('\\')
}

/// Splits `$ cmd`, `% cmd` or `user@host:~/dir$ cmd` (`#` too, for root) into prompt and
/// command.
fn split_prompt(line: &str) -> Option<(&str, &str)> {
    static PROMPT: OnceLock<regex::Regex> = OnceLock::new();
    let re = PROMPT.get_or_init(|| {
        regex::Regex::new(r"^(?:[$%]|[\w.-]+@[\w.-]+(?::[^\s$#%]*)?[$#%]) ")
            .expect("valid prompt regex")
    });
    let end = re.find(line)?.end();
    Some((&line[..end], &line[end..]))
}

/// One block's parser: a syntax, its parse and class state, and the first failure.
struct BlockParser {
    syntax: &'static SyntaxReference,
    set: &'static SyntaxSet,
    parse_state: ParseState,
    style_state: HighlightState,
    keywords: &'static [(&'static str, &'static str)],
    failure: Option<String>,
}

impl BlockParser {
    fn new(syntax: &'static SyntaxReference, set: &'static SyntaxSet) -> Self {
        BlockParser {
            syntax,
            set,
            parse_state: ParseState::new(syntax),
            style_state: HighlightState::new(classes::class_highlighter(), ScopeStack::new()),
            keywords: missing_keywords(syntax),
            failure: None,
        }
    }

    /// Starts over, as for each new command of a shell session.
    fn restart(&mut self) {
        *self = BlockParser {
            failure: self.failure.take(),
            ..BlockParser::new(self.syntax, self.set)
        };
    }

    /// Writes one line (its newline, if any, is not written), highlighted unless the
    /// grammar already failed on this block.
    fn write(&mut self, html: &mut String, line: &str) {
        if self.failure.is_some() {
            return push_escaped(html, line.trim_end_matches('\n'));
        }
        // The newline grammars expect every line to end in `\n`, the last one too.
        let owned;
        let line = if line.ends_with('\n') {
            line
        } else {
            owned = format!("{line}\n");
            &owned
        };
        match self.parse_state.parse_line(line, self.set) {
            Ok(ops) => {
                let classes = classes::class_highlighter();
                let tokens = TokenWriter {
                    html,
                    open: None,
                    keywords: self.keywords,
                    last: None,
                };
                tokens.write_line(HighlightIterator::new(
                    &mut self.style_state,
                    &ops,
                    line,
                    classes,
                ));
            }
            Err(e) => {
                self.failure = Some(format!(
                    "cannot highlight `{}`: {e}; shown as plain text",
                    self.syntax.name
                ));
                push_escaped(html, line.trim_end_matches('\n'));
            }
        }
    }
}

/// Keywords a grammar predates, classed by us where the grammar left the word plain. bat's
/// Rust grammar was written before Rust 2018: it leaves `async`, `.await`, `dyn` and `impl`
/// in types unscoped. Strings and comments are already classed, so they are never touched.
const MISSING_KEYWORDS: &[(&str, &[(&str, &str)])] = &[(
    "Rust",
    &[
        ("async", "modifier"),
        ("await", "control"),
        ("dyn", "modifier"),
        ("impl", "type"),
    ],
)];

fn missing_keywords(syntax: &SyntaxReference) -> &'static [(&'static str, &'static str)] {
    MISSING_KEYWORDS
        .iter()
        .find(|(name, _)| *name == syntax.name)
        .map_or(&[], |&(_, words)| words)
}

/// Writes one line's tokens as spans, merging neighbours of the same class into one span.
struct TokenWriter<'h> {
    html: &'h mut String,
    open: Option<&'static str>,
    keywords: &'static [(&'static str, &'static str)],
    /// The last character written, so `r#async` split over two tokens is still one word.
    last: Option<char>,
}

impl TokenWriter<'_> {
    fn write_line<'t>(
        mut self,
        tokens: impl Iterator<Item = (syntect::highlighting::Style, &'t str)>,
    ) {
        for (style, text) in tokens {
            let text = text.strip_suffix('\n').unwrap_or(text);
            match classes::class_of(style) {
                None if !self.keywords.is_empty() => self.write_plain(text),
                class => self.write(class, text),
            }
        }
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
    }

    /// Unclassed text: class the grammar's missing keywords, leave the rest plain.
    fn write_plain(&mut self, text: &str) {
        let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let mut rest = text;
        while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic()) {
            let end = rest[start..]
                .find(|c| !is_word(c))
                .map_or(rest.len(), |n| start + n);
            let word = &rest[start..end];
            let before = rest[..start].chars().next_back().or(self.last);
            let glued = before.is_some_and(|c| is_word(c) || c == '#');
            match self.keywords.iter().find(|(k, _)| *k == word) {
                Some(&(_, class)) if !glued => {
                    self.write(None, &rest[..start]);
                    self.write(Some(class), word);
                }
                _ => self.write(None, &rest[..end]),
            }
            rest = &rest[end..];
        }
        self.write(None, rest);
    }

    fn write(&mut self, class: Option<&'static str>, text: &str) {
        if text.is_empty() {
            return;
        }
        if class != self.open {
            if self.open.is_some() {
                self.html.push_str("</span>");
            }
            if let Some(class) = class {
                self.html.push_str("<span class=\"");
                self.html.push_str(classes::PREFIX);
                self.html.push_str(class);
                self.html.push_str("\">");
            }
            self.open = class;
        }
        push_escaped(self.html, text);
        self.last = text.chars().next_back();
    }
}

#[cfg(test)]
mod tests;
