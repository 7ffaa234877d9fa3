//! Token classes and the stylesheet that colours them.
//!
//! syntect's own class output writes every atom of every scope (`source go keyword control
//! go`), most of which no theme styles; the page grows and no stylesheet can claim to cover
//! what it emits. We map each token instead onto a small fixed vocabulary of classes, one
//! per token kind a theme commonly colours (`sy-keyword`, `sy-string`, `sy-function`, …),
//! like Chroma does for Hugo. The stylesheet then asks each configured theme how it would
//! colour a representative scope of every class, so every class we can emit is styled in
//! the light and the dark theme, and the HTML stays small.
//!
//! The mapping reuses syntect's own selector scoring: the vocabulary is compiled into a
//! synthetic theme whose rule *i* paints foreground red = *i*, and the highlighter's result
//! is decoded back into a class. Specific selectors beat general ones exactly as in a real
//! theme (`keyword.control` over `keyword`).

use std::fmt::Write;
use std::str::FromStr;
use std::sync::OnceLock;

use syntect::highlighting::{
    Color, FontStyle, Highlighter, ScopeSelectors, Style, StyleModifier, Theme, ThemeItem,
    ThemeSettings,
};
use syntect::parsing::Scope;

/// Prefix of every token class, so theme CSS (`.comment`, `.string`) cannot clash with ours.
pub const PREFIX: &str = "sy-";

/// The vocabulary: class (without [`PREFIX`]) and the scope selectors it covers. The first
/// selector is the representative asked of real themes when writing the stylesheet.
/// Plain identifiers, punctuation and `meta.*` are left unclassed: themes rarely colour them,
/// and a span per identifier would double the page.
pub const CLASSES: &[(&str, &str)] = &[
    ("comment", "comment"),
    ("string", "string, markup.raw"),
    ("regexp", "string.regexp"),
    (
        "escape",
        "constant.character.escape, constant.other.placeholder",
    ),
    ("number", "constant.numeric"),
    ("builtin", "constant.language"),
    ("constant", "constant, variable.other.constant"),
    ("keyword", "keyword"),
    ("control", "keyword.control"),
    ("operator", "keyword.operator"),
    ("storage", "storage, keyword.declaration"),
    ("type", "storage.type"),
    ("modifier", "storage.modifier"),
    ("function", "entity.name.function"),
    (
        "type-name",
        "entity.name.type, entity.name.class, entity.name.struct, entity.name.enum, \
         entity.name.interface, entity.name.trait, entity.other.inherited-class",
    ),
    ("name", "entity.name"),
    ("tag", "entity.name.tag"),
    ("attribute", "entity.other.attribute-name"),
    ("support-function", "support.function, support.macro"),
    ("support-type", "support.type, support.class"),
    ("support-constant", "support.constant"),
    ("parameter", "variable.parameter"),
    ("self", "variable.language"),
    ("call", "variable.function"),
    (
        "annotation",
        "meta.annotation, entity.name.function.decorator",
    ),
    ("heading", "markup.heading, entity.name.section"),
    ("bold", "markup.bold"),
    ("italic", "markup.italic"),
    ("link", "markup.underline.link"),
    ("inserted", "markup.inserted"),
    ("deleted", "markup.deleted"),
    ("changed", "markup.changed"),
    ("diff-range", "meta.diff.range, meta.diff.header"),
    // Never produced by a grammar: shell-session prompts, which we split off ourselves.
    ("prompt", "comment.prompt.shell-session"),
];

/// The synthetic theme that encodes the vocabulary. Built once per process.
fn class_theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| Theme {
        name: Some("blog token classes".into()),
        settings: ThemeSettings {
            foreground: Some(encode(0)),
            ..ThemeSettings::default()
        },
        scopes: CLASSES
            .iter()
            .enumerate()
            .map(|(i, &(_, selectors))| ThemeItem {
                scope: ScopeSelectors::from_str(selectors).expect("valid class selectors"),
                style: StyleModifier {
                    foreground: Some(encode(i + 1)),
                    ..StyleModifier::default()
                },
            })
            .collect(),
        ..Theme::default()
    })
}

fn encode(i: usize) -> Color {
    debug_assert!(i < 256, "the vocabulary must fit in one colour channel");
    Color {
        r: i as u8,
        g: 0,
        b: 0,
        a: 0xFF,
    }
}

/// The highlighter that resolves scope stacks into vocabulary classes.
pub fn class_highlighter() -> &'static Highlighter<'static> {
    static HIGHLIGHTER: OnceLock<Highlighter<'static>> = OnceLock::new();
    HIGHLIGHTER.get_or_init(|| Highlighter::new(class_theme()))
}

/// The class (without prefix) a style from [`class_highlighter`] stands for, if any.
pub fn class_of(style: Style) -> Option<&'static str> {
    let i = style.foreground.r as usize;
    (i > 0).then(|| CLASSES.get(i - 1).map(|&(class, _)| class))?
}

/// Writes the colour rules for one theme: block colours, highlighted lines, line numbers and
/// every vocabulary class. Each class gets colour, weight, slant and background so the dark
/// rules fully override the light ones.
pub fn write_theme_rules(css: &mut String, theme: &Theme) {
    let fg = theme.settings.foreground.unwrap_or(Color::BLACK);
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    let line_highlight = theme
        .settings
        .line_highlight
        .unwrap_or(Color { a: 0x20, ..fg });
    let gutter = theme
        .settings
        .gutter_foreground
        .unwrap_or(Color { a: 0x80, ..fg });
    let _ = writeln!(
        css,
        ".code-pre,.code-title{{color:{};background-color:{}}}",
        hex(fg),
        hex(bg)
    );
    let _ = writeln!(
        css,
        ".code .line.hl{{background-color:{}}}",
        hex(line_highlight)
    );
    let _ = writeln!(css, ".code .ln{{color:{}}}", hex(gutter));
    let resolver = Highlighter::new(theme);
    for &(class, selectors) in CLASSES {
        let representative = selectors.split(',').next().unwrap_or(selectors).trim();
        let scope = Scope::new(representative).expect("valid representative scope");
        let style = resolver.style_for_stack(&[scope]);
        let background = if style.background == bg {
            "transparent".to_string()
        } else {
            hex(style.background)
        };
        let fs = style.font_style;
        let _ = writeln!(
            css,
            ".{PREFIX}{class}{{color:{};background-color:{background};font-weight:{};font-style:{};text-decoration:{}}}",
            hex(style.foreground),
            if fs.contains(FontStyle::BOLD) { "bold" } else { "normal" },
            if fs.contains(FontStyle::ITALIC) { "italic" } else { "normal" },
            if fs.contains(FontStyle::UNDERLINE) { "underline" } else { "none" },
        );
    }
}

fn hex(c: Color) -> String {
    if c.a == 0xFF {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::parsing::ScopeStack;

    fn class_for(stack: &str) -> Option<&'static str> {
        let stack = ScopeStack::from_str(stack).unwrap();
        class_of(class_highlighter().style_for_stack(stack.as_slice()))
    }

    #[test]
    fn specific_selectors_win() {
        assert_eq!(class_for("source.go keyword.control.go"), Some("control"));
        assert_eq!(class_for("source.go keyword.other.go"), Some("keyword"));
        assert_eq!(
            class_for("source.rust string.quoted.double.rust"),
            Some("string")
        );
        assert_eq!(
            class_for("source.go string.quoted.double.go constant.other.placeholder.go"),
            Some("escape")
        );
        assert_eq!(
            class_for("source.go entity.name.function.go"),
            Some("function")
        );
    }

    #[test]
    fn plain_identifiers_are_unclassed() {
        assert_eq!(class_for("source.go variable.other.go"), None);
        assert_eq!(class_for("source.go"), None);
    }

    #[test]
    fn class_names_are_unique() {
        let mut names: Vec<&str> = CLASSES.iter().map(|&(c, _)| c).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CLASSES.len());
    }
}
