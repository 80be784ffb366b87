//! Proptest generators for calendars, instants and durations (feature `proptest`).
//!
//! The project's own property tests use exactly these; a tester or an integrator
//! writes a property test for their own calendar in a few lines:
//!
//! ```
//! use loket_core::{laws, testing, Boundary, Calendar};
//! use proptest::prelude::*;
//!
//! let cal = Calendar::jatengprov();
//! proptest!(ProptestConfig::with_cases(64), |(t in testing::instant(&cal, 2024, 2026), d in testing::seconds(40 * 3600))| {
//!     laws::between_inverts_add(&cal, t, d, Boundary::Closing).map_err(|v| TestCaseError::fail(v.to_string()))?;
//! });
//! ```
//!
//! Generated calendars have a short horizon (a few years around 2024–2026) so that
//! building one per case is cheap; their time zones include ones with daylight
//! saving time, half-hour offsets and transitions at midnight.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use proptest::sample::select;

use crate::calendar::spec::{
    CalendarSpec, HolidayKind, HolidaySpec, OverrideSpec, WeekSpec, YearRange,
};
use crate::calendar::{Boundary, Calendar};
use crate::duration::OpDuration;
use crate::time::Timestamp;

/// Zones the generators draw from: no DST, DST both hemispheres, a 30-minute DST
/// (Lord Howe), midnight transitions (Santiago), half-hour and 45-minute offsets.
pub const ZONES: &[&str] = &[
    "Asia/Jakarta",
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kolkata",
    "Pacific/Chatham",
];

/// The years generated calendars can compute in.
pub const HORIZON: YearRange = YearRange {
    from: 2023,
    to: 2028,
};

fn clock(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// One day's intervals: 0 to 3 sorted, non-overlapping, minute precision, possibly
/// touching midnight at either end.
pub fn day_hours() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        1 => Just(Vec::new()),
        1 => Just(vec!["00:00-24:00".to_string()]),
        6 => proptest::collection::btree_set(0u16..=1440, 2..=6).prop_map(|points| {
            let p: Vec<u16> = points.into_iter().collect();
            p.chunks_exact(2).map(|c| format!("{}-{}", clock(c[0]), clock(c[1]))).collect()
        }),
    ]
}

/// Weekly hours with at least one open weekday.
pub fn week() -> impl Strategy<Value = WeekSpec> {
    proptest::collection::vec(day_hours(), 7)
        .prop_filter("a week needs some open hours", |days| {
            days.iter().any(|d| !d.is_empty())
        })
        .prop_map(|d| WeekSpec {
            mon: d[0].clone(),
            tue: d[1].clone(),
            wed: d[2].clone(),
            thu: d[3].clone(),
            fri: d[4].clone(),
            sat: d[5].clone(),
            sun: d[6].clone(),
        })
}

fn date_in(from: i32, to: i32) -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(from, 1, 1).unwrap();
    let days = (NaiveDate::from_ymd_opt(to, 12, 31).unwrap() - first).num_days() as u64;
    (0..=days).prop_map(move |k| first + chrono::Days::new(k))
}

/// A random calendar: zone, weekly hours, up to 30 holidays of every kind, up to 10
/// overrides, either collective-leave setting, horizon [`HORIZON`].
pub fn calendar_spec() -> impl Strategy<Value = CalendarSpec> {
    let kinds = select(vec![
        HolidayKind::National,
        HolidayKind::CollectiveLeave,
        HolidayKind::Election,
        HolidayKind::Local,
    ]);
    let holidays = proptest::collection::btree_map(date_in(2024, 2026), kinds, 0..30);
    let overrides = proptest::collection::btree_map(date_in(2024, 2026), day_hours(), 0..10);
    (select(ZONES), any::<bool>(), week(), holidays, overrides).prop_map(
        |(zone, cl, week, hol, ov)| CalendarSpec {
            name: Some("generated".into()),
            timezone: zone.to_string(),
            collective_leave_off: cl,
            week,
            holidays: hol
                .into_iter()
                .map(|(date, kind)| HolidaySpec {
                    date,
                    name: format!("holiday {}", date.ordinal()),
                    kind,
                    provisional: false,
                    source: None,
                })
                .collect(),
            overrides: ov
                .into_iter()
                .map(|(date, hours)| OverrideSpec {
                    date,
                    hours,
                    name: None,
                })
                .collect(),
            covers: None,
            horizon: Some(HORIZON),
        },
    )
}

/// A compiled random calendar (specs that happen to never open are skipped).
pub fn calendar() -> impl Strategy<Value = Calendar> {
    calendar_spec().prop_filter_map("calendar must compile", |s| Calendar::new(s).ok())
}

/// A calendar where every open day has one and the same interval, with no clock
/// changes (for the days-vs-hours law), and that interval's length in seconds.
pub fn uniform_calendar() -> impl Strategy<Value = (Calendar, i64)> {
    let zones = select(vec!["Asia/Jakarta", "UTC", "Asia/Kolkata"]);
    (
        zones,
        0u16..1380,
        1u16..=1440,
        proptest::collection::vec(any::<bool>(), 7),
        proptest::collection::btree_set(date_in(2024, 2026), 0..20),
    )
        .prop_filter_map("needs an open weekday", |(zone, start, len, open, hol)| {
            let end = (start + len).min(1440);
            let iv = vec![format!("{}-{}", clock(start), clock(end))];
            let day = |k: usize| if open[k] { iv.clone() } else { Vec::new() };
            let spec = CalendarSpec {
                name: None,
                timezone: zone.into(),
                collective_leave_off: true,
                week: WeekSpec {
                    mon: day(0),
                    tue: day(1),
                    wed: day(2),
                    thu: day(3),
                    fri: day(4),
                    sat: day(5),
                    sun: day(6),
                },
                holidays: hol
                    .into_iter()
                    .map(|date| HolidaySpec {
                        date,
                        name: "h".into(),
                        kind: HolidayKind::National,
                        provisional: false,
                        source: None,
                    })
                    .collect(),
                overrides: Vec::new(),
                covers: None,
                horizon: Some(HORIZON),
            };
            Calendar::new(spec)
                .ok()
                .map(|c| (c, i64::from(end - start) * 60))
        })
}

/// Instants in the local years `from..=to` of `cal`: half uniformly spread, half
/// within a few seconds of an opening or closing.
pub fn instant(cal: &Calendar, from: i32, to: i32) -> impl Strategy<Value = Timestamp> {
    instant_in(
        cal,
        NaiveDate::from_ymd_opt(from, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(to, 12, 31).unwrap(),
    )
}

/// Instants from local midnight of `from` to the end of `to` (local dates of `cal`,
/// both included), drawn as by [`instant`]: half uniformly spread, half within a few
/// seconds of an opening or closing. `loket sla check --from --to` uses it.
///
/// # Panics
/// If `from` is after `to`.
pub fn instant_in(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> BoxedStrategy<Timestamp> {
    assert!(from <= to, "instant_in: {from} is after {to}");
    let tz = cal.timezone();
    let lo = crate::calendar::local_instant(tz, from, 0);
    let hi = crate::calendar::local_instant(tz, to, 86_400);
    let seg = cal.seg();
    let edges: Vec<i64> = seg
        .start
        .iter()
        .zip(&seg.end)
        .flat_map(|(&s, &e)| [s, e])
        .filter(|&x| lo <= x && x < hi)
        .collect();
    let uniform = (lo..hi).prop_map(Timestamp::from_unix).boxed();
    // Days on which the clocks change (their local day is not 24 hours): instants
    // anywhere on them, where folds and gaps hide.
    let changes: Vec<i64> = (0..cal.days_len())
        .filter(|&i| !cal.day(i).simple)
        .map(|i| cal.midnight(i))
        .filter(|&m| lo <= m && m < hi)
        .collect();
    let near = (
        select(if edges.is_empty() { vec![lo] } else { edges }),
        -3i64..=3,
    )
        .prop_map(|(x, k)| Timestamp::from_unix(x + k));
    if changes.is_empty() {
        return prop_oneof![uniform, near].boxed();
    }
    let dst = (select(changes), 0i64..90_000).prop_map(|(m, k)| Timestamp::from_unix(m + k));
    prop_oneof![2 => uniform, 2 => near, 1 => dst].boxed()
}

/// Durations in seconds from 0 to `max`: half small (under an hour, down to 1 s),
/// half whole quarter-hours or arbitrary.
pub fn seconds(max: i64) -> impl Strategy<Value = i64> {
    prop_oneof![
        0..3600i64.min(max + 1),
        (0..=max / 900).prop_map(|q| q * 900),
        0..=max
    ]
}

/// Operational days from 0 to `max`.
pub fn days(max: i32) -> impl Strategy<Value = i32> {
    0..=max
}

/// A duration of either unit and either sign: up to `max_secs` seconds or
/// `max_days` days (negative ones are `sub`).
pub fn duration(max_secs: i64, max_days: i32) -> impl Strategy<Value = OpDuration> {
    let d = prop_oneof![
        seconds(max_secs).prop_map(OpDuration::Seconds),
        days(max_days).prop_map(OpDuration::Days)
    ];
    (d, any::<bool>()).prop_map(|(d, neg)| if neg { d.negated() } else { d })
}

/// Either boundary convention.
pub fn boundary() -> impl Strategy<Value = Boundary> {
    prop_oneof![Just(Boundary::Closing), Just(Boundary::Opening)]
}

/// A calendar together with instants of its years 2024–2026 (to give `add` room
/// before the end of [`HORIZON`]).
pub fn calendar_and_instants(n: usize) -> impl Strategy<Value = (Calendar, Vec<Timestamp>)> {
    calendar().prop_flat_map(move |cal| {
        let ts = proptest::collection::vec(instant(&cal, 2024, 2026), n);
        (Just(cal), ts)
    })
}

/// The local year of an instant in `cal` (for messages).
pub fn year_of(cal: &Calendar, t: Timestamp) -> i32 {
    cal.local(t).year()
}
