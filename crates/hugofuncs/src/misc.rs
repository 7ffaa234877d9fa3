//! The small namespaces: `cast` (`int`, `float`, `string`), `reflect` (`IsMap`, `IsSlice`),
//! `os.Getenv` (only `HUGO_` variables and `CI`, as Hugo's default security policy allows)
//! and `debug.Dump`.

use gotemplate::Value;

use crate::cast::{arity, err, string, to_float, to_int, to_string, Res};
use crate::env::Env;
use crate::time::integer_of;

/// `int` (`cast.ToInt`): spf13/cast's rules, `"0x10"` is 16, `"010"` is 8, `"08"` an error.
pub fn to_int_fn(args: &[Value]) -> Res<Value> {
    arity("int", args, 1, 1)?;
    if let Some(i) = integer_of(&args[0]) {
        return Ok(Value::Int(i));
    }
    Ok(Value::Int(to_int(&args[0])?))
}

/// `float` (`cast.ToFloat`).
pub fn to_float_fn(args: &[Value]) -> Res<Value> {
    arity("float", args, 1, 1)?;
    if let Some(i) = integer_of(&args[0]) {
        return Ok(Value::Float(i as f64));
    }
    Ok(Value::Float(to_float(&args[0])?))
}

/// `string` (`cast.ToString`).
pub fn to_string_fn(args: &[Value]) -> Res<Value> {
    arity("string", args, 1, 1)?;
    Ok(string(to_string(&args[0])?))
}

pub fn is_map(args: &[Value]) -> Res<Value> {
    arity("reflect.IsMap", args, 1, 1)?;
    Ok(Value::Bool(matches!(args[0], Value::Map(_))))
}

pub fn is_slice(args: &[Value]) -> Res<Value> {
    arity("reflect.IsSlice", args, 1, 1)?;
    Ok(Value::Bool(matches!(args[0], Value::List(_))))
}

/// `os.Getenv NAME` (`getenv`): the value from [`Env::environ`] of a `HUGO_` variable or `CI`;
/// any other name is refused, as by Hugo's default `security.funcs.getenv`.
pub fn getenv(env: &Env, args: &[Value]) -> Res<Value> {
    arity("os.Getenv", args, 1, 1)?;
    let name = to_string(&args[0])?;
    if !(name.starts_with("HUGO_") || name == "CI") {
        return err(format!(
            "access denied: {name:?} is not whitelisted in policy \"security.funcs.getenv\""
        ));
    }
    Ok(string(env.environ.get(&name).cloned().unwrap_or_default()))
}

/// `debug.Dump VALUE`: the value as indented JSON, as Hugo prints it.
pub fn dump(args: &[Value]) -> Res<Value> {
    arity("debug.Dump", args, 1, 1)?;
    let opts = crate::cast::map(
        [(gotemplate::MapKey::from("indent"), Value::str("  "))]
            .into_iter()
            .collect(),
    );
    let out = crate::encoding::jsonify(&[opts, args[0].clone()])?;
    Ok(string(out.as_str().unwrap_or_default()))
}
