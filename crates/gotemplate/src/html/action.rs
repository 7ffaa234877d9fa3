//! Actions: which escapers an action gets in each context (Go's `escapeAction`), the checks
//! on `html` and `urlquery` in its pipeline, and how the escapers are merged into the
//! pipeline (`ensurePipelineContains`).

use super::context::{nudge, Context, Delim, JsCtx, State, UrlPart};
use super::error::{go_quote, ErrorCode};
use super::escaper::Escaper;

/// One command of an action's pipeline, as the escaper needs to see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Command<'a> {
    /// The command's first word when it is a bare identifier (a function: `html`, `print`);
    /// `None` for a field, variable, chain (`println.x`), literal or parenthesized pipeline.
    pub ident: Option<&'a str>,
    /// How many operands follow the first word.
    pub operands: usize,
}

/// An action (`{{...}}`) as the escaper needs to see it.
#[derive(Clone, Copy, Debug)]
pub struct Action<'a> {
    /// The action as Go prints it in messages: `{{.H}}`.
    pub source: &'a str,
    pub commands: &'a [Command<'a>],
    /// `{{$x := ...}}` assigns and prints nothing, so it gets no escaper.
    pub declares: bool,
}

/// The escapers for `action` in context `ctx`, in pipeline order, and the context after it;
/// an error comes back as an error context (a predefined escaper where it is not allowed,
/// an action in an ambiguous part of a URL).
///
/// `html` and `urlquery` may only end a pipeline, and `html` may not end one in an unquoted
/// attribute value, where it would leave spaces unescaped.
pub fn escape_action(ctx: &Context, action: &Action) -> (Vec<Escaper>, Context) {
    if action.declares {
        return (Vec::new(), ctx.clone());
    }
    let c = nudge(ctx);
    let last = action.commands.len().saturating_sub(1);
    for (pos, command) in action.commands.iter().enumerate() {
        let Some(ident @ ("html" | "urlquery")) = command.ident else {
            continue;
        };
        if pos < last
            || (c.state == State::Attr && c.delim == Delim::SpaceOrTagEnd && ident == "html")
        {
            let description = format!(
                "predefined escaper {} disallowed in template",
                go_quote(ident.as_bytes())
            );
            return (
                Vec::new(),
                Context::error_with(ErrorCode::PredefinedEscaper, description),
            );
        }
    }
    escapers_for(&c, action.source)
}

/// The escapers an action gets in context `ctx` (Go's `escapeAction` switch), and the
/// context after it. `source` is the action's text, for the error in an ambiguous URL.
pub fn escapers_for(ctx: &Context, source: &str) -> (Vec<Escaper>, Context) {
    let mut c = nudge(ctx);
    let mut s = Vec::with_capacity(3);
    match c.state {
        State::Error | State::Dead => return (s, c),
        State::Url
        | State::CssDqStr
        | State::CssSqStr
        | State::CssDqUrl
        | State::CssSqUrl
        | State::CssUrl => match c.url_part {
            UrlPart::None | UrlPart::PreQuery => {
                // At the start of a URL, its scheme is checked.
                if c.url_part == UrlPart::None {
                    s.push(Escaper::UrlFilter);
                }
                s.push(match c.state {
                    State::CssDqStr | State::CssSqStr => Escaper::CssEscaper,
                    _ => Escaper::UrlNormalizer,
                });
            }
            UrlPart::QueryOrFrag => s.push(Escaper::UrlEscaper),
            UrlPart::Unknown => {
                let description = format!("{source} appears in an ambiguous context within a URL");
                return (
                    Vec::new(),
                    Context::error_with(ErrorCode::AmbigContext, description),
                );
            }
        },
        State::Js => {
            s.push(Escaper::JsValEscaper);
            // A slash after a value divides.
            c.js_ctx = JsCtx::DivOp;
        }
        State::JsDqStr | State::JsSqStr => s.push(Escaper::JsStrEscaper),
        State::JsTmplLit => s.push(Escaper::JsTmplLitEscaper),
        State::JsRegexp => s.push(Escaper::JsRegexpEscaper),
        State::Css => s.push(Escaper::CssValueFilter),
        State::Text => s.push(Escaper::HtmlEscaper),
        State::Rcdata => s.push(Escaper::RcdataEscaper),
        // A text attribute value needs only the delimiter's escaper, below.
        State::Attr => {}
        State::AttrName | State::Tag => {
            c.state = State::AttrName;
            s.push(Escaper::HtmlNameFilter);
        }
        State::Srcset => s.push(Escaper::SrcsetEscaper),
        State::HtmlCmt
        | State::JsBlockCmt
        | State::JsLineCmt
        | State::JsHtmlOpenCmt
        | State::JsHtmlCloseCmt
        | State::CssBlockCmt
        | State::CssLineCmt => s.push(Escaper::CommentEscaper),
        // Nudged away above.
        State::AfterName | State::BeforeValue => {}
    }
    match c.delim {
        Delim::None => {}
        Delim::SpaceOrTagEnd => s.push(Escaper::NospaceEscaper),
        Delim::DoubleQuote | Delim::SingleQuote => s.push(Escaper::AttrEscaper),
    }
    (s, c)
}

/// A command of a pipeline after the escapers are merged in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PipeItem {
    /// The original command at this index, unchanged.
    Original(usize),
    /// The original first command `html A B...` or `urlquery A B...` with its function
    /// renamed `_eval_args_`, so the predefined escaper can follow it as its own command.
    EvalArgs,
    /// A new command calling this escaper with the pipeline's value.
    Call(Escaper),
}

/// The pipeline `commands` with `escapers` at its end (Go's `ensurePipelineContains`).
/// A pipeline that ends in `html` or `urlquery` keeps it in place of the equivalent
/// escaper (so `{{.X | html}}` in text stays as it is); an escaper already in the pipeline
/// or made redundant by the one before it is not added again.
pub fn ensure_pipeline_contains(commands: &[Command], escapers: &[Escaper]) -> Vec<PipeItem> {
    let mut items: Vec<PipeItem> = (0..commands.len()).map(PipeItem::Original).collect();
    if escapers.is_empty() {
        return items;
    }
    let mut wanted = escapers.to_vec();
    let mut keep = commands.len();
    let last = commands
        .last()
        .and_then(|c| c.ident.and_then(Escaper::from_name));
    if let (Some(last_command), Some(esc)) = (commands.last(), last.filter(|e| e.is_predefined())) {
        if commands.len() == 1 && last_command.operands > 0 {
            // `{{html A B}}` becomes `{{_eval_args_ A B | html}}`, so `html` can be merged.
            items[0] = PipeItem::EvalArgs;
            append(&mut items, PipeItem::Call(esc), commands);
            keep += 1;
        }
        let mut dup = false;
        for e in wanted.iter_mut() {
            if normalize(e.name()) == normalize(esc.name()) {
                *e = esc;
                dup = true;
            }
        }
        if dup {
            // It comes back in its place among the escapers.
            keep -= 1;
        }
    }
    items.truncate(keep);
    // What is already there, so a pipeline escaped twice does not get its escapers twice.
    let present: Vec<&str> = items
        .iter()
        .filter_map(|item| item_name(*item, commands))
        .map(normalize)
        .collect();
    for e in wanted {
        if !present.contains(&normalize(e.name())) {
            append(&mut items, PipeItem::Call(e), commands);
        }
    }
    items
}

/// The function an item calls, if it is a bare identifier.
fn item_name<'a>(item: PipeItem, commands: &[Command<'a>]) -> Option<&'a str> {
    match item {
        PipeItem::Original(i) => commands[i].ident,
        PipeItem::EvalArgs => Some(Escaper::EvalArgs.name()),
        PipeItem::Call(e) => Some(e.name()),
    }
}

/// The name that stands for every escaper equivalent to `name`.
fn normalize(name: &str) -> &str {
    match Escaper::from_name(name).and_then(Escaper::equivalent_predefined) {
        Some(e) => e.name(),
        None => name,
    }
}

/// Appends `item` unless the command before it already makes it redundant.
fn append(items: &mut Vec<PipeItem>, item: PipeItem, commands: &[Command]) {
    let previous = items
        .last()
        .and_then(|p| item_name(*p, commands))
        .and_then(Escaper::from_name);
    let next = item_name(item, commands).and_then(Escaper::from_name);
    if let (Some(previous), Some(next)) = (previous, next) {
        if previous.makes_redundant(next) {
            return;
        }
    }
    items.push(item);
}
