//! What an HTML attribute's value holds, from the attribute's name (Go's `attr.go`): the
//! HTML5 attributes by name, `on*` event handlers as JS, `xmlns` and namespaced names, and
//! the `data-`/custom-attribute heuristics that treat `*src*`, `*uri*`, `*url*` as URLs.

use crate::value::SafeKind;

/// The kind of content a string holds, or an attribute's value holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentType {
    Plain,
    Css,
    Html,
    HtmlAttr,
    Js,
    JsStr,
    Url,
    Srcset,
    /// Attributes that change how other content or network messages are read or sent
    /// (`charset`, `rel`, `type`...): never filled from a template as names.
    Unsafe,
}

impl From<SafeKind> for ContentType {
    fn from(kind: SafeKind) -> ContentType {
        match kind {
            SafeKind::Css => ContentType::Css,
            SafeKind::Html => ContentType::Html,
            SafeKind::HtmlAttr => ContentType::HtmlAttr,
            SafeKind::Js => ContentType::Js,
            SafeKind::JsStr => ContentType::JsStr,
            SafeKind::Url => ContentType::Url,
            SafeKind::Srcset => ContentType::Srcset,
        }
    }
}

/// The HTML5 attributes (and HTML4's URI-typed ones) by name. Event handlers are left to
/// [`attr_type`]'s `on` rule.
fn known_attr(name: &str) -> Option<ContentType> {
    use ContentType::*;
    Some(match name {
        "accept" | "alt" | "autocomplete" | "autofocus" | "autoplay" | "border" | "checked"
        | "class" | "cols" | "colspan" | "contenteditable" | "contextmenu" | "controls"
        | "coords" | "datetime" | "default" | "dir" | "dirname" | "disabled" | "draggable"
        | "dropzone" | "for" | "formtarget" | "headers" | "height" | "hidden" | "high"
        | "hreflang" | "id" | "ismap" | "kind" | "label" | "lang" | "list" | "loop" | "low"
        | "max" | "maxlength" | "media" | "mediagroup" | "min" | "multiple" | "name" | "open"
        | "optimum" | "placeholder" | "preload" | "pubdate" | "radiogroup" | "readonly"
        | "required" | "reversed" | "rows" | "rowspan" | "spellcheck" | "scope" | "scoped"
        | "seamless" | "selected" | "shape" | "size" | "sizes" | "span" | "srclang" | "start"
        | "step" | "tabindex" | "target" | "title" | "width" | "wrap" => Plain,
        "accept-charset" | "async" | "challenge" | "charset" | "content" | "crossorigin"
        | "defer" | "enctype" | "form" | "formenctype" | "formmethod" | "formnovalidate"
        | "http-equiv" | "keytype" | "language" | "method" | "novalidate" | "pattern" | "rel"
        | "sandbox" | "type" | "value" => Unsafe,
        "action" | "archive" | "background" | "cite" | "classid" | "codebase" | "data"
        | "formaction" | "href" | "icon" | "longdesc" | "manifest" | "poster" | "profile"
        | "src" | "usemap" | "xmlns" => Url,
        "srcdoc" => Html,
        "srcset" => Srcset,
        "style" => Css,
        _ => return None,
    })
}

/// A conservative guess at what the value of the lower-case attribute `name` holds.
pub fn attr_type(name: &str) -> ContentType {
    let mut name = name;
    if let Some(rest) = name.strip_prefix("data-") {
        // Strip `data-` so the heuristics below apply to custom attributes too
        // (`data-action` is a URL).
        name = rest;
    } else if let Some((prefix, short)) = name.split_once(':') {
        if prefix == "xmlns" {
            return ContentType::Url;
        }
        // `svg:href` and `xlink:href` are `href`.
        name = short;
    }
    if let Some(t) = known_attr(name) {
        return t;
    }
    // Partial event handler names are script.
    if name.starts_with("on") {
        return ContentType::Js;
    }
    // Custom attributes that hold URLs tend to say so in their name (`data-iconUri`,
    // `g:tweetUrl`); treating them as URLs keeps `javascript:` out of them.
    if name.contains("src") || name.contains("uri") || name.contains("url") {
        return ContentType::Url;
    }
    ContentType::Plain
}
