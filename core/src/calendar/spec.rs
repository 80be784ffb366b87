//! The calendar as data: what an administrator writes in TOML or JSON.

use std::fmt;

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{CalendarError, Document, Error, IntervalReason};

pub use crate::kind::HolidayKind;

/// An operating calendar as written in a file (TOML or JSON, same fields).
///
/// ```toml
/// timezone = "Asia/Jakarta"
/// collective_leave_off = true          # cuti bersama closes the desk (default true)
/// [week]                               # a weekday left out, or [], is closed
/// mon = ["07:00-15:30"]
/// fri = ["07:00-14:00"]
/// [[holiday]]
/// date = "2024-04-10"
/// name = "Idul Fitri 1445 H"
/// kind = "national"                    # national | collective_leave | election | local
/// source = "SKB 855/2023, 3/2023, 4/2023"   # optional: where the date comes from
/// [[holiday]]
/// date = "2027-03-10"
/// name = "Idul Fitri 1448 H"
/// kind = "national"
/// provisional = true                   # an estimate awaiting the decree (default false)
/// [[override]]                         # special hours on one date ([] = closed)
/// date = "2024-12-31"
/// hours = ["07:00-12:00"]
/// ```
///
/// Unknown fields are an error. Compile it with
/// [`Calendar::new`](crate::Calendar::new) to compute with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// A name for people, e.g. `Service Desk JatengProv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// IANA time zone; all civil times of the calendar are local to it.
    pub timezone: String,
    /// Whether collective leave (cuti bersama) closes the desk. Default `true`.
    #[serde(default = "default_true")]
    pub collective_leave_off: bool,
    /// Opening hours per weekday.
    #[serde(default)]
    pub week: WeekSpec,
    /// Dated closures.
    #[serde(default, rename = "holiday", skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<HolidaySpec>,
    /// Dates with special hours (`[]` closes the date, hours open a normally closed one).
    #[serde(default, rename = "override", skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<OverrideSpec>,
    /// Years the holiday list is complete for. Default: every year with at least one
    /// holiday entry. Results touching other years say the list did not cover them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<YearRange>,
    /// Years the calendar can compute in. Default 1970 to 2100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<YearRange>,
}

fn default_true() -> bool {
    true
}

/// Opening intervals per weekday, e.g. `mon = ["07:00-12:00", "13:00-15:30"]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct WeekSpec {
    #[serde(default)]
    pub mon: Vec<String>,
    #[serde(default)]
    pub tue: Vec<String>,
    #[serde(default)]
    pub wed: Vec<String>,
    #[serde(default)]
    pub thu: Vec<String>,
    #[serde(default)]
    pub fri: Vec<String>,
    #[serde(default)]
    pub sat: Vec<String>,
    #[serde(default)]
    pub sun: Vec<String>,
}

impl WeekSpec {
    /// The intervals written for `day`.
    pub fn day(&self, day: Weekday) -> &[String] {
        match day {
            Weekday::Mon => &self.mon,
            Weekday::Tue => &self.tue,
            Weekday::Wed => &self.wed,
            Weekday::Thu => &self.thu,
            Weekday::Fri => &self.fri,
            Weekday::Sat => &self.sat,
            Weekday::Sun => &self.sun,
        }
    }
}

/// A dated closure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct HolidaySpec {
    /// The local date.
    pub date: NaiveDate,
    /// Its name, shown in explanations (e.g. `Idul Fitri 1445 H`).
    pub name: String,
    /// What kind of day it is.
    pub kind: HolidayKind,
    /// Whether the date is an estimate awaiting its decree (e.g. next year's Idul
    /// Fitri before the joint decree, SKB, is signed). Default `false`. It closes
    /// the desk like any holiday, but results that touch it say it is provisional.
    /// A confirmed entry of the same date supersedes it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub provisional: bool,
    /// Where the date comes from: the decree, or the estimate's source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Special hours on one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OverrideSpec {
    /// The local date.
    pub date: NaiveDate,
    /// Its opening intervals; `[]` closes the date.
    pub hours: Vec<String>,
    /// Why, shown in explanations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// An inclusive range of years, `{ from = 2024, to = 2026 }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct YearRange {
    /// First year.
    pub from: i32,
    /// Last year (inclusive).
    pub to: i32,
}

/// An opening interval of one day, in minutes after local midnight; `end` may be
/// 1440 (`24:00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// Opening minute.
    pub start: u16,
    /// Closing minute (exclusive).
    pub end: u16,
}

impl Interval {
    /// Parses `HH:MM-HH:MM`; `place` names where it was written, for the error.
    ///
    /// # Errors
    /// [`CalendarError::BadInterval`] for a malformed, empty or inverted interval.
    pub fn parse(text: &str, place: &str) -> Result<Self, Error> {
        let bad = |reason: IntervalReason| {
            Error::Calendar(CalendarError::BadInterval {
                place: place.to_string(),
                text: text.to_string(),
                reason,
            })
        };
        let (a, b) = text
            .split_once('-')
            .ok_or_else(|| bad(IntervalReason::NoDash))?;
        let start = parse_clock(a.trim()).map_err(bad)?;
        let end = parse_clock(b.trim()).map_err(bad)?;
        if start == 1440 {
            return Err(bad(IntervalReason::StartsAt24));
        }
        if end < start {
            return Err(bad(IntervalReason::EndsBeforeStart));
        }
        if end == start {
            return Err(bad(IntervalReason::Empty));
        }
        Ok(Interval { start, end })
    }

    /// Opening time in seconds after midnight.
    pub fn start_secs(self) -> i64 {
        i64::from(self.start) * 60
    }

    /// Closing time in seconds after midnight.
    pub fn end_secs(self) -> i64 {
        i64::from(self.end) * 60
    }
}

fn parse_clock(s: &str) -> Result<u16, IntervalReason> {
    let not_hhmm = || IntervalReason::NotHhMm(s.to_string());
    let (h, m) = s.split_once(':').ok_or_else(not_hhmm)?;
    let digits = |x: &str| x.len() == 2 && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return Err(not_hhmm());
    }
    let (h, m): (u16, u16) = (h.parse().unwrap_or(99), m.parse().unwrap_or(99));
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return Err(IntervalReason::NotTimeOfDay(s.to_string()));
    }
    Ok(h * 60 + m)
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start / 60,
            self.start % 60,
            self.end / 60,
            self.end % 60
        )
    }
}

/// Parses, sorts and checks one day's intervals (no overlaps; touching ones merge).
pub(crate) fn parse_day(texts: &[String], place: &str) -> Result<Vec<Interval>, Error> {
    let mut v = texts
        .iter()
        .map(|t| Interval::parse(t, place))
        .collect::<Result<Vec<_>, _>>()?;
    v.sort();
    let mut out: Vec<Interval> = Vec::with_capacity(v.len());
    for iv in v {
        match out.last_mut() {
            Some(last) if iv.start < last.end => {
                return Err(Error::Calendar(CalendarError::Overlap {
                    place: place.to_string(),
                    first: last.to_string(),
                    second: iv.to_string(),
                }))
            }
            Some(last) if iv.start == last.end => last.end = iv.end,
            _ => out.push(iv),
        }
    }
    Ok(out)
}

impl CalendarSpec {
    /// Reads a calendar from TOML text.
    ///
    /// # Errors
    /// [`Error::Syntax`] with line and column for malformed text or unknown fields.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Self, Error> {
        crate::read::from_toml(text, Document::Calendar)
    }

    /// Reads a calendar from JSON text.
    ///
    /// # Errors
    /// [`Error::Syntax`] with line and column for malformed text or unknown fields.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        crate::read::from_json(text, Document::Calendar)
    }

    /// Reads JSON when the text starts with `{`, TOML otherwise.
    ///
    /// # Errors
    /// As [`from_json`](Self::from_json) and [`from_toml`](Self::from_toml).
    pub fn from_text(text: &str) -> Result<Self, Error> {
        crate::read::from_text(text, Document::Calendar)
    }

    /// Writes the calendar as TOML.
    #[cfg(feature = "toml")]
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}
