//! Go's `parse/parse_test.go` (as of Go 1.24): `numberTests`, `parseTests` (also on a copy of
//! each tree), `TestParseWithComments`, `TestKeywordsAndFuncs`, `TestSkipFuncCheck`,
//! `isEmptyTests`, `TestErrorContextWithTreeCopy`, `errorTests`, `TestBlock`, `TestLineNum`.

use gotemplate::parse::{self, parse_number, Node, ParseOptions, WriteGo};
use gotemplate::{Funcs, Value};

/// Go's test function map: `printf` and `contains` (with the builtins, which change nothing
/// here).
fn test_funcs() -> Funcs {
    let mut funcs = Funcs::new();
    funcs
        .insert("contains", |_, _| Ok(Value::Bool(false)))
        .unwrap();
    funcs
}

pub struct NumberCase {
    text: &'static str,
    /// `None`: the text is not a number.
    want: Option<(Option<i64>, Option<u64>, Option<f64>)>,
}

const fn num(
    text: &'static str,
    int: Option<i64>,
    uint: Option<u64>,
    float: Option<f64>,
) -> NumberCase {
    NumberCase {
        text,
        want: Some((int, uint, float)),
    }
}

const fn bad(text: &'static str) -> NumberCase {
    NumberCase { text, want: None }
}

/// Go's `numberTests` without its 7 complex and imaginary literals (`4i`, `-1.2+4.2i`, `073i`,
/// `0i`, `-1.2+0i`, `-12+0i`, `13+0i`), which this engine refuses: see `complex_refused`.
pub const NUMBER_TESTS: &[NumberCase] = &[
    num("0", Some(0), Some(0), Some(0.0)),
    num("-0", Some(0), Some(0), Some(0.0)),
    num("73", Some(73), Some(73), Some(73.0)),
    num("7_3", Some(73), Some(73), Some(73.0)),
    num("0b10_010_01", Some(73), Some(73), Some(73.0)),
    num("0B10_010_01", Some(73), Some(73), Some(73.0)),
    num("073", Some(0o73), Some(0o73), Some(59.0)),
    num("0o73", Some(0o73), Some(0o73), Some(59.0)),
    num("0O73", Some(0o73), Some(0o73), Some(59.0)),
    num("0x73", Some(0x73), Some(0x73), Some(115.0)),
    num("0X73", Some(0x73), Some(0x73), Some(115.0)),
    num("0x7_3", Some(0x73), Some(0x73), Some(115.0)),
    num("-73", Some(-73), None, Some(-73.0)),
    num("+73", Some(73), None, Some(73.0)),
    num("100", Some(100), Some(100), Some(100.0)),
    num("1e9", Some(1_000_000_000), Some(1_000_000_000), Some(1e9)),
    num("-1e9", Some(-1_000_000_000), None, Some(-1e9)),
    num("-1.2", None, None, Some(-1.2)),
    num("1e19", None, Some(10_000_000_000_000_000_000), Some(1e19)),
    num("1e1_9", None, Some(10_000_000_000_000_000_000), Some(1e19)),
    num("1E19", None, Some(10_000_000_000_000_000_000), Some(1e19)),
    num("-1e19", None, None, Some(-1e19)),
    num("0x_1p4", Some(16), Some(16), Some(16.0)),
    num("0X_1P4", Some(16), Some(16), Some(16.0)),
    num("0x_1p-4", None, None, Some(1.0 / 16.0)),
    num("0123", Some(0o123), Some(0o123), Some(83.0)),
    num("-0x0", Some(0), Some(0), Some(0.0)),
    num(
        "0xdeadbeef",
        Some(0xdeadbeef),
        Some(0xdeadbeef),
        Some(3735928559.0),
    ),
    num("'a'", Some(97), Some(97), Some(97.0)),
    num(r"'\n'", Some(10), Some(10), Some(10.0)),
    num(r"'\\'", Some(92), Some(92), Some(92.0)),
    num(r"'\''", Some(39), Some(39), Some(39.0)),
    num(r"'\xFF'", Some(0xFF), Some(0xFF), Some(255.0)),
    num("'パ'", Some(0x30d1), Some(0x30d1), Some(12497.0)),
    num(r"'\u30d1'", Some(0x30d1), Some(0x30d1), Some(12497.0)),
    num(r"'\U000030d1'", Some(0x30d1), Some(0x30d1), Some(12497.0)),
    bad("+-2"),
    bad("0x123."),
    bad("1e."),
    bad("0xi."),
    bad("1+2."),
    bad("'x"),
    bad("'xx'"),
    bad("'433937734937734969526500969526500'"),
    num("0xef", Some(0xef), Some(0xef), Some(239.0)),
];

pub const NUMBER_TESTS_LEFT_OUT: usize = 7;

#[test]
fn number_parse() {
    for case in NUMBER_TESTS {
        let got = parse_number(case.text);
        let Some((int, uint, float)) = case.want else {
            assert!(got.is_err(), "{:?} should not be a number", case.text);
            continue;
        };
        let n = got.unwrap_or_else(|e| panic!("{:?}: {e}", case.text));
        assert_eq!(n.is_int.then_some(n.int), int, "int of {:?}", case.text);
        assert_eq!(n.is_uint.then_some(n.uint), uint, "uint of {:?}", case.text);
        assert_eq!(
            n.is_float.then_some(n.float),
            float,
            "float of {:?}",
            case.text
        );
    }
}

#[test]
fn complex_refused() {
    for text in [
        "4i",
        "-1.2+4.2i",
        "073i",
        "0i",
        "-1.2+0i",
        "-12+0i",
        "13+0i",
    ] {
        let err = parse_number(text).unwrap_err();
        assert!(
            err.contains("complex numbers are not supported"),
            "{text}: {err}"
        );
    }
}

const NO_ERROR: bool = true;
const HAS_ERROR: bool = false;

/// Go's `parseTests` (as of 1.24), less the one with an imaginary constant ("constants").
pub const PARSE_TESTS: &[(&str, &str, bool, &str)] = &[
    ("empty", "", NO_ERROR, ""),
    ("comment", "{{/*\n\n\n*/}}", NO_ERROR, ""),
    ("spaces", " \t\n", NO_ERROR, r#"" \t\n""#),
    ("text", "some text", NO_ERROR, r#""some text""#),
    ("emptyAction", "{{}}", HAS_ERROR, "{{}}"),
    ("field", "{{.X}}", NO_ERROR, "{{.X}}"),
    ("simple command", "{{printf}}", NO_ERROR, "{{printf}}"),
    ("$ invocation", "{{$}}", NO_ERROR, "{{$}}"),
    (
        "variable invocation",
        "{{with $x := 3}}{{$x 23}}{{end}}",
        NO_ERROR,
        "{{with $x := 3}}{{$x 23}}{{end}}",
    ),
    ("variable with fields", "{{$.I}}", NO_ERROR, "{{$.I}}"),
    (
        "multi-word command",
        "{{printf `%d` 23}}",
        NO_ERROR,
        "{{printf `%d` 23}}",
    ),
    ("pipeline", "{{.X|.Y}}", NO_ERROR, "{{.X | .Y}}"),
    (
        "pipeline with decl",
        "{{$x := .X|.Y}}",
        NO_ERROR,
        "{{$x := .X | .Y}}",
    ),
    (
        "nested pipeline",
        "{{.X (.Y .Z) (.A | .B .C) (.E)}}",
        NO_ERROR,
        "{{.X (.Y .Z) (.A | .B .C) (.E)}}",
    ),
    (
        "field applied to parentheses",
        "{{(.Y .Z).Field}}",
        NO_ERROR,
        "{{(.Y .Z).Field}}",
    ),
    (
        "simple if",
        "{{if .X}}hello{{end}}",
        NO_ERROR,
        r#"{{if .X}}"hello"{{end}}"#,
    ),
    (
        "if with else",
        "{{if .X}}true{{else}}false{{end}}",
        NO_ERROR,
        r#"{{if .X}}"true"{{else}}"false"{{end}}"#,
    ),
    (
        "if with else if",
        "{{if .X}}true{{else if .Y}}false{{end}}",
        NO_ERROR,
        r#"{{if .X}}"true"{{else}}{{if .Y}}"false"{{end}}{{end}}"#,
    ),
    (
        "if else chain",
        "+{{if .X}}X{{else if .Y}}Y{{else if .Z}}Z{{end}}+",
        NO_ERROR,
        r#""+"{{if .X}}"X"{{else}}{{if .Y}}"Y"{{else}}{{if .Z}}"Z"{{end}}{{end}}{{end}}"+""#,
    ),
    (
        "simple range",
        "{{range .X}}hello{{end}}",
        NO_ERROR,
        r#"{{range .X}}"hello"{{end}}"#,
    ),
    (
        "chained field range",
        "{{range .X.Y.Z}}hello{{end}}",
        NO_ERROR,
        r#"{{range .X.Y.Z}}"hello"{{end}}"#,
    ),
    (
        "nested range",
        "{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}",
        NO_ERROR,
        r#"{{range .X}}"hello"{{range .Y}}"goodbye"{{end}}{{end}}"#,
    ),
    (
        "range with else",
        "{{range .X}}true{{else}}false{{end}}",
        NO_ERROR,
        r#"{{range .X}}"true"{{else}}"false"{{end}}"#,
    ),
    (
        "range over pipeline",
        "{{range .X|.M}}true{{else}}false{{end}}",
        NO_ERROR,
        r#"{{range .X | .M}}"true"{{else}}"false"{{end}}"#,
    ),
    (
        "range []int",
        "{{range .SI}}{{.}}{{end}}",
        NO_ERROR,
        "{{range .SI}}{{.}}{{end}}",
    ),
    (
        "range 1 var",
        "{{range $x := .SI}}{{.}}{{end}}",
        NO_ERROR,
        "{{range $x := .SI}}{{.}}{{end}}",
    ),
    (
        "range 2 vars",
        "{{range $x, $y := .SI}}{{.}}{{end}}",
        NO_ERROR,
        "{{range $x, $y := .SI}}{{.}}{{end}}",
    ),
    (
        "range with break",
        "{{range .SI}}{{.}}{{break}}{{end}}",
        NO_ERROR,
        "{{range .SI}}{{.}}{{break}}{{end}}",
    ),
    (
        "range with continue",
        "{{range .SI}}{{.}}{{continue}}{{end}}",
        NO_ERROR,
        "{{range .SI}}{{.}}{{continue}}{{end}}",
    ),
    (
        "template",
        "{{template `x`}}",
        NO_ERROR,
        r#"{{template "x"}}"#,
    ),
    (
        "template with arg",
        "{{template `x` .Y}}",
        NO_ERROR,
        r#"{{template "x" .Y}}"#,
    ),
    (
        "with",
        "{{with .X}}hello{{end}}",
        NO_ERROR,
        r#"{{with .X}}"hello"{{end}}"#,
    ),
    (
        "with with else",
        "{{with .X}}hello{{else}}goodbye{{end}}",
        NO_ERROR,
        r#"{{with .X}}"hello"{{else}}"goodbye"{{end}}"#,
    ),
    (
        "with with else with",
        "{{with .X}}hello{{else with .Y}}goodbye{{end}}",
        NO_ERROR,
        r#"{{with .X}}"hello"{{else}}{{with .Y}}"goodbye"{{end}}{{end}}"#,
    ),
    (
        "with else chain",
        "{{with .X}}X{{else with .Y}}Y{{else with .Z}}Z{{end}}",
        NO_ERROR,
        r#"{{with .X}}"X"{{else}}{{with .Y}}"Y"{{else}}{{with .Z}}"Z"{{end}}{{end}}{{end}}"#,
    ),
    ("trim left", "x \r\n\t{{- 3}}", NO_ERROR, r#""x"{{3}}"#),
    ("trim right", "{{3 -}}\n\n\ty", NO_ERROR, r#"{{3}}"y""#),
    (
        "trim left and right",
        "x \r\n\t{{- 3 -}}\n\n\ty",
        NO_ERROR,
        r#""x"{{3}}"y""#,
    ),
    (
        "trim with extra spaces",
        "x\n{{-  3   -}}\ny",
        NO_ERROR,
        r#""x"{{3}}"y""#,
    ),
    (
        "comment trim left",
        "x \r\n\t{{- /* hi */}}",
        NO_ERROR,
        r#""x""#,
    ),
    (
        "comment trim right",
        "{{/* hi */ -}}\n\n\ty",
        NO_ERROR,
        r#""y""#,
    ),
    (
        "comment trim left and right",
        "x \r\n\t{{- /* */ -}}\n\n\ty",
        NO_ERROR,
        r#""x""y""#,
    ),
    (
        "block definition",
        r#"{{block "foo" .}}hello{{end}}"#,
        NO_ERROR,
        r#"{{template "foo" .}}"#,
    ),
    (
        "newline in assignment",
        "{{ $x \n := \n 1 \n }}",
        NO_ERROR,
        "{{$x := 1}}",
    ),
    ("newline in empty action", "{{\n}}", HAS_ERROR, "{{\n}}"),
    (
        "newline in pipeline",
        "{{\n\"x\"\n|\nprintf\n}}",
        NO_ERROR,
        r#"{{"x" | printf}}"#,
    ),
    ("newline in comment", "{{/*\nhello\n*/}}", NO_ERROR, ""),
    (
        "newline in comment",
        "{{-\n/*\nhello\n*/\n-}}",
        NO_ERROR,
        "",
    ),
    (
        "spaces around continue",
        "{{range .SI}}{{.}}{{ continue }}{{end}}",
        NO_ERROR,
        "{{range .SI}}{{.}}{{continue}}{{end}}",
    ),
    (
        "spaces around break",
        "{{range .SI}}{{.}}{{ break }}{{end}}",
        NO_ERROR,
        "{{range .SI}}{{.}}{{break}}{{end}}",
    ),
    // Errors.
    ("unclosed action", "hello{{range", HAS_ERROR, ""),
    ("unmatched end", "{{end}}", HAS_ERROR, ""),
    ("unmatched else", "{{else}}", HAS_ERROR, ""),
    (
        "unmatched else after if",
        "{{if .X}}hello{{end}}{{else}}",
        HAS_ERROR,
        "",
    ),
    (
        "multiple else",
        "{{if .X}}1{{else}}2{{else}}3{{end}}",
        HAS_ERROR,
        "",
    ),
    ("missing end", "hello{{range .x}}", HAS_ERROR, ""),
    (
        "missing end after else",
        "hello{{range .x}}{{else}}",
        HAS_ERROR,
        "",
    ),
    ("undefined function", "hello{{undefined}}", HAS_ERROR, ""),
    ("undefined variable", "{{$x}}", HAS_ERROR, ""),
    (
        "variable undefined after end",
        "{{with $x := 4}}{{end}}{{$x}}",
        HAS_ERROR,
        "",
    ),
    (
        "variable undefined in template",
        "{{template $v}}",
        HAS_ERROR,
        "",
    ),
    (
        "declare with field",
        "{{with $x.Y := 4}}{{end}}",
        HAS_ERROR,
        "",
    ),
    ("template with field ref", "{{template .X}}", HAS_ERROR, ""),
    ("template with var", "{{template $v}}", HAS_ERROR, ""),
    ("invalid punctuation", "{{printf 3, 4}}", HAS_ERROR, ""),
    (
        "multidecl outside range",
        "{{with $v, $u := 3}}{{end}}",
        HAS_ERROR,
        "",
    ),
    (
        "too many decls in range",
        "{{range $u, $v, $w := 3}}{{end}}",
        HAS_ERROR,
        "",
    ),
    (
        "dot applied to parentheses",
        "{{printf (printf .).}}",
        HAS_ERROR,
        "",
    ),
    ("adjacent args", "{{printf 3`x`}}", HAS_ERROR, ""),
    ("adjacent args with .", "{{printf `x`.}}", HAS_ERROR, ""),
    (
        "extra end after if",
        "{{if .X}}a{{else if .Y}}b{{end}}{{end}}",
        HAS_ERROR,
        "",
    ),
    (
        "break outside range",
        "{{range .}}{{end}} {{break}}",
        HAS_ERROR,
        "",
    ),
    (
        "continue outside range",
        "{{range .}}{{end}} {{continue}}",
        HAS_ERROR,
        "",
    ),
    (
        "break in range else",
        "{{range .}}{{else}}{{break}}{{end}}",
        HAS_ERROR,
        "",
    ),
    (
        "continue in range else",
        "{{range .}}{{else}}{{continue}}{{end}}",
        HAS_ERROR,
        "",
    ),
    ("bug0a", "{{$x := 0}}{{$x}}", NO_ERROR, "{{$x := 0}}{{$x}}"),
    ("bug0b", "{{$x += 1}}{{$x}}", HAS_ERROR, ""),
    ("bug0c", "{{$x ! 2}}{{$x}}", HAS_ERROR, ""),
    ("bug0d", "{{$x % 3}}{{$x}}", HAS_ERROR, ""),
    ("bug0e", "{{range $x := $y := 3}}{{end}}", HAS_ERROR, ""),
    ("bug1a", "{{$x:=.}}{{$x!2}}", HAS_ERROR, ""),
    ("bug1b", "{{$x:=.}}{{$x+2}}", HAS_ERROR, ""),
    (
        "bug1c",
        "{{$x:=.}}{{$x +2}}",
        NO_ERROR,
        "{{$x := .}}{{$x +2}}",
    ),
    (
        "bug2a",
        "{{range $x := 0}}{{$x}}{{end}}",
        NO_ERROR,
        "{{range $x := 0}}{{$x}}{{end}}",
    ),
    (
        "bug2b",
        "{{range $x = 0}}{{$x}}{{end}}",
        NO_ERROR,
        "{{range $x = 0}}{{$x}}{{end}}",
    ),
    ("dot after integer", "{{1.E}}", HAS_ERROR, ""),
    ("dot after float", "{{0.1.E}}", HAS_ERROR, ""),
    ("dot after boolean", "{{true.E}}", HAS_ERROR, ""),
    ("dot after char", "{{'a'.any}}", HAS_ERROR, ""),
    ("dot after string", r#"{{"hello".guys}}"#, HAS_ERROR, ""),
    ("dot after dot", "{{..E}}", HAS_ERROR, ""),
    ("dot after nil", "{{nil.E}}", HAS_ERROR, ""),
    ("wrong pipeline dot", "{{12|.}}", HAS_ERROR, ""),
    ("wrong pipeline number", "{{.|12|printf}}", HAS_ERROR, ""),
    (
        "wrong pipeline string",
        "{{.|printf|\"error\"}}",
        HAS_ERROR,
        "",
    ),
    ("wrong pipeline char", "{{12|printf|'e'}}", HAS_ERROR, ""),
    ("wrong pipeline boolean", "{{.|true}}", HAS_ERROR, ""),
    ("wrong pipeline nil", "{{'c'|nil}}", HAS_ERROR, ""),
    ("empty pipeline", r#"{{printf "%d" ( ) }}"#, HAS_ERROR, ""),
    (
        "block definition",
        r#"{{block "foo"}}hello{{end}}"#,
        HAS_ERROR,
        "",
    ),
];

/// Go's expression-depth cases, run with its test limit of 3.
pub const PAREN_DEPTH_TESTS: &[(&str, &str, bool, &str)] = &[
    (
        "paren nesting normal",
        "{{ (( 1 )) }}",
        NO_ERROR,
        "{{((1))}}",
    ),
    (
        "paren nesting at limit",
        "{{ ((( 1 ))) }}",
        NO_ERROR,
        "{{(((1)))}}",
    ),
    (
        "paren nesting exceeds limit",
        "{{ (((( 1 )))) }}",
        HAS_ERROR,
        "template: test:1: max expression depth exceeded",
    ),
    (
        "paren nesting in pipeline",
        "{{ ((( 1 ))) | printf }}",
        NO_ERROR,
        "{{(((1))) | printf}}",
    ),
    (
        "paren nesting in pipeline exceeds limit",
        "{{ (((( 1 )))) | printf }}",
        HAS_ERROR,
        "template: test:1: max expression depth exceeded",
    ),
    (
        "paren nesting with other constructs",
        "{{ if ((( true ))) }}YES{{ end }}",
        NO_ERROR,
        r#"{{if (((true)))}}"YES"{{end}}"#,
    ),
    (
        "paren nesting with other constructs exceeds limit",
        "{{ if (((( true )))) }}YES{{ end }}",
        HAS_ERROR,
        "template: test:1: max expression depth exceeded",
    ),
];

pub const PARSE_TESTS_LEFT_OUT: usize = 1;

fn run_parse_tests(cases: &[(&str, &str, bool, &str)], max_depth: usize) {
    let funcs = test_funcs();
    for &(name, input, ok, want) in cases {
        let mut options = ParseOptions::new(name);
        options.max_depth = max_depth;
        let result = parse::parse(input, &options, &funcs);
        match (result, ok) {
            (Ok(trees), true) => {
                let root = &trees[0].root;
                assert_eq!(root.go_string(true), want, "parse test {name:?}: {input:?}");
                assert_eq!(
                    root.clone().go_string(true),
                    want,
                    "parse test {name:?} on a copy"
                );
            }
            (Ok(trees), false) => {
                panic!("parse test {name:?}: {input:?} parsed as {}", trees[0].root)
            }
            (Err(e), true) => panic!("parse test {name:?}: {input:?}: {e}"),
            (Err(e), false) => {
                // Go's table names the message after a template called "test".
                if let Some(message) = want.strip_prefix("template: test:1: ") {
                    assert_eq!(
                        (e.line, e.message.as_str()),
                        (1, message),
                        "parse test {name:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn parse_tests() {
    run_parse_tests(PARSE_TESTS, gotemplate::DEFAULT_MAX_DEPTH);
}

#[test]
fn paren_depth_limit() {
    run_parse_tests(PAREN_DEPTH_TESTS, 3);
}

#[test]
fn parse_with_comments() {
    let cases = [
        ("comment", "{{/*\n\n\n*/}}", "{{/*\n\n\n*/}}"),
        (
            "comment trim left",
            "x \r\n\t{{- /* hi */}}",
            r#""x"{{/* hi */}}"#,
        ),
        (
            "comment trim right",
            "{{/* hi */ -}}\n\n\ty",
            r#"{{/* hi */}}"y""#,
        ),
        (
            "comment trim left and right",
            "x \r\n\t{{- /* */ -}}\n\n\ty",
            r#""x"{{/* */}}"y""#,
        ),
    ];
    for (name, input, want) in cases {
        let mut options = ParseOptions::new(name);
        options.comments = true;
        let trees = parse::parse(input, &options, &Funcs::new()).unwrap();
        assert_eq!(trees[0].root.go_string(true), want, "{name}");
    }
}

#[test]
fn keywords_and_funcs() {
    let input = "{{range .X}}{{break 20}}{{end}}";
    let mut funcs = Funcs::new();
    funcs
        .insert("break", |_, args| {
            Ok(args.first().cloned().unwrap_or_default())
        })
        .unwrap();
    assert!(
        parse::parse(input, &ParseOptions::new(""), &funcs).is_ok(),
        "break is a function here"
    );
    assert!(
        parse::parse(input, &ParseOptions::new(""), &Funcs::new()).is_err(),
        "break is a keyword here"
    );
}

#[test]
fn skip_func_check() {
    let mut options = ParseOptions::new("skip func check");
    options.skip_func_check = true;
    let trees = parse::parse("{{fn 1 2}}", &options, &Funcs::new()).unwrap();
    assert_eq!(trees[0].root.go_string(true), "{{fn 1 2}}");
}

#[test]
fn is_empty() {
    let cases = [
        ("empty", "", true),
        ("nonempty", "hello", false),
        ("spaces only", " \t\n \t\n", true),
        ("comment only", "{{/* comment */}}", true),
        ("definition", r#"{{define "x"}}something{{end}}"#, true),
        (
            "definitions and space",
            "{{define `x`}}something{{end}}\n\n{{define `y`}}something{{end}}\n\n",
            true,
        ),
        (
            "definitions and text",
            "{{define `x`}}something{{end}}\nx\n{{define `y`}}something{{end}}\ny\n",
            false,
        ),
        (
            "definition and action",
            "{{define `x`}}something{{end}}{{if 3}}foo{{end}}",
            false,
        ),
    ];
    for (name, input, empty) in cases {
        let trees = parse::parse(input, &ParseOptions::new("root"), &Funcs::new()).unwrap();
        assert_eq!(trees[0].is_empty(), empty, "{name}");
    }
}

#[test]
fn error_context_with_tree_copy() {
    let trees = parse::parse(
        "{{if true}}{{end}}",
        &ParseOptions::new("root"),
        &Funcs::new(),
    )
    .unwrap();
    let copy = trees[0].clone();
    let (node, node_copy) = (&trees[0].root.nodes[0], &copy.root.nodes[0]);
    assert_eq!(
        trees[0].location(node.pos()),
        copy.location(node_copy.pos())
    );
    assert_eq!(node.to_string(), node_copy.to_string());
}

/// Go's `errorTests`: each error message contains the text, and where the text names a line,
/// the error's line is that line.
pub const ERROR_TESTS: &[(&str, &str, &str)] = &[
    ("unclosed1", "line1\n{{", "unclosed1:2: unclosed action"),
    (
        "unclosed2",
        "line1\n{{define `x`}}line2\n{{",
        "unclosed2:3: unclosed action",
    ),
    (
        "unclosed3",
        "line1\n{{\"x\"\n\"y\"\n",
        "unclosed3:4: unclosed action started at unclosed3:2",
    ),
    (
        "unclosed4",
        "{{\n\n\n\n\n",
        "unclosed4:6: unclosed action started at unclosed4:1",
    ),
    (
        "var1",
        "line1\n{{\nx\n}}",
        r#"var1:3: function "x" not defined"#,
    ),
    ("function", "{{foo}}", r#"function "foo" not defined"#),
    ("comment1", "{{/*}}", "comment1:1: unclosed comment"),
    (
        "comment2",
        "{{/*\nhello\n}}",
        "comment2:1: unclosed comment",
    ),
    ("lparen", "{{.X (1 2 3}}", "unclosed left paren"),
    ("rparen", "{{.X 1 2 3 ) }}", "unexpected right paren"),
    ("rparen2", "{{(.X 1 2 3", "unclosed action"),
    ("space", "{{`x`3}}", "in operand"),
    ("idchar", "{{a#}}", "'#'"),
    ("charconst", "{{'a}}", "unterminated character constant"),
    ("stringconst", r#"{{"a}}"#, "unterminated quoted string"),
    ("rawstringconst", "{{`a}}", "unterminated raw quoted string"),
    ("number", "{{0xi}}", "number syntax"),
    (
        "multidefine",
        "{{define `a`}}a{{end}}{{define `a`}}b{{end}}",
        "multiple definition of template",
    ),
    ("eof", "{{range .X}}", "unexpected EOF"),
    (
        "variable",
        "{{$x := 23}}{{with $x.y := 3}}{{$x 23}}{{end}}",
        r#"unexpected ":=""#,
    ),
    ("multidecl", "{{$a,$b,$c := 23}}", "too many declarations"),
    ("undefvar", "{{$a}}", "undefined variable"),
    ("wrongdot", "{{true.any}}", "unexpected . after term"),
    (
        "wrongpipeline",
        "{{12|false}}",
        "non executable command in pipeline",
    ),
    (
        "emptypipeline",
        "{{ ( ) }}",
        "missing value for parenthesized pipeline",
    ),
    (
        "multilinerawstring",
        "{{ $v := `\n` }} {{",
        "multilinerawstring:2: unclosed action",
    ),
    ("rangeundefvar", "{{range $k}}{{end}}", "undefined variable"),
    (
        "rangeundefvars",
        "{{range $k, $v}}{{end}}",
        "undefined variable",
    ),
    (
        "rangemissingvalue1",
        "{{range $k,}}{{end}}",
        "missing value for range",
    ),
    (
        "rangemissingvalue2",
        "{{range $k, $v := }}{{end}}",
        "missing value for range",
    ),
    (
        "rangenotvariable1",
        "{{range $k, .}}{{end}}",
        "range can only initialize variables",
    ),
    (
        "rangenotvariable2",
        "{{range $k, 123 := .}}{{end}}",
        "range can only initialize variables",
    ),
];

#[test]
fn error_tests() {
    for &(name, input, want) in ERROR_TESTS {
        let err = parse::parse(input, &ParseOptions::new(name), &Funcs::new()).expect_err(name);
        assert!(
            err.go_message().contains(want),
            "{name}: {:?} lacks {want:?}",
            err.go_message()
        );
        if let Some(line) = want
            .strip_prefix(&format!("{name}:"))
            .and_then(|r| r.split(':').next())
        {
            assert_eq!(err.line.to_string(), line, "{name}: line");
        }
        assert_eq!(&*err.name, name);
    }
}

#[test]
fn block() {
    let input = r#"a{{block "inner" .}}bar{{.}}baz{{end}}b"#;
    let trees = parse::parse(input, &ParseOptions::new("outer"), &Funcs::new()).unwrap();
    assert_eq!(trees[0].root.to_string(), r#"a{{template "inner" .}}b"#);
    let inner = trees
        .iter()
        .find(|t| &*t.name == "inner")
        .expect("block defines inner");
    assert_eq!(inner.root.to_string(), "bar{{.}}baz");
}

#[test]
fn line_numbers() {
    let text = "{{printf 1234}}\n".repeat(100);
    let trees = parse::parse(&text, &ParseOptions::new("bench"), &Funcs::new()).unwrap();
    let tree = &trees[0];
    for (i, node) in tree.root.nodes.iter().enumerate().step_by(2) {
        let Node::Action(action) = node else {
            panic!("node {i} is {node}")
        };
        assert_eq!(tree.location(action.pos).0, 1 + i / 2);
        assert_eq!(tree.location(action.pipe.pos).0, 1 + i / 2);
    }
}
