//! The escapers and filters on values: Go's html_test.go, css_test.go, url_test.go,
//! js_test.go and escape_test.go's TestRedundantFuncs (Go 1.25), as tables.

use std::sync::Arc;

use gotemplate::html::css::{
    decode_css, ends_with_css_keyword, hex_decode, is_css_nmchar, skip_css_space,
};
use gotemplate::html::js::{is_js_type, next_js_ctx};
use gotemplate::html::{escape, strip_tags, unescape_string, Escaper, JsCtx};
use gotemplate::{MapKey, SafeKind, Value};

fn esc(e: Escaper, s: &str) -> String {
    escape(e, &[Value::str(s)])
}

/// Every ASCII character and a few others, as Go's tests use.
const LOWER7_AND_SOME: &str = concat!(
    "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f",
    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f",
    " !\"#$%&'()*+,-./",
    "0123456789:;<=>?",
    "@ABCDEFGHIJKLMNO",
    "PQRSTUVWXYZ[\\]^_",
    "`abcdefghijklmno",
    "pqrstuvwxyz{|}~\x7f",
    "\u{A0}\u{100}\u{2028}\u{2029}\u{feff}\u{1D11E}",
);

// ---- html_test.go ----

/// Go's TestHTMLNospaceEscaper, without its last characters `erroneous\x96` + `0`: a Rust
/// string cannot hold the invalid byte.
#[test]
fn html_nospace_escaper() {
    let input = concat!(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f",
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f",
        " !\"#$%&'()*+,-./",
        "0123456789:;<=>?",
        "@ABCDEFGHIJKLMNO",
        "PQRSTUVWXYZ[\\]^_",
        "`abcdefghijklmno",
        "pqrstuvwxyz{|}~\x7f",
        "\u{A0}\u{100}\u{2028}\u{2029}\u{feff}\u{fdec}\u{1D11E}",
    );
    let want = concat!(
        "&#xfffd;\x01\x02\x03\x04\x05\x06\x07",
        "\x08&#9;&#10;&#11;&#12;&#13;\x0E\x0F",
        "\x10\x11\x12\x13\x14\x15\x16\x17",
        "\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f",
        "&#32;!&#34;#$%&amp;&#39;()*&#43;,-./",
        "0123456789:;&lt;&#61;&gt;?",
        "@ABCDEFGHIJKLMNO",
        "PQRSTUVWXYZ[\\]^_",
        "&#96;abcdefghijklmno",
        "pqrstuvwxyz{|}~\x7f",
        "\u{A0}\u{100}\u{2028}\u{2029}\u{feff}&#xfdec;\u{1D11E}",
    );
    let got = esc(Escaper::NospaceEscaper, input);
    assert_eq!(got, want);
    // Decoding gives the input back, NUL read as U+FFFD.
    assert_eq!(unescape_string(&got), input.replace('\0', "\u{FFFD}"));
}

/// Since Go 1.20.4 an empty unquoted attribute value is `ZgotmplZ` (TestEscape's
/// "unquoted empty attribute value" cases), typed HTML too; HTML that is only tags is not
/// empty before its tags are stripped.
#[test]
fn html_nospace_escaper_empty() {
    assert_eq!(esc(Escaper::NospaceEscaper, ""), "ZgotmplZ");
    assert_eq!(
        escape(Escaper::NospaceEscaper, &[Value::NoValue]),
        "ZgotmplZ"
    );
    assert_eq!(
        escape(
            Escaper::NospaceEscaper,
            &[Value::Safe(SafeKind::Html, "".into())]
        ),
        "ZgotmplZ"
    );
    assert_eq!(
        escape(
            Escaper::NospaceEscaper,
            &[Value::Safe(SafeKind::Html, "<b></b>".into())]
        ),
        ""
    );
    assert_eq!(esc(Escaper::AttrEscaper, ""), "");
}

/// Go's TestStripTags.
#[test]
fn strip_tags_cases() {
    let cases: &[(&str, &str)] = &[
        ("", ""),
        ("Hello, World!", "Hello, World!"),
        ("foo&amp;bar", "foo&amp;bar"),
        (
            "Hello <a href=\"www.example.com/\">World</a>!",
            "Hello World!",
        ),
        ("Foo <textarea>Bar</textarea> Baz", "Foo Bar Baz"),
        ("Foo <!-- Bar --> Baz", "Foo  Baz"),
        ("<", "<"),
        ("foo < bar", "foo < bar"),
        (
            "Foo<script type=\"text/javascript\">alert(1337)</script>Bar",
            "FooBar",
        ),
        ("Foo<div title=\"1>2\">Bar", "FooBar"),
        ("I <3 Ponies!", "I <3 Ponies!"),
        ("<script>foo()</script>", ""),
    ];
    for (input, want) in cases {
        assert_eq!(strip_tags(input), *want, "{input:?}");
    }
}

// ---- css_test.go ----

#[test]
fn css_ends_with_keyword() {
    let cases: &[(&str, &str, bool)] = &[
        ("", "url", false),
        ("url", "url", true),
        ("URL", "url", true),
        ("Url", "url", true),
        ("url", "important", false),
        ("important", "important", true),
        ("image-url", "url", false),
        ("imageurl", "url", false),
        ("image url", "url", true),
    ];
    for (css, kw, want) in cases {
        assert_eq!(
            ends_with_css_keyword(css.as_bytes(), kw),
            *want,
            "{css:?} {kw:?}"
        );
    }
}

/// Go's TestIsCSSNmchar, but for U+D800, U+DC00 and 0x110000, which are no `char`.
#[test]
fn css_nmchar() {
    let cases: &[(u32, bool)] = &[
        (0, false),
        ('0' as u32, true),
        ('9' as u32, true),
        ('A' as u32, true),
        ('Z' as u32, true),
        ('a' as u32, true),
        ('z' as u32, true),
        ('_' as u32, true),
        ('-' as u32, true),
        (':' as u32, false),
        (';' as u32, false),
        (' ' as u32, false),
        (0x7f, false),
        (0x80, true),
        (0x1234, true),
        (0xfffe, false),
        (0x10000, true),
    ];
    for (r, want) in cases {
        let c = char::from_u32(*r).expect("a char");
        assert_eq!(is_css_nmchar(c), *want, "{r:#x}");
    }
}

/// Go's TestDecodeCSS, with the check that escaping and decoding again is the identity.
#[test]
fn css_decode() {
    let cases: &[(&str, &str)] = &[
        ("", ""),
        ("foo", "foo"),
        ("foo\\", "foo"),
        ("foo\\\\", "foo\\"),
        ("\\", ""),
        ("\\A", "\n"),
        ("\\a", "\n"),
        ("\\0a", "\n"),
        ("\\00000a", "\n"),
        ("\\000000a", "\u{0000}a"),
        ("\\1234 5", "\u{1234}5"),
        ("\\1234\\20 5", "\u{1234} 5"),
        ("\\1234\\A 5", "\u{1234}\n5"),
        ("\\1234\t5", "\u{1234}5"),
        ("\\1234\n5", "\u{1234}5"),
        ("\\1234\r\n5", "\u{1234}5"),
        ("\\12345", "\u{12345}"),
        ("\\\\", "\\"),
        ("\\\\ ", "\\ "),
        ("\\\"", "\""),
        ("\\'", "'"),
        ("\\.", "."),
        ("\\. .", ". ."),
        (
            "The \\3c i\\3equick\\3c/i\\3e,\\d\\A\\3cspan style=\\27 color:brown\\27\\3e brown\\3c/span\\3e  fox jumps\\2028over the \\3c canine class=\\22lazy\\22 \\3e dog\\3c/canine\\3e",
            "The <i>quick</i>,\r\n<span style='color:brown'>brown</span> fox jumps\u{2028}over the <canine class=\"lazy\">dog</canine>",
        ),
    ];
    for (css, want) in cases {
        let got = decode_css(css.as_bytes());
        assert_eq!(String::from_utf8_lossy(&got), *want, "{css:?}");
        let recoded = esc(Escaper::CssEscaper, want);
        assert_eq!(
            String::from_utf8_lossy(&decode_css(recoded.as_bytes())),
            *want,
            "{css:?}: recoded {recoded:?}"
        );
    }
}

/// Go's TestHexDecode.
#[test]
fn css_hex_decode() {
    for i in (0..0x200000u32).step_by(101) {
        let s = format!("{i:x}");
        assert_eq!(hex_decode(s.as_bytes()), Some(i), "{s}");
        let s = s.to_uppercase();
        assert_eq!(hex_decode(s.as_bytes()), Some(i), "{s}");
    }
}

/// Go's TestSkipCSSSpace.
#[test]
fn css_skip_space() {
    let cases: &[(&str, &str)] = &[
        ("", ""),
        ("foo", "foo"),
        ("\n", ""),
        ("\r\n", ""),
        ("\r", ""),
        ("\t", ""),
        (" ", ""),
        ("\x0c", ""),
        (" foo", "foo"),
        ("  foo", " foo"),
        ("\\20", "\\20"),
    ];
    for (css, want) in cases {
        assert_eq!(skip_css_space(css.as_bytes()), want.as_bytes(), "{css:?}");
    }
}

/// Go's TestCSSEscaper.
#[test]
fn css_escaper() {
    let want = concat!(
        "\\0\x01\x02\x03\x04\x05\x06\x07",
        "\x08\\9 \\a\x0b\\c \\d\x0E\x0F",
        "\x10\x11\x12\x13\x14\x15\x16\x17",
        "\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f",
        " !\\22#$%\\26\\27\\28\\29*\\2b,-.\\2f ",
        "0123456789\\3a\\3b\\3c=\\3e?",
        "@ABCDEFGHIJKLMNO",
        "PQRSTUVWXYZ[\\\\]^_",
        "`abcdefghijklmno",
        "pqrstuvwxyz\\7b|\\7d~\x7f",
        "\u{A0}\u{100}\u{2028}\u{2029}\u{feff}\u{1D11E}",
    );
    let got = esc(Escaper::CssEscaper, LOWER7_AND_SOME);
    assert_eq!(got, want);
    assert_eq!(
        String::from_utf8_lossy(&decode_css(got.as_bytes())),
        LOWER7_AND_SOME
    );
}

/// Go's TestCSSValueFilter.
#[test]
fn css_value_filter() {
    let cases: &[(&str, &str)] = &[
        ("", ""),
        ("foo", "foo"),
        ("0", "0"),
        ("0px", "0px"),
        ("-5px", "-5px"),
        ("1.25in", "1.25in"),
        ("+.33em", "+.33em"),
        ("100%", "100%"),
        ("12.5%", "12.5%"),
        (".foo", ".foo"),
        ("#bar", "#bar"),
        ("corner-radius", "corner-radius"),
        ("-moz-corner-radius", "-moz-corner-radius"),
        ("#000", "#000"),
        ("#48f", "#48f"),
        ("#123456", "#123456"),
        ("U+00-FF, U+980-9FF", "U+00-FF, U+980-9FF"),
        ("color: red", "color: red"),
        ("<!--", "ZgotmplZ"),
        ("-->", "ZgotmplZ"),
        ("<![CDATA[", "ZgotmplZ"),
        ("]]>", "ZgotmplZ"),
        ("</style", "ZgotmplZ"),
        ("\"", "ZgotmplZ"),
        ("'", "ZgotmplZ"),
        ("`", "ZgotmplZ"),
        ("\x00", "ZgotmplZ"),
        ("/* foo */", "ZgotmplZ"),
        ("//", "ZgotmplZ"),
        ("[href=~", "ZgotmplZ"),
        ("expression(alert(1337))", "ZgotmplZ"),
        ("-expression(alert(1337))", "ZgotmplZ"),
        ("expression", "ZgotmplZ"),
        ("Expression", "ZgotmplZ"),
        ("EXPRESSION", "ZgotmplZ"),
        ("-moz-binding", "ZgotmplZ"),
        ("-expr\x00ession(alert(1337))", "ZgotmplZ"),
        ("-expr\\0ession(alert(1337))", "ZgotmplZ"),
        ("-express\\69on(alert(1337))", "ZgotmplZ"),
        ("-express\\69 on(alert(1337))", "ZgotmplZ"),
        ("-exp\\72 ession(alert(1337))", "ZgotmplZ"),
        ("-exp\\52 ession(alert(1337))", "ZgotmplZ"),
        ("-exp\\000052 ession(alert(1337))", "ZgotmplZ"),
        ("-expre\\0000073sion", "-expre\x073sion"),
        ("@import url evil.css", "ZgotmplZ"),
        // Go 1.20.4 refuses angle brackets, which could end the style element.
        ("a<b", "ZgotmplZ"),
        ("a>b", "ZgotmplZ"),
    ];
    for (css, want) in cases {
        assert_eq!(esc(Escaper::CssValueFilter, css), *want, "{css:?}");
    }
}

// ---- url_test.go ----

/// Go's TestURLNormalizer, with its idempotence check.
#[test]
fn url_normalizer() {
    let cases: &[(&str, &str)] = &[
        ("", ""),
        (
            "http://example.com:80/foo/bar?q=foo%20&bar=x+y#frag",
            "http://example.com:80/foo/bar?q=foo%20&bar=x+y#frag",
        ),
        (" ", "%20"),
        ("%7c", "%7c"),
        ("%7C", "%7C"),
        ("%2", "%252"),
        ("%", "%25"),
        ("%z", "%25z"),
        ("/foo|bar/%5c\u{1234}", "/foo%7cbar/%5c%e1%88%b4"),
    ];
    for (url, want) in cases {
        assert_eq!(esc(Escaper::UrlNormalizer, url), *want, "{url:?}");
        assert_eq!(
            esc(Escaper::UrlNormalizer, want),
            *want,
            "not idempotent: {want:?}"
        );
    }
}

/// Go's TestURLFilters.
#[test]
fn url_escaper_and_normalizer() {
    let escaped = concat!(
        "%00%01%02%03%04%05%06%07%08%09%0a%0b%0c%0d%0e%0f",
        "%10%11%12%13%14%15%16%17%18%19%1a%1b%1c%1d%1e%1f",
        "%20%21%22%23%24%25%26%27%28%29%2a%2b%2c-.%2f",
        "0123456789%3a%3b%3c%3d%3e%3f",
        "%40ABCDEFGHIJKLMNO",
        "PQRSTUVWXYZ%5b%5c%5d%5e_",
        "%60abcdefghijklmno",
        "pqrstuvwxyz%7b%7c%7d~%7f",
        "%c2%a0%c4%80%e2%80%a8%e2%80%a9%ef%bb%bf%f0%9d%84%9e",
    );
    assert_eq!(esc(Escaper::UrlEscaper, LOWER7_AND_SOME), escaped);
    let normalized = concat!(
        "%00%01%02%03%04%05%06%07%08%09%0a%0b%0c%0d%0e%0f",
        "%10%11%12%13%14%15%16%17%18%19%1a%1b%1c%1d%1e%1f",
        "%20!%22#$%25&%27%28%29*+,-./",
        "0123456789:;%3c=%3e?",
        "@ABCDEFGHIJKLMNO",
        "PQRSTUVWXYZ[%5c]%5e_",
        "%60abcdefghijklmno",
        "pqrstuvwxyz%7b%7c%7d~%7f",
        "%c2%a0%c4%80%e2%80%a8%e2%80%a9%ef%bb%bf%f0%9d%84%9e",
    );
    assert_eq!(esc(Escaper::UrlNormalizer, LOWER7_AND_SOME), normalized);
}

/// Go's TestSrcsetFilter.
#[test]
fn srcset_filter() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "one ok",
            "http://example.com/img.png",
            "http://example.com/img.png",
        ),
        ("one ok with metadata", " /img.png 200w", " /img.png 200w"),
        ("one bad", "javascript:alert(1) 200w", "#ZgotmplZ"),
        ("two ok", "foo.png, bar.png", "foo.png, bar.png"),
        (
            "left bad",
            "javascript:alert(1), /foo.png",
            "#ZgotmplZ, /foo.png",
        ),
        (
            "right bad",
            "/bogus#, javascript:alert(1)",
            "/bogus#,#ZgotmplZ",
        ),
    ];
    for (name, input, want) in cases {
        assert_eq!(esc(Escaper::SrcsetEscaper, input), *want, "{name}");
    }
}

#[test]
fn url_filter() {
    assert_eq!(esc(Escaper::UrlFilter, "javascript:alert(1)"), "#ZgotmplZ");
    assert_eq!(esc(Escaper::UrlFilter, "JavaScript:alert(1)"), "#ZgotmplZ");
    assert_eq!(esc(Escaper::UrlFilter, "HTTPS://x/"), "HTTPS://x/");
    assert_eq!(esc(Escaper::UrlFilter, "mailto:a@b"), "mailto:a@b");
    assert_eq!(
        esc(Escaper::UrlFilter, "/javascript:80/foo"),
        "/javascript:80/foo"
    );
    assert_eq!(
        escape(
            Escaper::UrlFilter,
            &[Value::Safe(SafeKind::Url, "javascript:x()".into())]
        ),
        "javascript:x()"
    );
}

// ---- js_test.go ----

/// Go's TestNextJsCtx: each text from either start context.
#[test]
fn js_next_ctx() {
    use JsCtx::{DivOp, Regexp};
    let cases: &[(JsCtx, &str)] = &[
        // Statement terminators precede regexps.
        (Regexp, ";"),
        // Not airtight: `({ valueOf: function () { return 1 } } / 2)` is valid, but a
        // block followed by a regexp statement is far more common.
        (Regexp, "}"),
        // Member, call, grouping and array expression terminators precede div ops.
        (DivOp, ")"),
        (DivOp, "]"),
        (Regexp, "("),
        (Regexp, "["),
        (Regexp, "{"),
        (Regexp, "="),
        (Regexp, "+="),
        (Regexp, "*="),
        (Regexp, "*"),
        (Regexp, "!"),
        (Regexp, "+"),
        (Regexp, "-"),
        // An incr/decr op precedes a div operator.
        (DivOp, "--"),
        (DivOp, "++"),
        (DivOp, "x--"),
        // A postfix -- then a -.
        (Regexp, "x---"),
        (Regexp, "return"),
        (Regexp, "return "),
        (Regexp, "return\t"),
        (Regexp, "return\n"),
        (Regexp, "return\u{2028}"),
        (DivOp, "x"),
        (DivOp, "x "),
        (DivOp, "x\t"),
        (DivOp, "x\n"),
        (DivOp, "x\u{2028}"),
        (DivOp, "preturn"),
        (DivOp, "0"),
        (DivOp, "0."),
        // NBSP is JS white space.
        (Regexp, "=\u{A0}"),
    ];
    for (want, s) in cases {
        assert_eq!(next_js_ctx(s.as_bytes(), Regexp), *want, "{s:?}");
        assert_eq!(next_js_ctx(s.as_bytes(), DivOp), *want, "{s:?}");
    }
    assert_eq!(next_js_ctx(b"   ", Regexp), Regexp);
    assert_eq!(next_js_ctx(b"   ", DivOp), DivOp);
}

fn list(items: Vec<Value>) -> Value {
    Value::List(Arc::new(items))
}

/// Go's TestJSValEscaper, with Go's types as this crate's values (sized integers as
/// Int/Uint, float32s as the same f64s, a struct as a map); each case also nested in a list.
#[test]
fn js_val_escaper() {
    let mut xy = std::collections::BTreeMap::new();
    xy.insert(MapKey::from("X"), Value::Int(1));
    xy.insert(MapKey::from("Y"), Value::Int(2));
    let cases: Vec<(Value, &str)> = vec![
        (Value::Int(42), " 42 "),
        (Value::Uint(42), " 42 "),
        (Value::Int(-42), " -42 "),
        (Value::Uint(1 << 53), " 9007199254740992 "),
        // Not exact in JS, but still an integer literal.
        (Value::Uint((1 << 53) + 1), " 9007199254740993 "),
        (Value::Float(1.0), " 1 "),
        (Value::Float(-1.0), " -1 "),
        (Value::Float(0.5), " 0.5 "),
        (Value::Float(-0.5), " -0.5 "),
        (Value::Float(1.0 / 256.0), " 0.00390625 "),
        (Value::Float(0.0), " 0 "),
        (Value::Float(-0.0), " -0 "),
        (Value::str(""), "\"\""),
        (Value::str("foo"), "\"foo\""),
        // Newlines.
        (
            Value::str("\r\n\u{2028}\u{2029}"),
            "\"\\r\\n\\u2028\\u2029\"",
        ),
        // "\v" == "v" on IE 6 so use "\u000b" instead.
        (Value::str("\t\x0b"), "\"\\t\\u000b\""),
        (Value::Map(Arc::new(xy)), "{\"X\":1,\"Y\":2}"),
        (list(vec![]), "[]"),
        (
            list(vec![Value::Int(42), Value::str("foo"), Value::NoValue]),
            "[42,\"foo\",null]",
        ),
        (
            list(vec![
                Value::str("<!--"),
                Value::str("</script>"),
                Value::str("-->"),
            ]),
            "[\"\\u003c!--\",\"\\u003c/script\\u003e\",\"--\\u003e\"]",
        ),
        (Value::str("<!--"), "\"\\u003c!--\""),
        (Value::str("-->"), "\"--\\u003e\""),
        (Value::str("<![CDATA["), "\"\\u003c![CDATA[\""),
        (Value::str("]]>"), "\"]]\\u003e\""),
        (Value::str("</script"), "\"\\u003c/script\""),
        (Value::str("\u{1D11E}"), "\"\u{1D11E}\""),
        (Value::NoValue, " null "),
    ];
    for (x, want) in cases {
        assert_eq!(
            escape(Escaper::JsValEscaper, std::slice::from_ref(&x)),
            want,
            "{x:?}"
        );
        let nested = list(vec![x.clone()]);
        assert_eq!(
            escape(Escaper::JsValEscaper, &[nested]),
            format!("[{}]", want.trim()),
            "[{x:?}]"
        );
    }
}

/// What JSON cannot hold becomes a comment with Go's message, made harmless (Go's
/// jsonErrType case, whose custom marshaler this crate's values cannot have, checks the
/// same rewriting).
#[test]
fn js_val_escaper_errors() {
    assert_eq!(
        escape(Escaper::JsValEscaper, &[Value::Float(f64::NAN)]),
        " /* json: unsupported value: NaN */null "
    );
    assert_eq!(
        escape(
            Escaper::JsValEscaper,
            &[list(vec![Value::Float(f64::INFINITY)])]
        ),
        " /* json: unsupported value: +Inf */null "
    );
    // Go's formats for large and small floats.
    assert_eq!(
        escape(Escaper::JsValEscaper, &[Value::Float(1e21)]),
        " 1e+21 "
    );
    assert_eq!(
        escape(Escaper::JsValEscaper, &[Value::Float(1.5e-7)]),
        " 1.5e-7 "
    );
    assert_eq!(
        escape(Escaper::JsValEscaper, &[Value::Float(123456.0)]),
        " 123456 "
    );
    // Go 1.22 writes \b and \f short.
    assert_eq!(
        escape(Escaper::JsValEscaper, &[Value::str("\x08\x0c")]),
        "\"\\b\\f\""
    );
}

/// Go's TestJSStrEscaper, but for its two cases of invalid UTF-8, which a Rust string
/// cannot hold.
#[test]
fn js_str_escaper() {
    let cases: &[(&str, &str)] = &[
        ("", ""),
        ("foo", "foo"),
        ("\u{0000}", "\\u0000"),
        ("\t", "\\t"),
        ("\n", "\\n"),
        ("\r", "\\r"),
        ("\u{2028}", "\\u2028"),
        ("\u{2029}", "\\u2029"),
        ("\\", "\\\\"),
        ("\\n", "\\\\n"),
        ("foo\r\nbar", "foo\\r\\nbar"),
        // Preserve attribute boundaries.
        ("\"", "\\u0022"),
        ("'", "\\u0027"),
        // Allow embedding in HTML without further escaping.
        ("&amp;", "\\u0026amp;"),
        // Prevent breaking out of text node and element boundaries.
        ("</script>", "\\u003c\\/script\\u003e"),
        ("<![CDATA[", "\\u003c![CDATA["),
        ("]]>", "]]\\u003e"),
        // Escaping text spans.
        ("<!--", "\\u003c!--"),
        ("-->", "--\\u003e"),
        // UTF-7.
        (
            "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
            "\\u002bADw-script\\u002bAD4-alert(1)\\u002bADw-\\/script\\u002bAD4-",
        ),
    ];
    for (x, want) in cases {
        assert_eq!(esc(Escaper::JsStrEscaper, x), *want, "{x:?}");
    }
}

/// Go's TestJSRegexpEscaper.
#[test]
fn js_regexp_escaper() {
    let cases: &[(&str, &str)] = &[
        ("", "(?:)"),
        ("foo", "foo"),
        ("\u{0000}", "\\u0000"),
        ("\t", "\\t"),
        ("\n", "\\n"),
        ("\r", "\\r"),
        ("\u{2028}", "\\u2028"),
        ("\u{2029}", "\\u2029"),
        ("\\", "\\\\"),
        ("\\n", "\\\\n"),
        ("foo\r\nbar", "foo\\r\\nbar"),
        ("\"", "\\u0022"),
        ("'", "\\u0027"),
        ("&amp;", "\\u0026amp;"),
        ("</script>", "\\u003c\\/script\\u003e"),
        ("<![CDATA[", "\\u003c!\\[CDATA\\["),
        ("]]>", "\\]\\]\\u003e"),
        ("<!--", "\\u003c!\\-\\-"),
        ("-->", "\\-\\-\\u003e"),
        ("*", "\\*"),
        ("+", "\\u002b"),
        ("?", "\\?"),
        ("[](){}", "\\[\\]\\(\\)\\{\\}"),
        ("$foo|x.y", "\\$foo\\|x\\.y"),
        ("x^y", "x\\^y"),
    ];
    for (x, want) in cases {
        assert_eq!(esc(Escaper::JsRegexpEscaper, x), *want, "{x:?}");
    }
}

/// Go's TestEscapersOnLower7AndSelectHighCodepoints: whole, and character by character.
#[test]
fn js_escapers_on_lower7() {
    let js_str = concat!(
        "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007",
        "\\u0008\\t\\n\\u000b\\f\\r\\u000e\\u000f",
        "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017",
        "\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f",
        " !\\u0022#$%\\u0026\\u0027()*\\u002b,-.\\/",
        "0123456789:;\\u003c=\\u003e?",
        "@ABCDEFGHIJKLMNO",
        "PQRSTUVWXYZ[\\\\]^_",
        "\\u0060abcdefghijklmno",
        "pqrstuvwxyz{|}~\x7f",
        "\u{A0}\u{100}\\u2028\\u2029\u{feff}\u{1D11E}",
    );
    let js_regexp = concat!(
        "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007",
        "\\u0008\\t\\n\\u000b\\f\\r\\u000e\\u000f",
        "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017",
        "\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f",
        " !\\u0022#\\$%\\u0026\\u0027\\(\\)\\*\\u002b,\\-\\.\\/",
        "0123456789:;\\u003c=\\u003e\\?",
        "@ABCDEFGHIJKLMNO",
        "PQRSTUVWXYZ\\[\\\\\\]\\^_",
        "`abcdefghijklmno",
        "pqrstuvwxyz\\{\\|\\}~\x7f",
        "\u{A0}\u{100}\\u2028\\u2029\u{feff}\u{1D11E}",
    );
    for (escaper, want) in [
        (Escaper::JsStrEscaper, js_str),
        (Escaper::JsRegexpEscaper, js_regexp),
    ] {
        assert_eq!(esc(escaper, LOWER7_AND_SOME), want, "{escaper} once");
        let by_char: String = LOWER7_AND_SOME
            .chars()
            .map(|c| esc(escaper, &c.to_string()))
            .collect();
        assert_eq!(by_char, want, "{escaper} rune-wise");
    }
}

/// Go's TestIsJsMimeType.
#[test]
fn js_mime_types() {
    let cases: &[(&str, bool)] = &[
        ("application/javascript;version=1.8", true),
        ("application/javascript;version=1.8;foo=bar", true),
        ("application/javascript/version=1.8", false),
        ("text/javascript", true),
        ("application/json", true),
        ("application/ld+json", true),
        ("module", true),
    ];
    for (mime, want) in cases {
        assert_eq!(is_js_type(mime), *want, "{mime:?}");
    }
}

#[test]
fn js_tmpl_lit_escaper() {
    // Go's TestEscape "JS template lit special characters".
    assert_eq!(
        esc(Escaper::JsTmplLitEscaper, "${ asd `` }"),
        "\\u0024\\u007b asd \\u0060\\u0060 \\u007d"
    );
    // A JSStr is escaped again here: template literals have no typed content.
    assert_eq!(
        escape(
            Escaper::JsTmplLitEscaper,
            &[Value::Safe(SafeKind::JsStr, "a\\u0021".into())]
        ),
        "a\\\\u0021"
    );
}

// ---- escape_test.go: TestRedundantFuncs ----

/// For every pair where Go skips the second escaper after the first, the second changes
/// nothing on the first's output.
#[test]
fn redundant_funcs() {
    let inputs = vec![
        Value::from(format!(
            "{LOWER7_AND_SOME}\u{fdec}\u{fffd}\u{ffff}&amp;%22\\"
        )),
        Value::Safe(SafeKind::Css, "a[href =~ \"//example.com\"]#foo".into()),
        Value::Safe(SafeKind::Html, "Hello, <b>World</b> &amp;tc!".into()),
        Value::Safe(SafeKind::HtmlAttr, " dir=\"ltr\"".into()),
        Value::Safe(SafeKind::Js, "c && alert(\"Hello, World!\");".into()),
        Value::Safe(SafeKind::JsStr, "Hello, World & O'Reilly\\x21".into()),
        Value::Safe(SafeKind::Url, "greeting=H%69&addressee=(World)".into()),
    ];
    let mut pairs = 0;
    for &first in Escaper::ALL {
        for &second in Escaper::ALL {
            if !first.makes_redundant(second) {
                continue;
            }
            pairs += 1;
            for input in &inputs {
                let want = escape(first, std::slice::from_ref(input));
                assert_eq!(
                    escape(second, &[Value::from(want.clone())]),
                    want,
                    "{first} {second} with {input:?}"
                );
            }
        }
    }
    // Go 1.25's table: comment escaper before attr and html, the JS and CSS string
    // escapers before attr, the URL escaper before the normalizer.
    assert_eq!(pairs, 7);
}

/// text/template's `html` and `urlquery`, which html/template merges with its own.
#[test]
fn predefined_escapers() {
    assert_eq!(
        esc(Escaper::Html, "<a href='x'>&\"\0"),
        "&lt;a href=&#39;x&#39;&gt;&amp;&#34;\u{FFFD}"
    );
    assert_eq!(
        esc(Escaper::UrlQuery, "<Cincinnati> a+b"),
        "%3CCincinnati%3E+a%2Bb"
    );
    assert_eq!(escape(Escaper::Html, &[Value::NoValue]), "&lt;no value&gt;");
    assert_eq!(
        escape(Escaper::Html, &[Value::Nil, Value::Int(1)]),
        "&lt;no value&gt;1"
    );
}
