//! What newer Hugo removed or renamed and themes written for older Hugo still use: found in a
//! template's actions at load time and reported as a warning naming the file, the line and
//! what replaces it. The site binding keeps them working.

/// (what a template says, what to say about it). Matched as whole words inside actions,
/// comments excluded.
const REMOVED: &[(&str, &str)] = &[
    (
        "_internal/google_analytics_async.html",
        "Hugo removed _internal/google_analytics_async.html: Google Analytics 4 (_internal/google_analytics.html) runs instead",
    ),
    (".Site.Author", "Hugo removed .Site.Author: use .Site.Params.author"),
    (".Site.Authors", "Hugo removed .Site.Authors: use .Site.Params.authors"),
    (".Site.Social", "Hugo removed .Site.Social: use .Site.Params.social"),
    (".Site.IsServer", "Hugo removed .Site.IsServer: use hugo.IsServer"),
    (".Site.Hugo", "Hugo removed .Site.Hugo: use hugo"),
    (".Hugo.", "Hugo removed .Hugo: use hugo"),
    (".Site.DisqusShortname", "Hugo removed .Site.DisqusShortname: use .Site.Config.Services.Disqus.Shortname"),
    (".Site.GoogleAnalytics", "Hugo removed .Site.GoogleAnalytics: use .Site.Config.Services.GoogleAnalytics.ID"),
    (".Site.LastChange", "Hugo removed .Site.LastChange: use .Site.Lastmod"),
    (".Site.IsMultiLingual", "Hugo removed .Site.IsMultiLingual: use hugo.IsMultilingual"),
    ("getJSON", "Hugo removed getJSON: use resources.Get or resources.GetRemote with transform.Unmarshal"),
    ("getCSV", "Hugo removed getCSV: use resources.Get or resources.GetRemote with transform.Unmarshal"),
    ("resources.ToCSS", "Hugo deprecated resources.ToCSS: use css.Sass"),
    (".Page.URL", "Hugo removed .URL of a page: use .RelPermalink or .Permalink"),
];

/// Each removed feature `text` uses, with the line (from 1) and column (from 0) of its
/// first use.
pub fn find(text: &str) -> Vec<(usize, usize, &'static str)> {
    let found: Vec<(usize, usize, &'static str)> = REMOVED
        .iter()
        .filter_map(|(needle, message)| {
            first_in_action(text, needle).map(|pos| (pos, pos + needle.len(), *message))
        })
        .collect();
    // `.Site.Hugo.Generator` is one use, not one of `.Site.Hugo` and one of `.Hugo.`: of two
    // overlapping finds, the one starting first stays.
    let overlapped = |a: &(usize, usize, &str)| {
        found
            .iter()
            .any(|b| b != a && b.0 < a.1 && a.0 < b.1 && (b.0, a.1) < (a.0, b.1))
    };
    found
        .iter()
        .filter(|f| !overlapped(f))
        .map(|&(pos, _, message)| {
            let line = text[..pos].matches('\n').count() + 1;
            let col = pos - text[..pos].rfind('\n').map_or(0, |n| n + 1);
            (line, col, message)
        })
        .collect()
}

fn first_in_action(text: &str, needle: &str) -> Option<usize> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(off) = text[from..].find(needle) {
        let pos = from + off;
        from = pos + needle.len();
        let before = text[..pos].chars().next_back();
        let after = text[pos + needle.len()..].chars().next();
        let starts_word = needle.starts_with('.') || !before.is_some_and(|c| ident(c) || c == '.');
        let ends_word = needle.ends_with('.') || !after.is_some_and(ident);
        if !(starts_word && ends_word) {
            continue;
        }
        let Some(open) = text[..pos].rfind("{{") else {
            continue;
        };
        if text[..pos].rfind("}}").is_some_and(|close| close > open) {
            continue;
        }
        let action = text[open + 2..pos].trim_start_matches('-').trim_start();
        if !action.starts_with("/*") {
            return Some(pos);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_uses_in_actions_only() {
        let text = "{{/* .Site.Author */}} .Site.Author\n  {{ with .Site.Author.name }}{{ end }}{{ template \"_internal/google_analytics_async.html\" . }}";
        let found = find(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (2, 52));
        assert!(found[0].2.contains("google_analytics_async"));
        assert_eq!((found[1].0, found[1].1), (2, 10));
        assert!(find("{{ .Site.Authors }}")
            .iter()
            .all(|f| !f.2.contains(".Site.Author:")));
        assert!(find("{{ .Site.IsServerX }}").is_empty());
        assert_eq!(find("{{ .Site.Hugo.Generator }}").len(), 1);
    }
}
