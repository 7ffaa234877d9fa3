//! Any text as a Go template: parsed by the gotemplate engine (lexer, parser, definitions,
//! function names, nesting limits) and, if it parses, executed against a small page-like value
//! (fields, a list, a map, a host object with methods, functions including a partial that
//! executes another template of the set and a `return`). Parse and execution errors are fine;
//! a panic, a stack overflow, a hang, or memory or output out of proportion is a bug. The step
//! budget bounds loops the template writes itself (`{{range 1000000000}}`).
#![no_main]

mod host;

use gotemplate::Set;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let text = String::from_utf8_lossy(input);
    let Some(set) = host::parse_page(Set::with_shared_funcs(host::funcs().clone()), &text) else {
        return;
    };
    let options = host::exec_options();
    let mut out = String::new();
    let _ = set.execute_with("page", host::data(), &mut out, &options);
    // Every template the text defined runs too.
    for name in set.names().into_iter().take(8) {
        let mut out = String::new();
        let _ = set.execute_with(name, host::data(), &mut out, &options);
    }
});
