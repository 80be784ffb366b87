//! The worked examples of the operational-hours SLA arithmetic (issue 2), as one-line
//! table tests on the default profile of Service Desk JatengProv:
//! Mon–Thu 07:00–15:30, Fri 07:00–14:00, `Asia/Jakarta`, closed on weekends, national
//! holidays and (by default) collective leave.

use loket_core::{
    format_elapsed,
    Boundary::{self, Closing, Opening},
    Calendar, CalendarSpec, OpDuration, Profile, TicketKind, Timestamp,
};

#[track_caller]
fn ts(s: &str) -> Timestamp {
    s.parse()
        .unwrap_or_else(|e| panic!("bad instant in the test: {s}: {e}"))
}

#[track_caller]
fn dur(s: &str) -> OpDuration {
    s.parse()
        .unwrap_or_else(|e| panic!("bad duration in the test: {s}: {e}"))
}

fn jatengprov() -> Calendar {
    Calendar::jatengprov()
}

/// The default calendar with collective leave kept open.
fn collective_leave_open() -> Calendar {
    let mut spec = CalendarSpec::jatengprov();
    spec.collective_leave_off = false;
    Calendar::new(spec).expect("the default calendar with collective leave open is valid")
}

#[track_caller]
fn check_add(cal: &Calendar, start: &str, d: &str, b: Boundary, want: &str) {
    let got = cal
        .add(ts(start), dur(d), b)
        .unwrap_or_else(|e| panic!("add({start}, {d}, {b:?}) failed: {e}"));
    assert_eq!(
        got.value.to_rfc3339(cal.timezone()),
        want,
        "add({start}, {d}, {b:?})"
    );
    assert!(
        got.is_covered(),
        "add({start}, {d}, {b:?}) is not covered: {:?}",
        got.uncovered_years
    );
}

#[track_caller]
fn check_sub(cal: &Calendar, start: &str, d: &str, b: Boundary, want: &str) {
    let got = cal
        .sub(ts(start), dur(d), b)
        .unwrap_or_else(|e| panic!("sub({start}, {d}, {b:?}) failed: {e}"));
    assert_eq!(
        got.value.to_rfc3339(cal.timezone()),
        want,
        "sub({start}, {d}, {b:?})"
    );
    // `sub(t, d)` is `add(t, -d)`, except for a zero duration, where the direction
    // (backward for `sub`, forward for `add`) is all that differs.
    if !matches!(dur(d), OpDuration::Seconds(0) | OpDuration::Days(0)) {
        let neg = cal.add(ts(start), dur(d).negated(), b).unwrap().value;
        assert_eq!(got.value, neg, "sub({start}, {d}, {b:?}) != add(t, -d)");
    }
}

/// `between(a, b)`, checked in both directions (it is signed).
#[track_caller]
fn check_between(cal: &Calendar, a: &str, b: &str, want: &str) {
    let OpDuration::Seconds(want_secs) = dur(want) else {
        panic!("between is in time units, not days: {want}");
    };
    let got = cal
        .between(ts(a), ts(b))
        .unwrap_or_else(|e| panic!("between({a}, {b}) failed: {e}"));
    assert_eq!(
        format_elapsed(got.value),
        format_elapsed(want_secs),
        "between({a}, {b})"
    );
    assert_eq!(got.value, want_secs, "between({a}, {b})");
    let back = cal.between(ts(b), ts(a)).unwrap().value;
    assert_eq!(back, -want_secs, "between({b}, {a}) must be the negation");
}

#[track_caller]
fn check_deadline(profile: &Profile, kind: TicketKind, received: &str, starts: &str, due: &str) {
    let tz = profile.calendar.timezone();
    let d = profile
        .deadline(kind, ts(received))
        .unwrap_or_else(|e| panic!("deadline({kind}, {received}) failed: {e}"));
    assert_eq!(
        d.value.due.to_rfc3339(tz),
        due,
        "deadline({kind}, {received})"
    );
    assert_eq!(
        d.value.clock_starts.to_rfc3339(tz),
        starts,
        "clock start of deadline({kind}, {received})"
    );
    assert_eq!(d.value.kind, kind);
    assert_eq!(d.value.received, ts(received));
    assert_eq!(d.value.target, profile.policy.target(kind));
    assert_eq!(d.value.explanation.end, d.value.due);
    assert!(d.is_covered(), "deadline({kind}, {received}) not covered");
}

// ---- the four worked examples of the issue ----

#[test]
#[rustfmt::skip]
fn issue_example_1_friday_afternoon_plus_one_day() {
    let cal = &jatengprov();
    check_add(cal, "2024-03-01T13:30:00+07:00", "1d", Closing, "2024-03-04T13:30:00+07:00");
    check_add(cal, "2024-03-01T13:30:00+07:00", "1d", Opening, "2024-03-04T13:30:00+07:00");
}

#[test]
#[rustfmt::skip]
fn issue_example_2_thursday_after_fridays_closing_time() {
    let cal = &jatengprov();
    check_add(cal, "2024-02-29T15:00:00+07:00", "1d", Closing, "2024-03-01T14:00:00+07:00");
    check_add(cal, "2024-02-29T15:00:00+07:00", "1d", Opening, "2024-03-04T07:00:00+07:00");
}

#[test]
#[rustfmt::skip]
fn issue_example_3_received_on_saturday() {
    let cal = &jatengprov();
    check_add(cal, "2024-03-02T10:00:00+07:00", "1d", Closing, "2024-03-04T15:30:00+07:00");
    check_add(cal, "2024-03-02T10:00:00+07:00", "1d", Opening, "2024-03-05T07:00:00+07:00");
}

#[test]
#[rustfmt::skip]
fn issue_example_4_ten_days_across_lebaran_2024() {
    let cal = &jatengprov();
    check_add(cal, "2024-04-03T09:00:00+07:00", "10d", Closing, "2024-04-25T09:00:00+07:00");
    check_add(cal, "2024-04-03T09:00:00+07:00", "10d", Opening, "2024-04-25T09:00:00+07:00");
    let open = &collective_leave_open();
    check_add(open, "2024-04-03T09:00:00+07:00", "10d", Closing, "2024-04-19T09:00:00+07:00");
    check_add(open, "2024-04-03T09:00:00+07:00", "10d", Opening, "2024-04-19T09:00:00+07:00");
}

// ---- operational days ----

#[test]
#[rustfmt::skip]
fn days_from_opening_or_closing_instants() {
    let cal = &jatengprov();
    // Exactly the opening time under Closing is the previous closing.
    check_add(cal, "2024-03-01T07:00:00+07:00", "1d", Closing, "2024-03-01T14:00:00+07:00");
    check_add(cal, "2024-03-01T07:00:00+07:00", "1d", Opening, "2024-03-04T07:00:00+07:00");
    check_add(cal, "2024-03-04T07:00:00+07:00", "1d", Closing, "2024-03-04T15:30:00+07:00");
    check_add(cal, "2024-03-04T07:00:00+07:00", "1d", Opening, "2024-03-05T07:00:00+07:00");
    // A closing instant counts as closed: the count starts at the next opening.
    check_add(cal, "2024-03-01T14:00:00+07:00", "1d", Closing, "2024-03-04T15:30:00+07:00");
    check_add(cal, "2024-03-01T14:00:00+07:00", "1d", Opening, "2024-03-05T07:00:00+07:00");
    check_add(cal, "2024-02-29T15:30:00+07:00", "1d", Closing, "2024-03-01T14:00:00+07:00");
    check_add(cal, "2024-02-29T15:30:00+07:00", "1d", Opening, "2024-03-04T07:00:00+07:00");
    // Before opening on an open day: counting starts at 07:00 that day.
    check_add(cal, "2024-03-05T06:00:00+07:00", "1d", Closing, "2024-03-05T15:30:00+07:00");
    check_add(cal, "2024-03-05T06:00:00+07:00", "1d", Opening, "2024-03-06T07:00:00+07:00");
}

#[test]
#[rustfmt::skip]
fn days_in_hours() {
    let cal = &jatengprov();
    check_add(cal, "2024-03-05T10:00:00+07:00", "0d", Closing, "2024-03-05T10:00:00+07:00");
    check_add(cal, "2024-03-05T10:00:00+07:00", "1d", Closing, "2024-03-06T10:00:00+07:00");
    check_add(cal, "2024-03-05T10:00:00+07:00", "3d", Closing, "2024-03-08T10:00:00+07:00");
    // Mon 15:00 + 4d lands on Fri 15:00, after Friday's closing.
    check_add(cal, "2024-03-04T15:00:00+07:00", "4d", Closing, "2024-03-08T14:00:00+07:00");
    check_add(cal, "2024-03-04T15:00:00+07:00", "4d", Opening, "2024-03-13T07:00:00+07:00");
    // Nyepi (Mon 11 March, national) and its collective leave (Tue 12 March).
    check_add(cal, "2024-03-08T10:00:00+07:00", "1d", Closing, "2024-03-13T10:00:00+07:00");
    let open = &collective_leave_open();
    check_add(open, "2024-03-08T10:00:00+07:00", "1d", Closing, "2024-03-12T10:00:00+07:00");
    // Closed all day long: the start moves to the next opening.
    check_add(cal, "2024-03-11T10:00:00+07:00", "1d", Closing, "2024-03-13T15:30:00+07:00");
    check_add(cal, "2024-03-11T10:00:00+07:00", "1d", Opening, "2024-03-14T07:00:00+07:00");
    // Friday before Lebaran 2024: the next open date is Tue 16 April.
    check_add(cal, "2024-04-05T10:00:00+07:00", "1d", Closing, "2024-04-16T10:00:00+07:00");
    check_add(cal, "2024-04-05T10:00:00+07:00", "2d", Closing, "2024-04-17T10:00:00+07:00");
}

#[test]
#[rustfmt::skip]
fn sub_days() {
    let cal = &jatengprov();
    check_sub(cal, "2024-03-04T13:30:00+07:00", "1d", Closing, "2024-03-01T13:30:00+07:00");
    check_sub(cal, "2024-03-05T10:00:00+07:00", "1d", Closing, "2024-03-04T10:00:00+07:00");
    check_sub(cal, "2024-04-25T09:00:00+07:00", "10d", Closing, "2024-04-03T09:00:00+07:00");
    check_sub(cal, "2024-04-16T10:00:00+07:00", "1d", Closing, "2024-04-05T10:00:00+07:00");
    // Closed at the start: moved back to the previous closing (Fri 14:00), then the
    // same wall-clock time one open date earlier.
    check_sub(cal, "2024-03-02T10:00:00+07:00", "1d", Closing, "2024-02-29T14:00:00+07:00");
    // An opening instant counts as closed when going backwards.
    check_sub(cal, "2024-03-04T07:00:00+07:00", "1d", Closing, "2024-02-29T14:00:00+07:00");
    // Mon 15:00 - 1d is Fri 15:00, after Friday's closing.
    check_sub(cal, "2024-03-04T15:00:00+07:00", "1d", Closing, "2024-03-01T14:00:00+07:00");
    check_sub(cal, "2024-03-04T15:00:00+07:00", "1d", Opening, "2024-03-04T07:00:00+07:00");
}

// ---- time units ----

#[test]
#[rustfmt::skip]
fn hours_and_minutes() {
    let cal = &jatengprov();
    check_add(cal, "2024-03-01T13:30:00+07:00", "1h", Closing, "2024-03-04T07:30:00+07:00");
    check_add(cal, "2024-03-01T13:30:00+07:00", "1h", Opening, "2024-03-04T07:30:00+07:00");
    check_add(cal, "2024-03-01T13:30:00+07:00", "30m", Closing, "2024-03-01T14:00:00+07:00");
    check_add(cal, "2024-03-01T13:30:00+07:00", "30m", Opening, "2024-03-04T07:00:00+07:00");
    check_add(cal, "2024-02-29T15:00:00+07:00", "30m", Closing, "2024-02-29T15:30:00+07:00");
    check_add(cal, "2024-02-29T15:00:00+07:00", "30m", Opening, "2024-03-01T07:00:00+07:00");
    // 30m on Thursday, 7h on Friday, 1h on Monday.
    check_add(cal, "2024-02-29T15:00:00+07:00", "8h30m", Closing, "2024-03-04T08:00:00+07:00");
    check_add(cal, "2024-03-04T07:00:00+07:00", "8h30m", Closing, "2024-03-04T15:30:00+07:00");
    check_add(cal, "2024-03-04T07:00:00+07:00", "8h30m", Opening, "2024-03-05T07:00:00+07:00");
    check_add(cal, "2024-03-04T07:00:00+07:00", "8h30m1s", Closing, "2024-03-05T07:00:01+07:00");
    check_add(cal, "2024-03-05T10:00:00+07:00", "90s", Closing, "2024-03-05T10:01:30+07:00");
    // Across Lebaran 2024: 5h30m on Thu 4 April, 7h on Fri 5 April, then Tue 16 April.
    check_add(cal, "2024-04-04T10:00:00+07:00", "12h30m", Closing, "2024-04-05T14:00:00+07:00");
    check_add(cal, "2024-04-04T10:00:00+07:00", "12h30m", Opening, "2024-04-16T07:00:00+07:00");
    check_add(cal, "2024-04-04T10:00:00+07:00", "13h", Closing, "2024-04-16T07:30:00+07:00");
}

#[test]
#[rustfmt::skip]
fn zero_duration() {
    let cal = &jatengprov();
    // Open: t itself.
    check_add(cal, "2024-03-05T10:00:00+07:00", "0s", Closing, "2024-03-05T10:00:00+07:00");
    check_add(cal, "2024-03-05T10:00:00+07:00", "0s", Opening, "2024-03-05T10:00:00+07:00");
    // Closed at t: the closing is before t, so both conventions give the next opening.
    check_add(cal, "2024-03-02T10:00:00+07:00", "0s", Closing, "2024-03-04T07:00:00+07:00");
    check_add(cal, "2024-03-02T10:00:00+07:00", "0s", Opening, "2024-03-04T07:00:00+07:00");
    check_add(cal, "2024-03-01T15:00:00+07:00", "0s", Closing, "2024-03-04T07:00:00+07:00");
    // At the closing instant itself, Closing gives that instant (not before t).
    check_add(cal, "2024-03-01T14:00:00+07:00", "0s", Closing, "2024-03-01T14:00:00+07:00");
    check_add(cal, "2024-03-01T14:00:00+07:00", "0s", Opening, "2024-03-04T07:00:00+07:00");
    // Zero days never go back either.
    check_add(cal, "2024-03-05T10:00:00+07:00", "0d", Closing, "2024-03-05T10:00:00+07:00");
    check_add(cal, "2024-03-02T10:00:00+07:00", "0d", Closing, "2024-03-04T07:00:00+07:00");
    check_add(cal, "2024-03-02T10:00:00+07:00", "0d", Opening, "2024-03-04T07:00:00+07:00");
    check_add(cal, "2024-03-04T07:00:00+07:00", "0d", Closing, "2024-03-04T07:00:00+07:00");
}

#[test]
#[rustfmt::skip]
fn sub_zero_on_a_closure_is_never_after_t() {
    let cal = &jatengprov();
    // Open: t itself.
    check_sub(cal, "2024-03-05T10:00:00+07:00", "0s", Closing, "2024-03-05T10:00:00+07:00");
    // The mirror of `add(t, 0)`: the result of `sub` is never after t, so on a closure
    // both conventions give the previous closing.
    check_sub(cal, "2024-03-02T10:00:00+07:00", "0s", Closing, "2024-03-01T14:00:00+07:00");
    check_sub(cal, "2024-03-02T10:00:00+07:00", "0s", Opening, "2024-03-01T14:00:00+07:00");
    // Zero days backwards: the start moves back to the previous closing and stays.
    check_sub(cal, "2024-03-02T10:00:00+07:00", "0d", Closing, "2024-03-01T14:00:00+07:00");
    check_sub(cal, "2024-03-02T10:00:00+07:00", "0d", Opening, "2024-03-01T14:00:00+07:00");
}

#[test]
#[rustfmt::skip]
fn sub_hours() {
    let cal = &jatengprov();
    check_sub(cal, "2024-03-04T07:30:00+07:00", "1h", Closing, "2024-03-01T13:30:00+07:00");
    check_sub(cal, "2024-03-04T08:00:00+07:00", "1h", Closing, "2024-03-01T14:00:00+07:00");
    check_sub(cal, "2024-03-04T08:00:00+07:00", "1h", Opening, "2024-03-04T07:00:00+07:00");
    check_sub(cal, "2024-03-02T10:00:00+07:00", "30m", Closing, "2024-03-01T13:30:00+07:00");
    check_sub(cal, "2024-03-04T08:00:00+07:00", "8h30m", Closing, "2024-02-29T15:00:00+07:00");
    check_sub(cal, "2024-04-17T08:00:00+07:00", "2h", Closing, "2024-04-16T14:30:00+07:00");
    // Back across Lebaran 2024.
    check_sub(cal, "2024-04-16T08:00:00+07:00", "2h", Closing, "2024-04-05T13:00:00+07:00");
    check_sub(cal, "2024-04-16T08:00:00+07:00", "1h", Closing, "2024-04-05T14:00:00+07:00");
    check_sub(cal, "2024-04-16T08:00:00+07:00", "1h", Opening, "2024-04-16T07:00:00+07:00");
    // A negative duration is the other direction.
    check_add(cal, "2024-03-04T07:30:00+07:00", "-1h", Closing, "2024-03-01T13:30:00+07:00");
    check_sub(cal, "2024-03-01T13:30:00+07:00", "-1h", Closing, "2024-03-04T07:30:00+07:00");
}

#[test]
#[rustfmt::skip]
fn between_examples() {
    let cal = &jatengprov();
    check_between(cal, "2024-03-01T13:00:00+07:00", "2024-03-04T08:00:00+07:00", "2h");
    check_between(cal, "2024-02-29T15:00:00+07:00", "2024-03-04T08:00:00+07:00", "8h30m");
    check_between(cal, "2024-03-04T07:00:00+07:00", "2024-03-04T15:30:00+07:00", "8h30m");
    check_between(cal, "2024-03-01T07:00:00+07:00", "2024-03-02T07:00:00+07:00", "7h");
    check_between(cal, "2024-03-02T10:00:00+07:00", "2024-03-03T10:00:00+07:00", "0s");
    check_between(cal, "2024-03-01T14:00:00+07:00", "2024-03-04T07:00:00+07:00", "0s");
    check_between(cal, "2024-03-05T10:00:00+07:00", "2024-03-05T10:00:00+07:00", "0s");
    // Nyepi and its collective leave.
    check_between(cal, "2024-03-08T13:00:00+07:00", "2024-03-13T08:00:00+07:00", "2h");
    check_between(&collective_leave_open(), "2024-03-08T13:00:00+07:00", "2024-03-13T08:00:00+07:00", "10h30m");
    check_between(cal, "2024-04-05T13:00:00+07:00", "2024-04-16T08:00:00+07:00", "2h");
    // The ten operational days of example 4, in hours.
    check_between(cal, "2024-04-03T09:00:00+07:00", "2024-04-25T09:00:00+07:00", "82h");
    // Signed: the other direction is negative.
    check_between(cal, "2024-03-04T08:00:00+07:00", "2024-03-01T13:00:00+07:00", "-2h");
    // Instants in other offsets are the same instants.
    check_between(cal, "2024-03-01T06:00:00Z", "2024-03-04T01:00:00Z", "2h");
}

#[test]
#[rustfmt::skip]
fn deadlines_of_the_sla_policy() {
    let p = &Profile::jatengprov();
    use TicketKind::{Complaint, Incident, Request};
    let (fri, thu, sat) = (
        "2024-03-01T13:30:00+07:00",
        "2024-02-29T15:00:00+07:00",
        "2024-03-02T10:00:00+07:00",
    );
    check_deadline(p, Complaint, fri, fri, "2024-03-04T13:30:00+07:00");
    check_deadline(p, Incident, fri, fri, "2024-03-04T13:30:00+07:00");
    check_deadline(p, Request, fri, fri, "2024-03-19T13:30:00+07:00");
    check_deadline(p, Complaint, thu, thu, "2024-03-01T14:00:00+07:00");
    let mon = "2024-03-04T07:00:00+07:00";
    check_deadline(p, Complaint, sat, mon, "2024-03-04T15:30:00+07:00");
    check_deadline(p, Incident, sat, mon, "2024-03-04T15:30:00+07:00");
    let wed = "2024-04-03T09:00:00+07:00";
    check_deadline(p, Request, wed, wed, "2024-04-25T09:00:00+07:00");
    check_deadline(p, Complaint, wed, wed, "2024-04-04T09:00:00+07:00");
    // Nyepi: received Friday 8 March 2024, due Wednesday 13 March.
    let fri8 = "2024-03-08T10:00:00+07:00";
    check_deadline(p, Complaint, fri8, fri8, "2024-03-13T10:00:00+07:00");
    // Received on Idul Fitri: the clock starts on Tue 16 April 2024.
    let lebaran = "2024-04-10T10:00:00+07:00";
    let tue16 = "2024-04-16T07:00:00+07:00";
    check_deadline(p, Complaint, lebaran, tue16, "2024-04-16T15:30:00+07:00");
    // Sunday night: counting starts Monday 07:00, due Monday's closing.
    let sun = "2026-11-29T22:29:00+07:00";
    check_deadline(p, Complaint, sun, "2026-11-30T07:00:00+07:00", "2026-11-30T15:30:00+07:00");
}

#[test]
fn policy_defaults() {
    let p = Profile::jatengprov();
    assert_eq!(p.policy.target(TicketKind::Complaint), OpDuration::Days(1));
    assert_eq!(p.policy.target(TicketKind::Request), OpDuration::Days(10));
    assert_eq!(p.policy.target(TicketKind::Incident), OpDuration::Days(1));
    assert_eq!(p.policy.boundary, Boundary::Closing);
}
