//! The escaping context: where in HTML, CSS, JS or a URL the output of a template is at a
//! given point, as Go's `context.go` describes it, with the join of two branch contexts.

use std::fmt;

use super::error::{Error, ErrorCode};

/// The state an HTML parser must be in when it reaches a point of the template's output.
///
/// The default is the start of a template: text outside any element. Equality (`==`) ignores
/// `js_brace_depth`, as Go's `eq` does.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub state: State,
    pub delim: Delim,
    pub url_part: UrlPart,
    pub js_ctx: JsCtx,
    /// For each JS template literal `${...}` substitution we are inside, the depth of `{`
    /// braces seen in it, which tells whether the next `}` closes the substitution.
    pub js_brace_depth: Vec<u32>,
    pub attr: Attr,
    pub element: Element,
    /// Set in the error state only.
    pub err: Option<Box<Error>>,
}

macro_rules! go_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $go:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub enum $name {
            #[default]
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every value, in Go's order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The name Go's `String()` gives (`stateJS`), used in messages and in derived
            /// template names.
            pub fn go_name(self) -> &'static str {
                match self {
                    $($name::$variant => $go,)*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.go_name())
            }
        }
    };
}

go_enum! {
    /// The high-level parser state. Go's `stateJSBqStr` is `JsTmplLit` since Go 1.22.
    State {
        /// Text outside tags, comments and special element bodies.
        Text = "stateText",
        /// Inside a tag, before an attribute or the end.
        Tag = "stateTag",
        /// Inside an attribute name.
        AttrName = "stateAttrName",
        /// After an attribute name, before any `=`.
        AfterName = "stateAfterName",
        /// After `=`, before the value.
        BeforeValue = "stateBeforeValue",
        /// Inside `<!-- -->`.
        HtmlCmt = "stateHTMLCmt",
        /// Inside `<textarea>` or `<title>`.
        Rcdata = "stateRCDATA",
        /// Inside an attribute whose value is text.
        Attr = "stateAttr",
        /// Inside an attribute whose value is a URL.
        Url = "stateURL",
        /// Inside a `srcset` attribute.
        Srcset = "stateSrcset",
        /// Inside a script element or an event handler.
        Js = "stateJS",
        JsDqStr = "stateJSDqStr",
        JsSqStr = "stateJSSqStr",
        /// Inside a JS template literal (a back-quoted string).
        JsTmplLit = "stateJSTmplLit",
        JsRegexp = "stateJSRegexp",
        JsBlockCmt = "stateJSBlockCmt",
        JsLineCmt = "stateJSLineCmt",
        /// After `<!--` in JS, which comments out the rest of the line.
        JsHtmlOpenCmt = "stateJSHTMLOpenCmt",
        /// After `-->` in JS, likewise.
        JsHtmlCloseCmt = "stateJSHTMLCloseCmt",
        /// Inside a style element or attribute.
        Css = "stateCSS",
        CssDqStr = "stateCSSDqStr",
        CssSqStr = "stateCSSSqStr",
        CssDqUrl = "stateCSSDqURL",
        CssSqUrl = "stateCSSSqURL",
        CssUrl = "stateCSSURL",
        CssBlockCmt = "stateCSSBlockCmt",
        CssLineCmt = "stateCSSLineCmt",
        /// An infectious error state; the context's `err` says why.
        Error = "stateError",
        /// Unreachable code after `{{break}}` or `{{continue}}`.
        Dead = "stateDead",
    }
}

go_enum! {
    /// What ends the current attribute value.
    Delim {
        None = "delimNone",
        DoubleQuote = "delimDoubleQuote",
        SingleQuote = "delimSingleQuote",
        /// An unquoted value, ended by a space or `>`.
        SpaceOrTagEnd = "delimSpaceOrTagEnd",
    }
}

go_enum! {
    /// The part of a URL we are in, which decides between filtering, normalizing and escaping.
    UrlPart {
        /// Not in a URL, or at its very start.
        None = "urlPartNone",
        /// In the scheme, authority or path.
        PreQuery = "urlPartPreQuery",
        /// In the query or fragment.
        QueryOrFrag = "urlPartQueryOrFrag",
        /// After joining branches that end on both sides of the `?`.
        Unknown = "urlPartUnknown",
    }
}

go_enum! {
    /// Whether a `/` in JS would start a regexp or be a division.
    JsCtx {
        Regexp = "jsCtxRegexp",
        DivOp = "jsCtxDivOp",
        /// After joining branches that disagree.
        Unknown = "jsCtxUnknown",
    }
}

go_enum! {
    /// The kind of attribute we are in, from its name.
    Attr {
        None = "attrNone",
        /// An event handler (`on*`).
        Script = "attrScript",
        /// The `type` of a `<script>`, which decides whether its body is JS.
        ScriptType = "attrScriptType",
        Style = "attrStyle",
        Url = "attrURL",
        Srcset = "attrSrcset",
    }
}

go_enum! {
    /// The special element whose start tag or body we are in.
    Element {
        None = "elementNone",
        /// `<script>` with a JS type or no type.
        Script = "elementScript",
        Style = "elementStyle",
        Textarea = "elementTextarea",
        Title = "elementTitle",
    }
}

impl State {
    /// States whose content is for template authors only (comments): Go drops their text.
    pub fn is_comment(self) -> bool {
        matches!(
            self,
            State::HtmlCmt
                | State::JsBlockCmt
                | State::JsLineCmt
                | State::JsHtmlOpenCmt
                | State::JsHtmlCloseCmt
                | State::CssBlockCmt
                | State::CssLineCmt
        )
    }

    /// States that occur only inside an HTML tag.
    pub fn is_in_tag(self) -> bool {
        matches!(
            self,
            State::Tag | State::AttrName | State::AfterName | State::BeforeValue | State::Attr
        )
    }

    /// The literal states of a script, where `<!--`, `<script` and `</script` are escaped
    /// rather than taken as markup.
    pub fn is_in_script_literal(self) -> bool {
        matches!(
            self,
            State::JsDqStr | State::JsSqStr | State::JsTmplLit | State::JsRegexp
        )
    }
}

impl Context {
    /// A context in `state`, everything else at its start value.
    pub fn in_state(state: State) -> Context {
        Context {
            state,
            ..Context::default()
        }
    }

    /// An error context carrying `err`.
    pub fn error(err: Error) -> Context {
        Context {
            state: State::Error,
            err: Some(Box::new(err)),
            ..Context::default()
        }
    }

    pub(crate) fn error_with(code: ErrorCode, description: String) -> Context {
        Context::error(Error::new(code, description))
    }

    /// The name of the copy of `template` that html/template derives for a call in this
    /// context: the name itself in text, else `name$htmltemplate_` and the fields that
    /// differ from the start (`t$htmltemplate_stateRCDATA_elementTextarea`).
    pub fn mangle(&self, template: &str) -> String {
        if self.state == State::Text {
            return template.to_string();
        }
        let mut s = format!("{template}$htmltemplate_{}", self.state);
        if self.delim != Delim::None {
            s += &format!("_{}", self.delim);
        }
        if self.url_part != UrlPart::None {
            s += &format!("_{}", self.url_part);
        }
        if self.js_ctx != JsCtx::Regexp {
            s += &format!("_{}", self.js_ctx);
        }
        if self.attr != Attr::None {
            s += &format!("_{}", self.attr);
        }
        if self.element != Element::None {
            s += &format!("_{}", self.element);
        }
        s
    }

    /// Where a template's end must be: text, else Go's "ends in a non-text context" error
    /// (or the error this context carries).
    pub fn check_end(&self) -> Result<(), Error> {
        if let Some(err) = &self.err {
            return Err((**err).clone());
        }
        if self.state != State::Text {
            return Err(Error::new(
                ErrorCode::EndContext,
                format!("ends in a non-text context: {self}"),
            ));
        }
        Ok(())
    }
}

impl PartialEq for Context {
    /// Go's `context.eq`: every field but the brace depths.
    fn eq(&self, other: &Context) -> bool {
        self.state == other.state
            && self.delim == other.delim
            && self.url_part == other.url_part
            && self.js_ctx == other.js_ctx
            && self.attr == other.attr
            && self.element == other.element
            && self.err == other.err
    }
}

impl fmt::Display for Context {
    /// Go's `%v` of a context: `{stateJS delimNone urlPartNone jsCtxRegexp attrNone elementScript <nil>}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{{} {} {} {} {} {} ",
            self.state, self.delim, self.url_part, self.js_ctx, self.attr, self.element
        )?;
        match &self.err {
            Some(err) => write!(f, "{err}}}"),
            None => f.write_str("<nil>}"),
        }
    }
}

/// The state an attribute value of each kind starts in.
pub(crate) fn attr_start_state(attr: Attr) -> State {
    match attr {
        Attr::None | Attr::ScriptType => State::Attr,
        Attr::Script => State::Js,
        Attr::Style => State::Css,
        Attr::Url => State::Url,
        Attr::Srcset => State::Srcset,
    }
}

/// The context after the empty-string transitions from `c` (Go's `nudge`): an action in a
/// tag emits an attribute name, an action after `name=` is an unquoted value, an action
/// after a valueless attribute name is another name.
pub fn nudge(c: &Context) -> Context {
    let mut c = c.clone();
    match c.state {
        State::Tag => c.state = State::AttrName,
        State::BeforeValue => {
            c.state = attr_start_state(c.attr);
            c.delim = Delim::SpaceOrTagEnd;
            c.attr = Attr::None;
        }
        State::AfterName => {
            c.state = State::AttrName;
            c.attr = Attr::None;
        }
        _ => {}
    }
    c
}

/// The context after the branches of an `if`, `with` or `range` (`node_name`) that end in
/// `a` and `b`: an error is kept, a dead branch gives way to the other, contexts that differ
/// only in URL part or JS slash meaning join to "unknown", and a nudged context may join an
/// unnudged one; anything else is Go's `ErrBranchEnd`.
pub fn join(a: &Context, b: &Context, node_name: &str) -> Context {
    if a.state == State::Error {
        return a.clone();
    }
    if b.state == State::Error {
        return b.clone();
    }
    if a.state == State::Dead {
        return b.clone();
    }
    if b.state == State::Dead {
        return a.clone();
    }
    if a == b {
        return a.clone();
    }
    let mut c = a.clone();
    c.url_part = b.url_part;
    if c == *b {
        c.url_part = UrlPart::Unknown;
        return c;
    }
    let mut c = a.clone();
    c.js_ctx = b.js_ctx;
    if c == *b {
        c.js_ctx = JsCtx::Unknown;
        return c;
    }
    // `<p title={{if .C}}{{.}}{{end}}` ends in an unquoted value even though the else
    // branch ends before the value.
    let (na, nb) = (nudge(a), nudge(b));
    if !(na == *a && nb == *b) {
        let e = join(&na, &nb, node_name);
        if e.state != State::Error {
            return e;
        }
    }
    Context::error_with(
        ErrorCode::BranchEnd,
        format!("{{{{{node_name}}}}} branches end in different contexts: {a}, {b}"),
    )
}
