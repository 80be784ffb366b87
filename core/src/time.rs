//! Instants in real time, to the second.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::Error;

/// An instant in real time: whole seconds since the Unix epoch (UTC).
///
/// All arithmetic of the engine is exact to the second; an instant given with a
/// fraction of a second is truncated towards the past (`12:00:00.9` is `12:00:00`).
///
/// Parsing accepts RFC 3339 (`2024-03-01T13:30:00+07:00`, `2024-03-01T06:30:00Z`)
/// or whole Unix seconds (`1709274600`).
///
/// ```
/// use loket_core::Timestamp;
/// let t: Timestamp = "2024-03-01T13:30:00+07:00".parse()?;
/// assert_eq!(t, Timestamp::from_unix(1709274600));
/// assert_eq!("1709274600".parse::<Timestamp>()?, t);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Timestamp(i64);

/// Serialized as an RFC 3339 string in UTC (`2024-03-01T06:30:00Z`); read from RFC
/// 3339 with any offset or from Unix seconds.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "format": "date-time"})
    }
}

impl Timestamp {
    /// The instant `secs` seconds after 1970-01-01T00:00:00Z.
    pub const fn from_unix(secs: i64) -> Self {
        Timestamp(secs)
    }

    /// Seconds since the Unix epoch.
    pub const fn unix(self) -> i64 {
        self.0
    }

    /// This instant as a date and time in `tz`.
    pub fn in_zone(self, tz: Tz) -> DateTime<Tz> {
        // The engine only ever holds instants that chrono can represent: every
        // constructor goes through `DateTime` or is clamped by a calendar's horizon.
        tz.timestamp_opt(self.0, 0)
            .single()
            .unwrap_or_else(|| tz.timestamp_opt(0, 0).unwrap())
    }

    /// RFC 3339 text of this instant in `tz`, e.g. `2024-03-04T13:30:00+07:00`.
    pub fn to_rfc3339(self, tz: Tz) -> String {
        use chrono::Offset;
        let d = self.in_zone(tz);
        let mut s = String::with_capacity(25);
        // RFC 3339 offsets are whole minutes. An offset with seconds (Jakarta's
        // +07:07:12 before 1924) is written to the minute, with the local time of
        // that offset, so the text still names this very instant.
        let off = d.offset().fix().local_minus_utc();
        let off = off - off % 60;
        let local = d
            .naive_utc()
            .checked_add_signed(chrono::TimeDelta::seconds(off.into()));
        write_civil(&mut s, &local.unwrap_or_else(|| d.naive_local()));
        let (sign, a) = if off < 0 { ('-', -off) } else { ('+', off) };
        let _ = write!(s, "{sign}{:02}:{:02}", a / 3600, a / 60 % 60);
        s
    }

    /// Parses RFC 3339 text or whole Unix seconds, of the years 0000–9999 (UTC).
    ///
    /// # Errors
    /// [`Error::InvalidInstant`] naming the text and the accepted forms.
    pub fn parse(text: &str) -> Result<Self, Error> {
        // Only the years RFC 3339 can write (0000–9999 UTC), so every instant read is
        // written back readably (events are stored as text and replayed).
        const RANGE: std::ops::RangeInclusive<i64> = -62_167_219_200..=253_402_300_799;
        let t = text.trim();
        let secs = if !t.is_empty()
            && t.bytes()
                .enumerate()
                .all(|(i, b)| b.is_ascii_digit() || (i == 0 && b == b'-'))
        {
            t.parse::<i64>().ok()
        } else {
            DateTime::parse_from_rfc3339(t).ok().map(|d| d.timestamp())
        };
        secs.filter(|s| RANGE.contains(s))
            .map(Timestamp)
            .ok_or_else(|| Error::InvalidInstant {
                text: text.to_string(),
            })
    }
}

impl<T: TimeZone> From<DateTime<T>> for Timestamp {
    fn from(d: DateTime<T>) -> Self {
        Timestamp(d.timestamp())
    }
}

impl FromStr for Timestamp {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Timestamp::parse(s)
    }
}

impl fmt::Display for Timestamp {
    /// UTC RFC 3339, e.g. `2024-03-04T06:30:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match Utc.timestamp_opt(self.0, 0).single() {
            Some(d) => {
                let mut s = String::with_capacity(20);
                write_civil(&mut s, &d.naive_utc());
                s.push('Z');
                f.write_str(&s)
            }
            None => write!(f, "@{}", self.0),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS`, written by hand: chrono's `format` machinery is large in
/// the browser build and slow in bulk.
fn write_civil(s: &mut String, d: &chrono::NaiveDateTime) {
    use chrono::{Datelike, Timelike};
    let _ = write!(
        s,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        d.year(),
        d.month(),
        d.day(),
        d.hour(),
        d.minute(),
        d.second()
    );
}

impl From<Timestamp> for String {
    fn from(t: Timestamp) -> String {
        t.to_string()
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// RFC 3339 text or whole unix seconds (a string or an integer).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 instant or unix seconds")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Timestamp::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Timestamp, E> {
                Timestamp::parse(&v.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}
