//! Tera templates and where they come from: the site's `templates/` first, then the theme's
//! `templates/`, then the default theme embedded in the binary. Tera's errors are turned into
//! ours with the template's real file, and a line and column wherever we can find them.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use crate::config::Config;
use crate::error::{Error, Location};
use crate::{Result, Warning};

/// The default theme, embedded from `themes/default/` by build.rs.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The theme a site uses: where its files are, or the embedded default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Theme {
    Embedded,
    /// A tera theme: `themes/NAME/templates/`.
    Dir(PathBuf),
    /// Hugo's Go templates: the site's `layouts/` over these themes' (theme components,
    /// the first wins), run by `crate::hugo`. Empty when only the site's `layouts/` has them.
    Hugo(Vec<PathBuf>),
}

impl Theme {
    /// Resolves `theme` from the config. A missing `default` theme falls back to the embedded
    /// copy; any other missing theme is an error naming where it was looked for. A theme of
    /// Go templates (`layouts/` with page templates, no tera `templates/`), or page templates
    /// in the site's own `layouts/`, make a Hugo site. An empty theme folder falls back to the
    /// embedded theme, templates, CSS and JS alike, with a warning saying why.
    pub fn resolve(root: &Path, config: &Config) -> Result<(Theme, Option<Warning>)> {
        let own_layouts = has_page_layouts(&root.join("layouts"));
        let Some(name) = &config.theme else {
            let theme = if own_layouts {
                Theme::Hugo(Vec::new())
            } else {
                Theme::Embedded
            };
            return Ok((theme, None));
        };
        let themes_dir = root.join(&config.themes_dir);
        let dir = themes_dir.join(name);
        if !dir.is_dir() {
            if name == "default" {
                return Ok((Theme::Embedded, None));
            }
            return Err(Error::MissingTheme {
                name: name.clone(),
                looked_in: dir,
            });
        }
        let shown = Path::new(&config.themes_dir).join(name);
        if is_empty_dir(&dir) {
            let message = format!(
                "theme `{name}` is an empty folder (a git submodule that was not cloned? run `git submodule update --init`); the built-in theme is used instead"
            );
            let warning = Warning {
                path: shown,
                line: None,
                message,
            };
            return Ok((Theme::Embedded, Some(warning)));
        }
        if dir.join("templates").is_dir() {
            return Ok((Theme::Dir(dir), None));
        }
        if own_layouts || has_page_layouts(&dir.join("layouts")) {
            let mut dirs = Vec::new();
            for t in &config.themes {
                let d = themes_dir.join(t);
                if !d.is_dir() {
                    return Err(Error::MissingTheme {
                        name: t.clone(),
                        looked_in: d,
                    });
                }
                dirs.push(d);
            }
            return Ok((Theme::Hugo(dirs), None));
        }
        if dir.join("layouts").is_dir() {
            let message = format!(
                "theme `{name}` has no page templates in layouts/ and no tera templates/; the built-in theme is used instead"
            );
            let warning = Warning {
                path: shown,
                line: None,
                message,
            };
            return Ok((Theme::Embedded, Some(warning)));
        }
        Ok((Theme::Dir(dir), None))
    }

    /// The themes' static folders on disk, the last theme's first: a later folder's file
    /// replaces an earlier one's, and the first theme wins.
    pub fn static_dirs(&self) -> Vec<PathBuf> {
        let dirs: Vec<PathBuf> = match self {
            Theme::Dir(dir) => vec![dir.clone()],
            Theme::Hugo(dirs) => dirs.iter().rev().cloned().collect(),
            Theme::Embedded => Vec::new(),
        };
        dirs.into_iter()
            .map(|d| d.join("static"))
            .filter(|d| d.is_dir())
            .collect()
    }

    /// The themes' folders (for `i18n/`), the last theme's first.
    pub fn dirs(&self) -> Vec<PathBuf> {
        match self {
            Theme::Dir(dir) => vec![dir.clone()],
            Theme::Hugo(dirs) => dirs.iter().rev().cloned().collect(),
            Theme::Embedded => Vec::new(),
        }
    }
}

/// Whether a `layouts/` folder holds Go page templates (an `.html` file outside the
/// shortcode, partial and render-hook folders, which a site may have for blog's shortcodes
/// alone).
fn has_page_layouts(layouts: &Path) -> bool {
    if !layouts.is_dir() {
        return false;
    }
    walkdir::WalkDir::new(layouts)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .any(|e| {
            let rel = e.path().strip_prefix(layouts).unwrap_or(e.path());
            let helper = rel.components().any(|c| {
                let c = c.as_os_str().to_string_lossy();
                matches!(
                    c.as_ref(),
                    "shortcodes" | "_shortcodes" | "partials" | "_partials" | "_markup"
                )
            });
            !helper && rel.extension().is_some_and(|x| x == "html")
        })
}

/// A folder with nothing in it but, at most, a `.git` file (an uncloned submodule).
fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .all(|e| e.file_name() == ".git" || e.file_name() == ".gitkeep")
    })
}

pub struct Templates {
    tera: Tera,
    /// Template name -> (the file it came from, its text): for locating errors.
    sources: BTreeMap<String, (PathBuf, String)>,
}

impl Templates {
    pub fn load(root: &Path, theme: &Theme) -> Result<Templates> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        for (name, text) in embedded::TEMPLATES {
            sources.insert(
                name.to_string(),
                (
                    PathBuf::from("themes/default/templates (built in)").join(name),
                    text.to_string(),
                ),
            );
        }
        if let Theme::Dir(dir) = theme {
            read_dir_templates(root, &dir.join("templates"), &mut sources)?;
        }
        read_dir_templates(root, &root.join("templates"), &mut sources)?;

        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        // Tera's escaper also encodes `/`, turning every URL into `&#x2F;` soup; ours escapes
        // what HTML and XML need (`& < > " '`), as Hugo does.
        tera.set_escape_fn(crate::markdown::escape_markup);
        tera.register_filter("striptags", striptags);
        let raw: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, (_, t))| (n.as_str(), t.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(raw) {
            return Err(template_error(&sources, None, &e));
        }
        check_recursion(&tera, &sources)?;
        count_macro_depth(&mut tera);
        Ok(Templates { tera, sources })
    }

    /// Gives templates Hugo's `i18n` function (and its alias `T`) over `i18n`, the
    /// translations of the language these templates render.
    pub fn set_i18n(&mut self, i18n: crate::i18n::I18n) {
        let i18n = std::sync::Arc::new(i18n);
        for name in ["i18n", "T"] {
            self.tera
                .register_function(name, crate::i18n::I18nFunction(i18n.clone()));
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// The text of template `name`, as written.
    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(|(_, text)| text.as_str())
    }

    /// Whether the text of template `name`, or of a template it includes, extends or imports
    /// macros from, holds `word`: a value no such text names is not used by that render,
    /// and need not be built. A plain text search, so it errs only towards building.
    pub fn mentions(&self, name: &str, word: &str) -> bool {
        let mut todo = vec![name.to_string()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if self.source(&name).is_some_and(|text| text.contains(word)) {
                return true;
            }
            if let Ok(t) = self.tera.get_template(&name) {
                includes(&t.ast, &mut todo);
                todo.extend(t.parents.iter().cloned());
                todo.extend(t.imported_macro_files.iter().map(|(file, _)| file.clone()));
            }
        }
        false
    }

    /// Renders `name`; `for_page` names the content file being rendered, for the message.
    pub fn render(&self, name: &str, context: &Context, for_page: Option<&Path>) -> Result<String> {
        // A render that fails halfway leaves its macros' depth counted: put it back.
        let depth = MACRO_DEPTH.with(Cell::get);
        let rendered = self.tera.render(name, context);
        MACRO_DEPTH.with(|d| d.set(depth));
        rendered.map_err(|e| {
            let mut err = template_error(&self.sources, Some(name), &e);
            if let (Error::Template { message, .. }, Some(page)) = (&mut err, for_page) {
                message.push_str(&format!(" (while rendering {})", page.display()));
            }
            err
        })
    }
}

/// How deep macros may call one another, themselves included. A table of contents or a
/// menu nests a few levels; a macro that calls itself with the same items (`{% for i in
/// items %}{{ self::toc(items=items) }}{% endfor %}`) never stops, and tera has no limit
/// of its own: the stack overflowed and the process aborted, `serve` included.
pub const MAX_MACRO_DEPTH: usize = 100;

/// The stack a thread that renders templates needs for [`MAX_MACRO_DEPTH`] nested macros,
/// with room for everything else: a release build takes about 40 KiB a level (`tera`'s
/// renderer is deep), a debug build several times that. Stacks are reserved, not touched,
/// so a large one costs address space only.
pub const RENDER_STACK: usize = 64 << 20;

/// Below this much stack left, a macro call is refused whatever the depth: the limit holds
/// on a thread with a smaller stack than [`RENDER_STACK`] too.
const STACK_RED_ZONE: usize = 512 << 10;

thread_local! {
    /// The macros being rendered on this thread, nested.
    static MACRO_DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// The functions counting macro depth, called first and last in every macro's body.
const ENTER_MACRO: &str = "__blog_enter_macro";
const LEAVE_MACRO: &str = "__blog_leave_macro";
/// Starts the message of a too-deep error, so [`template_error`] can place it.
const TOO_DEEP: &str = "blog: macro too deep: ";

/// Makes every macro count how deep it is nested: a call to [`ENTER_MACRO`] first in its
/// body and one to [`LEAVE_MACRO`] last. The first refuses a call past
/// [`MAX_MACRO_DEPTH`] (or with too little stack left), so endless recursion, through any
/// number of macros, ends in an error naming the macro, its file and line.
fn count_macro_depth(tera: &mut Tera) {
    use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
    let call = |function: &str, args: &[(&str, &str)]| {
        Node::VariableBlock(
            WS::default(),
            Expr::new(ExprVal::FunctionCall(FunctionCall {
                name: function.to_string(),
                args: args
                    .iter()
                    .map(|(k, v)| (k.to_string(), Expr::new(ExprVal::String(v.to_string()))))
                    .collect(),
            })),
        )
    };
    for (file, template) in tera.templates.iter_mut() {
        for m in template.macros.values_mut() {
            m.body
                .insert(0, call(ENTER_MACRO, &[("name", &m.name), ("file", file)]));
            m.body.push(call(LEAVE_MACRO, &[]));
        }
    }
    tera.register_function(ENTER_MACRO, EnterMacro);
    tera.register_function(LEAVE_MACRO, LeaveMacro);
}

struct EnterMacro;

impl tera::Function for EnterMacro {
    fn call(
        &self,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let depth = MACRO_DEPTH.with(|d| {
            d.set(d.get() + 1);
            d.get()
        });
        let stack_low = stacker::remaining_stack().is_some_and(|left| left < STACK_RED_ZONE);
        if depth > MAX_MACRO_DEPTH || stack_low {
            let arg = |k: &str| {
                args.get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            return Err(tera::Error::msg(format!(
                "{TOO_DEEP}{}\t{}",
                arg("file"),
                arg("name")
            )));
        }
        Ok(tera::Value::String(String::new()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

struct LeaveMacro;

impl tera::Function for LeaveMacro {
    fn call(
        &self,
        _: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        MACRO_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
        Ok(tera::Value::String(String::new()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The error for a macro nested too deep: at the macro's definition.
fn too_deep_error(sources: &BTreeMap<String, (PathBuf, String)>, marker: &str) -> Option<Error> {
    let (file, name) = marker.split_once('\t')?;
    let name: String = name
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let (path, text) = sources.get(file)?;
    let location = text
        .match_indices("macro")
        .find(|(at, _)| text[at + 5..].trim_start().starts_with(&format!("{name}(")))
        .map(|(at, _)| data::location_of(text, at));
    Some(Error::Template {
        path: path.clone(),
        location,
        message: format!(
            "macro `{name}` is nested more than {MAX_MACRO_DEPTH} calls deep; it calls itself (or another macro that calls it) without end? Call it again only with less to do, under a condition that becomes false"
        ),
    })
}

/// Tera's `striptags`, with each formula as its LaTeX once: a description made from a
/// summary (`page.summary | striptags`) read `E=mc2E=mc^2` from the MathML and its
/// annotation.
fn striptags(
    value: &serde_json::Value,
    _: &std::collections::HashMap<String, serde_json::Value>,
) -> tera::Result<serde_json::Value> {
    static TAGS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(<!--.*?-->|<[^>]*>)").unwrap());
    let Some(html) = value.as_str() else {
        return Err(tera::Error::msg(format!(
            "Filter `striptags` was called on an incorrect value: got `{value}` but expected a String"
        )));
    };
    let html = crate::markdown::math::formulas_as_tex(html);
    Ok(serde_json::Value::String(
        TAGS.replace_all(&html, "").into_owned(),
    ))
}

/// Refuses templates that would render forever: a cycle of includes (through `extends`
/// too: a base that includes its child), and a macro that calls itself outside any `if` or
/// `for`. Tera has no depth limit, so either would overflow the stack and abort the
/// process, `serve` included; here it is an error naming the templates, found before
/// anything renders.
fn check_recursion(tera: &Tera, sources: &BTreeMap<String, (PathBuf, String)>) -> Result<()> {
    let mut edges: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for name in sources.keys() {
        let Ok(t) = tera.get_template(name) else {
            continue;
        };
        let mut out = Vec::new();
        includes(&t.ast, &mut out);
        out.extend(t.parents.iter().cloned());
        edges.insert(name, out);
        for m in t.macros.values() {
            if calls_itself(&m.body, &m.name) {
                let (path, text) = &sources[name];
                return Err(Error::Template {
                    path: path.clone(),
                    location: find_in_template(text, &format!("self::{}", m.name)),
                    message: format!(
                        "macro `{}` calls itself outside any `if` or `for`, so it never ends; call it again only under a condition that becomes false",
                        m.name
                    ),
                });
            }
        }
    }
    for start in edges.keys() {
        if let Some(cycle) = include_cycle(&edges, start) {
            let (path, text) = &sources[cycle[0].as_str()];
            return Err(Error::Template {
                path: path.clone(),
                location: find_include(text, &cycle[1]),
                message: format!(
                    "template `{}` includes itself ({}), so it never ends; remove the include that closes the loop",
                    cycle[0],
                    cycle.join(" -> ")
                ),
            });
        }
    }
    Ok(())
}

/// The names a template's nodes include, at any depth.
fn includes(nodes: &[tera::ast::Node], out: &mut Vec<String>) {
    use tera::ast::Node;
    for node in nodes {
        match node {
            Node::Include(_, names, _) => out.extend(names.iter().cloned()),
            Node::Block(_, b, _) => includes(&b.body, out),
            Node::FilterSection(_, f, _) => includes(&f.body, out),
            Node::Forloop(_, f, _) => {
                includes(&f.body, out);
                includes(f.empty_body.as_deref().unwrap_or(&[]), out);
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    includes(body, out);
                }
                includes(i.otherwise.as_ref().map_or(&[][..], |(_, b)| b), out);
            }
            _ => {}
        }
    }
}

/// Whether a macro body calls the macro `name` where nothing can stop it.
fn calls_itself(nodes: &[tera::ast::Node], name: &str) -> bool {
    use tera::ast::{ExprVal, Node};
    let is_self = |e: &tera::ast::Expr| matches!(&e.val, ExprVal::MacroCall(c) if c.name == name && c.namespace == "self");
    nodes.iter().any(|node| match node {
        Node::VariableBlock(_, e) => is_self(e),
        Node::Set(_, set) => is_self(&set.value),
        Node::Block(_, b, _) => calls_itself(&b.body, name),
        Node::FilterSection(_, f, _) => calls_itself(&f.body, name),
        _ => false,
    })
}

/// A path of includes from `start` back to itself, if there is one.
fn include_cycle(edges: &BTreeMap<&str, Vec<String>>, start: &str) -> Option<Vec<String>> {
    let mut path = vec![start.to_string()];
    let mut seen = std::collections::BTreeSet::new();
    fn walk(
        edges: &BTreeMap<&str, Vec<String>>,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut std::collections::BTreeSet<String>,
    ) -> bool {
        let current = path.last().unwrap().clone();
        for next in edges.get(current.as_str()).into_iter().flatten() {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(edges, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    walk(edges, start, &mut path, &mut seen).then_some(path)
}

/// Where `text` includes (or extends) template `name`.
fn find_include(text: &str, name: &str) -> Option<Location> {
    ["\"", "'"].iter().find_map(|q| {
        text.find(&format!("{q}{name}{q}"))
            .map(|at| data::location_of(text, at))
    })
}

fn read_dir_templates(
    root: &Path,
    dir: &Path,
    sources: &mut BTreeMap<String, (PathBuf, String)>,
) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::read(dir, e.into()))?;
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text =
            std::fs::read_to_string(entry.path()).map_err(|e| Error::read(entry.path(), e))?;
        let shown = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        sources.insert(name, (shown, text));
    }
    Ok(())
}

/// Turns a tera error into ours: the whole chain of messages, the template's file, and a
/// line and column from the parser's `--> L:C`, or by finding the unknown variable.
fn template_error(
    sources: &BTreeMap<String, (PathBuf, String)>,
    rendering: Option<&str>,
    e: &tera::Error,
) -> Error {
    let mut messages = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        messages.push(s.to_string());
        source = s.source();
    }
    let full = messages.join(": ");
    if let Some(at) = full.find(TOO_DEEP) {
        if let Some(error) = too_deep_error(sources, &full[at + TOO_DEEP.len()..]) {
            return error;
        }
    }
    let named = quoted_template_name(&full, sources).or(rendering.map(str::to_string));
    let (mut path, mut location) = (PathBuf::from("templates"), None);
    if let Some(name) = &named {
        if let Some((p, text)) = sources.get(name) {
            path = p.clone();
            location = parser_location(&full)
                .or_else(|| unknown_variable(&full).and_then(|v| find_in_template(text, &v)));
        }
    }
    // The variable may sit in a parent template or an include: look there too.
    if location.is_none() {
        if let Some(var) = unknown_variable(&full) {
            if let Some((p, loc)) = sources
                .values()
                .find_map(|(p, t)| find_in_template(t, &var).map(|l| (p.clone(), l)))
            {
                path = p;
                location = Some(loc);
            }
        }
    }
    let mut message = messages.last().cloned().unwrap_or_default();
    if let Some(var) = unknown_variable(&full) {
        message = format!("unknown variable `{var}`: {message}. Check its spelling, or guard it with `{{% if {var} is defined %}}` or `| default(value=\"\")`");
    }
    Error::Template {
        path,
        location,
        message: message
            .replace('\n', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn quoted_template_name(
    message: &str,
    sources: &BTreeMap<String, (PathBuf, String)>,
) -> Option<String> {
    message
        .split('\'')
        .skip(1)
        .step_by(2)
        .find(|name| sources.contains_key(*name))
        .map(str::to_string)
}

fn parser_location(message: &str) -> Option<Location> {
    let i = message.find("--> ")?;
    let rest = &message[i + 4..];
    let (line, rest) = rest.split_once(':')?;
    let col: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    Some(Location::new(line.trim().parse().ok()?, col.parse().ok()?))
}

fn unknown_variable(message: &str) -> Option<String> {
    let i = message.find("Variable `")?;
    let rest = &message[i + 10..];
    Some(rest[..rest.find('`')?].to_string())
}

/// The first place `var` is used inside `{{ }}` or `{% %}` in a template.
fn find_in_template(text: &str, var: &str) -> Option<Location> {
    let mut search_from = 0;
    while let Some(i) = text[search_from..].find(var) {
        let at = search_from + i;
        let before = &text[..at];
        let open = before.rfind("{{").max(before.rfind("{%"));
        let close = before.rfind("}}").max(before.rfind("%}"));
        let boundary_ok =
            !text[at + var.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_');
        if open.is_some() && open > close && boundary_ok {
            return Some(data::location_of(text, at));
        }
        search_from = at + var.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unknown_variables_in_templates() {
        let t = "<p>{{ page.title }}</p>\n<p>{{ page.titel }}</p>\n";
        assert_eq!(find_in_template(t, "page.titel"), Some(Location::new(2, 7)));
        assert_eq!(find_in_template("page.x {{ y }}", "page.x"), None);
    }

    #[test]
    fn reads_parser_locations() {
        assert_eq!(
            parser_location("Failed to parse 'x'\n --> 3:5\n  |"),
            Some(Location::new(3, 5))
        );
    }
}
