//! Sass and SCSS to CSS (`css.Sass`, `toCSS`, `resources.ToCSS`) with the pure-Rust `grass`
//! compiler, which follows Dart Sass.
//!
//! Files are found through a caller's [`FileLookup`], never the disk directly, so the site
//! layer can answer from the union of the site's and the themes' `assets/` folders and its
//! mounts. `@use`, `@forward` and `@import` look beside the importing file first, then in
//! each include path in order, trying Sass's candidates (`x.scss`, `_x.scss`, `x/_index.scss`, …).
//!
//! `vars` become the module `hugo:vars`, as Hugo makes them: `@use "hugo:vars" as v;`
//! (or plain `@use "hugo:vars";`, namespace `vars`) and `@import "hugo:vars";`.
//!
//! Source maps are not produced (`enableSourceMap` is ignored): nothing in the site layer
//! publishes them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::media;
use crate::resource::Resource;

/// Where Sass files come from: slash-separated paths relative to the assets root (or relative
/// to the working directory, for include paths such as `node_modules/bootstrap/scss`).
pub trait FileLookup {
    /// The bytes of the file at `path`, or `None` if there is no such file.
    fn read(&self, path: &str) -> Option<Vec<u8>>;

    /// Whether `path` is a folder (for `@use "dir"`, which loads `dir/_index.scss`).
    fn is_dir(&self, _path: &str) -> bool {
        false
    }
}

/// A [`FileLookup`] over folders on disk, the first that holds a path winning, as the site's
/// `assets/` wins over a theme's.
#[derive(Clone, Debug, Default)]
pub struct DirLookup {
    /// The folders, in priority order.
    pub roots: Vec<PathBuf>,
}

impl FileLookup for DirLookup {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.roots
            .iter()
            .find_map(|root| std::fs::read(root.join(path)).ok())
    }

    fn is_dir(&self, path: &str) -> bool {
        self.roots.iter().any(|root| root.join(path).is_dir())
    }
}

/// A [`FileLookup`] over files held in memory, for tests and generated stylesheets.
impl FileLookup for HashMap<String, String> {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.get(path).map(|s| s.clone().into_bytes())
    }

    fn is_dir(&self, path: &str) -> bool {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        self.keys().any(|k| k.starts_with(&prefix))
    }
}

/// Hugo's output styles. `grass` writes two: `nested` and `compact` come out as `expanded`
/// (the same rules, laid out differently).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputStyle {
    #[default]
    Nested,
    Expanded,
    Compact,
    Compressed,
}

impl OutputStyle {
    /// Hugo's option value (`nested`, `expanded`, `compact`, `compressed`), any case.
    pub fn parse(s: &str) -> Option<OutputStyle> {
        match s.to_ascii_lowercase().as_str() {
            "nested" | "" => Some(OutputStyle::Nested),
            "expanded" => Some(OutputStyle::Expanded),
            "compact" => Some(OutputStyle::Compact),
            "compressed" => Some(OutputStyle::Compressed),
            _ => None,
        }
    }
}

/// The options of `css.Sass`.
#[derive(Clone, Debug, Default)]
pub struct SassOptions {
    /// Where the CSS is published; by default the source's path with a `.css` suffix.
    pub target_path: Option<String>,
    pub output_style: OutputStyle,
    /// Extra folders searched for imports, after the importing file's own folder.
    pub include_paths: Vec<String>,
    /// The variables of the `hugo:vars` module.
    pub vars: Map<String, Value>,
}

const VARS_MODULE: &str = "hugo:vars";

/// Compiles `source` (a `.scss`, `.sass` or `.css` resource whose name is its path under the
/// assets root) to a CSS resource.
pub fn to_css(
    source: &Resource,
    options: &SassOptions,
    files: &dyn FileLookup,
) -> Result<Resource> {
    let entry = clean(source.name());
    let fs = LookupFs {
        files,
        entry: entry.clone(),
        entry_content: source.content().to_vec(),
        vars: vars_stylesheet(&options.vars),
        cache: RefCell::new(HashMap::new()),
    };
    let style = match options.output_style {
        OutputStyle::Compressed => grass::OutputStyle::Compressed,
        _ => grass::OutputStyle::Expanded,
    };
    let grass_options = grass::Options::default()
        .fs(&fs)
        .logger(&grass::NullLogger)
        .quiet(true)
        .style(style)
        .load_paths(&options.include_paths);
    let css = grass::from_path(&entry, &grass_options).map_err(|e| sass_error(*e, &entry))?;
    let target = match &options.target_path {
        Some(t) => t.clone(),
        None => replace_suffix(source.target_path(), "css"),
    };
    Ok(source
        .with_content(css.into_bytes())
        .with_target_path(&target)
        .with_media_type(media::CSS))
}

fn sass_error(e: grass::Error, entry: &str) -> Error {
    match e.kind() {
        grass::ErrorKind::ParseError { message, loc, .. } => Error::Sass {
            file: loc.file.name().to_string(),
            line: loc.begin.line + 1,
            column: loc.begin.column + 1,
            message,
        },
        other => Error::Sass {
            file: entry.to_string(),
            line: 0,
            column: 0,
            message: format!("{other:?}"),
        },
    }
}

/// The `hugo:vars` module: one `$name: value;` per variable, sorted as Hugo sorts them.
/// Numbers, colours (`#fff`), functions (`rgb(…)`) and numbers with units (`1.5rem`) keep
/// their type; other strings go through `unquote("…")`, which keeps a font list a list and a
/// quoted URL quoted.
pub fn vars_stylesheet(vars: &Map<String, Value>) -> String {
    let mut lines: Vec<String> = vars
        .iter()
        .map(|(k, v)| {
            let name = if k.starts_with('$') {
                k.clone()
            } else {
                format!("${k}")
            };
            match v {
                Value::String(s) if !is_typed_css_value(s) => {
                    format!(
                        "{name}: unquote({});",
                        serde_json::to_string(s).unwrap_or_default()
                    )
                }
                Value::String(s) => format!("{name}: {s};"),
                other => format!("{name}: {other};"),
            }
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

fn is_typed_css_value(s: &str) -> bool {
    let b = s.as_bytes();
    let color = b.first() == Some(&b'#')
        && (4..=7).contains(&b.len())
        && b[1..].iter().all(u8::is_ascii_hexdigit);
    let func = s
        .find('(')
        .is_some_and(|i| i > 0 && b[..i].iter().all(|&c| c.is_ascii_alphabetic() || c == b'-'));
    color || func || is_number_with_unit(s)
}

/// `12px`, `1.5rem`, `10%`: digits, an optional fraction, then a unit.
fn is_number_with_unit(s: &str) -> bool {
    let int_end = s.bytes().take_while(u8::is_ascii_digit).count();
    if int_end == 0 {
        return false;
    }
    let mut rest = &s[int_end..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    !rest.is_empty()
        && rest
            .bytes()
            .all(|c| c.is_ascii_alphabetic() || c == b'-' || c == b'%')
}

/// grass's file system, answering from the caller's lookup; the entry file is the resource
/// itself (its bytes may come from a template), and any candidate named `hugo:vars` is the
/// vars module.
struct LookupFs<'a> {
    files: &'a dyn FileLookup,
    entry: String,
    entry_content: Vec<u8>,
    vars: String,
    cache: RefCell<HashMap<String, Option<Vec<u8>>>>,
}

/// `grass::Fs` wants `Debug`; callers' lookups need not be.
impl std::fmt::Debug for LookupFs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LookupFs")
            .field("entry", &self.entry)
            .finish_non_exhaustive()
    }
}

impl LookupFs<'_> {
    fn load(&self, path: &Path) -> Option<Vec<u8>> {
        let key = clean(&path.to_string_lossy());
        if let Some(hit) = self.cache.borrow().get(&key) {
            return hit.clone();
        }
        let base = key.rsplit('/').next().unwrap_or(&key);
        let found = if key == self.entry {
            Some(self.entry_content.clone())
        } else if base == format!("{VARS_MODULE}.scss") {
            Some(self.vars.clone().into_bytes())
        } else if base.starts_with(VARS_MODULE) || base.starts_with(&format!("_{VARS_MODULE}")) {
            None
        } else {
            self.files.read(&key)
        };
        let found = found.map(default_vars_namespace);
        self.cache.borrow_mut().insert(key, found.clone());
        found
    }
}

impl grass::Fs for LookupFs<'_> {
    fn is_dir(&self, path: &Path) -> bool {
        self.files.is_dir(&clean(&path.to_string_lossy()))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.load(path).is_some()
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.load(path).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("{}: no such file", path.display()),
            )
        })
    }
}

/// Dart Sass names the module of `@use "hugo:vars"` `vars` (the last part of its URL); grass
/// takes the whole `hugo:vars`, which is no identifier. Spelling the namespace out gives the
/// same program.
fn default_vars_namespace(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return bytes;
    };
    if !text.contains(VARS_MODULE) {
        return bytes;
    }
    let mut out = text.to_string();
    for quote in ['"', '\''] {
        let plain = format!("@use {quote}{VARS_MODULE}{quote}");
        let mut from = 0;
        while let Some(i) = out[from..].find(&plain).map(|i| i + from) {
            let end = i + plain.len();
            let next = out[end..].trim_start();
            if next.starts_with(';') || next.starts_with("with") {
                out.insert_str(end, " as vars");
            }
            from = end;
        }
    }
    out.into_bytes()
}

/// A slash path without `.`, `..` (past the root they are dropped) or a leading slash.
fn clean(path: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in Path::new(&path.replace('\\', "/")).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    parts.join("/")
}

fn replace_suffix(path: &str, suffix: &str) -> String {
    let base_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[base_start..].rfind('.') {
        Some(dot) if dot > 0 => format!("{}.{suffix}", &path[..base_start + dot]),
        _ => format!("{path}.{suffix}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn files(list: &[(&str, &str)]) -> HashMap<String, String> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn compile(
        files: &HashMap<String, String>,
        entry: &str,
        options: &SassOptions,
    ) -> Result<Resource> {
        let source = Resource::new(entry, files[entry].clone().into_bytes());
        to_css(&source, options, files)
    }

    #[test]
    fn partials_use_forward_and_import_resolve_through_the_lookup() {
        let fs = files(&[
            (
                "sass/main.scss",
                "@use 'base';\n@import 'mixins';\n.a { @include m; color: base.$c; }\n",
            ),
            ("sass/_base.scss", "@forward 'colors';\n"),
            ("sass/_colors.scss", "$c: #123456;\n"),
            ("lib/_mixins.scss", "@mixin m { margin: 0; }\n"),
        ]);
        let options = SassOptions {
            include_paths: vec!["lib".into()],
            output_style: OutputStyle::Compressed,
            ..Default::default()
        };
        let css = compile(&fs, "sass/main.scss", &options).unwrap();
        assert_eq!(
            css.content_str().unwrap().trim(),
            ".a{margin:0;color:#123456}"
        );
        assert_eq!(css.target_path(), "/sass/main.css");
        assert_eq!(css.media_type(), media::CSS);
    }

    #[test]
    fn hugo_vars_module_with_use_and_import() {
        let vars =
            json!({"primary": "#ff0000", "font": "Helvetica, sans-serif", "gap": "1.5rem", "n": 3});
        let options = SassOptions {
            vars: vars.as_object().unwrap().clone(),
            output_style: OutputStyle::Compressed,
            ..Default::default()
        };
        let fs = files(&[
            ("a.scss", "@use \"hugo:vars\";\n@use \"hugo:vars\" as v;\nb { color: vars.$primary; font: v.$font; margin: v.$gap * v.$n; }\n"),
            ("b.scss", "@import \"hugo:vars\";\nb { color: $primary; }\n"),
        ]);
        let css = compile(&fs, "a.scss", &options).unwrap();
        assert_eq!(
            css.content_str().unwrap().trim(),
            "b{color:red;font:Helvetica, sans-serif;margin:4.5rem}"
        );
        let css = compile(&fs, "b.scss", &options).unwrap();
        assert_eq!(css.content_str().unwrap().trim(), "b{color:red}");
    }

    #[test]
    fn errors_name_the_partial_line_and_column() {
        let fs = files(&[
            ("main.scss", "@use 'x';\n"),
            ("_x.scss", "a {\n  color: red\n  b: ;\n}\n"),
        ]);
        match compile(&fs, "main.scss", &SassOptions::default()) {
            Err(Error::Sass { file, line, .. }) => {
                assert_eq!(file, "_x.scss");
                assert_eq!(line, 3);
            }
            other => panic!("{other:?}"),
        }
        let fs = files(&[("main.scss", "@use 'missing';\n")]);
        assert!(matches!(
            compile(&fs, "main.scss", &SassOptions::default()),
            Err(Error::Sass { line: 1, .. })
        ));
    }

    #[test]
    fn vars_keep_css_types_and_quote_the_rest() {
        let vars = json!({"a": "#fff", "b": "rgb(1, 2, 3)", "c": "10%", "d": "url(x.png)", "e": "sans-serif", "f": 2});
        let sheet = vars_stylesheet(vars.as_object().unwrap());
        assert_eq!(
            sheet,
            "$a: #fff;\n$b: rgb(1, 2, 3);\n$c: 10%;\n$d: url(x.png);\n$e: unquote(\"sans-serif\");\n$f: 2;"
        );
    }

    #[test]
    fn paths_are_cleaned() {
        assert_eq!(clean("/a/./b/../c.scss"), "a/c.scss");
        assert_eq!(replace_suffix("/sass/main.scss", "css"), "/sass/main.css");
    }
}
