use super::parse::{parse, Arg, Delim, Node, MAX_CALL_LEN, MAX_DEPTH};
use super::*;

fn calls(text: &str) -> Vec<parse::Call> {
    parse(text)
        .unwrap()
        .into_iter()
        .filter_map(|n| match n {
            Node::Call(c) => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn reads_every_argument_form() {
    let c = &calls("a {{< figure src=\"/a.png\" title=`raw \"t\"` width=300 >}} b")[0];
    assert_eq!(c.name, "figure");
    assert_eq!(c.delim, Delim::Html);
    assert_eq!(c.args.get("src"), Some(&Arg::Str("/a.png".into())));
    assert_eq!(c.args.get("title"), Some(&Arg::Str("raw \"t\"".into())));
    assert_eq!(c.args.get("width"), Some(&Arg::Int(300)));
    let c = &calls("{{% highlight go \"linenos=table,hl_lines=8 15-17\" %}}x{{% /highlight %}}")[0];
    assert_eq!(c.delim, Delim::Markdown);
    assert_eq!(c.args.positional.len(), 2);
    assert_eq!(
        c.args.text("", Some(1)).unwrap(),
        "linenos=table,hl_lines=8 15-17"
    );
    let (range, _) = c.inner.as_ref().unwrap();
    assert_eq!(range.len(), 1);
    let c = &calls("{{<x \"a \\\"q\\\"\" true 1.5 />}}")[0];
    assert_eq!(
        c.args.positional,
        vec![Arg::Str("a \"q\"".into()), Arg::Bool(true), Arg::Float(1.5)]
    );
    assert!(c.inner.is_none());
}

#[test]
fn multi_line_calls_nesting_and_literals() {
    let text = "{{< details\n  summary=\"S\"\n>}}\nin {{< ref \"b.md\" >}}\n{{< /details >}}";
    let c = &calls(text)[0];
    assert_eq!(c.name, "details");
    let (_, inner) = c.inner.as_ref().unwrap();
    assert!(inner
        .iter()
        .any(|n| matches!(n, Node::Call(c) if c.name == "ref")));
    let nodes = parse("see {{</* figure src=\"x\" */>}} here").unwrap();
    assert!(nodes.contains(&Node::Literal("{{< figure src=\"x\" >}}".into())));
    // An opening tag with no closing tag is a call on its own.
    let cs = calls("{{< a >}} text {{< b >}}x{{< /b >}}");
    assert_eq!(cs.len(), 2);
    assert!(cs[0].inner.is_none() && cs[1].inner.is_some());
    // Text that only looks like one stays text.
    assert!(calls("{{< 1 >}} {{<}} a {{ x }}").is_empty());
}

#[test]
fn limits_are_errors_that_say_which() {
    let deep = "{{< d >}}".repeat(MAX_DEPTH + 1);
    let e = parse(&deep).unwrap_err();
    assert!(e.message.contains("nesting limit"), "{}", e.message);
    let long = format!("{{{{< figure src=\"{}", "a".repeat(MAX_CALL_LEN + 10));
    let e = parse(&long).unwrap_err();
    assert!(e.message.contains("longest call"), "{}", e.message);
    assert_eq!(e.offset, 0);
    let e = parse("x\n{{< /nope >}}").unwrap_err();
    assert_eq!(e.offset, 2);
}

#[test]
fn placeholders_take_the_place_of_their_paragraph() {
    let blocks = vec!["<figure>a</figure>".to_string(), "<b>B</b>".to_string()];
    let (html, prose) = substitute(
        "<p>BLOGSHORTCODE0X</p>\n<p>x BLOGSHORTCODE1X</p><code>BLOGSHORTCODE1X</code>",
        &blocks,
    );
    assert_eq!(
        html,
        "<figure>a</figure>\n<p>x <b>B</b></p><code><b>B</b></code>"
    );
    assert_eq!(prose, vec![0, 1]);
}

#[test]
fn has_calls_is_the_cheap_gate() {
    assert!(!has_calls("plain {{ x }} text"));
    assert!(has_calls("a {{< b >}}"));
    assert!(has_calls("a {{% b %}}"));
}
