//! The holidays of the default calendar against the table of
//! `/work/shared/domain/holidays.md` (2024–2026), copied here as data independently of
//! `core/profiles/jatengprov-calendar.toml`, and its provisional 2027 dates (no
//! decree yet) against their own table and the Easter computus.

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

/// The expected national holidays of 2027, provisional until the joint decree:
/// fixed dates, the Easter-dependent dates and the estimates of the PyPI `holidays`
/// package (see the profile's comments). No collective leave.
const PROVISIONAL_2027: &[(&str, &str)] = &[
    ("2027-01-01", "Tahun Baru Masehi"),
    ("2027-01-05", "Isra Mikraj Nabi Muhammad SAW"),
    ("2027-02-06", "Tahun Baru Imlek 2578"),
    ("2027-03-08", "Hari Suci Nyepi"),
    ("2027-03-10", "Idul Fitri 1448 H"),
    ("2027-03-11", "Idul Fitri 1448 H"),
    ("2027-03-26", "Wafat Yesus Kristus"),
    ("2027-03-28", "Kebangkitan Yesus Kristus (Paskah)"),
    ("2027-05-01", "Hari Buruh Internasional"),
    ("2027-05-06", "Kenaikan Yesus Kristus"),
    ("2027-05-17", "Idul Adha 1448 H"),
    ("2027-05-20", "Hari Raya Waisak 2571 BE"),
    ("2027-06-01", "Hari Lahir Pancasila"),
    ("2027-06-06", "Tahun Baru Islam 1449 H"),
    ("2027-08-15", "Maulid Nabi Muhammad SAW"),
    ("2027-08-17", "Hari Kemerdekaan RI"),
    ("2027-12-25", "Hari Raya Natal"),
    ("2027-12-26", "Isra Mikraj Nabi Muhammad SAW"),
];

/// The default calendar without its provisional dates: the 2024–2026 decrees only.
fn confirmed_only() -> Calendar {
    let mut spec = CalendarSpec::jatengprov();
    spec.holidays.retain(|h| !h.provisional);
    Calendar::new(spec).unwrap()
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
            provisional: false,
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
    assert_eq!(
        cal.spec().holidays.len(),
        TABLE.len() + PROVISIONAL_2027.len()
    );
}

#[test]
fn the_default_calendar_lists_nothing_else() {
    let cal = Calendar::jatengprov();
    for h in &cal.spec().holidays {
        if h.provisional {
            let row = PROVISIONAL_2027.iter().find(|r| date(r.0) == h.date);
            let Some((_, name)) = row else {
                panic!("provisional {} ({}) is not expected", h.date, h.name);
            };
            assert_eq!((h.kind, h.name.as_str()), (HolidayKind::National, *name));
            assert!(h.source.is_some(), "{} says where it comes from", h.date);
            continue;
        }
        let row = rows().find(|r| r.0 == h.date);
        let Some((_, kind, name)) = row else {
            panic!("{} ({}) is not in holidays.md", h.date, h.name);
        };
        assert_eq!((h.kind, h.name.as_str()), (kind.holiday_kind(), name));
    }
}

/// Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher).
fn easter(y: i32) -> NaiveDate {
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32).unwrap()
}

#[test]
fn provisional_2027_every_expected_national_holiday_and_no_collective_leave() {
    let cal = Calendar::jatengprov();
    let in_2027: Vec<_> = cal
        .spec()
        .holidays
        .iter()
        .filter(|h| h.date.year() == 2027)
        .collect();
    assert_eq!(in_2027.len(), PROVISIONAL_2027.len());
    assert!(in_2027.iter().all(|h| h.provisional));
    assert!(in_2027.iter().all(|h| h.kind == HolidayKind::National));
    for (d, name) in PROVISIONAL_2027 {
        let want = Closure::Holiday {
            name: name.to_string(),
            kind: HolidayKind::National,
            provisional: true,
        };
        assert_eq!(cal.closure_on(date(d)), Some(want), "closure on {d}");
    }
    // Fixed dates exactly.
    for d in ["01-01", "05-01", "06-01", "08-17", "12-25"] {
        assert!(
            PROVISIONAL_2027.iter().any(|r| r.0 == format!("2027-{d}")),
            "{d}"
        );
    }
    // Easter-dependent dates from the computus (checked on years with decrees).
    assert_eq!(easter(2024), date("2024-03-31"));
    assert_eq!(easter(2025), date("2025-04-20"));
    assert_eq!(easter(2026), date("2026-04-05"));
    let e = easter(2027);
    for (d, name) in [
        (e - chrono::Duration::days(2), "Wafat Yesus Kristus"),
        (e, "Kebangkitan Yesus Kristus (Paskah)"),
        (e + chrono::Duration::days(39), "Kenaikan Yesus Kristus"),
    ] {
        assert!(
            matches!(cal.closure_on(d), Some(Closure::Holiday { name: n, provisional: true, .. }) if n == name),
            "{name} on {d}"
        );
    }
    // No 2027 weekday is closed except the listed dates.
    let from = date("2027-01-01");
    for d in (0..365).map(|i| from + chrono::Duration::days(i)) {
        if is_weekday(d) && !PROVISIONAL_2027.iter().any(|r| date(r.0) == d) {
            assert_eq!(cal.closure_on(d), None, "{d} open");
        }
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
    // The decreed years alone (as the default calendar was before its provisional
    // 2027 dates): 2027 is not covered at all.
    let cal = confirmed_only();
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
    let p = loket_core::Profile {
        calendar: confirmed_only(),
        ..loket_core::Profile::jatengprov()
    };
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

#[test]
fn the_default_calendar_covers_2027_provisionally() {
    let cal = Calendar::jatengprov();
    let years: Vec<(i32, i32)> = cal.covered_years().iter().map(|r| (r.from, r.to)).collect();
    assert_eq!(years, [(2024, 2027)]);
    let c = cal.coverage();
    let pairs = |v: &[loket_core::YearRange]| v.iter().map(|r| (r.from, r.to)).collect::<Vec<_>>();
    assert_eq!(pairs(&c.confirmed), [(2024, 2026)]);
    assert_eq!(pairs(&c.provisional), [(2027, 2027)]);
    assert_eq!(c.last_confirmed, Some(date("2026-12-31")));

    let d = "1d".parse().unwrap();
    // Fri 5 March 2027 + 1 day skips the provisional Nyepi of Monday 8 March.
    let r = cal
        .add(ts("2027-03-05T10:00:00+07:00"), d, Boundary::Closing)
        .unwrap();
    assert_eq!(
        r.value.to_rfc3339(cal.timezone()),
        "2027-03-09T10:00:00+07:00"
    );
    assert!(r.is_covered());
    assert!(r.is_provisional());
    assert_eq!(r.provisional_years, [2027]);
    assert_eq!(r.provisional_dates, [date("2027-03-08")]);
    // A 2027 result touching no provisional date still says the year is provisional.
    let r = cal
        .add(ts("2027-03-02T10:00:00+07:00"), d, Boundary::Closing)
        .unwrap();
    assert_eq!(
        (r.provisional_years.clone(), r.provisional_dates.len()),
        (vec![2027], 0)
    );
    // A provisional holiday on a Sunday moves nothing, so it is not listed.
    let r = cal
        .between(
            ts("2027-08-13T10:00:00+07:00"),
            ts("2027-08-16T10:00:00+07:00"),
        )
        .unwrap();
    assert!(r.provisional_dates.is_empty(), "{:?}", r.provisional_dates);
    // 2026 alone is confirmed: nothing provisional.
    let r = cal
        .add(ts("2026-03-02T10:00:00+07:00"), d, Boundary::Closing)
        .unwrap();
    assert!(!r.is_provisional());
    // From 2026 into 2027, either direction.
    let (a, b) = (
        ts("2026-12-30T10:00:00+07:00"),
        ts("2027-01-05T10:00:00+07:00"),
    );
    for r in [cal.between(a, b).unwrap(), cal.between(b, a).unwrap()] {
        assert_eq!(r.provisional_years, [2027]);
        assert_eq!(
            r.provisional_dates,
            [date("2027-01-01"), date("2027-01-05")]
        );
        assert!(r.is_covered());
    }
    // 2028: not covered at all.
    let r = cal
        .between(
            ts("2027-12-30T10:00:00+07:00"),
            ts("2028-01-03T10:00:00+07:00"),
        )
        .unwrap();
    assert_eq!(
        (r.uncovered_years.clone(), r.provisional_years.clone()),
        (vec![2028], vec![2027])
    );
}

#[test]
fn a_request_received_on_1_march_2027_skips_the_provisional_idul_fitri_and_says_so() {
    let p = loket_core::Profile::jatengprov();
    let received = ts("2027-03-01T09:00:00+07:00");
    let d = p
        .deadline(loket_core::TicketKind::Request, received)
        .unwrap();
    // Ten open days from Monday 1 March: 2, 3, 4, 5, (Nyepi 8), 9, (Idul Fitri
    // 10, 11), 12, 15, 16, 17, 18 March.
    let cal = &p.calendar;
    assert_eq!(
        d.value.due.to_rfc3339(cal.timezone()),
        "2027-03-18T09:00:00+07:00"
    );
    // Without the provisional dates it would have been promised on 15 March.
    let plain = loket_core::Profile {
        calendar: confirmed_only(),
        ..loket_core::Profile::jatengprov()
    };
    let early = plain
        .deadline(loket_core::TicketKind::Request, received)
        .unwrap();
    assert_eq!(
        early.value.due.to_rfc3339(cal.timezone()),
        "2027-03-15T09:00:00+07:00"
    );
    assert_eq!(early.uncovered_years, [2027]);
    // The result says the dates it skipped are provisional.
    assert!(d.is_covered());
    assert_eq!(
        d.provisional_dates,
        [date("2027-03-08"), date("2027-03-10"), date("2027-03-11")]
    );
    assert_eq!(d.value.explanation.provisional_dates, d.provisional_dates);
    let id = cal.render_explanation(&d.value.explanation, loket_core::Lang::Id);
    assert!(
        id.contains("Idul Fitri 1448 H (libur nasional, perkiraan, menunggu SKB)"),
        "{id}"
    );
    assert!(id.contains("masih perkiraan, menunggu SKB"), "{id}");
    let en = cal.render_explanation(&d.value.explanation, loket_core::Lang::En);
    assert!(
        en.contains("Idul Fitri 1448 H (national holiday, provisional, awaiting the joint decree)"),
        "{en}"
    );
    // The JSON of the stretches marks them too.
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["provisionalDates"][1], "2027-03-10");
    let skipped: Vec<_> = json["value"]["explanation"]["stretches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["provisional"] == true)
        .collect();
    assert!(
        skipped.iter().any(|s| s["name"] == "Idul Fitri 1448 H"),
        "{json}"
    );
}

#[test]
fn a_confirmed_entry_supersedes_a_provisional_one_of_the_same_date() {
    let mut spec = CalendarSpec::jatengprov();
    let mut decreed = spec
        .holidays
        .iter()
        .find(|h| h.date == date("2027-03-10"))
        .unwrap()
        .clone();
    decreed.provisional = false;
    decreed.name = "Idul Fitri 1448 H (SKB)".into();
    spec.holidays.push(decreed);
    let cal = Calendar::new(spec.clone()).unwrap();
    assert_eq!(
        cal.closure_on(date("2027-03-10")),
        Some(Closure::Holiday {
            name: "Idul Fitri 1448 H (SKB)".into(),
            kind: HolidayKind::National,
            provisional: false
        })
    );
    // Two provisional entries of one date must still agree.
    let mut other = spec.holidays[spec.holidays.len() - 1].clone();
    other.provisional = true;
    other.date = date("2027-03-11");
    other.name = "something else".into();
    spec.holidays.push(other);
    let e = Calendar::new(spec).unwrap_err();
    assert_eq!(e.code(), "calendar.duplicate_date");
    assert!(e.to_string().contains("provisional"), "{e}");
}
