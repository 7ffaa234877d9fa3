//! The parse tree. Every node is plain owned data with public fields, so a later pass (the
//! html/template escaper) can append commands to a pipeline, replace text nodes and clone a
//! whole tree for another context. Positions are byte offsets into the source of the tree.
//!
//! Each node prints itself as Go's `Node.String()` does: execution errors show that text
//! (`executing "x" at <.Site.Foo>`), and the parser tests compare it.

use std::fmt;
use std::sync::Arc;

use crate::funcs::Function;
use crate::strconv::quote;

/// A byte offset into the template source.
pub type Pos = usize;

#[derive(Debug, Clone, Default)]
pub struct ListNode {
    pub pos: Pos,
    pub nodes: Vec<Node>,
}

/// An element of a list: text, an action, or a control structure.
#[derive(Debug, Clone)]
pub enum Node {
    Text(TextNode),
    Comment(CommentNode),
    Action(Box<ActionNode>),
    If(Box<BranchNode>),
    Range(Box<BranchNode>),
    With(Box<BranchNode>),
    Template(Box<TemplateNode>),
    Break(Pos),
    Continue(Pos),
}

#[derive(Debug, Clone)]
pub struct TextNode {
    pub pos: Pos,
    pub text: Arc<str>,
}

/// A comment, kept only when parsing with [`ParseOptions::comments`](super::ParseOptions).
#[derive(Debug, Clone)]
pub struct CommentNode {
    pub pos: Pos,
    /// The comment with its markers: `/* ... */`.
    pub text: Arc<str>,
}

/// `{{pipeline}}`: a pipeline whose value is printed unless it declares variables.
#[derive(Debug, Clone)]
pub struct ActionNode {
    pub pos: Pos,
    pub pipe: PipeNode,
}

/// `if`, `range` and `with`: a pipeline, the list to run, and the `{{else}}` list.
#[derive(Debug, Clone)]
pub struct BranchNode {
    pub pos: Pos,
    pub pipe: PipeNode,
    pub list: ListNode,
    pub else_list: Option<ListNode>,
}

/// `{{template "name" pipeline}}` (and what `{{block}}` leaves in its place).
#[derive(Debug, Clone)]
pub struct TemplateNode {
    pub pos: Pos,
    pub name: Arc<str>,
    pub pipe: Option<PipeNode>,
}

/// `$x, $y := cmd | cmd ...`.
#[derive(Debug, Clone)]
pub struct PipeNode {
    pub pos: Pos,
    /// `=` rather than `:=`.
    pub is_assign: bool,
    pub decl: Vec<VariableNode>,
    pub cmds: Vec<CommandNode>,
}

/// One command of a pipeline: an operand and its arguments.
#[derive(Debug, Clone)]
pub struct CommandNode {
    pub pos: Pos,
    pub args: Vec<Operand>,
}

/// What a command is made of.
#[derive(Debug, Clone)]
pub enum Operand {
    /// A function name, resolved when the tree was parsed (or `None`, to be looked up when
    /// executed: see [`IdentifierNode`]).
    Identifier(IdentifierNode),
    Dot(Pos),
    Nil(Pos),
    Variable(VariableNode),
    Field(FieldNode),
    Chain(Box<ChainNode>),
    Bool(Pos, bool),
    Number(Box<NumberNode>),
    String(StringNode),
    /// A parenthesized pipeline.
    Pipe(Box<PipeNode>),
}

/// A function name. `func` is resolved against the set's functions at parse time; a pass that
/// adds identifiers later (the escaper's `_html_template_*` functions) may leave it `None`, and
/// execution looks the name up then (in the functions given to that execution first).
#[derive(Clone)]
pub struct IdentifierNode {
    pub pos: Pos,
    pub name: Arc<str>,
    pub func: Option<Function>,
}

impl fmt::Debug for IdentifierNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identifier({})", self.name)
    }
}

/// `$x` or `$x.Field.Chain`. `ident[0]` is the variable, with its `$`.
#[derive(Debug, Clone)]
pub struct VariableNode {
    pub pos: Pos,
    pub ident: Vec<Arc<str>>,
    /// The variable's index in the template's variable stack as the parser saw it; execution
    /// checks the name there before it searches (see `exec`).
    pub slot: usize,
}

/// `.Field.Chain`, without the dots.
#[derive(Debug, Clone)]
pub struct FieldNode {
    pub pos: Pos,
    pub ident: Vec<Arc<str>>,
}

/// `(pipeline).Field.Chain` or `func.Field`: a term followed by fields.
#[derive(Debug, Clone)]
pub struct ChainNode {
    pub pos: Pos,
    pub node: Operand,
    pub field: Vec<Arc<str>>,
}

/// A number constant, held as every kind that can represent it, as Go's ideal constants.
#[derive(Debug, Clone)]
pub struct NumberNode {
    pub pos: Pos,
    pub is_int: bool,
    pub is_uint: bool,
    pub is_float: bool,
    pub int: i64,
    pub uint: u64,
    pub float: f64,
    /// The literal as written.
    pub text: Arc<str>,
}

#[derive(Debug, Clone)]
pub struct StringNode {
    pub pos: Pos,
    /// The literal as written, with its quotes.
    pub quoted: Arc<str>,
    pub text: Arc<str>,
}

impl Node {
    pub fn pos(&self) -> Pos {
        match self {
            Node::Text(n) => n.pos,
            Node::Comment(n) => n.pos,
            Node::Action(n) => n.pos,
            Node::If(n) | Node::Range(n) | Node::With(n) => n.pos,
            Node::Template(n) => n.pos,
            Node::Break(p) | Node::Continue(p) => *p,
        }
    }
}

impl Operand {
    pub fn pos(&self) -> Pos {
        match self {
            Operand::Identifier(n) => n.pos,
            Operand::Dot(p) | Operand::Nil(p) | Operand::Bool(p, _) => *p,
            Operand::Variable(n) => n.pos,
            Operand::Field(n) => n.pos,
            Operand::Chain(n) => n.pos,
            Operand::Number(n) => n.pos,
            Operand::String(n) => n.pos,
            Operand::Pipe(n) => n.pos,
        }
    }
}

/// Printing as Go's `String()`: `quote_text` prints text nodes quoted (as Go's parser tests
/// do) instead of as they are.
pub trait WriteGo {
    fn write_go(&self, out: &mut String, quote_text: bool);

    fn go_string(&self, quote_text: bool) -> String {
        let mut out = String::new();
        self.write_go(&mut out, quote_text);
        out
    }
}

impl WriteGo for ListNode {
    fn write_go(&self, out: &mut String, quote_text: bool) {
        for n in &self.nodes {
            n.write_go(out, quote_text);
        }
    }
}

impl WriteGo for Node {
    fn write_go(&self, out: &mut String, quote_text: bool) {
        match self {
            Node::Text(t) if quote_text => out.push_str(&quote(&t.text)),
            Node::Text(t) => out.push_str(&t.text),
            Node::Comment(c) => {
                out.push_str("{{");
                out.push_str(&c.text);
                out.push_str("}}");
            }
            Node::Action(a) => {
                out.push_str("{{");
                a.pipe.write_go(out, quote_text);
                out.push_str("}}");
            }
            Node::If(b) => b.write_branch("if", out, quote_text),
            Node::Range(b) => b.write_branch("range", out, quote_text),
            Node::With(b) => b.write_branch("with", out, quote_text),
            Node::Template(t) => t.write_go(out, quote_text),
            Node::Break(_) => out.push_str("{{break}}"),
            Node::Continue(_) => out.push_str("{{continue}}"),
        }
    }
}

impl BranchNode {
    fn write_branch(&self, keyword: &str, out: &mut String, quote_text: bool) {
        out.push_str("{{");
        out.push_str(keyword);
        out.push(' ');
        self.pipe.write_go(out, quote_text);
        out.push_str("}}");
        self.list.write_go(out, quote_text);
        if let Some(e) = &self.else_list {
            out.push_str("{{else}}");
            e.write_go(out, quote_text);
        }
        out.push_str("{{end}}");
    }
}

impl WriteGo for TemplateNode {
    fn write_go(&self, out: &mut String, quote_text: bool) {
        out.push_str("{{template ");
        out.push_str(&quote(&self.name));
        if let Some(p) = &self.pipe {
            out.push(' ');
            p.write_go(out, quote_text);
        }
        out.push_str("}}");
    }
}

impl WriteGo for PipeNode {
    fn write_go(&self, out: &mut String, quote_text: bool) {
        if !self.decl.is_empty() {
            for (i, v) in self.decl.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                v.write_go(out, quote_text);
            }
            out.push_str(if self.is_assign { " = " } else { " := " });
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                out.push_str(" | ");
            }
            c.write_go(out, quote_text);
        }
    }
}

impl WriteGo for CommandNode {
    fn write_go(&self, out: &mut String, quote_text: bool) {
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            if let Operand::Pipe(p) = arg {
                out.push('(');
                p.write_go(out, quote_text);
                out.push(')');
            } else {
                arg.write_go(out, quote_text);
            }
        }
    }
}

impl WriteGo for Operand {
    fn write_go(&self, out: &mut String, quote_text: bool) {
        match self {
            Operand::Identifier(n) => out.push_str(&n.name),
            Operand::Dot(_) => out.push('.'),
            Operand::Nil(_) => out.push_str("nil"),
            Operand::Variable(v) => v.write_go(out, quote_text),
            Operand::Field(f) => f.write_go(out, quote_text),
            Operand::Chain(c) => c.write_go(out, quote_text),
            Operand::Bool(_, b) => out.push_str(if *b { "true" } else { "false" }),
            Operand::Number(n) => out.push_str(&n.text),
            Operand::String(s) => out.push_str(&s.quoted),
            Operand::Pipe(p) => p.write_go(out, quote_text),
        }
    }
}

impl WriteGo for ChainNode {
    fn write_go(&self, out: &mut String, quote_text: bool) {
        if let Operand::Pipe(p) = &self.node {
            out.push('(');
            p.write_go(out, quote_text);
            out.push(')');
        } else {
            self.node.write_go(out, quote_text);
        }
        for f in &self.field {
            out.push('.');
            out.push_str(f);
        }
    }
}

impl WriteGo for VariableNode {
    fn write_go(&self, out: &mut String, _quote_text: bool) {
        for (i, id) in self.ident.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            out.push_str(id);
        }
    }
}

impl WriteGo for FieldNode {
    fn write_go(&self, out: &mut String, _quote_text: bool) {
        for id in &self.ident {
            out.push('.');
            out.push_str(id);
        }
    }
}

macro_rules! display_as_go {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.go_string(false))
            }
        }
    )*};
}

display_as_go!(
    ListNode,
    Node,
    TemplateNode,
    PipeNode,
    CommandNode,
    Operand,
    VariableNode,
    FieldNode,
    ChainNode
);

impl fmt::Display for IdentifierNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Go's `parse.IsEmptyTree`: nothing but space and comments (definitions are not in a tree's
/// list; they were moved into trees of their own).
pub fn is_empty_tree(list: &ListNode) -> bool {
    list.nodes.iter().all(|n| match n {
        Node::Comment(_) => true,
        Node::Text(t) => t.text.trim_matches(|c: char| c.is_whitespace()).is_empty(),
        _ => false,
    })
}
