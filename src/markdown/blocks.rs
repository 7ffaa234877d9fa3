//! Rewrites of whole top-level blocks before they are written: GitHub alerts
//! (`> [!NOTE]`), attribute lines (`{.class #id}` after a paragraph or a table), and the
//! footnotes, which Goldmark numbers per page and gathers at the end.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::markdown::escape_html;

/// The five alert kinds, with their English and Chinese titles.
const ALERTS: &[(&str, &str, &str)] = &[
    ("note", "Note", "注意"),
    ("tip", "Tip", "提示"),
    ("important", "Important", "重要"),
    ("warning", "Warning", "警告"),
    ("caution", "Caution", "小心"),
];

/// Joins neighbouring text events: pulldown-cmark splits text at every character that
/// might have been markup, and the rewrites below read whole runs. Each run is joined once
/// at its end: appending to the joined text event by event copied the run so far each time,
/// quadratic in a paragraph of `*a **b ` repeated (48 s for 1.4 MB).
pub fn merge_text(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut run: Vec<CowStr> = Vec::new();
    for e in events {
        match e {
            Event::Text(text) => run.push(text),
            other => {
                flush_text(&mut run, &mut out);
                out.push(other);
            }
        }
    }
    flush_text(&mut run, &mut out);
    out
}

/// Pushes the texts of `run` as one text event, and empties it.
fn flush_text<'a>(run: &mut Vec<CowStr<'a>>, out: &mut Vec<Event<'a>>) {
    match run.len() {
        0 => {}
        1 => out.extend(run.pop().map(Event::Text)),
        _ => {
            let mut joined = String::with_capacity(run.iter().map(|t| t.len()).sum());
            for text in run.drain(..) {
                joined.push_str(&text);
            }
            out.push(Event::Text(CowStr::from(joined)));
        }
    }
}

/// Every blockquote of a block, at any depth (in a list, in another quote), whose first line
/// is `[!TYPE]`: Hugo's alert, written as its documented hook writes it,
/// `<blockquote class="alert alert-note">` with an `alert-heading`. A `-` or `+` after the
/// marker folds it: a `<details>`, closed or open, whose `<summary>` is the heading.
pub fn rewrite_alerts(events: &mut Vec<Event<'_>>, chinese: bool) {
    let mut i = 0;
    while i < events.len() {
        if matches!(events[i], Event::Start(Tag::BlockQuote(_))) {
            rewrite_alert_at(events, i, chinese);
        }
        i += 1;
    }
}

/// The alert's marker line, read from the first text of its quote.
struct Marker {
    kind: String,
    title: String,
    /// `Some(true)` for `+` (open), `Some(false)` for `-` (closed), `None` for a plain alert.
    fold: Option<bool>,
    /// The text of the first paragraph after the marker line.
    rest: String,
}

fn parse_marker(first: &str, chinese: bool) -> Option<Marker> {
    let (line, rest) = first.split_once('\n').unwrap_or((first, ""));
    let marker = line.trim_start().strip_prefix("[!")?;
    let (kind, after) = marker.split_once(']')?;
    let kind = kind.to_ascii_lowercase();
    let &(_, english, chinese_title) = ALERTS.iter().find(|(k, _, _)| *k == kind)?;
    let fold = match after.chars().next() {
        Some('+') => Some(true),
        Some('-') => Some(false),
        _ => None,
    };
    let title = match after.trim_start_matches(['+', '-']).trim() {
        "" => if chinese { chinese_title } else { english }.to_string(),
        custom => custom.to_string(),
    };
    Some(Marker {
        kind,
        title,
        fold,
        rest: rest.to_string(),
    })
}

/// Rewrites the blockquote starting at `events[at]` if it is an alert.
fn rewrite_alert_at(events: &mut Vec<Event<'_>>, at: usize, chinese: bool) {
    if !matches!(events.get(at + 1), Some(Event::Start(Tag::Paragraph))) {
        return;
    }
    let Some(Event::Text(first)) = events.get(at + 2) else {
        return;
    };
    let Some(marker) = parse_marker(first, chinese) else {
        return;
    };
    // Drop the marker line: the paragraph goes on after a soft break, or ends there.
    if !marker.rest.is_empty() {
        events[at + 2] = Event::Text(CowStr::from(marker.rest.clone()));
    } else if matches!(events.get(at + 3), Some(Event::SoftBreak)) {
        events.drain(at + 2..at + 4);
    } else if matches!(events.get(at + 3), Some(Event::End(TagEnd::Paragraph))) {
        events.drain(at + 1..at + 4);
    } else {
        events.remove(at + 2);
    }
    let Some(end) = matching_end(events, at) else {
        return;
    };
    let title = escape_html(&marker.title);
    let kind = marker.kind;
    let (open, close) = match marker.fold {
        None => (
            format!("<blockquote class=\"alert alert-{kind}\">\n<p class=\"alert-heading\">{title}</p>\n"),
            "</blockquote>\n",
        ),
        Some(open) => (
            format!(
                "<details class=\"alert alert-{kind}\"{}>\n<summary class=\"alert-heading\">{title}</summary>\n",
                if open { " open" } else { "" }
            ),
            "</details>\n",
        ),
    };
    events[end] = Event::Html(CowStr::Borrowed(close));
    events[at] = Event::Html(CowStr::from(open));
}

/// The index of the `End` of the blockquote that starts at `start`.
fn matching_end(events: &[Event<'_>], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, e) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// An attribute line ending a paragraph (`...\n{.lead #intro}`) or a table (a last row
/// `{.wide}`): removed from the events and returned as HTML attributes.
pub fn take_attributes(events: &mut Vec<Event<'_>>) -> Option<String> {
    match events.first()? {
        Event::Start(Tag::Paragraph) => {
            let n = events.len();
            if n < 4 || !matches!(events[n - 1], Event::End(TagEnd::Paragraph)) {
                return None;
            }
            let Event::Text(t) = &events[n - 2] else {
                return None;
            };
            let (before, line) = t.rsplit_once('\n').unwrap_or(("", t));
            let attrs = parse_attributes(line)?;
            if !before.is_empty() {
                events[n - 2] = Event::Text(CowStr::from(before.to_string()));
            } else if matches!(events[n - 3], Event::SoftBreak) {
                events.drain(n - 3..n - 1);
            } else {
                return None;
            }
            Some(attrs)
        }
        Event::Start(Tag::Table(_)) => {
            let start = events
                .iter()
                .rposition(|e| matches!(e, Event::Start(Tag::TableRow)))?;
            let cells: Vec<&Event> = events[start..]
                .iter()
                .filter(|e| matches!(e, Event::Text(_) | Event::Code(_) | Event::InlineHtml(_)))
                .collect();
            let [Event::Text(t)] = cells.as_slice() else {
                return None;
            };
            let attrs = parse_attributes(t)?;
            let end = start
                + events[start..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::TableRow)))?;
            events.drain(start..=end);
            Some(attrs)
        }
        _ => None,
    }
}

/// `{.a .b #id key="v"}` as ` id="id" class="a b" key="v"`; `None` when the text is not
/// an attribute list.
fn parse_attributes(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?.trim();
    if inner.is_empty() || inner.contains(['{', '}']) {
        return None;
    }
    let mut id = None;
    let mut classes = Vec::new();
    let mut others = Vec::new();
    for token in inner.split_whitespace() {
        if let Some(c) = token.strip_prefix('.') {
            classes.push(c);
        } else if let Some(i) = token.strip_prefix('#') {
            id = Some(i);
        } else if let Some((k, v)) = token.split_once('=') {
            if !k
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return None;
            }
            others.push((k, v.trim_matches(['"', '\''])));
        } else {
            return None;
        }
    }
    let mut out = String::new();
    if let Some(id) = id {
        out.push_str(&format!(" id=\"{}\"", escape_html(id)));
    }
    if !classes.is_empty() {
        out.push_str(&format!(" class=\"{}\"", escape_html(&classes.join(" "))));
    }
    for (k, v) in others {
        out.push_str(&format!(" {k}=\"{}\"", escape_html(v)));
    }
    Some(out)
}

/// Puts `attrs` into the first tag of `html`.
pub fn add_to_first_tag(html: &mut String, attrs: &str) {
    if let Some(end) = html.find('>') {
        let at = if html[..end].ends_with('/') {
            end - 1
        } else {
            end
        };
        html.insert_str(at, attrs);
    }
}

/// The footnotes of one page: numbered in the order they are first referenced (as
/// Goldmark does), written as one section at the end.
#[derive(Default)]
pub struct Footnotes<'a> {
    /// Labels in reference order, with how often each was referenced.
    order: Vec<(String, usize)>,
    definitions: Vec<(String, Vec<Event<'a>>)>,
}

impl<'a> Footnotes<'a> {
    /// The `<sup>` link for a reference to `label`.
    pub fn reference(&mut self, label: &str, prefix: &str) -> String {
        let label = label.to_lowercase();
        let n = match self.order.iter().position(|(l, _)| *l == label) {
            Some(i) => {
                self.order[i].1 += 1;
                i + 1
            }
            None => {
                self.order.push((label, 1));
                self.order.len()
            }
        };
        let seen = self.order[n - 1].1;
        let back = if seen > 1 {
            format!("{}", seen - 1)
        } else {
            String::new()
        };
        format!(
            "<sup id=\"{prefix}fnref{back}:{n}\"><a href=\"#{prefix}fn:{n}\" class=\"footnote-ref\" role=\"doc-noteref\">{n}</a></sup>"
        )
    }

    pub fn define(&mut self, label: &str, events: Vec<Event<'a>>) {
        self.definitions.push((label.to_lowercase(), events));
    }

    /// The section at the end of the page; empty when nothing was referenced.
    pub fn render(self, prefix: &str) -> String {
        if self.order.is_empty() {
            return String::new();
        }
        let mut definitions = self.definitions;
        let mut out = String::from("<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n");
        for (i, (label, references)) in self.order.iter().enumerate() {
            let n = i + 1;
            let Some(at) = definitions.iter().position(|(l, _)| l == label) else {
                continue;
            };
            let (_, events) = definitions.swap_remove(at);
            let mut body = String::new();
            pulldown_cmark::html::push_html(&mut body, events.into_iter());
            // One back-link per reference, as Goldmark writes them.
            let back: String = (0..*references)
                .map(|k| {
                    let k = if k == 0 { String::new() } else { k.to_string() };
                    format!(
                        "&#160;<a href=\"#{prefix}fnref{k}:{n}\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a>"
                    )
                })
                .collect();
            match body.rfind("</p>") {
                Some(p) => body.insert_str(p, &back),
                None => body.push_str(&back),
            }
            out.push_str(&format!("<li id=\"{prefix}fn:{n}\">\n{body}</li>\n"));
        }
        out.push_str("</ol>\n</div>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lists() {
        assert_eq!(
            parse_attributes("{.lead .x #intro data-k=\"v\"}").unwrap(),
            " id=\"intro\" class=\"lead x\" data-k=\"v\""
        );
        assert!(parse_attributes("{}").is_none());
        assert!(parse_attributes("{not attrs}").is_none());
        assert!(parse_attributes("plain").is_none());
        let mut html = "<p>x</p>".to_string();
        add_to_first_tag(&mut html, " class=\"a\"");
        assert_eq!(html, "<p class=\"a\">x</p>");
    }
}
