//! Loading: the layouts folders read (the project's over its themes'), each file parsed into
//! the shared set or kept apart (base templates and the layouts that fill them), inline
//! partials found, and the 0.146+ template tree and the classic name index built.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use gotemplate::{ParseOptions, Set, Tree};

use crate::current::{self, Entry};
use crate::embedded;
use crate::error::{Error, Warning};
use crate::path::{Category, LayoutPath};
use crate::store::{Escaping, Generation, Inner, LayoutsDir, Options, TemplateFile};

/// A file found in a layouts folder.
pub(crate) struct Found {
    rel: String,
    display: String,
    ordinal: usize,
    text: Result<String, String>,
}

pub(crate) fn read_layouts(dirs: &[LayoutsDir]) -> Vec<Found> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (ordinal, d) in dirs.iter().enumerate() {
        let mut here: Vec<Found> = Vec::new();
        for entry in walkdir::WalkDir::new(&d.dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&d.dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !seen.insert(rel.to_lowercase()) {
                continue; // a higher layouts folder has this path
            }
            let text = std::fs::read_to_string(entry.path()).map_err(|e| e.to_string());
            here.push(Found {
                display: format!("{}/{rel}", d.label),
                rel,
                ordinal,
                text,
            });
        }
        out.extend(here);
    }
    out
}

pub(crate) struct Loader {
    opts: Options,
    base: Set,
    unknown: Arc<Mutex<BTreeSet<String>>>,
    files: Vec<TemplateFile>,
    apart: HashMap<usize, Vec<Arc<Tree>>>,
    errors: Vec<Error>,
    warnings: BTreeSet<Warning>,
}

impl Loader {
    pub(crate) fn new(opts: Options, base: Set, unknown: Arc<Mutex<BTreeSet<String>>>) -> Loader {
        Loader {
            opts,
            base,
            unknown,
            files: Vec::new(),
            apart: HashMap::new(),
            errors: Vec::new(),
            warnings: BTreeSet::new(),
        }
    }

    pub(crate) fn run(mut self, found: Vec<Found>) -> Inner {
        if self.opts.escaping == Escaping::Html {
            self.warnings.insert(Warning {
                file: String::new(),
                line: 0,
                col: 0,
                message: "every template runs as html/template, plain-text output formats (JSON) too: their output is escaped as HTML text".into(),
            });
        }
        let mut texts = Vec::new();
        for f in found {
            match f.text {
                Ok(text) => texts.push((self.add_file(&f.rel, &f.display, f.ordinal, false), text)),
                Err(message) => self.errors.push(Error::Io {
                    path: f.display,
                    message,
                }),
            }
        }
        for e in embedded::TEMPLATES {
            let display = format!("<embedded>/{}", e.name);
            let i = self.add_file(e.rel, &display, usize::MAX, true);
            self.files[i].name = e.name.to_string();
            texts.push((i, e.text.to_string()));
        }
        // Themes first, the project last: a `define` of the project wins.
        texts.sort_by_key(|(i, _)| std::cmp::Reverse(self.files[*i].ordinal));
        for (i, text) in &texts {
            self.parse(*i, text);
        }
        self.add_inline_partials();
        let tree = self.build_tree();
        let classic = self.classic_index();
        Inner {
            tree,
            classic,
            base: self.base,
            apart: self.apart,
            composed: Mutex::new(HashMap::new()),
            inline_shortcodes: Mutex::new(HashMap::new()),
            partial_cache: Mutex::new(HashMap::new()),
            lookups: std::sync::RwLock::new(HashMap::new()),
            partials: Mutex::new(HashMap::new()),
            warnings: Mutex::new(self.warnings),
            errors: self.errors,
            files: self.files,
            unknown: self.unknown,
            opts: self.opts,
        }
    }

    fn add_file(&mut self, rel: &str, display: &str, ordinal: usize, embedded: bool) -> usize {
        let path = LayoutPath::parse(rel, &self.opts.formats, &self.opts.languages);
        self.files.push(TemplateFile {
            rel: rel.to_string(),
            display: display.to_string(),
            name: rel.to_string(),
            ordinal,
            embedded,
            inline: false,
            needs_base: false,
            path,
        });
        self.files.len() - 1
    }

    fn parse(&mut self, i: usize, text: &str) {
        let f = &mut self.files[i];
        let layout = matches!(f.path.category, Category::Layout);
        f.needs_base = layout && crate::path::needs_base(text);
        let apart = f.needs_base || f.path.category == Category::Baseof;
        let opts = ParseOptions::new(&f.name).with_error_name(&f.display);
        let display = f.display.clone();
        let result = gotemplate::parse::parse(text, &opts, self.base.funcs()).map(|mut trees| {
            for tree in &mut trees {
                crate::hugo_return::rewrite(&mut tree.root);
            }
            if apart {
                self.apart
                    .insert(i, trees.into_iter().map(Arc::new).collect());
            } else {
                for tree in trees {
                    let name = tree.name.clone();
                    self.base.add_tree(&name, tree);
                }
            }
        });
        if let Err(e) = result {
            self.errors.push(Error::from_parse(e));
        }
        self.note_unknown(&display, text);
        if !self.files[i].embedded {
            for (line, col, message) in crate::deprecated::find(text) {
                self.warnings.insert(Warning {
                    file: display.clone(),
                    line,
                    col,
                    message: message.to_string(),
                });
            }
        }
    }

    /// Turns the unknown function names met while parsing a file into warnings located at
    /// their first use.
    fn note_unknown(&mut self, display: &str, text: &str) {
        let names: BTreeSet<String> =
            std::mem::take(&mut *self.unknown.lock().unwrap_or_else(|e| e.into_inner()));
        for name in names {
            let (line, col) = locate(text, &name);
            self.warnings.insert(Warning {
                file: display.to_string(),
                line,
                col,
                message: format!("function {name:?} is not implemented: it yields nothing"),
            });
        }
    }

    /// `{{ define "partials/x" }}` in any template is the partial `x` (Hugo's inline
    /// partials).
    fn add_inline_partials(&mut self) {
        let mut names: Vec<(String, Arc<Tree>)> = Vec::new();
        // Hugo 0.111 keeps the definitions of base templates and of the layouts that fill
        // them out of the partials' reach.
        let apart = match self.opts.generation {
            Generation::Current => self.apart.values().collect(),
            Generation::Classic => Vec::new(),
        };
        for trees in apart {
            for t in trees {
                if is_inline_partial(&t.name) {
                    names.push((t.name.to_string(), t.clone()));
                }
            }
        }
        for (name, t) in names {
            self.base.add_shared_tree(&name, t);
        }
        let files: BTreeSet<&str> = self.files.iter().map(|f| f.name.as_str()).collect();
        let inline: Vec<String> = self
            .base
            .names()
            .into_iter()
            .filter(|n| is_inline_partial(n) && !files.contains(n))
            .map(str::to_string)
            .collect();
        for name in inline {
            let file = name.trim_start_matches('_');
            let rel = if file.rsplit('/').next().is_some_and(|b| b.contains('.')) {
                file.to_string()
            } else {
                format!("{file}.html")
            };
            let defined_in = self.base.lookup(&name).map(|t| t.parse_name.to_string());
            let display = format!("{}#{name}", defined_in.unwrap_or_default());
            let i = self.add_file(&rel, &display, 0, false);
            let f = &mut self.files[i];
            f.name = name;
            f.inline = true;
        }
    }

    fn build_tree(&self) -> current::Tree {
        let mut tree = current::Tree::default();
        tree.site = Some(current::Site {
            default_lang: self.opts.default_language.clone(),
            default_output_format: "html".into(),
        });
        let mut legacy = Vec::new();
        for (i, f) in self.files.iter().enumerate() {
            if !self.apart.contains_key(&i) && self.base.lookup(&f.name).is_none() {
                continue; // did not parse
            }
            if f.embedded && f.path.category == Category::Markup && !self.embedded_hook_applies(f) {
                continue;
            }
            if f.path.category == Category::Markup && !f.path.name.starts_with("render-") {
                continue;
            }
            let Some(e) = self.entry(i, f) else { continue };
            if !f.embedded && f.path.original.matches('/').count() <= 2 {
                for (ord, to, kind, base) in current::legacy_targets(&f.path, &self.opts.taxonomies)
                {
                    legacy.push((ord, to, kind, base, e.clone()));
                }
            }
            let partial_desc_default = e.category == Category::Partial;
            let mut e = e;
            if partial_desc_default && e.desc.output_format.is_empty() {
                e.desc.output_format = "html".into();
                e.desc.media_type = "text/html".into();
            }
            tree.insert(e, false);
        }
        // Each target keeps the mapping of the lowest ordinal.
        legacy.sort_by_key(|l| l.0);
        let mut done = BTreeSet::new();
        for (_, to, kind, base, mut e) in legacy {
            if !done.insert((to.clone(), kind, base, e.desc.output_format.clone())) {
                continue;
            }
            e.key = to;
            e.category = if base {
                Category::Baseof
            } else {
                Category::Layout
            };
            e.desc.kind = kind.to_string();
            e.desc.layout.clear();
            tree.insert(e, true);
        }
        tree.finish();
        tree
    }

    fn embedded_hook_applies(&self, f: &TemplateFile) -> bool {
        let hook = f.path.name.as_str();
        if hook == "render-link" || hook == "render-image" {
            return self.opts.embedded_link_image_hooks;
        }
        true
    }

    fn entry(&self, i: usize, f: &TemplateFile) -> Option<Entry> {
        let p = &f.path;
        let (_, media) = self.opts.formats.resolve(&p.output_format, &p.ext);
        let plain = self
            .opts
            .formats
            .by_name(&p.output_format)
            .is_some_and(|o| o.is_plain_text);
        let (key, name) = current::key_of(p);
        Some(Entry {
            category: p.category,
            key,
            name,
            desc: current::desc_of(p, &media, plain),
            file: i,
            ordinal: f.ordinal,
            embedded: f.embedded,
            path: p.path.clone(),
            identifiers: p.identifiers,
        })
    }

    /// Classic names to files: the relative path, and for ours their `_internal` name with
    /// and without that prefix; the project's over the themes' over ours.
    fn classic_index(&self) -> HashMap<String, usize> {
        let mut m: HashMap<String, usize> = HashMap::new();
        for (i, f) in self.files.iter().enumerate() {
            let keys = if f.embedded {
                let name = f.name.trim_start_matches("_internal/");
                vec![f.name.clone(), name.to_string()]
            } else {
                vec![f.rel.to_lowercase()]
            };
            for key in keys {
                let keep = m
                    .get(&key)
                    .is_some_and(|&j| self.files[j].ordinal <= f.ordinal);
                if !keep {
                    m.insert(key, i);
                }
            }
        }
        m
    }
}

fn is_inline_partial(name: &str) -> bool {
    name.starts_with("partials/") || name.starts_with("_partials/")
}

/// The line (from 1) and column (from 0) of the first use of the function `needle` (its
/// first dotted part) inside an action of `text`; (0, 0) if not found.
fn locate(text: &str, needle: &str) -> (usize, usize) {
    let first = needle.split('.').next().unwrap_or(needle);
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(off) = text[from..].find(first) {
        let pos = from + off;
        from = pos + first.len();
        let before = text[..pos].chars().next_back();
        let after = text[pos + first.len()..].chars().next();
        let whole =
            !before.is_some_and(|c| ident(c) || c == '.' || c == '$') && !after.is_some_and(ident);
        let in_action = text[..pos].rfind("{{") > text[..pos].rfind("}}");
        if whole && in_action {
            let line = text[..pos].matches('\n').count() + 1;
            let col = pos - text[..pos].rfind('\n').map_or(0, |n| n + 1);
            return (line, col);
        }
    }
    (0, 0)
}
