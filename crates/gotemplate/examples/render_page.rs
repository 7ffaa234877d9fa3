//! Executes a realistic page template and reports the median time per page: a Hugo-like
//! `baseof.html` with blocks and defined header and footer, composed with a `single.html` the
//! way Hugo does (clone the base, add the layout's definitions), over a page and a site given
//! as host objects (fields by name, a 5 KB body of HTML, tags, a table of contents, related
//! pages, a menu).
//!
//! ```sh
//! cargo run --release -p gotemplate --example render_page [text|html] [RUNS | --print]
//! crates/gotemplate/examples/page/compare.sh     # both modes here and in Go, as ratios
//! ```
//!
//! `text` (the default) runs the set as `text/template`, `html` as `html/template` (escaped
//! on the first execution, which the timing leaves out, as Go's does). Each of 11 rounds
//! renders the page RUNS times (1,000 by default); the line printed gives the median round's
//! time per page. `page/go/` holds the same in Go (`go run . [text|html] [RUNS | --print]`
//! there); `--print` prints the page once, and the two print the same bytes in each mode.

use std::any::Any;
use std::sync::Arc;
use std::time::{Duration, Instant};

use gotemplate::{CallResult, Funcs, MapKey, Object, SafeKind, Set, Value};

const BASEOF: &str = include_str!("page/baseof.html");
const SINGLE: &str = include_str!("page/single.html");

struct Site {
    menu: Value,
    stylesheets: Value,
    pages: Value,
}

impl Object for Site {
    fn type_name(&self) -> &str {
        "*hugolib.Site"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<CallResult> {
        Some(Ok(match name {
            "Title" => Value::from("源码笔记"),
            "Language" => Value::from("zh-cn"),
            "BaseURL" => Value::from("https://notes.example.org/"),
            "Author" => Value::from("Jane Doe"),
            "Year" => Value::Int(2025),
            "Menu" => self.menu.clone(),
            "Stylesheets" => self.stylesheets.clone(),
            "Pages" => self.pages.clone(),
            _ => return None,
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

struct Page {
    title: Value,
    permalink: Value,
    params: Value,
    tags: Value,
    toc: Value,
    content: Value,
    related: Value,
    prev: Value,
    next: Value,
    site: Value,
}

impl Object for Page {
    fn type_name(&self) -> &str {
        "*hugolib.pageState"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<CallResult> {
        Some(Ok(match name {
            "Title" => self.title.clone(),
            "Permalink" => self.permalink.clone(),
            "Date" => Value::from("2025-03-14"),
            "ReadingTime" => Value::Int(7),
            "Kind" => Value::from("page"),
            "IsHome" => Value::Bool(false),
            "Section" => Value::from("posts"),
            "Params" => self.params.clone(),
            "Tags" => self.tags.clone(),
            "TOC" => self.toc.clone(),
            "Content" => self.content.clone(),
            "Related" => self.related.clone(),
            "Prev" => self.prev.clone(),
            "Next" => self.next.clone(),
            "Site" => self.site.clone(),
            _ => return None,
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(Arc::new(
        entries
            .iter()
            .map(|(k, v)| (MapKey::from(*k), v.clone()))
            .collect(),
    ))
}

fn strings(items: &[&str]) -> Value {
    Value::from(items.iter().map(|s| Value::from(*s)).collect::<Vec<_>>())
}

fn page(title: &str, site: &Value, related: Value, neighbours: (Value, Value)) -> Value {
    let body: String = (0..12)
        .map(|i| {
            format!(
                "<h2 id=\"s{i}\">第 {i} 节：调度器</h2>\n<p>Go 的调度器在 <code>runtime/proc.go</code> 里，\
                 P、M、G 三者配合。This paragraph explains work stealing &amp; handoff.</p>\n\
                 <pre><code class=\"language-go\">func schedule() {{ gp := findRunnable() }}</code></pre>\n"
            )
        })
        .collect();
    let toc: Vec<Value> = (0..12)
        .map(|i| {
            map(&[
                ("ID", Value::from(format!("s{i}"))),
                ("Level", Value::Int(2)),
                ("Title", Value::from(format!("第 {i} 节"))),
            ])
        })
        .collect();
    Value::Object(Arc::new(Page {
        title: Value::from(title),
        permalink: Value::from(format!("https://notes.example.org/posts/{}/", title.len())),
        params: map(&[
            (
                "description",
                Value::from("A walk through Go's scheduler, with notes on the runtime."),
            ),
            ("author", Value::from("Jane")),
            ("series", Value::from("Go runtime")),
            ("draft", Value::Bool(false)),
        ]),
        tags: strings(&["go", "runtime", "scheduler", "源码"]),
        toc: Value::from(toc),
        content: Value::Safe(SafeKind::Html, body.into()),
        related,
        prev: neighbours.0,
        next: neighbours.1,
        site: site.clone(),
    }))
}

fn data() -> Value {
    let menu = Value::from(
        ["posts", "notes", "about"]
            .iter()
            .map(|n| {
                map(&[
                    ("Name", Value::from(*n)),
                    ("URL", Value::from(format!("/{n}/"))),
                ])
            })
            .collect::<Vec<_>>(),
    );
    let site = Value::Object(Arc::new(Site {
        menu,
        stylesheets: strings(&["css/main.css", "css/code.css"]),
        pages: Value::from(vec![Value::Nil; 200]),
    }));
    let small = |t: &str| page(t, &site, Value::Nil, (Value::Nil, Value::Nil));
    let related = Value::from(vec![
        small("Channels"),
        small("Select"),
        small("Timers"),
        small("Netpoll"),
    ]);
    page(
        "Go 调度器源码分析",
        &site,
        related,
        (small("Goroutines"), Value::Nil),
    )
}

fn funcs() -> Funcs {
    let mut funcs = Funcs::new();
    funcs
        .insert("add1", |_, args| match args {
            [Value::Int(i)] => Ok(Value::Int(i + 1)),
            _ => Err("add1: want an int".into()),
        })
        .unwrap();
    funcs
        .insert("first", |_, args| match args {
            [Value::Int(n), Value::List(l)] => Ok(Value::from(
                l.iter().take(*n as usize).cloned().collect::<Vec<_>>(),
            )),
            _ => Err("first: want a count and a list".into()),
        })
        .unwrap();
    funcs
}

/// Rounds of renders; the median round is reported, as `page/go/` does.
const ROUNDS: usize = 11;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let html = match args.first().map(String::as_str) {
        Some("html") => true,
        Some("text") => false,
        _ => {
            args.insert(0, "text".into());
            false
        }
    };
    let arg = args.get(1).map(String::as_str);
    let runs: usize = arg.and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let mut base = if html {
        Set::new_html(funcs())
    } else {
        Set::new(funcs())
    };
    base.parse("_default/baseof.html", BASEOF)
        .expect("baseof parses");
    let mut set = base.clone();
    set.parse("_default/single.html", SINGLE)
        .expect("single parses");
    let data = data();

    let mut out = String::new();
    set.execute("_default/baseof.html", &data, &mut out)
        .expect("the page renders");
    let size = out.len();
    if arg == Some("--print") {
        print!("{out}");
        return;
    }

    let mut rounds: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..runs {
                out.clear();
                set.execute("_default/baseof.html", &data, &mut out)
                    .expect("the page renders");
            }
            start.elapsed()
        })
        .collect();
    rounds.sort();
    let per_page = rounds[ROUNDS / 2] / runs as u32;
    let mode = if html { "html" } else { "text" };
    println!(
        "gotemplate {mode}: median of {ROUNDS} rounds of {runs} renders of a {size}-byte page: {} ns per page",
        per_page.as_nanos()
    );
}
