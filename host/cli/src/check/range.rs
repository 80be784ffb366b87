//! What is drawn: the dates of the instants (`--from`, `--to` and their defaults,
//! the years of them the holiday list does not cover) and the largest durations.

use chrono::{Datelike, NaiveDate};
use loket_core::{Calendar, OpDuration, SlaPolicy, TicketKind};

use crate::util::now;

// ---- the options ----

/// A date of `--from` or `--to`: exactly YYYY-MM-DD.
pub(super) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped
        .then(|| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("`{s}` is not a date: expected YYYY-MM-DD, e.g. 2024-01-01"))
}

/// Largest durations drawn, at least the project's own (60 h, 15 days) and at least
/// the policy's targets.
const MIN_MAX_SECS: i64 = 60 * 3600;
const MIN_MAX_DAYS: i32 = 15;

/// The largest durations drawn, in seconds and in days: at least the project's own,
/// at least the policy's targets.
pub(super) fn max_durations(policy: &SlaPolicy) -> (i64, i32) {
    let (mut max_secs, mut max_days) = (MIN_MAX_SECS, MIN_MAX_DAYS);
    for kind in TicketKind::ALL {
        match policy.target(kind) {
            OpDuration::Seconds(s) => max_secs = max_secs.max(s.abs()),
            OpDuration::Days(n) => max_days = max_days.max(n.abs()),
        }
    }
    (max_secs, max_days)
}

// ---- the range of dates ----

/// Whether `d` is within the calendar's range (its `horizon`).
pub(super) fn in_horizon(cal: &Calendar, d: NaiveDate) -> bool {
    let (a, b) = cal.horizon();
    a <= d && d <= b
}

fn current_year(cal: &Calendar) -> i32 {
    now().in_zone(cal.timezone()).year()
}

fn year_span(cal: &Calendar, a: i32, b: i32) -> Option<(NaiveDate, NaiveDate)> {
    let (h0, h1) = cal.horizon();
    let from = NaiveDate::from_ymd_opt(a, 1, 1)?.max(h0);
    let to = NaiveDate::from_ymd_opt(b, 12, 31)?.min(h1);
    (from <= to).then_some((from, to))
}

/// The default range: the years the holiday list covers, else the current year ±1,
/// within the calendar's range. Also whether it came from the clock.
pub(super) fn default_range(cal: &Calendar) -> ((NaiveDate, NaiveDate), bool) {
    let covered = cal.covered_years();
    let from_list = covered
        .iter()
        .map(|r| r.from)
        .min()
        .zip(covered.iter().map(|r| r.to).max())
        .and_then(|(a, b)| year_span(cal, a, b));
    if let Some(r) = from_list {
        return (r, false);
    }
    let y = current_year(cal);
    let r = year_span(cal, y - 1, y + 1).unwrap_or_else(|| cal.horizon());
    (r, true)
}

/// The years from `from` to `to` the holiday list does not cover.
pub(super) fn uncovered_years(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
    (from.year()..=to.year())
        .filter(|y| {
            !cal.covered_years()
                .iter()
                .any(|r| r.from <= *y && *y <= r.to)
        })
        .collect()
}

/// The years from `from` to `to` the holiday list covers only provisionally.
pub(super) fn provisional_years(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
    (from.year()..=to.year())
        .filter(|y| {
            cal.provisional_years()
                .iter()
                .any(|r| r.from <= *y && *y <= r.to)
        })
        .collect()
}

/// Years as ranges: `2024, 2027–2028`.
pub(super) fn year_ranges(years: &[i32]) -> String {
    let mut parts: Vec<(i32, i32)> = Vec::new();
    for &y in years {
        match parts.last_mut() {
            Some(p) if p.1 + 1 == y => p.1 = y,
            _ => parts.push((y, y)),
        }
    }
    let v: Vec<String> = parts
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    v.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2024-02-29").is_ok());
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
