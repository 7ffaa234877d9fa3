//! `math`: arithmetic with Hugo's result types (two integers give an integer, a float makes
//! the result a float, `div 7 2` is 3), and the float functions, which always return a float.
//!
//! Hugo 0.168 takes any number of operands in `add`/`sub`/`mul`/`div` (0.111 took two), and
//! `mod` truncates float operands (`mod 7.5 2` is 1) where 0.111 refused them.

use std::sync::atomic::{AtomicU64, Ordering};

use gotemplate::Value;

use crate::cast::{arity, err, to_float, to_int, Num, Res};
use crate::time::integer_of;

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

fn num_operand(v: &Value) -> Option<Num> {
    Num::of(v).or_else(|| integer_of(v).map(Num::I))
}

/// Hugo's `DoArithmetic` on two operands.
fn arith(a: &Value, b: &Value, op: Op) -> Res<Value> {
    let cant = || err("can't apply the operator to the values");
    let (x, y) = match (num_operand(a), num_operand(b)) {
        (Some(x), Some(y)) => (x, y),
        _ => {
            if let (Value::String(x), Value::String(y), Op::Add) = (a, b, op) {
                return Ok(Value::str(&format!("{x}{y}")));
            }
            return cant();
        }
    };
    let zero = || err("can't divide the value by 0");
    match (x, y) {
        (Num::F(_), _) | (_, Num::F(_)) => {
            let (p, q) = (x.as_f64(), y.as_f64());
            Ok(Value::Float(match op {
                Op::Add => p + q,
                Op::Sub => p - q,
                Op::Mul => p * q,
                Op::Div if q == 0.0 => return zero(),
                Op::Div => p / q,
            }))
        }
        (Num::I(p), Num::I(q)) => int_op(p, q, op),
        (Num::U(p), Num::U(q)) => uint_op(p, q, op),
        // A negative integer with an unsigned one is signed arithmetic; otherwise unsigned.
        (Num::U(p), Num::I(q)) if q >= 0 => uint_op(p, q as u64, op),
        (Num::I(p), Num::U(q)) if p >= 0 => uint_op(p as u64, q, op),
        (Num::U(p), Num::I(q)) => int_op(p as i64, q, op),
        (Num::I(p), Num::U(q)) => int_op(p, q as i64, op),
    }
}

fn int_op(p: i64, q: i64, op: Op) -> Res<Value> {
    Ok(Value::Int(match op {
        Op::Add => p.wrapping_add(q),
        Op::Sub => p.wrapping_sub(q),
        Op::Mul => p.wrapping_mul(q),
        Op::Div if q == 0 => return err("can't divide the value by 0"),
        Op::Div => p.wrapping_div(q),
    }))
}

fn uint_op(p: u64, q: u64, op: Op) -> Res<Value> {
    Ok(Value::Uint(match op {
        Op::Add => p.wrapping_add(q),
        Op::Sub => p.wrapping_sub(q),
        Op::Mul => p.wrapping_mul(q),
        Op::Div if q == 0 => return err("can't divide the value by 0"),
        Op::Div => p / q,
    }))
}

fn fold(args: &[Value], op: Op) -> Res<Value> {
    if args.len() < 2 {
        return err("must provide at least two numbers");
    }
    let mut acc = args[0].clone();
    for b in &args[1..] {
        acc = arith(&acc, b, op)?;
    }
    Ok(acc)
}

/// `add A B...` (`math.Add`); two strings concatenate.
pub fn add(args: &[Value]) -> Res<Value> {
    fold(args, Op::Add)
}

pub fn sub(args: &[Value]) -> Res<Value> {
    fold(args, Op::Sub)
}

pub fn mul(args: &[Value]) -> Res<Value> {
    fold(args, Op::Mul)
}

pub fn div(args: &[Value]) -> Res<Value> {
    fold(args, Op::Div)
}

fn mod_ints(args: &[Value], name: &str) -> Res<(i64, i64)> {
    arity(name, args, 2, 2)?;
    let a = to_int(&args[0])?;
    let b = to_int(&args[1])?;
    if b == 0 {
        return err("the number can't be divided by zero at modulo operation");
    }
    Ok((a, b))
}

/// `mod A B`: the remainder, with Go's sign rule (the dividend's).
pub fn modulo(args: &[Value]) -> Res<Value> {
    let (a, b) = mod_ints(args, "mod")?;
    Ok(Value::Int(a.wrapping_rem(b)))
}

/// `modBool A B`: whether B divides A.
pub fn mod_bool(args: &[Value]) -> Res<Value> {
    let (a, b) = mod_ints(args, "modBool")?;
    Ok(Value::Bool(a.wrapping_rem(b) == 0))
}

fn float_arg(v: &Value, name: &str) -> Res<f64> {
    if let Some(i) = integer_of(v) {
        return Ok(i as f64);
    }
    match v {
        Value::Int(_) | Value::Uint(_) | Value::Float(_) | Value::String(_) => {
            to_float(v).map_err(|_| numeric_error(name))
        }
        _ => Err(numeric_error(name)),
    }
}

fn numeric_error(name: &str) -> gotemplate::CallError {
    gotemplate::CallError::Message(format!("the {name} function requires a numeric argument"))
}

fn unary(args: &[Value], name: &str, f: fn(f64) -> f64) -> Res<Value> {
    arity(name, args, 1, 1)?;
    Ok(Value::Float(f(float_arg(&args[0], name)?)))
}

pub fn abs(args: &[Value]) -> Res<Value> {
    unary(args, "math.Abs", f64::abs)
}

pub fn ceil(args: &[Value]) -> Res<Value> {
    unary(args, "math.Ceil", f64::ceil)
}

pub fn floor(args: &[Value]) -> Res<Value> {
    unary(args, "math.Floor", f64::floor)
}

/// `math.Round`: half away from zero, as Go's `math.Round`.
pub fn round(args: &[Value]) -> Res<Value> {
    unary(args, "math.Round", f64::round)
}

pub fn log(args: &[Value]) -> Res<Value> {
    unary(args, "math.Log", f64::ln)
}

pub fn sqrt(args: &[Value]) -> Res<Value> {
    unary(args, "math.Sqrt", f64::sqrt)
}

pub fn sin(args: &[Value]) -> Res<Value> {
    unary(args, "math.Sin", f64::sin)
}

pub fn cos(args: &[Value]) -> Res<Value> {
    unary(args, "math.Cos", f64::cos)
}

pub fn tan(args: &[Value]) -> Res<Value> {
    unary(args, "math.Tan", f64::tan)
}

pub fn asin(args: &[Value]) -> Res<Value> {
    unary(args, "math.Asin", f64::asin)
}

pub fn acos(args: &[Value]) -> Res<Value> {
    unary(args, "math.Acos", f64::acos)
}

pub fn atan(args: &[Value]) -> Res<Value> {
    unary(args, "math.Atan", f64::atan)
}

pub fn to_degrees(args: &[Value]) -> Res<Value> {
    unary(args, "math.ToDegrees", f64::to_degrees)
}

pub fn to_radians(args: &[Value]) -> Res<Value> {
    unary(args, "math.ToRadians", f64::to_radians)
}

pub fn atan2(args: &[Value]) -> Res<Value> {
    arity("math.Atan2", args, 2, 2)?;
    let y = float_arg(&args[0], "math.Atan2")?;
    let x = float_arg(&args[1], "math.Atan2")?;
    Ok(Value::Float(y.atan2(x)))
}

pub fn pow(args: &[Value]) -> Res<Value> {
    arity("math.Pow", args, 2, 2)?;
    let a = float_arg(&args[0], "math.Pow")?;
    let b = float_arg(&args[1], "math.Pow")?;
    Ok(Value::Float(a.powf(b)))
}

pub fn pi(args: &[Value]) -> Res<Value> {
    arity("math.Pi", args, 0, 0)?;
    Ok(Value::Float(std::f64::consts::PI))
}

pub fn max_int64(args: &[Value]) -> Res<Value> {
    arity("math.MaxInt64", args, 0, 0)?;
    Ok(Value::Int(i64::MAX))
}

/// The numbers of the arguments, lists flattened, as `math.Max`, `Min`, `Sum`, `Product` read
/// them.
fn numbers(args: &[Value], name: &str) -> Res<Vec<f64>> {
    let mut out = Vec::new();
    for a in args {
        match a {
            Value::List(l) => {
                for v in l.iter() {
                    out.push(float_arg(v, name)?);
                }
            }
            v => out.push(float_arg(v, name)?),
        }
    }
    if out.is_empty() {
        return err("must provide at least one number");
    }
    Ok(out)
}

pub fn max(args: &[Value]) -> Res<Value> {
    let n = numbers(args, "math.Max")?;
    Ok(Value::Float(
        n.into_iter().fold(f64::NEG_INFINITY, f64::max),
    ))
}

pub fn min(args: &[Value]) -> Res<Value> {
    let n = numbers(args, "math.Min")?;
    Ok(Value::Float(n.into_iter().fold(f64::INFINITY, f64::min)))
}

pub fn sum(args: &[Value]) -> Res<Value> {
    Ok(Value::Float(numbers(args, "math.Sum")?.into_iter().sum()))
}

pub fn product(args: &[Value]) -> Res<Value> {
    Ok(Value::Float(
        numbers(args, "math.Product")?.into_iter().product(),
    ))
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// `math.Counter`: 1, 2, 3, ... across the whole process, as Hugo's is across a build.
pub fn counter(args: &[Value]) -> Res<Value> {
    arity("math.Counter", args, 0, 0)?;
    Ok(Value::Uint(COUNTER.fetch_add(1, Ordering::Relaxed) + 1))
}

static RAND_STATE: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);

/// The next number of a fixed-seed generator (SplitMix64): Hugo's `math.Rand` and `shuffle`
/// are random; ours repeat from run to run so that two builds are byte-identical.
pub(crate) fn next_random() -> u64 {
    let mut z = RAND_STATE
        .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `math.Rand`: a float in [0, 1), from a fixed-seed sequence (see [`next_random`]).
pub fn rand(args: &[Value]) -> Res<Value> {
    arity("math.Rand", args, 0, 0)?;
    Ok(Value::Float(
        (next_random() >> 11) as f64 / (1u64 << 53) as f64,
    ))
}
