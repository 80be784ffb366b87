//! A calendar compiled over a window of years (`Calendar::window`, what the npm
//! package compiles at start) answers exactly as the whole calendar wherever
//! `holds` says it does: for random calendars, windows, instants and durations,
//! every answer the window gives about instants it holds is the whole calendar's.

use std::cell::Cell;

use loket_core::testing::{self, boundary, duration};
use loket_core::{Boundary, Calendar, CalendarSpec, OpDuration, SlaPolicy, TicketKind, Timestamp};
use loket_core::{OpenStatus, YearRange};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// Random specs (horizon 2023–2028), a window inside, and instants of the horizon.
fn case() -> impl Strategy<Value = (CalendarSpec, Calendar, YearRange, Vec<Timestamp>)> {
    testing::calendar_spec()
        .prop_filter_map("calendar must compile", |s| {
            Calendar::new(s.clone()).ok().map(|c| (s, c))
        })
        .prop_flat_map(|(spec, whole)| {
            let window = (2023i32..=2028, 0i32..3).prop_map(|(from, len)| YearRange {
                from,
                to: from + len,
            });
            let ts = proptest::collection::vec(testing::instant(&whole, 2023, 2028), 2);
            (Just(spec), Just(whole), window, ts)
        })
}

/// The start of a calendar's first open period and the end of its last.
fn edges(cal: &Calendar) -> (Timestamp, Timestamp) {
    use chrono::TimeZone;
    let (from, to) = cal.horizon();
    let midnight = |d: chrono::NaiveDate| {
        let tz = cal.timezone();
        // Midnight, or 01:00 where a clock change skips midnight (Santiago).
        let t = tz
            .from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap())
            .earliest()
            .or_else(|| {
                tz.from_local_datetime(&d.and_hms_opt(1, 0, 0).unwrap())
                    .earliest()
            });
        Timestamp::from_unix(t.expect("01:00 exists").timestamp())
    };
    let start = midnight(from);
    let end = Timestamp::from_unix(midnight(to).unix() + 86_399);
    let first = cal.periods_after(start).unwrap().next().unwrap().0;
    let last = cal.periods_before(end).unwrap().next().unwrap().1;
    (first, last)
}

thread_local! {
    /// Comparisons made (the window held every instant of the answer).
    static COMPARED: Cell<u64> = const { Cell::new(0) };
}

/// If `window` holds every instant of its answer, it must be `whole`'s.
fn same<T: PartialEq + std::fmt::Debug>(
    what: &str,
    window: &Calendar,
    w: Result<T, loket_core::Error>,
    whole: Result<T, loket_core::Error>,
    instants: impl Fn(&T) -> Vec<Option<Timestamp>>,
) -> Result<(), TestCaseError> {
    let Ok(w) = w else { return Ok(()) };
    if !instants(&w)
        .iter()
        .all(|t| t.is_some_and(|t| window.holds(t)))
    {
        return Ok(());
    }
    COMPARED.with(|c| c.set(c.get() + 1));
    let whole = whole.map_err(|e| {
        TestCaseError::fail(format!(
            "{what}: the window answered {w:?}, the whole calendar failed: {e}"
        ))
    })?;
    prop_assert_eq!(&w, &whole, "{}", what);
    Ok(())
}

fn check(
    window: &Calendar,
    whole: &Calendar,
    a: Timestamp,
    b: Timestamp,
    d: OpDuration,
    bd: Boundary,
) -> Result<(), TestCaseError> {
    let at = |t: Timestamp| Some(t);
    same(
        "add",
        window,
        window.add(a, d, bd),
        whole.add(a, d, bd),
        |r| vec![at(a), at(r.value)],
    )?;
    same(
        "sub",
        window,
        window.sub(a, d, bd),
        whole.sub(a, d, bd),
        |r| vec![at(a), at(r.value)],
    )?;
    same(
        "between",
        window,
        window.between(a, b),
        whole.between(a, b),
        |_| vec![at(a), at(b)],
    )?;
    same(
        "explain_add",
        window,
        window.explain_add(a, d, bd),
        whole.explain_add(a, d, bd),
        |e| vec![at(a), at(e.end)],
    )?;
    same(
        "explain_sub",
        window,
        window.explain_sub(a, d, bd),
        whole.explain_sub(a, d, bd),
        |e| vec![at(a), at(e.end)],
    )?;
    same(
        "explain_between",
        window,
        window.explain_between(a, b),
        whole.explain_between(a, b),
        |_| vec![at(a), at(b)],
    )?;
    same(
        "is_open",
        window,
        window.is_open(a),
        whole.is_open(a),
        |_| vec![at(a)],
    )?;
    same(
        "clock_start",
        window,
        window.clock_start(a),
        whole.clock_start(a),
        |c| vec![at(a), at(*c)],
    )?;
    same(
        "status",
        window,
        window.status(a),
        whole.status(a),
        |s| match s {
            OpenStatus::Open { until } => vec![at(a), at(*until)],
            OpenStatus::Closed { opens } => vec![at(a), *opens],
        },
    )?;
    same(
        "next_opening",
        window,
        window.next_opening(a),
        whole.next_opening(a),
        |n| vec![at(a), *n],
    )?;
    same(
        "previous_closing",
        window,
        window.previous_closing(a),
        whole.previous_closing(a),
        |p| vec![at(a), *p],
    )?;
    let policy = SlaPolicy {
        complaint: d,
        request: d,
        incident: d,
        boundary: bd,
    };
    same(
        "deadline",
        window,
        policy.deadline(window, TicketKind::Request, a),
        policy.deadline(whole, TicketKind::Request, a),
        |r| vec![at(a), at(r.value.due), at(r.value.clock_starts)],
    )?;
    same(
        "due",
        window,
        policy.due(window, TicketKind::Request, a),
        policy.due(whole, TicketKind::Request, a),
        |r| vec![at(a), at(*r)],
    )?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn a_window_answers_as_the_whole_calendar(
        (spec, whole, years, ts) in case(),
        d in duration(60 * 3600, 20),
        b in boundary(),
        edge in 0usize..3,
        delta in -3i64..=3,
    ) {
        let window = Calendar::window(spec, years).expect("a window compiles when the whole does");
        prop_assert_eq!(window.spec(), whole.spec());
        // A third of the cases start within seconds of the window's first opening or
        // last closing, where a window and the whole calendar part.
        let (first, last) = edges(&window);
        let a = match edge {
            1 => Timestamp::from_unix(first.unix() + delta),
            2 => Timestamp::from_unix(last.unix() + delta),
            _ => ts[0],
        };
        check(&window, &whole, a, ts[1], d, b)?;
    }
}

#[test]
fn the_comparisons_are_not_vacuous() {
    // Run a fixed share of the property above and count what it compared: most
    // random instants fall inside a three-year window of a six-year horizon only
    // some of the time, so the count must be well above zero.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (case(), duration(60 * 3600, 20), boundary());
    for _ in 0..200 {
        let ((spec, whole, years, ts), d, b) = strategy.new_tree(&mut runner).unwrap().current();
        let window = Calendar::window(spec, years).unwrap();
        check(&window, &whole, ts[0], ts[1], d, b).unwrap();
    }
    let compared = COMPARED.with(Cell::get);
    assert!(
        compared >= 500,
        "only {compared} answers compared in 200 cases"
    );
}

#[test]
fn windows_of_the_default_calendar() {
    let spec = CalendarSpec::jatengprov();
    let whole = Calendar::new(spec.clone()).unwrap();
    let window = Calendar::window(
        spec.clone(),
        YearRange {
            from: 2026,
            to: 2027,
        },
    )
    .unwrap();
    assert!(whole.is_whole() && !window.is_whole());
    assert_eq!(window.horizon().0.to_string(), "2026-01-01");
    assert_eq!(window.horizon().1.to_string(), "2027-12-31");
    // The whole horizon asked as a window is the whole calendar.
    let all = Calendar::window(
        spec.clone(),
        YearRange {
            from: 1900,
            to: 2500,
        },
    )
    .unwrap();
    assert!(all.is_whole() && all.holds(Timestamp::from_unix(0)));
    // Just inside and just outside the window's open periods.
    let t = |s: &str| s.parse::<Timestamp>().unwrap();
    assert!(window.holds(t("2026-01-02T07:00:01+07:00")));
    assert!(
        !window.holds(t("2026-01-02T07:00:00+07:00")),
        "the start of the first period"
    );
    assert!(!window.holds(t("2025-12-31T09:00:00+07:00")));
    assert!(
        !window.holds(t("2027-12-31T14:00:00+07:00")),
        "the end of the last period"
    );
    // A deadline across the end of the window is not held: the whole calendar is asked.
    let late = t("2027-12-30T09:00:00+07:00");
    let policy = SlaPolicy::jatengprov();
    let due = policy.due(&window, TicketKind::Request, late);
    assert!(due.map_or(true, |d| !window.holds(d)));
    assert_eq!(
        policy
            .due(&whole, TicketKind::Request, late)
            .unwrap()
            .to_rfc3339(whole.timezone()),
        "2028-01-13T09:00:00+07:00"
    );
    // A window of a calendar that opens only outside it is the whole calendar.
    let mut rare = spec;
    rare.week = Default::default();
    rare.overrides = vec![loket_core::OverrideSpec {
        date: "2030-05-02".parse().unwrap(),
        hours: vec!["08:00-12:00".into()],
        name: None,
    }];
    let w = Calendar::window(
        rare,
        YearRange {
            from: 2026,
            to: 2026,
        },
    )
    .unwrap();
    assert!(w.is_whole());
}
