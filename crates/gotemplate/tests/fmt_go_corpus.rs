//! A differential check against Go 1.19: `fmt_port/corpus.txt` holds 8,300 random formats
//! and operands of the kinds a `Value` holds, with what Go's `Sprintf`, `Sprint` and
//! `Sprintln` printed for them (`fmt_port/corpus.go` writes it). 4,000 mix one to three
//! verbs with random flags, widths, precisions (also from operands), argument indexes and
//! mismatched operands; 4,000 are one float verb with random flags and precision, on random
//! bit patterns, halfway cases, subnormals, zeros, infinities and NaN; 300 are `Sprint` and
//! `Sprintln`.

use std::sync::Arc;

use gotemplate::fmt::{sprint, sprintf, sprintln};
use gotemplate::{MapKey, Value};

const CORPUS: &str = include_str!("fmt_port/corpus.txt");

/// A cursor over the corpus, whose format `corpus.go` describes.
struct Reader<'a> {
    text: &'a str,
}

impl<'a> Reader<'a> {
    fn tag(&mut self) -> char {
        let c = self.text.chars().next().expect("a tag");
        self.text = &self.text[c.len_utf8()..];
        c
    }

    fn until(&mut self, end: char) -> &'a str {
        let at = self.text.find(end).expect("a terminator");
        let s = &self.text[..at];
        self.text = &self.text[at + 1..];
        s
    }

    fn sized(&mut self) -> &'a str {
        let len: usize = self.until(':').parse().expect("a length");
        let s = &self.text[..len];
        self.text = &self.text[len..];
        s
    }

    fn value(&mut self) -> Value {
        match self.tag() {
            'N' => Value::Nil,
            'B' => Value::Bool(self.tag() == '1'),
            'I' => Value::Int(self.until(';').parse().expect("an int")),
            'U' => Value::Uint(self.until(';').parse().expect("a uint")),
            'F' => {
                let bits = u64::from_str_radix(self.until(';'), 16).expect("float bits");
                Value::Float(f64::from_bits(bits))
            }
            'S' => Value::String(self.sized().into()),
            'L' => {
                let n: usize = self.until(':').parse().expect("a count");
                Value::List(Arc::new((0..n).map(|_| self.value()).collect()))
            }
            'M' => {
                let n: usize = self.until(':').parse().expect("a count");
                let entries = (0..n).map(|_| {
                    assert_eq!(self.tag(), 'S');
                    let key = MapKey::String(self.sized().into());
                    (key, self.value())
                });
                Value::Map(Arc::new(entries.collect()))
            }
            other => panic!("unknown operand tag {other:?}"),
        }
    }
}

enum Call<'a> {
    Sprintf(&'a str),
    Sprint,
    Sprintln,
}

struct Case<'a> {
    call: Call<'a>,
    args: Vec<Value>,
    want: &'a str,
}

fn corpus() -> Vec<Case<'static>> {
    let mut r = Reader { text: CORPUS };
    let mut cases = Vec::new();
    while !r.text.is_empty() {
        let call = match r.tag() {
            'f' => Call::Sprintf(r.sized()),
            'p' => Call::Sprint,
            'l' => Call::Sprintln,
            other => panic!("unknown call tag {other:?}"),
        };
        assert_eq!(r.tag(), 'a');
        let n: usize = r.until(':').parse().expect("a count");
        let args = (0..n).map(|_| r.value()).collect();
        assert_eq!(r.tag(), 'w');
        let want = r.sized();
        assert_eq!(r.tag(), '\n');
        cases.push(Case { call, args, want });
    }
    cases
}

#[test]
fn prints_as_go_does() {
    let cases = corpus();
    assert_eq!(cases.len(), 8300);
    let mut failures = Vec::new();
    for c in &cases {
        let (what, got) = match c.call {
            Call::Sprintf(format) => (format!("sprintf({format:?})"), sprintf(format, &c.args)),
            Call::Sprint => ("sprint".to_string(), sprint(&c.args)),
            Call::Sprintln => ("sprintln".to_string(), sprintln(&c.args)),
        };
        if got != c.want {
            failures.push(format!(
                "{what} of {:?}:\n   got {got:?}\n  want {:?}",
                c.args, c.want
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ from Go:\n{}",
        failures.len(),
        cases.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}
