//! The laws of the operational arithmetic, as functions a test can call.
//!
//! Each law takes a calendar and its inputs and returns [`Ok`] with
//! [`Checked::Held`] when it holds, [`Checked::NotApplicable`] when the inputs fall
//! outside what the law speaks about (e.g. a result beyond the calendar's range), or
//! [`Err`] with a [`Violation`] that reads as a counterexample.
//!
//! The project's own property tests call these with the generators of the
//! `proptest` feature (the `testing` module); a tester can call them with their own
//! calendar.
//!
//! # Example
//!
//! ```
//! use loket_core::{laws, Boundary, Calendar, OpDuration, Timestamp};
//! let cal = Calendar::jatengprov();
//! let t: Timestamp = "2024-03-01T13:30:00+07:00".parse()?;
//! laws::between_inverts_add(&cal, t, 5400, Boundary::Closing)?;
//! laws::add_is_additive(&cal, t, 3600, 7200, Boundary::Opening)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use chrono::{NaiveDate, TimeZone, Weekday};

use crate::calendar::spec::Interval;
use crate::calendar::{Boundary, Calendar};
use crate::duration::{format_seconds, OpDuration};
use crate::error::Error;
use crate::kind::TicketKind;
use crate::lang::Lang;
use crate::policy::SlaPolicy;
use crate::time::Timestamp;

/// A law that held or did not apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Checked {
    /// The law held for these inputs.
    Held,
    /// The inputs are outside the law's scope (the reason says why).
    NotApplicable(String),
}

/// A counterexample to a law.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The law's name, e.g. `between_inverts_add`.
    pub law: &'static str,
    /// What the law states, e.g. `between(t, add(t, d)) == d`.
    pub statement: &'static str,
    /// The inputs and what came out, as name/value pairs in the calendar's zone.
    pub facts: Vec<(String, String)>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "law {} does not hold: {}", self.law, self.statement)?;
        for (k, v) in &self.facts {
            writeln!(f, "  {k} = {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violation {}

/// What a law returns.
pub type LawResult = Result<Checked, Violation>;

/// The names of all laws, in the order `loket sla check` runs them.
///
/// Each is the name of a function of this module (and of the law it checks).
///
/// # Example
///
/// ```
/// use loket_core::laws::{self, Checked};
/// use loket_core::{Boundary, Calendar, OpDuration, Timestamp};
///
/// assert_eq!(laws::ALL.len(), 11);
/// assert_eq!(laws::ALL[0], "add_moves_forward");
///
/// let cal = Calendar::jatengprov();
/// let t: Timestamp = "2024-03-01T13:30:00+07:00".parse()?;
/// let held = laws::add_moves_forward(&cal, t, OpDuration::Days(1), Boundary::Closing)?;
/// assert_eq!(held, Checked::Held);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const ALL: &[&str] = &[
    "add_moves_forward",
    "add_is_monotone_in_t",
    "add_is_monotone_in_d",
    "between_inverts_add",
    "add_is_additive",
    "add_lands_in_hours",
    "sub_inverts_add",
    "between_is_antisymmetric",
    "between_within_wall_time",
    "days_match_hours",
    "deadline_reachable",
];

struct Facts<'a> {
    cal: &'a Calendar,
    v: Vec<(String, String)>,
}

impl<'a> Facts<'a> {
    fn new(cal: &'a Calendar) -> Self {
        Facts { cal, v: Vec::new() }
    }
    fn t(mut self, name: &str, t: Timestamp) -> Self {
        self.v
            .push((name.into(), t.to_rfc3339(self.cal.timezone())));
        self
    }
    fn s(mut self, name: &str, v: impl fmt::Display) -> Self {
        self.v.push((name.into(), v.to_string()));
        self
    }
    fn fail(self, law: &'static str, statement: &'static str) -> LawResult {
        Err(Violation {
            law,
            statement,
            facts: self.v,
        })
    }
}

/// Runs a computation; a horizon error makes the law not applicable, any other error
/// is a violation of "the arithmetic answers every in-range question".
fn run<T>(law: &'static str, r: Result<T, Error>) -> Result<Result<T, Checked>, Violation> {
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(e @ (Error::BeyondHorizon { .. } | Error::OutsideHorizon { .. })) => {
            Ok(Err(Checked::NotApplicable(e.to_string())))
        }
        Err(e) => Err(Violation {
            law,
            statement: "every in-range computation gives a result",
            facts: vec![("error".into(), e.to_string())],
        }),
    }
}

macro_rules! get {
    ($law:expr, $e:expr) => {
        match run($law, $e)? {
            Ok(v) => v,
            Err(na) => return Ok(na),
        }
    };
}

/// `add(t, d) ≥ t` for `d ≥ 0` and `add(t, d) ≤ t` for `d < 0` (i.e. `sub`), in both
/// units: the arithmetic never moves against the direction asked for.
///
/// # Errors
/// The counterexample.
pub fn add_moves_forward(cal: &Calendar, t: Timestamp, d: OpDuration, b: Boundary) -> LawResult {
    const LAW: &str = "add_moves_forward";
    let r = get!(LAW, cal.add_instant(t, d, b));
    if (d.is_negative() && r <= t) || (!d.is_negative() && r >= t) {
        return Ok(Checked::Held);
    }
    Facts::new(cal)
        .t("t", t)
        .s("d", d)
        .s("boundary", format!("{b:?}"))
        .t("add(t, d)", r)
        .fail(LAW, "add(t, d) >= t when d >= 0, and <= t when d < 0")
}

/// `t1 ≤ t2 ⇒ add(t1, d) ≤ add(t2, d)`, for time units and days, either sign.
///
/// # Errors
/// The counterexample.
pub fn add_is_monotone_in_t(
    cal: &Calendar,
    t1: Timestamp,
    t2: Timestamp,
    d: OpDuration,
    b: Boundary,
) -> LawResult {
    const LAW: &str = "add_is_monotone_in_t";
    let (t1, t2) = (t1.min(t2), t1.max(t2));
    let r1 = get!(LAW, cal.add_instant(t1, d, b));
    let r2 = get!(LAW, cal.add_instant(t2, d, b));
    if r1 <= r2 {
        return Ok(Checked::Held);
    }
    Facts::new(cal)
        .t("t1", t1)
        .t("t2", t2)
        .s("d", d)
        .s("boundary", format!("{b:?}"))
        .t("add(t1, d)", r1)
        .t("add(t2, d)", r2)
        .fail(LAW, "t1 <= t2 implies add(t1, d) <= add(t2, d)")
}

/// `d1 ≤ d2 ⇒ add(t, d1) ≤ add(t, d2)`, for durations of the same unit.
///
/// # Errors
/// The counterexample.
pub fn add_is_monotone_in_d(
    cal: &Calendar,
    t: Timestamp,
    d1: OpDuration,
    d2: OpDuration,
    b: Boundary,
) -> LawResult {
    const LAW: &str = "add_is_monotone_in_d";
    let ordered = match (d1, d2) {
        (OpDuration::Seconds(a), OpDuration::Seconds(c)) => a <= c,
        (OpDuration::Days(a), OpDuration::Days(c)) => a <= c,
        _ => {
            return Ok(Checked::NotApplicable(
                "durations of different units".into(),
            ))
        }
    };
    let (d1, d2) = if ordered { (d1, d2) } else { (d2, d1) };
    let r1 = get!(LAW, cal.add_instant(t, d1, b));
    let r2 = get!(LAW, cal.add_instant(t, d2, b));
    if r1 <= r2 {
        return Ok(Checked::Held);
    }
    Facts::new(cal)
        .t("t", t)
        .s("d1", d1)
        .s("d2", d2)
        .s("boundary", format!("{b:?}"))
        .t("add(t, d1)", r1)
        .t("add(t, d2)", r2)
        .fail(LAW, "d1 <= d2 implies add(t, d1) <= add(t, d2)")
}

/// `between(t, add(t, d)) == d` for time units (`d` in seconds, any sign).
///
/// # Errors
/// The counterexample.
pub fn between_inverts_add(cal: &Calendar, t: Timestamp, d: i64, b: Boundary) -> LawResult {
    const LAW: &str = "between_inverts_add";
    let r = get!(LAW, cal.add_instant(t, OpDuration::Seconds(d), b));
    let e = get!(LAW, cal.between_secs(t, r));
    if e == d {
        return Ok(Checked::Held);
    }
    Facts::new(cal)
        .t("t", t)
        .s("d", format_seconds(d))
        .s("boundary", format!("{b:?}"))
        .t("add(t, d)", r)
        .s("between(t, add(t, d))", format_seconds(e))
        .fail(LAW, "between(t, add(t, d)) == d")
}

/// `add(add(t, a), c) == add(t, a + c)` for time units, `a, c ≥ 0`.
///
/// # Errors
/// The counterexample.
pub fn add_is_additive(cal: &Calendar, t: Timestamp, a: i64, c: i64, b: Boundary) -> LawResult {
    const LAW: &str = "add_is_additive";
    let (a, c) = (a.abs(), c.abs());
    let r1 = get!(LAW, cal.add_instant(t, OpDuration::Seconds(a), b));
    let r2 = get!(LAW, cal.add_instant(r1, OpDuration::Seconds(c), b));
    let r3 = get!(LAW, cal.add_instant(t, OpDuration::Seconds(a + c), b));
    if r2 == r3 {
        return Ok(Checked::Held);
    }
    Facts::new(cal)
        .t("t", t)
        .s("a", format_seconds(a))
        .s("c", format_seconds(c))
        .s("boundary", format!("{b:?}"))
        .t("add(t, a)", r1)
        .t("add(add(t, a), c)", r2)
        .t("add(t, a + c)", r3)
        .fail(LAW, "add(add(t, a), c) == add(t, a + c)")
}

/// The result of `add` (`d > 0`, or any day count) is in hours, or on the boundary
/// convention's side of a closure: with `Closing` it is open or a closing instant;
/// with `Opening` it is open.
///
/// # Errors
/// The counterexample.
pub fn add_lands_in_hours(cal: &Calendar, t: Timestamp, d: OpDuration, b: Boundary) -> LawResult {
    const LAW: &str = "add_lands_in_hours";
    if d == OpDuration::Seconds(0) {
        return Ok(Checked::NotApplicable("zero duration".into()));
    }
    let r = get!(LAW, cal.add_instant(t, d, b));
    let open = get!(LAW, cal.is_open(r));
    let ok = match b {
        Boundary::Opening => open,
        Boundary::Closing => open || get!(LAW, cal.is_open(Timestamp::from_unix(r.unix() - 1))),
    };
    if ok {
        return Ok(Checked::Held);
    }
    Facts::new(cal).t("t", t).s("d", d).s("boundary", format!("{b:?}")).t("add(t, d)", r).fail(LAW, "add never returns an instant inside closed time, except a closing instant under the closing convention")
}

/// `sub(add(t, d), d)` is the same operational instant as `t` (time units, `d ≥ 0`),
/// and the same real instant when `t` is strictly inside an open period.
///
/// # Errors
/// The counterexample.
pub fn sub_inverts_add(cal: &Calendar, t: Timestamp, d: i64, b: Boundary) -> LawResult {
    const LAW: &str = "sub_inverts_add";
    let d = OpDuration::Seconds(d.abs());
    let r = get!(LAW, cal.add_instant(t, d, b));
    let back = get!(LAW, cal.sub(r, d, b)).value;
    let gap = get!(LAW, cal.between_secs(back, t));
    let inside =
        get!(LAW, cal.is_open(t)) && get!(LAW, cal.is_open(Timestamp::from_unix(t.unix() - 1)));
    if gap == 0 && (!inside || back == t) {
        return Ok(Checked::Held);
    }
    Facts::new(cal)
        .t("t", t)
        .s("d", d)
        .s("boundary", format!("{b:?}"))
        .t("add(t, d)", r)
        .t("sub(add(t, d), d)", back)
        .s("between(sub(add(t, d), d), t)", format_seconds(gap))
        .fail(
            LAW,
            "sub(add(t, d), d) is t operationally, and exactly t inside an open period",
        )
}

/// `between(a, b) == -between(b, a)`.
///
/// # Errors
/// The counterexample.
pub fn between_is_antisymmetric(cal: &Calendar, a: Timestamp, b: Timestamp) -> LawResult {
    const LAW: &str = "between_is_antisymmetric";
    let x = get!(LAW, cal.between_secs(a, b));
    let y = get!(LAW, cal.between_secs(b, a));
    if x == -y {
        return Ok(Checked::Held);
    }
    Facts::new(cal)
        .t("a", a)
        .t("b", b)
        .s("between(a, b)", format_seconds(x))
        .s("between(b, a)", format_seconds(y))
        .fail(LAW, "between(a, b) == -between(b, a)")
}

/// `0 ≤ between(a, b) ≤ b - a` for `a ≤ b`: operational time never exceeds wall time.
///
/// # Errors
/// The counterexample.
pub fn between_within_wall_time(cal: &Calendar, a: Timestamp, b: Timestamp) -> LawResult {
    const LAW: &str = "between_within_wall_time";
    let (a, b) = (a.min(b), a.max(b));
    let x = get!(LAW, cal.between_secs(a, b));
    if (0..=b.unix() - a.unix()).contains(&x) {
        return Ok(Checked::Held);
    }
    Facts::new(cal)
        .t("a", a)
        .t("b", b)
        .s("between(a, b)", format_seconds(x))
        .s("b - a", format_seconds(b.unix() - a.unix()))
        .fail(LAW, "0 <= between(a, b) <= b - a")
}

/// Where every open day has the same single interval of `day_len` seconds (and no
/// clock change), `add(t, n days)` is the same operational instant as
/// `add(t, n × day_len seconds)`. The caller states `day_len`; the law is not
/// applicable when a day it crosses is not of that length.
///
/// # Errors
/// The counterexample.
pub fn days_match_hours(
    cal: &Calendar,
    t: Timestamp,
    n: i32,
    day_len: i64,
    b: Boundary,
) -> LawResult {
    const LAW: &str = "days_match_hours";
    let n = n.abs();
    let by_days = get!(LAW, cal.add_instant(t, OpDuration::Days(n), b));
    let by_secs = get!(
        LAW,
        cal.add_instant(t, OpDuration::Seconds(i64::from(n) * day_len), b)
    );
    let gap = get!(LAW, cal.between_secs(by_days, by_secs));
    if gap == 0 {
        return Ok(Checked::Held);
    }
    Facts::new(cal).t("t", t).s("n", format!("{n}d")).s("day length", format_seconds(day_len)).s("boundary", format!("{b:?}")).t("add(t, n days)", by_days).t("add(t, n × day length)", by_secs).fail(LAW, "add(t, n days) == add(t, n × day length) operationally, where every open day has that length")
}

/// Every deadline of the policy is reachable: for a ticket of `kind` received at `t`,
/// `add(t, target)` (with the policy's boundary convention) has a result within the
/// calendar's range. It fails when the calendar does not open often enough before the
/// end of its `horizon` (e.g. a horizon ending soon after `t`, or a target longer than
/// the open time left), which is a fault of the calendar or policy rather than of the
/// arithmetic: every other law calls that case not applicable.
///
/// # Errors
/// The counterexample.
pub fn deadline_reachable(
    cal: &Calendar,
    policy: &SlaPolicy,
    kind: TicketKind,
    t: Timestamp,
) -> LawResult {
    const LAW: &str = "deadline_reachable";
    let target = policy.target(kind);
    let e = match cal.add_instant(t, target, policy.boundary) {
        Ok(_) => return Ok(Checked::Held),
        Err(e @ Error::OutsideHorizon { .. }) => return Ok(Checked::NotApplicable(e.to_string())),
        Err(e) => e,
    };
    Facts::new(cal)
        .s("kind", kind)
        .t("received", t)
        .s("target", target)
        .s("boundary", format!("{:?}", policy.boundary))
        .s("error", format!("{e} [{}]", e.code()))
        .fail(
            LAW,
            "every deadline of the policy is reachable: add(received, target) has a result within the calendar's range",
        )
}

// ---- the days-vs-hours law's scope ----

/// The intervals of a day written as `HH:MM-HH:MM` texts, merged where they touch (as
/// the calendar compiles them); texts that do not read are left out.
pub fn day_intervals(texts: &[String]) -> Vec<Interval> {
    let mut v: Vec<Interval> = texts
        .iter()
        .filter_map(|t| Interval::parse(t, "").ok())
        .collect();
    v.sort();
    let mut out: Vec<Interval> = Vec::new();
    for iv in v {
        match out.last_mut() {
            Some(last) if iv.start <= last.end => last.end = last.end.max(iv.end),
            _ => out.push(iv),
        }
    }
    out
}

/// The length in seconds of the one interval every open day of `cal` has from
/// `from` to a year after `to`, or why days differ, in `lang` (then
/// [`days_match_hours`] does not apply): a weekday or override with several
/// intervals, two open days of different intervals, or a clock change during
/// opening hours.
///
/// # Errors
/// Why the days differ.
///
/// # Example
/// ```
/// use loket_core::{laws, Calendar, Lang};
/// # use chrono::NaiveDate;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// // The standard's calendar closes earlier on Fridays: days differ.
/// let cal = Calendar::jatengprov();
/// assert!(laws::uniform_day_length(&cal, d("2026-01-01"), d("2026-12-31"), Lang::En).is_err());
/// ```
pub fn uniform_day_length(
    cal: &Calendar,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
) -> Result<i64, String> {
    const WEEK: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let spec = cal.spec();
    let differ = lang.pick("panjang hari berbeda", "days differ in length");
    let mut seen: Vec<(String, Interval)> = Vec::new();
    let mut days: Vec<(String, Vec<Interval>)> = WEEK
        .iter()
        .map(|&w| (lang.weekday(w).to_string(), day_intervals(spec.week.day(w))))
        .collect();
    days.extend(spec.overrides.iter().map(|o| {
        (
            format!("{} {}", lang.pick("pengecualian", "override"), o.date),
            day_intervals(&o.hours),
        )
    }));
    for (name, ivs) in days {
        match ivs.as_slice() {
            [] => {}
            [iv] => {
                if let Some((first, other)) = seen.first() {
                    if other != iv {
                        return Err(format!("{differ} ({first} {other}, {name} {iv})"));
                    }
                }
                seen.push((name, *iv));
            }
            more => {
                let hours: Vec<String> = more.iter().map(Interval::to_string).collect();
                return Err(format!(
                    "{differ} ({name} {}: {})",
                    lang.pick("punya beberapa interval", "has several intervals"),
                    hours.join(", ")
                ));
            }
        }
    }
    let Some((_, iv)) = seen.first() else {
        return Err(differ.to_string());
    };
    let len = iv.end_secs() - iv.start_secs();
    // Days of a zone whose clocks change during opening hours are not of that length.
    let tz = cal.timezone();
    let at = |d: NaiveDate, secs: i64| -> Option<i64> {
        let naive = d.and_hms_opt(0, 0, 0)? + chrono::Duration::seconds(secs);
        tz.from_local_datetime(&naive)
            .earliest()
            .map(|x| x.timestamp())
    };
    let last = to
        .checked_add_days(chrono::Days::new(366))
        .unwrap_or(to)
        .min(cal.horizon().1);
    for d in from.iter_days().take_while(|d| *d <= last) {
        if cal.closure_on(d).is_some() {
            continue;
        }
        let real = at(d, iv.end_secs()).zip(at(d, iv.start_secs()));
        if real.map(|(e, s)| e - s) != Some(len) {
            return Err(match lang {
                Lang::Id => format!("{differ} (jam berubah saat jam layanan pada {d})"),
                Lang::En => format!("{differ} (clocks change during opening hours on {d})"),
            });
        }
    }
    Ok(len)
}
