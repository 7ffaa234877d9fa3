//! Any text as an html/template set: parsed, then escaped by the tree pass (contexts through
//! text, branches joined, `range` bodies run twice, templates escaped per calling context)
//! and executed. Escaping errors are fine; a panic, a hang, or time or memory out of
//! proportion (nested ranges and recursive templates are where the pass could blow up) is a
//! bug. Every template of the set is escaped as an entry point, after "page", so that later
//! rounds build on what earlier ones committed.
#![no_main]

mod host;

use gotemplate::Set;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let text = String::from_utf8_lossy(input);
    let Some(set) = host::parse_page(Set::html_with_shared_funcs(host::funcs().clone()), &text)
    else {
        return;
    };
    let options = host::exec_options();
    let mut out = String::new();
    let _ = set.execute_with("page", host::data(), &mut out, &options);
    for name in set.names().into_iter().take(8) {
        let mut out = String::new();
        if set
            .execute_with(name, host::data(), &mut out, &options)
            .is_ok()
        {
            // An escaped template runs its escaped trees again, unchanged.
            let mut again = String::new();
            let _ = set.execute_with(name, host::data(), &mut again, &options);
            assert_eq!(out, again, "{name} ran twice");
        }
    }
});
