//! `time`: Go's `time.Time` as a host object ([`Time`]), Go's layouts for formatting and
//! parsing, Hugo's localized `time.Format` (`dateFormat`) with its `:date_long`-style layouts,
//! `time`/`time.AsTime`, `now`, and durations (`time.ParseDuration`, `time.Duration`,
//! `duration`).

use std::any::Any;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike};
use gotemplate::{CallError, Object, Value};

use crate::cast::{arity, err, to_float, to_int, to_string, Res};
use crate::env::Env;

#[path = "time_locale.rs"]
mod locale;

const NANOS: i128 = 1_000_000_000;
/// Seconds from 0001-01-01 (Go's zero time) to 1970-01-01.
const ZERO_UNIX: i64 = -62_135_596_800;

/// Go's English names, which layouts print and parse: the `en` entry of the locale table.
const LONG_MONTHS: [&str; 12] = locale::EN.months;
const LONG_DAYS: [&str; 7] = locale::EN.days;

/// Where a time is shown: Go's `*time.Location`.
#[derive(Clone, Debug, PartialEq)]
pub enum Location {
    Utc,
    /// A fixed offset east of UTC in seconds, with Go's zone name (empty for a time parsed
    /// from `+08:00`, which Go then prints as `+0800`).
    Fixed(i32, Arc<str>),
    /// A zone of the tz database (`Asia/Shanghai`).
    Zone(chrono_tz::Tz),
}

impl Location {
    /// Go's `time.LoadLocation`: `UTC` or empty for UTC, `Local` for UTC too (builds should not
    /// depend on the machine's zone), else a tz database name.
    pub fn load(name: &str) -> Result<Location, String> {
        match name {
            "" | "UTC" | "Local" => Ok(Location::Utc),
            _ => name
                .parse::<chrono_tz::Tz>()
                .map(Location::Zone)
                .map_err(|_| format!("unknown time zone {name}")),
        }
    }

    /// The offset east of UTC and the zone abbreviation at a Unix second.
    pub fn offset_at(&self, unix: i64) -> (i32, String) {
        match self {
            Location::Utc => (0, "UTC".into()),
            Location::Fixed(off, name) => (*off, name.to_string()),
            Location::Zone(tz) => {
                use chrono_tz::OffsetName;
                let utc = chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default();
                let off = tz.offset_from_utc_datetime(&utc.naive_utc());
                let secs = off.fix().local_minus_utc();
                let abbr = off.abbreviation().to_string();
                (secs, abbr)
            }
        }
    }

    /// Go's `Location.String()`.
    pub fn name(&self) -> String {
        match self {
            Location::Utc => "UTC".into(),
            Location::Fixed(_, name) => name.to_string(),
            Location::Zone(tz) => tz.name().into(),
        }
    }

    /// The Unix second of a wall-clock time read in this location.
    fn resolve(&self, local: NaiveDateTime) -> i64 {
        let naive_unix = local.and_utc().timestamp();
        match self {
            Location::Utc => naive_unix,
            Location::Fixed(off, _) => naive_unix - *off as i64,
            Location::Zone(tz) => match tz.from_local_datetime(&local) {
                chrono::LocalResult::Single(t) => t.timestamp(),
                chrono::LocalResult::Ambiguous(a, _) => a.timestamp(),
                // A time in a gap (spring forward): Go moves it by the offset before the gap.
                chrono::LocalResult::None => {
                    let (off, _) = self.offset_at(naive_unix - 86_400);
                    naive_unix - off as i64
                }
            },
        }
    }
}

/// Go's `time.Time`: an instant (seconds and nanoseconds since 1970 in UTC) and the location
/// it is shown in.
#[derive(Clone, Debug)]
pub struct Time {
    unix: i64,
    nsec: u32,
    loc: Location,
}

impl Time {
    pub fn from_unix(unix: i64, nsec: u32, loc: Location) -> Time {
        Time { unix, nsec, loc }
    }

    /// Go's zero `time.Time`: 0001-01-01 00:00:00 UTC.
    pub fn zero() -> Time {
        Time::from_unix(ZERO_UNIX, 0, Location::Utc)
    }

    /// Go's `time.Date`: fields are normalized (month 13 is January of the next year, day 0
    /// the last of the previous month), then read in `loc`.
    #[allow(clippy::too_many_arguments)] // mirrors Go's time.Date
    pub fn date(
        year: i64,
        month: i64,
        day: i64,
        hms: (i64, i64, i64),
        nsec: i64,
        loc: Location,
    ) -> Time {
        let m0 = month - 1;
        let year = year + m0.div_euclid(12);
        let month = m0.rem_euclid(12) + 1;
        let first = NaiveDate::from_ymd_opt(year as i32, month as u32, 1).unwrap_or_default();
        let days = first
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
            .timestamp()
            / 86_400
            + day
            - 1;
        let secs =
            days * 86_400 + hms.0 * 3600 + hms.1 * 60 + hms.2 + nsec.div_euclid(1_000_000_000);
        let nsec = nsec.rem_euclid(1_000_000_000) as u32;
        let local = chrono::DateTime::from_timestamp(secs, 0)
            .unwrap_or_default()
            .naive_utc();
        Time::from_unix(loc.resolve(local), nsec, loc)
    }

    pub fn from_value(v: &Value) -> Option<&Time> {
        match v {
            Value::Object(o) => o.as_any().downcast_ref::<Time>(),
            _ => None,
        }
    }

    pub fn value(self) -> Value {
        Value::Object(Arc::new(self))
    }

    pub fn unix(&self) -> i64 {
        self.unix
    }

    pub fn unix_nano(&self) -> i128 {
        self.unix as i128 * NANOS + self.nsec as i128
    }

    fn from_unix_nano(n: i128, loc: Location) -> Time {
        Time::from_unix(n.div_euclid(NANOS) as i64, n.rem_euclid(NANOS) as u32, loc)
    }

    pub fn is_zero(&self) -> bool {
        self.unix == ZERO_UNIX && self.nsec == 0
    }

    pub fn equal(&self, other: &Time) -> bool {
        self.unix == other.unix && self.nsec == other.nsec
    }

    pub fn location(&self) -> &Location {
        &self.loc
    }

    pub fn in_location(&self, loc: Location) -> Time {
        Time::from_unix(self.unix, self.nsec, loc)
    }

    /// The wall clock in the time's location, and the offset and zone name in force.
    fn civil(&self) -> (NaiveDateTime, i32, String) {
        let (off, name) = self.loc.offset_at(self.unix);
        let local = chrono::DateTime::from_timestamp(self.unix + off as i64, self.nsec)
            .unwrap_or_default()
            .naive_utc();
        (local, off, name)
    }

    pub fn year(&self) -> i64 {
        self.civil().0.year() as i64
    }

    pub fn month(&self) -> u32 {
        self.civil().0.month()
    }

    pub fn day(&self) -> u32 {
        self.civil().0.day()
    }

    /// 0 for Sunday, as Go's `time.Weekday`.
    pub fn weekday(&self) -> u32 {
        self.civil().0.weekday().num_days_from_sunday()
    }

    pub fn add_nanos(&self, d: i128) -> Time {
        Time::from_unix_nano(self.unix_nano() + d, self.loc.clone())
    }

    pub fn add_date(&self, years: i64, months: i64, days: i64) -> Time {
        let (c, _, _) = self.civil();
        Time::date(
            c.year() as i64 + years,
            c.month() as i64 + months,
            c.day() as i64 + days,
            (c.hour() as i64, c.minute() as i64, c.second() as i64),
            self.nsec as i64,
            self.loc.clone(),
        )
    }

    /// Go's `Time.Format` with a Go layout, English names.
    pub fn format(&self, layout: &str) -> String {
        let (c, off, zone) = self.civil();
        let mut out = String::new();
        let mut rest = layout;
        while !rest.is_empty() {
            let (prefix, tok, suffix) = next_chunk(rest);
            out.push_str(prefix);
            if let Some(tok) = tok {
                format_token(&mut out, tok, &c, off, &zone, self.nsec);
            }
            rest = suffix;
        }
        out
    }

    /// Go's `Time.String()`.
    pub fn go_string(&self) -> String {
        self.format("2006-01-02 15:04:05.999999999 -0700 MST")
    }

    fn round_or_truncate(&self, d: i128, round: bool) -> Time {
        if d <= 0 {
            return self.clone();
        }
        // Go rounds relative to the zero time, not the Unix epoch.
        let since_zero = self.unix_nano() - ZERO_UNIX as i128 * NANOS;
        let r = since_zero.rem_euclid(d);
        if round && r + r >= d {
            self.add_nanos(d - r)
        } else {
            self.add_nanos(-r)
        }
    }
}

/// A layout element of Go's time format.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    Pm,
    PmLower,
    Tz,
    /// `Z07:00`-style: `Z` for UTC. Fields: with colons, with seconds, hours only.
    Iso(bool, bool, bool),
    /// `-07:00`-style. Same fields.
    Num(bool, bool, bool),
    /// Fractional seconds: digits, trim zeros (`9`), separator.
    Frac(usize, bool, char),
}

fn starts_lower(s: &str) -> bool {
    s.as_bytes().first().is_some_and(|b| b.is_ascii_lowercase())
}

/// Go's `nextStdChunk`: the literal text before the first layout element, the element, and
/// the rest.
fn next_chunk(layout: &str) -> (&str, Option<Tok>, &str) {
    let b = layout.as_bytes();
    let at = |i: usize, s: &str| layout[i..].starts_with(s);
    for i in 0..b.len() {
        let hit = |len: usize, t: Tok| Some((&layout[..i], Some(t), &layout[i + len..]));
        let found = match b[i] {
            b'J' if at(i, "Jan") => {
                if at(i, "January") {
                    hit(7, Tok::LongMonth)
                } else if !starts_lower(&layout[i + 3..]) {
                    hit(3, Tok::Month)
                } else {
                    None
                }
            }
            b'M' if at(i, "Mon") => {
                if at(i, "Monday") {
                    hit(6, Tok::LongWeekDay)
                } else if !starts_lower(&layout[i + 3..]) {
                    hit(3, Tok::WeekDay)
                } else {
                    None
                }
            }
            b'M' if at(i, "MST") => hit(3, Tok::Tz),
            b'0' if i + 1 < b.len() && (b'1'..=b'6').contains(&b[i + 1]) => {
                let t = [
                    Tok::ZeroMonth,
                    Tok::ZeroDay,
                    Tok::ZeroHour12,
                    Tok::ZeroMinute,
                    Tok::ZeroSecond,
                    Tok::Year,
                ][(b[i + 1] - b'1') as usize];
                hit(2, t)
            }
            b'0' if at(i, "002") => hit(3, Tok::ZeroYearDay),
            b'1' if at(i, "15") => hit(2, Tok::Hour),
            b'1' => hit(1, Tok::NumMonth),
            b'2' if at(i, "2006") => hit(4, Tok::LongYear),
            b'2' => hit(1, Tok::Day),
            b'_' if at(i, "_2") => {
                if at(i, "_2006") {
                    Some((&layout[..i + 1], Some(Tok::LongYear), &layout[i + 5..]))
                } else {
                    hit(2, Tok::UnderDay)
                }
            }
            b'_' if at(i, "__2") => hit(3, Tok::UnderYearDay),
            b'3' => hit(1, Tok::Hour12),
            b'4' => hit(1, Tok::Minute),
            b'5' => hit(1, Tok::Second),
            b'P' if at(i, "PM") => hit(2, Tok::Pm),
            b'p' if at(i, "pm") => hit(2, Tok::PmLower),
            b'-' if at(i, "-070000") => hit(7, Tok::Num(false, true, false)),
            b'-' if at(i, "-07:00:00") => hit(9, Tok::Num(true, true, false)),
            b'-' if at(i, "-0700") => hit(5, Tok::Num(false, false, false)),
            b'-' if at(i, "-07:00") => hit(6, Tok::Num(true, false, false)),
            b'-' if at(i, "-07") => hit(3, Tok::Num(false, false, true)),
            b'Z' if at(i, "Z070000") => hit(7, Tok::Iso(false, true, false)),
            b'Z' if at(i, "Z07:00:00") => hit(9, Tok::Iso(true, true, false)),
            b'Z' if at(i, "Z0700") => hit(5, Tok::Iso(false, false, false)),
            b'Z' if at(i, "Z07:00") => hit(6, Tok::Iso(true, false, false)),
            b'Z' if at(i, "Z07") => hit(3, Tok::Iso(false, false, true)),
            b'.' | b',' if i + 1 < b.len() && (b[i + 1] == b'0' || b[i + 1] == b'9') => {
                let ch = b[i + 1];
                let mut j = i + 1;
                while j < b.len() && b[j] == ch {
                    j += 1;
                }
                if j < b.len() && b[j].is_ascii_digit() {
                    None
                } else {
                    let tok = Tok::Frac(j - i - 1, ch == b'9', b[i] as char);
                    Some((&layout[..i], Some(tok), &layout[j..]))
                }
            }
            _ => None,
        };
        if let Some(f) = found {
            return f;
        }
    }
    (layout, None, "")
}

fn pad(out: &mut String, v: i64, width: usize) {
    if v < 0 {
        out.push('-');
        out.push_str(&format!("{:0width$}", -v, width = width));
    } else {
        out.push_str(&format!("{v:0width$}"));
    }
}

fn format_token(out: &mut String, tok: Tok, c: &NaiveDateTime, off: i32, zone: &str, nsec: u32) {
    let hour12 = match c.hour() % 12 {
        0 => 12,
        h => h,
    };
    match tok {
        Tok::LongMonth => out.push_str(LONG_MONTHS[c.month0() as usize]),
        Tok::Month => out.push_str(&LONG_MONTHS[c.month0() as usize][..3]),
        Tok::NumMonth => pad(out, c.month() as i64, 0),
        Tok::ZeroMonth => pad(out, c.month() as i64, 2),
        Tok::LongWeekDay => out.push_str(LONG_DAYS[c.weekday().num_days_from_sunday() as usize]),
        Tok::WeekDay => out.push_str(&LONG_DAYS[c.weekday().num_days_from_sunday() as usize][..3]),
        Tok::Day => pad(out, c.day() as i64, 0),
        Tok::UnderDay => out.push_str(&format!("{:>2}", c.day())),
        Tok::ZeroDay => pad(out, c.day() as i64, 2),
        Tok::UnderYearDay => out.push_str(&format!("{:>3}", c.ordinal())),
        Tok::ZeroYearDay => pad(out, c.ordinal() as i64, 3),
        Tok::Hour => pad(out, c.hour() as i64, 2),
        Tok::Hour12 => pad(out, hour12 as i64, 0),
        Tok::ZeroHour12 => pad(out, hour12 as i64, 2),
        Tok::Minute => pad(out, c.minute() as i64, 0),
        Tok::ZeroMinute => pad(out, c.minute() as i64, 2),
        Tok::Second => pad(out, c.second() as i64, 0),
        Tok::ZeroSecond => pad(out, c.second() as i64, 2),
        Tok::LongYear => pad(out, c.year() as i64, 4),
        Tok::Year => pad(out, (c.year() % 100) as i64, 2),
        Tok::Pm => out.push_str(if c.hour() >= 12 { "PM" } else { "AM" }),
        Tok::PmLower => out.push_str(if c.hour() >= 12 { "pm" } else { "am" }),
        Tok::Tz => {
            if !zone.is_empty() {
                out.push_str(zone);
            } else {
                let m = off / 60;
                out.push(if m < 0 { '-' } else { '+' });
                pad(out, (m.abs() / 60) as i64, 2);
                pad(out, (m.abs() % 60) as i64, 2);
            }
        }
        Tok::Iso(colon, secs, short) | Tok::Num(colon, secs, short) => {
            if matches!(tok, Tok::Iso(..)) && off == 0 {
                out.push('Z');
                return;
            }
            let a = off.abs();
            out.push(if off < 0 { '-' } else { '+' });
            pad(out, (a / 3600) as i64, 2);
            if !short {
                if colon {
                    out.push(':');
                }
                pad(out, (a / 60 % 60) as i64, 2);
            }
            if secs {
                if colon {
                    out.push(':');
                }
                pad(out, (a % 60) as i64, 2);
            }
        }
        Tok::Frac(n, trim, sep) => {
            let digits = format!("{nsec:09}");
            let mut d = &digits[..n.min(9)];
            if trim {
                d = d.trim_end_matches('0');
                if d.is_empty() {
                    return;
                }
            }
            out.push(sep);
            out.push_str(d);
        }
    }
}

/// Go's `time.Parse`/`ParseInLocation` with a layout; `loc` is used when the text has no zone.
pub fn parse_layout(layout: &str, value: &str, loc: &Location) -> Result<Time, String> {
    let fail = || format!("parsing time {value:?} as {layout:?}: cannot parse");
    let (mut year, mut month, mut day, mut yday) = (1i64, 1i64, 1i64, -1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let mut pm: Option<bool> = None;
    let mut zone_off: Option<i32> = None;
    let mut zone_name: Option<String> = None;
    let (mut lay, mut val) = (layout, value);
    loop {
        let (prefix, tok, suffix) = next_chunk(lay);
        val = val.strip_prefix(prefix).ok_or_else(fail)?;
        let Some(tok) = tok else {
            if !val.is_empty() {
                return Err(format!("parsing time {value:?}: extra text: {val:?}"));
            }
            break;
        };
        lay = suffix;
        let num = |v: &mut &str, min_d: usize, max_d: usize| -> Option<i64> {
            let n = v.bytes().take(max_d).take_while(u8::is_ascii_digit).count();
            if n < min_d {
                return None;
            }
            let r = v[..n].parse().ok();
            *v = &v[n..];
            r
        };
        match tok {
            Tok::LongYear => year = num(&mut val, 4, 4).ok_or_else(fail)?,
            Tok::Year => {
                let y = num(&mut val, 2, 2).ok_or_else(fail)?;
                year = if y >= 69 { 1900 + y } else { 2000 + y };
            }
            Tok::LongMonth | Tok::Month => {
                let full = tok == Tok::LongMonth;
                let i = LONG_MONTHS
                    .iter()
                    .position(|m| {
                        let name = if full { m } else { &m[..3] };
                        val.len() >= name.len() && val[..name.len()].eq_ignore_ascii_case(name)
                    })
                    .ok_or_else(fail)?;
                val = &val[if full { LONG_MONTHS[i].len() } else { 3 }..];
                month = i as i64 + 1;
            }
            Tok::NumMonth | Tok::ZeroMonth => {
                month =
                    num(&mut val, if tok == Tok::ZeroMonth { 2 } else { 1 }, 2).ok_or_else(fail)?
            }
            Tok::LongWeekDay | Tok::WeekDay => {
                let full = tok == Tok::LongWeekDay;
                let i = LONG_DAYS
                    .iter()
                    .position(|d| {
                        let name = if full { d } else { &d[..3] };
                        val.len() >= name.len() && val[..name.len()].eq_ignore_ascii_case(name)
                    })
                    .ok_or_else(fail)?;
                val = &val[if full { LONG_DAYS[i].len() } else { 3 }..];
            }
            Tok::Day | Tok::UnderDay | Tok::ZeroDay => {
                if tok == Tok::UnderDay {
                    val = val.strip_prefix(' ').unwrap_or(val);
                }
                day = num(&mut val, if tok == Tok::ZeroDay { 2 } else { 1 }, 2).ok_or_else(fail)?
            }
            Tok::UnderYearDay | Tok::ZeroYearDay => {
                val = val.trim_start_matches(' ');
                yday = num(&mut val, 1, 3).ok_or_else(fail)?
            }
            Tok::Hour => hour = num(&mut val, 1, 2).ok_or_else(fail)?,
            Tok::Hour12 | Tok::ZeroHour12 => {
                hour =
                    num(&mut val, if tok == Tok::ZeroHour12 { 2 } else { 1 }, 2).ok_or_else(fail)?
            }
            Tok::Minute | Tok::ZeroMinute => {
                min =
                    num(&mut val, if tok == Tok::ZeroMinute { 2 } else { 1 }, 2).ok_or_else(fail)?
            }
            Tok::Second | Tok::ZeroSecond => {
                sec = num(&mut val, if tok == Tok::ZeroSecond { 2 } else { 1 }, 2)
                    .ok_or_else(fail)?;
                // Go reads a fractional second the layout does not mention.
                if let Some(rest) = val.strip_prefix(['.', ',']) {
                    if !matches!(next_chunk(lay).1, Some(Tok::Frac(..)))
                        && rest.starts_with(|c: char| c.is_ascii_digit())
                    {
                        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
                        nsec = frac_nanos(&rest[..n]);
                        val = &rest[n..];
                    }
                }
            }
            Tok::Frac(n, trim, _) => {
                if let Some(rest) = val.strip_prefix(['.', ',']) {
                    let k = rest.bytes().take_while(u8::is_ascii_digit).count();
                    if !trim && k != n {
                        return Err(fail());
                    }
                    nsec = frac_nanos(&rest[..k]);
                    val = &rest[k..];
                } else if !trim {
                    return Err(fail());
                }
            }
            Tok::Pm | Tok::PmLower => {
                let p = val.get(..2).ok_or_else(fail)?.to_ascii_uppercase();
                pm = Some(match p.as_str() {
                    "PM" => true,
                    "AM" => false,
                    _ => return Err(fail()),
                });
                val = &val[2..];
            }
            Tok::Tz => {
                if val.starts_with("UTC") {
                    zone_name = Some("UTC".into());
                    zone_off = Some(0);
                    val = &val[3..];
                } else {
                    let n = val.bytes().take_while(u8::is_ascii_uppercase).count();
                    if n < 3 {
                        return Err(fail());
                    }
                    zone_name = Some(val[..n].to_string());
                    val = &val[n..];
                }
            }
            Tok::Iso(colon, secs, short) | Tok::Num(colon, secs, short) => {
                if matches!(tok, Tok::Iso(..)) && val.starts_with('Z') {
                    val = &val[1..];
                    zone_off = Some(0);
                    zone_name = Some("UTC".into());
                    continue;
                }
                let sign = match val.as_bytes().first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return Err(fail()),
                };
                val = &val[1..];
                let h = num(&mut val, 2, 2).ok_or_else(fail)?;
                let mut m = 0;
                let mut s = 0;
                if !short {
                    if colon {
                        val = val.strip_prefix(':').ok_or_else(fail)?;
                    }
                    m = num(&mut val, 2, 2).ok_or_else(fail)?;
                }
                if secs {
                    if colon {
                        val = val.strip_prefix(':').ok_or_else(fail)?;
                    }
                    s = num(&mut val, 2, 2).ok_or_else(fail)?;
                }
                zone_off = Some(sign * (h * 3600 + m * 60 + s) as i32);
            }
        }
    }
    if let Some(p) = pm {
        if p && hour < 12 {
            hour += 12;
        } else if !p && hour == 12 {
            hour = 0;
        }
    }
    if !(1..=12).contains(&month) || hour > 23 || min > 59 || sec > 59 {
        return Err(format!("parsing time {value:?}: value out of range"));
    }
    if yday >= 0 {
        let d = NaiveDate::from_yo_opt(year as i32, yday as u32).ok_or_else(fail)?;
        month = d.month() as i64;
        day = d.day() as i64;
    }
    if NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32).is_none() {
        return Err(format!("parsing time {value:?}: day out of range"));
    }
    let location = match (zone_off, zone_name) {
        (Some(0), Some(n)) if n == "UTC" => Location::Utc,
        // An offset in the text makes a zone of its own, without a name (Hugo parses these
        // with time.Parse, not in the site's zone).
        (Some(off), _) => Location::Fixed(off, "".into()),
        (None, Some(name)) => Location::Fixed(0, name.into()),
        (None, None) => loc.clone(),
    };
    Ok(Time::date(
        year,
        month,
        day,
        (hour, min, sec),
        nsec,
        location,
    ))
}

fn frac_nanos(digits: &str) -> i64 {
    let mut d = digits.to_string();
    d.truncate(9);
    while d.len() < 9 {
        d.push('0');
    }
    d.parse().unwrap_or(0)
}

/// The layouts spf13/cast tries, in order, when a string becomes a time.
const PARSE_LAYOUTS: &[&str] = &[
    "2006-01-02T15:04:05Z07:00",
    "2006-01-02T15:04:05",
    "Mon, 02 Jan 2006 15:04:05 -0700",
    "Mon, 02 Jan 2006 15:04:05 MST",
    "02 Jan 06 15:04 -0700",
    "02 Jan 06 15:04 MST",
    "Monday, 02-Jan-06 15:04:05 MST",
    "2006-01-02 15:04:05.999999999 -0700 MST",
    "2006-01-02T15:04:05-0700",
    "2006-01-02 15:04:05Z0700",
    "2006-01-02 15:04:05",
    "Mon Jan _2 15:04:05 2006",
    "Mon Jan _2 15:04:05 MST 2006",
    "Mon Jan 02 15:04:05 -0700 2006",
    "2006-01-02 15:04:05Z07:00",
    "2006-01-02",
    "02 Jan 2006",
    "2006-01-02 15:04:05 -07:00",
    "2006-01-02 15:04:05 -0700",
    "3:04PM",
    "Jan _2 15:04:05",
    "Jan _2 15:04:05.000",
    "Jan _2 15:04:05.000000",
    "Jan _2 15:04:05.000000000",
];

/// A string as a time, the way Hugo reads dates (`time "2020-01-02"`): the first layout that
/// fits; without a zone in the text, `loc`.
pub fn parse_time(s: &str, loc: &Location) -> Result<Time, String> {
    for layout in PARSE_LAYOUTS {
        if let Ok(t) = parse_layout(layout, s, loc) {
            return Ok(t);
        }
    }
    Err(format!("unable to parse date: {s}"))
}

/// Hugo's `time.AsTime` rules for any value: a time stays itself, a string is parsed, a number
/// is Unix seconds.
pub fn as_time(v: &Value, loc: &Location) -> Res<Time> {
    if let Some(t) = Time::from_value(v) {
        return Ok(t.clone());
    }
    match v {
        Value::String(s) | Value::Safe(_, s) => parse_time(s, loc).map_err(CallError::Message),
        Value::Int(_) | Value::Uint(_) | Value::Float(_) => {
            Ok(Time::from_unix(to_int(v)?, 0, loc.clone()))
        }
        _ => err(format!(
            "unable to cast {} of type {} to Time",
            crate::cast::go_syntax(v),
            v.type_name()
        )),
    }
}

/// A `time.Duration`: nanoseconds, printed as Go prints it (`1h2m3s`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Duration(pub i64);

impl Duration {
    pub fn from_value(v: &Value) -> Option<Duration> {
        match v {
            Value::Object(o) => o.as_any().downcast_ref::<Duration>().copied(),
            _ => None,
        }
    }

    pub fn value(self) -> Value {
        Value::Object(Arc::new(self))
    }

    /// Go's `Duration.String()`.
    pub fn go_string(self) -> String {
        let neg = self.0 < 0;
        let u = self.0.unsigned_abs();
        let body = if u == 0 {
            "0s".to_string()
        } else if u < 1_000_000_000 {
            let (unit, div, prec) = if u < 1_000 {
                ("ns", 1u64, 0)
            } else if u < 1_000_000 {
                ("µs", 1_000, 3)
            } else {
                ("ms", 1_000_000, 6)
            };
            format!("{}{unit}", frac_str(u, div, prec))
        } else {
            let secs = u / 1_000_000_000;
            let mut s = String::new();
            let (h, m) = (secs / 3600, secs / 60 % 60);
            if h > 0 {
                s.push_str(&format!("{h}h"));
            }
            if h > 0 || m > 0 {
                s.push_str(&format!("{m}m"));
            }
            let rem = u % 60_000_000_000;
            s.push_str(&format!("{}s", frac_str(rem, 1_000_000_000, 9)));
            s
        };
        if neg {
            format!("-{body}")
        } else {
            body
        }
    }
}

/// `n / div` with up to `prec` decimals, trailing zeros dropped.
fn frac_str(n: u64, div: u64, prec: usize) -> String {
    let whole = n / div;
    if prec == 0 {
        return whole.to_string();
    }
    let frac = format!("{:0prec$}", n % div, prec = prec);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{frac}")
    }
}

/// Go's `time.ParseDuration`: `300ms`, `-1.5h`, `2h45m`; units ns, us, µs, ms, s, m, h.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("time: invalid duration {s:?}");
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(Duration(0));
    }
    if rest.is_empty() {
        return Err(bad());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let n = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if n == 0 {
            return Err(bad());
        }
        let number: f64 = rest[..n].parse().map_err(|_| bad())?;
        rest = &rest[n..];
        let u = rest
            .bytes()
            .take_while(|b| !(b.is_ascii_digit() || *b == b'.'))
            .count();
        let unit = match &rest[..u] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err(format!("time: missing unit in duration {s:?}")),
            other => return Err(format!("time: unknown unit {other:?} in duration {s:?}")),
        };
        rest = &rest[u..];
        total += number * unit;
    }
    let d = total.round() as i64;
    Ok(Duration(if neg { -d } else { d }))
}

/// A month as Go's `time.Month`: prints its English name, converts to its number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Month(pub u32);

/// A weekday as Go's `time.Weekday` (0 = Sunday).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weekday(pub u32);

impl Object for Month {
    fn type_name(&self) -> &str {
        "time.Month"
    }
    fn get(&self, name: &str, _: &[Value]) -> Option<Res<Value>> {
        (name == "String").then(|| Ok(Value::str(&self.print())))
    }
    fn equals(&self, other: &dyn Object) -> bool {
        other.as_any().downcast_ref::<Month>() == Some(self)
    }
    fn print(&self) -> String {
        LONG_MONTHS[(self.0 as usize + 11) % 12].into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Object for Weekday {
    fn type_name(&self) -> &str {
        "time.Weekday"
    }
    fn get(&self, name: &str, _: &[Value]) -> Option<Res<Value>> {
        (name == "String").then(|| Ok(Value::str(&self.print())))
    }
    fn equals(&self, other: &dyn Object) -> bool {
        other.as_any().downcast_ref::<Weekday>() == Some(self)
    }
    fn print(&self) -> String {
        LONG_DAYS[self.0 as usize % 7].into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The integer behind Go's integer-kinded types this crate hands out (`time.Month`,
/// `time.Weekday`, `time.Duration`), for `int`, arithmetic and comparisons.
pub fn integer_of(v: &Value) -> Option<i64> {
    let Value::Object(o) = v else { return None };
    let any = o.as_any();
    if let Some(m) = any.downcast_ref::<Month>() {
        return Some(m.0 as i64);
    }
    if let Some(w) = any.downcast_ref::<Weekday>() {
        return Some(w.0 as i64);
    }
    any.downcast_ref::<Duration>().map(|d| d.0)
}

fn dur_arg(v: &Value) -> Res<i128> {
    if let Some(d) = Duration::from_value(v) {
        return Ok(d.0 as i128);
    }
    Ok(to_int(v)? as i128)
}

impl Object for Duration {
    fn type_name(&self) -> &str {
        "time.Duration"
    }
    fn get(&self, name: &str, args: &[Value]) -> Option<Res<Value>> {
        let n = self.0;
        Some(Ok(match name {
            "Hours" => Value::Float(n as f64 / 3.6e12),
            "Minutes" => Value::Float(n as f64 / 6e10),
            "Seconds" => Value::Float(n as f64 / 1e9),
            "Milliseconds" => Value::Int(n / 1_000_000),
            "Microseconds" => Value::Int(n / 1_000),
            "Nanoseconds" => Value::Int(n),
            "String" => Value::str(&self.go_string()),
            "Abs" => Duration(n.saturating_abs()).value(),
            "Round" | "Truncate" => {
                let m = match args.first().map(dur_arg) {
                    Some(Ok(m)) => m as i64,
                    Some(Err(e)) => return Some(Err(e)),
                    None => {
                        return Some(err(format!(
                            "wrong number of args for {name}: want 1 got 0"
                        )))
                    }
                };
                if m <= 0 {
                    return Some(Ok(self.value()));
                }
                let r = n % m;
                let out = if name == "Truncate" {
                    n - r
                } else if r.abs() * 2 >= m {
                    n - r + m * n.signum()
                } else {
                    n - r
                };
                Duration(out).value()
            }
            _ => return None,
        }))
    }
    fn equals(&self, other: &dyn Object) -> bool {
        other.as_any().downcast_ref::<Duration>() == Some(self)
    }
    fn print(&self) -> String {
        self.go_string()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn time_arg(args: &[Value], method: &str) -> Res<Time> {
    match args.first().and_then(Time::from_value) {
        Some(t) => Ok(t.clone()),
        None => err(format!("{method}: want a time.Time argument")),
    }
}

impl Object for Time {
    fn type_name(&self) -> &str {
        "time.Time"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Res<Value>> {
        let (c, _, _) = self.civil();
        let int = |i: i64| Ok(Value::Int(i));
        Some(match name {
            "Format" => match args.first().map(to_string) {
                Some(Ok(layout)) => Ok(Value::str(&self.format(&layout))),
                Some(Err(e)) => Err(e),
                None => err("wrong number of args for Format: want 1 got 0"),
            },
            "Year" => int(c.year() as i64),
            "Month" => Ok(Value::Object(Arc::new(Month(c.month())))),
            "Day" => int(c.day() as i64),
            "Hour" => int(c.hour() as i64),
            "Minute" => int(c.minute() as i64),
            "Second" => int(c.second() as i64),
            "Nanosecond" => int(self.nsec as i64),
            "YearDay" => int(c.ordinal() as i64),
            "Weekday" => Ok(Value::Object(Arc::new(Weekday(
                c.weekday().num_days_from_sunday(),
            )))),
            "Unix" => int(self.unix),
            "UnixMilli" => int((self.unix_nano() / 1_000_000) as i64),
            "UnixMicro" => int((self.unix_nano() / 1_000) as i64),
            "UnixNano" => int(self.unix_nano() as i64),
            "IsZero" => Ok(Value::Bool(self.is_zero())),
            "Before" => time_arg(args, name).map(|o| Value::Bool(self.unix_nano() < o.unix_nano())),
            "After" => time_arg(args, name).map(|o| Value::Bool(self.unix_nano() > o.unix_nano())),
            "Equal" => time_arg(args, name).map(|o| Value::Bool(self.equal(&o))),
            "Compare" => time_arg(args, name)
                .map(|o| Value::Int(self.unix_nano().cmp(&o.unix_nano()) as i64)),
            "Sub" => time_arg(args, name)
                .map(|o| Duration((self.unix_nano() - o.unix_nano()) as i64).value()),
            "Add" => match args.first().map(dur_arg) {
                Some(Ok(d)) => Ok(self.add_nanos(d).value()),
                Some(Err(e)) => Err(e),
                None => err("wrong number of args for Add: want 1 got 0"),
            },
            "AddDate" => {
                if args.len() != 3 {
                    err(format!(
                        "wrong number of args for AddDate: want 3 got {}",
                        args.len()
                    ))
                } else {
                    (|| {
                        Ok(self
                            .add_date(to_int(&args[0])?, to_int(&args[1])?, to_int(&args[2])?)
                            .value())
                    })()
                }
            }
            "UTC" => Ok(self.in_location(Location::Utc).value()),
            // The build's local zone is UTC: output must not depend on the machine.
            "Local" => Ok(self.in_location(Location::Utc).value()),
            "In" => match args.first() {
                Some(Value::String(s)) => Location::load(s)
                    .map(|l| self.in_location(l).value())
                    .map_err(CallError::Message),
                _ => err("In: want a location"),
            },
            "Location" => Ok(Value::str(&self.loc.name())),
            "Round" | "Truncate" => match args.first().map(dur_arg) {
                Some(Ok(d)) => Ok(self.round_or_truncate(d, name == "Round").value()),
                Some(Err(e)) => Err(e),
                None => err(format!("wrong number of args for {name}: want 1 got 0")),
            },
            "String" => Ok(Value::str(&self.go_string())),
            _ => return None,
        })
    }

    fn equals(&self, other: &dyn Object) -> bool {
        other
            .as_any()
            .downcast_ref::<Time>()
            .is_some_and(|o| self.equal(o))
    }

    fn print(&self) -> String {
        self.go_string()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Hugo's localized formatting: Go's layout, then the English month and day names replaced
/// by the language's (only the long ones if the layout has a long one), or one of Hugo's
/// named layouts (`:date_full`, `:date_long`, `:date_medium`, `:date_short`, `:time_full`,
/// `:time_long`, `:time_medium`, `:time_short`) in the language's own pattern.
pub fn format_localized(t: &Time, layout: &str, language: &str) -> String {
    let loc = locale::find(language);
    if let Some(named) = layout.strip_prefix(':') {
        let (c, _, zone) = t.civil();
        let f = locale::Fields {
            year: c.year() as i64,
            month: c.month(),
            day: c.day(),
            weekday: c.weekday().num_days_from_sunday(),
            hour: c.hour(),
            minute: c.minute(),
            second: c.second(),
            zone,
        };
        if let Some(s) = locale::named(loc, &named.to_ascii_lowercase(), &f) {
            return s;
        }
    }
    let mut s = t.format(layout);
    let m = t.month() as usize - 1;
    let d = t.weekday() as usize;
    if layout.contains("January") {
        s = s.replace(LONG_MONTHS[m], loc.months[m]);
    } else if layout.contains("Jan") {
        s = s.replace(&LONG_MONTHS[m][..3], loc.short_months[m]);
    }
    if layout.contains("Monday") {
        s = s.replace(LONG_DAYS[d], loc.days[d]);
    } else if layout.contains("Mon") {
        s = s.replace(&LONG_DAYS[d][..3], loc.short_days[d]);
    }
    s
}

// ---- the template functions ----

/// `time.AsTime INPUT [TIMEZONE]` (and `time`): a time from a time, a date string or Unix
/// seconds; a string without a zone is read in TIMEZONE, else the site's zone.
pub fn as_time_fn(env: &Env, args: &[Value]) -> Res<Value> {
    arity("time.AsTime", args, 1, 2)?;
    let loc = match args.get(1) {
        Some(v) => Location::load(&to_string(v)?).map_err(CallError::Message)?,
        None => env.location.clone(),
    };
    Ok(as_time(&args[0], &loc)?.value())
}

/// `time.Format LAYOUT INPUT` (and `dateFormat`): INPUT (a time, or a date string, which Hugo
/// 0.168 parses in the site's zone) formatted with a Go layout in the site's language.
pub fn format_fn(env: &Env, args: &[Value]) -> Res<Value> {
    arity("time.Format", args, 2, 2)?;
    let layout = to_string(&args[0])?;
    let t = as_time(&args[1], &env.location)?;
    Ok(Value::str(&format_localized(&t, &layout, &env.language)))
}

/// `now` (`time.Now`): the clock the host set in [`Env::clock`], else the system's, in the
/// site's zone.
pub fn now_fn(env: &Env, args: &[Value]) -> Res<Value> {
    arity("now", args, 0, 0)?;
    if let Some(t) = &env.clock {
        return Ok(t.clone().value());
    }
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Ok(Time::from_unix(n.as_secs() as i64, n.subsec_nanos(), env.location.clone()).value())
}

/// `time.ParseDuration "1h30m"`.
pub fn parse_duration_fn(args: &[Value]) -> Res<Value> {
    arity("time.ParseDuration", args, 1, 1)?;
    parse_duration(&to_string(&args[0])?)
        .map(Duration::value)
        .map_err(CallError::Message)
}

/// `time.Duration UNIT NUMBER` (and `duration`): NUMBER of UNIT (`nanosecond`/`ns`,
/// `microsecond`/`us`/`µs`, `millisecond`/`ms`, `second`/`s`, `minute`/`m`, `hour`/`h`).
pub fn duration_fn(args: &[Value]) -> Res<Value> {
    arity("time.Duration", args, 2, 2)?;
    let unit = to_string(&args[0])?;
    let nanos: f64 = match unit.as_str() {
        "nanosecond" | "ns" => 1.0,
        "microsecond" | "us" | "µs" => 1e3,
        "millisecond" | "ms" => 1e6,
        "second" | "s" => 1e9,
        "minute" | "m" => 60e9,
        "hour" | "h" => 3600e9,
        _ => return err(format!("{unit:?} is not a valid duration unit")),
    };
    let n = match &args[1] {
        Value::Float(f) => *f,
        other => to_float(other)?,
    };
    Ok(Duration((n * nanos) as i64).value())
}
