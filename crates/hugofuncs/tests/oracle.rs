//! Test tables of Hugo's own answers: each line of `tests/cases/*.txt` is a template
//! expression as a theme writes it, `=>`, and what Hugo 0.168 printed for it (`%T` and the
//! value), or `ERR` and the start of Hugo's error message. The expressions come from Hugo's
//! `tpl/*/*_test.go` tables and the documentation's examples; the answers were taken by running
//! them under `hugo` 0.168 (`notes/hugofuncs.md` says how).
//!
//! A small evaluator reads the expressions: function calls by name through the registry,
//! parenthesized sub-expressions, `.Field` and `.Method` on their results, and literals.

use std::sync::Arc;

use hugofuncs::{functions, Env, Location, Time, Value};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Int(i64),
    Float(f64),
    Open,
    Close,
    Field(String),
    Pipe,
}

fn unquote(body: &str) -> String {
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            Some(o) => out.push(o),
            None => {}
        }
    }
    out
}

fn lex(s: &str) -> Vec<Tok> {
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < b.len() {
        let c = b[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push(Tok::Open);
            i += 1;
        } else if c == ')' {
            out.push(Tok::Close);
            i += 1;
        } else if c == '|' {
            out.push(Tok::Pipe);
            i += 1;
        } else if c == '"' {
            let mut j = i + 1;
            while b[j] != '"' {
                if b[j] == '\\' {
                    j += 1;
                }
                j += 1;
            }
            out.push(Tok::Str(unquote(&b[i + 1..j].iter().collect::<String>())));
            i = j + 1;
        } else if c == '`' {
            let j = i + 1 + b[i + 1..].iter().position(|&c| c == '`').unwrap();
            out.push(Tok::Str(b[i + 1..j].iter().collect()));
            i = j + 1;
        } else if c == '.' && i + 1 < b.len() && b[i + 1].is_alphabetic() {
            let j = i
                + 1
                + b[i + 1..]
                    .iter()
                    .position(|c| !c.is_alphanumeric())
                    .unwrap_or(b.len() - i - 1);
            out.push(Tok::Field(b[i + 1..j].iter().collect()));
            i = j;
        } else if c.is_ascii_digit()
            || (c == '-' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let j = i
                + 1
                + b[i + 1..]
                    .iter()
                    .position(|c| {
                        !(c.is_ascii_alphanumeric() || *c == '.' || *c == '-' || *c == '+')
                    })
                    .unwrap_or(b.len() - i - 1);
            let t: String = b[i..j].iter().collect();
            out.push(match t.parse::<i64>() {
                Ok(n) => Tok::Int(n),
                Err(_) => Tok::Float(t.parse().unwrap_or_else(|_| panic!("bad number {t}"))),
            });
            i = j;
        } else {
            let j = i + b[i..]
                .iter()
                .position(|c| c.is_whitespace() || *c == '(' || *c == ')' || *c == '|')
                .unwrap_or(b.len() - i);
            out.push(Tok::Ident(b[i..j].iter().collect()));
            i = j;
        }
    }
    out
}

struct Eval<'a> {
    env: &'a Env,
    toks: Vec<Tok>,
    pos: usize,
}

type R = Result<Value, String>;

impl Eval<'_> {
    fn call(&self, name: &str, args: &[Value]) -> R {
        let funcs = functions();
        let f = funcs
            .get(name)
            .ok_or_else(|| format!("function {name:?} not defined"))?;
        f.call(self.env, args).map_err(|e| match e {
            hugofuncs::CallError::Message(m) => m,
            other => format!("{other:?}"),
        })
    }

    /// One operand: a literal, a parenthesized command, with `.Field`s after it.
    fn operand(&mut self) -> R {
        let t = self.toks[self.pos].clone();
        self.pos += 1;
        let mut v = match t {
            Tok::Str(s) => Value::from(s),
            Tok::Int(i) => Value::Int(i),
            Tok::Float(f) => Value::Float(f),
            Tok::Ident(id) => match id.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "nil" => Value::Nil,
                // A function used as an operand is called with no arguments.
                name => self.call(name, &[])?,
            },
            Tok::Open => {
                let v = self.pipeline()?;
                assert_eq!(self.toks[self.pos], Tok::Close);
                self.pos += 1;
                v
            }
            other => panic!("unexpected {other:?}"),
        };
        v = self.fields(v, false)?;
        Ok(v)
    }

    fn fields(&mut self, mut v: Value, last_takes_args: bool) -> R {
        while let Some(Tok::Field(name)) = self.toks.get(self.pos).cloned() {
            self.pos += 1;
            let is_last = !matches!(self.toks.get(self.pos), Some(Tok::Field(_)));
            let args = if is_last && last_takes_args {
                self.args()?
            } else {
                Vec::new()
            };
            v = field(&v, &name, &args)?;
        }
        Ok(v)
    }

    fn args(&mut self) -> Result<Vec<Value>, String> {
        let mut args = Vec::new();
        while self.pos < self.toks.len() && !matches!(self.toks[self.pos], Tok::Close | Tok::Pipe) {
            args.push(self.operand()?);
        }
        Ok(args)
    }

    /// Commands joined by `|`: each result becomes the last argument of the next.
    fn pipeline(&mut self) -> R {
        let mut v = self.command()?;
        while self.toks.get(self.pos) == Some(&Tok::Pipe) {
            self.pos += 1;
            let Tok::Ident(name) = self.toks[self.pos].clone() else {
                panic!("pipe to a non-function")
            };
            self.pos += 1;
            let mut args = self.args()?;
            args.push(v);
            v = self.call(&name, &args)?;
        }
        Ok(v)
    }

    /// A command: a function and its arguments, or an operand and the arguments of its last
    /// method.
    fn command(&mut self) -> R {
        match self.toks[self.pos].clone() {
            Tok::Ident(name) if !matches!(name.as_str(), "true" | "false" | "nil") => {
                self.pos += 1;
                let args = self.args()?;
                self.call(&name, &args)
            }
            Tok::Open => {
                self.pos += 1;
                let v = self.pipeline()?;
                self.pos += 1;
                let v = self.fields(v, true)?;
                if self.pos < self.toks.len()
                    && !matches!(self.toks[self.pos], Tok::Close | Tok::Pipe)
                {
                    panic!("arguments after an operand");
                }
                Ok(v)
            }
            _ => self.operand(),
        }
    }
}

fn field(v: &Value, name: &str, args: &[Value]) -> R {
    match v {
        Value::Object(o) => match o.get(name, args) {
            Some(r) => r.map_err(|e| format!("{e:?}")),
            None => Err(format!(
                "can't evaluate field {name} in type {}",
                o.type_name()
            )),
        },
        Value::Map(m) => Ok(m.get(&name.into()).cloned().unwrap_or(Value::NoValue)),
        other => Err(format!(
            "can't evaluate field {name} in type {}",
            other.type_name()
        )),
    }
}

fn eval(env: &Env, expr: &str) -> R {
    let mut e = Eval {
        env,
        toks: lex(expr),
        pos: 0,
    };
    e.pipeline()
}

/// Whether our value is of the kind Hugo's `%T` named.
fn kind_matches(go_type: &str, v: &Value) -> bool {
    match v {
        Value::Int(_) => matches!(go_type, "int" | "int64" | "int32" | "int8"),
        Value::Uint(_) => matches!(go_type, "uint" | "uint64" | "uint8"),
        Value::Float(_) => go_type == "float64",
        Value::String(_) => go_type == "string",
        Value::Bool(_) => go_type == "bool",
        Value::Safe(k, _) => go_type == k.go_type(),
        Value::List(_) => go_type.starts_with("[]"),
        Value::Map(_) => go_type.starts_with("map[") || go_type == "url.Values",
        Value::NoValue | Value::Nil => go_type == "<nil>",
        Value::Object(o) => o.type_name() == go_type,
        Value::Func(_) => false,
    }
}

/// How Hugo printed a value. Go's `%v` of an infinite float is `+Inf`; the engine's `fmt`
/// is being finished elsewhere, so the test spells it out.
fn print(v: &Value) -> String {
    match v {
        Value::Float(f) if f.is_infinite() => if *f > 0.0 { "+Inf" } else { "-Inf" }.into(),
        Value::Float(f) if f.is_nan() => "NaN".into(),
        _ => gotemplate::fmt::print_value(v),
    }
}

/// Runs one file of cases; returns (cases, failures).
fn run(file: &str) -> (usize, Vec<String>) {
    let text =
        std::fs::read_to_string(format!("{}/tests/cases/{file}", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let mut env = Env::with_base_url("https://example.org/docs/");
    env.clock = Some(Time::from_unix(1_600_000_000, 0, Location::Utc));
    env.environ.insert("HUGO_TEST".into(), "yes".into());
    let mut env = Arc::new(env);
    let mut failures = Vec::new();
    let mut count = 0;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(setting) = line.strip_prefix("# env ") {
            let e = Arc::get_mut(&mut env).unwrap();
            for kv in setting.split_whitespace() {
                let (k, v) = kv.split_once('=').unwrap();
                match k {
                    "lang" => e.language = v.into(),
                    "base" => e.base_url = v.into(),
                    "prefix" => e.language_prefix = v.into(),
                    "tz" => e.location = Location::load(v).unwrap(),
                    _ => panic!("unknown setting {k}"),
                }
            }
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((expr, want)) = line.split_once(" => ") else {
            panic!("bad case line: {line}")
        };
        // A value printed over several lines continues until the next case.
        let mut want = want.to_string();
        while let Some(next) = lines.peek() {
            if next.contains(" => ") || next.starts_with('#') || next.trim().is_empty() {
                break;
            }
            want.push('\n');
            want.push_str(lines.next().unwrap());
        }
        count += 1;
        let got = eval(&env, expr);
        let ok = match (want.strip_prefix("ERR"), &got) {
            (Some(msg), Err(e)) => e.starts_with(msg.trim()),
            (Some(_), Ok(_)) => false,
            (None, Ok(v)) => {
                // Go type names have spaces only in `interface {}`.
                let w = want.replace("interface {}", "interface{}");
                let (ty, val) = w.split_once(' ').unwrap_or((w.as_str(), ""));
                let ty = ty.replace("interface{}", "interface {}");
                let val = val.replace("interface{}", "interface {}");
                kind_matches(&ty, v) && print(v) == val
            }
            (None, Err(_)) => false,
        };
        if !ok {
            let shown = match &got {
                Ok(v) => format!("{} {}", v.type_name(), print(v)),
                Err(e) => format!("ERR {e}"),
            };
            failures.push(format!("{file}: {expr}\n    want {want}\n    got  {shown}"));
        }
    }
    (count, failures)
}

fn check(file: &str, min_cases: usize) {
    let (count, failures) = run(file);
    eprintln!("{file}: {count} cases, {} passing", count - failures.len());
    assert!(count >= min_cases, "{file}: only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn cast() {
    check("cast.txt", 20);
}

#[test]
fn compare() {
    check("compare.txt", 40);
}

#[test]
fn math() {
    check("math.txt", 50);
}

#[test]
fn strings() {
    check("strings.txt", 50);
}

#[test]
fn collections() {
    check("collections.txt", 60);
}

#[test]
fn time() {
    check("time.txt", 30);
}

#[test]
fn urls() {
    check("urls.txt", 25);
}

#[test]
fn transform_encoding_crypto() {
    check("transform.txt", 25);
}

#[test]
fn inflect() {
    check("inflect.txt", 100);
}

#[test]
fn path_reflect_os() {
    check("path.txt", 10);
}

#[test]
fn lang() {
    check("lang.txt", 20);
}
