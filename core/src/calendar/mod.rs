//! Operating calendars: weekly hours, holidays, overrides, compiled for fast queries.
//!
//! A [`Calendar`] is compiled once from a [`CalendarSpec`] into two tables over its
//! range of years (its *horizon*, 1970–2100 unless the spec says otherwise):
//! - one entry per local date: the instant of its local midnight and whether it is
//!   open, closed by the weekly hours, a holiday, or an override;
//! - the open *periods* as real instants `[start, end)` (touching periods merged), each
//!   with the operational seconds counted before it (a prefix sum).
//!
//! The *operational position* of an instant is the number of open seconds before it
//! within the horizon. It only advances while the desk is open, so every query is a
//! lookup in these tables: an instant finds its period through a per-day bucket index
//! in O(1), a position finds its instant by galloping search in O(log n).

mod build;
mod coverage;
pub mod diff;
pub mod spec;

use chrono::{Datelike, NaiveDate, TimeZone, Timelike};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Operation};
use crate::lang::Lang;
use crate::time::Timestamp;
use spec::{CalendarSpec, HolidayKind, YearRange};

pub(crate) use build::local_instant;
pub use coverage::{Coverage, CoverageState, CoverageWarning, DEFAULT_COVERAGE_WARNING_DAYS};

/// A compiled operating calendar. Build it with [`Calendar::new`] or
/// [`Calendar::from_text`]; see the [crate docs](crate) for the arithmetic.
///
/// # Example
///
/// A desk open mornings on weekdays, closed for one holiday:
///
/// ```
/// use loket_core::{Boundary, Calendar, OpDuration, Timestamp};
///
/// let cal = Calendar::from_text(
///     r#"
///     timezone = "Asia/Jakarta"
///     [week]
///     mon = ["08:00-12:00"]
///     tue = ["08:00-12:00"]
///     wed = ["08:00-12:00"]
///     thu = ["08:00-12:00"]
///     fri = ["08:00-12:00"]
///     [[holiday]]
///     date = "2024-08-16"
///     name = "Cuti bersama"
///     kind = "collective_leave"
///     "#,
/// )?;
/// let t = |s: &str| s.parse::<Timestamp>();
/// assert!(cal.is_open(t("2024-08-15T09:00:00+07:00")?)?);
/// assert!(!cal.is_open(t("2024-08-16T09:00:00+07:00")?)?);
///
/// // Thursday 11:00 plus three operational hours: one on Thursday, then Friday is
/// // a holiday and the weekend is closed, so two on Monday.
/// let due = cal.add(t("2024-08-15T11:00:00+07:00")?, OpDuration::Seconds(3 * 3600), Boundary::Closing)?;
/// assert_eq!(due.value.to_rfc3339(cal.timezone()), "2024-08-19T10:00:00+07:00");
/// // And back: the operational time between the two is the three hours.
/// assert_eq!(cal.between(t("2024-08-15T11:00:00+07:00")?, due.value)?.value, 3 * 3600);
/// # Ok::<(), loket_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Calendar {
    spec: CalendarSpec,
    tz: Tz,
    first: NaiveDate,
    days: Vec<Day>,
    end_midnight: i64,
    open_days: Vec<u32>,
    open_rank: Vec<u32>,
    seg: Segments,
    base: i64,
    bucket: Vec<u32>,
    covers: Vec<YearRange>,
    coverage_spans: Vec<(i64, i64)>,
    /// Covered years whose holiday list is provisional only.
    provisional: Vec<YearRange>,
    /// Local-midnight spans of the years with anything provisional.
    provisional_spans: Vec<(i64, i64)>,
    /// Provisional holidays that close an otherwise open weekday, in date order.
    provisional_dates: Vec<NaiveDate>,
    /// Compiled over the whole horizon, not a [window](Calendar::window) of it.
    whole: bool,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The spec is what reproduces a calendar (e.g. from a failed property test).
        f.debug_struct("Calendar")
            .field("spec", &self.spec)
            .field("periods", &self.seg.start.len())
            .finish()
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Day {
    pub(crate) midnight: i64,
    pub(crate) simple: bool,
    pub(crate) status: DayStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DayStatus {
    /// Open, with the override giving its hours if any.
    Open { special: Option<u32> },
    /// The weekly hours give this weekday no hours.
    NoHours,
    /// Closed by the holiday at this index of the spec.
    Holiday(u32),
    /// Closed by the override at this index of the spec.
    ClosedByOverride(u32),
}

/// Open periods as parallel arrays: `[start, end)` in unix seconds, and the
/// operational seconds before each (`cum`) and up to its end (`cum_end`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Segments {
    pub(crate) start: Vec<i64>,
    pub(crate) end: Vec<i64>,
    pub(crate) cum: Vec<i64>,
    pub(crate) cum_end: Vec<i64>,
}

impl Segments {
    fn push(&mut self, s: i64, e: i64) {
        let s = self.end.last().map_or(s, |&last| s.max(last));
        if e <= s {
            return;
        }
        let before = self.cum_end.last().copied().unwrap_or(0);
        if self.end.last() == Some(&s) {
            *self.end.last_mut().unwrap() = e;
            *self.cum_end.last_mut().unwrap() = before + (e - s);
            return;
        }
        self.start.push(s);
        self.end.push(e);
        self.cum.push(before);
        self.cum_end.push(before + (e - s));
    }

    /// For each UTC day from `base`, the first period that ends after the day starts.
    fn buckets(&self, base: i64, end: i64) -> Vec<u32> {
        let count = ((end - base) / 86_400 + 2) as usize;
        let mut out = Vec::with_capacity(count);
        let mut i = 0usize;
        for b in 0..count {
            let t = base + b as i64 * 86_400;
            while i < self.end.len() && self.end[i] <= t {
                i += 1;
            }
            out.push(i as u32);
        }
        out
    }

    pub(crate) fn len(&self) -> usize {
        self.start.len()
    }

    pub(crate) fn total(&self) -> i64 {
        self.cum_end.last().copied().unwrap_or(0)
    }
}

/// Which real instant stands for an operational instant that a closure makes
/// ambiguous: the closing of the period before it or the opening of the period after.
///
/// Both are the same operational instant; `Closing` is the default for deadlines
/// shown to people ("by Friday 14:00" rather than "by Monday 07:00").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Boundary {
    /// The earliest real instant: the closing time of the last open period.
    #[default]
    Closing,
    /// The latest real instant: the opening time of the next open period.
    Opening,
}

impl std::str::FromStr for Boundary {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "closing" => Ok(Boundary::Closing),
            "opening" => Ok(Boundary::Opening),
            _ => Err(format!(
                "unknown boundary convention `{s}`: expected closing or opening"
            )),
        }
    }
}

/// Whether the desk is open at an instant, and until or from when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OpenStatus {
    /// Open now; closes at `until`.
    Open {
        /// End of the current open period.
        until: Timestamp,
    },
    /// Closed now; opens at `opens` (none if never again within the horizon).
    Closed {
        /// Start of the next open period.
        opens: Option<Timestamp>,
    },
}

/// Why a stretch of time does not count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Closure {
    /// An open day, before opening, after closing or between two intervals.
    OutsideHours,
    /// The weekly hours have no hours for this weekday (e.g. the weekend).
    NoHours,
    /// A holiday of the calendar.
    Holiday {
        /// Its name.
        name: String,
        /// Its kind.
        kind: HolidayKind,
        /// Whether its date is an estimate awaiting the decree.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        provisional: bool,
    },
    /// An override that closes the date.
    Override {
        /// Its note, if any.
        name: Option<String>,
    },
}

impl Closure {
    /// A short phrase for people, e.g. `di luar jam layanan`, `Idul Fitri 1445 H
    /// (libur nasional)`, `Idul Fitri 1448 H (libur nasional, perkiraan, menunggu SKB)`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Closure::OutsideHours => lang
                .pick("di luar jam layanan", "outside service hours")
                .into(),
            Closure::NoHours => lang
                .pick("tidak ada jam layanan", "no service hours")
                .into(),
            Closure::Holiday {
                name,
                kind,
                provisional: false,
            } => format!("{name} ({})", kind.label(lang)),
            Closure::Holiday {
                name,
                kind,
                provisional: true,
            } => format!(
                "{name} ({}, {})",
                kind.label(lang),
                lang.pick(
                    "perkiraan, menunggu SKB",
                    "provisional, awaiting the joint decree"
                )
            ),
            Closure::Override { name } => match name {
                Some(n) => format!("{n} ({})", lang.pick("tutup khusus", "special closure")),
                None => lang.pick("tutup khusus", "special closure").into(),
            },
        }
    }
}

impl Calendar {
    /// Reads and compiles a calendar from TOML or JSON text.
    ///
    /// # Errors
    /// [`Error::Syntax`] or [`Error::Calendar`].
    pub fn from_text(text: &str) -> Result<Self, Error> {
        Calendar::new(CalendarSpec::from_text(text)?)
    }

    /// The spec the calendar was compiled from.
    pub fn spec(&self) -> &CalendarSpec {
        &self.spec
    }

    /// The calendar's time zone.
    pub fn timezone(&self) -> Tz {
        self.tz
    }

    /// The first and last date the calendar can compute in.
    pub fn horizon(&self) -> (NaiveDate, NaiveDate) {
        (
            self.first,
            self.first + chrono::Days::new(self.days.len() as u64 - 1),
        )
    }

    /// The years the holiday list covers, confirmed or provisionally (see
    /// [`coverage`](Self::coverage) for which is which).
    pub fn covered_years(&self) -> &[YearRange] {
        &self.covers
    }

    /// The covered years whose holiday list is provisional only (estimates awaiting
    /// the decree).
    pub fn provisional_years(&self) -> &[YearRange] {
        &self.provisional
    }

    /// Whether the desk is open at `t`. Periods are half-open: open at the opening
    /// instant, closed at the closing instant.
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`].
    pub fn is_open(&self, t: Timestamp) -> Result<bool, Error> {
        let t = self.check(t)?;
        let i = self.seg_at(t);
        Ok(i < self.seg.len() && self.seg.start[i] <= t)
    }

    /// Whether the desk is open at `t`, and until when, or when it opens next.
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`].
    pub fn status(&self, t: Timestamp) -> Result<OpenStatus, Error> {
        let t = self.check(t)?;
        let i = self.seg_at(t);
        Ok(match i < self.seg.len() {
            true if self.seg.start[i] <= t => OpenStatus::Open {
                until: Timestamp::from_unix(self.seg.end[i]),
            },
            true => OpenStatus::Closed {
                opens: Some(Timestamp::from_unix(self.seg.start[i])),
            },
            false => OpenStatus::Closed { opens: None },
        })
    }

    /// The first instant at or after `t` at which an open period starts. When the
    /// desk is open at `t`, that is the start of the *next* period; the instant an
    /// SLA clock starts is [`clock_start`](Self::clock_start). `None` past the horizon.
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`].
    pub fn next_opening(&self, t: Timestamp) -> Result<Option<Timestamp>, Error> {
        let t = self.check(t)?;
        let i = self.seg.start.partition_point(|&s| s < t);
        Ok(self.seg.start.get(i).map(|&s| Timestamp::from_unix(s)))
    }

    /// The last instant at or before `t` at which an open period ended. `None` when
    /// nothing closed before `t` within the horizon.
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`].
    pub fn previous_closing(&self, t: Timestamp) -> Result<Option<Timestamp>, Error> {
        let t = self.check(t)?;
        let i = self.seg.end.partition_point(|&e| e <= t);
        Ok(i.checked_sub(1)
            .map(|j| Timestamp::from_unix(self.seg.end[j])))
    }

    /// When a clock started at `t` starts counting: `t` if open, else the next opening.
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::{Calendar, Timestamp};
    ///
    /// let cal = Calendar::jatengprov();
    /// let tz = cal.timezone();
    /// // Friday 14:00 is the closing: the clock starts on Monday at 07:00.
    /// let friday: Timestamp = "2024-03-01T14:00:00+07:00".parse()?;
    /// assert_eq!(cal.clock_start(friday)?.to_rfc3339(tz), "2024-03-04T07:00:00+07:00");
    /// let open: Timestamp = "2024-03-04T09:00:00+07:00".parse()?;
    /// assert_eq!(cal.clock_start(open)?, open);
    /// # Ok::<(), loket_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`], or [`Error::BeyondHorizon`] if it never opens again.
    pub fn clock_start(&self, t: Timestamp) -> Result<Timestamp, Error> {
        let u = self.check(t)?;
        let i = self.seg_at(u);
        match self.seg.start.get(i) {
            Some(&s) => Ok(Timestamp::from_unix(s.max(u))),
            None => Err(self.beyond(Operation::Add, t, "0s")),
        }
    }

    /// Open periods from `t` on, the first one cut at `t` if open at `t`.
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`].
    pub fn periods_after(
        &self,
        t: Timestamp,
    ) -> Result<impl Iterator<Item = (Timestamp, Timestamp)> + '_, Error> {
        let t = self.check(t)?;
        let i = self.seg_at(t);
        Ok((i..self.seg.len()).map(move |j| {
            (
                Timestamp::from_unix(self.seg.start[j].max(t)),
                Timestamp::from_unix(self.seg.end[j]),
            )
        }))
    }

    /// Open periods before `t`, latest first, the first one cut at `t` if open at `t`.
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`].
    pub fn periods_before(
        &self,
        t: Timestamp,
    ) -> Result<impl Iterator<Item = (Timestamp, Timestamp)> + '_, Error> {
        let t = self.check(t)?;
        let i = self.seg.start.partition_point(|&s| s < t);
        Ok((0..i).rev().map(move |j| {
            (
                Timestamp::from_unix(self.seg.start[j]),
                Timestamp::from_unix(self.seg.end[j].min(t)),
            )
        }))
    }

    /// Why the desk is closed on `date` (local), or `None` if it opens that day.
    pub fn closure_on(&self, date: NaiveDate) -> Option<Closure> {
        let i = usize::try_from((date - self.first).num_days()).ok()?;
        self.days.get(i).and_then(|d| self.day_closure(d.status))
    }

    /// The holidays of the calendar on or after `from`, in date order, that close
    /// the desk (collective leave only when it is off-service).
    pub fn holidays_from(&self, from: NaiveDate) -> impl Iterator<Item = &spec::HolidaySpec> + '_ {
        let mut v: Vec<&spec::HolidaySpec> = self
            .spec
            .holidays
            .iter()
            .filter(move |h| h.date >= from)
            .filter(|h| h.kind != HolidayKind::CollectiveLeave || self.spec.collective_leave_off)
            .collect();
        v.sort_by_key(|h| h.date);
        v.into_iter()
    }

    // ---- internals shared by the arithmetic and the explanations ----

    pub(crate) fn day_closure(&self, status: DayStatus) -> Option<Closure> {
        match status {
            DayStatus::Open { .. } => None,
            DayStatus::NoHours => Some(Closure::NoHours),
            DayStatus::Holiday(h) => {
                let h = &self.spec.holidays[h as usize];
                Some(Closure::Holiday {
                    name: h.name.clone(),
                    kind: h.kind,
                    provisional: h.provisional,
                })
            }
            DayStatus::ClosedByOverride(o) => Some(Closure::Override {
                name: self.spec.overrides[o as usize].name.clone(),
            }),
        }
    }

    /// `t` as unix seconds if within the horizon.
    #[inline]
    pub(crate) fn check(&self, t: Timestamp) -> Result<i64, Error> {
        let u = t.unix();
        if u < self.base || u >= self.end_midnight {
            let (from, to) = self.horizon();
            return Err(Error::OutsideHorizon {
                instant: t.to_rfc3339(self.tz),
                from: from.to_string(),
                to: to.to_string(),
            });
        }
        Ok(u)
    }

    pub(crate) fn beyond(&self, operation: Operation, start: Timestamp, duration: &str) -> Error {
        let (from, to) = self.horizon();
        Error::BeyondHorizon {
            operation,
            start: start.to_rfc3339(self.tz),
            duration: duration.to_string(),
            from: from.to_string(),
            to: to.to_string(),
        }
    }

    pub(crate) fn seg(&self) -> &Segments {
        &self.seg
    }

    /// Index of the first period that ends after `t` (`len` if none). `t` in horizon.
    #[inline]
    pub(crate) fn seg_at(&self, t: i64) -> usize {
        let b = ((t - self.base) / 86_400) as usize;
        let mut i = self.bucket[b] as usize;
        let end = &self.seg.end;
        while i < end.len() && end[i] <= t {
            i += 1;
        }
        i
    }

    /// The operational position of `t` (in horizon), with its period index.
    #[inline]
    pub(crate) fn pos(&self, t: i64) -> (i64, usize) {
        let i = self.seg_at(t);
        if i == self.seg.len() {
            return (self.seg.total(), i);
        }
        let s = self.seg.start[i];
        (self.seg.cum[i] + (t - s).max(0), i)
    }

    /// The earliest real instant at operational position `p` (0 ≤ p ≤ total).
    #[inline]
    pub(crate) fn closing_rep(&self, p: i64, hint: usize) -> i64 {
        let j = gallop(&self.seg.cum_end, hint, |c| c < p);
        let j = j.min(self.seg.len() - 1);
        self.seg.end[j] - (self.seg.cum_end[j] - p)
    }

    /// The latest real instant at operational position `p` (0 ≤ p ≤ total).
    #[inline]
    pub(crate) fn opening_rep(&self, p: i64, hint: usize) -> i64 {
        let j = gallop(&self.seg.cum, hint, |c| c <= p).saturating_sub(1);
        self.seg.start[j] + (p - self.seg.cum[j])
    }

    /// Date index and wall-clock seconds of `t` (in horizon).
    #[inline]
    pub(crate) fn local_day(&self, t: i64) -> (usize, i64) {
        let n = self.days.len();
        let mut i = (((t - self.base) / 86_400) as usize).min(n - 1);
        while i + 1 < n && self.days[i + 1].midnight <= t {
            i += 1;
        }
        while i > 0 && self.days[i].midnight > t {
            i -= 1;
        }
        if self.days[i].simple {
            return (i, t - self.days[i].midnight);
        }
        let local = self.tz.timestamp_opt(t, 0).unwrap().naive_local();
        let idx = (local.date() - self.first)
            .num_days()
            .clamp(0, n as i64 - 1) as usize;
        (idx, i64::from(local.time().num_seconds_from_midnight()))
    }

    /// The instant of wall-clock `secs` (0..=86400) on the date at `idx`.
    #[inline]
    pub(crate) fn local_at(&self, idx: usize, secs: i64) -> i64 {
        let d = &self.days[idx];
        if d.simple {
            return d.midnight + secs;
        }
        local_instant(self.tz, self.date(idx), secs)
    }

    pub(crate) fn date(&self, idx: usize) -> NaiveDate {
        self.first + chrono::Days::new(idx as u64)
    }

    pub(crate) fn day(&self, idx: usize) -> Day {
        self.days[idx]
    }

    #[cfg(feature = "proptest")]
    pub(crate) fn days_len(&self) -> usize {
        self.days.len()
    }

    pub(crate) fn midnight(&self, idx: usize) -> i64 {
        self.days.get(idx).map_or(self.end_midnight, |d| d.midnight)
    }

    pub(crate) fn open_days(&self) -> &[u32] {
        &self.open_days
    }

    pub(crate) fn open_rank(&self, idx: usize) -> usize {
        self.open_rank[idx] as usize
    }

    /// The years in `[a, b]` (unix seconds) that the holiday list does not cover.
    pub(crate) fn uncovered(&self, a: i64, b: i64) -> Vec<i32> {
        let (a, b) = (a.min(b), a.max(b));
        if self.coverage_spans.iter().any(|&(s, e)| s <= a && b < e) {
            return Vec::new();
        }
        let year = |t: i64| self.date(self.local_day(t).0).year();
        (year(a)..=year(b))
            .filter(|y| !self.covers.iter().any(|r| r.from <= *y && *y <= r.to))
            .collect()
    }

    /// Local date and time of `t`, for people.
    pub(crate) fn local(&self, t: Timestamp) -> chrono::DateTime<Tz> {
        t.in_zone(self.tz)
    }
}

/// The first index `j ≥ hint` where `pred(v[j])` is false, assuming `pred` is true on
/// a prefix of `v`; searches backwards from `hint` when `pred(v[hint])` is already
/// false. Doubling steps then a binary search: O(log distance).
#[inline]
fn gallop(v: &[i64], hint: usize, pred: impl Fn(i64) -> bool) -> usize {
    let n = v.len();
    let hint = hint.min(n);
    if hint == n || !pred(v[hint]) {
        // Answer is at or before hint.
        let mut step = 1;
        let mut hi = hint;
        loop {
            let lo = hi.saturating_sub(step);
            if lo == 0 || pred(v[lo]) {
                return lo + v[lo..hi].partition_point(|&x| pred(x));
            }
            hi = lo;
            step *= 2;
        }
    }
    let mut lo = hint;
    let mut step = 1;
    loop {
        let hi = (lo + step).min(n);
        if hi == n || !pred(v[hi]) {
            return lo + v[lo..hi].partition_point(|&x| pred(x));
        }
        lo = hi;
        step *= 2;
    }
}

/// A date's local midnight as a `DateTime` (for display of whole days).
pub(crate) fn hm(t: chrono::DateTime<Tz>) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}
