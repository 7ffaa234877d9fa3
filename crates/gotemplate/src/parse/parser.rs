//! The recursive-descent parser, step for step Go's `text/template/parse` (with the three-token
//! look-ahead its grammar needs), so that it accepts and rejects the same templates with the
//! same messages. On top of Go: function names are resolved as they are parsed, variables get
//! their stack slots, and nesting is bounded.

use std::collections::HashMap;
use std::sync::Arc;

use super::lex::{Item, ItemType, LexOptions, Lexer};
use super::node::*;
use super::{parse_number_item, ParseError, ParseOptions, Tree, MAX_ELSE_LINKS};
use crate::funcs::Funcs;
use crate::strconv::unquote;

/// Errors are boxed so that results stay small in the parser's recursive frames.
type PResult<T> = Result<T, Box<ParseError>>;

/// Go's limit on the commands of one pipeline.
const MAX_PIPELINE_CMDS: usize = 100_000;

/// What `text_or_action` found: a node, or the `{{end}}` / `{{else}}` that closes a list.
enum Parsed {
    Node(Node),
    End,
    Else(Pos),
}

impl Parsed {
    fn describe(&self) -> &'static str {
        match self {
            Parsed::End => "{{end}}",
            Parsed::Else(_) => "{{else}}",
            Parsed::Node(_) => "node",
        }
    }
}

/// The parts of the parser's state that belong to one tree: a `{{define}}` or `{{block}}`
/// body starts them afresh, as Go's parser starts a new `Tree`.
struct TreeState {
    /// Go's list of variables in scope, for "undefined variable" (assignments included).
    vars: Vec<Arc<str>>,
    /// The variables execution will have pushed at this point: declarations only.
    stack: Vec<Arc<str>>,
    action_line: usize,
    range_depth: usize,
    paren_depth: usize,
}

impl TreeState {
    fn new() -> Self {
        let dollar: Arc<str> = "$".into();
        TreeState {
            vars: vec![dollar.clone()],
            stack: vec![dollar],
            action_line: 0,
            range_depth: 0,
            paren_depth: 0,
        }
    }
}

pub(crate) struct Parser<'a> {
    lex: Lexer<'a>,
    token: [Item<'a>; 3],
    peek_count: usize,
    funcs: &'a Funcs,
    opts: &'a ParseOptions,
    source: Arc<str>,
    parse_name: Arc<str>,
    state: TreeState,
    /// How many `if`/`range`/`with`/`define`/`block` bodies enclose this point.
    control_depth: usize,
    /// How many `{{else if}}`/`{{else with}}` links enclose this point (see `control_body`).
    chain_links: usize,
    trees: Vec<Tree>,
    tree_index: HashMap<Arc<str>, usize>,
    names: HashMap<&'a str, Arc<str>>,
}

/// The text of a token that is a slice of the input (every token but an error).
fn text<'a>(item: &Item<'a>) -> &'a str {
    match item.val {
        std::borrow::Cow::Borrowed(s) => s,
        std::borrow::Cow::Owned(_) => "",
    }
}

fn eof_item<'a>() -> Item<'a> {
    Item {
        typ: ItemType::Eof,
        pos: 0,
        val: "".into(),
        line: 1,
    }
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str, opts: &'a ParseOptions, funcs: &'a Funcs) -> Self {
        let mut lex = Lexer::new(text, &opts.left_delim, &opts.right_delim);
        lex.options = LexOptions {
            emit_comment: opts.comments,
            break_ok: !funcs.defines("break"),
            continue_ok: !funcs.defines("continue"),
        };
        Parser {
            lex,
            token: [eof_item(), eof_item(), eof_item()],
            peek_count: 0,
            funcs,
            opts,
            source: text.into(),
            parse_name: opts.error_name().into(),
            state: TreeState::new(),
            control_depth: 0,
            chain_links: 0,
            trees: Vec::new(),
            tree_index: HashMap::new(),
            names: HashMap::new(),
        }
    }

    /// Parses the whole text: the top-level tree and every definition in it, in the order
    /// they end.
    pub(crate) fn run(mut self) -> Result<Vec<Tree>, ParseError> {
        let root = self.parse_top().map_err(|e| *e)?;
        let name: Arc<str> = self.opts.name.as_str().into();
        self.add(name, root).map_err(|e| *e)?;
        Ok(self.trees)
    }

    fn intern(&mut self, s: &'a str) -> Arc<str> {
        self.names.entry(s).or_insert_with(|| Arc::from(s)).clone()
    }

    /// Text between actions: short runs (a newline and an indent) repeat so often that they
    /// are shared; long ones are not worth hashing.
    fn intern_text(&mut self, s: &'a str) -> Arc<str> {
        if s.len() <= 64 {
            self.intern(s)
        } else {
            Arc::from(s)
        }
    }

    // Tokens.

    /// Reads the next token; returns its index in the look-ahead buffer.
    fn next_index(&mut self) -> usize {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex.next_item();
        }
        self.peek_count
    }

    fn next(&mut self) -> Item<'a> {
        let i = self.next_index();
        self.token[i].clone()
    }

    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item<'a>) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item<'a>, t1: Item<'a>) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    /// The next token, left unread.
    fn peek_ref(&mut self) -> &Item<'a> {
        if self.peek_count == 0 {
            self.peek_count = 1;
            self.token[0] = self.lex.next_item();
        }
        &self.token[self.peek_count - 1]
    }

    fn peek(&mut self) -> Item<'a> {
        self.peek_ref().clone()
    }

    fn next_non_space_index(&mut self) -> usize {
        loop {
            let i = self.next_index();
            if self.token[i].typ != ItemType::Space {
                return i;
            }
        }
    }

    fn next_non_space(&mut self) -> Item<'a> {
        let i = self.next_non_space_index();
        self.token[i].clone()
    }

    /// The next token that is not a space, left unread.
    fn peek_non_space_ref(&mut self) -> &Item<'a> {
        let i = self.next_non_space_index();
        self.backup();
        &self.token[i]
    }

    fn peek_non_space(&mut self) -> Item<'a> {
        self.peek_non_space_ref().clone()
    }

    // Errors.

    /// An error at the last token read, as Go's `errorf` reports it.
    #[cold]
    #[inline(never)]
    fn error(&self, message: impl Into<String>) -> Box<ParseError> {
        let token = &self.token[0];
        Box::new(ParseError::new(
            self.parse_name.clone(),
            &self.source,
            token.pos,
            token.line,
            message.into(),
        ))
    }

    #[cold]
    #[inline(never)]
    fn unexpected(&self, token: &Item<'a>, context: &str) -> Box<ParseError> {
        if token.typ == ItemType::Error {
            let mut extra = String::new();
            if self.state.action_line != 0 && self.state.action_line != token.line {
                extra = format!(
                    " in action started at {}:{}",
                    self.parse_name, self.state.action_line
                );
                if token.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.error(format!("{token}{extra}"));
        }
        self.error(format!("unexpected {token} in {context}"))
    }

    fn expect(&mut self, expected: ItemType, context: &str) -> PResult<Item<'a>> {
        let token = self.next_non_space();
        if token.typ != expected {
            return Err(self.unexpected(&token, context));
        }
        Ok(token)
    }

    // Trees.

    /// Go's `Tree.add`: a second non-empty definition of a name in one parse is an error; an
    /// empty one does not replace a full one.
    fn add(&mut self, name: Arc<str>, root: ListNode) -> PResult<()> {
        let tree = Tree {
            name: name.clone(),
            parse_name: self.parse_name.clone(),
            root,
            source: self.source.clone(),
        };
        match self.tree_index.get(&name) {
            None => {
                self.tree_index.insert(name, self.trees.len());
                self.trees.push(tree);
            }
            Some(&i) if is_empty_tree(&self.trees[i].root) => self.trees[i] = tree,
            Some(_) if !is_empty_tree(&tree.root) => {
                let quoted = crate::strconv::quote(&name);
                return Err(self.error(format!(
                    "template: multiple definition of template {quoted}"
                )));
            }
            Some(_) => {}
        }
        Ok(())
    }

    fn parse_top(&mut self) -> PResult<ListNode> {
        let mut root = ListNode {
            pos: self.peek_ref().pos,
            nodes: Vec::new(),
        };
        while self.peek_ref().typ != ItemType::Eof {
            if self.peek_ref().typ == ItemType::LeftDelim {
                let delim = self.next();
                if self.next_non_space().typ == ItemType::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                Parsed::Node(n) => root.nodes.push(n),
                other => return Err(self.error(format!("unexpected {}", other.describe()))),
            }
        }
        root.nodes.shrink_to_fit();
        Ok(root)
    }

    /// Runs `body` as the parse of a new tree (a definition or a block), with its own variables
    /// and range depth, and restores the enclosing tree's afterwards.
    fn in_new_tree<T>(&mut self, body: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.enter_control()?;
        let outer = std::mem::replace(&mut self.state, TreeState::new());
        let result = body(self);
        self.state = outer;
        self.control_depth -= 1;
        result
    }

    fn enter_control(&mut self) -> PResult<()> {
        if self.control_depth >= self.opts.max_depth {
            return Err(self.error(format!(
                "max nesting depth exceeded ({})",
                self.opts.max_depth
            )));
        }
        self.control_depth += 1;
        Ok(())
    }

    /// `{{define "name"}} ... {{end}}`; the `define` keyword has been read.
    fn parse_definition(&mut self) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        self.in_new_tree(|p| {
            let token = p.next_non_space();
            if token.typ != ItemType::String && token.typ != ItemType::RawString {
                return Err(p.unexpected(&token, CONTEXT));
            }
            let name: Arc<str> = unquote(&token.val)
                .map_err(|_| p.error("invalid syntax"))?
                .into();
            p.expect(ItemType::RightDelim, CONTEXT)?;
            let (root, end) = p.item_list()?;
            if !matches!(end, Parsed::End) {
                return Err(p.error(format!("unexpected {} in {CONTEXT}", end.describe())));
            }
            p.add(name, root)
        })
    }

    /// `textOrAction*`, up to an `{{end}}` or `{{else}}`, which is returned.
    fn item_list(&mut self) -> PResult<(ListNode, Parsed)> {
        let mut list = ListNode {
            pos: self.peek_non_space_ref().pos,
            nodes: Vec::new(),
        };
        while self.peek_non_space_ref().typ != ItemType::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.nodes.push(n),
                end => {
                    list.nodes.shrink_to_fit();
                    return Ok((list, end));
                }
            }
        }
        Err(self.error("unexpected EOF"))
    }

    /// `text | comment | action`. This and the functions it recurses through keep their frames
    /// small (the rest is in helpers that are not inlined): one nesting level costs one frame
    /// of each.
    fn text_or_action(&mut self) -> PResult<Parsed> {
        let i = self.next_non_space_index();
        let (typ, line) = (self.token[i].typ, self.token[i].line);
        if typ != ItemType::LeftDelim {
            return self.text_or_comment(i);
        }
        self.state.action_line = line;
        let result = self.action();
        self.state.action_line = 0;
        result
    }

    #[inline(never)]
    fn text_or_comment(&mut self, i: usize) -> PResult<Parsed> {
        let token = self.token[i].clone();
        let pos = token.pos;
        let text = self.intern_text(text(&token));
        match token.typ {
            ItemType::Text => Ok(Parsed::Node(Node::Text(TextNode { pos, text }))),
            ItemType::Comment => Ok(Parsed::Node(Node::Comment(CommentNode { pos, text }))),
            _ => Err(self.unexpected(&token, "input")),
        }
    }

    /// After `{{`: a control keyword, or a pipeline.
    fn action(&mut self) -> PResult<Parsed> {
        let i = self.next_non_space_index();
        let (typ, pos) = (self.token[i].typ, self.token[i].pos);
        match typ {
            ItemType::If | ItemType::Range | ItemType::With => self.control_node(typ),
            ItemType::Block
            | ItemType::Break
            | ItemType::Continue
            | ItemType::Else
            | ItemType::End
            | ItemType::Template => self.keyword_action(typ, pos),
            _ => {
                self.backup();
                self.action_pipeline()
            }
        }
    }

    #[inline(never)]
    fn keyword_action(&mut self, typ: ItemType, pos: Pos) -> PResult<Parsed> {
        match typ {
            ItemType::Block => self.block_control().map(Parsed::Node),
            ItemType::Break => self.break_or_continue(pos, true).map(Parsed::Node),
            ItemType::Continue => self.break_or_continue(pos, false).map(Parsed::Node),
            ItemType::Else => self.else_control(),
            ItemType::End => {
                self.expect(ItemType::RightDelim, "end")?;
                Ok(Parsed::End)
            }
            _ => self.template_control().map(Parsed::Node),
        }
    }

    #[inline(never)]
    fn action_pipeline(&mut self) -> PResult<Parsed> {
        let pos = self.peek_ref().pos;
        let mut pipe = self.pipeline("command", ItemType::RightDelim)?;
        self.fix_slots(&mut pipe);
        Ok(Parsed::Node(Node::Action(Box::new(ActionNode {
            pos,
            pipe,
        }))))
    }

    /// `if`, `range` or `with`, boxed into its node.
    fn control_node(&mut self, typ: ItemType) -> PResult<Parsed> {
        let context = match typ {
            ItemType::If => "if",
            ItemType::Range => "range",
            _ => "with",
        };
        let branch = Box::new(self.control(context)?);
        Ok(Parsed::Node(match typ {
            ItemType::If => Node::If(branch),
            ItemType::Range => Node::Range(branch),
            _ => Node::With(branch),
        }))
    }

    fn break_or_continue(&mut self, pos: Pos, is_break: bool) -> PResult<Node> {
        let word = if is_break {
            "{{break}}"
        } else {
            "{{continue}}"
        };
        let token = self.next_non_space();
        if token.typ != ItemType::RightDelim {
            return Err(self.unexpected(&token, word));
        }
        if self.state.range_depth == 0 {
            return Err(self.error(format!("{word} outside {{{{range}}}}")));
        }
        Ok(if is_break {
            Node::Break(pos)
        } else {
            Node::Continue(pos)
        })
    }

    /// `declarations? command ('|' command)*`, up to `end`.
    fn pipeline(&mut self, context: &str, end: ItemType) -> PResult<PipeNode> {
        let token = self.peek_non_space();
        let mut pipe = PipeNode {
            pos: token.pos,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        self.declarations(&mut pipe, context)?;
        loop {
            let token = self.next_non_space();
            match token.typ {
                t if t == end => {
                    self.check_pipeline(&pipe, context)?;
                    pipe.cmds.shrink_to_fit();
                    pipe.decl.shrink_to_fit();
                    return Ok(pipe);
                }
                ItemType::Bool
                | ItemType::CharConstant
                | ItemType::Complex
                | ItemType::Dot
                | ItemType::Field
                | ItemType::Identifier
                | ItemType::Number
                | ItemType::Nil
                | ItemType::RawString
                | ItemType::String
                | ItemType::Variable
                | ItemType::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                    if pipe.cmds.len() > MAX_PIPELINE_CMDS {
                        return Err(self.error("pipeline too long"));
                    }
                }
                _ => return Err(self.unexpected(&token, context)),
            }
        }
    }

    /// The `$x :=`, `$x =` or (in `range`) `$i, $e :=` that may start a pipeline. Since space
    /// is a token, telling `$x := 1` from `$x 1` needs three tokens of look-ahead.
    fn declarations(&mut self, pipe: &mut PipeNode, context: &str) -> PResult<()> {
        loop {
            let v = self.peek_non_space();
            if v.typ != ItemType::Variable {
                return Ok(());
            }
            self.next();
            let token_after = self.peek();
            let next = self.peek_non_space();
            match next.typ {
                ItemType::Assign | ItemType::Declare => {
                    pipe.is_assign = next.typ == ItemType::Assign;
                    self.next_non_space();
                    self.declare(pipe, &v);
                    return Ok(());
                }
                ItemType::Char if next.val == "," => {
                    self.next_non_space();
                    self.declare(pipe, &v);
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space_ref().typ {
                            ItemType::Variable | ItemType::RightDelim | ItemType::RightParen => {
                                continue
                            }
                            _ => return Err(self.error("range can only initialize variables")),
                        }
                    }
                    return Err(self.error(format!("too many declarations in {context}")));
                }
                _ if token_after.typ == ItemType::Space => {
                    self.backup3(v, token_after);
                    return Ok(());
                }
                _ => {
                    self.backup2(v);
                    return Ok(());
                }
            }
        }
    }

    /// Adds a declared (or assigned) variable to the pipeline and to the scope. The slot of a
    /// declaration is fixed once the pipeline knows whether it assigns: see `fix_slots`.
    fn declare(&mut self, pipe: &mut PipeNode, v: &Item<'a>) {
        let node = self.variable_node(v.pos, text(v));
        self.state.vars.push(node.ident[0].clone());
        pipe.decl.push(node);
    }

    /// After a pipeline's declarations are known: `:=` pushes each variable on the runtime
    /// stack; `=` sets the latest declaration of the name.
    fn fix_slots(&mut self, pipe: &mut PipeNode) {
        for v in &mut pipe.decl {
            if pipe.is_assign {
                v.slot = self.slot_of(&v.ident[0]);
            } else {
                v.slot = self.state.stack.len();
                self.state.stack.push(v.ident[0].clone());
            }
        }
    }

    fn slot_of(&self, name: &str) -> usize {
        self.state
            .stack
            .iter()
            .rposition(|n| &**n == name)
            .unwrap_or(usize::MAX)
    }

    fn variable_node(&mut self, pos: Pos, text: &'a str) -> VariableNode {
        let ident: Vec<Arc<str>> = text.split('.').map(|s| self.intern(s)).collect();
        VariableNode {
            pos,
            ident,
            slot: usize::MAX,
        }
    }

    fn check_pipeline(&mut self, pipe: &PipeNode, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return Err(self.error(format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if let Some(
                Operand::Bool(..)
                | Operand::Dot(_)
                | Operand::Nil(_)
                | Operand::Number(_)
                | Operand::String(_),
            ) = c.args.first()
            {
                return Err(self.error(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                )));
            }
        }
        Ok(())
    }

    /// `if`, `range` and `with`: the pipeline, the list, and the `{{else}}` list, where
    /// `{{else if}}` (in `if`) and `{{else with}}` (in `with`) nest a new control that shares
    /// the `{{end}}`.
    fn control(&mut self, context: &str) -> PResult<BranchNode> {
        self.enter_control()?;
        let (vars, stack) = (self.state.vars.len(), self.state.stack.len());
        let result = self.control_body(context);
        self.state.vars.truncate(vars);
        self.state.stack.truncate(stack);
        self.control_depth -= 1;
        result
    }

    /// One control and the `{{else if}}` (in `if`) or `{{else with}}` (in `with`) links
    /// chained to it. Go's tree nests each link in the `{{else}}` list of the one before, as
    /// if it were `{{else}}{{if ...}}...{{end}}`; so does ours, but the links are parsed in a
    /// loop and do not count as nesting: Go has no limit on them, and PaperMod's `svg.html`
    /// chains 147. Their number on any path is bounded apart, by [`MAX_ELSE_LINKS`].
    fn control_body(&mut self, context: &str) -> PResult<BranchNode> {
        let mut links: Vec<(BranchNode, Pos)> = Vec::new();
        let result = self.control_links(context, &mut links);
        self.chain_links -= links.len();
        let mut node = result?;
        while let Some((mut outer, pos)) = links.pop() {
            let inner = Box::new(node);
            let inner = match context {
                "if" => Node::If(inner),
                _ => Node::With(inner),
            };
            outer.else_list = Some(ListNode {
                pos,
                nodes: vec![inner],
            });
            node = outer;
        }
        Ok(node)
    }

    /// Parses the links of a chain into `links` (each with the position of the `else` that
    /// follows it) and returns the last one.
    fn control_links(
        &mut self,
        context: &str,
        links: &mut Vec<(BranchNode, Pos)>,
    ) -> PResult<BranchNode> {
        loop {
            let (branch, chained) = self.control_link(context)?;
            let Some(pos) = chained else {
                return Ok(branch);
            };
            if self.chain_links >= MAX_ELSE_LINKS {
                return Err(self.error(format!("too many else links ({MAX_ELSE_LINKS})")));
            }
            self.chain_links += 1;
            links.push((branch, pos));
            self.next(); // The pending `if` or `with`.
        }
    }

    /// One link: the pipeline, the list, and what follows: an `{{else}}` list up to `{{end}}`,
    /// nothing at `{{end}}`, or the position of an `{{else if}}`/`{{else with}}` that chains a
    /// next link (its keyword left pending).
    fn control_link(&mut self, context: &str) -> PResult<(BranchNode, Option<Pos>)> {
        let mut pipe = self.pipeline(context, ItemType::RightDelim)?;
        self.fix_slots(&mut pipe);
        if context == "range" {
            self.state.range_depth += 1;
        }
        let listed = self.item_list();
        if context == "range" {
            self.state.range_depth -= 1;
        }
        let (list, next) = listed?;
        let mut branch = BranchNode {
            pos: pipe.pos,
            pipe,
            list,
            else_list: None,
        };
        let Parsed::Else(pos) = next else {
            return Ok((branch, None));
        };
        let chained = matches!(
            (context, self.peek_ref().typ),
            ("if", ItemType::If) | ("with", ItemType::With)
        );
        if chained {
            return Ok((branch, Some(pos)));
        }
        let (else_list, next) = self.item_list()?;
        if !matches!(next, Parsed::End) {
            return Err(self.error(format!("expected end; found {}", next.describe())));
        }
        branch.else_list = Some(else_list);
        Ok((branch, None))
    }

    /// `{{else}}`, or the `{{else if ...` / `{{else with ...` that leaves its keyword pending.
    fn else_control(&mut self) -> PResult<Parsed> {
        let peek = self.peek_non_space_ref();
        if peek.typ == ItemType::If || peek.typ == ItemType::With {
            return Ok(Parsed::Else(peek.pos));
        }
        let token = self.expect(ItemType::RightDelim, "else")?;
        Ok(Parsed::Else(token.pos))
    }

    /// `{{block "name" pipeline}} ... {{end}}`: defines the template and calls it.
    fn block_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "block clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, CONTEXT)?;
        let mut pipe = self.pipeline(CONTEXT, ItemType::RightDelim)?;
        self.fix_slots(&mut pipe);
        let block_name = name.clone();
        self.in_new_tree(|p| {
            let (root, end) = p.item_list()?;
            if !matches!(end, Parsed::End) {
                return Err(p.error(format!("unexpected {} in {CONTEXT}", end.describe())));
            }
            p.add(block_name, root)
        })?;
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos,
            name,
            pipe: Some(pipe),
        })))
    }

    /// `{{template "name" pipeline?}}`.
    fn template_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "template clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space().typ != ItemType::RightDelim {
            self.backup();
            let mut p = self.pipeline(CONTEXT, ItemType::RightDelim)?;
            self.fix_slots(&mut p);
            pipe = Some(p);
        }
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos,
            name,
            pipe,
        })))
    }

    fn template_name(&mut self, token: &Item<'a>, context: &str) -> PResult<Arc<str>> {
        match token.typ {
            ItemType::String | ItemType::RawString => Ok(unquote(&token.val)
                .map_err(|_| self.error("invalid syntax"))?
                .into()),
            _ => Err(self.unexpected(token, context)),
        }
    }

    /// `operand (space operand)*`, up to a `|` (consumed) or a right delimiter or parenthesis
    /// (left for the caller).
    fn command(&mut self) -> PResult<CommandNode> {
        let mut cmd = CommandNode {
            pos: self.peek_non_space_ref().pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space_ref();
            if let Some(operand) = self.operand()? {
                cmd.args.push(operand);
            }
            let token = self.next();
            match token.typ {
                ItemType::Space => continue,
                ItemType::RightDelim | ItemType::RightParen => self.backup(),
                ItemType::Pipe => {}
                _ => return Err(self.unexpected(&token, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.error("empty command"));
        }
        cmd.args.shrink_to_fit();
        Ok(cmd)
    }

    /// `term .Field*`.
    fn operand(&mut self) -> PResult<Option<Operand>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek_ref().typ != ItemType::Field {
            return Ok(Some(node));
        }
        self.field_chain(node).map(Some)
    }

    #[inline(never)]
    fn field_chain(&mut self, node: Operand) -> PResult<Operand> {
        // Go gives the combined node the position of the first field after the term.
        let pos = self.peek_ref().pos;
        let mut fields = Vec::new();
        while self.peek_ref().typ == ItemType::Field {
            let f = self.next();
            fields.push(self.intern(&text(&f)[1..]));
        }
        Ok(match node {
            Operand::Field(mut f) => {
                f.ident.extend(fields);
                f.pos = pos;
                Operand::Field(f)
            }
            Operand::Variable(mut v) => {
                v.ident.extend(fields);
                v.pos = pos;
                Operand::Variable(v)
            }
            Operand::Bool(..)
            | Operand::String(_)
            | Operand::Number(_)
            | Operand::Nil(_)
            | Operand::Dot(_) => {
                let quoted = crate::strconv::quote(&node.to_string());
                return Err(self.error(format!("unexpected . after term {quoted}")));
            }
            other => Operand::Chain(Box::new(ChainNode {
                pos,
                node: other,
                field: fields,
            })),
        })
    }

    /// A literal, a function name, `.`, `.Field`, `$x`, or `( pipeline )`; `None` if the next
    /// item starts none of these.
    fn term(&mut self) -> PResult<Option<Operand>> {
        let i = self.next_non_space_index();
        if self.token[i].typ != ItemType::LeftParen {
            return self.simple_term(i);
        }
        if self.state.paren_depth >= self.opts.max_depth {
            return Err(self.error("max expression depth exceeded"));
        }
        self.state.paren_depth += 1;
        let pipe = self.pipeline("parenthesized pipeline", ItemType::RightParen);
        self.state.paren_depth -= 1;
        let mut pipe = pipe?;
        self.fix_slots(&mut pipe);
        Ok(Some(Operand::Pipe(Box::new(pipe))))
    }

    /// A term other than a parenthesized pipeline, from the token at `i`.
    #[inline(never)]
    fn simple_term(&mut self, i: usize) -> PResult<Option<Operand>> {
        let token = self.token[i].clone();
        Ok(Some(match token.typ {
            ItemType::Identifier => {
                let name = self.intern(text(&token));
                let func = self.funcs.get(&name);
                if func.is_none() && !self.opts.skip_func_check {
                    return Err(self.error(format!(
                        "function {} not defined",
                        crate::strconv::quote(&name)
                    )));
                }
                Operand::Identifier(IdentifierNode {
                    pos: token.pos,
                    name,
                    func,
                })
            }
            ItemType::Dot => Operand::Dot(token.pos),
            ItemType::Nil => Operand::Nil(token.pos),
            ItemType::Variable => Operand::Variable(self.use_var(token.pos, text(&token))?),
            ItemType::Field => {
                let ident = text(&token)[1..]
                    .split('.')
                    .map(|s| self.intern(s))
                    .collect();
                Operand::Field(FieldNode {
                    pos: token.pos,
                    ident,
                })
            }
            ItemType::Bool => Operand::Bool(token.pos, token.val == "true"),
            ItemType::CharConstant | ItemType::Complex | ItemType::Number => {
                let number = parse_number_item(token.pos, &token.val, token.typ)
                    .map_err(|m| self.error(m))?;
                Operand::Number(Box::new(number))
            }
            ItemType::String | ItemType::RawString => {
                let text = unquote(&token.val).map_err(|_| self.error("invalid syntax"))?;
                Operand::String(StringNode {
                    pos: token.pos,
                    quoted: Arc::from(&*token.val),
                    text: text.into(),
                })
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }

    /// A use of `$x` (possibly `$x.Field`): an error unless `$x` is in scope.
    fn use_var(&mut self, pos: Pos, text: &'a str) -> PResult<VariableNode> {
        let mut v = self.variable_node(pos, text);
        let name = v.ident[0].clone();
        if !self.state.vars.contains(&name) {
            return Err(self.error(format!(
                "undefined variable {}",
                crate::strconv::quote(&name)
            )));
        }
        v.slot = self.slot_of(&name);
        Ok(v)
    }
}
