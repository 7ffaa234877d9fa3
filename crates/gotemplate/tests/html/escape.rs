//! Go's escape_test.go (Go 1.25), through html sets: TestEscape, TestEscapeMap, TestErrors,
//! TestEnsurePipelineContains, TestEscapeSet and the single tests after them.
//! (TestEscapeText is in `transition.rs`, TestRedundantFuncs in `escapers.rs`.)

use std::sync::Arc;

use crate::support::{html_set, render, Data};
use gotemplate::html::{ensure_pipeline_contains, Command, ErrorCode, Escaper, PipeItem};
use gotemplate::parse::{self, Node, Operand, ParseOptions};
use gotemplate::ExecErrorKind;
use gotemplate::Funcs;
use gotemplate::{SafeKind, Value};

/// TestEscape's data. Go's `B` and `M` (values with their own `MarshalJSON`) and `Z` (a
/// typed nil pointer) have no counterpart here; `Z` is a nil interface instead.
fn escape_data() -> Data {
    let list =
        |items: &[&str]| Value::List(Arc::new(items.iter().map(|s| Value::str(s)).collect()));
    Data::new(vec![
        ("F", Value::Bool(false)),
        ("T", Value::Bool(true)),
        ("C", Value::str("<Cincinnati>")),
        ("G", Value::str("<Goodbye>")),
        ("H", Value::str("<Hello>")),
        ("A", list(&["<a>", "<b>"])),
        ("E", list(&[])),
        ("N", Value::Int(42)),
        // Untyped nil: a missing value, and a nil interface.
        ("U", Value::NoValue),
        ("Z", Value::Nil),
        (
            "W",
            Value::Safe(
                SafeKind::Html,
                r##"&iexcl;<b class="foo">Hello</b>, <textarea>O'World</textarea>!"##.into(),
            ),
        ),
        ("I", Value::str("${ asd `` }")),
    ])
}

/// TestEscape: (name, template, output).
const ESCAPE: &[(&str, &str, &str)] = &[
    ("overescaping1", "Hello, {{.C | html}}!", "Hello, &lt;Cincinnati&gt;!"),
    ("overescaping2", "Hello, {{html .C}}!", "Hello, &lt;Cincinnati&gt;!"),
    ("nonStringValue", "{{.T}}", "true"),
    ("untypedNilValue", "{{.U}}", ""),
    // Go's typed nil (`*int(nil)`) prints `&lt;nil&gt;`; a `Value` has no typed nil, and
    // `Nil`, a nil interface, prints as nothing.
    ("nilInterfaceValue", "{{.Z}}", ""),
    ("constant", r##"<a href="/search?q={{"'a<b'"}}">"##, r##"<a href="/search?q=%27a%3cb%27">"##),
    ("multipleAttrs", "<a b=1 c={{.H}}>", "<a b=1 c=&lt;Hello&gt;>"),
    ("urlStartRel", r##"<a href='{{"/foo/bar?a=b&c=d"}}'>"##, r##"<a href='/foo/bar?a=b&amp;c=d'>"##),
    (
        "urlStartAbsOk",
        r##"<a href='{{"http://example.com/foo/bar?a=b&c=d"}}'>"##,
        r##"<a href='http://example.com/foo/bar?a=b&amp;c=d'>"##,
    ),
    (
        "protocolRelativeURLStart",
        r##"<a href='{{"//example.com:8000/foo/bar?a=b&c=d"}}'>"##,
        r##"<a href='//example.com:8000/foo/bar?a=b&amp;c=d'>"##,
    ),
    ("pathRelativeURLStart", r##"<a href="{{"/javascript:80/foo/bar"}}">"##, r##"<a href="/javascript:80/foo/bar">"##),
    ("dangerousURLStart", r##"<a href='{{"javascript:alert(%22pwned%22)"}}'>"##, r##"<a href='#ZgotmplZ'>"##),
    ("dangerousURLStart2", r##"<a href='  {{"javascript:alert(%22pwned%22)"}}'>"##, r##"<a href='  #ZgotmplZ'>"##),
    (
        "nonHierURL",
        r##"<a href={{"mailto:Muhammed \"The Greatest\" Ali <m.ali@example.com>"}}>"##,
        r##"<a href=mailto:Muhammed%20%22The%20Greatest%22%20Ali%20%3cm.ali@example.com%3e>"##,
    ),
    ("urlPath", r##"<a href='http://{{"javascript:80"}}/foo'>"##, r##"<a href='http://javascript:80/foo'>"##),
    ("urlQuery", r##"<a href='/search?q={{.H}}'>"##, r##"<a href='/search?q=%3cHello%3e'>"##),
    ("urlFragment", r##"<a href='/faq#{{.H}}'>"##, r##"<a href='/faq#%3cHello%3e'>"##),
    ("jsStrValue", "<button onclick='alert({{.H}})'>", r##"<button onclick='alert(&#34;\u003cHello\u003e&#34;)'>"##),
    ("jsNumericValue", "<button onclick='alert({{.N}})'>", r##"<button onclick='alert( 42 )'>"##),
    ("jsBoolValue", "<button onclick='alert({{.T}})'>", r##"<button onclick='alert( true )'>"##),
    ("jsNilValueTyped", "<button onclick='alert(typeof{{.Z}})'>", r##"<button onclick='alert(typeof null )'>"##),
    ("jsNilValueUntyped", "<button onclick='alert(typeof{{.U}})'>", r##"<button onclick='alert(typeof null )'>"##),
    (
        "jsObjValue",
        "<button onclick='alert({{.A}})'>",
        r##"<button onclick='alert([&#34;\u003ca\u003e&#34;,&#34;\u003cb\u003e&#34;])'>"##,
    ),
    ("jsObjValueScript", "<script>alert({{.A}})</script>", r##"<script>alert(["\u003ca\u003e","\u003cb\u003e"])</script>"##),
    (
        "jsObjValueNotOverEscaped",
        "<button onclick='alert({{.A | html}})'>",
        r##"<button onclick='alert([&#34;\u003ca\u003e&#34;,&#34;\u003cb\u003e&#34;])'>"##,
    ),
    ("jsStr", "<button onclick='alert(&quot;{{.H}}&quot;)'>", r##"<button onclick='alert(&quot;\u003cHello\u003e&quot;)'>"##),
    (
        "jsStrNotUnderEscaped",
        "<button onclick='alert({{.C | urlquery}})'>",
        // URL escaped, then quoted for JS.
        r##"<button onclick='alert(&#34;%3CCincinnati%3E&#34;)'>"##,
    ),
    ("jsRe", r##"<button onclick='alert(/{{"foo+bar"}}/.test(""))'>"##, r##"<button onclick='alert(/foo\u002bbar/.test(""))'>"##),
    ("jsReBlank", r##"<script>alert(/{{""}}/.test(""));</script>"##, r##"<script>alert(/(?:)/.test(""));</script>"##),
    ("styleBidiKeywordPassed", r##"<p style="dir: {{"ltr"}}">"##, r##"<p style="dir: ltr">"##),
    (
        "styleBidiPropNamePassed",
        r##"<p style="border-{{"left"}}: 0; border-{{"right"}}: 1in">"##,
        r##"<p style="border-left: 0; border-right: 1in">"##,
    ),
    ("styleExpressionBlocked", r##"<p style="width: {{"expression(alert(1337))"}}">"##, r##"<p style="width: ZgotmplZ">"##),
    ("styleTagSelectorPassed", r##"<style>{{"p"}} { color: pink }</style>"##, r##"<style>p { color: pink }</style>"##),
    ("styleIDPassed", r##"<style>p{{"#my-ID"}} { font: Arial }</style>"##, r##"<style>p#my-ID { font: Arial }</style>"##),
    ("styleClassPassed", r##"<style>p{{".my_class"}} { font: Arial }</style>"##, r##"<style>p.my_class { font: Arial }</style>"##),
    ("styleQuantityPassed", r##"<a style="left: {{"2em"}}; top: {{0}}">"##, r##"<a style="left: 2em; top: 0">"##),
    ("stylePctPassed", r##"<table style=width:{{"100%"}}>"##, r##"<table style=width:100%>"##),
    (
        "styleColorPassed",
        r##"<p style="color: {{"#8ff"}}; background: {{"#000"}}">"##,
        r##"<p style="color: #8ff; background: #000">"##,
    ),
    (
        "styleObfuscatedExpressionBlocked",
        r##"<p style="width: {{"  e\\78preS\x00Sio/**/n(alert(1337))"}}">"##,
        r##"<p style="width: ZgotmplZ">"##,
    ),
    ("styleMozBindingBlocked", r##"<p style="{{"-moz-binding(alert(1337))"}}: ...">"##, r##"<p style="ZgotmplZ: ...">"##),
    (
        "styleObfuscatedMozBindingBlocked",
        r##"<p style="{{"  -mo\\7a-B\x00I/**/nding(alert(1337))"}}: ...">"##,
        r##"<p style="ZgotmplZ: ...">"##,
    ),
    (
        "styleFontNameString",
        r##"<p style='font-family: "{{"Times New Roman"}}"'>"##,
        r##"<p style='font-family: "Times New Roman"'>"##,
    ),
    (
        "styleFontNameString",
        r##"<p style='font-family: "{{"Times New Roman"}}", "{{"sans-serif"}}"'>"##,
        r##"<p style='font-family: "Times New Roman", "sans-serif"'>"##,
    ),
    (
        "styleFontNameUnquoted",
        r##"<p style='font-family: {{"Times New Roman"}}'>"##,
        r##"<p style='font-family: Times New Roman'>"##,
    ),
    (
        "styleURLQueryEncoded",
        r##"<p style="background: url(/img?name={{"O'Reilly Animal(1)<2>.png"}})">"##,
        r##"<p style="background: url(/img?name=O%27Reilly%20Animal%281%29%3c2%3e.png)">"##,
    ),
    (
        "styleQuotedURLQueryEncoded",
        r##"<p style="background: url('/img?name={{"O'Reilly Animal(1)<2>.png"}}')">"##,
        r##"<p style="background: url('/img?name=O%27Reilly%20Animal%281%29%3c2%3e.png')">"##,
    ),
    (
        "styleStrQueryEncoded",
        r##"<p style="background: '/img?name={{"O'Reilly Animal(1)<2>.png"}}'">"##,
        r##"<p style="background: '/img?name=O%27Reilly%20Animal%281%29%3c2%3e.png'">"##,
    ),
    (
        "styleURLBadProtocolBlocked",
        r##"<a style="background: url('{{"javascript:alert(1337)"}}')">"##,
        r##"<a style="background: url('#ZgotmplZ')">"##,
    ),
    (
        "styleStrBadProtocolBlocked",
        r##"<a style="background: '{{"vbscript:alert(1337)"}}'">"##,
        r##"<a style="background: '#ZgotmplZ'">"##,
    ),
    (
        "styleStrEncodedProtocolEncoded",
        r##"<a style="background: '{{"javascript\\3a alert(1337)"}}'">"##,
        // The CSS string 'javascript\\3a alert(1337)' does not contain a colon.
        r##"<a style="background: 'javascript\\3a alert\28 1337\29 '">"##,
    ),
    (
        "styleURLGoodProtocolPassed",
        r##"<a style="background: url('{{"http://oreilly.com/O'Reilly Animals(1)<2>;{}.html"}}')">"##,
        r##"<a style="background: url('http://oreilly.com/O%27Reilly%20Animals%281%29%3c2%3e;%7b%7d.html')">"##,
    ),
    (
        "styleStrGoodProtocolPassed",
        r##"<a style="background: '{{"http://oreilly.com/O'Reilly Animals(1)<2>;{}.html"}}'">"##,
        r##"<a style="background: 'http\3a\2f\2foreilly.com\2fO\27Reilly Animals\28 1\29\3c 2\3e\3b\7b\7d.html'">"##,
    ),
    (
        "styleURLEncodedForHTMLInAttr",
        r##"<a style="background: url('{{"/search?img=foo&size=icon"}}')">"##,
        r##"<a style="background: url('/search?img=foo&amp;size=icon')">"##,
    ),
    (
        "styleURLNotEncodedForHTMLInCdata",
        r##"<style>body { background: url('{{"/search?img=foo&size=icon"}}') }</style>"##,
        r##"<style>body { background: url('/search?img=foo&size=icon') }</style>"##,
    ),
    ("styleURLMixedCase", r##"<p style="background: URL(#{{.H}})">"##, r##"<p style="background: URL(#%3cHello%3e)">"##),
    ("stylePropertyPairPassed", r##"<a style='{{"color: red"}}'>"##, r##"<a style='color: red'>"##),
    (
        "styleStrSpecialsEncoded",
        r##"<a style="font-family: '{{"/**/'\";:// \\"}}', &quot;{{"/**/'\";:// \\"}}&quot;">"##,
        r##"<a style="font-family: '\2f**\2f\27\22\3b\3a\2f\2f  \\', &quot;\2f**\2f\27\22\3b\3a\2f\2f  \\&quot;">"##,
    ),
    (
        "styleURLSpecialsEncoded",
        r##"<a style="border-image: url({{"/**/'\";:// \\"}}), url(&quot;{{"/**/'\";:// \\"}}&quot;), url('{{"/**/'\";:// \\"}}'), 'http://www.example.com/?q={{"/**/'\";:// \\"}}''">"##,
        r##"<a style="border-image: url(/**/%27%22;://%20%5c), url(&quot;/**/%27%22;://%20%5c&quot;), url('/**/%27%22;://%20%5c'), 'http://www.example.com/?q=%2f%2a%2a%2f%27%22%3b%3a%2f%2f%20%5c''">"##,
    ),
    ("HTML comment", "<b>Hello, <!-- name of world -->{{.C}}</b>", "<b>Hello, &lt;Cincinnati&gt;</b>"),
    ("HTML comment not first < in text node.", "<<!-- -->!--", "&lt;!--"),
    ("HTML normalization 1", "a < b", "a &lt; b"),
    ("HTML normalization 2", "a << b", "a &lt;&lt; b"),
    ("HTML normalization 3", "a<<!-- --><!-- -->b", "a&lt;b"),
    ("HTML doctype not normalized", "<!DOCTYPE html>Hello, World!", "<!DOCTYPE html>Hello, World!"),
    ("HTML doctype not case-insensitive", "<!doCtYPE htMl>Hello, World!", "<!doCtYPE htMl>Hello, World!"),
    ("No doctype injection", r##"<!{{"DOCTYPE"}}"##, "&lt;!DOCTYPE"),
    (
        "JS line comment",
        "<script>for (;;) { if (c()) break// foo not a label\nfoo({{.T}});}</script>",
        "<script>for (;;) { if (c()) break\nfoo( true );}</script>",
    ),
    (
        "JS multiline block comment",
        "<script>for (;;) { if (c()) break/* foo not a label\n */foo({{.T}});}</script>",
        // Newline separates break from call. If newline removed, then break will consume
        // label leaving code invalid.
        "<script>for (;;) { if (c()) break\nfoo( true );}</script>",
    ),
    (
        "JS single-line block comment",
        "<script>for (;;) {\nif (c()) break/* foo a label */foo;x({{.T}});}</script>",
        "<script>for (;;) {\nif (c()) break foo;x( true );}</script>",
    ),
    ("JS block comment flush with mathematical division", "<script>var a/*b*//c\nd</script>", "<script>var a /c\nd</script>"),
    ("JS mixed comments", "<script>var a/*b*///c\nd</script>", "<script>var a \nd</script>"),
    (
        "JS HTML-like comments",
        "<script>before <!-- beep\nbetween\nbefore-->boop\n</script>",
        "<script>before \nbetween\nbefore\n</script>",
    ),
    ("JS hashbang comment", "<script>#! beep\n</script>", "<script>\n</script>"),
    (
        "Special tags in <script> string literals",
        r##"<script>var a = "asd < 123 <!-- 456 < fgh <script jkl < 789 </script"</script>"##,
        r##"<script>var a = "asd < 123 \x3C!-- 456 < fgh \x3Cscript jkl < 789 \x3C/script"</script>"##,
    ),
    (
        "Special tags in <script> string literals (mixed case)",
        r##"<script>var a = "<!-- <ScripT </ScripT"</script>"##,
        r##"<script>var a = "\x3C!-- \x3CScripT \x3C/ScripT"</script>"##,
    ),
    (
        "Special tags in <script> regex literals (mixed case)",
        r##"<script>var a = /<!-- <ScripT </ScripT/</script>"##,
        r##"<script>var a = /\x3C!-- \x3CScripT \x3C/ScripT/</script>"##,
    ),
    (
        "CSS comments",
        "<style>p// paragraph\n{border: 1px/* color */{{\"#00f\"}}}</style>",
        "<style>p\n{border: 1px #00f}</style>",
    ),
    (
        "JS attr block comment",
        r##"<a onclick="f(&quot;&quot;); /* alert({{.H}}) */">"##,
        // Attribute comment tests should pass if the comments are successfully elided.
        r##"<a onclick="f(&quot;&quot;); /* alert() */">"##,
    ),
    ("JS attr line comment", r##"<a onclick="// alert({{.G}})">"##, r##"<a onclick="// alert()">"##),
    ("CSS attr block comment", r##"<a style="/* color: {{.H}} */">"##, r##"<a style="/* color:  */">"##),
    ("CSS attr line comment", r##"<a style="// color: {{.G}}">"##, r##"<a style="// color: ">"##),
    ("HTML substitution commented out", "<p><!-- {{.H}} --></p>", "<p></p>"),
    (
        "Comment ends flush with start",
        "<!--{{.}}--><script>/*{{.}}*///{{.}}\n</script><style>/*{{.}}*///{{.}}\n</style><a onclick='/*{{.}}*///{{.}}' style='/*{{.}}*///{{.}}'>",
        "<script> \n</script><style> \n</style><a onclick='/**///' style='/**///'>",
    ),
    ("typed HTML in text", "{{.W}}", r##"&iexcl;<b class="foo">Hello</b>, <textarea>O'World</textarea>!"##),
    ("typed HTML in attribute", r##"<div title="{{.W}}">"##, r##"<div title="&iexcl;Hello, O&#39;World!">"##),
    (
        "typed HTML in script",
        r##"<button onclick="alert({{.W}})">"##,
        r##"<button onclick="alert(&#34;\u0026iexcl;\u003cb class=\&#34;foo\&#34;\u003eHello\u003c/b\u003e, \u003ctextarea\u003eO&#39;World\u003c/textarea\u003e!&#34;)">"##,
    ),
    (
        "typed HTML in RCDATA",
        r##"<textarea>{{.W}}</textarea>"##,
        r##"<textarea>&iexcl;&lt;b class=&#34;foo&#34;&gt;Hello&lt;/b&gt;, &lt;textarea&gt;O&#39;World&lt;/textarea&gt;!</textarea>"##,
    ),
    ("No tag injection", r##"{{"10$"}}<{{"script src,evil.org/pwnd.js"}}..."##, r##"10$&lt;script src,evil.org/pwnd.js..."##),
    ("No comment injection", r##"<{{"!--"}}"##, r##"&lt;!--"##),
    ("No RCDATA end tag injection", r##"<textarea><{{"/textarea "}}...</textarea>"##, r##"<textarea>&lt;/textarea ...</textarea>"##),
    (
        "dynamic attribute name",
        r##"<img on{{"load"}}="alert({{"loaded"}})">"##,
        // Treated as JS since quotes are inserted.
        r##"<img onload="alert(&#34;loaded&#34;)">"##,
    ),
    (
        "bad dynamic attribute name 1",
        // Allow checked, selected, disabled, but not JS or CSS attributes.
        r##"<input {{"onchange"}}="{{"doEvil()"}}">"##,
        r##"<input ZgotmplZ="doEvil()">"##,
    ),
    (
        "bad dynamic attribute name 2",
        r##"<div {{"sTyle"}}="{{"color: expression(alert(1337))"}}">"##,
        r##"<div ZgotmplZ="color: expression(alert(1337))">"##,
    ),
    (
        "bad dynamic attribute name 3",
        // Allow title or alt, but not a URL.
        r##"<img {{"src"}}="{{"javascript:doEvil()"}}">"##,
        r##"<img ZgotmplZ="javascript:doEvil()">"##,
    ),
    (
        "bad dynamic attribute name 4",
        // Structure preservation requires values to associate with a consistent attribute.
        r##"<input checked {{""}}="Whose value am I?">"##,
        r##"<input checked ZgotmplZ="Whose value am I?">"##,
    ),
    ("dynamic element name", r##"<h{{3}}><table><t{{"head"}}>...</h{{3}}>"##, r##"<h3><table><thead>...</h3>"##),
    (
        "bad dynamic element name",
        // If any special tag name could be substituted, the content could be raw
        // text/RCDATA for some inputs and regular HTML content for others.
        r##"<{{"script"}}>{{"doEvil()"}}</{{"script"}}>"##,
        r##"&lt;script>doEvil()&lt;/script>"##,
    ),
    (
        "srcset bad URL in second position",
        r##"<img srcset="{{"/not-an-image#,javascript:alert(1)"}}">"##,
        // The second URL is also filtered.
        r##"<img srcset="/not-an-image#,#ZgotmplZ">"##,
    ),
    (
        "srcset buffer growth",
        r##"<img srcset={{",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"}}>"##,
        r##"<img srcset=,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,>"##,
    ),
    ("unquoted empty attribute value (plaintext)", "<p name={{.U}}>", "<p name=ZgotmplZ>"),
    ("unquoted empty attribute value (url)", "<p href={{.U}}>", "<p href=ZgotmplZ>"),
    ("quoted empty attribute value", "<p name=\"{{.U}}\">", "<p name=\"\">"),
    (
        "JS template lit special characters",
        "<script>var a = `{{.I}}`</script>",
        "<script>var a = `\\u0024\\u007b asd \\u0060\\u0060 \\u007d`</script>",
    ),
    (
        "JS template lit special characters, nested lit",
        "<script>var a = `${ `{{.I}}` }`</script>",
        "<script>var a = `${ `\\u0024\\u007b asd \\u0060\\u0060 \\u007d` }`</script>",
    ),
    (
        "JS template lit, nested JS",
        "<script>var a = `${ var a = \"{{\"a \\\" d\"}}\" }`</script>",
        "<script>var a = `${ var a = \"a \\u0022 d\" }`</script>",
    ),
];

#[test]
fn escape() {
    let data = escape_data();
    for (name, input, want) in ESCAPE.iter().chain(ESCAPE_BRANCHES) {
        let set = html_set(input);
        // Go executes each template twice (on a value and on a pointer to it).
        for _ in 0..2 {
            match set.execute_to_string("z", &data.dot) {
                Ok(got) => assert_eq!(got, *want, "{name}"),
                Err(e) => panic!("{name}: {e}"),
            }
        }
    }
}

/// TestEscape's cases with branches, in Go's order among the others.
pub const ESCAPE_BRANCHES: &[(&str, &str, &str)] = &[
    (
        "if",
        "{{if .T}}Hello{{end}}, {{.C}}!",
        "Hello, &lt;Cincinnati&gt;!",
    ),
    (
        "else",
        "{{if .F}}{{.H}}{{else}}{{.G}}{{end}}!",
        "&lt;Goodbye&gt;!",
    ),
    (
        "overescaping3",
        "{{with .C}}{{$msg := .}}Hello, {{$msg}}!{{end}}",
        "Hello, &lt;Cincinnati&gt;!",
    ),
    (
        "assignment",
        "{{if $x := .H}}{{$x}}{{end}}",
        "&lt;Hello&gt;",
    ),
    ("withBody", "{{with .H}}{{.}}{{end}}", "&lt;Hello&gt;"),
    (
        "withElse",
        "{{with .E}}{{.}}{{else}}{{.H}}{{end}}",
        "&lt;Hello&gt;",
    ),
    (
        "rangeBody",
        "{{range .A}}{{.}}{{end}}",
        "&lt;a&gt;&lt;b&gt;",
    ),
    (
        "rangeElse",
        "{{range .E}}{{.}}{{else}}{{.H}}{{end}}",
        "&lt;Hello&gt;",
    ),
    (
        "urlBranch",
        r#"<a href="{{if .F}}/foo?a=b{{else}}/bar{{end}}">"#,
        r#"<a href="/bar">"#,
    ),
    (
        "urlBranchConflictMoot",
        r#"<a href="{{if .T}}/foo?a={{else}}/bar#{{end}}{{.C}}">"#,
        r#"<a href="/foo?a=%3cCincinnati%3e">"#,
    ),
    // The {{if}} ends in an ambiguous jsCtx, but no slash follows.
    (
        "jsReAmbigOk",
        "<script>{{if true}}var x = 1{{end}}</script>",
        "<script>var x = 1</script>",
    ),
    (
        "Split HTML comment",
        "<b>Hello, <!-- name of {{if .T}}city -->{{.C}}{{else}}world -->{{.W}}{{end}}</b>",
        "<b>Hello, &lt;Cincinnati&gt;</b>",
    ),
    (
        "range in textarea",
        "<textarea>{{range .A}}{{.}}{{end}}</textarea>",
        "<textarea>&lt;a&gt;&lt;b&gt;</textarea>",
    ),
    (
        "optional attrs",
        concat!(
            r#"<img class="{{"iconClass"}}""#,
            r#"{{if .T}} id="{{"<iconId>"}}"{{end}}"#,
            // Double quotes inside if/else.
            r#" src="#,
            r#"{{if .T}}"?{{"<iconPath>"}}""#,
            r#"{{else}}"images/cleardot.gif"{{end}}"#,
            // Missing space before title, but it is not a part of the src attribute.
            r#"{{if .T}}title="{{"<title>"}}"{{end}}"#,
            // Quotes outside if/else.
            r#" alt=""#,
            r#"{{if .T}}{{"<alt>"}}"#,
            r#"{{else}}{{if .F}}{{"<title>"}}{{end}}"#,
            r#"{{end}}""#,
            r#">"#,
        ),
        r#"<img class="iconClass" id="&lt;iconId&gt;" src="?%3ciconPath%3e"title="&lt;title&gt;" alt="&lt;alt&gt;">"#,
    ),
    (
        "conditional valueless attr name",
        "<input{{if .T}} checked{{end}} name=n>",
        "<input checked name=n>",
    ),
    (
        "conditional dynamic valueless attr name 1",
        r#"<input{{if .T}} {{"checked"}}{{end}} name=n>"#,
        "<input checked name=n>",
    ),
    (
        "conditional dynamic valueless attr name 2",
        r#"<input {{if .T}}{{"checked"}} {{end}}name=n>"#,
        "<input checked name=n>",
    ),
];

/// TestEscapeMap: a map key named like a predefined escaper is a field, not the escaper.
#[test]
fn escape_map() {
    let data = Data::new(vec![
        ("html", Value::str("<h1>Hi!</h1>")),
        (
            "urlquery",
            Value::str("http://www.foo.com/index.html?title=main"),
        ),
    ]);
    assert_eq!(
        render("{{.html | print}}", &data).unwrap(),
        "&lt;h1&gt;Hi!&lt;/h1&gt;"
    );
    assert_eq!(
        render("{{.urlquery | print}}", &data).unwrap(),
        "http://www.foo.com/index.html?title=main"
    );
}

/// TestErrors: templates that escape, and templates that do not, with Go's error code, the
/// text Go's message contains, and where it places the error (line and column of the node;
/// `None` where Go names no node).
#[test]
fn errors() {
    let data = Data::dot(Value::NoValue);
    for input in ERRORS_NONE {
        let set = html_set(input);
        if let Err(e) = set.execute_to_string("z", &data.dot) {
            panic!("{input:?}: {e}");
        }
    }
    for (input, code, want, at) in ERRORS {
        let set = html_set(input);
        let err = set.execute_to_string("z", &data.dot).expect_err(input);
        let escape = err.escape.as_ref().expect("an escaping error");
        assert_eq!(err.kind, ExecErrorKind::Escape, "{input:?}");
        assert_eq!(escape.code, *code, "{input:?}: {err}");
        let got = err.to_string();
        assert!(got.contains(want), "{input:?}: {got:?} lacks {want:?}");
        let node = escape.node.as_ref().map(|l| (l.line, l.col));
        assert_eq!(node, *at, "{input:?}: {got}");
        // The same error again, as Go checks.
        let again = set.execute_to_string("z", &data.dot).expect_err(input);
        assert_eq!(again.to_string(), got);
    }
    assert_eq!(ERRORS_NONE.len() + ERRORS.len(), 50);
}

/// TestErrors' templates that escape.
pub const ERRORS_NONE: &[&str] = &[
    "{{if .Cond}}<a>{{else}}<b>{{end}}",
    "{{if .Cond}}<a>{{end}}",
    "{{if .Cond}}{{else}}<b>{{end}}",
    "{{with .Cond}}<div>{{end}}",
    "{{range .Items}}<a>{{end}}",
    "<a href='/foo?{{range .Items}}&{{.K}}={{.V}}{{end}}'>",
    "{{range .Items}}<a{{if .X}}{{end}}>{{end}}",
    "{{range .Items}}<a{{if .X}}{{end}}>{{continue}}{{end}}",
    "{{range .Items}}<a{{if .X}}{{end}}>{{break}}{{end}}",
    "{{range .Items}}<a{{if .X}}{{end}}>{{if .X}}{{break}}{{end}}{{end}}",
    "<script>var a = `${a+b}`</script>`",
    "<script>var tmpl = `asd`;</script>",
    "<script>var tmpl = `${1}`;</script>",
    "<script>var tmpl = `${return ``}`;</script>",
    "<script>var tmpl = `${return {{.}} }`;</script>",
    "<script>var tmpl = `${ let a = {1:1} {{.}} }`;</script>",
    "<script>var tmpl = `asd ${return \"{\"}`;</script>",
];

type ErrorCase = (
    &'static str,
    ErrorCode,
    &'static str,
    Option<(usize, usize)>,
);

/// TestErrors' templates that do not escape.
pub const ERRORS: &[ErrorCase] = &[
    ("{{if .Cond}}<a{{end}}", ErrorCode::BranchEnd, "z:1:5: {{if}} branches", Some((1, 5))),
    ("{{if .Cond}}\n{{else}}\n<a{{end}}", ErrorCode::BranchEnd, "z:1:5: {{if}} branches", Some((1, 5))),
    // Missing quote in the else branch.
    (r#"{{if .Cond}}<a href="foo">{{else}}<a href="bar>{{end}}"#, ErrorCode::BranchEnd, "z:1:5: {{if}} branches", Some((1, 5))),
    // Different kind of attribute: href implies a URL.
    ("<a {{if .Cond}}href='{{else}}title='{{end}}{{.X}}'>", ErrorCode::BranchEnd, "z:1:8: {{if}} branches", Some((1, 8))),
    ("\n{{with .X}}<a{{end}}", ErrorCode::BranchEnd, "z:2:7: {{with}} branches", Some((2, 7))),
    ("\n{{with .X}}<a>{{else}}<a{{end}}", ErrorCode::BranchEnd, "z:2:7: {{with}} branches", Some((2, 7))),
    ("{{range .Items}}<a{{end}}", ErrorCode::BadHtml, r#"z:1: on range loop re-entry: "<" in attribute name: "<a""#, None),
    ("\n{{range .Items}} x='<a{{end}}", ErrorCode::BranchEnd, "z:2:8: on range loop re-entry: {{range}} branches", Some((2, 8))),
    (
        "{{range .Items}}<a{{if .X}}{{break}}{{end}}>{{end}}",
        ErrorCode::BranchEnd,
        "z:1:29: at range loop break: {{range}} branches end in different contexts",
        Some((1, 29)),
    ),
    (
        "{{range .Items}}<a{{if .X}}{{continue}}{{end}}>{{end}}",
        ErrorCode::BranchEnd,
        "z:1:29: at range loop continue: {{range}} branches end in different contexts",
        Some((1, 29)),
    ),
    (
        "{{range .Items}}{{if .X}}{{break}}{{end}}<a{{if .Y}}{{continue}}{{end}}>{{if .Z}}{{continue}}{{end}}{{end}}",
        ErrorCode::BranchEnd,
        "z:1:54: at range loop continue: {{range}} branches end in different contexts",
        Some((1, 54)),
    ),
    ("<a b=1 c={{.H}}", ErrorCode::EndContext, "z: ends in a non-text context: {stateAttr delimSpaceOrTagEnd", None),
    ("<script>foo();", ErrorCode::EndContext, "z: ends in a non-text context: {stateJS", None),
    (
        r#"<a href="{{if .F}}/foo?a={{else}}/bar/{{end}}{{.H}}">"#,
        ErrorCode::AmbigContext,
        "z:1:47: {{.H}} appears in an ambiguous context within a URL",
        Some((1, 47)),
    ),
    (r#"<a onclick="alert('Hello \"#, ErrorCode::PartialEscape, r#"unfinished escape sequence in JS string: "Hello \\""#, None),
    (r#"<a onclick='alert("Hello\, World\"#, ErrorCode::PartialEscape, r#"unfinished escape sequence in JS string: "Hello\\, World\\""#, None),
    (r#"<a onclick='alert(/x+\"#, ErrorCode::PartialEscape, r#"unfinished escape sequence in JS string: "x+\\""#, None),
    (r#"<a onclick="/foo[\]/"#, ErrorCode::PartialCharset, r#"unfinished JS regexp charset: "foo[\\]/""#, None),
    // It is ambiguous whether 1.5 should be 1\.5 or 1.5: `var x = 1/- 1.5 /i.test(x)` or
    // `/-1\.5/i.test(x)`.
    (
        r#"<script>{{if false}}var x = 1{{end}}/-{{"1.5"}}/i.test(x)</script>"#,
        ErrorCode::SlashAmbig,
        r#"'/' could start a division or regexp: "/-""#,
        None,
    ),
    (r#"{{template "foo"}}"#, ErrorCode::NoSuchTemplate, r#"z:1:11: no such template "foo""#, Some((1, 11))),
    // Illegal starting in stateTag but not in stateText.
    (r#"<div{{template "y"}}>{{define "y"}} foo<b{{end}}"#, ErrorCode::BadHtml, r#""<" in attribute name: " foo<b""#, None),
    (
        // Missing " after the recursive call.
        r#"<script>reverseList = [{{template "t"}}]</script>{{define "t"}}{{if .Tail}}{{template "t" .Tail}}{{end}}{{.Head}}",{{end}}"#,
        ErrorCode::OutputContext,
        ": cannot compute output context for template t$htmltemplate_stateJS_elementScript",
        Some((1, 63)),
    ),
    ("<input type=button value=onclick=>", ErrorCode::BadHtml, r#"html/template:z: "=" in unquoted attr: "onclick=""#, None),
    ("<input type=button value= onclick=>", ErrorCode::BadHtml, r#"html/template:z: "=" in unquoted attr: "onclick=""#, None),
    ("<input type=button value= 1+1=2>", ErrorCode::BadHtml, r#"html/template:z: "=" in unquoted attr: "1+1=2""#, None),
    ("<a class=`foo>", ErrorCode::BadHtml, "html/template:z: \"`\" in unquoted attr: \"`foo\"", None),
    ("<a style=font:'Arial'>", ErrorCode::BadHtml, r#"html/template:z: "'" in unquoted attr: "font:'Arial'""#, None),
    ("<a=foo>", ErrorCode::BadHtml, r#": expected space, attr name, or end of tag, but got "=foo>""#, None),
    // urlquery and html only at the end of a pipeline...
    ("Hello, {{. | urlquery | print}}!", ErrorCode::PredefinedEscaper, r#"predefined escaper "urlquery" disallowed in template"#, Some((1, 9))),
    ("Hello, {{. | html | print}}!", ErrorCode::PredefinedEscaper, r#"predefined escaper "html" disallowed in template"#, Some((1, 9))),
    ("Hello, {{html . | print}}!", ErrorCode::PredefinedEscaper, r#"predefined escaper "html" disallowed in template"#, Some((1, 9))),
    // ... and html not in an unquoted attribute value, even at the end.
    ("<div class={{. | html}}>Hello<div>", ErrorCode::PredefinedEscaper, r#"predefined escaper "html" disallowed in template"#, Some((1, 13))),
    ("Hello, {{. | urlquery | html}}!", ErrorCode::PredefinedEscaper, r#"predefined escaper "urlquery" disallowed in template"#, Some((1, 9))),
];

/// The error for an action where the URL part is unknown, as Go's TestErrors case
/// `<a href="{{if .F}}/foo?a={{else}}/bar/{{end}}{{.H}}">` reaches it after the join.
#[test]
fn ambiguous_url() {
    use gotemplate::html::{context_after_text, escapers_for, join, Context};
    let (start, _) = context_after_text(&Context::default(), "<a href=\"");
    let (a, _) = context_after_text(&start, "/foo?a=");
    let (b, _) = context_after_text(&start, "/bar/");
    let joined = join(&a, &b, "if");
    let (escapers, after) = escapers_for(&joined, "{{.H}}");
    assert!(escapers.is_empty());
    let err = after.err.expect("an error");
    assert_eq!(err.code, ErrorCode::AmbigContext);
    assert_eq!(
        err.description,
        "{{.H}} appears in an ambiguous context within a URL"
    );
}

/// TestEnsurePipelineContains: (action, pipeline after, escapers to insert).
#[test]
fn ensure_pipeline() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("{{.X}}", ".X", &[]),
        ("{{.X | html}}", ".X | html", &[]),
        ("{{.X}}", ".X | html", &["html"]),
        (
            "{{html .X}}",
            "_eval_args_ .X | html | urlquery",
            &["html", "urlquery"],
        ),
        (
            "{{html .X .Y .Z}}",
            "_eval_args_ .X .Y .Z | html | urlquery",
            &["html", "urlquery"],
        ),
        ("{{.X | print}}", ".X | print | urlquery", &["urlquery"]),
        (
            "{{.X | print | urlquery}}",
            ".X | print | urlquery",
            &["urlquery"],
        ),
        (
            "{{.X | urlquery}}",
            ".X | html | urlquery",
            &["html", "urlquery"],
        ),
        (
            "{{.X | print 2 | .f 3}}",
            ".X | print 2 | .f 3 | urlquery | html",
            &["urlquery", "html"],
        ),
        // covering issue 10801
        (
            "{{.X | println.x }}",
            ".X | println.x | urlquery | html",
            &["urlquery", "html"],
        ),
        // covering issue 10801
        (
            "{{.X | (print 12 | println).x }}",
            ".X | (print 12 | println).x | urlquery | html",
            &["urlquery", "html"],
        ),
        // The merging of internal escapers with the predefined "html" and "urlquery".
        (
            "{{.X | urlquery}}",
            ".X | _html_template_urlfilter | urlquery",
            &["_html_template_urlfilter", "_html_template_urlnormalizer"],
        ),
        (
            "{{.X | urlquery}}",
            ".X | urlquery | _html_template_urlfilter | _html_template_cssescaper",
            &["_html_template_urlfilter", "_html_template_cssescaper"],
        ),
        (
            "{{.X | urlquery}}",
            ".X | urlquery",
            &["_html_template_urlnormalizer"],
        ),
        (
            "{{.X | urlquery}}",
            ".X | urlquery",
            &["_html_template_urlescaper"],
        ),
        (
            "{{.X | html}}",
            ".X | html",
            &["_html_template_htmlescaper"],
        ),
        (
            "{{.X | html}}",
            ".X | html",
            &["_html_template_rcdataescaper"],
        ),
    ];
    for (input, want, ids) in cases {
        let options = ParseOptions {
            skip_func_check: true,
            ..ParseOptions::new("t")
        };
        let trees = parse::parse(input, &options, &Funcs::new()).expect("the action parses");
        let Some(Node::Action(action)) = trees[0].root.nodes.first() else {
            panic!("{input} is an action");
        };
        let cmds = &action.pipe.cmds;
        let commands: Vec<Command> = cmds
            .iter()
            .map(|cmd| Command {
                ident: match &cmd.args[0] {
                    Operand::Identifier(id) => Some(&*id.name),
                    _ => None,
                },
                operands: cmd.args.len() - 1,
            })
            .collect();
        let escapers: Vec<Escaper> = ids
            .iter()
            .map(|id| Escaper::from_name(id).expect("an escaper"))
            .collect();
        let items = ensure_pipeline_contains(&commands, &escapers);
        let got: Vec<String> = items
            .iter()
            .map(|item| match *item {
                PipeItem::Original(i) => cmds[i].to_string(),
                PipeItem::EvalArgs => std::iter::once("_eval_args_".to_string())
                    .chain(cmds[0].args[1..].iter().map(|a| a.to_string()))
                    .collect::<Vec<_>>()
                    .join(" "),
                PipeItem::Call(e) => e.name().to_string(),
            })
            .collect();
        assert_eq!(got.join(" | "), *want, "{input} with {ids:?}");
    }
}
