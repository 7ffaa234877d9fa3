//! Go's `parse/lex_test.go`: `lexTests`, `lexDelimTests`, `TestDelimsAlphaNumeric`,
//! `TestDelimsAndMarkers` and `lexPosTests`, as of Go 1.24 (which drops the character from the
//! "unexpected right paren" message and gives comments their lines).

use gotemplate::parse::{ItemType as T, LexOptions, Lexer};

type Expected = Vec<(T, &'static str)>;

fn collect(input: &str, left: &str, right: &str) -> Vec<(T, String, usize, usize)> {
    let mut lexer = Lexer::new(input, left, right);
    lexer.options = LexOptions {
        emit_comment: true,
        break_ok: true,
        continue_ok: true,
    };
    let mut items = Vec::new();
    loop {
        let item = lexer.next_item();
        let done = matches!(item.typ, T::Eof | T::Error);
        items.push((item.typ, item.val.to_string(), item.pos, item.line));
        if done {
            return items;
        }
    }
}

fn check(name: &str, input: &str, left: &str, right: &str, want: &Expected) {
    let got: Vec<(T, String)> = collect(input, left, right)
        .into_iter()
        .map(|(t, v, _, _)| (t, v))
        .collect();
    let want: Vec<(T, String)> = want.iter().map(|(t, v)| (*t, v.to_string())).collect();
    assert_eq!(got, want, "lex test {name:?}: {input:?}");
}

const L: (T, &str) = (T::LeftDelim, "{{");
const R: (T, &str) = (T::RightDelim, "}}");
const EOF: (T, &str) = (T::Eof, "");
const SP: (T, &str) = (T::Space, " ");
const RAW: &str = "`abc\\n\\t\\\" `";
const RAW_NL: &str = "`now is{{\n}}the time`";
const QUOTE: &str = r#""abc \n\t\" ""#;

pub fn lex_tests() -> Vec<(&'static str, String, Expected)> {
    vec![
        ("empty", "".into(), vec![EOF]),
        ("spaces", " \t\n".into(), vec![(T::Text, " \t\n"), EOF]),
        (
            "text",
            "now is the time".into(),
            vec![(T::Text, "now is the time"), EOF],
        ),
        (
            "text with comment",
            "hello-{{/* this is a comment */}}-world".into(),
            vec![
                (T::Text, "hello-"),
                (T::Comment, "/* this is a comment */"),
                (T::Text, "-world"),
                EOF,
            ],
        ),
        (
            "punctuation",
            "{{,@% }}".into(),
            vec![
                L,
                (T::Char, ","),
                (T::Char, "@"),
                (T::Char, "%"),
                SP,
                R,
                EOF,
            ],
        ),
        (
            "parens",
            "{{((3))}}".into(),
            vec![
                L,
                (T::LeftParen, "("),
                (T::LeftParen, "("),
                (T::Number, "3"),
                (T::RightParen, ")"),
                (T::RightParen, ")"),
                R,
                EOF,
            ],
        ),
        ("empty action", "{{}}".into(), vec![L, R, EOF]),
        (
            "for",
            "{{for}}".into(),
            vec![L, (T::Identifier, "for"), R, EOF],
        ),
        (
            "block",
            r#"{{block "foo" .}}"#.into(),
            vec![
                L,
                (T::Block, "block"),
                SP,
                (T::String, r#""foo""#),
                SP,
                (T::Dot, "."),
                R,
                EOF,
            ],
        ),
        (
            "quote",
            format!("{{{{{QUOTE}}}}}"),
            vec![L, (T::String, QUOTE), R, EOF],
        ),
        (
            "raw quote",
            format!("{{{{{RAW}}}}}"),
            vec![L, (T::RawString, RAW), R, EOF],
        ),
        (
            "raw quote with newline",
            format!("{{{{{RAW_NL}}}}}"),
            vec![L, (T::RawString, RAW_NL), R, EOF],
        ),
        (
            "numbers",
            "{{1 02 0x14 0X14 -7.2i 1e3 1E3 +1.2e-4 4.2i 1+2i 1_2 0x1.e_fp4 0X1.E_FP4}}".into(),
            vec![
                L,
                (T::Number, "1"),
                SP,
                (T::Number, "02"),
                SP,
                (T::Number, "0x14"),
                SP,
                (T::Number, "0X14"),
                SP,
                (T::Number, "-7.2i"),
                SP,
                (T::Number, "1e3"),
                SP,
                (T::Number, "1E3"),
                SP,
                (T::Number, "+1.2e-4"),
                SP,
                (T::Number, "4.2i"),
                SP,
                (T::Complex, "1+2i"),
                SP,
                (T::Number, "1_2"),
                SP,
                (T::Number, "0x1.e_fp4"),
                SP,
                (T::Number, "0X1.E_FP4"),
                R,
                EOF,
            ],
        ),
        (
            "characters",
            r"{{'a' '\n' '\'' '\\' '\u00FF' '\xFF' '本'}}".into(),
            vec![
                L,
                (T::CharConstant, "'a'"),
                SP,
                (T::CharConstant, r"'\n'"),
                SP,
                (T::CharConstant, r"'\''"),
                SP,
                (T::CharConstant, r"'\\'"),
                SP,
                (T::CharConstant, r"'\u00FF'"),
                SP,
                (T::CharConstant, r"'\xFF'"),
                SP,
                (T::CharConstant, "'本'"),
                R,
                EOF,
            ],
        ),
        (
            "bools",
            "{{true false}}".into(),
            vec![L, (T::Bool, "true"), SP, (T::Bool, "false"), R, EOF],
        ),
        ("dot", "{{.}}".into(), vec![L, (T::Dot, "."), R, EOF]),
        ("nil", "{{nil}}".into(), vec![L, (T::Nil, "nil"), R, EOF]),
        (
            "dots",
            "{{.x . .2 .x.y.z}}".into(),
            vec![
                L,
                (T::Field, ".x"),
                SP,
                (T::Dot, "."),
                SP,
                (T::Number, ".2"),
                SP,
                (T::Field, ".x"),
                (T::Field, ".y"),
                (T::Field, ".z"),
                R,
                EOF,
            ],
        ),
        (
            "keywords",
            "{{range if else end with}}".into(),
            vec![
                L,
                (T::Range, "range"),
                SP,
                (T::If, "if"),
                SP,
                (T::Else, "else"),
                SP,
                (T::End, "end"),
                SP,
                (T::With, "with"),
                R,
                EOF,
            ],
        ),
        (
            "variables",
            "{{$c := printf $ $hello $23 $ $var.Field .Method}}".into(),
            vec![
                L,
                (T::Variable, "$c"),
                SP,
                (T::Declare, ":="),
                SP,
                (T::Identifier, "printf"),
                SP,
                (T::Variable, "$"),
                SP,
                (T::Variable, "$hello"),
                SP,
                (T::Variable, "$23"),
                SP,
                (T::Variable, "$"),
                SP,
                (T::Variable, "$var"),
                (T::Field, ".Field"),
                SP,
                (T::Field, ".Method"),
                R,
                EOF,
            ],
        ),
        (
            "variable invocation",
            "{{$x 23}}".into(),
            vec![L, (T::Variable, "$x"), SP, (T::Number, "23"), R, EOF],
        ),
        (
            "pipeline",
            r#"intro {{echo hi 1.2 |noargs|args 1 "hi"}} outro"#.into(),
            vec![
                (T::Text, "intro "),
                L,
                (T::Identifier, "echo"),
                SP,
                (T::Identifier, "hi"),
                SP,
                (T::Number, "1.2"),
                SP,
                (T::Pipe, "|"),
                (T::Identifier, "noargs"),
                (T::Pipe, "|"),
                (T::Identifier, "args"),
                SP,
                (T::Number, "1"),
                SP,
                (T::String, r#""hi""#),
                R,
                (T::Text, " outro"),
                EOF,
            ],
        ),
        (
            "declaration",
            "{{$v := 3}}".into(),
            vec![
                L,
                (T::Variable, "$v"),
                SP,
                (T::Declare, ":="),
                SP,
                (T::Number, "3"),
                R,
                EOF,
            ],
        ),
        (
            "2 declarations",
            "{{$v , $w := 3}}".into(),
            vec![
                L,
                (T::Variable, "$v"),
                SP,
                (T::Char, ","),
                SP,
                (T::Variable, "$w"),
                SP,
                (T::Declare, ":="),
                SP,
                (T::Number, "3"),
                R,
                EOF,
            ],
        ),
        (
            "field of parenthesized expression",
            "{{(.X).Y}}".into(),
            vec![
                L,
                (T::LeftParen, "("),
                (T::Field, ".X"),
                (T::RightParen, ")"),
                (T::Field, ".Y"),
                R,
                EOF,
            ],
        ),
        (
            "trimming spaces before and after",
            "hello- {{- 3 -}} -world".into(),
            vec![
                (T::Text, "hello-"),
                L,
                (T::Number, "3"),
                R,
                (T::Text, "-world"),
                EOF,
            ],
        ),
        (
            "trimming spaces before and after comment",
            "hello- {{- /* hello */ -}} -world".into(),
            vec![
                (T::Text, "hello-"),
                (T::Comment, "/* hello */"),
                (T::Text, "-world"),
                EOF,
            ],
        ),
        // Errors.
        (
            "badchar",
            "#{{\x01}}".into(),
            vec![
                (T::Text, "#"),
                L,
                (T::Error, "unrecognized character in action: U+0001"),
            ],
        ),
        (
            "unclosed action",
            "{{".into(),
            vec![L, (T::Error, "unclosed action")],
        ),
        (
            "EOF in action",
            "{{range".into(),
            vec![L, (T::Range, "range"), (T::Error, "unclosed action")],
        ),
        (
            "unclosed quote",
            "{{\"\n\"}}".into(),
            vec![L, (T::Error, "unterminated quoted string")],
        ),
        (
            "unclosed raw quote",
            "{{`xx}}".into(),
            vec![L, (T::Error, "unterminated raw quoted string")],
        ),
        (
            "unclosed char constant",
            "{{'\n}}".into(),
            vec![L, (T::Error, "unterminated character constant")],
        ),
        (
            "bad number",
            "{{3k}}".into(),
            vec![L, (T::Error, r#"bad number syntax: "3k""#)],
        ),
        (
            "unclosed paren",
            "{{(3}}".into(),
            vec![
                L,
                (T::LeftParen, "("),
                (T::Number, "3"),
                (T::Error, "unclosed left paren"),
            ],
        ),
        (
            "extra right paren",
            "{{3)}}".into(),
            vec![L, (T::Number, "3"), (T::Error, "unexpected right paren")],
        ),
        // Fixed bugs.
        (
            "long pipeline deadlock",
            "{{|||||}}".into(),
            vec![
                L,
                (T::Pipe, "|"),
                (T::Pipe, "|"),
                (T::Pipe, "|"),
                (T::Pipe, "|"),
                (T::Pipe, "|"),
                R,
                EOF,
            ],
        ),
        (
            "text with bad comment",
            "hello-{{/*/}}-world".into(),
            vec![(T::Text, "hello-"), (T::Error, "unclosed comment")],
        ),
        (
            "text with comment close separated from delim",
            "hello-{{/* */ }}-world".into(),
            vec![
                (T::Text, "hello-"),
                (T::Error, "comment ends before closing delimiter"),
            ],
        ),
        // An error Go cannot catch without breaking templates of minified JavaScript.
        (
            "unmatched right delimiter",
            "hello-{.}}-world".into(),
            vec![(T::Text, "hello-{.}}-world"), EOF],
        ),
    ]
}

#[test]
fn lex_tests_pass() {
    for (name, input, want) in lex_tests() {
        check(name, &input, "", "", &want);
    }
}

#[test]
fn lex_delims() {
    let l = (T::LeftDelim, "$$");
    let r = (T::RightDelim, "@@");
    let cases: Vec<(&str, String, Expected)> = vec![
        (
            "punctuation",
            "$$,@%{{}}@@".into(),
            vec![
                l,
                (T::Char, ","),
                (T::Char, "@"),
                (T::Char, "%"),
                (T::Char, "{"),
                (T::Char, "{"),
                (T::Char, "}"),
                (T::Char, "}"),
                r,
                EOF,
            ],
        ),
        ("empty action", "$$@@".into(), vec![l, r, EOF]),
        (
            "for",
            "$$for@@".into(),
            vec![l, (T::Identifier, "for"), r, EOF],
        ),
        (
            "quote",
            format!("$${QUOTE}@@"),
            vec![l, (T::String, QUOTE), r, EOF],
        ),
        (
            "raw quote",
            format!("$${RAW}@@"),
            vec![l, (T::RawString, RAW), r, EOF],
        ),
    ];
    for (name, input, want) in cases {
        check(name, &input, "$$", "@@", &want);
    }
}

#[test]
fn lex_delims_alphanumeric() {
    let want = vec![
        (T::LeftDelim, "{{hub"),
        SP,
        (T::Field, ".host"),
        SP,
        (T::RightDelim, "hub}}"),
        EOF,
    ];
    check(
        "right delimiter with alphanumeric start",
        "{{hub .host hub}}",
        "{{hub",
        "hub}}",
        &want,
    );
}

#[test]
fn lex_delims_that_look_like_markers() {
    let want = vec![
        (T::LeftDelim, "{{- "),
        (T::Field, ".x"),
        (T::RightDelim, " -}}"),
        (T::LeftDelim, "{{- "),
        (T::Field, ".x"),
        (T::RightDelim, " -}}"),
        EOF,
    ];
    check(
        "delims that look like markers",
        "{{- .x -}} {{- - .x - -}}",
        "{{- ",
        " -}}",
        &want,
    );
}

#[test]
fn lex_positions() {
    type Positioned = Vec<(T, usize, &'static str, usize)>;
    let cases: Vec<(&str, &str, Positioned)> = vec![
        ("empty", "", vec![(T::Eof, 0, "", 1)]),
        (
            "punctuation",
            "{{,@%#}}",
            vec![
                (T::LeftDelim, 0, "{{", 1),
                (T::Char, 2, ",", 1),
                (T::Char, 3, "@", 1),
                (T::Char, 4, "%", 1),
                (T::Char, 5, "#", 1),
                (T::RightDelim, 6, "}}", 1),
                (T::Eof, 8, "", 1),
            ],
        ),
        (
            "sample",
            "0123{{hello}}xyz",
            vec![
                (T::Text, 0, "0123", 1),
                (T::LeftDelim, 4, "{{", 1),
                (T::Identifier, 6, "hello", 1),
                (T::RightDelim, 11, "}}", 1),
                (T::Text, 13, "xyz", 1),
                (T::Eof, 16, "", 1),
            ],
        ),
        (
            "trimafter",
            "{{x -}}\n{{y}}",
            vec![
                (T::LeftDelim, 0, "{{", 1),
                (T::Identifier, 2, "x", 1),
                (T::RightDelim, 5, "}}", 1),
                (T::LeftDelim, 8, "{{", 2),
                (T::Identifier, 10, "y", 2),
                (T::RightDelim, 11, "}}", 2),
                (T::Eof, 13, "", 2),
            ],
        ),
        (
            "trimbefore",
            "{{x}}\n{{- y}}",
            vec![
                (T::LeftDelim, 0, "{{", 1),
                (T::Identifier, 2, "x", 1),
                (T::RightDelim, 3, "}}", 1),
                (T::LeftDelim, 6, "{{", 2),
                (T::Identifier, 10, "y", 2),
                (T::RightDelim, 11, "}}", 2),
                (T::Eof, 13, "", 2),
            ],
        ),
        (
            "longcomment",
            "{{/*\n*/}}\n{{undefinedFunction \"test\"}}",
            vec![
                (T::Comment, 2, "/*\n*/", 1),
                (T::Text, 9, "\n", 2),
                (T::LeftDelim, 10, "{{", 3),
                (T::Identifier, 12, "undefinedFunction", 3),
                (T::Space, 29, " ", 3),
                (T::String, 30, "\"test\"", 3),
                (T::RightDelim, 36, "}}", 3),
                (T::Eof, 38, "", 3),
            ],
        ),
    ];
    for (name, input, want) in cases {
        let got: Vec<(T, usize, String, usize)> = collect(input, "", "")
            .into_iter()
            .map(|(t, v, p, l)| (t, p, v, l))
            .collect();
        let want: Vec<(T, usize, String, usize)> = want
            .into_iter()
            .map(|(t, p, v, l)| (t, p, v.to_string(), l))
            .collect();
        assert_eq!(got, want, "lex position test {name:?}");
    }
}
