//! Executing a tree: Go's `text/template/exec.go` over [`Value`]s instead of reflection.
//!
//! Output goes into one `String`. Function names were resolved by the parser; variables are
//! found at the stack slot the parser gave them (checked by name, then searched, so Go's
//! scoping holds in every corner). Errors carry Go's words and location
//! (`template: FILE:LINE:COL: executing "NAME" at <NODE>: ...`).
//!
//! Recursion is bounded by one depth counter: every template call, every `if`/`with`/`range`
//! body (an `{{else if}}` chain counting once) and every parenthesized pipeline counts one
//! level, so no template, however it calls itself, can overflow the stack (see
//! [`DEFAULT_MAX_EXEC_DEPTH`]).

use std::any::Any;
use std::cell::Cell;
use std::fmt::{self, Write as _};
use std::sync::Arc;

use crate::funcs::{call_builtin, check_arity, Builtin, BuiltinError, Funcs, FunctionKind};
use crate::parse::{
    BranchNode, ChainNode, CommandNode, FieldNode, IdentifierNode, ListNode, Node, NumberNode,
    Operand, PipeNode, Pos, TemplateNode, Tree, VariableNode,
};
use crate::template::{MissingKey, Set, Trees};
use crate::value::{CallError, Value};

/// How deep execution may recurse: template calls (and a host's nested executions, such as a
/// `partial`), `if`/`with`/`range` bodies and parenthesized pipelines, counted together. It is
/// at least twice the parser's [`crate::DEFAULT_MAX_DEPTH`], so that any template that parses
/// can run.
///
/// Chosen so that execution stays within a 2 MiB thread stack (Rust's default for spawned
/// threads). Measured by `tests/engine/limits.rs`: the most expensive level is a host partial
/// (its function, the nested execution's state, the template's `if`), 1.5 KiB in a release
/// build and 3.6 KiB in a debug build; the others take 0.4 to 0.6 KiB (release) and 1 to
/// 3 KiB (debug). So 400 levels need at most 0.75 MiB (release) or 1.75 MiB (debug), with
/// the shallow part of the run; the test fails if that stops fitting. Go allows 100,000
/// template calls on its growable stacks; real themes recurse a few levels (menus, sections).
pub const DEFAULT_MAX_EXEC_DEPTH: usize = 400;

/// Options for one execution.
#[derive(Clone)]
pub struct ExecOptions {
    /// Functions for call sites the parser left unresolved (added after parsing, as the
    /// html/template escaper adds its own), looked up before the set's.
    pub funcs: Option<Arc<Funcs>>,
    /// The host's own data for this execution, which its functions read through
    /// [`Context::user`] (Hugo's `context.Context`).
    pub user: Option<Arc<dyn Any + Send + Sync>>,
    /// See [`DEFAULT_MAX_EXEC_DEPTH`].
    pub max_depth: usize,
    /// How many steps (`range` iterations and template calls, nested executions included)
    /// one execution may take; `None`, as in Go, for no bound. Depth alone does not bound
    /// time: `{{range 1000000000}}` loops, and templates that each call the next twice run
    /// 2^depth calls. A host that runs untrusted templates (or a fuzzer) sets this.
    pub max_steps: Option<u64>,
    /// How many bytes one execution may write into its output (nested executions count
    /// apart); `None` for no bound.
    pub max_output: Option<usize>,
}

impl Default for ExecOptions {
    fn default() -> Self {
        ExecOptions {
            funcs: None,
            user: None,
            max_depth: DEFAULT_MAX_EXEC_DEPTH,
            max_steps: None,
            max_output: None,
        }
    }
}

impl fmt::Debug for ExecOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExecOptions")
            .field("funcs", &self.funcs)
            .field("user", &self.user.is_some())
            .field("max_depth", &self.max_depth)
            .field("max_steps", &self.max_steps)
            .field("max_output", &self.max_output)
            .finish()
    }
}

/// How an execution ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The template ran to its end.
    Done,
    /// A function returned [`CallError::Return`]: the execution stopped there and hands back
    /// this value (Hugo's `return` in a partial).
    Returned(Value),
}

/// What kind of failure an [`ExecError`] is, for callers and tests that must not compare
/// wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecErrorKind {
    /// No such template: to execute, or in `{{template "x"}}`.
    NoTemplate,
    /// A field or method that is not there, or a nil pointer in the way.
    Field,
    /// A missing map key under `missingkey=error`.
    MissingKey,
    /// A function or method reported an error.
    Call,
    /// Arguments that do not fit: their number or type, or arguments to a non-function.
    Args,
    UndefinedVariable,
    /// A value `range` cannot iterate.
    Range,
    /// A value that cannot be printed (a function).
    Print,
    /// Comparison of values that cannot be compared.
    Compare,
    /// Recursion past [`ExecOptions::max_depth`].
    Depth,
    /// More steps than [`ExecOptions::max_steps`], or more output than
    /// [`ExecOptions::max_output`].
    Budget,
    /// A number constant too large for an int, `nil` as a command, and the like.
    Other,
    /// html/template could not escape the template; [`ExecError::escape`] says why.
    Escape,
}

/// Where an execution error happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorLocation {
    /// The error name of the tree (its file).
    pub file: Arc<str>,
    pub line: usize,
    /// The byte offset in the line, from 0, as Go prints it.
    pub col: usize,
    /// The node being executed, as Go prints it: `.Site.Foo`, `index .SI 10`.
    pub context: String,
}

/// A template that failed while executing.
#[derive(Debug, Clone)]
pub struct ExecError {
    /// The template being executed.
    pub name: Arc<str>,
    pub location: Option<ErrorLocation>,
    pub kind: ExecErrorKind,
    /// Go's message, without the location.
    pub message: String,
    /// For [`ExecErrorKind::Escape`]: html/template's error, which prints as Go prints it
    /// (`html/template:FILE:LINE:COL: ...`).
    pub escape: Option<Arc<crate::html::Error>>,
}

impl ExecError {
    /// The error of a template that html/template refuses to execute.
    pub(crate) fn escaping(name: &str, err: Arc<crate::html::Error>) -> ExecError {
        ExecError {
            name: name.into(),
            location: None,
            kind: ExecErrorKind::Escape,
            message: err.description.clone(),
            escape: Some(err),
        }
    }
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(err) = &self.escape {
            return err.fmt(f);
        }
        match &self.location {
            Some(l) => write!(
                f,
                "template: {}:{}:{}: executing {} at <{}>: {}",
                l.file,
                l.line,
                l.col,
                crate::strconv::quote(&self.name),
                l.context,
                self.message
            ),
            None if self.name.is_empty() => write!(f, "template: {}", self.message),
            None => write!(f, "template: {}: {}", self.name, self.message),
        }
    }
}

impl std::error::Error for ExecError {}

/// What a host function sees of the execution calling it.
pub struct Context<'a> {
    set: &'a Set,
    opts: &'a ExecOptions,
    dot: &'a Value,
    name: &'a str,
    depth: usize,
    steps: &'a Cell<u64>,
}

/// The result of [`Context::execute`].
#[derive(Debug, Clone)]
pub struct Executed {
    pub output: String,
    /// Set when the template ended with a `return` (see [`Outcome::Returned`]).
    pub returned: Option<Value>,
}

impl<'a> Context<'a> {
    /// The current `.`.
    pub fn dot(&self) -> &Value {
        self.dot
    }

    pub fn set(&self) -> &Set {
        self.set
    }

    /// The name of the template executing.
    pub fn template_name(&self) -> &str {
        self.name
    }

    /// The host's data given in [`ExecOptions::user`].
    pub fn user(&self) -> Option<&(dyn Any + Send + Sync)> {
        self.opts.user.as_deref()
    }

    /// Executes another template of the set with `data` into a string of its own, one level
    /// deeper (a host's `partial`).
    pub fn execute(&mut self, name: &str, data: &Value) -> Result<Executed, ExecError> {
        let mut output = String::new();
        let outcome = self.set.run(
            name,
            data,
            &mut output,
            self.opts,
            (self.depth + 1, self.steps),
        )?;
        let returned = match outcome {
            Outcome::Done => None,
            Outcome::Returned(v) => Some(v),
        };
        Ok(Executed { output, returned })
    }
}

/// What stops an execution early.
pub(crate) enum Abort {
    Error(ExecError),
    Return(Value),
}

type R<T> = Result<T, Box<Abort>>;

/// How a list ended: normally, or by `{{break}}` / `{{continue}}` for the enclosing range.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

struct Var {
    name: Arc<str>,
    value: Value,
}

/// The state of one execution.
pub(crate) struct State<'s> {
    set: &'s Set,
    /// The trees `{{template}}` finds: the set's, or for an html set the escaped ones.
    trees: &'s Trees,
    opts: &'s ExecOptions,
    out: &'s mut String,
    vars: Vec<Var>,
    /// Where the variables of the template executing start (its `$`).
    base: usize,
    depth: usize,
    /// Steps taken by the whole execution, nested ones included (see [`ExecOptions::max_steps`]).
    steps: &'s Cell<u64>,
    tree: &'s Tree,
    name: &'s Arc<str>,
    /// Evaluated arguments of calls under way, one region per call, so calls allocate nothing.
    args: Vec<Value>,
}

/// A node to name in an error.
enum At<'n> {
    Node(&'n Node),
    Pipe(&'n PipeNode),
    Command(&'n CommandNode),
    Operand(&'n Operand),
    Field(&'n FieldNode),
    Chain(&'n ChainNode),
    Variable(&'n VariableNode),
    Identifier(&'n IdentifierNode),
    Template(&'n TemplateNode),
}

impl At<'_> {
    fn pos(&self) -> Pos {
        match self {
            At::Node(n) => n.pos(),
            At::Pipe(p) => p.pos,
            At::Command(c) => c.pos,
            At::Operand(o) => o.pos(),
            At::Field(f) => f.pos,
            At::Chain(c) => c.pos,
            At::Variable(v) => v.pos,
            At::Identifier(i) => i.pos,
            At::Template(t) => t.pos,
        }
    }

    fn context(&self) -> String {
        match self {
            At::Node(n) => n.to_string(),
            At::Pipe(p) => p.to_string(),
            At::Command(c) => c.to_string(),
            At::Operand(o) => o.to_string(),
            At::Field(f) => f.to_string(),
            At::Chain(c) => c.to_string(),
            At::Variable(v) => v.to_string(),
            At::Identifier(i) => i.to_string(),
            At::Template(t) => t.to_string(),
        }
    }
}

impl Set {
    /// Executes the template `name` with `data` into `out`, at a depth and with the steps
    /// taken so far by the execution this one is part of. An html set executes the trees as
    /// html/template escaped them, escaping `name` first if no execution has yet.
    pub(crate) fn run(
        &self,
        name: &str,
        data: &Value,
        out: &mut String,
        opts: &ExecOptions,
        budget: (usize, &Cell<u64>),
    ) -> Result<Outcome, ExecError> {
        match self.escaped_trees(name) {
            None => self.run_in(self.trees(), name, data, out, opts, budget),
            Some(Ok(trees)) => self.run_in(&trees, name, data, out, opts, budget),
            Some(Err(err)) => Err(ExecError::escaping(name, err)),
        }
    }

    fn run_in(
        &self,
        trees: &Trees,
        name: &str,
        data: &Value,
        out: &mut String,
        opts: &ExecOptions,
        (depth, steps): (usize, &Cell<u64>),
    ) -> Result<Outcome, ExecError> {
        let Some((key, tree)) = trees.get_key_value(name) else {
            return Err(ExecError {
                name: "".into(),
                location: None,
                kind: ExecErrorKind::NoTemplate,
                message: format!(
                    "no template {} associated with template set",
                    crate::strconv::quote(name)
                ),
                escape: None,
            });
        };
        if depth > opts.max_depth {
            return Err(ExecError {
                name: key.clone(),
                location: None,
                kind: ExecErrorKind::Depth,
                message: format!("exceeded maximum template depth ({})", opts.max_depth),
                escape: None,
            });
        }
        let mut state = State {
            set: self,
            trees,
            opts,
            out,
            vars: Vec::with_capacity(8),
            base: 0,
            depth,
            steps,
            tree,
            name: key,
            args: Vec::with_capacity(16),
        };
        state.vars.push(Var {
            name: "$".into(),
            value: data.clone(),
        });
        match state.walk_list(data, &tree.root) {
            Ok(_) => Ok(Outcome::Done),
            Err(abort) => match *abort {
                Abort::Error(e) => Err(e),
                Abort::Return(v) => Ok(Outcome::Returned(v)),
            },
        }
    }
}

fn is_hex_int(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 2 && b[0] == b'0' && (b[1] == b'x' || b[1] == b'X') && !s.contains(['p', 'P'])
}

impl<'s> State<'s> {
    fn error(&self, at: At<'_>, kind: ExecErrorKind, message: String) -> Box<Abort> {
        let (line, col) = self.tree.location(at.pos());
        Box::new(Abort::Error(ExecError {
            name: self.name.clone(),
            location: Some(ErrorLocation {
                file: self.tree.parse_name.clone(),
                line,
                col,
                context: at.context(),
            }),
            kind,
            message,
            escape: None,
        }))
    }

    fn check_output(&self, node: &'s Node) -> R<()> {
        match self.opts.max_output {
            Some(max) if self.out.len() > max => {
                let message = format!("exceeded the output budget ({max} bytes)");
                Err(self.error(At::Node(node), ExecErrorKind::Budget, message))
            }
            _ => Ok(()),
        }
    }

    /// One more step (a `range` iteration, a template call), or an error past the budget.
    fn step(&mut self, at: At<'_>) -> R<()> {
        let taken = self.steps.get() + 1;
        self.steps.set(taken);
        match self.opts.max_steps {
            Some(max) if taken > max => {
                let message = format!("exceeded the execution budget ({max} steps)");
                Err(self.error(at, ExecErrorKind::Budget, message))
            }
            _ => Ok(()),
        }
    }

    /// One level deeper, or Go's error past the limit.
    fn enter(&mut self, at: At<'_>) -> R<()> {
        if self.depth >= self.opts.max_depth {
            let message = format!("exceeded maximum template depth ({})", self.opts.max_depth);
            return Err(self.error(at, ExecErrorKind::Depth, message));
        }
        self.depth += 1;
        Ok(())
    }

    fn walk_list(&mut self, dot: &Value, list: &'s ListNode) -> R<Flow> {
        for node in &list.nodes {
            let flow = self.walk(dot, node)?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Value, node: &'s Node) -> R<Flow> {
        match node {
            Node::Text(t) => {
                self.out.push_str(&t.text);
                self.check_output(node)?;
            }
            Node::Action(a) => {
                let value = self.eval_pipeline(dot, &a.pipe)?;
                if a.pipe.decl.is_empty() {
                    self.print_value(node, &value)?;
                    self.check_output(node)?;
                }
            }
            Node::If(b) => return self.walk_if_or_with(dot, node, b, false),
            Node::With(b) => return self.walk_if_or_with(dot, node, b, true),
            Node::Range(b) => return self.walk_range(dot, node, b),
            Node::Template(t) => self.walk_template(dot, t)?,
            Node::Break(_) => return Ok(Flow::Break),
            Node::Continue(_) => return Ok(Flow::Continue),
            Node::Comment(_) => {}
        }
        Ok(Flow::Normal)
    }

    /// `if` and `with`, and the `{{else if}}`/`{{else with}}` links chained to them, which
    /// are walked in a loop and count one level of depth together (Go nests them, but has no
    /// limit; a theme may chain over a hundred).
    fn walk_if_or_with(
        &mut self,
        dot: &Value,
        node: &'s Node,
        b: &'s BranchNode,
        with: bool,
    ) -> R<Flow> {
        let mark = self.vars.len();
        let mut value = self.eval_pipeline(dot, &b.pipe)?;
        self.enter(At::Node(node))?;
        let mut b = b;
        let flow = loop {
            if value.truth() {
                break self.walk_list(if with { &value } else { dot }, &b.list)?;
            }
            match &b.else_list {
                Some(list) => match chained_link(list, with) {
                    Some(next) => {
                        b = next;
                        value = self.eval_pipeline(dot, &b.pipe)?;
                    }
                    None => break self.walk_list(dot, list)?,
                },
                None => break Flow::Normal,
            }
        };
        self.depth -= 1;
        self.vars.truncate(mark);
        Ok(flow)
    }

    fn walk_range(&mut self, dot: &Value, node: &'s Node, r: &'s BranchNode) -> R<Flow> {
        let mark = self.vars.len();
        let value = self.eval_pipeline(dot, &r.pipe)?;
        self.enter(At::Node(node))?;
        let ran = self.range_over(&value, node, r)?;
        if !ran {
            if let Some(else_list) = &r.else_list {
                self.walk_list(dot, else_list)?;
            }
        }
        self.depth -= 1;
        self.vars.truncate(mark);
        Ok(Flow::Normal)
    }

    /// Runs the body of `range` once per element; false if there were none.
    fn range_over(&mut self, value: &Value, node: &'s Node, r: &'s BranchNode) -> R<bool> {
        let body_mark = self.vars.len();
        let mut ran = false;
        let mut each = |this: &mut Self, key: Value, elem: Value| -> R<bool> {
            ran = true;
            this.step(At::Node(node))?;
            this.set_range_vars(r, key, &elem, body_mark)?;
            let flow = this.walk_list(&elem, &r.list)?;
            this.vars.truncate(body_mark);
            Ok(flow != Flow::Break)
        };
        match value {
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if !each(self, Value::Int(i as i64), item.clone())? {
                        break;
                    }
                }
            }
            Value::Map(map) => {
                for (k, v) in map.iter() {
                    if !each(self, k.to_value(), v.clone())? {
                        break;
                    }
                }
            }
            Value::Int(_) | Value::Uint(_) => {
                if r.pipe.decl.len() > 1 {
                    let message = format!(
                        "can't use {} to iterate over more than one variable",
                        crate::fmt::print_value(value)
                    );
                    return Err(self.error(At::Node(node), ExecErrorKind::Range, message));
                }
                match *value {
                    Value::Int(n) => {
                        for i in 0..n.max(0) {
                            if !each(self, Value::NoValue, Value::Int(i))? {
                                break;
                            }
                        }
                    }
                    Value::Uint(n) => {
                        for i in 0..n {
                            if !each(self, Value::NoValue, Value::Uint(i))? {
                                break;
                            }
                        }
                    }
                    _ => unreachable!("matched above"),
                }
            }
            Value::NoValue | Value::Nil => {}
            Value::Object(o) => match o.range() {
                Some(pairs) => {
                    for (k, v) in pairs {
                        if !each(self, k, v)? {
                            break;
                        }
                    }
                }
                None if o.is_nil() => {}
                None => return Err(self.cant_range(node, value)),
            },
            _ => return Err(self.cant_range(node, value)),
        }
        Ok(ran)
    }

    fn cant_range(&self, node: &'s Node, value: &Value) -> Box<Abort> {
        let message = format!(
            "range can't iterate over {}",
            crate::fmt::print_value(value)
        );
        self.error(At::Node(node), ExecErrorKind::Range, message)
    }

    /// Sets the variables of `range $i, $e := ...` (or `=`) for one element: with one variable
    /// it gets the element, with two the key and the element.
    fn set_range_vars(&mut self, r: &'s BranchNode, key: Value, elem: &Value, top: usize) -> R<()> {
        let decl = &r.pipe.decl;
        match (decl.len(), r.pipe.is_assign) {
            (0, _) => {}
            (1, false) => self.vars[top - 1].value = elem.clone(),
            (1, true) => self.set_var(&decl[0], elem.clone())?,
            (_, false) => {
                self.vars[top - 1].value = elem.clone();
                self.vars[top - 2].value = key;
            }
            (_, true) => {
                self.set_var(&decl[0], key)?;
                self.set_var(&decl[1], elem.clone())?;
            }
        }
        Ok(())
    }

    fn walk_template(&mut self, dot: &Value, t: &'s TemplateNode) -> R<()> {
        let Some((name, tree)) = self.trees.get_key_value(&t.name) else {
            let message = format!("template {} not defined", crate::strconv::quote(&t.name));
            return Err(self.error(At::Template(t), ExecErrorKind::NoTemplate, message));
        };
        self.step(At::Template(t))?;
        self.enter(At::Template(t))?;
        // Variables the pipeline declares persist in the caller.
        let data = match &t.pipe {
            Some(p) => self.eval_pipeline(dot, p)?,
            None => Value::NoValue,
        };
        let saved = (self.tree, self.name, self.base);
        self.tree = tree;
        self.name = name;
        self.base = self.vars.len();
        // No dynamic scoping: the called template sees only `$`.
        self.vars.push(Var {
            name: "$".into(),
            value: data.clone(),
        });
        let result = self.walk_list(&data, &tree.root);
        self.vars.truncate(self.base);
        (self.tree, self.name, self.base) = saved;
        self.depth -= 1;
        result.map(|_| ())
    }

    fn print_value(&mut self, node: &'s Node, value: &Value) -> R<()> {
        match value {
            Value::NoValue => self.out.push_str("<no value>"),
            Value::String(s) | Value::Safe(_, s) => self.out.push_str(s),
            Value::Int(i) => {
                let _ = write!(self.out, "{i}");
            }
            Value::Func(_) => {
                let message = format!("can't print {node} of type {}", value.type_name());
                return Err(self.error(At::Node(node), ExecErrorKind::Print, message));
            }
            other => crate::fmt::write_value(self.out, other),
        }
        Ok(())
    }

    // Evaluation.

    fn eval_pipeline(&mut self, dot: &Value, pipe: &'s PipeNode) -> R<Value> {
        let mut value: Option<Value> = None;
        for cmd in &pipe.cmds {
            value = Some(self.eval_command(dot, cmd, value.take())?);
        }
        let value = value.unwrap_or_default();
        for v in &pipe.decl {
            if pipe.is_assign {
                self.set_var(v, value.clone())?;
            } else {
                self.vars.push(Var {
                    name: v.ident[0].clone(),
                    value: value.clone(),
                });
            }
        }
        Ok(value)
    }

    /// A parenthesized pipeline, one level deeper.
    fn eval_nested_pipeline(&mut self, dot: &Value, pipe: &'s PipeNode) -> R<Value> {
        self.enter(At::Pipe(pipe))?;
        let value = self.eval_pipeline(dot, pipe);
        self.depth -= 1;
        value
    }

    fn not_a_function(&self, args: &'s [Operand], last: &Option<Value>) -> R<()> {
        if args.len() > 1 || last.is_some() {
            let message = format!("can't give argument to non-function {}", args[0]);
            return Err(self.error(At::Operand(&args[0]), ExecErrorKind::Args, message));
        }
        Ok(())
    }

    /// One command; `last` is the value of the previous command, its final argument.
    fn eval_command(&mut self, dot: &Value, cmd: &'s CommandNode, last: Option<Value>) -> R<Value> {
        // The parser never makes an empty command; a pass that edits trees might.
        let Some(first) = cmd.args.first() else {
            let message = "empty command".to_string();
            return Err(self.error(At::Command(cmd), ExecErrorKind::Other, message));
        };
        match first {
            Operand::Field(f) => return self.eval_field_node(dot, f, &cmd.args, last),
            Operand::Chain(c) => return self.eval_chain_node(dot, c, &cmd.args, last),
            Operand::Identifier(id) => {
                return self.eval_function(dot, id, At::Command(cmd), &cmd.args, last)
            }
            Operand::Pipe(p) => {
                self.not_a_function(&cmd.args, &last)?;
                return self.eval_nested_pipeline(dot, p);
            }
            Operand::Variable(v) => return self.eval_variable_node(dot, v, &cmd.args, last),
            _ => {}
        }
        self.not_a_function(&cmd.args, &last)?;
        match first {
            Operand::Bool(_, b) => Ok(Value::Bool(*b)),
            Operand::Dot(_) => Ok(dot.clone()),
            Operand::Nil(_) => Err(self.error(
                At::Operand(first),
                ExecErrorKind::Other,
                "nil is not a command".into(),
            )),
            Operand::Number(n) => self.ideal_constant(first, n),
            Operand::String(s) => Ok(Value::String(s.text.clone())),
            _ => unreachable!("handled above"),
        }
    }

    /// A number whose type only its syntax tells: a float if written as one, else an int.
    fn ideal_constant(&self, at: &Operand, n: &NumberNode) -> R<Value> {
        let text = &*n.text;
        if n.is_float
            && !is_hex_int(text)
            && !text.starts_with('\'')
            && text.contains(['.', 'e', 'E', 'p', 'P'])
        {
            return Ok(Value::Float(n.float));
        }
        if n.is_int {
            return Ok(Value::Int(n.int));
        }
        if n.is_uint {
            return Err(self.error(
                At::Operand(at),
                ExecErrorKind::Other,
                format!("{text} overflows int"),
            ));
        }
        Ok(Value::NoValue)
    }

    fn eval_field_node(
        &mut self,
        dot: &Value,
        f: &'s FieldNode,
        args: &'s [Operand],
        last: Option<Value>,
    ) -> R<Value> {
        self.eval_field_chain(dot, dot.clone(), At::Field(f), &f.ident, args, last)
    }

    fn eval_chain_node(
        &mut self,
        dot: &Value,
        c: &'s ChainNode,
        args: &'s [Operand],
        last: Option<Value>,
    ) -> R<Value> {
        if let Operand::Nil(_) = c.node {
            let message = format!("indirection through explicit nil in {c}");
            return Err(self.error(At::Chain(c), ExecErrorKind::Other, message));
        }
        let receiver = self.eval_arg(dot, &c.node)?;
        self.eval_field_chain(dot, receiver, At::Chain(c), &c.field, args, last)
    }

    fn eval_variable_node(
        &mut self,
        dot: &Value,
        v: &'s VariableNode,
        args: &'s [Operand],
        last: Option<Value>,
    ) -> R<Value> {
        let value = self.var_value(v)?;
        if v.ident.len() == 1 {
            self.not_a_function(args, &last)?;
            return Ok(value);
        }
        self.eval_field_chain(dot, value, At::Variable(v), &v.ident[1..], args, last)
    }

    /// `.X.Y.Z args`: every name but the last is a plain field; the last gets the arguments.
    fn eval_field_chain(
        &mut self,
        dot: &Value,
        mut receiver: Value,
        at: At<'s>,
        idents: &'s [Arc<str>],
        args: &'s [Operand],
        last: Option<Value>,
    ) -> R<Value> {
        let Some((last_name, leading)) = idents.split_last() else {
            return Ok(receiver);
        };
        for name in leading {
            receiver = self.eval_field(dot, name, &at, &[], None, receiver)?;
        }
        self.eval_field(dot, last_name, &at, args, last, receiver)
    }

    /// `.Name` of `receiver`, with `args[1..]` and `last` as arguments if it is a method.
    fn eval_field(
        &mut self,
        dot: &Value,
        name: &Arc<str>,
        at: &At<'s>,
        args: &'s [Operand],
        last: Option<Value>,
        receiver: Value,
    ) -> R<Value> {
        let has_args = args.len() > 1 || last.is_some();
        match &receiver {
            Value::NoValue => {
                if self.set.missing_key() == MissingKey::Error {
                    let message =
                        format!("nil data; no entry for key {}", crate::strconv::quote(name));
                    return Err(self.error(self.at_again(at), ExecErrorKind::MissingKey, message));
                }
                Ok(Value::NoValue)
            }
            Value::Nil => {
                let message = format!("nil pointer evaluating {}.{name}", receiver.type_name());
                Err(self.error(self.at_again(at), ExecErrorKind::Field, message))
            }
            Value::Map(map) => {
                if map
                    .keys()
                    .next()
                    .is_some_and(|k| !matches!(k, crate::value::MapKey::String(_)))
                {
                    return Err(self.cant_evaluate(at, name, &receiver));
                }
                if has_args {
                    let message = format!("{name} is not a method but has arguments");
                    return Err(self.error(self.at_again(at), ExecErrorKind::Args, message));
                }
                match map.get(&crate::value::MapKey::String(name.clone())) {
                    Some(v) => Ok(v.clone()),
                    None => self.missing_key(at, name, Value::Nil),
                }
            }
            Value::Object(o) => {
                if o.is_nil() && o.derefs_nil(name) {
                    let message = format!("nil pointer evaluating {}.{name}", o.type_name());
                    return Err(self.error(self.at_again(at), ExecErrorKind::Field, message));
                }
                let start = self.args.len();
                let evaluated = self.eval_args(dot, &args[1.min(args.len())..], last);
                if let Err(e) = evaluated {
                    self.args.truncate(start);
                    return Err(e);
                }
                let result = o.get(name, &self.args[start..]);
                self.args.truncate(start);
                match result {
                    Some(Ok(v)) => Ok(v),
                    Some(Err(e)) => Err(self.call_failed(self.at_again(at), name, e)),
                    None => match o.map_zero() {
                        Some(_) if has_args => {
                            let message = format!("{name} is not a method but has arguments");
                            Err(self.error(self.at_again(at), ExecErrorKind::Args, message))
                        }
                        Some(zero) => self.missing_key(at, name, zero),
                        None => Err(self.cant_evaluate(at, name, &receiver)),
                    },
                }
            }
            _ => Err(self.cant_evaluate(at, name, &receiver)),
        }
    }

    /// The same node again, for a second error site.
    fn at_again<'n>(&self, at: &At<'n>) -> At<'n> {
        match at {
            At::Field(f) => At::Field(f),
            At::Chain(c) => At::Chain(c),
            At::Variable(v) => At::Variable(v),
            At::Node(n) => At::Node(n),
            At::Pipe(p) => At::Pipe(p),
            At::Command(c) => At::Command(c),
            At::Operand(o) => At::Operand(o),
            At::Identifier(i) => At::Identifier(i),
            At::Template(t) => At::Template(t),
        }
    }

    fn cant_evaluate(&self, at: &At<'s>, name: &str, receiver: &Value) -> Box<Abort> {
        let message = format!(
            "can't evaluate field {name} in type {}",
            receiver.type_name()
        );
        self.error(self.at_again(at), ExecErrorKind::Field, message)
    }

    /// A key a map lacks, by the set's `missingkey` option.
    fn missing_key(&self, at: &At<'s>, name: &str, zero: Value) -> R<Value> {
        match self.set.missing_key() {
            MissingKey::Default => Ok(Value::NoValue),
            MissingKey::Zero => Ok(zero),
            MissingKey::Error => {
                let message = format!("map has no entry for key {}", crate::strconv::quote(name));
                Err(self.error(self.at_again(at), ExecErrorKind::MissingKey, message))
            }
        }
    }

    fn call_failed(&self, at: At<'_>, name: &str, e: CallError) -> Box<Abort> {
        match e {
            CallError::Return(v) => Box::new(Abort::Return(v)),
            CallError::Message(m) => self.error(
                at,
                ExecErrorKind::Call,
                format!("error calling {name}: {m}"),
            ),
        }
    }

    /// Evaluates `args` (then `last`) onto the argument stack.
    fn eval_args(&mut self, dot: &Value, args: &'s [Operand], last: Option<Value>) -> R<()> {
        for arg in args {
            let v = self.eval_arg(dot, arg)?;
            self.args.push(v);
        }
        if let Some(v) = last {
            self.args.push(v);
        }
        Ok(())
    }

    /// An argument, as Go evaluates one for a parameter of type `any`.
    fn eval_arg(&mut self, dot: &Value, arg: &'s Operand) -> R<Value> {
        match arg {
            Operand::Dot(_) => Ok(dot.clone()),
            // An untyped nil becomes a nil interface: what a missing value is too.
            Operand::Nil(_) => Ok(Value::NoValue),
            Operand::Field(f) => self.eval_field_node(dot, f, std::slice::from_ref(arg), None),
            Operand::Variable(v) => {
                self.eval_variable_node(dot, v, std::slice::from_ref(arg), None)
            }
            Operand::Pipe(p) => self.eval_nested_pipeline(dot, p),
            Operand::Identifier(id) => {
                self.eval_function(dot, id, At::Identifier(id), std::slice::from_ref(arg), None)
            }
            Operand::Chain(c) => self.eval_chain_node(dot, c, std::slice::from_ref(arg), None),
            Operand::Bool(_, b) => Ok(Value::Bool(*b)),
            Operand::Number(n) => self.ideal_constant(arg, n),
            Operand::String(s) => Ok(Value::String(s.text.clone())),
        }
    }

    fn var_index(&self, v: &VariableNode) -> Option<usize> {
        let name = &v.ident[0];
        let fast = self
            .base
            .checked_add(v.slot)
            .filter(|&i| i < self.vars.len());
        if let Some(i) = fast {
            if Arc::ptr_eq(&self.vars[i].name, name) || self.vars[i].name == *name {
                return Some(i);
            }
        }
        (self.base..self.vars.len())
            .rev()
            .find(|&i| self.vars[i].name == *name)
    }

    fn var_value(&self, v: &'s VariableNode) -> R<Value> {
        match self.var_index(v) {
            Some(i) => Ok(self.vars[i].value.clone()),
            None => Err(self.undefined(v)),
        }
    }

    fn set_var(&mut self, v: &'s VariableNode, value: Value) -> R<()> {
        match self.var_index(v) {
            Some(i) => {
                self.vars[i].value = value;
                Ok(())
            }
            None => Err(self.undefined(v)),
        }
    }

    fn undefined(&self, v: &'s VariableNode) -> Box<Abort> {
        let message = format!("undefined variable: {}", v.ident[0]);
        self.error(At::Variable(v), ExecErrorKind::UndefinedVariable, message)
    }

    /// A call of the function `id`; `at` is where Go reports its failure (the whole command,
    /// or the identifier when it is an argument).
    fn eval_function(
        &mut self,
        dot: &Value,
        id: &'s IdentifierNode,
        at: At<'s>,
        args: &'s [Operand],
        last: Option<Value>,
    ) -> R<Value> {
        let resolved;
        let func = match &id.func {
            Some(f) => f,
            None => {
                let found = self
                    .opts
                    .funcs
                    .as_ref()
                    .and_then(|f| f.get(&id.name))
                    .or_else(|| self.set.funcs().get(&id.name));
                match found {
                    Some(f) => {
                        resolved = f;
                        &resolved
                    }
                    None => {
                        let message = format!(
                            "{} is not a defined function",
                            crate::strconv::quote(&id.name)
                        );
                        return Err(self.error(At::Identifier(id), ExecErrorKind::Call, message));
                    }
                }
            }
        };
        let name = &id.name;
        let params = &args[1.min(args.len())..];
        match func.kind() {
            FunctionKind::Builtin(b @ (Builtin::And | Builtin::Or)) => {
                self.and_or(dot, id, *b, params, last)
            }
            FunctionKind::Builtin(Builtin::Call) => self.call(dot, id, at, params, last),
            FunctionKind::Builtin(b) => {
                self.check_arity(id, *b, params.len(), last.is_some())?;
                if *b == Builtin::Printf {
                    if let Some(format) = params.first() {
                        if !matches!(format, Operand::String(_)) && is_literal(format) {
                            let message = format!("expected string; found {format}");
                            return Err(self.error(
                                At::Operand(format),
                                ExecErrorKind::Args,
                                message,
                            ));
                        }
                    }
                }
                let start = self.args.len();
                let evaluated = self.eval_args(dot, params, last);
                let result = evaluated.map(|_| call_builtin(*b, &self.args[start..]));
                self.args.truncate(start);
                match result? {
                    Ok(v) => Ok(v),
                    Err(BuiltinError::Call(m)) => {
                        let kind = if matches!(
                            b,
                            Builtin::Eq
                                | Builtin::Ne
                                | Builtin::Lt
                                | Builtin::Le
                                | Builtin::Gt
                                | Builtin::Ge
                        ) {
                            ExecErrorKind::Compare
                        } else {
                            ExecErrorKind::Call
                        };
                        Err(self.error(at, kind, format!("error calling {name}: {m}")))
                    }
                    Err(BuiltinError::Plain(m)) => {
                        Err(self.error(At::Identifier(id), ExecErrorKind::Args, m))
                    }
                }
            }
            FunctionKind::Escaper(e) => {
                let start = self.args.len();
                let evaluated = self.eval_args(dot, params, last);
                let result = evaluated.map(|_| crate::html::escape(*e, &self.args[start..]));
                self.args.truncate(start);
                Ok(Value::String(result?.into()))
            }
            FunctionKind::Host(f) => {
                let start = self.args.len();
                if let Err(e) = self.eval_args(dot, params, last) {
                    self.args.truncate(start);
                    return Err(e);
                }
                let mut ctx = Context {
                    set: self.set,
                    opts: self.opts,
                    dot,
                    name: self.name,
                    depth: self.depth,
                    steps: self.steps,
                };
                let result = f(&mut ctx, &self.args[start..]);
                self.args.truncate(start);
                result.map_err(|e| self.call_failed(at, name, e))
            }
        }
    }

    fn check_arity(
        &self,
        id: &'s IdentifierNode,
        b: Builtin,
        params: usize,
        has_last: bool,
    ) -> R<()> {
        check_arity(b, &id.name, params, has_last)
            .map_err(|m| self.error(At::Identifier(id), ExecErrorKind::Args, m))
    }

    /// `and` and `or`: evaluate arguments only until the answer is known, and return the
    /// argument that decided it.
    fn and_or(
        &mut self,
        dot: &Value,
        id: &'s IdentifierNode,
        b: Builtin,
        params: &'s [Operand],
        last: Option<Value>,
    ) -> R<Value> {
        self.check_arity(id, b, params.len(), last.is_some())?;
        let stop_on = b == Builtin::Or;
        let mut value = Value::NoValue;
        for arg in params {
            value = self.eval_arg(dot, arg)?;
            if value.truth() == stop_on {
                return Ok(value);
            }
        }
        if let Some(v) = last {
            value = v;
        }
        Ok(value)
    }

    /// `call fn args...`.
    fn call(
        &mut self,
        dot: &Value,
        id: &'s IdentifierNode,
        at: At<'s>,
        params: &'s [Operand],
        last: Option<Value>,
    ) -> R<Value> {
        self.check_arity(id, Builtin::Call, params.len(), last.is_some())?;
        let callee = match params.first() {
            Some(p) => p.to_string(),
            None => format!(
                "<{} Value>",
                last.as_ref().map(Value::type_name).unwrap_or_default()
            ),
        };
        let start = self.args.len();
        if let Err(e) = self.eval_args(dot, params, last) {
            self.args.truncate(start);
            return Err(e);
        }
        let result = match &self.args[start] {
            Value::NoValue | Value::Nil => Err(CallError::Message("call of nil".into())),
            Value::Func(f) => f.call(&self.args[start + 1..]),
            other => Err(CallError::Message(format!(
                "non-function {callee} of type {}",
                other.type_name()
            ))),
        };
        self.args.truncate(start);
        result.map_err(|e| self.call_failed(at, "call", e))
    }
}

/// A constant operand, which Go checks against a parameter's type before evaluating.
fn is_literal(o: &Operand) -> bool {
    matches!(
        o,
        Operand::Bool(..) | Operand::Number(_) | Operand::String(_) | Operand::Nil(_)
    )
}

/// The next link of an `{{else if}}` (or, in `with`, `{{else with}}`) chain: an `{{else}}`
/// list that is one control of the same kind. `{{else}}{{if b}}...{{end}}` makes the same
/// tree and runs the same, so it is taken as a link too.
pub(crate) fn chained_link(else_list: &ListNode, with: bool) -> Option<&BranchNode> {
    match else_list.nodes.as_slice() {
        [Node::If(b)] if !with => Some(b),
        [Node::With(b)] if with => Some(b),
        _ => None,
    }
}
