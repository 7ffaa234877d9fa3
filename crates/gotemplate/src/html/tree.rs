//! The tree pass of html/template (Go's `escape.go`): walks a parsed template from the start
//! of a document, follows the context through its text, actions, branches and template
//! calls, and rewrites it so that every action's output is escaped for where it lands.
//!
//! One *round* escapes one entry point (the template being executed) and every template it
//! reaches. What a round learns goes in layers, as Go's escaper keeps it in nested escapers:
//! a template body, or the second run of a `range` body, is escaped in a layer of its own
//! that is kept only if its result holds (a recursive template's assumed output context
//! proves right), else dropped. Edits are recorded against the nodes of the trees as parsed,
//! which stay untouched; a round that succeeds writes rewritten copies of the trees it
//! escaped into [`Escaped`], which later rounds and executions use. A round that fails
//! commits nothing.
//!
//! Go's rules are followed closely, including its quirks: a template escaped in text context
//! keeps its own name, in any other context it is escaped as a copy named after the context
//! ([`Context::mangle`]); the output context remembered for a template is the one assumed
//! when its body was escaped.
//!
//! Unlike Go, the pass is bounded: template calls and branches nest at most
//! [`MAX_ESCAPE_DEPTH`] deep, and a round visits at most [`MAX_ESCAPE_STEPS`] nodes (each
//! `range` body is escaped twice, so nested ranges double the work at every level).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::action::{ensure_pipeline_contains, escape_action, Action, Command, PipeItem};
use super::context::{join, Context, State, UrlPart};
use super::error::{Error, ErrorCode, Location};
use super::escaper::Escaper;
use super::text::context_after_text;
use crate::exec::chained_link;
use crate::funcs::{Funcs, Function};
use crate::parse::{
    ActionNode, BranchNode, CommandNode, IdentifierNode, ListNode, Node, Operand, PipeNode, Pos,
    TemplateNode, TextNode, Tree,
};
use crate::template::Trees;

/// How deep branches and template calls may nest while escaping, counted together, as
/// execution counts them ([`crate::DEFAULT_MAX_EXEC_DEPTH`]): a set that nests deeper could
/// not execute either. It keeps a hostile set of templates that call one another in a chain
/// from overflowing the stack (measured in `tests/engine/limits.rs`).
pub const MAX_ESCAPE_DEPTH: usize = crate::DEFAULT_MAX_EXEC_DEPTH;

/// How many nodes one round may visit. Go's escaper runs every `range` body twice, so a range
/// nested n deep in ranges is escaped 2^n times; real templates nest a few levels and visit
/// each node a few times, while a hostile one would take forever. Ten million visits take
/// a few seconds at most.
pub const MAX_ESCAPE_STEPS: u64 = 10_000_000;

/// What the escaping of earlier entry points of a set learned: the output context of every
/// template escaped (under its derived name), and the escaped trees.
#[derive(Default)]
pub(crate) struct Escaped {
    output: HashMap<Arc<str>, Context>,
    trees: Arc<Trees>,
}

impl Escaped {
    /// Escapes the template `name` of `raw` as an entry point (Go's `escapeTemplate`), and
    /// returns the escaped trees its execution runs, or Go's error.
    pub(crate) fn escape_entry(
        &mut self,
        raw: &Trees,
        funcs: &Funcs,
        name: &str,
    ) -> Result<Arc<Trees>, Error> {
        let mut round = Round {
            raw,
            committed: &self.output,
            layers: vec![Layer::default()],
            ranges: Vec::new(),
            walked: HashMap::new(),
            claimed: HashMap::new(),
            arena: Vec::new(),
            depth: 0,
            steps: 0,
        };
        let (c, _) = round.escape_tree(Context::default(), name, None);
        let mut err = match c.err {
            Some(err) => *err,
            None if c.state != State::Text => Error::new(
                ErrorCode::EndContext,
                format!("ends in a non-text context: {c}"),
            ),
            None => {
                let layer = round.layers.pop().expect("the round's own layer");
                let walked = std::mem::take(&mut round.walked);
                self.commit(layer, &walked, funcs);
                return Ok(self.trees.clone());
            }
        };
        err.name = name.into();
        Err(err)
    }

    /// Writes the rewritten trees of a successful round (Go's `commit`).
    fn commit(&mut self, layer: Layer, walked: &HashMap<Arc<str>, Arc<Tree>>, funcs: &Funcs) {
        let trees = Arc::make_mut(&mut self.trees);
        for (name, ctx) in &layer.output {
            let Some(tree) = walked.get(name) else {
                continue;
            };
            let rewritten = Tree {
                name: name.clone(),
                parse_name: tree.parse_name.clone(),
                root: rewrite_list(&tree.root, &layer, funcs),
                source: tree.source.clone(),
            };
            trees.insert(name.clone(), Arc::new(rewritten));
            self.output.insert(name.clone(), ctx.clone());
        }
    }
}

/// What escaping learned and wants to change, in one layer (one of Go's escapers). Nodes
/// are known by their address in the tree walked, which the round keeps alive.
#[derive(Default)]
struct Layer {
    /// The output context of each template escaped, by derived name.
    output: HashMap<Arc<str>, Context>,
    /// Per-context copies of templates made in this layer.
    derived: HashMap<Arc<str>, Arc<Tree>>,
    /// The derived names called in this layer.
    called: HashSet<Arc<str>>,
    /// The escapers each action's pipeline gets.
    actions: HashMap<usize, Vec<Escaper>>,
    /// The derived name each `{{template}}` calls instead.
    calls: HashMap<usize, Arc<str>>,
    /// Text as html/template rewrites it.
    texts: HashMap<usize, Arc<str>>,
}

impl Layer {
    fn merge(&mut self, child: Layer) {
        self.output.extend(child.output);
        self.derived.extend(child.derived);
        self.called.extend(child.called);
        self.actions.extend(child.actions);
        self.calls.extend(child.calls);
        self.texts.extend(child.texts);
    }
}

/// Decides from a layer and the context its list ended in whether the layer is kept.
type KeepLayer = dyn Fn(&Layer, &Context) -> bool;

/// The contexts at the `{{break}}`s and `{{continue}}`s of the `range` body being escaped,
/// with where they are.
#[derive(Default)]
struct RangeExits {
    breaks: Vec<(Context, Arc<Tree>, Pos)>,
    continues: Vec<(Context, Arc<Tree>, Pos)>,
}

/// The escaping of one entry point.
struct Round<'a> {
    /// The set's trees as parsed.
    raw: &'a Trees,
    /// Output contexts of templates escaped by earlier rounds.
    committed: &'a HashMap<Arc<str>, Context>,
    /// The layers, innermost last; the first is the round's own.
    layers: Vec<Layer>,
    /// The `range` loops being escaped, innermost last.
    ranges: Vec<RangeExits>,
    /// The tree walked for each derived name.
    walked: HashMap<Arc<str>, Arc<Tree>>,
    /// Which name first walked each tree as parsed: a tree added to the set under two names
    /// (Go's aliased parse trees) is walked as a copy under the second, so the two are
    /// escaped apart.
    claimed: HashMap<usize, Arc<str>>,
    /// Every copy made in the round, kept alive so that no two nodes share an address.
    arena: Vec<Arc<Tree>>,
    depth: usize,
    steps: u64,
}

fn addr<T>(node: &T) -> usize {
    node as *const T as usize
}

fn location(tree: &Tree, pos: Pos) -> Location {
    let (line, col) = tree.location(pos);
    Location {
        file: tree.parse_name.clone(),
        line,
        col,
    }
}

/// `ctx` as an error context placed at a node.
fn error_at(mut err: Error, tree: &Tree, pos: Pos) -> Context {
    let at = location(tree, pos);
    err.line = at.line;
    err.node = Some(at);
    Context::error(err)
}

impl Round<'_> {
    fn top(&mut self) -> &mut Layer {
        self.layers.last_mut().expect("a round always has a layer")
    }

    /// The output context known for a derived name, innermost layer first.
    fn output(&self, name: &str) -> Option<&Context> {
        self.layers
            .iter()
            .rev()
            .find_map(|l| l.output.get(name))
            .or_else(|| self.committed.get(name))
    }

    fn derived(&self, name: &str) -> Option<&Arc<Tree>> {
        self.layers.iter().rev().find_map(|l| l.derived.get(name))
    }

    /// The error for nesting past [`MAX_ESCAPE_DEPTH`], or `None` and one level deeper.
    fn enter(&mut self, tree: &Tree, pos: Pos) -> Option<Context> {
        if self.depth >= MAX_ESCAPE_DEPTH {
            let description = format!(
                "cannot compute output context: templates and branches nest more than {MAX_ESCAPE_DEPTH} deep"
            );
            return Some(error_at(
                Error::new(ErrorCode::OutputContext, description),
                tree,
                pos,
            ));
        }
        self.depth += 1;
        None
    }

    /// Escapes the template `name` called in context `c` (Go's `escapeTree`): the output
    /// context, and the name of the copy escaped for `c`. `call` is the `{{template}}` node.
    fn escape_tree(
        &mut self,
        c: Context,
        name: &str,
        call: Option<(&Arc<Tree>, Pos)>,
    ) -> (Context, Arc<str>) {
        let dname: Arc<str> = c.mangle(name).into();
        self.top().called.insert(dname.clone());
        if let Some(out) = self.output(&dname) {
            return (out.clone(), dname);
        }
        let Some(raw) = self.raw.get(name) else {
            let err = Error::no_such_template(name);
            let c = match call {
                Some((tree, pos)) => error_at(err, tree, pos),
                None => Context::error(err),
            };
            return (c, dname);
        };
        let tree = if *dname != *name {
            match self.derived(&dname) {
                Some(t) => t.clone(),
                None => {
                    let t = self.copy(raw, &dname);
                    self.top().derived.insert(dname.clone(), t.clone());
                    t
                }
            }
        } else {
            // A tree added under a name not its own is escaped as a copy named for the
            // name it is called by, which is where its escaped output is kept.
            let owner = match self.claimed.get(&addr(&**raw)) {
                None if *raw.name != *dname => Some(&raw.name),
                owner => owner,
            };
            match owner {
                Some(owner) if *owner != dname => match self.walked.get(&dname) {
                    Some(t) => t.clone(),
                    None => self.copy(raw, &dname),
                },
                _ => {
                    self.claimed.insert(addr(&**raw), dname.clone());
                    raw.clone()
                }
            }
        };
        self.walked.insert(dname.clone(), tree.clone());
        if let Some(err) = call.and_then(|(t, pos)| self.enter(t, pos)) {
            return (err, dname);
        }
        let out = self.compute_out_ctx(c, &tree);
        if call.is_some() {
            self.depth -= 1;
        }
        (out, dname)
    }

    /// A copy of `raw` named `name`, alive for the whole round.
    fn copy(&mut self, raw: &Tree, name: &Arc<str>) -> Arc<Tree> {
        let t = Arc::new(Tree {
            name: name.clone(),
            ..raw.clone()
        });
        self.arena.push(t.clone());
        t
    }

    /// The output context of `tree` started in `c`, found by assuming it is `c` and, if the
    /// template calls itself and that proves wrong, by assuming the context found instead
    /// (Go's `computeOutCtx`).
    fn compute_out_ctx(&mut self, c: Context, tree: &Arc<Tree>) -> Context {
        let (mut c1, mut ok) = self.escape_template_body(c, tree);
        // Go retries an error context too, which cannot hold (a body escaped from an error
        // ends in one, and Go keeps no body that ends in one): skipping it changes nothing
        // but the time, which for a chain of calls ending in an error would double at every
        // call.
        if !ok && c1.state != State::Error {
            let (c2, ok2) = self.escape_template_body(c1.clone(), tree);
            if ok2 {
                (c1, ok) = (c2, true);
            }
        }
        if !ok && c1.state != State::Error {
            return error_at(
                Error::cannot_compute_output(&tree.name),
                tree,
                tree.root.pos,
            );
        }
        c1
    }

    /// Escapes the body of `tree` assuming it ends in `c`: the context it ends in, and
    /// whether the assumption held (always, if the template does not call itself).
    fn escape_template_body(&mut self, c: Context, tree: &Arc<Tree>) -> (Context, bool) {
        let name = tree.name.clone();
        self.top().output.insert(name.clone(), c.clone());
        let assumed = c.clone();
        let holds = move |layer: &Layer, c1: &Context| {
            c1.state != State::Error && (!layer.called.contains(&name) || assumed == *c1)
        };
        self.escape_list_conditionally(c, tree, &tree.root, Some(&holds))
    }

    /// Escapes `list` in a layer of its own, kept only if `keep` says so.
    fn escape_list_conditionally(
        &mut self,
        c: Context,
        tree: &Arc<Tree>,
        list: &ListNode,
        keep: Option<&KeepLayer>,
    ) -> (Context, bool) {
        self.layers.push(Layer::default());
        let c = self.escape_list(c, tree, list);
        let layer = self.layers.pop().expect("pushed above");
        let ok = keep.is_some_and(|keep| keep(&layer, &c));
        if ok {
            self.top().merge(layer);
        }
        (c, ok)
    }

    fn escape_list(&mut self, mut c: Context, tree: &Arc<Tree>, list: &ListNode) -> Context {
        for node in &list.nodes {
            self.steps += 1;
            if self.steps > MAX_ESCAPE_STEPS {
                if c.state == State::Error {
                    return c;
                }
                let description = format!(
                    "cannot compute output context: escaping takes more than {MAX_ESCAPE_STEPS} steps"
                );
                return error_at(
                    Error::new(ErrorCode::OutputContext, description),
                    tree,
                    node.pos(),
                );
            }
            c = self.escape_node(c, tree, node);
            if c.state == State::Dead {
                break;
            }
        }
        c
    }

    fn escape_node(&mut self, c: Context, tree: &Arc<Tree>, node: &Node) -> Context {
        match node {
            Node::Text(t) => self.escape_text(c, tree, t),
            Node::Comment(_) => c,
            Node::Action(a) => self.escape_action(c, tree, a),
            Node::If(b) => self.escape_branch(c, tree, b, "if"),
            Node::With(b) => self.escape_branch(c, tree, b, "with"),
            Node::Range(b) => self.escape_branch(c, tree, b, "range"),
            Node::Template(t) => self.escape_call(c, tree, t),
            Node::Break(pos) | Node::Continue(pos) => {
                // The parser allows these only inside a range.
                if let Some(exits) = self.ranges.last_mut() {
                    let exit = (c, tree.clone(), *pos);
                    match node {
                        Node::Break(_) => exits.breaks.push(exit),
                        _ => exits.continues.push(exit),
                    }
                }
                Context::in_state(State::Dead)
            }
        }
    }

    fn escape_text(&mut self, c: Context, tree: &Arc<Tree>, t: &TextNode) -> Context {
        let (mut c1, text) = context_after_text(&c, &t.text);
        if c1.state == State::Error {
            if let Some(err) = c1.err.as_mut().filter(|_| c.state != State::Error) {
                err.hint = Some(location(tree, t.pos));
            }
            return c1;
        }
        if let Cow::Owned(text) = text {
            self.top().texts.insert(addr(t), text.into());
        }
        c1
    }

    fn escape_action(&mut self, c: Context, tree: &Arc<Tree>, a: &ActionNode) -> Context {
        let commands = commands(&a.pipe);
        // Only an action in an ambiguous part of a URL is named in its error.
        let source = match c.url_part {
            UrlPart::Unknown => format!("{{{{{}}}}}", a.pipe),
            _ => String::new(),
        };
        let action = Action {
            source: &source,
            commands: &commands,
            declares: !a.pipe.decl.is_empty(),
        };
        let (escapers, c1) = escape_action(&c, &action);
        if let Some(err) = &c1.err {
            if c.err.as_ref() != Some(err) {
                return error_at((**err).clone(), tree, a.pos);
            }
            return c1;
        }
        if !action.declares {
            self.top().actions.insert(addr(a), escapers);
        }
        c1
    }

    fn escape_call(&mut self, c: Context, tree: &Arc<Tree>, t: &TemplateNode) -> Context {
        let (c1, dname) = self.escape_tree(c, &t.name, Some((tree, t.pos)));
        if *dname != *t.name {
            self.top().calls.insert(addr(t), dname);
        }
        c1
    }

    /// `if`, `with` and `range` (Go's `escapeBranch`): the branches are escaped from the same
    /// context and must end in contexts that join; a range body must also come back to a
    /// context it can run again from, at its end and at each `break` and `continue`.
    fn escape_branch(
        &mut self,
        c: Context,
        tree: &Arc<Tree>,
        b: &BranchNode,
        kind: &str,
    ) -> Context {
        if let Some(err) = self.enter(tree, b.pos) {
            return err;
        }
        let c = self.escape_branch_in(c, tree, b, kind);
        self.depth -= 1;
        c
    }

    fn escape_branch_in(
        &mut self,
        c: Context,
        tree: &Arc<Tree>,
        b: &BranchNode,
        kind: &str,
    ) -> Context {
        if kind != "range" {
            return self.escape_chain(c, tree, b, kind);
        }
        self.ranges.push(RangeExits::default());
        let mut c0 = self.escape_list(c.clone(), tree, &b.list);
        let exits = self.ranges.pop().expect("pushed above");
        if c0.state != State::Error {
            c0 = join_range(c0, exits);
        }
        if c0.state == State::Error {
            return c0;
        }
        // The body may run again: from where it ended, it must end the same way.
        self.ranges.push(RangeExits::default());
        let (c1, _) = self.escape_list_conditionally(c0.clone(), tree, &b.list, None);
        c0 = join_at(&c0, &c1, kind, tree, b.pos);
        if let Some(err) = c0.err.as_mut() {
            self.ranges.pop();
            err.line = tree.location(b.pos).0;
            err.description = format!("on range loop re-entry: {}", err.description);
            return c0;
        }
        let exits = self.ranges.pop().expect("pushed above");
        c0 = join_range(c0, exits);
        if c0.state == State::Error {
            return c0;
        }
        let c1 = match &b.else_list {
            Some(list) => self.escape_list(c, tree, list),
            None => c,
        };
        join_at(&c0, &c1, kind, tree, b.pos)
    }

    /// `if` or `with` and the `{{else if}}`/`{{else with}}` links chained to it, walked in a
    /// loop (a theme may chain over a hundred): every body is escaped from the context before
    /// the chain, and the contexts they end in are joined from the last link out, as Go's
    /// recursion joins them.
    fn escape_chain(
        &mut self,
        c: Context,
        tree: &Arc<Tree>,
        b: &BranchNode,
        kind: &str,
    ) -> Context {
        let with = kind == "with";
        let mut bodies = Vec::new();
        let mut b = b;
        let last = loop {
            bodies.push((self.escape_list(c.clone(), tree, &b.list), b.pos));
            match &b.else_list {
                Some(list) => match chained_link(list, with) {
                    Some(next) => {
                        self.steps += 1;
                        b = next;
                    }
                    None => break self.escape_list(c, tree, list),
                },
                None => break c,
            }
        };
        bodies
            .into_iter()
            .rev()
            .fold(last, |c1, (c0, pos)| join_at(&c0, &c1, kind, tree, pos))
    }
}

/// [`join`], placing a new error at the branch node.
fn join_at(a: &Context, b: &Context, kind: &str, tree: &Tree, pos: Pos) -> Context {
    let c = join(a, b, kind);
    match c.err {
        Some(err) if a.state != State::Error && b.state != State::Error => {
            error_at(*err, tree, pos)
        }
        _ => c,
    }
}

/// The context after a range body that ends in `c0` and leaves early at `exits` (Go's
/// `joinRange`): a `break` or `continue` goes back to the loop's start, so its context must
/// join the body's end.
fn join_range(mut c0: Context, exits: RangeExits) -> Context {
    let kinds = [("break", exits.breaks), ("continue", exits.continues)];
    for (kind, list) in kinds {
        for (c, tree, pos) in list {
            c0 = join_at(&c0, &c, "range", &tree, pos);
            if let Some(err) = c0.err.as_mut() {
                err.line = tree.location(pos).0;
                err.description = format!("at range loop {kind}: {}", err.description);
                return c0;
            }
        }
    }
    c0
}

/// How the escaper sees a pipeline's commands.
fn commands(pipe: &PipeNode) -> Vec<Command<'_>> {
    pipe.cmds
        .iter()
        .map(|cmd| Command {
            ident: match cmd.args.first() {
                Some(Operand::Identifier(id)) => Some(&*id.name),
                _ => None,
            },
            operands: cmd.args.len().saturating_sub(1),
        })
        .collect()
}

fn rewrite_list(list: &ListNode, edits: &Layer, funcs: &Funcs) -> ListNode {
    ListNode {
        pos: list.pos,
        nodes: list
            .nodes
            .iter()
            .map(|n| rewrite_node(n, edits, funcs))
            .collect(),
    }
}

/// An `if` or `with` and its `{{else if}}`/`{{else with}}` links, rebuilt from the last link
/// out in a loop: a chain may be [`crate::MAX_ELSE_LINKS`] long.
fn rewrite_chain(b: &BranchNode, with: bool, edits: &Layer, funcs: &Funcs) -> Box<BranchNode> {
    let mut links = vec![b];
    while let Some(next) = links[links.len() - 1]
        .else_list
        .as_ref()
        .and_then(|l| chained_link(l, with))
    {
        links.push(next);
    }
    let rewrite = |b: &BranchNode, else_list: Option<ListNode>| {
        Box::new(BranchNode {
            pos: b.pos,
            pipe: b.pipe.clone(),
            list: rewrite_list(&b.list, edits, funcs),
            else_list,
        })
    };
    let last = links.pop().expect("the chain's first link");
    let mut node = rewrite(
        last,
        last.else_list
            .as_ref()
            .map(|l| rewrite_list(l, edits, funcs)),
    );
    while let Some(outer) = links.pop() {
        let pos = outer.else_list.as_ref().map_or(outer.pos, |l| l.pos);
        let inner = if with {
            Node::With(node)
        } else {
            Node::If(node)
        };
        let else_list = ListNode {
            pos,
            nodes: vec![inner],
        };
        node = rewrite(outer, Some(else_list));
    }
    node
}

fn rewrite_node(node: &Node, edits: &Layer, funcs: &Funcs) -> Node {
    let branch = |b: &BranchNode| {
        Box::new(BranchNode {
            pos: b.pos,
            pipe: b.pipe.clone(),
            list: rewrite_list(&b.list, edits, funcs),
            else_list: b.else_list.as_ref().map(|l| rewrite_list(l, edits, funcs)),
        })
    };
    let chain = |b: &BranchNode, with: bool| rewrite_chain(b, with, edits, funcs);
    match node {
        Node::Text(t) => match edits.texts.get(&addr(t)) {
            Some(text) => Node::Text(TextNode {
                pos: t.pos,
                text: text.clone(),
            }),
            None => node.clone(),
        },
        Node::Action(a) => match edits.actions.get(&addr(&**a)) {
            Some(escapers) => Node::Action(Box::new(ActionNode {
                pos: a.pos,
                pipe: rewrite_pipe(&a.pipe, escapers, funcs),
            })),
            None => node.clone(),
        },
        Node::If(b) => Node::If(chain(b, false)),
        Node::With(b) => Node::With(chain(b, true)),
        Node::Range(b) => Node::Range(branch(b)),
        Node::Template(t) => match edits.calls.get(&addr(&**t)) {
            Some(name) => Node::Template(Box::new(TemplateNode {
                pos: t.pos,
                name: name.clone(),
                pipe: t.pipe.clone(),
            })),
            None => node.clone(),
        },
        Node::Comment(_) | Node::Break(_) | Node::Continue(_) => node.clone(),
    }
}

/// `pipe` ending in `escapers` (Go's `ensurePipelineContains` applied to the node).
fn rewrite_pipe(pipe: &PipeNode, escapers: &[Escaper], funcs: &Funcs) -> PipeNode {
    let items = ensure_pipeline_contains(&commands(pipe), escapers);
    let identifier = |pos: Pos, escaper: Escaper| {
        Operand::Identifier(IdentifierNode {
            pos,
            name: escaper.name().into(),
            func: Some(function(escaper, pipe, funcs)),
        })
    };
    let cmds = items
        .iter()
        .map(|item| match *item {
            PipeItem::Original(i) => pipe.cmds[i].clone(),
            PipeItem::EvalArgs => {
                let mut cmd = pipe.cmds[0].clone();
                cmd.args[0] = identifier(cmd.args[0].pos(), Escaper::EvalArgs);
                cmd
            }
            PipeItem::Call(escaper) => CommandNode {
                pos: pipe.pos,
                args: vec![identifier(pipe.pos, escaper)],
            },
        })
        .collect();
    PipeNode {
        pos: pipe.pos,
        is_assign: pipe.is_assign,
        decl: pipe.decl.clone(),
        cmds,
    }
}

/// The function an added command calls: `html` and `urlquery` are the ones the pipeline
/// already called (the set's, which a host may have replaced), the others html/template's.
fn function(escaper: Escaper, pipe: &PipeNode, funcs: &Funcs) -> Function {
    if escaper.is_predefined() {
        let existing = pipe.cmds.iter().find_map(|cmd| match cmd.args.first() {
            Some(Operand::Identifier(id)) if *id.name == *escaper.name() => id.func.clone(),
            _ => None,
        });
        if let Some(f) = existing.or_else(|| funcs.get(escaper.name())) {
            return f;
        }
    }
    Function::escaper(escaper)
}
