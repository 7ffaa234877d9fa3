//! `lang`: numbers, percentages and money in the site's language (`lang.FormatNumber`,
//! `FormatNumberCustom`, `FormatPercent`, `FormatCurrency`, `FormatAccounting`), as Hugo 0.168
//! prints them for English, Chinese and German (other languages fall back to English).
//! Rounding is half away from zero. `lang.Translate` (`T`, `i18n`) and `lang.Merge` need the
//! site.

use gotemplate::Value;

use crate::cast::{arity, err, string, to_float, to_int, to_string, Res};
use crate::env::Env;

struct NumberStyle {
    decimal: &'static str,
    group: &'static str,
    /// Whether the currency symbol follows the number (with a space).
    symbol_after: bool,
    percent: &'static str,
}

fn style(lang: &str) -> NumberStyle {
    match lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        // German puts a no-break space before `%` and the currency symbol.
        "de" => NumberStyle {
            decimal: ",",
            group: ".",
            symbol_after: true,
            percent: "\u{a0}%",
        },
        _ => NumberStyle {
            decimal: ".",
            group: ",",
            symbol_after: false,
            percent: "%",
        },
    }
}

/// A number with `precision` decimals, half away from zero, grouped by thousands.
fn format(n: f64, precision: usize, minus: &str, decimal: &str, group: &str) -> String {
    let scale = 10f64.powi(precision as i32);
    let rounded = (n.abs() * scale).round() / scale;
    let text = format!("{rounded:.precision$}");
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(group);
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if n < 0.0 && rounded != 0.0 {
        out.push_str(minus);
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push_str(decimal);
        out.push_str(&f);
    }
    out
}

fn precision_and_number(name: &str, args: &[Value], n: usize) -> Res<(usize, f64)> {
    arity(name, args, n, n)?;
    let p = to_int(&args[0])?;
    if !(0..=20).contains(&p) {
        return err(format!("{name}: precision out of range"));
    }
    Ok((p as usize, to_float(&args[n - 1])?))
}

/// `lang.FormatNumber PRECISION NUMBER`.
pub fn format_number(env: &Env, args: &[Value]) -> Res<Value> {
    let (p, n) = precision_and_number("lang.FormatNumber", args, 2)?;
    let s = style(&env.language);
    Ok(string(format(n, p, "-", s.decimal, s.group)))
}

/// `lang.FormatNumberCustom PRECISION NUMBER [OPTIONS]`: OPTIONS is "MINUS DECIMAL GROUP",
/// `- . ,` by default.
pub fn format_number_custom(args: &[Value]) -> Res<Value> {
    arity("lang.FormatNumberCustom", args, 2, 3)?;
    let p = to_int(&args[0])?.clamp(0, 20) as usize;
    let n = to_float(&args[1])?;
    let opts = match args.get(2) {
        Some(o) => to_string(o)?,
        None => "- . ,".into(),
    };
    let parts: Vec<&str> = opts.split(' ').collect();
    let get = |i: usize, d: &'static str| parts.get(i).copied().unwrap_or(d);
    Ok(string(format(n, p, get(0, "-"), get(1, "."), get(2, ""))))
}

/// `lang.FormatPercent PRECISION NUMBER`: NUMBER is already a percentage.
pub fn format_percent(env: &Env, args: &[Value]) -> Res<Value> {
    let (p, n) = precision_and_number("lang.FormatPercent", args, 2)?;
    let s = style(&env.language);
    Ok(string(format!(
        "{}{}",
        format(n, p, "-", s.decimal, s.group),
        s.percent
    )))
}

fn currency_symbol(lang: &str, code: &str) -> String {
    let zh = lang.to_ascii_lowercase().starts_with("zh");
    match code {
        "USD" if zh => "US$".into(),
        "USD" => "$".into(),
        "CNY" if zh => "¥".into(),
        "CNY" => "CN¥".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        "JPY" if zh => "JP¥".into(),
        "JPY" => "¥".into(),
        other => other.to_string(),
    }
}

fn money(env: &Env, args: &[Value], name: &str) -> Res<Value> {
    let (p, n) = precision_and_number(name, args, 3)?;
    let code = to_string(&args[1])?.to_ascii_uppercase();
    let s = style(&env.language);
    let sym = currency_symbol(&env.language, &code);
    let num = format(n, p, "-", s.decimal, s.group);
    Ok(string(if s.symbol_after {
        format!("{num}\u{a0}{sym}")
    } else {
        format!("{sym}{num}")
    }))
}

/// `lang.FormatCurrency PRECISION CURRENCY NUMBER`.
pub fn format_currency(env: &Env, args: &[Value]) -> Res<Value> {
    money(env, args, "lang.FormatCurrency")
}

/// `lang.FormatAccounting PRECISION CURRENCY NUMBER`: Hugo 0.168 prints it as
/// `FormatCurrency` does for these languages.
pub fn format_accounting(env: &Env, args: &[Value]) -> Res<Value> {
    money(env, args, "lang.FormatAccounting")
}
