//! The escaper functions html/template inserts into pipelines, by the names it gives them,
//! and the call of one on an action's evaluated arguments.

use std::fmt;

use super::content::eval_args;
use super::css::{css_escaper, css_value_filter};
use super::js::{js_regexp_escaper, js_str_escaper, js_tmpl_lit_escaper, js_val_escaper};
use super::markup::{
    attr_escaper, comment_escaper, html_escaper, html_name_filter, html_nospace_escaper,
    html_predefined, rcdata_escaper, urlquery_predefined,
};
use super::url::{srcset_filter_and_escaper, url_escaper, url_filter, url_normalizer};
use crate::value::Value;

/// A function that html/template puts at the end of a pipeline, or one of text/template's
/// `html` and `urlquery`, which it merges with them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Escaper {
    AttrEscaper,
    CommentEscaper,
    CssEscaper,
    CssValueFilter,
    HtmlNameFilter,
    HtmlEscaper,
    JsRegexpEscaper,
    JsStrEscaper,
    JsTmplLitEscaper,
    JsValEscaper,
    NospaceEscaper,
    RcdataEscaper,
    SrcsetEscaper,
    UrlEscaper,
    UrlFilter,
    UrlNormalizer,
    /// `_eval_args_`: the operands of `{{html .X .Y}}` as one string.
    EvalArgs,
    /// text/template's `html`.
    Html,
    /// text/template's `urlquery`.
    UrlQuery,
}

impl Escaper {
    /// Every escaper.
    pub const ALL: &'static [Escaper] = &[
        Escaper::AttrEscaper,
        Escaper::CommentEscaper,
        Escaper::CssEscaper,
        Escaper::CssValueFilter,
        Escaper::HtmlNameFilter,
        Escaper::HtmlEscaper,
        Escaper::JsRegexpEscaper,
        Escaper::JsStrEscaper,
        Escaper::JsTmplLitEscaper,
        Escaper::JsValEscaper,
        Escaper::NospaceEscaper,
        Escaper::RcdataEscaper,
        Escaper::SrcsetEscaper,
        Escaper::UrlEscaper,
        Escaper::UrlFilter,
        Escaper::UrlNormalizer,
        Escaper::EvalArgs,
        Escaper::Html,
        Escaper::UrlQuery,
    ];

    /// The function's name in a pipeline, as html/template spells it.
    pub fn name(self) -> &'static str {
        match self {
            Escaper::AttrEscaper => "_html_template_attrescaper",
            Escaper::CommentEscaper => "_html_template_commentescaper",
            Escaper::CssEscaper => "_html_template_cssescaper",
            Escaper::CssValueFilter => "_html_template_cssvaluefilter",
            Escaper::HtmlNameFilter => "_html_template_htmlnamefilter",
            Escaper::HtmlEscaper => "_html_template_htmlescaper",
            Escaper::JsRegexpEscaper => "_html_template_jsregexpescaper",
            Escaper::JsStrEscaper => "_html_template_jsstrescaper",
            Escaper::JsTmplLitEscaper => "_html_template_jstmpllitescaper",
            Escaper::JsValEscaper => "_html_template_jsvalescaper",
            Escaper::NospaceEscaper => "_html_template_nospaceescaper",
            Escaper::RcdataEscaper => "_html_template_rcdataescaper",
            Escaper::SrcsetEscaper => "_html_template_srcsetescaper",
            Escaper::UrlEscaper => "_html_template_urlescaper",
            Escaper::UrlFilter => "_html_template_urlfilter",
            Escaper::UrlNormalizer => "_html_template_urlnormalizer",
            Escaper::EvalArgs => "_eval_args_",
            Escaper::Html => "html",
            Escaper::UrlQuery => "urlquery",
        }
    }

    /// The escaper a pipeline name stands for.
    pub fn from_name(name: &str) -> Option<Escaper> {
        Escaper::ALL.iter().copied().find(|e| e.name() == name)
    }

    /// Whether this is text/template's `html` or `urlquery`, which html/template checks and
    /// merges.
    pub fn is_predefined(self) -> bool {
        matches!(self, Escaper::Html | Escaper::UrlQuery)
    }

    /// The predefined escaper that gives the same guarantee, which stands for this one when
    /// a pipeline already ends with it: the HTML escapers all escape NUL, quotes, `&`, `<`
    /// and `>` as `html` does; `urlquery` encodes what the URL escapers do (and more than
    /// the normalizer, which Go has let it replace since before Go 1.9).
    pub fn equivalent_predefined(self) -> Option<Escaper> {
        match self {
            Escaper::AttrEscaper
            | Escaper::HtmlEscaper
            | Escaper::RcdataEscaper
            | Escaper::Html => Some(Escaper::Html),
            Escaper::UrlEscaper | Escaper::UrlNormalizer | Escaper::UrlQuery => {
                Some(Escaper::UrlQuery)
            }
            _ => None,
        }
    }

    /// Whether `next` changes nothing after `self` (`next(self(x)) == self(x)` for every x),
    /// so a pipeline ending in `self` does not need `next`.
    pub fn makes_redundant(self, next: Escaper) -> bool {
        use Escaper::*;
        matches!(
            (self, next),
            (CommentEscaper, AttrEscaper | HtmlEscaper)
                | (
                    CssEscaper | JsRegexpEscaper | JsStrEscaper | JsTmplLitEscaper,
                    AttrEscaper
                )
                | (UrlEscaper, UrlNormalizer)
        )
    }
}

impl fmt::Display for Escaper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Calls `escaper` on an action's evaluated arguments (Go's `func(args ...any) string`).
pub fn escape(escaper: Escaper, args: &[Value]) -> String {
    match escaper {
        Escaper::AttrEscaper => attr_escaper(args),
        Escaper::CommentEscaper => comment_escaper(args),
        Escaper::CssEscaper => css_escaper(args),
        Escaper::CssValueFilter => css_value_filter(args),
        Escaper::HtmlNameFilter => html_name_filter(args),
        Escaper::HtmlEscaper => html_escaper(args),
        Escaper::JsRegexpEscaper => js_regexp_escaper(args),
        Escaper::JsStrEscaper => js_str_escaper(args),
        Escaper::JsTmplLitEscaper => js_tmpl_lit_escaper(args),
        Escaper::JsValEscaper => js_val_escaper(args),
        Escaper::NospaceEscaper => html_nospace_escaper(args),
        Escaper::RcdataEscaper => rcdata_escaper(args),
        Escaper::SrcsetEscaper => srcset_filter_and_escaper(args),
        Escaper::UrlEscaper => url_escaper(args),
        Escaper::UrlFilter => url_filter(args),
        Escaper::UrlNormalizer => url_normalizer(args),
        Escaper::EvalArgs => eval_args(args),
        Escaper::Html => html_predefined(args),
        Escaper::UrlQuery => urlquery_predefined(args),
    }
}
