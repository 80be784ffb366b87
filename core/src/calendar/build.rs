//! Compiling a [`CalendarSpec`] into per-date and per-period tables.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::spec::{parse_day, CalendarSpec, HolidayKind, HolidaySpec, Interval, YearRange};
use super::{Calendar, Day, DayStatus, Segments};
use crate::error::{CalendarError, DateReason, DateUse, Error};
use crate::time::Timestamp;

/// Default computable years when the calendar does not say.
pub(crate) const DEFAULT_HORIZON: YearRange = YearRange {
    from: 1970,
    to: 2100,
};
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2500;

/// The instant at which the local clock of `tz` reads `date` + `secs` seconds
/// (`secs` in `0..=86400`). Times in a gap (spring forward) are read with the offset
/// before the gap, i.e. moved later by the gap's length; times in a fold (fall back)
/// take the earlier instant. This is the "compatible" disambiguation of RFC 9557 /
/// Temporal and jiff.
pub(crate) fn local_instant(tz: Tz, date: NaiveDate, secs: i64) -> i64 {
    let (date, secs) = if secs >= 86_400 {
        (date.succ_opt().unwrap_or(date), secs - 86_400)
    } else {
        (date, secs)
    };
    let naive = date.and_hms_opt(0, 0, 0).unwrap_or_default() + chrono::Duration::seconds(secs);
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(d) => d.timestamp(),
        chrono::LocalResult::Ambiguous(a, b) => a.timestamp().min(b.timestamp()),
        chrono::LocalResult::None => {
            let before = naive - chrono::Duration::hours(25);
            let off = tz
                .from_local_datetime(&before)
                .earliest()
                .map(|d| d.naive_local().and_utc().timestamp() - d.timestamp())
                .unwrap_or(0);
            naive.and_utc().timestamp() - off
        }
    }
}

/// A holiday as a meaning of its date, in the file's words, for messages.
fn holiday_use(h: &HolidaySpec) -> DateUse {
    DateUse::Holiday {
        name: h.name.clone(),
        kind: h.kind,
        provisional: h.provisional,
    }
}

/// An override's hours as a meaning of its date: `["07:00-12:00"]`, as written in a
/// calendar file.
fn override_use(ivs: &[Interval]) -> DateUse {
    let v: Vec<String> = ivs.iter().map(|i| format!("\"{i}\"")).collect();
    DateUse::Override {
        hours: format!("[{}]", v.join(", ")),
    }
}

fn date_place(prefix: &str, date: NaiveDate) -> String {
    format!("{prefix} {date}")
}

struct Resolved {
    days: Vec<Day>,
    hours: Vec<Vec<Interval>>,
    /// Provisional holidays that close a weekday the weekly hours open, in order.
    provisional_dates: Vec<NaiveDate>,
}

impl Calendar {
    /// Checks and compiles a calendar.
    ///
    /// # Errors
    /// [`Error::Calendar`] for an unknown zone, a malformed, inverted or overlapping
    /// interval, a date listed twice with different meanings, a bad year range, or a
    /// calendar that never opens.
    pub fn new(spec: CalendarSpec) -> Result<Self, Error> {
        let horizon = spec.horizon.unwrap_or(DEFAULT_HORIZON);
        Calendar::compile(spec, horizon, true)
    }

    /// Checks the whole calendar but compiles only the years `years` of its horizon
    /// (at least one year of it): a page that asks about this year and the next
    /// compiles two or three years, not the 131 of the default horizon.
    ///
    /// Every answer the window gives about instants strictly inside its open periods
    /// (after the start of its first, before the end of its last) is the whole
    /// calendar's answer; [`holds`](Self::holds) says whether an instant is such.
    /// Outside it, ask the whole calendar ([`Calendar::new`]). The spec, its
    /// coverage and every check of it are the whole calendar's: a window compiles
    /// exactly when the whole calendar does.
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::{Boundary, Calendar, CalendarSpec, OpDuration, Timestamp, YearRange};
    ///
    /// let spec = CalendarSpec::jatengprov();
    /// let window = Calendar::window(spec.clone(), YearRange { from: 2024, to: 2025 })?;
    /// let whole = Calendar::new(spec)?;
    /// let t: Timestamp = "2024-12-31T15:00:00+07:00".parse()?;
    /// let due = window.add(t, OpDuration::Days(10), Boundary::Closing)?.value;
    /// assert!(window.holds(t) && window.holds(due));
    /// assert_eq!(due, whole.add(t, OpDuration::Days(10), Boundary::Closing)?.value);
    /// // 2030 is outside the window: its answers are not the whole calendar's.
    /// assert!(!window.holds("2030-01-02T09:00:00+07:00".parse()?));
    /// # Ok::<(), loket_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Calendar::new`].
    pub fn window(spec: CalendarSpec, years: YearRange) -> Result<Self, Error> {
        let horizon = spec.horizon.unwrap_or(DEFAULT_HORIZON);
        check_years(horizon, "horizon")?;
        let from = years.from.clamp(horizon.from, horizon.to);
        let to = years.to.clamp(from, horizon.to);
        let window = YearRange { from, to };
        if window == horizon {
            return Calendar::compile(spec, horizon, true);
        }
        match Calendar::compile(spec.clone(), window, false) {
            // A window of a calendar that opens only in other years.
            Err(Error::Calendar(CalendarError::NeverOpens { .. })) => {
                Calendar::compile(spec, horizon, true)
            }
            r => r,
        }
    }

    /// Whether the calendar was compiled over its whole horizon ([`Calendar::new`])
    /// rather than a [window](Self::window) of it.
    pub fn is_whole(&self) -> bool {
        self.whole
    }

    /// Whether this calendar's answers about `t` are the whole calendar's: always for
    /// a whole calendar; for a [window](Self::window), when `t` is after the start of
    /// its first open period and before the end of its last.
    #[inline]
    pub fn holds(&self, t: Timestamp) -> bool {
        let u = t.unix();
        self.whole || (self.seg.start[0] < u && u < self.seg.end[self.seg.len() - 1])
    }

    fn compile(spec: CalendarSpec, horizon: YearRange, whole: bool) -> Result<Self, Error> {
        let tz: Tz = spec
            .timezone
            .parse()
            .map_err(|_| CalendarError::UnknownTimezone(spec.timezone.clone()))?;
        check_years(horizon, "horizon")?;
        let first = NaiveDate::from_ymd_opt(horizon.from, 1, 1).expect("checked year");
        let last = NaiveDate::from_ymd_opt(horizon.to, 12, 31).expect("checked year");
        let n = (last - first).num_days() as usize + 1;

        let Resolved {
            mut days,
            hours,
            provisional_dates,
        } = resolve(&spec, first, n)?;
        // Local midnights (one past the end too) and whether each day is "simple":
        // 24 real hours with one UTC offset, so wall time = instant - midnight.
        let mut midnight = Vec::with_capacity(n + 1);
        for i in 0..=n {
            midnight.push(local_instant(tz, first + chrono::Days::new(i as u64), 0));
        }
        let epoch_day = |i: usize| {
            (first + chrono::Days::new(i as u64))
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp()
        };
        for i in 0..n {
            let off0 = epoch_day(i) - midnight[i];
            let off1 = epoch_day(i + 1) - midnight[i + 1];
            days[i].midnight = midnight[i];
            days[i].simple = off0 == off1 && midnight[i + 1] - midnight[i] == 86_400;
        }
        let end_midnight = midnight[n];

        let mut seg = Segments::default();
        for (i, ivs) in hours.iter().enumerate() {
            let date = first + chrono::Days::new(i as u64);
            for iv in ivs {
                let (s, e) = if days[i].simple {
                    (midnight[i] + iv.start_secs(), midnight[i] + iv.end_secs())
                } else {
                    (
                        local_instant(tz, date, iv.start_secs()),
                        local_instant(tz, date, iv.end_secs()),
                    )
                };
                seg.push(s, e);
            }
        }
        if seg.start.is_empty() {
            return Err(CalendarError::NeverOpens {
                from: first.to_string(),
                to: last.to_string(),
            }
            .into());
        }
        let mut open_days = Vec::new();
        let mut open_rank = Vec::with_capacity(n + 1);
        for (i, d) in days.iter().enumerate() {
            open_rank.push(open_days.len() as u32);
            if matches!(d.status, DayStatus::Open { .. }) {
                open_days.push(i as u32);
            }
        }
        open_rank.push(open_days.len() as u32);

        let (covers, provisional) = coverage(&spec)?;
        let year_span = |r: &YearRange| {
            let a = r.from.max(horizon.from);
            let b = r.to.min(horizon.to);
            (a <= b).then(|| {
                let ia = (NaiveDate::from_ymd_opt(a, 1, 1).unwrap() - first).num_days() as usize;
                let ib =
                    (NaiveDate::from_ymd_opt(b + 1, 1, 1).unwrap() - first).num_days() as usize;
                (midnight[ia], midnight[ib])
            })
        };
        let coverage_spans = covers.iter().filter_map(year_span).collect();
        // Every year with something provisional: a provisional year, or a confirmed
        // year with a provisional date. Results outside them skip the lookups.
        let touched = year_ranges(
            provisional
                .iter()
                .flat_map(|r| r.from..=r.to)
                .chain(provisional_dates.iter().map(|d| d.year())),
        );
        let provisional_spans = touched.iter().filter_map(year_span).collect();

        let base = midnight[0];
        let bucket = seg.buckets(base, end_midnight);
        Ok(Calendar {
            spec,
            tz,
            first,
            days,
            end_midnight,
            open_days,
            open_rank,
            seg,
            base,
            bucket,
            covers,
            coverage_spans,
            provisional,
            provisional_spans,
            provisional_dates,
            whole,
        })
    }
}

fn check_years(r: YearRange, what: &str) -> Result<(), Error> {
    if r.from > r.to || r.from < MIN_YEAR || r.to > MAX_YEAR {
        return Err(CalendarError::BadDate {
            place: what.to_string(),
            reason: DateReason::YearsNotARange {
                from: r.from,
                to: r.to,
                min: MIN_YEAR,
                max: MAX_YEAR,
            },
        }
        .into());
    }
    Ok(())
}

/// The years the holiday list covers (confirmed or provisional), and those of them
/// it covers only provisionally, each as sorted disjoint ranges.
///
/// Covered: the `covers` range when set, else every year with a holiday entry; and
/// every year with a provisional entry. Provisional: a covered year whose entries
/// are all provisional (a year of `covers` without entries is confirmed: the
/// administrator declared it complete).
fn coverage(spec: &CalendarSpec) -> Result<(Vec<YearRange>, Vec<YearRange>), Error> {
    let confirmed: BTreeSet<i32> = spec
        .holidays
        .iter()
        .filter(|h| !h.provisional)
        .map(|h| h.date.year())
        .collect();
    let estimated: BTreeSet<i32> = spec
        .holidays
        .iter()
        .filter(|h| h.provisional)
        .map(|h| h.date.year())
        .collect();
    let provisional = year_ranges(estimated.difference(&confirmed).copied());
    let covered = match spec.covers {
        Some(c) => {
            check_years(c, "covers")?;
            year_ranges((c.from..=c.to).chain(estimated.iter().copied()))
        }
        None => year_ranges(confirmed.union(&estimated).copied()),
    };
    Ok((covered, provisional))
}

/// Years as sorted disjoint ranges of consecutive years.
pub(crate) fn year_ranges(years: impl IntoIterator<Item = i32>) -> Vec<YearRange> {
    let years: BTreeSet<i32> = years.into_iter().collect();
    let mut out: Vec<YearRange> = Vec::new();
    for y in years {
        match out.last_mut() {
            Some(r) if r.to + 1 == y => r.to = y,
            _ => out.push(YearRange { from: y, to: y }),
        }
    }
    out
}

fn resolve(spec: &CalendarSpec, first: NaiveDate, n: usize) -> Result<Resolved, Error> {
    let week: Vec<Vec<Interval>> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let day = chrono::Weekday::try_from(i as u8).expect("0..7");
            parse_day(spec.week.day(day), &format!("week.{name}"))
        })
        .collect::<Result<_, _>>()?;

    // One entry per date. A confirmed entry supersedes a provisional one of the
    // same date (the decree replaces the estimate); otherwise an entry listed twice
    // must mean the same.
    let mut holidays: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for (i, h) in spec.holidays.iter().enumerate() {
        let Some(&j) = holidays.get(&h.date) else {
            holidays.insert(h.date, i);
            continue;
        };
        let other = &spec.holidays[j];
        if other.provisional != h.provisional {
            if other.provisional {
                holidays.insert(h.date, i);
            }
            continue;
        }
        if other.name != h.name || other.kind != h.kind {
            return Err(CalendarError::DuplicateDate {
                date: h.date.to_string(),
                first: holiday_use(other),
                second: holiday_use(h),
            }
            .into());
        }
    }
    let mut overrides: BTreeMap<NaiveDate, (usize, Vec<Interval>)> = BTreeMap::new();
    for (i, o) in spec.overrides.iter().enumerate() {
        let ivs = parse_day(&o.hours, &date_place("override", o.date))?;
        if let Some((_, prev)) = overrides.get(&o.date) {
            if *prev != ivs {
                return Err(CalendarError::DuplicateDate {
                    date: o.date.to_string(),
                    first: override_use(prev),
                    second: override_use(&ivs),
                }
                .into());
            }
        }
        overrides.entry(o.date).or_insert((i, ivs));
    }

    let mut days = Vec::with_capacity(n);
    let mut hours = Vec::with_capacity(n);
    let mut provisional_dates = Vec::new();
    for i in 0..n {
        let date = first + chrono::Days::new(i as u64);
        let holiday = holidays.get(&date).copied();
        let closes = |h: usize| {
            spec.holidays[h].kind != HolidayKind::CollectiveLeave || spec.collective_leave_off
        };
        let (status, ivs) = if let Some((o, ivs)) = overrides.get(&date) {
            if ivs.is_empty() {
                (DayStatus::ClosedByOverride(*o as u32), Vec::new())
            } else {
                (
                    DayStatus::Open {
                        special: Some(*o as u32),
                    },
                    ivs.clone(),
                )
            }
        } else if let Some(h) = holiday.filter(|h| closes(*h)) {
            let weekday = date.weekday().num_days_from_monday() as usize;
            if spec.holidays[h].provisional && !week[weekday].is_empty() {
                provisional_dates.push(date);
            }
            (DayStatus::Holiday(h as u32), Vec::new())
        } else {
            let ivs = week[date.weekday().num_days_from_monday() as usize].clone();
            if ivs.is_empty() {
                (DayStatus::NoHours, ivs)
            } else {
                (DayStatus::Open { special: None }, ivs)
            }
        };
        days.push(Day {
            midnight: 0,
            simple: true,
            status,
        });
        hours.push(ivs);
    }
    Ok(Resolved {
        days,
        hours,
        provisional_dates,
    })
}
