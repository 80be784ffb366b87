//! Rendered explanations (Bahasa Indonesia and English) of the worked examples and of
//! deadlines, as people read them.

use loket_core::{
    Boundary::{self, Closing, Opening},
    Calendar, CalendarSpec, Explanation, Lang, Profile, TicketKind, Timestamp,
};

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Both renderings of `e`, one after the other.
fn both(cal: &Calendar, e: &Explanation) -> String {
    format!(
        "{}\n{}",
        cal.render_explanation(e, Lang::Id),
        cal.render_explanation(e, Lang::En)
    )
}

fn add(cal: &Calendar, start: &str, d: &str, b: Boundary) -> String {
    let e = cal
        .explain_add(ts(start), d.parse().unwrap(), b)
        .unwrap_or_else(|err| panic!("explain_add({start}, {d}, {b:?}): {err}"));
    // The explanation agrees with the arithmetic.
    let r = cal.add(ts(start), d.parse().unwrap(), b).unwrap();
    assert_eq!(e.end, r.value);
    assert_eq!(e.uncovered_years, r.uncovered_years);
    assert_eq!(
        e.operational_seconds,
        cal.between(ts(start), r.value).unwrap().value
    );
    both(cal, &e)
}

#[test]
fn example_1_friday_afternoon_plus_one_day() {
    let cal = Calendar::jatengprov();
    insta::assert_snapshot!(add(&cal, "2024-03-01T13:30:00+07:00", "1d", Closing));
}

#[test]
fn example_2_thursday_after_fridays_closing_time() {
    let cal = Calendar::jatengprov();
    insta::assert_snapshot!(
        "example_2_closing",
        add(&cal, "2024-02-29T15:00:00+07:00", "1d", Closing)
    );
    insta::assert_snapshot!(
        "example_2_opening",
        add(&cal, "2024-02-29T15:00:00+07:00", "1d", Opening)
    );
}

#[test]
fn example_3_received_on_saturday() {
    let cal = Calendar::jatengprov();
    insta::assert_snapshot!(
        "example_3_closing",
        add(&cal, "2024-03-02T10:00:00+07:00", "1d", Closing)
    );
    insta::assert_snapshot!(
        "example_3_opening",
        add(&cal, "2024-03-02T10:00:00+07:00", "1d", Opening)
    );
}

#[test]
fn example_4_ten_days_across_lebaran_2024() {
    let cal = Calendar::jatengprov();
    insta::assert_snapshot!(
        "example_4_collective_leave_off",
        add(&cal, "2024-04-03T09:00:00+07:00", "10d", Closing)
    );
    let mut spec = CalendarSpec::jatengprov();
    spec.collective_leave_off = false;
    let open = Calendar::new(spec).unwrap();
    insta::assert_snapshot!(
        "example_4_collective_leave_open",
        add(&open, "2024-04-03T09:00:00+07:00", "10d", Closing)
    );
}

#[test]
fn hours_over_a_weekend() {
    let cal = Calendar::jatengprov();
    insta::assert_snapshot!(add(&cal, "2024-03-01T13:30:00+07:00", "1h", Closing));
}

/// `sub` (a negative duration) is rendered with one minus sign, and the start moved
/// into hours backwards is the previous closing, not the "next" service hours.
#[test]
fn sub_days_from_a_saturday() {
    let cal = Calendar::jatengprov();
    let e = cal
        .explain_add(
            ts("2024-03-02T10:00:00+07:00"),
            "-1d".parse().unwrap(),
            Closing,
        )
        .unwrap();
    assert_eq!(
        e.end.to_rfc3339(cal.timezone()),
        "2024-02-29T14:00:00+07:00"
    );
    assert_eq!(e.operational_seconds, -(8 * 3600 + 1800));
    let (id, en) = (
        cal.render_explanation(&e, Lang::Id),
        cal.render_explanation(&e, Lang::En),
    );
    assert_eq!(
        en.lines().next().unwrap(),
        "Start Saturday, 2 March 2024 10:00 WIB - 1d = Thursday, 29 February 2024 14:00 WIB",
        "{en}"
    );
    assert_eq!(
        id.lines().next().unwrap(),
        "Mulai Sabtu, 2 Maret 2024 10:00 WIB - 1d = Kamis, 29 Februari 2024 14:00 WIB",
        "{id}"
    );
    assert!(
        !id.contains("jam layanan berikutnya: Jumat, 1 Maret 2024 14:00"),
        "Friday 14:00 is the previous closing, not the next service hours:\n{id}"
    );
}

#[test]
fn deadline_across_lebaran_2024() {
    let p = Profile::jatengprov();
    let d = p
        .deadline(TicketKind::Complaint, ts("2024-04-05T10:00:00+07:00"))
        .unwrap();
    assert_eq!(
        d.value.due.to_rfc3339(p.calendar.timezone()),
        "2024-04-16T10:00:00+07:00"
    );
    insta::assert_snapshot!(
        "deadline_complaint_lebaran",
        both(&p.calendar, &d.value.explanation)
    );
    // Received during the Lebaran block: the clock starts on Tue 16 April.
    let d = p
        .deadline(TicketKind::Request, ts("2024-04-10T10:00:00+07:00"))
        .unwrap();
    insta::assert_snapshot!(
        "deadline_request_received_on_idul_fitri",
        both(&p.calendar, &d.value.explanation)
    );
}

#[test]
fn between_across_a_weekend() {
    let cal = Calendar::jatengprov();
    let e = cal
        .explain_between(
            ts("2024-03-01T13:00:00+07:00"),
            ts("2024-03-04T08:00:00+07:00"),
        )
        .unwrap();
    assert_eq!(e.operational_seconds, 2 * 3600);
    insta::assert_snapshot!("between_weekend", both(&cal, &e));
    // Backwards: the same stretches, negative time.
    let e = cal
        .explain_between(
            ts("2024-03-04T08:00:00+07:00"),
            ts("2024-03-01T13:00:00+07:00"),
        )
        .unwrap();
    assert_eq!(e.operational_seconds, -2 * 3600);
    insta::assert_snapshot!("between_weekend_backwards", both(&cal, &e));
}

#[test]
fn result_in_an_uncovered_year() {
    let p = Profile::jatengprov();
    // Friday 31 December 2027 + 1 day: Monday 3 January 2028, a year the holiday
    // list does not cover, after 2027, which it covers provisionally.
    let d = p
        .deadline(TicketKind::Complaint, ts("2027-12-31T10:00:00+07:00"))
        .unwrap();
    assert_eq!(d.uncovered_years, [2028]);
    assert_eq!(d.provisional_years, [2027]);
    insta::assert_snapshot!(
        "deadline_into_2028",
        both(&p.calendar, &d.value.explanation)
    );
}

#[test]
fn result_across_a_provisional_holiday() {
    let p = Profile::jatengprov();
    // Thursday 31 December 2026 + 1 day skips the provisional New Year's Day 2027.
    let d = p
        .deadline(TicketKind::Complaint, ts("2026-12-31T10:00:00+07:00"))
        .unwrap();
    assert!(d.is_covered());
    assert_eq!(
        d.provisional_dates,
        [chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()]
    );
    insta::assert_snapshot!(
        "deadline_into_2027",
        both(&p.calendar, &d.value.explanation)
    );
}
