//! The holidays of the default calendar against the table of
//! `/work/shared/domain/holidays.md` (2024–2026), copied here as data independently of
//! `core/profiles/jatengprov-calendar.toml`.

use chrono::{Datelike, NaiveDate, TimeZone, Weekday};
use loket_core::{Boundary, Calendar, CalendarSpec, Closure, HolidayKind, Timestamp};

/// LN: Hari Libur Nasional; CB: cuti bersama; E: election day (LN by Keppres).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    LN,
    CB,
    E,
}

impl Kind {
    fn holiday_kind(self) -> HolidayKind {
        match self {
            Kind::LN => HolidayKind::National,
            Kind::CB => HolidayKind::CollectiveLeave,
            Kind::E => HolidayKind::Election,
        }
    }
}

use Kind::{CB, E, LN};

/// The table of holidays.md, one row per date.
const TABLE: &[(&str, Kind, &str)] = &[
    // 2024
    ("2024-01-01", LN, "Tahun Baru Masehi"),
    ("2024-02-08", LN, "Isra Mikraj Nabi Muhammad SAW"),
    ("2024-02-09", CB, "Cuti bersama Tahun Baru Imlek"),
    ("2024-02-10", LN, "Tahun Baru Imlek 2575"),
    ("2024-02-14", E, "Pemilihan Umum"),
    ("2024-03-11", LN, "Hari Suci Nyepi"),
    ("2024-03-12", CB, "Cuti bersama Nyepi"),
    ("2024-03-29", LN, "Wafat Yesus Kristus"),
    ("2024-03-31", LN, "Kebangkitan Yesus Kristus (Paskah)"),
    ("2024-04-08", CB, "Cuti bersama Idul Fitri"),
    ("2024-04-09", CB, "Cuti bersama Idul Fitri"),
    ("2024-04-10", LN, "Idul Fitri 1445 H"),
    ("2024-04-11", LN, "Idul Fitri 1445 H"),
    ("2024-04-12", CB, "Cuti bersama Idul Fitri"),
    ("2024-04-15", CB, "Cuti bersama Idul Fitri"),
    ("2024-05-01", LN, "Hari Buruh Internasional"),
    ("2024-05-09", LN, "Kenaikan Yesus Kristus"),
    ("2024-05-10", CB, "Cuti bersama Kenaikan Yesus Kristus"),
    ("2024-05-23", LN, "Hari Raya Waisak"),
    ("2024-05-24", CB, "Cuti bersama Waisak"),
    ("2024-06-01", LN, "Hari Lahir Pancasila"),
    ("2024-06-17", LN, "Idul Adha 1445 H"),
    ("2024-06-18", CB, "Cuti bersama Idul Adha"),
    ("2024-07-07", LN, "Tahun Baru Islam 1446 H"),
    ("2024-08-17", LN, "Hari Kemerdekaan RI"),
    ("2024-09-16", LN, "Maulid Nabi Muhammad SAW"),
    ("2024-11-27", E, "Pemilihan Kepala Daerah serentak"),
    ("2024-12-25", LN, "Hari Raya Natal"),
    ("2024-12-26", CB, "Cuti bersama Natal"),
    // 2025
    ("2025-01-01", LN, "Tahun Baru Masehi"),
    ("2025-01-27", LN, "Isra Mikraj Nabi Muhammad SAW"),
    ("2025-01-28", CB, "Cuti bersama Tahun Baru Imlek"),
    ("2025-01-29", LN, "Tahun Baru Imlek 2576"),
    ("2025-03-28", CB, "Cuti bersama Nyepi"),
    ("2025-03-29", LN, "Hari Suci Nyepi"),
    ("2025-03-31", LN, "Idul Fitri 1446 H"),
    ("2025-04-01", LN, "Idul Fitri 1446 H"),
    ("2025-04-02", CB, "Cuti bersama Idul Fitri"),
    ("2025-04-03", CB, "Cuti bersama Idul Fitri"),
    ("2025-04-04", CB, "Cuti bersama Idul Fitri"),
    ("2025-04-07", CB, "Cuti bersama Idul Fitri"),
    ("2025-04-18", LN, "Wafat Yesus Kristus"),
    ("2025-04-20", LN, "Kebangkitan Yesus Kristus (Paskah)"),
    ("2025-05-01", LN, "Hari Buruh Internasional"),
    ("2025-05-12", LN, "Hari Raya Waisak"),
    ("2025-05-13", CB, "Cuti bersama Waisak"),
    ("2025-05-29", LN, "Kenaikan Yesus Kristus"),
    ("2025-05-30", CB, "Cuti bersama Kenaikan Yesus Kristus"),
    ("2025-06-01", LN, "Hari Lahir Pancasila"),
    ("2025-06-06", LN, "Idul Adha 1446 H"),
    ("2025-06-09", CB, "Cuti bersama Idul Adha"),
    ("2025-06-27", LN, "Tahun Baru Islam 1447 H"),
    ("2025-08-17", LN, "Hari Kemerdekaan RI"),
    ("2025-08-18", CB, "Cuti bersama Hari Kemerdekaan"),
    ("2025-09-05", LN, "Maulid Nabi Muhammad SAW"),
    ("2025-12-25", LN, "Hari Raya Natal"),
    ("2025-12-26", CB, "Cuti bersama Natal"),
    // 2026
    ("2026-01-01", LN, "Tahun Baru Masehi"),
    ("2026-01-16", LN, "Isra Mikraj Nabi Muhammad SAW"),
    ("2026-02-16", CB, "Cuti bersama Tahun Baru Imlek"),
    ("2026-02-17", LN, "Tahun Baru Imlek 2577"),
    ("2026-03-18", CB, "Cuti bersama Nyepi"),
    ("2026-03-19", LN, "Hari Suci Nyepi"),
    ("2026-03-20", CB, "Cuti bersama Idul Fitri"),
    ("2026-03-21", LN, "Idul Fitri 1447 H"),
    ("2026-03-22", LN, "Idul Fitri 1447 H"),
    ("2026-03-23", CB, "Cuti bersama Idul Fitri"),
    ("2026-03-24", CB, "Cuti bersama Idul Fitri"),
    ("2026-04-03", LN, "Wafat Yesus Kristus"),
    ("2026-04-05", LN, "Kebangkitan Yesus Kristus (Paskah)"),
    ("2026-05-01", LN, "Hari Buruh Internasional"),
    ("2026-05-14", LN, "Kenaikan Yesus Kristus"),
    ("2026-05-15", CB, "Cuti bersama Kenaikan Yesus Kristus"),
    ("2026-05-27", LN, "Idul Adha 1447 H"),
    ("2026-05-28", CB, "Cuti bersama Idul Adha"),
    ("2026-05-31", LN, "Hari Raya Waisak"),
    ("2026-06-01", LN, "Hari Lahir Pancasila"),
    ("2026-06-16", LN, "Tahun Baru Islam 1448 H"),
    ("2026-08-17", LN, "Hari Kemerdekaan RI"),
    ("2026-08-25", LN, "Maulid Nabi Muhammad SAW"),
    ("2026-12-24", CB, "Cuti bersama Natal"),
    ("2026-12-25", LN, "Hari Raya Natal"),
];

fn date(s: &str) -> NaiveDate {
    s.parse()
        .unwrap_or_else(|e| panic!("bad date in the table: {s}: {e}"))
}

fn rows() -> impl Iterator<Item = (NaiveDate, Kind, &'static str)> {
    TABLE.iter().map(|&(d, k, n)| (date(d), k, n))
}

fn listed(d: NaiveDate) -> bool {
    rows().any(|(x, _, _)| x == d)
}

/// 10:00 local time (WIB) on `d`.
fn at_ten(cal: &Calendar, d: NaiveDate) -> Timestamp {
    cal.timezone()
        .from_local_datetime(&d.and_hms_opt(10, 0, 0).unwrap())
        .single()
        .unwrap()
        .into()
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn collective_leave_open() -> Calendar {
    let mut spec = CalendarSpec::jatengprov();
    spec.collective_leave_off = false;
    Calendar::new(spec).unwrap()
}

#[test]
fn the_table_is_sorted_and_has_no_duplicates() {
    let dates: Vec<NaiveDate> = rows().map(|r| r.0).collect();
    assert!(dates.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn every_listed_date_closes_the_desk_all_day() {
    let cal = Calendar::jatengprov();
    for (d, kind, name) in rows() {
        let want = Closure::Holiday {
            name: name.to_string(),
            kind: kind.holiday_kind(),
        };
        assert_eq!(cal.closure_on(d), Some(want), "closure on {d}");
        for (h, m) in [(0, 0), (7, 0), (10, 0), (13, 59), (15, 29), (23, 59)] {
            let t: Timestamp = cal
                .timezone()
                .from_local_datetime(&d.and_hms_opt(h, m, 0).unwrap())
                .single()
                .unwrap()
                .into();
            assert!(!cal.is_open(t).unwrap(), "open on {d} at {h:02}:{m:02}");
        }
        // Nothing counts on that day.
        let (a, b) = (at_ten(&cal, d), at_ten(&cal, d.succ_opt().unwrap()));
        let midnight = |x: NaiveDate| -> Timestamp {
            cal.timezone()
                .from_local_datetime(&x.and_hms_opt(0, 0, 0).unwrap())
                .single()
                .unwrap()
                .into()
        };
        let whole_day = cal
            .between(midnight(d), midnight(d.succ_opt().unwrap()))
            .unwrap();
        assert_eq!(whole_day.value, 0, "operational time on {d}");
        assert!(cal.between(a, b).unwrap().value >= 0);
    }
}

#[test]
fn a_normal_weekday_next_to_each_holiday_is_open() {
    let cal = Calendar::jatengprov();
    for (d, _, _) in rows() {
        for step in [1i64, -1] {
            let mut n = d;
            loop {
                n += chrono::Duration::days(step);
                if is_weekday(n) && !listed(n) {
                    break;
                }
            }
            assert_eq!(cal.closure_on(n), None, "{n} (next to {d}) should be open");
            assert!(
                cal.is_open(at_ten(&cal, n)).unwrap(),
                "{n} (next to {d}) should be open at 10:00"
            );
        }
    }
}

#[test]
fn with_collective_leave_kept_open_cb_weekdays_are_open() {
    let cal = collective_leave_open();
    let mut cb_weekdays = 0;
    for (d, kind, name) in rows() {
        match kind {
            CB if is_weekday(d) => {
                cb_weekdays += 1;
                assert_eq!(cal.closure_on(d), None, "{d} ({name}) should be open");
                assert!(cal.is_open(at_ten(&cal, d)).unwrap(), "{d} at 10:00");
            }
            CB => assert_eq!(cal.closure_on(d), Some(Closure::NoHours), "{d}"),
            LN | E => {
                assert!(
                    matches!(cal.closure_on(d), Some(Closure::Holiday { kind: k, .. }) if k == kind.holiday_kind()),
                    "{d} ({name}) should stay closed"
                );
                assert!(!cal.is_open(at_ten(&cal, d)).unwrap(), "{d} at 10:00");
            }
        }
    }
    assert_eq!(
        cb_weekdays, 29,
        "every collective leave of 2024-2026 is a weekday"
    );
}

#[test]
fn number_of_holidays_per_year() {
    let cal = Calendar::jatengprov();
    let open = collective_leave_open();
    for (year, all, cb) in [(2024, 29, 10), (2025, 28, 11), (2026, 25, 8)] {
        let in_table = rows().filter(|r| r.0.year() == year).count();
        let cb_in_table = rows().filter(|r| r.0.year() == year && r.1 == CB).count();
        assert_eq!((in_table, cb_in_table), (all, cb), "table of {year}");
        let in_spec = cal
            .spec()
            .holidays
            .iter()
            .filter(|h| h.date.year() == year)
            .count();
        assert_eq!(in_spec, all, "holidays of {year} in the default calendar");
        let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let closing = |c: &Calendar| {
            c.holidays_from(from)
                .filter(|h| h.date.year() == year)
                .count()
        };
        assert_eq!(closing(&cal), all, "closing holidays of {year}");
        assert_eq!(
            closing(&open),
            all - cb,
            "closing holidays of {year}, cb open"
        );
        // Closed dates of the year = weekend days + listed weekdays.
        let days = (0..366)
            .map(|i| from + chrono::Duration::days(i))
            .filter(|d| d.year() == year);
        let (mut holiday, mut weekend) = (0, 0);
        for d in days {
            match cal.closure_on(d) {
                Some(Closure::Holiday { .. }) => holiday += 1,
                Some(Closure::NoHours) => weekend += 1,
                Some(c) => panic!("unexpected closure on {d}: {c:?}"),
                None => assert!(is_weekday(d) && !listed(d), "{d} open"),
            }
        }
        assert_eq!(holiday, all, "holiday closures in {year}");
        assert!(weekend > 0);
    }
    assert_eq!(cal.spec().holidays.len(), TABLE.len());
}

#[test]
fn the_default_calendar_lists_nothing_else() {
    let cal = Calendar::jatengprov();
    for h in &cal.spec().holidays {
        let row = rows().find(|r| r.0 == h.date);
        let Some((_, kind, name)) = row else {
            panic!("{} ({}) is not in holidays.md", h.date, h.name);
        };
        assert_eq!((h.kind, h.name.as_str()), (kind.holiday_kind(), name));
    }
}

#[test]
fn holidays_on_a_weekend_are_reported_as_holidays() {
    let cal = Calendar::jatengprov();
    // Easter Sunday 2024 and Imlek 2024 (a Saturday).
    for d in ["2024-03-31", "2024-02-10", "2025-06-01", "2026-03-22"] {
        let d = date(d);
        assert!(!is_weekday(d));
        assert!(
            matches!(cal.closure_on(d), Some(Closure::Holiday { .. })),
            "{d}"
        );
    }
}

#[test]
fn coverage_of_the_holiday_list() {
    let cal = Calendar::jatengprov();
    let years: Vec<(i32, i32)> = cal.covered_years().iter().map(|r| (r.from, r.to)).collect();
    assert_eq!(years, [(2024, 2026)]);
    let d = "1d".parse().unwrap();

    // 2025: covered.
    let r = cal
        .add(ts("2025-06-02T10:00:00+07:00"), d, Boundary::Closing)
        .unwrap();
    assert_eq!(r.uncovered_years, Vec::<i32>::new());
    assert!(r.is_covered());
    let r = cal
        .between(
            ts("2025-01-02T10:00:00+07:00"),
            ts("2025-12-30T10:00:00+07:00"),
        )
        .unwrap();
    assert!(r.uncovered_years.is_empty());

    // 2027: not covered, but weekends and weekly hours still hold.
    let r = cal
        .add(ts("2027-03-05T10:00:00+07:00"), d, Boundary::Closing)
        .unwrap();
    assert_eq!(r.uncovered_years, [2027]);
    assert_eq!(
        r.value.to_rfc3339(cal.timezone()),
        "2027-03-08T10:00:00+07:00"
    );
    let r = cal
        .between(
            ts("2027-03-05T13:00:00+07:00"),
            ts("2027-03-08T08:00:00+07:00"),
        )
        .unwrap();
    assert_eq!((r.value, r.uncovered_years), (2 * 3600, vec![2027]));
    let r = cal.position(ts("2027-01-01T10:00:00+07:00"));
    assert!(r.is_ok());
    assert_eq!(
        cal.closure_on(date("2027-01-01")),
        None,
        "no 2027 holidays are known"
    );
    assert_eq!(cal.closure_on(date("2027-01-02")), Some(Closure::NoHours));

    // A range from 2026 into 2027 reports 2027, in either direction.
    let (a, b) = (
        ts("2026-12-30T10:00:00+07:00"),
        ts("2027-01-05T10:00:00+07:00"),
    );
    assert_eq!(cal.between(a, b).unwrap().uncovered_years, [2027]);
    assert_eq!(cal.between(b, a).unwrap().uncovered_years, [2027]);
    // Thu 31 Dec 2026 + 1 day lands on Fri 1 Jan 2027.
    let r = cal
        .add(ts("2026-12-31T10:00:00+07:00"), d, Boundary::Closing)
        .unwrap();
    assert_eq!(
        r.value.to_rfc3339(cal.timezone()),
        "2027-01-01T10:00:00+07:00"
    );
    assert_eq!(r.uncovered_years, [2027]);
    let r = cal
        .sub(ts("2027-01-04T10:00:00+07:00"), d, Boundary::Closing)
        .unwrap();
    assert_eq!(
        r.value.to_rfc3339(cal.timezone()),
        "2027-01-01T10:00:00+07:00"
    );
    assert_eq!(r.uncovered_years, [2027]);
    let r = cal
        .sub(
            ts("2027-01-04T10:00:00+07:00"),
            "3d".parse().unwrap(),
            Boundary::Closing,
        )
        .unwrap();
    assert_eq!(
        r.value.to_rfc3339(cal.timezone()),
        "2026-12-30T10:00:00+07:00"
    );
    assert_eq!(r.uncovered_years, [2027]);
    // Years are the calendar's local years: 16:30Z on 31 Dec 2026 is 23:30 WIB (2026),
    // 17:30Z is 00:30 WIB on 1 Jan 2027.
    let r = cal
        .between(ts("2026-12-31T23:00:00+07:00"), ts("2026-12-31T16:30:00Z"))
        .unwrap();
    assert!(r.is_covered(), "{:?}", r.uncovered_years);
    let r = cal
        .between(ts("2026-12-31T23:00:00+07:00"), ts("2026-12-31T17:30:00Z"))
        .unwrap();
    assert_eq!(r.uncovered_years, [2027]);

    // Before and after the list on both sides.
    let (a, b) = (
        ts("2023-12-29T10:00:00+07:00"),
        ts("2028-01-03T10:00:00+07:00"),
    );
    assert_eq!(
        cal.between(a, b).unwrap().uncovered_years,
        [2023, 2027, 2028]
    );
}

#[test]
fn deadlines_in_2027_say_the_list_does_not_cover_them() {
    let p = loket_core::Profile::jatengprov();
    let r = p
        .deadline(
            loket_core::TicketKind::Complaint,
            ts("2026-12-31T10:00:00+07:00"),
        )
        .unwrap();
    assert_eq!(r.uncovered_years, [2027]);
    assert_eq!(r.value.explanation.uncovered_years, [2027]);
    let r = p
        .deadline(
            loket_core::TicketKind::Request,
            ts("2025-12-01T10:00:00+07:00"),
        )
        .unwrap();
    assert!(r.is_covered());
}
