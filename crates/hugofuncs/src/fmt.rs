//! `fmt`: `print`, `printf`, `println` through the engine's Go `fmt`, and `errorf`, `warnf`,
//! `erroridf`, `warnidf`, which report to the [`Env`]'s sink and print nothing.

use gotemplate::Value;

use crate::cast::{arity, err, string, to_string, Res};
use crate::env::{Env, MessageLevel};

pub fn print(args: &[Value]) -> Res<Value> {
    Ok(string(gotemplate::fmt::sprint(args)))
}

pub fn println(args: &[Value]) -> Res<Value> {
    Ok(string(gotemplate::fmt::sprintln(args)))
}

pub fn printf(args: &[Value]) -> Res<Value> {
    if args.is_empty() {
        return err("wrong number of args for printf: want at least 1 got 0");
    }
    Ok(string(gotemplate::fmt::sprintf(
        &to_string(&args[0])?,
        &args[1..],
    )))
}

fn report(env: &Env, args: &[Value], level: MessageLevel, with_id: bool, name: &str) -> Res<Value> {
    let skip = with_id as usize;
    arity(name, args, 1 + skip, usize::MAX)?;
    let id = if with_id {
        Some(to_string(&args[0])?)
    } else {
        None
    };
    let text = gotemplate::fmt::sprintf(&to_string(&args[skip])?, &args[skip + 1..]);
    env.report(level, id.as_deref(), text);
    Ok(string(""))
}

/// `errorf FORMAT ARG...`: an error the build should fail on; prints nothing.
pub fn errorf(env: &Env, args: &[Value]) -> Res<Value> {
    report(env, args, MessageLevel::Error, false, "errorf")
}

pub fn warnf(env: &Env, args: &[Value]) -> Res<Value> {
    report(env, args, MessageLevel::Warning, false, "warnf")
}

/// `erroridf ID FORMAT ARG...`: an error `ignoreLogs` can silence by ID.
pub fn erroridf(env: &Env, args: &[Value]) -> Res<Value> {
    report(env, args, MessageLevel::Error, true, "erroridf")
}

pub fn warnidf(env: &Env, args: &[Value]) -> Res<Value> {
    report(env, args, MessageLevel::Warning, true, "warnidf")
}
