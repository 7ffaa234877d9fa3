//! What html/template's escaper will do to trees, done by hand: append a command to every
//! action's pipeline, replace text, keep a per-context copy of a template under another name,
//! and supply the added functions when executing.

use std::sync::Arc;

use gotemplate::parse::{CommandNode, IdentifierNode, ListNode, Node, Operand, TextNode};
use gotemplate::{ExecOptions, Funcs, Set, Value};

fn escape_actions(list: &mut ListNode) {
    for node in &mut list.nodes {
        match node {
            Node::Action(a) if a.pipe.decl.is_empty() => {
                let pos = a.pipe.pos;
                let ident = IdentifierNode {
                    pos,
                    name: "_html_template_htmlescaper".into(),
                    func: None,
                };
                a.pipe.cmds.push(CommandNode {
                    pos,
                    args: vec![Operand::Identifier(ident)],
                });
            }
            Node::Text(t) => {
                *t = TextNode {
                    pos: t.pos,
                    text: t.text.replace("<b>", "<strong>").into(),
                }
            }
            Node::If(b) | Node::Range(b) | Node::With(b) => {
                escape_actions(&mut b.list);
                if let Some(e) = &mut b.else_list {
                    escape_actions(e);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn escaper_style_edits_execute_with_functions_given_then() {
    let mut set = Set::default();
    set.parse(
        "page",
        "<b>{{ .A }}</b>{{ range .L }}<i>{{ . }}</i>{{ end }}",
    )
    .unwrap();
    let mut escaped = (**set.lookup("page").unwrap()).clone();
    escape_actions(&mut escaped.root);
    set.add_tree("page$htmltemplate_stateRCDATA", escaped);

    let mut escapers = Funcs::new();
    escapers
        .insert("_html_template_htmlescaper", |_, args| {
            Ok(Value::from(gotemplate::html_escape(
                &gotemplate::fmt::sprint(args),
            )))
        })
        .unwrap();
    let options = ExecOptions {
        funcs: Some(Arc::new(escapers)),
        ..ExecOptions::default()
    };
    let data = Value::Map(Arc::new(
        [
            ("A".into(), Value::from("x<y")),
            (
                "L".into(),
                Value::from(vec![Value::from("'q'"), Value::from("&")]),
            ),
        ]
        .into_iter()
        .collect(),
    ));
    let mut out = String::new();
    set.execute_with("page$htmltemplate_stateRCDATA", &data, &mut out, &options)
        .unwrap();
    assert_eq!(out, "<strong>x&lt;y</b><i>&#39;q&#39;</i><i>&amp;</i>");
    // The original is untouched.
    assert_eq!(
        set.execute_to_string("page", &data).unwrap(),
        "<b>x<y</b><i>'q'</i><i>&</i>"
    );
    // Without the functions, the added identifier is Go's "not a defined function".
    let err = set
        .execute_to_string("page$htmltemplate_stateRCDATA", &data)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains(r#""_html_template_htmlescaper" is not a defined function"#),
        "{err}"
    );
}

#[test]
fn pipeline_strings_show_added_commands() {
    let mut set = Set::default();
    set.parse("t", "{{ .X | printf \"%s\" }}").unwrap();
    let mut tree = (**set.lookup("t").unwrap()).clone();
    escape_actions(&mut tree.root);
    assert_eq!(
        tree.root.to_string(),
        r#"{{.X | printf "%s" | _html_template_htmlescaper}}"#
    );
}
