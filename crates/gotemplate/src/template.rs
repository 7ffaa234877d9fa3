//! A set of named templates that can call each other (Go's associated `*Template`s): parse
//! texts into it, add or replace trees by Go's `AddParseTree` rules, look templates up, clone
//! the set, execute.
//!
//! A set holds its trees behind `Arc`s, so cloning one copies a table of pointers (Hugo
//! clones `baseof.html` for each page layout and adds the layout's definitions to the clone),
//! and it is `Send + Sync`: many threads execute the same set at once.

use std::collections::HashMap;
use std::sync::Arc;

use crate::exec::{ExecError, ExecOptions, Outcome};
use crate::funcs::Funcs;
use crate::parse::{self, ParseError, ParseOptions, Tree};
use crate::value::Value;

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

#[derive(Clone)]
pub struct Set {
    templates: HashMap<Arc<str>, Arc<Tree>>,
    funcs: Arc<Funcs>,
    missing_key: MissingKey,
}

impl std::fmt::Debug for Set {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Set")
            .field("templates", &self.names())
            .field("missing_key", &self.missing_key)
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
        }
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
        self.templates.insert(name.into(), tree);
    }

    /// Removes the template `name`, returning its tree.
    pub fn remove(&mut self, name: &str) -> Option<Arc<Tree>> {
        self.templates.remove(name)
    }

    /// The tree of the template `name`.
    pub fn lookup(&self, name: &str) -> Option<&Arc<Tree>> {
        self.templates.get(name)
    }

    pub(crate) fn lookup_entry(&self, name: &str) -> Option<(&Arc<str>, &Arc<Tree>)> {
        self.templates.get_key_value(name)
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
