//! Our embedded templates run on a page, a site and a paginator shaped as Hugo's, and print
//! what Hugo's documentation says they print.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::Arc;

use gotemplate::{CallResult, MapKey, Object, Value};
use hugotheme::{HostFunction, NoSite, Options, SiteHost, Store};

fn map(pairs: &[(&str, Value)]) -> Value {
    let m: BTreeMap<MapKey, Value> = pairs
        .iter()
        .map(|(k, v)| ((*k).into(), v.clone()))
        .collect();
    Value::Map(Arc::new(m))
}

fn time(s: &str) -> Value {
    let t = hugofuncs::time::parse_time(s, &hugofuncs::Location::Utc).unwrap();
    Value::Object(Arc::new(t))
}

struct Page;

impl Object for Page {
    fn type_name(&self) -> &str {
        "*hugolib.pageState"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<CallResult> {
        Some(Ok(match name {
            "Permalink" => Value::str("https://example.org/posts/hello/"),
            "Title" | "LinkTitle" => Value::str("Hello & welcome"),
            "Description" => Value::str("A first post."),
            "Summary" => Value::str("Summary text"),
            "IsPage" => Value::Bool(true),
            "Section" => Value::str("posts"),
            "PublishDate" | "Date" => time("2024-01-02T03:04:05Z"),
            "Lastmod" => time("2024-02-03T04:05:06Z"),
            "Params" => map(&[(
                "images",
                Value::List(Arc::new(vec![Value::str("/img/a.png")])),
            )]),
            "GetTerms" => Value::List(Arc::new(Vec::new())),
            "WordCount" => Value::Int(42),
            "Paginator" => Value::Object(Arc::new(Pager { n: 2, total: 3 })),
            _ => return None,
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

struct Pager {
    n: i64,
    total: i64,
}

impl Pager {
    fn at(&self, n: i64) -> Value {
        Value::Object(Arc::new(Pager {
            n,
            total: self.total,
        }))
    }
}

impl Object for Pager {
    fn type_name(&self) -> &str {
        "*page.Pager"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<CallResult> {
        let url = |n: i64| {
            if n == 1 {
                "/posts/".to_string()
            } else {
                format!("/posts/page/{n}/")
            }
        };
        Some(Ok(match name {
            "TotalPages" => Value::Int(self.total),
            "PageNumber" => Value::Int(self.n),
            "URL" => Value::from(url(self.n).as_str()),
            "HasPrev" => Value::Bool(self.n > 1),
            "HasNext" => Value::Bool(self.n < self.total),
            "First" => self.at(1),
            "Last" => self.at(self.total),
            "Prev" if self.n > 1 => self.at(self.n - 1),
            "Next" if self.n < self.total => self.at(self.n + 1),
            "Prev" | "Next" => Value::Nil,
            "Pagers" => Value::List(Arc::new((1..=self.total).map(|n| self.at(n)).collect())),
            _ => return None,
        }))
    }

    fn equals(&self, other: &dyn Object) -> bool {
        other
            .as_any()
            .downcast_ref::<Pager>()
            .is_some_and(|o| o.n == self.n)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

struct Site;

impl SiteHost for Site {
    fn env(&self) -> Arc<hugofuncs::Env> {
        Arc::new(hugofuncs::Env::with_base_url("https://example.org/"))
    }

    fn functions(&self) -> Vec<(String, HostFunction)> {
        let site = map(&[
            ("Title", Value::str("My site")),
            ("Params", map(&[])),
            ("Language", map(&[("LanguageCode", Value::str("en-us"))])),
            (
                "Config",
                map(&[(
                    "Services",
                    map(&[
                        ("GoogleAnalytics", map(&[("ID", Value::str("G-123"))])),
                        ("Disqus", map(&[("Shortname", Value::str("mysite"))])),
                    ]),
                )]),
            ),
        ]);
        let hugo = map(&[("IsProduction", Value::Bool(true))]);
        let site: HostFunction = Arc::new(move |_: &[Value]| Ok(site.clone()));
        let hugo: HostFunction = Arc::new(move |_: &[Value]| Ok(hugo.clone()));
        vec![("site".into(), site), ("hugo".into(), hugo)]
    }
}

fn run(name: &str) -> String {
    let store = Store::load(&[], Options::default(), &Site);
    assert!(store.errors().is_empty(), "{:?}", store.errors());
    let out = store
        .execute_partial(name, &Value::Object(Arc::new(Page)))
        .unwrap();
    out.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| match out {
            Value::Safe(_, s) => s.to_string(),
            other => panic!("{name}: {}", other.type_name()),
        })
}

#[test]
fn opengraph() {
    let out = run("opengraph.html");
    for want in [
        r#"<meta property="og:url" content="https://example.org/posts/hello/">"#,
        r#"<meta property="og:site_name" content="My site">"#,
        r#"<meta property="og:title" content="Hello & welcome">"#,
        r#"<meta property="og:description" content="A first post.">"#,
        r#"<meta property="og:locale" content="en_us">"#,
        r#"<meta property="og:type" content="article">"#,
        r#"<meta property="article:section" content="posts">"#,
        r#"<meta property="article:published_time" content="2024-01-02T03:04:05+00:00">"#,
        r#"<meta property="article:modified_time" content="2024-02-03T04:05:06+00:00">"#,
        r#"<meta property="og:image" content="https://example.org/img/a.png">"#,
    ] {
        assert!(out.contains(want), "{want}\nin\n{out}");
    }
}

#[test]
fn twitter_cards_and_schema() {
    let out = run("twitter_cards.html");
    assert!(
        out.contains(r#"<meta name="twitter:card" content="summary_large_image">"#),
        "{out}"
    );
    assert!(
        out.contains(r#"<meta name="twitter:title" content="Hello & welcome">"#),
        "{out}"
    );
    let out = run("schema.html");
    assert!(
        out.contains(r#"<meta itemprop="name" content="Hello & welcome">"#),
        "{out}"
    );
    assert!(
        out.contains(r#"<meta itemprop="wordCount" content="42">"#),
        "{out}"
    );
}

#[test]
fn analytics_and_comments_in_production() {
    let out = run("google_analytics.html");
    assert!(
        out.contains("googletagmanager.com/gtag/js?id=G-123"),
        "{out}"
    );
    let out = run("disqus.html");
    assert!(out.contains("'mysite' + '.disqus.com/embed.js'"), "{out}");
    // The removed async variant runs GA4 too.
    assert!(run("google_analytics_async.html").contains("G-123"));
}

#[test]
fn pagination_links() {
    let out = run("pagination.html");
    assert!(
        out.contains(r#"<ul class="pagination pagination-default">"#),
        "{out}"
    );
    assert!(out.contains(r#"<li class="page-item active"><a href="/posts/page/2/" aria-current="page" aria-label="Page 2" class="page-link" role="button">2</a></li>"#), "{out}");
    assert!(
        out.contains(r#"<a href="/posts/" aria-label="Previous""#),
        "{out}"
    );
    assert!(
        out.contains(r#"<a href="/posts/page/3/" aria-label="Last""#),
        "{out}"
    );
}

#[test]
fn without_a_site_the_metadata_partials_still_parse() {
    let store = Store::load(&[], Options::default(), &NoSite);
    assert!(store.errors().is_empty(), "{:?}", store.errors());
}
