//! Hostile templates stay bounded: nesting and recursion stop with a located error before the
//! stack runs out, a 10 MB template parses in bounded time and memory, and the stack used per
//! level is measured, so the default limits can be shown to fit a 2 MiB thread.
//!
//! The measurement runs this test binary again as a child process with a thread of a given
//! stack size and bisects for the smallest stack that runs a workload at two depths; the
//! difference over the difference in depth is the stack one level takes. (A thread that
//! overflows its stack aborts its process: only a child process can be allowed to try.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gotemplate::{
    ExecErrorKind, ExecOptions, Funcs, ParseOptions, Set, Value, DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_EXEC_DEPTH, MAX_ELSE_LINKS,
};

/// Counts live heap bytes and their peak, for the memory bound of big templates.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const TWO_MIB: usize = 2 << 20;

fn dec_funcs() -> Funcs {
    let mut funcs = Funcs::new();
    funcs
        .insert("dec", |_, args| match args.first() {
            Some(Value::Int(i)) => Ok(Value::Int(i - 1)),
            _ => Err("dec: want an int".into()),
        })
        .unwrap();
    funcs
        .insert("partial", |ctx, args| {
            let [Value::String(name), data] = args else {
                return Err("partial: want a name and data".into());
            };
            let executed = ctx
                .execute(name, data)
                .map_err(|e| gotemplate::CallError::Message(e.to_string()))?;
            Ok(Value::from(executed.output))
        })
        .unwrap();
    funcs
}

fn nested(open: &str, inner: &str, close: &str, depth: usize) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

/// A workload at a depth: what the child process runs on its small thread.
#[derive(Clone, Copy, Debug)]
enum Workload {
    ParseIf,
    ParseParen,
    ExecIf,
    ExecRange,
    ExecParen,
    /// A template calling itself inside an `if`: two levels each.
    ExecTemplate,
    /// A host partial calling its own template inside an `if`: two levels each.
    ExecPartial,
}

const WORKLOADS: [Workload; 7] = [
    Workload::ParseIf,
    Workload::ParseParen,
    Workload::ExecIf,
    Workload::ExecRange,
    Workload::ExecParen,
    Workload::ExecTemplate,
    Workload::ExecPartial,
];

impl Workload {
    fn name(self) -> &'static str {
        match self {
            Workload::ParseIf => "parse-if",
            Workload::ParseParen => "parse-paren",
            Workload::ExecIf => "exec-if",
            Workload::ExecRange => "exec-range",
            Workload::ExecParen => "exec-paren",
            Workload::ExecTemplate => "exec-template",
            Workload::ExecPartial => "exec-partial",
        }
    }

    /// Depth-counter levels one step of the workload takes.
    fn levels_per_step(self) -> usize {
        match self {
            Workload::ExecTemplate | Workload::ExecPartial => 2,
            _ => 1,
        }
    }

    fn text(self, depth: usize) -> String {
        match self {
            Workload::ParseIf | Workload::ExecIf => nested("{{if true}}", "x", "{{end}}", depth),
            Workload::ExecRange => nested("{{range $}}", "x", "{{end}}", depth),
            Workload::ParseParen | Workload::ExecParen => {
                format!("{{{{{}}}}}", nested("(", "1", ")", depth))
            }
            Workload::ExecTemplate => {
                r#"{{define "r"}}{{if .}}{{template "r" (dec .)}}{{end}}{{end}}"#.into()
            }
            Workload::ExecPartial => {
                r#"{{define "r"}}{{if .}}{{partial "r" (dec .)}}{{end}}{{end}}"#.into()
            }
        }
    }

    /// Runs the workload on the current thread.
    fn run(self, depth: usize, prepared: &Prepared) {
        match self {
            Workload::ParseIf | Workload::ParseParen => {
                let mut options = ParseOptions::new("t");
                options.max_depth = depth + 1;
                let trees =
                    gotemplate::parse::parse(&prepared.text, &options, &Funcs::new()).unwrap();
                drop(trees);
            }
            _ => {
                let options = ExecOptions {
                    max_depth: 4 * depth + 10,
                    ..ExecOptions::default()
                };
                let mut out = String::new();
                let name = if prepared.set.lookup("r").is_some() {
                    "r"
                } else {
                    "t"
                };
                prepared
                    .set
                    .execute_with(name, &prepared.data, &mut out, &options)
                    .unwrap();
            }
        }
    }
}

/// What is parsed before the small thread starts, for the execution workloads.
struct Prepared {
    text: String,
    set: Set,
    data: Value,
}

fn prepare(w: Workload, depth: usize) -> Prepared {
    let text = w.text(depth);
    let mut set = Set::new(dec_funcs());
    let data = match w {
        Workload::ExecTemplate | Workload::ExecPartial => Value::Int(depth as i64),
        _ => Value::from(vec![Value::Int(1)]),
    };
    if !matches!(w, Workload::ParseIf | Workload::ParseParen) {
        let mut options = ParseOptions::new("t");
        options.max_depth = depth + 1;
        set.parse_with(&text, &options).unwrap();
    }
    Prepared { text, set, data }
}

const CHILD: &str = "GOTEMPLATE_STACK_PROBE";

/// The child process's side of the measurement: runs `$GOTEMPLATE_STACK_PROBE`
/// (`workload:depth:stack`) on a thread with that stack, and exits.
#[test]
#[ignore = "entry point of the stack measurement's child processes"]
fn stack_probe_child() {
    let spec = std::env::var(CHILD).expect("run by stack_per_level_fits_the_limits");
    let parts: Vec<&str> = spec.split(':').collect();
    let w = WORKLOADS
        .into_iter()
        .find(|w| w.name() == parts[0])
        .unwrap();
    let (depth, stack): (usize, usize) = (parts[1].parse().unwrap(), parts[2].parse().unwrap());
    let prepared = Arc::new(prepare(w, depth));
    let p = prepared.clone();
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || w.run(depth, &p))
        .unwrap()
        .join()
        .unwrap();
}

fn runs_within(w: Workload, depth: usize, stack: usize) -> bool {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "limits::stack_probe_child",
            "--test-threads=1",
            "-q",
        ])
        .env(CHILD, format!("{}:{depth}:{stack}", w.name()))
        .output()
        .unwrap()
        .status
        .success()
}

/// The smallest stack (to 4 KiB) that runs the workload at `depth`.
fn min_stack(w: Workload, depth: usize) -> usize {
    let (mut lo, mut hi) = (16 << 10, 64 << 20);
    assert!(
        runs_within(w, depth, hi),
        "{} at depth {depth} fails even with 64 MiB",
        w.name()
    );
    while hi - lo > 4 << 10 {
        let mid = (lo + hi) / 2;
        if runs_within(w, depth, mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Bytes of stack per depth level of each workload, and the stack its shallow run needs.
fn measure(w: Workload) -> (usize, usize) {
    let (d1, d2) = (40, 240);
    let (s1, s2) = (min_stack(w, d1), min_stack(w, d2));
    let per_step = s2.saturating_sub(s1) / (d2 - d1);
    (per_step / w.levels_per_step(), s1)
}

/// Measures every workload and checks the defaults against a 2 MiB thread: the parser at
/// [`DEFAULT_MAX_DEPTH`] controls with a pipeline of as many parentheses inside, and execution
/// at [`DEFAULT_MAX_EXEC_DEPTH`] levels of its most expensive kind.
#[test]
fn stack_per_level_fits_the_limits() {
    let mut report = String::new();
    let mut per_level = std::collections::HashMap::new();
    for w in WORKLOADS {
        let (bytes, base) = measure(w);
        report.push_str(&format!(
            "{:14} {bytes:5} bytes per level (shallow run: {} KiB)\n",
            w.name(),
            base >> 10
        ));
        per_level.insert(w.name(), (bytes, base));
    }
    eprintln!(
        "stack per nesting level ({}):\n{report}",
        if cfg!(debug_assertions) {
            "debug build"
        } else {
            "release build"
        }
    );
    let base = per_level.values().map(|&(_, b)| b).max().unwrap();
    let parse = DEFAULT_MAX_DEPTH * (per_level["parse-if"].0 + per_level["parse-paren"].0);
    let exec_level = [
        "exec-if",
        "exec-range",
        "exec-paren",
        "exec-template",
        "exec-partial",
    ]
    .iter()
    .map(|k| per_level[k].0)
    .max()
    .unwrap();
    let exec = DEFAULT_MAX_EXEC_DEPTH * exec_level;
    assert!(
        base + parse < TWO_MIB,
        "parsing at the limit needs {} KiB:\n{report}",
        (base + parse) >> 10
    );
    assert!(
        base + exec < TWO_MIB,
        "executing at the limit needs {} KiB:\n{report}",
        (base + exec) >> 10
    );
}

/// The same bound, shown directly: the deepest template the defaults allow parses and runs on
/// a 2 MiB thread (the default of Rust's spawned threads, so of the test harness too).
#[test]
fn deepest_allowed_templates_run_on_a_2_mib_thread() {
    let text = nested(
        "{{if true}}",
        &format!(
            "{{{{print {}}}}}",
            nested("(", "1", ")", DEFAULT_MAX_DEPTH - 1)
        ),
        "{{end}}",
        DEFAULT_MAX_DEPTH - 1,
    );
    std::thread::Builder::new()
        .stack_size(TWO_MIB)
        .spawn(move || {
            let mut set = Set::new(dec_funcs());
            set.parse("deep", &text).unwrap();
            assert_eq!(set.execute_to_string("deep", &Value::NoValue).unwrap(), "1");
            set.parse("r", r#"{{if .}}{{partial "r" (dec .)}}{{end}}"#)
                .unwrap();
            let err = set.execute_to_string("r", &Value::Int(10_000)).unwrap_err();
            assert!(
                err.to_string().contains("exceeded maximum template depth"),
                "{err}"
            );
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn nesting_past_the_limit_is_a_located_parse_error() {
    let deep_ifs = format!(
        "line\n  {}",
        nested("{{if 1}}", "", "{{end}}", DEFAULT_MAX_DEPTH + 1)
    );
    let err = Set::default().parse("t", &deep_ifs).unwrap_err();
    assert_eq!(
        err.message,
        format!("max nesting depth exceeded ({DEFAULT_MAX_DEPTH})")
    );
    // At the `if` of the first control too many.
    assert_eq!((err.line, err.col), (2, 2 + 8 * DEFAULT_MAX_DEPTH + 2));
    let deep_parens = format!("{{{{{}}}}}", nested("(", "1", ")", DEFAULT_MAX_DEPTH + 1));
    let err = Set::default().parse("t", &deep_parens).unwrap_err();
    assert_eq!(err.message, "max expression depth exceeded");
}

#[test]
fn self_calls_and_cycles_stop_with_a_located_error() {
    let mut set = Set::default();
    set.parse("a", "x\n{{template \"b\" .}}").unwrap();
    set.parse("b", "{{template \"a\" .}}").unwrap();
    let err = set.execute_to_string("a", &Value::NoValue).unwrap_err();
    assert_eq!(err.kind, ExecErrorKind::Depth);
    assert_eq!(
        err.message,
        format!("exceeded maximum template depth ({DEFAULT_MAX_EXEC_DEPTH})")
    );
    let location = err.location.unwrap();
    assert_eq!(
        (location.line, location.col),
        (2, 11),
        "at the {{template}} of the deepest call"
    );
}

/// A page-sized chunk of a theme: text, fields, conditions, ranges, a definition. Repeated to
/// 10 MB it is a big but plausible template.
fn chunk(i: usize) -> String {
    format!(
        "<article class=\"post\">\n  <h2>{{{{ .Title }}}} {i}</h2>\n  {{{{- if .Params.draft }}}}<em>草稿</em>{{{{ end -}}}}\n  \
         <ul>{{{{ range $k, $v := .Tags }}}}<li data-k=\"{{{{ $k }}}}\">{{{{ $v | printf \"%s\" }}}}</li>{{{{ else }}}}none{{{{ end }}}}</ul>\n  \
         {{{{ with .Summary }}}}<p>{{{{ . }}}}</p>{{{{ else }}}}{{{{ template \"fallback\" . }}}}{{{{ end }}}}\n  \
         {{{{/* a comment about post {i} */}}}}\n</article>\n{{{{ define \"d{i}\" }}}}{{{{ index .Params \"k\" }}}}{{{{ end }}}}\n"
    )
}

/// The two 10 MB tests measure the heap's peak: one at a time.
static BIG: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn a_10_mb_template_parses_in_bounded_time_and_memory() {
    let _one_at_a_time = BIG.lock().unwrap_or_else(|e| e.into_inner());
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 10 << 20 {
        text.push_str(&chunk(i));
        i += 1;
    }
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let start = Instant::now();
    let mut set = Set::default();
    set.parse("big", &text).unwrap();
    let elapsed = start.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert_eq!(set.len(), i + 1);
    eprintln!(
        "10 MB template: {} definitions, parsed in {elapsed:?}, peak heap {} MB",
        i,
        peak >> 20
    );
    // Generous bounds: linear time, and memory a small multiple of the text (the tree keeps
    // the text for error locations, plus its nodes).
    assert!(
        elapsed < Duration::from_secs(if cfg!(debug_assertions) { 30 } else { 5 }),
        "{elapsed:?}"
    );
    assert!(
        peak < 40 * text.len(),
        "peak heap {peak} for {} bytes of template",
        text.len()
    );
}

/// A template of nothing but actions, the most nodes per byte: 10 MB in a release build,
/// 2 MB in a debug one (where the same parse takes ten times as long; the bound is linear).
#[test]
fn a_long_flat_run_of_actions_parses_in_linear_memory() {
    let _one_at_a_time = BIG.lock().unwrap_or_else(|e| e.into_inner());
    let size: usize = if cfg!(debug_assertions) {
        2 << 20
    } else {
        10 << 20
    };
    let text = "{{1234}}\n".repeat(size / 9);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let mut set = Set::default();
    set.parse("flat", &text).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert_eq!(set.lookup("flat").unwrap().root.nodes.len(), 2 * (size / 9));
    assert!(
        peak < 60 * text.len(),
        "peak heap {peak} for {} bytes of template",
        text.len()
    );
}

#[test]
fn a_step_budget_bounds_loops_and_fan_out() {
    let mut set = Set::default();
    set.parse("loop", "{{range 1000000000}}{{end}}").unwrap();
    // Each template calls the next twice: 2^40 calls without a budget.
    let mut fan = String::new();
    for i in 0..40 {
        fan.push_str(&format!(
            "{{{{define \"f{i}\"}}}}{{{{template \"f{}\"}}}}{{{{template \"f{}\"}}}}{{{{end}}}}",
            i + 1,
            i + 1
        ));
    }
    fan.push_str("{{define \"f40\"}}x{{end}}");
    set.parse("fan", &fan).unwrap();
    let options = ExecOptions {
        max_steps: Some(10_000),
        ..ExecOptions::default()
    };
    for name in ["loop", "f0"] {
        let start = Instant::now();
        let mut out = String::new();
        let err = set
            .execute_with(name, &Value::NoValue, &mut out, &options)
            .unwrap_err();
        assert_eq!(err.kind, ExecErrorKind::Budget, "{name}: {err}");
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{name}: {:?}",
            start.elapsed()
        );
    }
    let mut out = String::new();
    set.execute_with("f35", &Value::NoValue, &mut out, &options)
        .unwrap();
    assert_eq!(out.len(), 32, "2^5 leaves within the budget");
    let small = ExecOptions {
        max_output: Some(20),
        ..ExecOptions::default()
    };
    let mut out = String::new();
    let err = set
        .execute_with("f35", &Value::NoValue, &mut out, &small)
        .unwrap_err();
    assert_eq!((err.kind, out.len()), (ExecErrorKind::Budget, 21));
}

/// `{{if}}` with `links` `{{else if}}`s (or `{{with}}` with `{{else with}}`s), in an attribute
/// so that the escaper joins a context per link; link `i` is taken when dot is `i`.
fn else_chain(keyword: &str, links: usize) -> String {
    let cond = |i: usize| match keyword {
        "if" => format!("eq . {i}"),
        _ => format!("and (eq $ {i}) \"w{i}\""),
    };
    let mut text = format!("<a href=\"/{{{{{keyword} {}}}}}n0", cond(0));
    for i in 1..=links {
        text.push_str(&format!("{{{{else {keyword} {}}}}}n{i}", cond(i)));
    }
    text.push_str("{{else}}none{{end}}\">x</a>");
    text
}

/// Go has no limit on `{{else if}}` chains and PaperMod's `svg.html` chains 147: they do not
/// count as nesting, and a chain as long as [`MAX_ELSE_LINKS`] parses, escapes, runs, clones,
/// prints and drops on a 2 MiB thread, in a text and an html set, with the default limits.
#[test]
fn else_chains_to_the_limit_run_on_a_2_mib_thread() {
    std::thread::Builder::new()
        .stack_size(TWO_MIB)
        .spawn(|| {
            for keyword in ["if", "with"] {
                let text = else_chain(keyword, MAX_ELSE_LINKS);
                for html in [false, true] {
                    let mut set = if html {
                        Set::new_html(Funcs::new())
                    } else {
                        Set::new(Funcs::new())
                    };
                    set.parse("chain", &text).unwrap();
                    let run = |dot: i64| set.execute_to_string("chain", &Value::Int(dot)).unwrap();
                    let last = MAX_ELSE_LINKS as i64;
                    let want = |s: &str| format!("<a href=\"/{s}\">x</a>");
                    assert_eq!(
                        run(last),
                        want(&format!("n{last}")),
                        "{keyword} html={html}"
                    );
                    assert_eq!(run(7), want("n7"));
                    assert_eq!(run(-1), want("none"));
                    let tree = set.lookup("chain").unwrap();
                    let copy = (**tree).clone();
                    let printed = copy.root.to_string();
                    assert!(printed.ends_with("{{end}}\">x</a>"), "{keyword}");
                    assert_eq!(printed.matches("{{end}}").count(), MAX_ELSE_LINKS + 1);
                    drop(copy);
                }
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn an_else_chain_past_the_limit_is_a_located_parse_error() {
    let text = format!("\n{}", else_chain("if", MAX_ELSE_LINKS + 1));
    let err = Set::default().parse("t", &text).unwrap_err();
    assert_eq!(
        err.message,
        format!("too many else links ({MAX_ELSE_LINKS})")
    );
    assert_eq!(err.line, 2);
    // At the `{{else if}}` one past the limit.
    let at = text.find(&format!("n{MAX_ELSE_LINKS}{{{{else")).unwrap();
    assert!(err.col > at - 1, "col {} before the link at {at}", err.col);
    // A chain is not nesting: chains inside controls nested to the limit still parse.
    let inner = else_chain("if", 300);
    let deep = nested("{{if true}}", &inner, "{{end}}", DEFAULT_MAX_DEPTH - 1);
    Set::default().parse("t", &deep).unwrap();
    let too_deep = nested("{{if true}}", &inner, "{{end}}", DEFAULT_MAX_DEPTH);
    let err = Set::default().parse("t", &too_deep).unwrap_err();
    assert_eq!(
        err.message,
        format!("max nesting depth exceeded ({DEFAULT_MAX_DEPTH})")
    );
}

/// Variables declared in a link's pipeline are seen by the links after it and gone after the
/// chain, and one link of execution depth serves the whole chain.
#[test]
fn else_chain_scoping_and_depth() {
    let mut set = Set::default();
    set.parse(
        "t",
        "{{if $a := 0}}A{{else if $b := 1}}{{$a}}{{$b}}{{else if $c := 2}}C{{end}}\
         {{with $x := 0}}X{{else with $y := 3}}{{$x}}{{$y}}{{.}}{{end}}",
    )
    .unwrap();
    assert_eq!(
        set.execute_to_string("t", &Value::NoValue).unwrap(),
        "01033"
    );
    let err = Set::default()
        .parse("u", "{{if $a := 0}}{{else if 1}}{{end}}{{$a}}")
        .unwrap_err();
    assert_eq!(err.message, "undefined variable \"$a\"");
    // A chain of 1,000 links inside a template that recurses 150 levels: depth 2 a level.
    let mut set = Set::new(dec_funcs());
    let chain = else_chain("if", 1_000).replace("eq . ", "eq 0 ");
    set.parse(
        "r",
        &format!(r#"{{{{if .}}}}{chain}{{{{template "r" (dec .)}}}}{{{{end}}}}"#),
    )
    .unwrap();
    let options = ExecOptions {
        max_depth: 301,
        ..ExecOptions::default()
    };
    let mut out = String::new();
    set.execute_with("r", &Value::Int(150), &mut out, &options)
        .unwrap();
    assert_eq!(out.matches("n0").count(), 150);
}
