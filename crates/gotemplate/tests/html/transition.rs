//! The context after literal template text: Go's `TestEscapeText` (escape_test.go, Go 1.25),
//! `TestFindEndTag` (transition_test.go), and the context operations (`mangle`, `join`,
//! `nudge`, printing) that Go tests through whole templates.

use gotemplate::html::transition::index_tag_end;
use gotemplate::html::{
    context_after_text, join, nudge, Attr, Context, Delim, Element, ErrorCode, JsCtx, State,
    UrlPart,
};

/// A context from Go's field names, as Go's tests write them:
/// `"stateURL delimSpaceOrTagEnd urlPartPreQuery attrURL"`; unnamed fields are at their start.
fn ctx(spec: &str) -> Context {
    let mut c = Context::default();
    for word in spec.split_whitespace() {
        if let Some(s) = State::ALL.iter().find(|s| s.go_name() == word) {
            c.state = *s;
        } else if let Some(d) = Delim::ALL.iter().find(|d| d.go_name() == word) {
            c.delim = *d;
        } else if let Some(u) = UrlPart::ALL.iter().find(|u| u.go_name() == word) {
            c.url_part = *u;
        } else if let Some(j) = JsCtx::ALL.iter().find(|j| j.go_name() == word) {
            c.js_ctx = *j;
        } else if let Some(a) = Attr::ALL.iter().find(|a| a.go_name() == word) {
            c.attr = *a;
        } else if let Some(e) = Element::ALL.iter().find(|e| e.go_name() == word) {
            c.element = *e;
        } else {
            panic!("unknown context field {word}");
        }
    }
    c
}

/// Go's TestEscapeText: (text from the start context, context after it).
const ESCAPE_TEXT: &[(&str, &str)] = &[
    ("", ""),
    ("Hello, World!", ""),
    // An orphaned "<" is OK.
    ("I <3 Ponies!", ""),
    ("<a", "stateTag"),
    ("<a ", "stateTag"),
    ("<a>", "stateText"),
    ("<a href", "stateAttrName attrURL"),
    ("<a on", "stateAttrName attrScript"),
    ("<a href ", "stateAfterName attrURL"),
    ("<a style  =  ", "stateBeforeValue attrStyle"),
    ("<a href=", "stateBeforeValue attrURL"),
    (
        "<a href=x",
        "stateURL delimSpaceOrTagEnd urlPartPreQuery attrURL",
    ),
    ("<a href=x ", "stateTag"),
    ("<a href=>", "stateText"),
    ("<a href=x>", "stateText"),
    ("<a href ='", "stateURL delimSingleQuote attrURL"),
    ("<a href=''", "stateTag"),
    ("<a href= \"", "stateURL delimDoubleQuote attrURL"),
    ("<a href=\"\"", "stateTag"),
    ("<a title=\"", "stateAttr delimDoubleQuote"),
    (
        "<a HREF='http:",
        "stateURL delimSingleQuote urlPartPreQuery attrURL",
    ),
    (
        "<a Href='/",
        "stateURL delimSingleQuote urlPartPreQuery attrURL",
    ),
    (
        "<a href='\"",
        "stateURL delimSingleQuote urlPartPreQuery attrURL",
    ),
    (
        "<a href=\"'",
        "stateURL delimDoubleQuote urlPartPreQuery attrURL",
    ),
    (
        "<a href='&apos;",
        "stateURL delimSingleQuote urlPartPreQuery attrURL",
    ),
    (
        "<a href=\"&quot;",
        "stateURL delimDoubleQuote urlPartPreQuery attrURL",
    ),
    (
        "<a href=\"&#34;",
        "stateURL delimDoubleQuote urlPartPreQuery attrURL",
    ),
    (
        "<a href=&quot;",
        "stateURL delimSpaceOrTagEnd urlPartPreQuery attrURL",
    ),
    ("<img alt=\"1\">", "stateText"),
    ("<img alt=\"1>\"", "stateTag"),
    ("<img alt=\"1>\">", "stateText"),
    ("<input checked type=\"checkbox\"", "stateTag"),
    ("<a onclick=\"", "stateJS delimDoubleQuote attrScript"),
    (
        "<a onclick=\"//foo",
        "stateJSLineCmt delimDoubleQuote attrScript",
    ),
    ("<a onclick='//\n", "stateJS delimSingleQuote attrScript"),
    ("<a onclick='//\r\n", "stateJS delimSingleQuote attrScript"),
    (
        "<a onclick='//\u{2028}",
        "stateJS delimSingleQuote attrScript",
    ),
    (
        "<a onclick=\"/*",
        "stateJSBlockCmt delimDoubleQuote attrScript",
    ),
    (
        "<a onclick=\"/*/",
        "stateJSBlockCmt delimDoubleQuote attrScript",
    ),
    ("<a onclick=\"/**/", "stateJS delimDoubleQuote attrScript"),
    (
        "<a onkeypress=\"&quot;",
        "stateJSDqStr delimDoubleQuote attrScript",
    ),
    (
        "<a onclick='&quot;foo&quot;",
        "stateJS delimSingleQuote jsCtxDivOp attrScript",
    ),
    (
        "<a onclick=&#39;foo&#39;",
        "stateJS delimSpaceOrTagEnd jsCtxDivOp attrScript",
    ),
    (
        "<a onclick=&#39;foo",
        "stateJSSqStr delimSpaceOrTagEnd attrScript",
    ),
    (
        "<a onclick=\"&quot;foo'",
        "stateJSDqStr delimDoubleQuote attrScript",
    ),
    (
        "<a onclick=\"'foo&quot;",
        "stateJSSqStr delimDoubleQuote attrScript",
    ),
    (
        "<a onclick=\"`foo",
        "stateJSTmplLit delimDoubleQuote attrScript",
    ),
    ("<A ONCLICK=\"'", "stateJSSqStr delimDoubleQuote attrScript"),
    (
        "<a onclick=\"/",
        "stateJSRegexp delimDoubleQuote attrScript",
    ),
    (
        "<a onclick=\"'foo'",
        "stateJS delimDoubleQuote jsCtxDivOp attrScript",
    ),
    (
        "<a onclick=\"'foo\\'",
        "stateJSSqStr delimDoubleQuote attrScript",
    ),
    (
        "<a onclick=\"'foo\\'",
        "stateJSSqStr delimDoubleQuote attrScript",
    ),
    (
        "<a onclick=\"/foo/",
        "stateJS delimDoubleQuote jsCtxDivOp attrScript",
    ),
    ("<script>/foo/ /=", "stateJS elementScript"),
    (
        "<a onclick=\"1 /foo",
        "stateJS delimDoubleQuote jsCtxDivOp attrScript",
    ),
    (
        "<a onclick=\"1 /*c*/ /foo",
        "stateJS delimDoubleQuote jsCtxDivOp attrScript",
    ),
    (
        "<a onclick=\"/foo[/]",
        "stateJSRegexp delimDoubleQuote attrScript",
    ),
    (
        "<a onclick=\"/foo\\/",
        "stateJSRegexp delimDoubleQuote attrScript",
    ),
    (
        "<a onclick=\"/foo/",
        "stateJS delimDoubleQuote jsCtxDivOp attrScript",
    ),
    (
        "<input checked style=\"",
        "stateCSS delimDoubleQuote attrStyle",
    ),
    (
        "<a style=\"//",
        "stateCSSLineCmt delimDoubleQuote attrStyle",
    ),
    (
        "<a style=\"//</script>",
        "stateCSSLineCmt delimDoubleQuote attrStyle",
    ),
    ("<a style='//\n", "stateCSS delimSingleQuote attrStyle"),
    ("<a style='//\r", "stateCSS delimSingleQuote attrStyle"),
    (
        "<a style=\"/*",
        "stateCSSBlockCmt delimDoubleQuote attrStyle",
    ),
    (
        "<a style=\"/*/",
        "stateCSSBlockCmt delimDoubleQuote attrStyle",
    ),
    ("<a style=\"/**/", "stateCSS delimDoubleQuote attrStyle"),
    (
        "<a style=\"background: '",
        "stateCSSSqStr delimDoubleQuote attrStyle",
    ),
    (
        "<a style=\"background: &quot;",
        "stateCSSDqStr delimDoubleQuote attrStyle",
    ),
    (
        "<a style=\"background: '/foo?img=",
        "stateCSSSqStr delimDoubleQuote urlPartQueryOrFrag attrStyle",
    ),
    (
        "<a style=\"background: '/",
        "stateCSSSqStr delimDoubleQuote urlPartPreQuery attrStyle",
    ),
    (
        "<a style=\"background: url(&#x22;/",
        "stateCSSDqURL delimDoubleQuote urlPartPreQuery attrStyle",
    ),
    (
        "<a style=\"background: url('/",
        "stateCSSSqURL delimDoubleQuote urlPartPreQuery attrStyle",
    ),
    (
        "<a style=\"background: url('/)",
        "stateCSSSqURL delimDoubleQuote urlPartPreQuery attrStyle",
    ),
    (
        "<a style=\"background: url('/ ",
        "stateCSSSqURL delimDoubleQuote urlPartPreQuery attrStyle",
    ),
    (
        "<a style=\"background: url(/",
        "stateCSSURL delimDoubleQuote urlPartPreQuery attrStyle",
    ),
    (
        "<a style=\"background: url( ",
        "stateCSSURL delimDoubleQuote attrStyle",
    ),
    (
        "<a style=\"background: url( /image?name=",
        "stateCSSURL delimDoubleQuote urlPartQueryOrFrag attrStyle",
    ),
    (
        "<a style=\"background: url(x)",
        "stateCSS delimDoubleQuote attrStyle",
    ),
    (
        "<a style=\"background: url('x'",
        "stateCSS delimDoubleQuote attrStyle",
    ),
    (
        "<a style=\"background: url( x ",
        "stateCSS delimDoubleQuote attrStyle",
    ),
    ("<!-- foo", "stateHTMLCmt"),
    ("<!-->", "stateHTMLCmt"),
    ("<!--->", "stateHTMLCmt"),
    ("<!-- foo -->", "stateText"),
    ("<script", "stateTag elementScript"),
    ("<script ", "stateTag elementScript"),
    ("<script src=\"foo.js\" ", "stateTag elementScript"),
    ("<script src='foo.js' ", "stateTag elementScript"),
    ("<script type=text/javascript ", "stateTag elementScript"),
    ("<script>", "stateJS jsCtxRegexp elementScript"),
    ("<script>foo", "stateJS jsCtxDivOp elementScript"),
    ("<script>foo</script>", "stateText"),
    ("<script>foo</script><!--", "stateHTMLCmt"),
    (
        "<script>document.write(\"<p>foo</p>\");",
        "stateJS elementScript",
    ),
    (
        "<script>document.write(\"<p>foo<\\/script>\");",
        "stateJS elementScript",
    ),
    // <script and </script tags are escaped, so </script> should not cause us to exit the
    // JS state.
    (
        "<script>document.write(\"<script>alert(1)</script>\");",
        "stateJS elementScript",
    ),
    (
        "<script>document.write(\"<script>",
        "stateJSDqStr elementScript",
    ),
    (
        "<script>document.write(\"<script>alert(1)</script>",
        "stateJSDqStr elementScript",
    ),
    (
        "<script>document.write(\"<script>alert(1)<!--",
        "stateJSDqStr elementScript",
    ),
    (
        "<script>document.write(\"<script>alert(1)</Script>\");",
        "stateJS elementScript",
    ),
    ("<script>document.write(\"<!--\");", "stateJS elementScript"),
    ("<script>let a = /</script", "stateJSRegexp elementScript"),
    (
        "<script>let a = /</script/",
        "stateJS elementScript jsCtxDivOp",
    ),
    ("<script type=\"text/template\">", "stateText"),
    // covering issue 19968
    ("<script type=\"TEXT/JAVASCRIPT\">", "stateJS elementScript"),
    // covering issue 19965
    ("<script TYPE=\"text/template\">", "stateText"),
    ("<script type=\"notjs\">", "stateText"),
    ("<Script>", "stateJS elementScript"),
    ("<SCRIPT>foo", "stateJS jsCtxDivOp elementScript"),
    ("<textarea>value", "stateRCDATA elementTextarea"),
    ("<textarea>value</TEXTAREA>", "stateText"),
    ("<textarea name=html><b", "stateRCDATA elementTextarea"),
    ("<title>value", "stateRCDATA elementTitle"),
    ("<style>value", "stateCSS elementStyle"),
    ("<a xlink:href", "stateAttrName attrURL"),
    ("<a xmlns", "stateAttrName attrURL"),
    ("<a xmlns:foo", "stateAttrName attrURL"),
    ("<a xmlnsxyz", "stateAttrName"),
    ("<a data-url", "stateAttrName attrURL"),
    ("<a data-iconUri", "stateAttrName attrURL"),
    ("<a data-urlItem", "stateAttrName attrURL"),
    ("<a g:", "stateAttrName"),
    ("<a g:url", "stateAttrName attrURL"),
    ("<a g:iconUri", "stateAttrName attrURL"),
    ("<a g:urlItem", "stateAttrName attrURL"),
    ("<a g:value", "stateAttrName"),
    ("<a svg:style='", "stateCSS delimSingleQuote attrStyle"),
    ("<svg:font-face", "stateTag"),
    (
        "<svg:a svg:onclick=\"",
        "stateJS delimDoubleQuote attrScript",
    ),
    ("<svg:a svg:onclick=\"x()\">", ""),
    ("<script>var a = `", "stateJSTmplLit elementScript"),
    ("<script>var a = `${", "stateJS elementScript"),
    ("<script>var a = `${}", "stateJSTmplLit elementScript"),
    ("<script>var a = `${`", "stateJSTmplLit elementScript"),
    (
        "<script>var a = `${var a = \"",
        "stateJSDqStr elementScript",
    ),
    (
        "<script>var a = `${var a = \"`",
        "stateJSDqStr elementScript",
    ),
    (
        "<script>var a = `${var a = \"}",
        "stateJSDqStr elementScript",
    ),
    ("<script>var a = `${``", "stateJS elementScript"),
    ("<script>var a = `${`}", "stateJSTmplLit elementScript"),
    (
        "<script>`${ {} } asd`</script><script>`${ {} }",
        "stateJSTmplLit elementScript",
    ),
    (
        "<script>var foo = `${ (_ => { return \"x\" })() + \"${",
        "stateJSDqStr elementScript",
    ),
    (
        "<script>var a = `${ {</script><script>var b = `${ x }",
        "stateJSTmplLit elementScript jsCtxDivOp",
    ),
    ("<script>var foo = `x` + \"${", "stateJSDqStr elementScript"),
    (
        "<script>function f() { var a = `${}`; }",
        "stateJS elementScript",
    ),
    ("<script>{`${}`}", "stateJS elementScript"),
    (
        "<script>`${ function f() { return `${1}` }() }`",
        "stateJS elementScript jsCtxDivOp",
    ),
    (
        "<script>function f() {`${ function f() { `${1}` } }`}",
        "stateJS elementScript jsCtxDivOp",
    ),
    ("<script>`${ { `` }", "stateJS elementScript"),
    ("<script>`${ { }`", "stateJSTmplLit elementScript"),
    (
        "<script>var foo = `${ foo({ a: { c: `${",
        "stateJS elementScript",
    ),
    // In Go this text holds an action `{{.}}`, which a text node cannot: the text around it
    // is followed here in two pieces, with the action's own context change between them.
    ("<script>`${ `}", "stateJSTmplLit elementScript"),
];

#[test]
fn escape_text_contexts() {
    for (input, want) in ESCAPE_TEXT {
        let (got, _) = context_after_text(&Context::default(), input);
        assert!(got == ctx(want), "{input:?}: want {}, got {got}", ctx(want));
    }
}

/// Go's case `<script>var foo = `${ foo({ a: { c: `${ {{.}} }` }, b: ` ends in JS: the text
/// before the action, the action (a JS value), and the text after it.
#[test]
fn escape_text_around_an_action_in_a_template_literal() {
    let (c, _) = context_after_text(
        &Context::default(),
        "<script>var foo = `${ foo({ a: { c: `${ ",
    );
    assert!(c == ctx("stateJS elementScript"), "{c}");
    let (_, c) = gotemplate::html::escapers_for(&c, "{{.}}");
    let (c, _) = context_after_text(&c, " }` }, b: ");
    assert!(c == ctx("stateJS elementScript"), "{c}");
}

/// Go's TestFindEndTag.
#[test]
fn find_end_tag() {
    let cases: &[(&str, &str, Option<usize>)] = &[
        ("", "tag", None),
        ("hello </textarea> hello", "textarea", Some(6)),
        ("hello </TEXTarea> hello", "textarea", Some(6)),
        ("hello </textAREA>", "textarea", Some(6)),
        ("hello </textarea", "textareax", None),
        ("hello </textarea>", "tag", None),
        ("hello tag </textarea", "tag", None),
        (
            "hello </tag> </other> </textarea> <other>",
            "textarea",
            Some(22),
        ),
        ("</textarea> <other>", "textarea", Some(0)),
        ("<div> </div> </TEXTAREA>", "textarea", Some(13)),
        ("<div> </div> </TEXTAREA\t>", "textarea", Some(13)),
        ("<div> </div> </TEXTAREA >", "textarea", Some(13)),
        ("<div> </div> </TEXTAREAfoo", "textarea", None),
        ("</TEXTAREAfoo </textarea>", "textarea", Some(14)),
        ("<</script >", "script", Some(1)),
        ("</script>", "textarea", None),
    ];
    for (s, tag, want) in cases {
        assert_eq!(
            index_tag_end(s.as_bytes(), tag.as_bytes()),
            *want,
            "{s:?}/{tag:?}"
        );
    }
}

/// The rewriting of text (Go tests it through TestEscape; these are its cases without
/// actions): comments removed, stray `<` escaped, special tags in JS literals escaped.
#[test]
fn escape_text_rewrites() {
    let cases: &[(&str, &str)] = &[
        ("<<!-- -->!--", "&lt;!--"),
        ("a < b", "a &lt; b"),
        ("a << b", "a &lt;&lt; b"),
        ("a<<!-- --><!-- -->b", "a&lt;b"),
        ("<!DOCTYPE html>Hello, World!", "<!DOCTYPE html>Hello, World!"),
        ("<!doCtYPE htMl>Hello, World!", "<!doCtYPE htMl>Hello, World!"),
        ("<script>var a/*b*//c\nd</script>", "<script>var a /c\nd</script>"),
        ("<script>var a/*b*///c\nd</script>", "<script>var a \nd</script>"),
        (
            "<script>before <!-- beep\nbetween\nbefore-->boop\n</script>",
            "<script>before \nbetween\nbefore\n</script>",
        ),
        ("<script>#! beep\n</script>", "<script>\n</script>"),
        (
            "<script>var a = \"asd < 123 <!-- 456 < fgh <script jkl < 789 </script\"</script>",
            "<script>var a = \"asd < 123 \\x3C!-- 456 < fgh \\x3Cscript jkl < 789 \\x3C/script\"</script>",
        ),
        ("<script>var a = \"<!-- <ScripT </ScripT\"</script>", "<script>var a = \"\\x3C!-- \\x3CScripT \\x3C/ScripT\"</script>"),
        ("<script>var a = /<!-- <ScripT </ScripT/</script>", "<script>var a = /\\x3C!-- \\x3CScripT \\x3C/ScripT/</script>"),
        ("<p><!-- x --></p>", "<p></p>"),
        (
            "<script>for (;;) { if (c()) break/* foo not a label\n */foo(1);}</script>",
            "<script>for (;;) { if (c()) break\nfoo(1);}</script>",
        ),
        ("<script>for (;;) {\nif (c()) break/* foo a label */foo;}</script>", "<script>for (;;) {\nif (c()) break foo;}</script>"),
        ("<style>p// paragraph\n{border: 1px/* color */#00f}</style>", "<style>p\n{border: 1px #00f}</style>"),
        // Comments in attributes stay.
        ("<a onclick=\"f(&quot;&quot;); /* alert() */\">", "<a onclick=\"f(&quot;&quot;); /* alert() */\">"),
        ("<a style=\"// color: \">", "<a style=\"// color: \">"),
        ("<textarea><b>&amp;</textarea>", "<textarea>&lt;b>&amp;</textarea>"),
        ("Hello, World!", "Hello, World!"),
    ];
    for (input, want) in cases {
        let (c, got) = context_after_text(&Context::default(), input);
        assert_eq!(got, *want, "{input:?} (ends in {c})");
    }
}

/// A text node that is only a comment is dropped whole, and one that ends inside a comment
/// loses the comment's start (Go's "Comment ends flush with start" case, in pieces).
#[test]
fn escape_text_comment_pieces() {
    let (c, out) = context_after_text(&Context::default(), "<!--");
    assert_eq!(c.state, State::HtmlCmt);
    assert_eq!(out, "");
    let (c, out) = context_after_text(&c, "--><script>/*");
    assert_eq!(c.state, State::JsBlockCmt);
    assert_eq!(out, "<script>");
    let (c, out) = context_after_text(&c, "*///");
    assert_eq!(c.state, State::JsLineCmt);
    assert_eq!(out, " ");
    let (c, out) = context_after_text(&c, "\n</script><a onclick='/*");
    assert_eq!(c.state, State::JsBlockCmt);
    assert_eq!(out, "\n</script><a onclick='/*");
}

#[test]
fn escape_text_errors() {
    let cases: &[(&str, ErrorCode, &str)] = &[
        (
            "<a=foo>",
            ErrorCode::BadHtml,
            "expected space, attr name, or end of tag, but got \"=foo>\"",
        ),
        (
            "<a onclick=\"alert('Hello \\",
            ErrorCode::PartialEscape,
            "unfinished escape sequence in JS string: \"Hello \\\\\"",
        ),
        (
            "<a onclick='alert(\"Hello\\, World\\",
            ErrorCode::PartialEscape,
            "unfinished escape sequence in JS string: \"Hello\\\\, World\\\\\"",
        ),
        (
            "<a onclick='alert(/x+\\",
            ErrorCode::PartialEscape,
            "unfinished escape sequence in JS string: \"x+\\\\\"",
        ),
        (
            "<a onclick=\"/foo[\\]/",
            ErrorCode::PartialCharset,
            "unfinished JS regexp charset: \"foo[\\\\]/\"",
        ),
        (
            "<input type=button value=onclick=>",
            ErrorCode::BadHtml,
            "\"=\" in unquoted attr: \"onclick=\"",
        ),
        (
            "<input type=button value= onclick=>",
            ErrorCode::BadHtml,
            "\"=\" in unquoted attr: \"onclick=\"",
        ),
        (
            "<input type=button value= 1+1=2>",
            ErrorCode::BadHtml,
            "\"=\" in unquoted attr: \"1+1=2\"",
        ),
        (
            "<a class=`foo>",
            ErrorCode::BadHtml,
            "\"`\" in unquoted attr: \"`foo\"",
        ),
        (
            "<a style=font:'Arial'>",
            ErrorCode::BadHtml,
            "\"'\" in unquoted attr: \"font:'Arial'\"",
        ),
        (
            "<a \"x\"",
            ErrorCode::BadHtml,
            "\"\\\"\" in attribute name: \" \\\"x\\\"\"",
        ),
    ];
    for (input, code, description) in cases {
        let (c, out) = context_after_text(&Context::default(), input);
        assert_eq!(c.state, State::Error, "{input:?}");
        let err = c.err.as_ref().expect("an error context carries its error");
        assert_eq!(err.code, *code, "{input:?}");
        assert_eq!(err.description, *description, "{input:?}");
        assert_eq!(out, *input, "{input:?}: text is left alone on error");
    }
}

/// Go's TestErrors case for `<div{{template "y"}}>` with `y` = ` foo<b`: `y` is escaped from
/// the tag state.
#[test]
fn attribute_name_error_from_tag_state() {
    let (c, _) = context_after_text(&ctx("stateTag"), " foo<b");
    let err = c.err.expect("error");
    assert_eq!(err.code, ErrorCode::BadHtml);
    assert_eq!(err.description, "\"<\" in attribute name: \" foo<b\"");
}

/// Go's TestErrors case for `{{range .Items}}<a{{end}}`: the body run twice.
#[test]
fn range_reentry_in_a_tag() {
    let (c, _) = context_after_text(&Context::default(), "<a");
    let (again, _) = context_after_text(&c, "<a");
    let err = again.err.expect("error").on_range_reentry();
    assert_eq!(
        err.to_string(),
        "html/template: on range loop re-entry: \"<\" in attribute name: \"<a\""
    );
}

#[test]
fn mangle() {
    assert_eq!(Context::default().mangle("t"), "t");
    assert_eq!(
        ctx("stateRCDATA elementTextarea").mangle("t"),
        "t$htmltemplate_stateRCDATA_elementTextarea"
    );
    assert_eq!(
        ctx("stateJS elementScript").mangle("t"),
        "t$htmltemplate_stateJS_elementScript"
    );
    assert_eq!(
        ctx("stateURL delimDoubleQuote urlPartQueryOrFrag jsCtxDivOp attrURL").mangle("x"),
        "x$htmltemplate_stateURL_delimDoubleQuote_urlPartQueryOrFrag_jsCtxDivOp_attrURL"
    );
}

#[test]
fn display_and_end() {
    assert_eq!(
        ctx("stateAttr delimSpaceOrTagEnd").to_string(),
        "{stateAttr delimSpaceOrTagEnd urlPartNone jsCtxRegexp attrNone elementNone <nil>}"
    );
    // Go's TestErrors: `<a b=1 c={{.H}}` and `<script>foo();` end outside text.
    let (c, _) = context_after_text(&Context::default(), "<script>foo();");
    let err = c.check_end().unwrap_err();
    assert_eq!(err.code, ErrorCode::EndContext);
    assert!(
        err.description
            .starts_with("ends in a non-text context: {stateJS"),
        "{err}"
    );
    assert!(Context::default().check_end().is_ok());
}

#[test]
fn join_contexts() {
    let a = ctx("stateURL delimDoubleQuote urlPartPreQuery attrURL");
    let b = ctx("stateURL delimDoubleQuote urlPartQueryOrFrag attrURL");
    assert!(join(&a, &b, "if") == ctx("stateURL delimDoubleQuote urlPartUnknown attrURL"));
    let a = ctx("stateJS elementScript");
    let b = ctx("stateJS jsCtxDivOp elementScript");
    assert!(join(&a, &b, "if") == ctx("stateJS jsCtxUnknown elementScript"));
    // A dead branch gives way; equal contexts join to themselves.
    assert!(join(&ctx("stateDead"), &b, "range") == b);
    assert!(join(&b, &b, "with") == b);
    // `<p title={{if .C}}{{.}}{{end}}`: the unquoted value joins the state before it.
    let before_value = ctx("stateBeforeValue");
    let (_, in_value) = gotemplate::html::escapers_for(&before_value, "{{.}}");
    assert!(join(&in_value, &before_value, "if") == ctx("stateAttr delimSpaceOrTagEnd"));
    // Go's `{{if .Cond}}<a{{end}}`.
    let j = join(&ctx("stateTag"), &Context::default(), "if");
    let err = j.err.clone().expect("error");
    assert_eq!(err.code, ErrorCode::BranchEnd);
    assert!(
        err.description
            .starts_with("{{if}} branches end in different contexts: {stateTag "),
        "{err}"
    );
    // An error on either side wins.
    assert!(join(&j, &Context::default(), "if").state == State::Error);
}

#[test]
fn nudge_contexts() {
    assert!(nudge(&ctx("stateTag")) == ctx("stateAttrName"));
    assert!(nudge(&ctx("stateBeforeValue attrURL")) == ctx("stateURL delimSpaceOrTagEnd"));
    assert!(nudge(&ctx("stateAfterName attrURL")) == ctx("stateAttrName"));
    assert!(nudge(&ctx("stateJS")) == ctx("stateJS"));
}

/// Long scripts and style strings take linear time: Go searches for `</script` again at each
/// token and decodes a CSS string again at each escape, which this port does not.
#[test]
fn long_inputs_in_linear_time() {
    let script = format!("<script>{}</script>", "x={};".repeat(100_000));
    let (c, _) = context_after_text(&Context::default(), &script);
    assert!(c == Context::default(), "{c}");
    let style = format!("<a style=\"b:'/{}?", "\\a".repeat(100_000));
    let (c, _) = context_after_text(&Context::default(), &style);
    assert!(
        c == ctx("stateCSSSqStr delimDoubleQuote urlPartQueryOrFrag attrStyle"),
        "{c}"
    );
    let style = format!("<style>b:url('{}", "\\20".repeat(100_000));
    let (c, _) = context_after_text(&Context::default(), &style);
    assert!(
        c == ctx("stateCSSSqURL urlPartPreQuery elementStyle"),
        "{c}"
    );
}
