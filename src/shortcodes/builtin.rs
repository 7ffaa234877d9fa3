//! Hugo's built-in shortcodes, written natively: `figure`, `highlight`, `ref`, `relref`,
//! `param`, `details`, `comment`, `youtube`, `vimeo`, `gist`, `x` (`twitter`, `tweet`) and
//! `instagram`. Embeds need no network at build time: videos are privacy-enhanced iframes;
//! gists, posts and photos are links (their embeds would load third-party scripts).

use serde_json::Value;

use super::parse::{Args, Call};
use super::{Env, Output};
use crate::markdown::escape_html;

/// One call, with what it may look at.
pub struct Ctx<'a> {
    pub call: &'a Call,
    /// The text between the tags, its own shortcodes expanded.
    pub inner: Option<&'a str>,
    pub env: &'a Env<'a>,
    /// The page's front matter params.
    pub page_params: Option<&'a Value>,
}

/// Why a built-in did not simply give its output.
pub enum Failure {
    /// Printed as a warning; the output is used.
    Warn(String, Output),
    /// Stops the build (a `ref` to a page that does not exist, as in Hugo).
    Fatal(String),
}

/// Runs the built-in of that name; `None` when there is none.
pub fn run(ctx: &Ctx) -> Option<Result<Output, Failure>> {
    let args = &ctx.call.args;
    Some(match ctx.call.name.as_str() {
        "figure" => Ok(figure(args)),
        "highlight" => Ok(highlight(args, ctx.inner.unwrap_or(""))),
        "ref" => reference(ctx, true),
        "relref" => reference(ctx, false),
        "param" => param(ctx),
        "details" => Ok(details(args, ctx.inner.unwrap_or(""))),
        "comment" => Ok(Output::Html(String::new())),
        "youtube" => video(args, "youtube"),
        "vimeo" => video(args, "vimeo"),
        "gist" => gist(args),
        "x" | "twitter" | "tweet" => post(args),
        "instagram" => instagram(args),
        _ => return None,
    })
}

/// ` name="value"` when the argument is given and not empty.
fn attr(out: &mut String, name: &str, value: Option<String>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        out.push_str(&format!(" {name}=\"{}\"", escape_html(&v)));
    }
}

/// Inline markdown (a caption, a summary line) as HTML without its paragraph.
pub fn markdownify(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
    let trimmed = html.trim_end();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .filter(|s| !s.contains("<p>"))
        .unwrap_or(trimmed)
        .to_string()
}

/// Hugo's `figure`: every parameter of its template (src, link, target, rel, alt, title,
/// caption, attr, attrlink, class, width, height, loading).
fn figure(args: &Args) -> Output {
    let get = |k: &str| args.text(k, None).filter(|v| !v.is_empty());
    let mut out = String::from("<figure");
    attr(&mut out, "class", get("class"));
    out.push('>');
    let link = get("link");
    if let Some(link) = &link {
        out.push_str(&format!("<a href=\"{}\"", escape_html(link)));
        attr(&mut out, "target", get("target"));
        attr(&mut out, "rel", get("rel"));
        out.push('>');
    }
    out.push_str(&format!(
        "<img src=\"{}\"",
        escape_html(&get("src").unwrap_or_default())
    ));
    let alt = get("alt").or_else(|| get("caption").map(|c| super::strip_tags(&markdownify(&c))));
    attr(&mut out, "alt", alt);
    attr(&mut out, "width", get("width"));
    attr(&mut out, "height", get("height"));
    attr(&mut out, "loading", get("loading"));
    out.push('>');
    if link.is_some() {
        out.push_str("</a>");
    }
    let (title, caption, attribution) = (get("title"), get("caption"), get("attr"));
    if title.is_some() || caption.is_some() || attribution.is_some() {
        out.push_str("<figcaption>");
        if let Some(t) = title {
            out.push_str(&format!("<h4>{}</h4>", escape_html(&t)));
        }
        if caption.is_some() || attribution.is_some() {
            out.push_str("<p>");
            if let Some(c) = caption {
                out.push_str(&markdownify(&c));
            }
            if let Some(a) = attribution {
                match get("attrlink") {
                    Some(l) => out.push_str(&format!(
                        "<a href=\"{}\">{}</a>",
                        escape_html(&l),
                        markdownify(&a)
                    )),
                    None => out.push_str(&markdownify(&a)),
                }
            }
            out.push_str("</p>");
        }
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>");
    Output::Html(out)
}

/// `{{< highlight go "linenos=table,hl_lines=8 15-17" >}}`: the code becomes a fenced
/// block of the page, so it goes through the same highlighter, cache, line ids and source
/// titles as every other block.
fn highlight(args: &Args, inner: &str) -> Output {
    let lang = args.text("lang", Some(0)).unwrap_or_default();
    let options = args.text("options", Some(1)).unwrap_or_default();
    let attrs: Vec<String> = options
        .split(',')
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            let v = v.trim().trim_matches('"');
            Some(format!("{}=\"{}\"", k.trim(), v.replace('"', "")))
        })
        .collect();
    let code = deindent(inner);
    let code = code.as_str();
    let longest_run = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    let info = if attrs.is_empty() {
        lang
    } else {
        format!("{lang} {{{}}}", attrs.join(","))
    };
    Output::Markdown(format!("\n\n{fence}{info}\n{code}\n{fence}\n\n"))
}

/// `ref` (the permalink) and `relref` (the URL from the root), with any `#anchor` kept.
fn reference(ctx: &Ctx, absolute: bool) -> Result<Output, Failure> {
    let target = ctx.call.args.text("path", Some(0)).unwrap_or_default();
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target.as_str(), None),
    };
    let (url, permalink) = ctx
        .env
        .refs
        .find(ctx.env.rel, path)
        .map_err(Failure::Fatal)?;
    let mut out = if absolute { permalink } else { url }.clone();
    if let Some(a) = anchor {
        out.push('#');
        out.push_str(a);
    }
    Ok(Output::Markdown(out))
}

/// `param "key"` (dots for nested keys): the page's front matter first, then `[params]`.
fn param(ctx: &Ctx) -> Result<Output, Failure> {
    let key = ctx.call.args.text("name", Some(0)).unwrap_or_default();
    let site_params = ctx.env.site.get("params");
    let found = [ctx.page_params, site_params]
        .into_iter()
        .flatten()
        .find_map(|params| lookup(params, &key));
    match found {
        Some(v) => Ok(Output::Html(escape_html(&value_text(v)))),
        None => Err(Failure::Warn(
            format!(
                "no param \"{key}\" in the front matter or in [params]; add it or remove the call"
            ),
            Output::Html(String::new()),
        )),
    }
}

/// A dotted key in a params table; keys compare without case, as Hugo's do.
fn lookup<'v>(params: &'v Value, key: &str) -> Option<&'v Value> {
    key.split('.').try_fold(params, |v, part| {
        let map = v.as_object()?;
        map.get(part).or_else(|| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(part))
                .map(|(_, v)| v)
        })
    })
}

/// A value as text: strings as they are, lists joined, anything else as JSON would print it.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Hugo's `details`: written out as HTML blocks around the inner markdown, which the page's
/// markdown pass then renders (headings, code and all).
fn details(args: &Args, inner: &str) -> Output {
    let mut open_tag = String::from("<details");
    attr(&mut open_tag, "class", args.text("class", None));
    attr(&mut open_tag, "name", args.text("name", None));
    attr(&mut open_tag, "title", args.text("title", None));
    if matches!(
        args.text("open", None).as_deref(),
        Some("true" | "1" | "open")
    ) {
        open_tag.push_str(" open");
    }
    open_tag.push('>');
    let summary = args
        .text("summary", None)
        .unwrap_or_else(|| "Details".to_string());
    Output::Markdown(format!(
        "\n\n{open_tag}\n<summary>{}</summary>\n\n{}\n\n</details>\n\n",
        markdownify(&summary),
        deindent(inner)
    ))
}

/// Inner text without its blank first and last lines and without the indentation all its
/// lines share (Hugo's `.InnerDeindent`): a call inside a list item is indented.
fn deindent(inner: &str) -> String {
    let lines: Vec<&str> = inner.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let lines = &lines[first..=last];
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(common..).unwrap_or("").trim_end_matches('\r'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The id of an embed: the named argument, else the first positional one.
fn required(args: &Args, name: &str) -> Result<String, Failure> {
    args.text(name, Some(0))
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            Failure::Warn(
                format!(
                    "needs an {name} (`{name}=\"...\"` or the first argument); nothing is shown"
                ),
                Output::Html(String::new()),
            )
        })
}

/// `youtube` (on youtube-nocookie.com, Hugo's privacy-enhanced mode) and `vimeo` (with
/// `dnt=1`): responsive iframes with a title for screen readers.
fn video(args: &Args, kind: &str) -> Result<Output, Failure> {
    let id = required(args, "id")?;
    let id = escape_html(&id);
    let (src, default_title) = match kind {
        "youtube" => {
            let mut query = vec![];
            for key in ["start", "end"] {
                if let Some(v) = args.text(key, None) {
                    query.push(format!("{key}={}", escape_html(&v)));
                }
            }
            for key in ["autoplay", "loop", "mute"] {
                if matches!(args.text(key, None).as_deref(), Some("true" | "1")) {
                    query.push(format!("{key}=1"));
                }
            }
            if matches!(args.text("controls", None).as_deref(), Some("false" | "0")) {
                query.push("controls=0".into());
            }
            let query = if query.is_empty() {
                String::new()
            } else {
                format!("?{}", query.join("&amp;"))
            };
            (
                format!("https://www.youtube-nocookie.com/embed/{id}{query}"),
                "YouTube video",
            )
        }
        _ => (
            format!("https://player.vimeo.com/video/{id}?dnt=1"),
            "Vimeo video",
        ),
    };
    let title = args
        .text("title", None)
        .unwrap_or_else(|| default_title.to_string());
    let class = args.text("class", None).unwrap_or_else(|| "video".into());
    Ok(Output::Html(format!(
        "<div class=\"{}\" style=\"position:relative;padding-bottom:56.25%;height:0;overflow:hidden\"><iframe src=\"{src}\" title=\"{}\" style=\"position:absolute;top:0;left:0;width:100%;height:100%;border:0\" allow=\"autoplay; encrypted-media; picture-in-picture; web-share\" allowfullscreen loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\"></iframe></div>",
        escape_html(&class),
        escape_html(&title)
    )))
}

fn link_paragraph(class: &str, href: &str, text: &str) -> Output {
    Output::Html(format!(
        "<p class=\"embed {class}\"><a href=\"{}\">{}</a></p>",
        escape_html(href),
        escape_html(text)
    ))
}

/// `gist USER ID [FILE]`: a link to the gist (its embed is a script from GitHub).
fn gist(args: &Args) -> Result<Output, Failure> {
    let user = required(args, "user")?;
    let id = args.text("id", Some(1)).unwrap_or_default();
    let file = args.text("file", Some(2));
    let mut href = format!("https://gist.github.com/{user}/{id}");
    let mut text = format!("gist {user}/{id}");
    if let Some(f) = file {
        href.push_str(&format!("#file-{}", f.replace('.', "-")));
        text.push_str(&format!(" ({f})"));
    }
    Ok(link_paragraph("gist", &href, &text))
}

/// `x user="..." id="..."` (also `twitter`, `tweet`, and the old positional id).
fn post(args: &Args) -> Result<Output, Failure> {
    let id = args
        .text("id", None)
        .or_else(|| args.positional.last().map(super::parse::Arg::as_text))
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            Failure::Warn(
                "needs id=\"...\" (and user=\"...\"); nothing is shown".into(),
                Output::Html(String::new()),
            )
        })?;
    let user = args
        .text("user", None)
        .or_else(|| (args.positional.len() > 1).then(|| args.positional[0].as_text()));
    let href = match &user {
        Some(u) => format!("https://x.com/{u}/status/{id}"),
        None => format!("https://x.com/i/status/{id}"),
    };
    let text = match &user {
        Some(u) => format!("Post by @{u} on X"),
        None => "Post on X".to_string(),
    };
    Ok(link_paragraph("x", &href, &text))
}

/// `instagram ID`: a link to the photo.
fn instagram(args: &Args) -> Result<Output, Failure> {
    let id = required(args, "id")?;
    Ok(link_paragraph(
        "instagram",
        &format!("https://www.instagram.com/p/{id}/"),
        "Instagram post",
    ))
}
