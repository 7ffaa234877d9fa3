//! A set of named templates that can call each other (Go's associated `*Template`s): parse
//! texts into it, add or replace trees by Go's `AddParseTree` rules, look templates up, clone
//! the set, execute.
//!
//! A set holds its trees behind `Arc`s, so cloning one copies a table of pointers (Hugo
//! clones `baseof.html` for each page layout and adds the layout's definitions to the clone),
//! and it is `Send + Sync`: many threads execute the same set at once.
//!
//! # html/template
//!
//! A set made with [`Set::new_html`] escapes as Go's `html/template` does: the first
//! execution of a template (or [`Set::escape`]) escapes it and every template it calls, once,
//! and later executions, from any number of threads, run the escaped trees without a lock.
//! The trees as parsed stay as they were: cloning the set, or parsing more into it, starts
//! the escaping afresh (Go refuses both after the first execution; here `&mut self` already
//! keeps them from racing with an execution).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::exec::{ExecError, ExecOptions, Outcome};
use crate::funcs::Funcs;
use crate::html::tree::Escaped;
use crate::parse::{self, ParseError, ParseOptions, Tree};
use crate::value::Value;

/// Templates by name.
pub(crate) type Trees = HashMap<Arc<str>, Arc<Tree>>;

/// How an entry point ended up escaped: the trees its execution runs (the escaped ones of
/// the whole set at the time), or html/template's error.
type EntryResult = Result<Arc<Trees>, Arc<crate::html::Error>>;

/// The escaping state of an html set.
#[derive(Default)]
struct Html {
    /// One slot per template, made at the first execution: each is escaped at most once.
    entries: OnceLock<HashMap<Arc<str>, OnceLock<EntryResult>>>,
    /// What the escaping of earlier entry points learned, used by the later ones.
    escaped: Mutex<Escaped>,
}

/// What `.key` yields for a key a map lacks (Go's `missingkey` option).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingKey {
    /// `<no value>` when printed ("missingkey=default" or "missingkey=invalid").
    #[default]
    Default,
    /// The zero value of the map's element type.
    Zero,
    /// An execution error.
    Error,
}

pub struct Set {
    templates: Trees,
    funcs: Arc<Funcs>,
    missing_key: MissingKey,
    /// Set for an html/template set.
    html: Option<Box<Html>>,
}

impl Clone for Set {
    /// The same templates and options; an html set's copy escapes afresh when it first runs.
    fn clone(&self) -> Set {
        Set {
            templates: self.templates.clone(),
            funcs: self.funcs.clone(),
            missing_key: self.missing_key,
            html: self.html.as_ref().map(|_| Box::default()),
        }
    }
}

impl std::fmt::Debug for Set {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Set")
            .field("templates", &self.names())
            .field("missing_key", &self.missing_key)
            .field("html", &self.html.is_some())
            .finish()
    }
}

impl Default for Set {
    fn default() -> Self {
        Set::new(Funcs::new())
    }
}

impl Set {
    /// An empty set whose templates may call `funcs` (and Go's builtins).
    pub fn new(funcs: Funcs) -> Set {
        Set::with_shared_funcs(Arc::new(funcs))
    }

    /// An empty set sharing a function table with other sets.
    pub fn with_shared_funcs(funcs: Arc<Funcs>) -> Set {
        Set {
            templates: HashMap::new(),
            funcs,
            missing_key: MissingKey::Default,
            html: None,
        }
    }

    /// An empty html/template set: its templates are escaped for the context of each action
    /// before they run (see the module's documentation).
    pub fn new_html(funcs: Funcs) -> Set {
        Set::html_with_shared_funcs(Arc::new(funcs))
    }

    /// An empty html/template set sharing a function table with other sets.
    pub fn html_with_shared_funcs(funcs: Arc<Funcs>) -> Set {
        Set {
            html: Some(Box::default()),
            ..Set::with_shared_funcs(funcs)
        }
    }

    /// Whether the set escapes as html/template.
    pub fn is_html(&self) -> bool {
        self.html.is_some()
    }

    pub fn funcs(&self) -> &Funcs {
        &self.funcs
    }

    pub fn missing_key(&self) -> MissingKey {
        self.missing_key
    }

    pub fn set_missing_key(&mut self, missing_key: MissingKey) {
        self.missing_key = missing_key;
    }

    /// Go's `Option`: `"missingkey=default"`, `"missingkey=invalid"`, `"missingkey=zero"` or
    /// `"missingkey=error"`. Go panics on anything else; this returns the error.
    pub fn option(&mut self, option: &str) -> Result<(), String> {
        self.missing_key = match option {
            "missingkey=default" | "missingkey=invalid" => MissingKey::Default,
            "missingkey=zero" => MissingKey::Zero,
            "missingkey=error" => MissingKey::Error,
            "" => return Err("empty option string".into()),
            _ => return Err(format!("unrecognized option: {option}")),
        };
        Ok(())
    }

    /// Parses `text` as the template `name` (Go's `set.New(name).Parse(text)`): the text's own
    /// body becomes `name`, each `define` and `block` a template of its own.
    pub fn parse(&mut self, name: &str, text: &str) -> Result<(), ParseError> {
        self.parse_with(text, &ParseOptions::new(name))
    }

    /// Parses with options: a file name for errors, other delimiters, limits.
    pub fn parse_with(&mut self, text: &str, options: &ParseOptions) -> Result<(), ParseError> {
        for tree in parse::parse(text, options, &self.funcs)? {
            let name = tree.name.clone();
            self.add_tree(&name, tree);
        }
        Ok(())
    }

    /// Go's `AddParseTree`: the tree becomes the template `name`, unless it is empty (space
    /// and comments only) and `name` is already defined, which keeps the definition. This is
    /// how a text of only `define`s adds to a set without blanking a template of its name.
    pub fn add_tree(&mut self, name: &str, tree: Tree) {
        self.add_shared_tree(name, Arc::new(tree));
    }

    /// [`Set::add_tree`] for a tree already shared (between sets, or with the escaper's
    /// per-context copies).
    pub fn add_shared_tree(&mut self, name: &str, tree: Arc<Tree>) {
        if tree.is_empty() && self.templates.contains_key(name) {
            return;
        }
        self.forget_escaping();
        self.templates.insert(name.into(), tree);
    }

    /// Removes the template `name`, returning its tree.
    pub fn remove(&mut self, name: &str) -> Option<Arc<Tree>> {
        self.forget_escaping();
        self.templates.remove(name)
    }

    /// Drops what escaping learned: the templates changed.
    fn forget_escaping(&mut self) {
        if let Some(html) = &mut self.html {
            if html.entries.get().is_some() {
                **html = Html::default();
            }
        }
    }

    /// The trees as parsed.
    pub(crate) fn trees(&self) -> &Trees {
        &self.templates
    }

    /// For an html set, the trees that executing `name` runs, escaping `name` (and what it
    /// calls) first if that has not been done; `None` for a text set.
    pub(crate) fn escaped_trees(&self, name: &str) -> Option<EntryResult> {
        let html = self.html.as_deref()?;
        let entries = html.entries.get_or_init(|| {
            self.templates
                .keys()
                .map(|k| (k.clone(), OnceLock::new()))
                .collect()
        });
        let Some(slot) = entries.get(name) else {
            let description = format!("{} is undefined", crate::strconv::quote(name));
            let err = crate::html::Error::new(crate::html::ErrorCode::NoSuchTemplate, description);
            return Some(Err(Arc::new(err)));
        };
        let result = slot.get_or_init(|| {
            // A panic while escaping leaves nothing half-done that matters: rounds commit
            // only when they succeed.
            let mut escaped = html.escaped.lock().unwrap_or_else(|e| e.into_inner());
            escaped
                .escape_entry(&self.templates, &self.funcs, name)
                .map_err(Arc::new)
        });
        Some(result.clone())
    }

    /// Escapes the template `name` and every template it calls, as its first execution
    /// would, and reports html/template's error if it cannot be; a text set has nothing to
    /// escape. A host calls this to report escaping errors before executing anything.
    pub fn escape(&self, name: &str) -> Result<(), Arc<crate::html::Error>> {
        match self.escaped_trees(name) {
            Some(Err(err)) => Err(err),
            _ => Ok(()),
        }
    }

    /// The tree of `name` as html/template escaped it (its pipelines end in escapers, its
    /// calls name the per-context copies), escaping it first; `None` for a text set or a
    /// template that does not escape.
    pub fn escaped_tree(&self, name: &str) -> Option<Arc<Tree>> {
        match self.escaped_trees(name)? {
            Ok(trees) => trees.get(name).cloned(),
            Err(_) => None,
        }
    }

    /// The tree of the template `name`.
    pub fn lookup(&self, name: &str) -> Option<&Arc<Tree>> {
        self.templates.get(name)
    }

    /// The names of the templates, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.templates.keys().map(|k| &**k).collect();
        names.sort_unstable();
        names
    }

    pub fn len(&self) -> usize {
        self.templates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    /// Go's `DefinedTemplates`: `; defined templates are: "a", "b"`, or empty (names sorted
    /// here; Go's order is a map's).
    pub fn defined_templates(&self) -> String {
        let names = self.names();
        if names.is_empty() {
            return String::new();
        }
        let quoted: Vec<String> = names.iter().map(|n| crate::strconv::quote(n)).collect();
        format!("; defined templates are: {}", quoted.join(", "))
    }

    /// Executes the template `name` with `data`, appending its output to `out`.
    pub fn execute(
        &self,
        name: &str,
        data: &Value,
        out: &mut String,
    ) -> Result<Outcome, ExecError> {
        self.run(
            name,
            data,
            out,
            &ExecOptions::default(),
            (0, &std::cell::Cell::new(0)),
        )
    }

    /// [`Set::execute`] with options: functions for call sites added after parsing, the
    /// host's data, the depth limit.
    pub fn execute_with(
        &self,
        name: &str,
        data: &Value,
        out: &mut String,
        options: &ExecOptions,
    ) -> Result<Outcome, ExecError> {
        self.run(name, data, out, options, (0, &std::cell::Cell::new(0)))
    }

    /// Executes `name` into a new string.
    pub fn execute_to_string(&self, name: &str, data: &Value) -> Result<String, ExecError> {
        let mut out = String::new();
        self.execute(name, data, &mut out)?;
        Ok(out)
    }
}
