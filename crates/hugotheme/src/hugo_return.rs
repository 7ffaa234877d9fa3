//! Hugo's `return` is a statement, not a function: `{{ return math.ModBool . 2 }}` returns
//! what `math.ModBool . 2` gives (Hugo's documented example), and hugo-book's
//! `{{ return or (i18n .) . }}` what `or` gives. Parsed as Go parses it, the words after
//! `return` would be its arguments, each function among them called with none. So after
//! parsing, an action whose pipeline starts `return WORDS... | CMDS...` becomes
//! `return (WORDS... | CMDS...)`: the rest of the action is the returned value, whether it
//! starts with a function, a namespace's (`math.ModBool`), a method or a plain value.

use gotemplate::parse::{CommandNode, ListNode, Node, Operand, PipeNode};

/// Rewrites every `return` action in `list`, in nested control structures too.
pub(crate) fn rewrite(list: &mut ListNode) {
    for node in &mut list.nodes {
        match node {
            Node::Action(action) => rewrite_pipe(&mut action.pipe),
            Node::If(b) | Node::Range(b) | Node::With(b) => {
                rewrite(&mut b.list);
                if let Some(else_list) = &mut b.else_list {
                    rewrite(else_list);
                }
            }
            _ => {}
        }
    }
}

fn rewrite_pipe(pipe: &mut PipeNode) {
    let Some(first) = pipe.cmds.first() else {
        return;
    };
    let is_return =
        matches!(first.args.first(), Some(Operand::Identifier(id)) if &*id.name == "return");
    // `return VALUE` alone means the same either way; wrapping it too keeps one rule.
    if !(pipe.decl.is_empty() && is_return && first.args.len() >= 2) {
        return;
    }
    let mut cmds = std::mem::take(&mut pipe.cmds);
    let mut head = cmds.remove(0);
    let value = CommandNode {
        pos: head.args[1].pos(),
        args: head.args.split_off(1),
    };
    cmds.insert(0, value);
    let inner = PipeNode {
        pos: pipe.pos,
        is_assign: false,
        decl: Vec::new(),
        cmds,
    };
    head.args.push(Operand::Pipe(Box::new(inner)));
    pipe.cmds = vec![head];
}

#[cfg(test)]
mod tests {
    use gotemplate::parse::WriteGo;

    fn rewritten(text: &str) -> String {
        let table = crate::funcs::hugo_functions(std::sync::Arc::new(hugofuncs::Env::default()));
        let funcs = table.into_funcs(Default::default());
        let opts = gotemplate::ParseOptions::new("t");
        let mut trees = gotemplate::parse::parse(text, &opts, &funcs).unwrap();
        super::rewrite(&mut trees[0].root);
        trees[0].root.go_string(false)
    }

    #[test]
    fn the_rest_of_a_return_action_becomes_one_pipeline() {
        for (text, want) in [
            (
                "{{ return math.ModBool . 2 }}",
                "{{return (math.ModBool . 2)}}",
            ),
            ("{{ return or .a . }}", "{{return (or .a .)}}"),
            (
                "{{ return printf \"%d\" . | upper }}",
                "{{return (printf \"%d\" . | upper)}}",
            ),
            (
                "{{ if . }}{{ return . }}{{ end }}",
                "{{if .}}{{return (.)}}{{end}}",
            ),
            ("{{ return }}", "{{return}}"),
            (
                "{{ $x := 1 }}{{ print return }}",
                "{{$x := 1}}{{print return}}",
            ),
        ] {
            assert_eq!(rewritten(text), want, "{text}");
        }
    }
}
