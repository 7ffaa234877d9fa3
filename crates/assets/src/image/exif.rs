//! `.Exif`: the date a photo was taken, where (latitude and longitude in degrees), and its
//! tags, filtered by `[imaging.exif]` as Hugo filters them; plus the orientation that
//! [`super::Filter::AutoOrient`] undoes.

use serde_json::{Map, Number, Value};

use crate::error::{Error, Result};

use super::options::ExifConfig;

/// What Hugo's `.Exif` holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exif {
    /// `DateTimeOriginal`, else `DateTime`, as RFC 3339 in UTC (EXIF has no zone; Hugo reads
    /// it as UTC too): `2021-03-04T05:06:07Z`.
    pub date: Option<String>,
    /// Degrees, negative south.
    pub lat: Option<f64>,
    /// Degrees, negative west.
    pub long: Option<f64>,
    /// The kept tags by name: text as strings, single numbers as numbers, several as lists.
    pub tags: Map<String, Value>,
}

/// Hugo's exclusion list when the site sets neither list.
const DEFAULT_EXCLUDE: &str =
    "GPS|Exif|Exposure[M|P|B]|Contrast|Resolution|Sharp|JPEG|Metering|Sensing|Saturation|ColorSpace|Flash|WhiteBalance";

/// Reads the EXIF of an image file; `Ok(None)` when it has none.
pub fn read_exif(name: &str, bytes: &[u8], config: &ExifConfig) -> Result<Option<Exif>> {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) else {
        return Ok(None);
    };
    let bad_regex = |e: regex::Error| Error::image(name, format!("[imaging.exif] pattern: {e}"));
    let include = match config.include_fields.trim() {
        "" => None,
        p => Some(
            regex::RegexBuilder::new(p)
                .case_insensitive(true)
                .build()
                .map_err(bad_regex)?,
        ),
    };
    let exclude_pattern = match (config.include_fields.trim(), config.exclude_fields.trim()) {
        ("", "") => DEFAULT_EXCLUDE,
        (_, p) => p,
    };
    let exclude = match exclude_pattern {
        "" => None,
        p => Some(
            regex::RegexBuilder::new(p)
                .case_insensitive(true)
                .build()
                .map_err(bad_regex)?,
        ),
    };
    let mut out = Exif::default();
    for field in exif.fields().filter(|f| f.ifd_num == exif::In::PRIMARY) {
        let tag = field.tag.to_string();
        if include.as_ref().is_some_and(|r| !r.is_match(&tag))
            || exclude.as_ref().is_some_and(|r| r.is_match(&tag))
        {
            continue;
        }
        if let Some(v) = to_value(&field.value) {
            out.tags.insert(tag, v);
        }
    }
    if !config.disable_date {
        out.date = [exif::Tag::DateTimeOriginal, exif::Tag::DateTime]
            .into_iter()
            .find_map(|t| exif.get_field(t, exif::In::PRIMARY))
            .and_then(|f| ascii(&f.value))
            .and_then(|s| exif_date(&s));
    }
    if !config.disable_lat_long {
        out.lat = coordinate(
            &exif,
            exif::Tag::GPSLatitude,
            exif::Tag::GPSLatitudeRef,
            "S",
        );
        out.long = coordinate(
            &exif,
            exif::Tag::GPSLongitude,
            exif::Tag::GPSLongitudeRef,
            "W",
        );
    }
    Ok(Some(out))
}

/// The EXIF orientation (1 to 8) of an image file, 1 when it has none.
pub fn orientation(bytes: &[u8]) -> u16 {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .ok()
        .and_then(|e| {
            e.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                .and_then(|f| f.value.get_uint(0))
        })
        .map_or(1, |o| o as u16)
        .clamp(1, 8)
}

fn ascii(v: &exif::Value) -> Option<String> {
    match v {
        exif::Value::Ascii(parts) => parts
            .first()
            .map(|p| String::from_utf8_lossy(p).trim().to_string()),
        _ => None,
    }
}

/// `2021:03:04 05:06:07` as `2021-03-04T05:06:07Z`.
fn exif_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b':' || b[7] != b':' || b[10] != b' ' {
        return None;
    }
    let digits =
        |r: std::ops::Range<usize>| s.get(r).filter(|t| t.bytes().all(|c| c.is_ascii_digit()));
    Some(format!(
        "{}-{}-{}T{}:{}:{}Z",
        digits(0..4)?,
        digits(5..7)?,
        digits(8..10)?,
        digits(11..13)?,
        digits(14..16)?,
        digits(17..19)?
    ))
}

fn coordinate(
    exif: &exif::Exif,
    tag: exif::Tag,
    reference: exif::Tag,
    negative: &str,
) -> Option<f64> {
    let f = exif.get_field(tag, exif::In::PRIMARY)?;
    let exif::Value::Rational(parts) = &f.value else {
        return None;
    };
    let deg: f64 = parts
        .iter()
        .zip([1.0, 60.0, 3600.0])
        .map(|(r, d)| r.to_f64() / d)
        .sum();
    let sign = match exif
        .get_field(reference, exif::In::PRIMARY)
        .and_then(|r| ascii(&r.value))
    {
        Some(r) if r.eq_ignore_ascii_case(negative) => -1.0,
        _ => 1.0,
    };
    Some(sign * deg)
}

fn to_value(v: &exif::Value) -> Option<Value> {
    use exif::Value as V;
    let list = |items: Vec<Value>| match items.len() {
        0 => None,
        1 => items.into_iter().next(),
        _ => Some(Value::Array(items)),
    };
    let float = |f: f64| Number::from_f64(f).map(Value::Number);
    match v {
        V::Ascii(_) => ascii(v).map(Value::String),
        V::Byte(x) => list(x.iter().map(|&n| Value::from(n)).collect()),
        V::Short(x) => list(x.iter().map(|&n| Value::from(n)).collect()),
        V::Long(x) => list(x.iter().map(|&n| Value::from(n)).collect()),
        V::SByte(x) => list(x.iter().map(|&n| Value::from(n)).collect()),
        V::SShort(x) => list(x.iter().map(|&n| Value::from(n)).collect()),
        V::SLong(x) => list(x.iter().map(|&n| Value::from(n)).collect()),
        V::Rational(x) => list(x.iter().filter_map(|r| float(r.to_f64())).collect()),
        V::SRational(x) => list(x.iter().filter_map(|r| float(r.to_f64())).collect()),
        V::Float(x) => list(x.iter().filter_map(|&f| float(f64::from(f))).collect()),
        V::Double(x) => list(x.iter().filter_map(|&f| float(f)).collect()),
        V::Undefined(..) | V::Unknown(..) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_dates_become_rfc3339() {
        assert_eq!(
            exif_date("2021:03:04 05:06:07").as_deref(),
            Some("2021-03-04T05:06:07Z")
        );
        assert_eq!(exif_date("    :  :     :  :  "), None);
    }
}
