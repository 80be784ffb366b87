//! Operational durations: time units (seconds) or operational days.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{DurationReason, Error};

/// A span of *operational* time: either an exact number of operational seconds
/// (written `90s`, `45m`, `3h`, `8h30m`) or a number of operational days (`2d`).
///
/// The two are different units, not multiples of each other: an operational day is
/// "the same wall-clock time on the N-th next open day" (see
/// [`Calendar::add`](crate::Calendar::add)), and its length in seconds depends on the
/// day (a Friday of the default profile is 7 hours, Monday 8½). Mixing them in one
/// value (`1d2h`) is refused.
///
/// ```
/// use loket_core::OpDuration;
/// assert_eq!("8h30m".parse::<OpDuration>()?, OpDuration::Seconds(30_600));
/// assert_eq!("-2d".parse::<OpDuration>()?, OpDuration::Days(-2));
/// assert_eq!(OpDuration::Seconds(30_600).to_string(), "8h30m");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub enum OpDuration {
    /// Operational seconds.
    Seconds(i64),
    /// Operational days.
    Days(i32),
}

/// The largest magnitude accepted: about 300 years of continuous operational time.
const MAX_SECONDS: i64 = 10_000_000_000;
const MAX_DAYS: i64 = 1_000_000;

impl OpDuration {
    /// Parses `90s`, `45m`, `3h`, `8h30m`, `1h0m5s`, `2d`, with an optional leading `-`.
    ///
    /// # Errors
    /// [`Error::InvalidDuration`] saying what was wrong and the accepted shape.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let bad = |reason: DurationReason| Error::InvalidDuration {
            text: text.to_string(),
            reason,
        };
        let t = text.trim();
        let (neg, body) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        if body.is_empty() {
            return Err(bad(DurationReason::Empty));
        }
        let mut seconds: i64 = 0;
        let mut days: Option<i64> = None;
        let mut last_rank = 0u8;
        let mut digits = String::new();
        for c in body.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let (rank, factor) = match c {
                'd' => (1, 0),
                'h' => (2, 3600),
                'm' => (3, 60),
                's' => (4, 1),
                _ => return Err(bad(DurationReason::NotAUnit(c))),
            };
            if digits.is_empty() {
                return Err(bad(DurationReason::NoNumberBefore(c)));
            }
            if rank <= last_rank {
                return Err(bad(DurationReason::UnitOrder));
            }
            last_rank = rank;
            let n: i64 = digits
                .parse()
                .ok()
                .filter(|n| *n <= MAX_SECONDS)
                .ok_or_else(|| bad(DurationReason::NumberTooLarge))?;
            digits.clear();
            if factor == 0 {
                days = Some(n);
            } else {
                seconds = n
                    .checked_mul(factor)
                    .and_then(|s| seconds.checked_add(s))
                    .filter(|s| *s <= MAX_SECONDS)
                    .ok_or_else(|| bad(DurationReason::DurationTooLarge))?;
            }
        }
        if !digits.is_empty() {
            return Err(bad(DurationReason::MissingUnit));
        }
        let sign = if neg { -1 } else { 1 };
        match days {
            Some(_) if last_rank > 1 => Err(bad(DurationReason::MixedDays)),
            Some(d) if d > MAX_DAYS => Err(bad(DurationReason::TooManyDays)),
            Some(d) => Ok(OpDuration::Days((sign * d) as i32)),
            None => Ok(OpDuration::Seconds(sign * seconds)),
        }
    }

    /// The same duration with the opposite sign.
    pub fn negated(self) -> Self {
        match self {
            OpDuration::Seconds(s) => OpDuration::Seconds(-s),
            OpDuration::Days(d) => OpDuration::Days(-d),
        }
    }

    /// Whether the duration goes backwards.
    pub fn is_negative(self) -> bool {
        match self {
            OpDuration::Seconds(s) => s < 0,
            OpDuration::Days(d) => d < 0,
        }
    }
}

/// Writes a number of seconds as `8h30m`, `45s`, `0s`, `-1h`.
///
/// # Example
///
/// ```
/// use loket_core::{format_seconds, OpDuration};
///
/// assert_eq!(format_seconds(3 * 3600 + 45), "3h45s");
/// // What `OpDuration` reads back:
/// assert_eq!(format_seconds(5400).parse::<OpDuration>()?, OpDuration::Seconds(5400));
/// # Ok::<(), loket_core::Error>(())
/// ```
pub fn format_seconds(secs: i64) -> String {
    let mut out = String::new();
    if secs < 0 {
        out.push('-');
    }
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || a == 0 {
        out.push_str(&format!("{s}s"));
    }
    out
}

impl fmt::Display for OpDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpDuration::Seconds(s) => f.write_str(&format_seconds(*s)),
            OpDuration::Days(d) => write!(f, "{d}d"),
        }
    }
}

impl FromStr for OpDuration {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        OpDuration::parse(s)
    }
}

/// Serialized as its text: `"90s"`, `"45m"`, `"8h30m"`, `"2d"` (operational days).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for OpDuration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OpDuration".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "pattern": "^-?([0-9]+[dhms])+$"})
    }
}

impl TryFrom<String> for OpDuration {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        OpDuration::parse(&s)
    }
}

impl From<OpDuration> for String {
    fn from(d: OpDuration) -> String {
        d.to_string()
    }
}
