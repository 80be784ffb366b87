//! Calendars as data: TOML and JSON read the same, errors are clear and have stable
//! codes, overrides and `24:00` work, and DST zones count real seconds.

use loket_core::{
    Boundary::{self, Closing, Opening},
    Calendar, CalendarSpec, Closure, Error, Lang, OpDuration, Timestamp,
};

fn ts(s: &str) -> Timestamp {
    s.parse()
        .unwrap_or_else(|e| panic!("bad instant in the test: {s}: {e}"))
}

fn dur(s: &str) -> OpDuration {
    s.parse().unwrap()
}

#[track_caller]
fn cal(text: &str) -> Calendar {
    Calendar::from_text(text).unwrap_or_else(|e| panic!("calendar refused: {e}\n{text}"))
}

#[track_caller]
fn refused(text: &str) -> Error {
    match Calendar::from_text(text) {
        Ok(c) => panic!("calendar accepted: {c:?}\n{text}"),
        Err(e) => e,
    }
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
}

#[track_caller]
fn check_between(cal: &Calendar, a: &str, b: &str, want: &str) {
    let OpDuration::Seconds(want) = dur(want) else {
        panic!("not in time units")
    };
    let got = cal
        .between(ts(a), ts(b))
        .unwrap_or_else(|e| panic!("between({a}, {b}) failed: {e}"));
    assert_eq!(got.value, want, "between({a}, {b})");
    assert_eq!(cal.between(ts(b), ts(a)).unwrap().value, -want);
}

/// A calendar with lunch breaks, holidays and overrides, in TOML...
const TOML: &str = r#"
name = "Uji"
timezone = "Asia/Jakarta"
collective_leave_off = true
covers = { from = 2024, to = 2024 }
horizon = { from = 2020, to = 2030 }

[week]
mon = ["07:00-12:00", "13:00-15:30"]
tue = ["07:00-12:00", "13:00-15:30"]
wed = ["07:00-12:00", "13:00-15:30"]
thu = ["07:00-12:00", "13:00-15:30"]
fri = ["07:00-11:00", "13:30-16:00"]

[[holiday]]
date = "2024-03-11"
name = "Hari Suci Nyepi"
kind = "national"

[[holiday]]
date = "2024-03-12"
name = "Cuti bersama Nyepi"
kind = "collective_leave"

[[override]]
date = "2024-03-02"
hours = ["08:00-12:00"]
name = "Layanan Sabtu"

[[override]]
date = "2024-03-05"
hours = []
name = "Rapat kerja"

[[override]]
date = "2024-03-06"
hours = ["07:00-10:00"]
"#;

/// ... and the same in JSON.
const JSON: &str = r#"{
  "name": "Uji",
  "timezone": "Asia/Jakarta",
  "collective_leave_off": true,
  "covers": { "from": 2024, "to": 2024 },
  "horizon": { "from": 2020, "to": 2030 },
  "week": {
    "mon": ["07:00-12:00", "13:00-15:30"],
    "tue": ["07:00-12:00", "13:00-15:30"],
    "wed": ["07:00-12:00", "13:00-15:30"],
    "thu": ["07:00-12:00", "13:00-15:30"],
    "fri": ["07:00-11:00", "13:30-16:00"]
  },
  "holiday": [
    { "date": "2024-03-11", "name": "Hari Suci Nyepi", "kind": "national" },
    { "date": "2024-03-12", "name": "Cuti bersama Nyepi", "kind": "collective_leave" }
  ],
  "override": [
    { "date": "2024-03-02", "hours": ["08:00-12:00"], "name": "Layanan Sabtu" },
    { "date": "2024-03-05", "hours": [], "name": "Rapat kerja" },
    { "date": "2024-03-06", "hours": ["07:00-10:00"] }
  ]
}"#;

#[test]
fn toml_and_json_read_the_same() {
    let from_toml = CalendarSpec::from_toml(TOML).unwrap();
    let from_json = CalendarSpec::from_json(JSON).unwrap();
    assert_eq!(from_toml, from_json);
    assert_eq!(CalendarSpec::from_text(TOML).unwrap(), from_toml);
    assert_eq!(CalendarSpec::from_text(JSON).unwrap(), from_json);
    // Written back as TOML, it reads the same again.
    assert_eq!(
        CalendarSpec::from_toml(&from_toml.to_toml()).unwrap(),
        from_toml
    );

    let (a, b) = (cal(TOML), cal(JSON));
    assert_eq!(a.horizon(), b.horizon());
    let starts = [
        "2024-02-29T11:30:00+07:00",
        "2024-03-01T10:00:00+07:00",
        "2024-03-01T12:00:00+07:00",
        "2024-03-02T10:00:00+07:00",
        "2024-03-04T12:30:00+07:00",
        "2024-03-08T15:00:00+07:00",
        "2024-03-11T10:00:00+07:00",
    ];
    for s in starts {
        assert_eq!(a.is_open(ts(s)).unwrap(), b.is_open(ts(s)).unwrap(), "{s}");
        for d in ["0s", "30m", "1h", "8h30m", "1d", "3d", "-1h", "-2d"] {
            for bd in [Closing, Opening] {
                let (x, y) = (
                    a.add(ts(s), dur(d), bd).unwrap(),
                    b.add(ts(s), dur(d), bd).unwrap(),
                );
                assert_eq!(x, y, "add({s}, {d}, {bd:?})");
            }
        }
        for e in starts {
            assert_eq!(
                a.between(ts(s), ts(e)).unwrap(),
                b.between(ts(s), ts(e)).unwrap()
            );
        }
    }
}

#[test]
#[rustfmt::skip]
fn lunch_breaks_holidays_and_collective_leave() {
    let c = cal(TOML);
    // Thu 11:30 + 1h: 30m before lunch, 30m after.
    check_add(&c, "2024-02-29T11:30:00+07:00", "1h", Closing, "2024-02-29T13:30:00+07:00");
    check_add(&c, "2024-02-29T11:30:00+07:00", "30m", Closing, "2024-02-29T12:00:00+07:00");
    check_add(&c, "2024-02-29T11:30:00+07:00", "30m", Opening, "2024-02-29T13:00:00+07:00");
    check_between(&c, "2024-02-29T07:00:00+07:00", "2024-02-29T15:30:00+07:00", "7h30m");
    // One day from lunch time on Thursday: lunch time on Friday is closed.
    check_add(&c, "2024-02-29T12:30:00+07:00", "1d", Closing, "2024-03-01T11:00:00+07:00");
    check_add(&c, "2024-02-29T12:30:00+07:00", "1d", Opening, "2024-03-01T13:30:00+07:00");
    // Nyepi and its collective leave close Mon and Tue 11-12 March.
    assert!(matches!(
        c.closure_on("2024-03-11".parse().unwrap()),
        Some(Closure::Holiday { .. })
    ));
    assert!(matches!(
        c.closure_on("2024-03-12".parse().unwrap()),
        Some(Closure::Holiday { .. })
    ));
    check_add(&c, "2024-03-08T10:00:00+07:00", "1d", Closing, "2024-03-13T10:00:00+07:00");
    let open = cal(&TOML.replace(
        "collective_leave_off = true",
        "collective_leave_off = false",
    ));
    assert_eq!(open.closure_on("2024-03-12".parse().unwrap()), None);
    check_add(&open, "2024-03-08T10:00:00+07:00", "1d", Closing, "2024-03-12T10:00:00+07:00");
}

#[test]
#[rustfmt::skip]
fn overrides_open_close_and_change_hours() {
    let c = cal(TOML);
    let date = |s: &str| s.parse().unwrap();
    // Sat 2 March is opened 08:00-12:00.
    assert_eq!(c.closure_on(date("2024-03-02")), None);
    assert!(c.is_open(ts("2024-03-02T10:00:00+07:00")).unwrap());
    assert!(!c.is_open(ts("2024-03-02T12:00:00+07:00")).unwrap());
    check_add(&c, "2024-03-01T15:30:00+07:00", "1h", Closing, "2024-03-02T08:30:00+07:00");
    check_between(&c, "2024-03-01T16:00:00+07:00", "2024-03-04T07:00:00+07:00", "4h");
    // Sunday stays closed by the weekly hours.
    assert_eq!(c.closure_on(date("2024-03-03")), Some(Closure::NoHours));
    // Tue 5 March is closed by an override.
    assert_eq!(
        c.closure_on(date("2024-03-05")),
        Some(Closure::Override {
            name: Some("Rapat kerja".into())
        })
    );
    assert!(!c.is_open(ts("2024-03-05T10:00:00+07:00")).unwrap());
    check_add(&c, "2024-03-04T10:00:00+07:00", "1d", Closing, "2024-03-06T10:00:00+07:00");
    // Wed 6 March opens 07:00-10:00 only.
    assert_eq!(c.closure_on(date("2024-03-06")), None);
    assert!(!c.is_open(ts("2024-03-06T10:00:00+07:00")).unwrap());
    check_between(&c, "2024-03-06T00:00:00+07:00", "2024-03-07T00:00:00+07:00", "3h");
    // Mon 4 March 11:00 + 1d lands on Tue (closed) → skipped; Wed 11:00 is after closing.
    check_add(&c, "2024-03-04T11:00:00+07:00", "1d", Closing, "2024-03-06T10:00:00+07:00");
    check_add(&c, "2024-03-04T11:00:00+07:00", "1d", Opening, "2024-03-07T07:00:00+07:00");
    // The day-based count includes the opened Saturday.
    check_add(&c, "2024-03-01T10:00:00+07:00", "1d", Closing, "2024-03-02T10:00:00+07:00");
    check_add(&c, "2024-03-01T10:00:00+07:00", "2d", Closing, "2024-03-04T10:00:00+07:00");
}

#[test]
#[rustfmt::skip]
fn an_override_on_a_holiday_wins() {
    let mut spec = CalendarSpec::jatengprov();
    spec.overrides.push(loket_core::OverrideSpec {
        date: "2024-03-11".parse().unwrap(),
        hours: vec!["08:00-10:00".into()],
        name: Some("Piket Nyepi".into()),
    });
    let c = Calendar::new(spec).unwrap();
    assert_eq!(c.closure_on("2024-03-11".parse().unwrap()), None);
    check_between(&c, "2024-03-08T14:00:00+07:00", "2024-03-13T07:00:00+07:00", "2h");
}

#[test]
#[rustfmt::skip]
fn closing_at_24_00_is_accepted() {
    let c = cal(r#"
timezone = "Asia/Jakarta"
[week]
mon = ["22:00-24:00"]
tue = ["00:00-06:00", "20:00-24:00"]
"#);
    assert!(c.is_open(ts("2024-03-04T23:59:59+07:00")).unwrap());
    assert!(c.is_open(ts("2024-03-05T00:00:00+07:00")).unwrap());
    assert!(!c.is_open(ts("2024-03-05T06:00:00+07:00")).unwrap());
    // Monday's 24:00 is Tuesday's 00:00: one open period from 22:00 to 06:00.
    check_between(&c, "2024-03-04T21:00:00+07:00", "2024-03-05T07:00:00+07:00", "8h");
    check_add(&c, "2024-03-04T23:00:00+07:00", "2h", Closing, "2024-03-05T01:00:00+07:00");
    // Tuesday closes at 24:00 and Wednesday never opens.
    check_add(&c, "2024-03-05T23:00:00+07:00", "1h", Closing, "2024-03-06T00:00:00+07:00");
    check_add(&c, "2024-03-05T23:00:00+07:00", "1h", Opening, "2024-03-11T22:00:00+07:00");
    // A day from 23:00 on Monday is 23:00 on Tuesday.
    check_add(&c, "2024-03-04T23:00:00+07:00", "1d", Closing, "2024-03-05T23:00:00+07:00");
    // "24:00" cannot start an interval.
    let e = refused("timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"24:00-24:00\"]\n");
    assert_eq!(e.code(), "calendar.bad_interval");
    insta::assert_snapshot!(e.to_string(), @"invalid calendar: week.mon: `24:00-24:00` is not an interval: 24:00 can only end an interval; expected HH:MM-HH:MM such as 07:00-15:30 (24:00 allowed as an end)");
}

#[test]
#[rustfmt::skip]
fn touching_intervals_merge() {
    let c = cal(r#"
timezone = "Asia/Jakarta"
[week]
mon = ["12:00-15:30", "07:00-12:00"]
"#);
    assert!(c.is_open(ts("2024-03-04T12:00:00+07:00")).unwrap());
    check_between(&c, "2024-03-04T00:00:00+07:00", "2024-03-05T00:00:00+07:00", "8h30m");
}

// ---- errors ----

#[test]
fn unknown_field() {
    let e = refused(
        "timezone = \"Asia/Jakarta\"\nopening = \"07:00\"\n[week]\nmon = [\"07:00-15:30\"]\n",
    );
    assert_eq!(e.code(), "input.syntax");
    insta::assert_snapshot!(e.to_string(), @r#"
    cannot read the calendar as TOML: TOML parse error at line 2, column 1
      |
    2 | opening = "07:00"
      | ^^^^^^^
    unknown field `opening`, expected one of `name`, `timezone`, `collective_leave_off`, `week`, `holiday`, `override`, `covers`, `horizon`
    "#);
    insta::assert_snapshot!(e.message(Lang::Id), @r#"
    berkas kalender tidak dapat dibaca sebagai TOML: kesalahan TOML pada baris 2, kolom 1
      |
    2 | opening = "07:00"
      | ^^^^^^^
    kolom `opening` tidak dikenal; yang dikenal: `name`, `timezone`, `collective_leave_off`, `week`, `holiday`, `override`, `covers`, `horizon`
    "#);

    let e = refused("timezone = \"Asia/Jakarta\"\n[week]\nmonday = [\"07:00-15:30\"]\n");
    assert_eq!(e.code(), "input.syntax");
    insta::assert_snapshot!(e.to_string(), @r#"
    cannot read the calendar as TOML: TOML parse error at line 3, column 1
      |
    3 | monday = ["07:00-15:30"]
      | ^^^^^^
    unknown field `monday`, expected one of `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`
    "#);

    let e = refused(
        r#"{"timezone": "Asia/Jakarta", "week": {"mon": ["07:00-15:30"]}, "holidays": []}"#,
    );
    assert_eq!(e.code(), "input.syntax");
    insta::assert_snapshot!(e.to_string(), @"cannot read the calendar as JSON: unknown field `holidays`, expected one of `name`, `timezone`, `collective_leave_off`, `week`, `holiday`, `override`, `covers`, `horizon` at line 1 column 73");
    insta::assert_snapshot!(e.message(Lang::Id), @"berkas kalender tidak dapat dibaca sebagai JSON: kolom `holidays` tidak dikenal; yang dikenal: `name`, `timezone`, `collective_leave_off`, `week`, `holiday`, `override`, `covers`, `horizon` (baris 1 kolom 73)");
}

#[test]
fn malformed_text() {
    let e = refused("timezone = \"Asia/Jakarta\"\n[week\n");
    assert_eq!(e.code(), "input.syntax");
    insta::assert_snapshot!(e.to_string(), @"
    cannot read the calendar as TOML: TOML parse error at line 2, column 6
      |
    2 | [week
      |      ^
    unclosed table, expected `]`
    ");

    let e = refused("{\"timezone\": \"Asia/Jakarta\",}");
    assert_eq!(e.code(), "input.syntax");
    insta::assert_snapshot!(e.to_string(), @"cannot read the calendar as JSON: trailing comma at line 1 column 29");

    // Not a date.
    let e = refused(
        "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"07:00-15:30\"]\n[[holiday]]\ndate = \"2024-02-30\"\nname = \"x\"\nkind = \"national\"\n",
    );
    assert_eq!(e.code(), "input.syntax");
    insta::assert_snapshot!(e.to_string(), @r#"
    cannot read the calendar as TOML: TOML parse error at line 5, column 8
      |
    5 | date = "2024-02-30"
      |        ^^^^^^^^^^^^
    input is out of range
    "#);

    // Not a kind.
    let e = refused(
        "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"07:00-15:30\"]\n[[holiday]]\ndate = \"2024-02-08\"\nname = \"x\"\nkind = \"regional\"\n",
    );
    assert_eq!(e.code(), "input.syntax");
    insta::assert_snapshot!(e.to_string(), @r#"
    cannot read the calendar as TOML: TOML parse error at line 7, column 8
      |
    7 | kind = "regional"
      |        ^^^^^^^^^^
    unknown variant `regional`, expected one of `national`, `collective_leave`, `election`, `local`
    "#);
}

#[test]
fn unknown_time_zone() {
    let e = refused("timezone = \"Asia/Jakarat\"\n[week]\nmon = [\"07:00-15:30\"]\n");
    assert_eq!(e.code(), "calendar.unknown_timezone");
    insta::assert_snapshot!(e.to_string(), @"invalid calendar: unknown time zone `Asia/Jakarat`: expected an IANA name such as Asia/Jakarta");
    insta::assert_snapshot!(e.message(Lang::Id), @"kalender tidak valid: zona waktu `Asia/Jakarat` tidak dikenal: gunakan nama IANA seperti Asia/Jakarta");
    let e = refused(r#"{"timezone": "WIB", "week": {"mon": ["07:00-15:30"]}}"#);
    assert_eq!(e.code(), "calendar.unknown_timezone");
}

/// A calendar with `interval` on Mondays.
fn monday(interval: &str) -> String {
    format!(
        "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"{interval}\"]\ntue = [\"07:00-15:30\"]\n"
    )
}

#[test]
fn malformed_intervals() {
    let e = refused(&monday("7:00-15:30"));
    assert_eq!(e.code(), "calendar.bad_interval");
    insta::assert_snapshot!(e.to_string(), @"invalid calendar: week.mon: `7:00-15:30` is not an interval: `7:00` is not HH:MM; expected HH:MM-HH:MM such as 07:00-15:30 (24:00 allowed as an end)");
    insta::assert_snapshot!(e.message(Lang::Id), @"kalender tidak valid: week.mon: `7:00-15:30` bukan interval (`7:00` bukan JJ:MM); gunakan JJ:MM-JJ:MM seperti 07:00-15:30 (24:00 boleh sebagai akhir)");

    let e = refused(&monday("07:00-25:00"));
    assert_eq!(e.code(), "calendar.bad_interval");
    insta::assert_snapshot!(e.to_string(), @"invalid calendar: week.mon: `07:00-25:00` is not an interval: `25:00` is not a time of day between 00:00 and 24:00; expected HH:MM-HH:MM such as 07:00-15:30 (24:00 allowed as an end)");
    insta::assert_snapshot!(e.message(Lang::Id), @"kalender tidak valid: week.mon: `07:00-25:00` bukan interval (`25:00` bukan jam antara 00:00 dan 24:00); gunakan JJ:MM-JJ:MM seperti 07:00-15:30 (24:00 boleh sebagai akhir)");

    let e = refused(&monday("15:30-07:00"));
    assert_eq!(e.code(), "calendar.bad_interval");
    insta::assert_snapshot!(e.to_string(), @"invalid calendar: week.mon: `15:30-07:00` is not an interval: it ends before it starts (an interval cannot cross midnight; split it in two days); expected HH:MM-HH:MM such as 07:00-15:30 (24:00 allowed as an end)");
    insta::assert_snapshot!(e.message(Lang::Id), @"kalender tidak valid: week.mon: `15:30-07:00` bukan interval (akhirnya sebelum awalnya (interval tidak dapat melewati tengah malam; pisahkan menjadi dua hari)); gunakan JJ:MM-JJ:MM seperti 07:00-15:30 (24:00 boleh sebagai akhir)");

    let e = refused(&monday("07:00-07:00"));
    assert_eq!(e.code(), "calendar.bad_interval");
    insta::assert_snapshot!(e.to_string(), @"invalid calendar: week.mon: `07:00-07:00` is not an interval: it is empty; expected HH:MM-HH:MM such as 07:00-15:30 (24:00 allowed as an end)");
    insta::assert_snapshot!(e.message(Lang::Id), @"kalender tidak valid: week.mon: `07:00-07:00` bukan interval (kosong); gunakan JJ:MM-JJ:MM seperti 07:00-15:30 (24:00 boleh sebagai akhir)");

    for bad in [
        "07:00",
        "07:00-15:60",
        "07:00-24:01",
        "ab:cd-15:30",
        "07.00-15.30",
        "",
    ] {
        assert_eq!(
            refused(&monday(bad)).code(),
            "calendar.bad_interval",
            "{bad:?}"
        );
    }
    // In an override, the place names the date; JSON gives the same error.
    let e = refused(
        r#"{"timezone": "Asia/Jakarta", "week": {"mon": ["07:00-15:30"]},
            "override": [{"date": "2024-12-31", "hours": ["07:00-12:00", "13:00-12:30"]}]}"#,
    );
    assert_eq!(e.code(), "calendar.bad_interval");
    insta::assert_snapshot!(e.to_string(), @"invalid calendar: override 2024-12-31: `13:00-12:30` is not an interval: it ends before it starts (an interval cannot cross midnight; split it in two days); expected HH:MM-HH:MM such as 07:00-15:30 (24:00 allowed as an end)");
}

#[test]
fn overlapping_intervals() {
    let e =
        refused("timezone = \"Asia/Jakarta\"\n[week]\nfri = [\"13:00-16:00\", \"07:00-14:00\"]\n");
    assert_eq!(e.code(), "calendar.overlap");
    insta::assert_snapshot!(e.to_string(), @"invalid calendar: week.fri: intervals 07:00-14:00 and 13:00-16:00 overlap; list each opening time once");
    insta::assert_snapshot!(e.message(Lang::Id), @"kalender tidak valid: week.fri: interval 07:00-14:00 dan 13:00-16:00 tumpang tindih; tulis setiap jam buka sekali saja");
    let e = refused(&monday("07:00-15:30\", \"07:00-15:30"));
    assert_eq!(e.code(), "calendar.overlap");
}

/// Two holidays on 2024-04-10, the second named `name2` of kind `kind2`.
fn listed_twice(name2: &str, kind2: &str) -> String {
    format!(
        "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"07:00-15:30\"]\n\
         [[holiday]]\ndate = \"2024-04-10\"\nname = \"Idul Fitri 1445 H\"\nkind = \"national\"\n\
         [[holiday]]\ndate = \"2024-04-10\"\nname = \"{name2}\"\nkind = \"{kind2}\"\n"
    )
}

const OVERRIDDEN_TWICE: &str = "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"07:00-15:30\"]\n\
     [[override]]\ndate = \"2024-12-31\"\nhours = [\"07:00-12:00\"]\n\
     [[override]]\ndate = \"2024-12-31\"\nhours = []\n";

#[test]
fn a_date_listed_twice() {
    let e = refused(&listed_twice("Cuti bersama Idul Fitri", "collective_leave"));
    assert_eq!(e.code(), "calendar.duplicate_date");
    let e = refused(&listed_twice("Idul Fitri 1445 H", "local"));
    assert_eq!(e.code(), "calendar.duplicate_date");
    // The same meaning twice is harmless.
    cal(&listed_twice("Idul Fitri 1445 H", "national"));
    assert_eq!(refused(OVERRIDDEN_TWICE).code(), "calendar.duplicate_date");
    // The same hours twice are harmless too.
    cal(&OVERRIDDEN_TWICE.replace("hours = []", "hours = [\"07:00-12:00\"]"));
}

/// The messages of a date listed twice must say what the file says, not Rust's
/// debug rendering of the parsed values (`CollectiveLeave`, `Interval { start: 420,
/// end: 720 }`).
#[test]
fn a_date_listed_twice_is_reported_in_the_files_words() {
    let e = refused(&listed_twice("Cuti bersama Idul Fitri", "collective_leave"));
    for msg in [e.to_string(), e.message(Lang::Id)] {
        assert!(msg.contains("2024-04-10"), "{msg}");
        assert!(msg.contains("Idul Fitri 1445 H"), "{msg}");
        assert!(msg.contains("Cuti bersama Idul Fitri"), "{msg}");
        assert!(
            !msg.contains("(National)") && !msg.contains("(CollectiveLeave)"),
            "the kinds are shown as Rust enum variants: {msg}"
        );
    }
    let e = refused(OVERRIDDEN_TWICE);
    for msg in [e.to_string(), e.message(Lang::Id)] {
        assert!(msg.contains("2024-12-31"), "{msg}");
        assert!(
            msg.contains("07:00-12:00") && !msg.contains("Interval {"),
            "the first override's hours are shown as a Rust debug value: {msg}"
        );
    }
}

#[test]
#[rustfmt::skip]
fn a_calendar_that_never_opens() {
    let e = refused("timezone = \"Asia/Jakarta\"\n");
    assert_eq!(e.code(), "calendar.never_opens");
    insta::assert_snapshot!(e.to_string(), @"invalid calendar: the calendar never opens between 1970-01-01 and 2100-12-31: give at least one weekday opening hours");
    insta::assert_snapshot!(e.message(Lang::Id), @"kalender tidak valid: kalender tidak pernah buka antara 1970-01-01 dan 2100-12-31: berikan jam buka pada setidaknya satu hari kerja");
    let e = refused(r#"{"timezone": "Asia/Jakarta", "week": {"mon": [], "sat": []}}"#);
    assert_eq!(e.code(), "calendar.never_opens");
    // One override opening a day is enough.
    let c = cal(
        "timezone = \"Asia/Jakarta\"\n[[override]]\ndate = \"2024-08-17\"\nhours = [\"07:00-09:00\"]\n",
    );
    check_add(&c, "2024-01-01T00:00:00+07:00", "1h", Closing, "2024-08-17T08:00:00+07:00");
}

#[test]
fn bad_year_ranges() {
    let e = refused(
        "timezone = \"Asia/Jakarta\"\nhorizon = { from = 2030, to = 2020 }\n[week]\nmon = [\"07:00-15:30\"]\n",
    );
    assert_eq!(e.code(), "calendar.bad_date");
    insta::assert_snapshot!(e.to_string(), @"invalid calendar: horizon: years 2030 to 2020 are not a range within 1900 to 2500 (from must not be after to)");
    insta::assert_snapshot!(e.message(Lang::Id), @"kalender tidak valid: horizon: tahun 2030 sampai 2020 bukan rentang di antara 1900 dan 2500 (from tidak boleh setelah to)");
}

// ---- horizon ----

#[test]
fn instants_outside_the_horizon() {
    let c = Calendar::jatengprov();
    let e = c.is_open(ts("2101-01-01T00:00:00+07:00")).unwrap_err();
    assert_eq!(e.code(), "sla.outside_horizon");
    insta::assert_snapshot!(e.to_string(), @"instant 2101-01-01T00:00:00+07:00 is outside the calendar's range 1970-01-01 to 2100-12-31 (set `horizon` in the calendar to widen it)");
    insta::assert_snapshot!(e.message(Lang::Id), @"waktu 2101-01-01T00:00:00+07:00 berada di luar rentang kalender 1970-01-01 sampai 2100-12-31 (atur `horizon` pada kalender untuk memperluasnya)");
    let e = c
        .between(
            ts("1969-12-31T12:00:00+07:00"),
            ts("2024-03-01T10:00:00+07:00"),
        )
        .unwrap_err();
    assert_eq!(e.code(), "sla.outside_horizon");
    let e = c
        .add(ts("2101-06-01T10:00:00+07:00"), dur("1h"), Closing)
        .unwrap_err();
    assert_eq!(e.code(), "sla.outside_horizon");
    // The last instant inside and the first outside.
    assert!(c.position(ts("2100-12-31T23:59:59+07:00")).is_ok());
    assert_eq!(
        c.position(ts("2101-01-01T00:00:00+07:00"))
            .unwrap_err()
            .code(),
        "sla.outside_horizon"
    );
    assert!(c.position(ts("1970-01-01T00:00:00+07:00")).is_ok());
    assert_eq!(
        c.position(ts("1969-12-31T23:59:59+07:00"))
            .unwrap_err()
            .code(),
        "sla.outside_horizon"
    );

    // A narrow horizon, and a result that would fall beyond it.
    let c = cal(TOML);
    assert_eq!(
        c.horizon(),
        ("2020-01-01".parse().unwrap(), "2030-12-31".parse().unwrap())
    );
    let e = c.is_open(ts("2031-01-02T10:00:00+07:00")).unwrap_err();
    assert_eq!(e.code(), "sla.outside_horizon");
    insta::assert_snapshot!(e.to_string(), @"instant 2031-01-02T10:00:00+07:00 is outside the calendar's range 2020-01-01 to 2030-12-31 (set `horizon` in the calendar to widen it)");
    let e = c
        .add(ts("2030-12-30T10:00:00+07:00"), dur("5d"), Closing)
        .unwrap_err();
    assert_eq!(e.code(), "sla.beyond_horizon");
    insta::assert_snapshot!(e.to_string(), @"the result of add from 2030-12-30T10:00:00+07:00 by 5d falls beyond the calendar's range 2020-01-01 to 2030-12-31: the calendar does not open often enough before then");
    insta::assert_snapshot!(e.message(Lang::Id), @"hasil penambahan dari 2030-12-30T10:00:00+07:00 sebesar 5d melewati rentang kalender 2020-01-01 sampai 2030-12-31: kalender tidak cukup sering buka");
    let e = c
        .sub(ts("2020-01-01T10:00:00+07:00"), dur("10h"), Closing)
        .unwrap_err();
    assert_eq!(e.code(), "sla.beyond_horizon");
}

// ---- DST zones ----

const ALL_DAY: &str = r#"["00:00-24:00"]"#;

fn every_day(zone: &str, hours: &str) -> Calendar {
    cal(&format!(
        "timezone = \"{zone}\"\n[week]\nmon = {hours}\ntue = {hours}\nwed = {hours}\nthu = {hours}\nfri = {hours}\nsat = {hours}\nsun = {hours}\n"
    ))
}

#[test]
#[rustfmt::skip]
fn new_york_all_day_counts_real_seconds() {
    let c = every_day("America/New_York", ALL_DAY);
    // Spring forward (Sun 10 March 2024): a 23-hour day.
    check_between(&c, "2024-03-10T00:00:00-05:00", "2024-03-11T00:00:00-04:00", "23h");
    // Fall back (Sun 3 November 2024): a 25-hour day.
    check_between(&c, "2024-11-03T00:00:00-04:00", "2024-11-04T00:00:00-05:00", "25h");
    // An ordinary day.
    check_between(&c, "2024-03-09T00:00:00-05:00", "2024-03-10T00:00:00-05:00", "24h");
    // Always open, even at the transitions.
    assert!(c.is_open(ts("2024-03-10T07:00:00Z")).unwrap());
    assert!(c.is_open(ts("2024-11-03T06:00:00Z")).unwrap());
    // Hours are real hours; days keep the wall-clock time.
    check_add(&c, "2024-03-10T01:30:00-05:00", "1h", Closing, "2024-03-10T03:30:00-04:00");
    check_add(&c, "2024-03-09T12:00:00-05:00", "24h", Closing, "2024-03-10T13:00:00-04:00");
    check_add(&c, "2024-03-09T12:00:00-05:00", "1d", Closing, "2024-03-10T12:00:00-04:00");
    check_add(&c, "2024-11-02T12:00:00-04:00", "1d", Closing, "2024-11-03T12:00:00-05:00");
    check_add(&c, "2024-11-02T12:00:00-04:00", "24h", Closing, "2024-11-03T11:00:00-05:00");
    // A wall-clock time in the spring-forward gap is read with the offset before it.
    check_add(&c, "2024-03-09T02:30:00-05:00", "1d", Closing, "2024-03-10T03:30:00-04:00");
}

#[test]
#[rustfmt::skip]
fn new_york_night_shift_across_transitions() {
    let c = every_day("America/New_York", r#"["01:00-04:00"]"#);
    // 01:00 EST to 04:00 EDT is two real hours.
    check_between(&c, "2024-03-10T00:00:00-05:00", "2024-03-11T00:00:00-04:00", "2h");
    // 01:00 EDT (the first 01:00) to 04:00 EST is four real hours.
    check_between(&c, "2024-11-03T00:00:00-04:00", "2024-11-04T00:00:00-05:00", "4h");
    check_between(&c, "2024-03-09T00:00:00-05:00", "2024-03-10T00:00:00-05:00", "3h");
    assert!(c.is_open(ts("2024-11-03T05:00:00Z")).unwrap(), "01:00 EDT");
    assert!(
        c.is_open(ts("2024-11-03T08:59:59Z")).unwrap(),
        "03:59:59 EST"
    );
    assert!(!c.is_open(ts("2024-11-03T09:00:00Z")).unwrap(), "04:00 EST");
    check_add(&c, "2024-03-10T01:30:00-05:00", "1h", Closing, "2024-03-10T03:30:00-04:00");
}

#[test]
#[rustfmt::skip]
fn berlin_across_transitions() {
    let c = every_day("Europe/Berlin", ALL_DAY);
    check_between(&c, "2024-03-31T00:00:00+01:00", "2024-04-01T00:00:00+02:00", "23h");
    check_between(&c, "2024-10-27T00:00:00+02:00", "2024-10-28T00:00:00+01:00", "25h");
    let c = every_day("Europe/Berlin", r#"["01:00-04:00"]"#);
    check_between(&c, "2024-03-31T00:00:00+01:00", "2024-04-01T00:00:00+02:00", "2h");
    check_between(&c, "2024-10-27T00:00:00+02:00", "2024-10-28T00:00:00+01:00", "4h");
    // 02:30 does not exist on 31 March (read as 03:30 CEST) and is ambiguous on
    // 27 October (the first, CEST, is taken).
    let c = every_day("Europe/Berlin", r#"["02:30-04:00"]"#);
    check_between(&c, "2024-03-31T00:00:00+01:00", "2024-04-01T00:00:00+02:00", "30m");
    check_between(&c, "2024-10-27T00:00:00+02:00", "2024-10-28T00:00:00+01:00", "2h30m");
    check_between(&c, "2024-03-30T00:00:00+01:00", "2024-03-31T00:00:00+01:00", "1h30m");
}
