use std::io::BufRead;
fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let input: String = serde_unquote(&line);
        let mut set = gotemplate::Set::new_html(gotemplate::Funcs::new());
        if let Err(e) = set.parse("z", &input) { println!("{line}\tPARSE {e}"); continue; }
        match set.execute_to_string("z", &gotemplate::Value::NoValue) {
            Ok(_) => println!("{line}\t<nil>"),
            Err(e) => println!("{line}\t{e}"),
        }
    }
}
fn serde_unquote(s: &str) -> String {
    // Go %q of printable ASCII inputs: only \" \\ \n \t escapes matter here.
    let inner = &s[1..s.len()-1];
    let mut out = String::new();
    let mut it = inner.chars();
    while let Some(c) = it.next() {
        if c == '\\' { match it.next().unwrap() { 'n' => out.push('\n'), 't' => out.push('\t'), c => out.push(c) } } else { out.push(c) }
    }
    out
}
