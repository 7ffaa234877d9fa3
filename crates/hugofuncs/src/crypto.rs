//! `crypto` (`md5`, `sha1`, `sha256`, `hmac`) and `hash` (`hash.FNV32a`, `hash.XxHash`): hex
//! digests of a string.

use gotemplate::Value;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use crate::cast::{arity, err, string, to_string, Res};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn md5(args: &[Value]) -> Res<Value> {
    arity("md5", args, 1, 1)?;
    Ok(string(hex(&Md5::digest(to_string(&args[0])?.as_bytes()))))
}

pub fn sha1(args: &[Value]) -> Res<Value> {
    arity("sha1", args, 1, 1)?;
    Ok(string(hex(&Sha1::digest(to_string(&args[0])?.as_bytes()))))
}

pub fn sha256(args: &[Value]) -> Res<Value> {
    arity("sha256", args, 1, 1)?;
    Ok(string(hex(&Sha256::digest(
        to_string(&args[0])?.as_bytes(),
    ))))
}

/// RFC 2104's HMAC over a digest with the given block size.
fn hmac_with<D: Digest>(block: usize, key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut k = if key.len() > block {
        D::digest(key).to_vec()
    } else {
        key.to_vec()
    };
    k.resize(block, 0);
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let mut inner = D::new();
    inner.update(&ipad);
    inner.update(msg);
    let inner = inner.finalize();
    let mut outer = D::new();
    outer.update(&opad);
    outer.update(inner);
    outer.finalize().to_vec()
}

/// `hmac HASH KEY MESSAGE [ENCODING]`: HASH is md5, sha1, sha256 or sha512; ENCODING `hex`
/// (the default) or `binary`.
pub fn hmac(args: &[Value]) -> Res<Value> {
    arity("hmac", args, 3, 4)?;
    let method = to_string(&args[0])?;
    let key = to_string(&args[1])?;
    let msg = to_string(&args[2])?;
    let (k, m) = (key.as_bytes(), msg.as_bytes());
    let mac = match method.as_str() {
        "md5" => hmac_with::<Md5>(64, k, m),
        "sha1" => hmac_with::<Sha1>(64, k, m),
        "sha256" => hmac_with::<Sha256>(64, k, m),
        "sha512" => hmac_with::<Sha512>(128, k, m),
        _ => return err(format!("hmac: {method} is not a supported hash function")),
    };
    match args.get(3).map(to_string).transpose()?.as_deref() {
        None | Some("hex") => Ok(string(hex(&mac))),
        Some("binary") => Ok(string(String::from_utf8_lossy(&mac).into_owned())),
        Some(other) => err(format!("{other:?} is not a supported encoding method")),
    }
}

/// `hash.FNV32a`: the 32-bit FNV-1a hash, as an integer.
pub fn fnv32a(args: &[Value]) -> Res<Value> {
    arity("hash.FNV32a", args, 1, 1)?;
    let mut h: u32 = 0x811c_9dc5;
    for b in to_string(&args[0])?.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    Ok(Value::Int(h as i64))
}

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

fn read64(b: &[u8]) -> u64 {
    u64::from_le_bytes(b[..8].try_into().unwrap_or_default())
}

fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

fn merge(acc: u64, v: u64) -> u64 {
    (acc ^ round(0, v)).wrapping_mul(P1).wrapping_add(P4)
}

/// XXH64 with seed 0, the hash `hash.XxHash` prints.
pub fn xxh64(data: &[u8]) -> u64 {
    let len = data.len() as u64;
    let mut rest = data;
    let mut h = if data.len() >= 32 {
        let mut v = [P1.wrapping_add(P2), P2, 0, 0u64.wrapping_sub(P1)];
        while rest.len() >= 32 {
            for (i, lane) in v.iter_mut().enumerate() {
                *lane = round(*lane, read64(&rest[i * 8..]));
            }
            rest = &rest[32..];
        }
        let mut h = v[0]
            .rotate_left(1)
            .wrapping_add(v[1].rotate_left(7))
            .wrapping_add(v[2].rotate_left(12))
            .wrapping_add(v[3].rotate_left(18));
        for lane in v {
            h = merge(h, lane);
        }
        h
    } else {
        P5
    };
    h = h.wrapping_add(len);
    while rest.len() >= 8 {
        h ^= round(0, read64(rest));
        h = h.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
        rest = &rest[8..];
    }
    if rest.len() >= 4 {
        let k = u32::from_le_bytes(rest[..4].try_into().unwrap_or_default()) as u64;
        h ^= k.wrapping_mul(P1);
        h = h.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
        rest = &rest[4..];
    }
    for &b in rest {
        h ^= (b as u64).wrapping_mul(P5);
        h = h.rotate_left(11).wrapping_mul(P1);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(P2);
    h ^= h >> 29;
    h = h.wrapping_mul(P3);
    h ^ (h >> 32)
}

/// `hash.XxHash`: XXH64 as 16 hex digits.
pub fn xxhash(args: &[Value]) -> Res<Value> {
    arity("hash.XxHash", args, 1, 1)?;
    Ok(string(format!(
        "{:016x}",
        xxh64(to_string(&args[0])?.as_bytes())
    )))
}
