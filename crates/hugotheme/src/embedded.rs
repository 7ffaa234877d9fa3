//! Our own templates for the ones Hugo embeds and themes call: metadata partials, pagination,
//! the default RSS, sitemap, robots and alias outputs, built-in shortcodes and render hooks.
//! Written from Hugo's documented output, not copied.

/// One embedded template.
pub struct Embedded {
    /// Where it sits among layout files (0.146+ naming): decides what it is for.
    pub rel: &'static str,
    /// Its name in the template set: what `{{ template "_internal/..." }}` calls.
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! embedded {
    ($( $rel:literal, $name:literal => $file:literal ;)+) => {
        &[ $( Embedded { rel: $rel, name: $name, text: include_str!(concat!("embedded/", $file)) }, )+ ]
    };
}

pub const TEMPLATES: &[Embedded] = embedded! {
    "_partials/opengraph.html", "_internal/opengraph.html" => "opengraph.html";
    "_partials/twitter_cards.html", "_internal/twitter_cards.html" => "twitter_cards.html";
    "_partials/schema.html", "_internal/schema.html" => "schema.html";
    "_partials/google_analytics.html", "_internal/google_analytics.html" => "google_analytics.html";
    "_partials/google_analytics_async.html", "_internal/google_analytics_async.html" => "google_analytics.html";
    "_partials/disqus.html", "_internal/disqus.html" => "disqus.html";
    "_partials/pagination.html", "_internal/pagination.html" => "pagination.html";
    "_partials/_funcs/get-page-images.html", "_partials/_funcs/get-page-images.html" => "get-page-images.html";
    "rss.xml", "_internal/_default/rss.xml" => "rss.xml";
    "sitemap.xml", "_internal/_default/sitemap.xml" => "sitemap.xml";
    "robots.txt", "_internal/_default/robots.txt" => "robots.txt";
    "alias.html", "_internal/alias.html" => "alias.html";
    "_shortcodes/param.html", "_internal/shortcodes/param.html" => "sc-param.html";
    "_shortcodes/ref.html", "_internal/shortcodes/ref.html" => "sc-ref.html";
    "_shortcodes/relref.html", "_internal/shortcodes/relref.html" => "sc-relref.html";
    "_shortcodes/highlight.html", "_internal/shortcodes/highlight.html" => "sc-highlight.html";
    "_shortcodes/figure.html", "_internal/shortcodes/figure.html" => "sc-figure.html";
    "_shortcodes/details.html", "_internal/shortcodes/details.html" => "sc-details.html";
    "_shortcodes/youtube.html", "_internal/shortcodes/youtube.html" => "sc-youtube.html";
    "_markup/render-codeblock-goat.html", "_internal/_default/_markup/render-codeblock-goat.html" => "hook-goat.html";
    "_markup/render-table.html", "_internal/_default/_markup/render-table.html" => "hook-table.html";
    "_markup/render-link.html", "_internal/_default/_markup/render-link.html" => "hook-link.html";
    "_markup/render-image.html", "_internal/_default/_markup/render-image.html" => "hook-image.html";
};
