//! Go's content_test.go (Go 1.25): typed content (`template.HTML`, `CSS`, `JS`, ...) through
//! each context (TestTypedContent), values that print through their own method
//! (TestStringer), and nil interfaces (TestEscapingNilNonemptyInterfaces), run through an
//! html set.

use std::any::Any;
use std::sync::Arc;

use crate::support::{render, Data};
use gotemplate::{CallResult, Object, SafeKind, Value};

/// TestTypedContent's data: a plain string, then one value of each typed content kind.
fn typed_data() -> Vec<Value> {
    let safe = |kind, s: &str| Value::Safe(kind, s.into());
    vec![
        Value::str(r#"<b> "foo%" O'Reilly &bar;"#),
        safe(SafeKind::Css, r#"a[href =~ "//example.com"]#foo"#),
        safe(SafeKind::Html, "Hello, <b>World</b> &amp;tc!"),
        safe(SafeKind::HtmlAttr, r#" dir="ltr""#),
        safe(SafeKind::Js, r#"c && alert("Hello, World!");"#),
        safe(SafeKind::JsStr, r"Hello, World & O'Reilly\u0021"),
        safe(SafeKind::Url, "greeting=H%69,&addressee=(World)"),
        safe(
            SafeKind::Srcset,
            "greeting=H%69,&addressee=(World) 2x, https://golang.org/favicon.ico 500.5w",
        ),
        safe(SafeKind::Url, ",foo/,"),
    ]
}

/// (a template with one `{{.}}`, what the action writes for each value of `typed_data`).
const TYPED_CONTENT: &[(&str, [&str; 9])] = &[
    (
        "<style>{{.}} { color: blue }</style>",
        [
            "ZgotmplZ",
            "a[href =~ \"//example.com\"]#foo",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
        ],
    ),
    (
        "<div style=\"{{.}}\">",
        [
            "ZgotmplZ",
            "a[href =~ &#34;//example.com&#34;]#foo",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
        ],
    ),
    (
        "{{.}}",
        [
            "&lt;b&gt; &#34;foo%&#34; O&#39;Reilly &amp;bar;",
            "a[href =~ &#34;//example.com&#34;]#foo",
            "Hello, <b>World</b> &amp;tc!",
            " dir=&#34;ltr&#34;",
            "c &amp;&amp; alert(&#34;Hello, World!&#34;);",
            "Hello, World &amp; O&#39;Reilly\\u0021",
            "greeting=H%69,&amp;addressee=(World)",
            "greeting=H%69,&amp;addressee=(World) 2x, https://golang.org/favicon.ico 500.5w",
            ",foo/,",
        ],
    ),
    (
        "<a{{.}}>",
        [
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
            " dir=\"ltr\"",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
            "ZgotmplZ",
        ],
    ),
    (
        "<a title={{.}}>",
        [
            "&lt;b&gt;&#32;&#34;foo%&#34;&#32;O&#39;Reilly&#32;&amp;bar;",
            "a[href&#32;&#61;~&#32;&#34;//example.com&#34;]#foo",
            "Hello,&#32;World&#32;&amp;tc!",
            "&#32;dir&#61;&#34;ltr&#34;",
            "c&#32;&amp;&amp;&#32;alert(&#34;Hello,&#32;World!&#34;);",
            "Hello,&#32;World&#32;&amp;&#32;O&#39;Reilly\\u0021",
            "greeting&#61;H%69,&amp;addressee&#61;(World)",
            "greeting&#61;H%69,&amp;addressee&#61;(World)&#32;2x,&#32;https://golang.org/favicon.ico&#32;500.5w",
            ",foo/,",
        ],
    ),
    (
        "<a title='{{.}}'>",
        [
            "&lt;b&gt; &#34;foo%&#34; O&#39;Reilly &amp;bar;",
            "a[href =~ &#34;//example.com&#34;]#foo",
            "Hello, World &amp;tc!",
            " dir=&#34;ltr&#34;",
            "c &amp;&amp; alert(&#34;Hello, World!&#34;);",
            "Hello, World &amp; O&#39;Reilly\\u0021",
            "greeting=H%69,&amp;addressee=(World)",
            "greeting=H%69,&amp;addressee=(World) 2x, https://golang.org/favicon.ico 500.5w",
            ",foo/,",
        ],
    ),
    (
        "<textarea>{{.}}</textarea>",
        [
            "&lt;b&gt; &#34;foo%&#34; O&#39;Reilly &amp;bar;",
            "a[href =~ &#34;//example.com&#34;]#foo",
            "Hello, &lt;b&gt;World&lt;/b&gt; &amp;tc!",
            " dir=&#34;ltr&#34;",
            "c &amp;&amp; alert(&#34;Hello, World!&#34;);",
            "Hello, World &amp; O&#39;Reilly\\u0021",
            "greeting=H%69,&amp;addressee=(World)",
            "greeting=H%69,&amp;addressee=(World) 2x, https://golang.org/favicon.ico 500.5w",
            ",foo/,",
        ],
    ),
    (
        "<script>alert({{.}})</script>",
        [
            "\"\\u003cb\\u003e \\\"foo%\\\" O'Reilly \\u0026bar;\"",
            "\"a[href =~ \\\"//example.com\\\"]#foo\"",
            "\"Hello, \\u003cb\\u003eWorld\\u003c/b\\u003e \\u0026amp;tc!\"",
            "\" dir=\\\"ltr\\\"\"",
            "c && alert(\"Hello, World!\");",
            "\"Hello, World & O'Reilly\\u0021\"",
            "\"greeting=H%69,\\u0026addressee=(World)\"",
            "\"greeting=H%69,\\u0026addressee=(World) 2x, https://golang.org/favicon.ico 500.5w\"",
            "\",foo/,\"",
        ],
    ),
    (
        "<button onclick=\"alert({{.}})\">",
        [
            "&#34;\\u003cb\\u003e \\&#34;foo%\\&#34; O&#39;Reilly \\u0026bar;&#34;",
            "&#34;a[href =~ \\&#34;//example.com\\&#34;]#foo&#34;",
            "&#34;Hello, \\u003cb\\u003eWorld\\u003c/b\\u003e \\u0026amp;tc!&#34;",
            "&#34; dir=\\&#34;ltr\\&#34;&#34;",
            "c &amp;&amp; alert(&#34;Hello, World!&#34;);",
            "&#34;Hello, World &amp; O&#39;Reilly\\u0021&#34;",
            "&#34;greeting=H%69,\\u0026addressee=(World)&#34;",
            "&#34;greeting=H%69,\\u0026addressee=(World) 2x, https://golang.org/favicon.ico 500.5w&#34;",
            "&#34;,foo/,&#34;",
        ],
    ),
    (
        "<script>alert(\"{{.}}\")</script>",
        [
            "\\u003cb\\u003e \\u0022foo%\\u0022 O\\u0027Reilly \\u0026bar;",
            "a[href =~ \\u0022\\/\\/example.com\\u0022]#foo",
            "Hello, \\u003cb\\u003eWorld\\u003c\\/b\\u003e \\u0026amp;tc!",
            " dir=\\u0022ltr\\u0022",
            "c \\u0026\\u0026 alert(\\u0022Hello, World!\\u0022);",
            "Hello, World \\u0026 O\\u0027Reilly\\u0021",
            "greeting=H%69,\\u0026addressee=(World)",
            "greeting=H%69,\\u0026addressee=(World) 2x, https:\\/\\/golang.org\\/favicon.ico 500.5w",
            ",foo\\/,",
        ],
    ),
    (
        "<script type=\"text/javascript\">alert(\"{{.}}\")</script>",
        [
            "\\u003cb\\u003e \\u0022foo%\\u0022 O\\u0027Reilly \\u0026bar;",
            "a[href =~ \\u0022\\/\\/example.com\\u0022]#foo",
            "Hello, \\u003cb\\u003eWorld\\u003c\\/b\\u003e \\u0026amp;tc!",
            " dir=\\u0022ltr\\u0022",
            "c \\u0026\\u0026 alert(\\u0022Hello, World!\\u0022);",
            "Hello, World \\u0026 O\\u0027Reilly\\u0021",
            "greeting=H%69,\\u0026addressee=(World)",
            "greeting=H%69,\\u0026addressee=(World) 2x, https:\\/\\/golang.org\\/favicon.ico 500.5w",
            ",foo\\/,",
        ],
    ),
    (
        "<script type=\"text/javascript\">alert({{.}})</script>",
        [
            "\"\\u003cb\\u003e \\\"foo%\\\" O'Reilly \\u0026bar;\"",
            "\"a[href =~ \\\"//example.com\\\"]#foo\"",
            "\"Hello, \\u003cb\\u003eWorld\\u003c/b\\u003e \\u0026amp;tc!\"",
            "\" dir=\\\"ltr\\\"\"",
            "c && alert(\"Hello, World!\");",
            "\"Hello, World & O'Reilly\\u0021\"",
            "\"greeting=H%69,\\u0026addressee=(World)\"",
            "\"greeting=H%69,\\u0026addressee=(World) 2x, https://golang.org/favicon.ico 500.5w\"",
            "\",foo/,\"",
        ],
    ),
    (
        "<script type=\"text/template\">{{.}}</script>",
        [
            "&lt;b&gt; &#34;foo%&#34; O&#39;Reilly &amp;bar;",
            "a[href =~ &#34;//example.com&#34;]#foo",
            "Hello, <b>World</b> &amp;tc!",
            " dir=&#34;ltr&#34;",
            "c &amp;&amp; alert(&#34;Hello, World!&#34;);",
            "Hello, World &amp; O&#39;Reilly\\u0021",
            "greeting=H%69,&amp;addressee=(World)",
            "greeting=H%69,&amp;addressee=(World) 2x, https://golang.org/favicon.ico 500.5w",
            ",foo/,",
        ],
    ),
    (
        "<button onclick='alert(\"{{.}}\")'>",
        [
            "\\u003cb\\u003e \\u0022foo%\\u0022 O\\u0027Reilly \\u0026bar;",
            "a[href =~ \\u0022\\/\\/example.com\\u0022]#foo",
            "Hello, \\u003cb\\u003eWorld\\u003c\\/b\\u003e \\u0026amp;tc!",
            " dir=\\u0022ltr\\u0022",
            "c \\u0026\\u0026 alert(\\u0022Hello, World!\\u0022);",
            "Hello, World \\u0026 O\\u0027Reilly\\u0021",
            "greeting=H%69,\\u0026addressee=(World)",
            "greeting=H%69,\\u0026addressee=(World) 2x, https:\\/\\/golang.org\\/favicon.ico 500.5w",
            ",foo\\/,",
        ],
    ),
    (
        "<a href=\"?q={{.}}\">",
        [
            "%3cb%3e%20%22foo%25%22%20O%27Reilly%20%26bar%3b",
            "a%5bhref%20%3d~%20%22%2f%2fexample.com%22%5d%23foo",
            "Hello%2c%20%3cb%3eWorld%3c%2fb%3e%20%26amp%3btc%21",
            "%20dir%3d%22ltr%22",
            "c%20%26%26%20alert%28%22Hello%2c%20World%21%22%29%3b",
            "Hello%2c%20World%20%26%20O%27Reilly%5cu0021",
            "greeting=H%69,&amp;addressee=%28World%29",
            "greeting%3dH%2569%2c%26addressee%3d%28World%29%202x%2c%20https%3a%2f%2fgolang.org%2ffavicon.ico%20500.5w",
            ",foo/,",
        ],
    ),
    (
        "<style>body { background: url('?img={{.}}') }</style>",
        [
            "%3cb%3e%20%22foo%25%22%20O%27Reilly%20%26bar%3b",
            "a%5bhref%20%3d~%20%22%2f%2fexample.com%22%5d%23foo",
            "Hello%2c%20%3cb%3eWorld%3c%2fb%3e%20%26amp%3btc%21",
            "%20dir%3d%22ltr%22",
            "c%20%26%26%20alert%28%22Hello%2c%20World%21%22%29%3b",
            "Hello%2c%20World%20%26%20O%27Reilly%5cu0021",
            "greeting=H%69,&addressee=%28World%29",
            "greeting%3dH%2569%2c%26addressee%3d%28World%29%202x%2c%20https%3a%2f%2fgolang.org%2ffavicon.ico%20500.5w",
            ",foo/,",
        ],
    ),
    (
        "<img srcset=\"{{.}}\">",
        [
            "#ZgotmplZ",
            "#ZgotmplZ",
            "Hello,#ZgotmplZ",
            " dir=%22ltr%22",
            "#ZgotmplZ, World!%22%29;",
            "Hello,#ZgotmplZ",
            "greeting=H%69%2c&amp;addressee=%28World%29",
            "greeting=H%69,&amp;addressee=(World) 2x, https://golang.org/favicon.ico 500.5w",
            "%2cfoo/%2c",
        ],
    ),
    (
        "<img srcset={{.}}>",
        [
            "#ZgotmplZ",
            "#ZgotmplZ",
            "Hello,#ZgotmplZ",
            "&#32;dir&#61;%22ltr%22",
            "#ZgotmplZ,&#32;World!%22%29;",
            "Hello,#ZgotmplZ",
            "greeting&#61;H%69%2c&amp;addressee&#61;%28World%29",
            "greeting&#61;H%69,&amp;addressee&#61;(World)&#32;2x,&#32;https://golang.org/favicon.ico&#32;500.5w",
            "%2cfoo/%2c",
        ],
    ),
    (
        "<img srcset=\"{{.}} 2x, https://golang.org/ 500.5w\">",
        [
            "#ZgotmplZ",
            "#ZgotmplZ",
            "Hello,#ZgotmplZ",
            " dir=%22ltr%22",
            "#ZgotmplZ, World!%22%29;",
            "Hello,#ZgotmplZ",
            "greeting=H%69%2c&amp;addressee=%28World%29",
            "greeting=H%69,&amp;addressee=(World) 2x, https://golang.org/favicon.ico 500.5w",
            "%2cfoo/%2c",
        ],
    ),
    (
        "<img srcset=\"http://godoc.org/ {{.}}, https://golang.org/ 500.5w\">",
        [
            "#ZgotmplZ",
            "#ZgotmplZ",
            "Hello,#ZgotmplZ",
            " dir=%22ltr%22",
            "#ZgotmplZ, World!%22%29;",
            "Hello,#ZgotmplZ",
            "greeting=H%69%2c&amp;addressee=%28World%29",
            "greeting=H%69,&amp;addressee=(World) 2x, https://golang.org/favicon.ico 500.5w",
            "%2cfoo/%2c",
        ],
    ),
    (
        "<img srcset=\"http://godoc.org/?q={{.}} 2x, https://golang.org/ 500.5w\">",
        [
            "#ZgotmplZ",
            "#ZgotmplZ",
            "Hello,#ZgotmplZ",
            " dir=%22ltr%22",
            "#ZgotmplZ, World!%22%29;",
            "Hello,#ZgotmplZ",
            "greeting=H%69%2c&amp;addressee=%28World%29",
            "greeting=H%69,&amp;addressee=(World) 2x, https://golang.org/favicon.ico 500.5w",
            "%2cfoo/%2c",
        ],
    ),
    (
        "<img srcset=\"http://godoc.org/ 2x, {{.}} 500.5w\">",
        [
            "#ZgotmplZ",
            "#ZgotmplZ",
            "Hello,#ZgotmplZ",
            " dir=%22ltr%22",
            "#ZgotmplZ, World!%22%29;",
            "Hello,#ZgotmplZ",
            "greeting=H%69%2c&amp;addressee=%28World%29",
            "greeting=H%69,&amp;addressee=(World) 2x, https://golang.org/favicon.ico 500.5w",
            "%2cfoo/%2c",
        ],
    ),
    (
        "<img srcset=\"http://godoc.org/ 2x, https://golang.org/ {{.}}\">",
        [
            "#ZgotmplZ",
            "#ZgotmplZ",
            "Hello,#ZgotmplZ",
            " dir=%22ltr%22",
            "#ZgotmplZ, World!%22%29;",
            "Hello,#ZgotmplZ",
            "greeting=H%69%2c&amp;addressee=%28World%29",
            "greeting=H%69,&amp;addressee=(World) 2x, https://golang.org/favicon.ico 500.5w",
            "%2cfoo/%2c",
        ],
    ),
];

#[test]
fn typed_content() {
    let values = typed_data();
    let mut checked = 0;
    for (template, wants) in TYPED_CONTENT {
        let pre = template.find("{{.}}").expect("an action");
        let post = template.len() - (pre + 5);
        for (value, want) in values.iter().zip(wants) {
            let out = render(template, &Data::dot(value.clone()))
                .unwrap_or_else(|e| panic!("{template:?} with {value:?}: {e}"));
            assert_eq!(
                &out[pre..out.len() - post],
                *want,
                "{template:?} with {value:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 23 * 9);
}

/// A host value that prints through its own method, as Go's `fmt.Stringer` and `error`.
struct Printed(&'static str);

impl Object for Printed {
    fn type_name(&self) -> &str {
        "*template.myStringer"
    }
    fn get(&self, _name: &str, _args: &[Value]) -> Option<CallResult> {
        None
    }
    fn print(&self) -> String {
        self.0.to_string()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// TestStringer: a value is printed as it prints itself.
#[test]
fn stringer() {
    for text in ["string=3", "error=7"] {
        let value = Value::Object(Arc::new(Printed(text)));
        assert_eq!(render("{{.}}", &Data::dot(value)).unwrap(), text);
    }
}

/// TestEscapingNilNonemptyInterfaces: a nil interface of any type prints as nothing.
#[test]
fn nil_interfaces() {
    for nil in [Value::Nil, Value::NoValue] {
        let data = Data::new(vec![("E", nil)]);
        assert_eq!(render("{{.E}}", &data).unwrap(), "");
    }
}
