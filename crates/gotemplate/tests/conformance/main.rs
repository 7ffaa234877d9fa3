//! Go's own tests of `text/template` (as of Go 1.24, the version Hugo 0.168 builds with),
//! ported as tables in Rust: the input, data and expected output of each case are Go's; the
//! test data type `T` of `exec_test.go` is a host [`gotemplate::Object`] (see `host.rs`).
//!
//! The count, checked by `counts_add_up` below:
//!
//! | Go table or test                      | in Go | ported | passing | left out (reason)                       |
//! |---------------------------------------|------:|-------:|--------:|-----------------------------------------|
//! | `execTests`                           |   353 |    315 |     315 | 38: complex numbers 10, function iterators 11, sized integer types 9, channels 2, unsafe.Pointer 2, slice capacity 4 |
//! | `execTests` through html sets (html/template's copy, with its outputs) | 353 | 312 | 312 | the 38 above, and 3: addressability of Go values 2, a typed nil pointer |
//! | `cmpTests`                            |   117 |    112 |     112 | 5: complex numbers                      |
//! | `parseTests` (+ on tree copies)       |   108 |    107 |     107 | 1: an imaginary constant                |
//! | `numberTests`                         |    52 |     45 |      45 | 7: complex (refused with a clear error, tested) |
//! | `errorTests`                          |    32 |     32 |      32 |                                         |
//! | `lexTests`, delims, positions         |    53 |     53 |      53 |                                         |
//! | `multiParseTests`, `multiExecTests`   |    16 |     16 |      16 |                                         |
//! | separate tests of `exec_test.go`      |    26 |     22 |      22 | 4: errors.As on Go error values, Template values without a tree, send-only channels, embedded nil structs |
//! | separate tests of `parse_test.go`     |     7 |      7 |       7 |                                         |
//! | separate tests of `multi_test.go`     |    16 |     12 |      12 | 4: ParseGlob, ParseFS, ParseGlobWithData (the host reads files), Template values outside the set (TestNew) |
//!
//! Within the separate tests, single cases are left out where they need Go's reflection:
//! `TestEmptyTemplate` 1 of 6 (a template value holding a tree its set does not),
//! `TestFunctionCheckDuringCall` 5 of 8 (messages from Go function signatures), `TestIsTrue`
//! channels, complex and unsafe pointers.

mod exec;
mod host;
mod lex;
mod multi;
mod parse;

#[test]
fn counts_add_up() {
    assert_eq!(
        exec::exec_tests().len() + exec::LEFT_OUT.len(),
        353,
        "execTests"
    );
    assert_eq!(
        exec::CMP_TESTS.len() + exec::CMP_TESTS_LEFT_OUT,
        117,
        "cmpTests"
    );
    assert_eq!(
        parse::PARSE_TESTS.len() + parse::PAREN_DEPTH_TESTS.len() + parse::PARSE_TESTS_LEFT_OUT,
        108
    );
    assert_eq!(
        parse::NUMBER_TESTS.len() + parse::NUMBER_TESTS_LEFT_OUT,
        52,
        "numberTests"
    );
    assert_eq!(parse::ERROR_TESTS.len(), 32, "errorTests");
    assert_eq!(lex::lex_tests().len(), 40, "lexTests");
    assert_eq!(exec::FUNCTION_CHECK_LEFT_OUT, 5);
}
