//! The `loket` command line: in-process through `loket_cli::main`, and a few
//! runs of the real binary for the exit codes.

use std::io::{Cursor, Write as _};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a run printed and how it ended.
#[derive(Debug)]
struct Run {
    code: ExitCode,
    out: String,
    err: String,
}

/// Runs `loket ARGS` in-process with `stdin`.
fn run_with(args: &[&str], stdin: &str) -> Run {
    let mut input = Cursor::new(stdin.as_bytes().to_vec());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let argv = std::iter::once("loket").chain(args.iter().copied());
    let code = loket_cli::main(argv, &mut input, &mut out, &mut err);
    Run {
        code,
        out: String::from_utf8(out).expect("stdout is UTF-8"),
        err: String::from_utf8(err).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Run {
    run_with(args, "")
}

/// Runs and expects success with nothing on stderr; returns stdout.
#[track_caller]
fn ok(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, ExitCode::SUCCESS, "loket {args:?} failed: {r:?}");
    assert_eq!(r.err, "", "loket {args:?} wrote to stderr");
    r.out
}

/// Runs and expects exit code 1 with nothing on stdout; returns stderr.
#[track_caller]
fn fails(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, ExitCode::from(1), "loket {args:?}: {r:?}");
    assert_eq!(r.out, "", "loket {args:?} wrote to stdout");
    r.err
}

/// Runs and expects a usage error (exit code 2); returns stderr.
#[track_caller]
fn usage(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, ExitCode::from(2), "loket {args:?}: {r:?}");
    assert_eq!(r.out, "", "loket {args:?} wrote to stdout");
    r.err
}

/// A file under the temp dir with a unique name, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(ext: &str, text: &str) -> TempFile {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let name = format!(
            "loket-cli-test-{}-{}-{nanos}.{ext}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, text).expect("write temp file");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("temp path is UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const FRI: &str = "2024-03-01T13:30:00+07:00";
const THU: &str = "2024-02-29T15:00:00+07:00";

// ---- sla add / sub ----

#[test]
fn add_in_each_format() {
    let args = ["sla", "add", "--start", FRI, "--duration", "1d"];
    assert_eq!(ok(&args), "2024-03-04T13:30:00+07:00\n");
    let with = |extra: &[&str]| ok(&[&args[..], extra].concat());
    assert_eq!(
        with(&["--format", "rfc3339"]),
        "2024-03-04T13:30:00+07:00\n"
    );
    assert_eq!(with(&["--format", "unix"]), "1709533800\n");
    assert_eq!(
        with(&["--calendar", "default", "--format", "unix"]),
        "1709533800\n"
    );
    let json: serde_json::Value = serde_json::from_str(&with(&["--format", "json"])).unwrap();
    assert_eq!(json["value"], "2024-03-04T06:30:00Z");
    assert_eq!(json["covered"], true);
    assert_eq!(json["uncoveredYears"], serde_json::json!([]));
    assert_eq!(json["explanation"], serde_json::Value::Null);
}

#[test]
fn add_boundaries_and_units() {
    let add = |start: &str, d: &str, b: &str| {
        ok(&[
            "sla",
            "add",
            "--start",
            start,
            "--duration",
            d,
            "--boundary",
            b,
        ])
    };
    assert_eq!(add(THU, "1d", "closing"), "2024-03-01T14:00:00+07:00\n");
    assert_eq!(add(THU, "1d", "opening"), "2024-03-04T07:00:00+07:00\n");
    assert_eq!(add(FRI, "1h", "closing"), "2024-03-04T07:30:00+07:00\n");
    assert_eq!(add(THU, "30m", "opening"), "2024-03-01T07:00:00+07:00\n");
    // Unix seconds in, and a negative duration.
    assert_eq!(
        add("1709274600", "-1h", "closing"),
        "2024-03-01T12:30:00+07:00\n"
    );
    assert_eq!(
        add("2024-04-03T09:00:00+07:00", "10d", "closing"),
        "2024-04-25T09:00:00+07:00\n"
    );
}

#[test]
fn sub_in_each_format() {
    let args = [
        "sla",
        "sub",
        "--start",
        "2024-03-04T07:30:00+07:00",
        "--duration",
        "1h",
    ];
    assert_eq!(ok(&args), "2024-03-01T13:30:00+07:00\n");
    assert_eq!(
        ok(&[&args[..], &["--format", "unix"]].concat()),
        "1709274600\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&[&args[..], &["--format", "json"]].concat())).unwrap();
    assert_eq!(json["value"], "2024-03-01T06:30:00Z");
    let days = [
        "sla",
        "sub",
        "--start",
        "2024-04-25T09:00:00+07:00",
        "--duration",
        "10d",
    ];
    assert_eq!(ok(&days), "2024-04-03T09:00:00+07:00\n");
}

#[test]
fn unix_format_prints_only_the_value_on_stdout() {
    // The provisional year's note and the explanation go to stderr.
    let r = run(&[
        "sla",
        "add",
        "--start",
        "2026-12-31T10:00:00+07:00",
        "--duration",
        "1d",
        "--format",
        "unix",
        "--explain",
    ]);
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
    // Thu 31 Dec 2026 + 1 day skips the provisional New Year's Day: Mon 4 Jan 2027.
    assert_eq!(r.out, "1799031600\n");
    assert!(r.err.contains("2027"), "{}", r.err);
    assert!(r.err.contains("Waktu operasional: 8h30m"), "{}", r.err);
    // Every command's unix output is made of numbers only (and `open`/`closed`).
    for args in [
        &[
            "sla", "between", "--from", FRI, "--to", THU, "--format", "unix",
        ][..],
        &[
            "sla",
            "deadline",
            "--kind",
            "request",
            "--received",
            FRI,
            "--format",
            "unix",
        ],
        &["sla", "open", "--at", FRI, "--format", "unix"],
    ] {
        let out = ok(args);
        for line in out.lines() {
            assert!(
                line.parse::<i64>().is_ok() || line == "open" || line == "closed",
                "loket {args:?} printed {line:?}"
            );
        }
    }
}

#[test]
fn uncovered_years_warn_on_stderr() {
    // Fri 3 March 2028: a year the holiday list does not cover at all.
    let r = run(&[
        "sla",
        "add",
        "--start",
        "2028-03-03T10:00:00+07:00",
        "--duration",
        "1d",
    ]);
    assert_eq!(r.code, ExitCode::SUCCESS);
    assert_eq!(r.out, "2028-03-06T10:00:00+07:00\n");
    insta::assert_snapshot!(r.err, @"peringatan: daftar hari libur kalender belum mencakup tahun 2028");
    let r = run(&[
        "--lang",
        "en",
        "sla",
        "add",
        "--start",
        "2028-03-03T10:00:00+07:00",
        "--duration",
        "1d",
    ]);
    insta::assert_snapshot!(r.err, @"warning: the calendar's holiday list does not cover 2028");
    let out = ok(&[
        "sla",
        "add",
        "--start",
        "2028-03-03T10:00:00+07:00",
        "--duration",
        "1d",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["covered"], false);
    assert_eq!(json["uncoveredYears"], serde_json::json!([2028]));
}

#[test]
fn provisional_holidays_are_noted_on_stderr() {
    // Fri 5 March 2027 + 1 day skips the provisional Nyepi of Monday 8 March.
    let args = [
        "sla",
        "add",
        "--start",
        "2027-03-05T10:00:00+07:00",
        "--duration",
        "1d",
    ];
    let r = run(&args);
    assert_eq!(r.code, ExitCode::SUCCESS);
    assert_eq!(r.out, "2027-03-09T10:00:00+07:00\n");
    insta::assert_snapshot!(r.err, @"catatan: hari libur 2027 masih perkiraan, menunggu SKB; hasil dapat bergeser (2027-03-08)");
    let r = run(&[&["--lang", "en"][..], &args].concat());
    insta::assert_snapshot!(r.err, @"note: the 2027 holidays are provisional, awaiting the joint decree; the result may move (2027-03-08)");
    let out = ok(&[&args[..], &["--format", "json"]].concat());
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["covered"], true);
    assert_eq!(json["provisionalYears"], serde_json::json!([2027]));
    assert_eq!(json["provisionalDates"], serde_json::json!(["2027-03-08"]));
    // 2026 is confirmed: nothing to note.
    let r = run(&[
        "sla",
        "add",
        "--start",
        "2026-03-05T10:00:00+07:00",
        "--duration",
        "1d",
    ]);
    assert_eq!(r.err, "");
}

#[test]
fn deadline_of_a_request_received_1_march_2027_skips_provisional_idul_fitri() {
    let args = [
        "sla",
        "deadline",
        "--kind",
        "request",
        "--received",
        "2027-03-01T09:00:00+07:00",
    ];
    let r = run(&[&args[..], &["--explain", "--lang", "en"]].concat());
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
    assert_eq!(r.out.lines().next(), Some("2027-03-18T09:00:00+07:00"));
    assert!(
        r.out.contains(
            "Wed 2027-03-10 – Thu 2027-03-11  Idul Fitri 1448 H (national holiday, provisional, awaiting the joint decree)"
        ),
        "{}",
        r.out
    );
    assert!(
        r.err.contains("(2027-03-08, 2027-03-10, 2027-03-11)"),
        "{}",
        r.err
    );
}

// ---- sla between ----

#[test]
fn between_is_signed() {
    let fwd = [
        "sla",
        "between",
        "--from",
        "2024-03-01T13:00:00+07:00",
        "--to",
        "2024-03-04T08:00:00+07:00",
    ];
    assert_eq!(ok(&fwd), "2h\n");
    assert_eq!(ok(&[&fwd[..], &["--format", "unix"]].concat()), "7200\n");
    let back = [
        "sla",
        "between",
        "--from",
        "2024-03-04T08:00:00+07:00",
        "--to",
        "2024-03-01T13:00:00+07:00",
    ];
    assert_eq!(ok(&back), "-2h\n");
    assert_eq!(ok(&[&back[..], &["--format", "unix"]].concat()), "-7200\n");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&[&back[..], &["--format", "json"]].concat())).unwrap();
    assert_eq!(json["value"], -7200);
    assert_eq!(json["covered"], true);
    // With --explain in rfc3339, the explanation follows the value on stdout.
    let out = ok(&[&fwd[..], &["--explain", "--lang", "en"]].concat());
    assert!(
        out.starts_with("2h\nFrom Friday, 1 March 2024 13:00 WIB"),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&[&fwd[..], &["--format", "json", "--explain"]].concat()))
            .unwrap();
    assert_eq!(json["explanation"]["operationalSeconds"], 7200);
}

// ---- sla open ----

#[test]
fn open_says_open_or_closed_and_when() {
    let at = |t: &str, f: &str| ok(&["sla", "open", "--at", t, "--format", f]);
    assert_eq!(
        at("2024-03-05T10:00:00+07:00", "rfc3339"),
        "open\n2024-03-05T15:30:00+07:00\n"
    );
    assert_eq!(
        at("2024-03-02T10:00:00+07:00", "rfc3339"),
        "closed\n2024-03-04T07:00:00+07:00\n"
    );
    assert_eq!(
        at("2024-03-02T10:00:00+07:00", "unix"),
        "closed\n1709510400\n"
    );
    // Idul Fitri 2024: next opening Tue 16 April.
    assert_eq!(
        at("2024-04-10T10:00:00+07:00", "rfc3339"),
        "closed\n2024-04-16T07:00:00+07:00\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&at("2024-03-05T10:00:00+07:00", "json")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"state": "open", "until": "2024-03-05T08:30:00Z"})
    );
}

// ---- sla deadline ----

#[test]
fn deadlines_by_kind() {
    let due = |kind: &str, at: &str| ok(&["sla", "deadline", "--kind", kind, "--received", at]);
    assert_eq!(due("complaint", FRI), "2024-03-04T13:30:00+07:00\n");
    assert_eq!(due("aduan", FRI), "2024-03-04T13:30:00+07:00\n");
    assert_eq!(
        due("incident", "2024-03-02T10:00:00+07:00"),
        "2024-03-04T15:30:00+07:00\n"
    );
    assert_eq!(
        due("permintaan", "2024-04-03T09:00:00+07:00"),
        "2024-04-25T09:00:00+07:00\n"
    );
    let out = ok(&[
        "sla",
        "deadline",
        "--kind",
        "request",
        "--received",
        "2024-04-03T09:00:00+07:00",
        "--format",
        "unix",
    ]);
    assert_eq!(out, "1714010400\n");
    let out = ok(&[
        "sla",
        "deadline",
        "--kind",
        "request",
        "--received",
        "2024-04-03T09:00:00+07:00",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["value"]["due"], "2024-04-25T02:00:00Z");
    assert_eq!(json["value"]["target"], "10d");
    assert_eq!(json["value"]["kind"], "request");
    // With --explain, the explanation names the Lebaran block.
    let out = ok(&[
        "sla",
        "deadline",
        "--kind",
        "request",
        "--received",
        "2024-04-03T09:00:00+07:00",
        "--explain",
    ]);
    assert!(
        out.starts_with("2024-04-25T09:00:00+07:00\nMulai Rabu, 3 April 2024"),
        "{out}"
    );
    assert!(out.contains("Idul Fitri 1445 H (libur nasional)"), "{out}");
}

#[test]
fn deadline_with_a_policy_file() {
    let policy = TempFile::new(
        "toml",
        "complaint = \"2h\"\nrequest = \"3d\"\nincident = \"30m\"\nboundary = \"opening\"\n",
    );
    let due = |kind: &str, at: &str| {
        ok(&[
            "sla",
            "deadline",
            "--kind",
            kind,
            "--received",
            at,
            "--policy",
            policy.path(),
        ])
    };
    assert_eq!(due("complaint", FRI), "2024-03-04T08:30:00+07:00\n");
    assert_eq!(due("incident", FRI), "2024-03-04T07:00:00+07:00\n");
    assert_eq!(due("request", FRI), "2024-03-06T13:30:00+07:00\n");
}

// ---- calendar files ----

const CALENDAR: &str = r#"
name = "Loket uji"
timezone = "Asia/Jakarta"
[week]
mon = ["08:00-12:00"]
tue = ["08:00-12:00"]
wed = ["08:00-12:00"]
thu = ["08:00-12:00"]
fri = ["08:00-12:00"]
sat = ["08:00-10:00"]
[[holiday]]
date = "2024-03-04"
name = "Libur uji"
kind = "local"
"#;

#[test]
fn a_calendar_file_in_toml_or_json() {
    let toml = TempFile::new("toml", CALENDAR);
    let json = TempFile::new(
        "json",
        r#"{"name": "Loket uji", "timezone": "Asia/Jakarta",
            "week": {"mon": ["08:00-12:00"], "tue": ["08:00-12:00"], "wed": ["08:00-12:00"],
                     "thu": ["08:00-12:00"], "fri": ["08:00-12:00"], "sat": ["08:00-10:00"]},
            "holiday": [{"date": "2024-03-04", "name": "Libur uji", "kind": "local"}]}"#,
    );
    for file in [toml.path(), json.path()] {
        let add = |d: &str| {
            ok(&[
                "sla",
                "add",
                "--calendar",
                file,
                "--start",
                FRI,
                "--duration",
                d,
            ])
        };
        // Fri 13:30 is closed: 1h counts from Sat 08:00.
        assert_eq!(add("1h"), "2024-03-02T09:00:00+07:00\n");
        // Saturday is open, Monday is a local holiday.
        assert_eq!(add("3h"), "2024-03-05T09:00:00+07:00\n");
        let between = ok(&[
            "sla",
            "between",
            "--calendar",
            file,
            "--from",
            FRI,
            "--to",
            "2024-03-05T09:00:00+07:00",
            "--format",
            "unix",
        ]);
        assert_eq!(between, "10800\n");
        let open = ok(&[
            "sla",
            "open",
            "--calendar",
            file,
            "--at",
            "2024-03-02T09:00:00+07:00",
        ]);
        assert_eq!(open, "open\n2024-03-02T10:00:00+07:00\n");
        let due = ok(&[
            "sla",
            "deadline",
            "--calendar",
            file,
            "--kind",
            "complaint",
            "--received",
            FRI,
        ]);
        // Counting starts Sat 08:00; one open date later is Tue 08:00 (Mon is closed),
        // exactly the opening, so the previous closing: Sat 10:00.
        assert_eq!(due, "2024-03-02T10:00:00+07:00\n");
        let batch = run_with(
            &["sla", "batch", "--calendar", file, "--duration", "1h"],
            &format!("{FRI}\n2024-03-05T08:00:00+07:00\n"),
        );
        assert_eq!(batch.code, ExitCode::SUCCESS, "{batch:?}");
        assert_eq!(
            batch.out,
            "2024-03-02T09:00:00+07:00\n2024-03-05T09:00:00+07:00\n"
        );
    }
    let check = ok(&[
        "--lang",
        "en",
        "calendar",
        "check",
        "--calendar",
        toml.path(),
    ]);
    assert!(check.contains("name: Loket uji"), "{check}");
    assert!(check.contains("calendar is valid"), "{check}");
}

#[test]
fn a_bad_or_missing_calendar_file() {
    let bad = TempFile::new(
        "toml",
        "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"15:30-07:00\"]\n",
    );
    let err = fails(&[
        "sla",
        "add",
        "--calendar",
        bad.path(),
        "--start",
        FRI,
        "--duration",
        "1h",
    ]);
    assert!(
        err.starts_with("galat: kalender tidak valid: week.mon"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("[calendar.bad_interval]"), "{err}");
    let err = fails(&[
        "--lang",
        "en",
        "sla",
        "add",
        "--calendar",
        bad.path(),
        "--start",
        FRI,
        "--duration",
        "1h",
    ]);
    assert!(
        err.starts_with("error: invalid calendar: week.mon"),
        "{err}"
    );

    let gone = std::env::temp_dir().join(format!(
        "loket-cli-test-missing-{}.toml",
        std::process::id()
    ));
    let gone = gone.to_str().unwrap();
    let err = fails(&["sla", "open", "--calendar", gone, "--at", FRI]);
    assert!(err.contains("cannot read calendar file"), "{err}");
    assert!(err.contains(gone), "{err}");
}

// ---- sla batch ----

#[test]
fn batch_keeps_order_and_reports_bad_lines() {
    let stdin = format!("{FRI}\nnot a time\n{THU}\n\n1709274600\n2101-01-01T00:00:00+07:00\n");
    let r = run_with(&["sla", "batch", "--duration", "1d"], &stdin);
    assert_eq!(r.code, ExitCode::from(1), "{r:?}");
    assert_eq!(
        r.out,
        "2024-03-04T13:30:00+07:00\n\n2024-03-01T14:00:00+07:00\n\n2024-03-04T13:30:00+07:00\n\n"
    );
    insta::assert_snapshot!(r.err, @r"
    baris 2: waktu `not a time` tidak valid: gunakan RFC 3339 (mis. 2024-03-01T13:30:00+07:00) atau detik unix [input.invalid_instant]
    baris 6: waktu 2101-01-01T00:00:00+07:00 berada di luar rentang kalender 1970-01-01 sampai 2100-12-31 (atur `horizon` pada kalender untuk memperluasnya) [sla.outside_horizon]
    galat: 2 baris tidak dapat dihitung
    ");

    let r = run_with(
        &[
            "--lang",
            "en",
            "sla",
            "batch",
            "--duration",
            "1h",
            "--format",
            "unix",
            "--boundary",
            "opening",
        ],
        &stdin,
    );
    assert_eq!(r.code, ExitCode::from(1));
    assert_eq!(r.out, "1709512200\n\n1709253000\n\n1709512200\n\n");
    assert!(
        r.err.starts_with("line 2: invalid instant `not a time`"),
        "{}",
        r.err
    );
    assert!(
        r.err
            .contains("line 6: instant 2101-01-01T00:00:00+07:00 is outside"),
        "{}",
        r.err
    );
    assert!(
        r.err.ends_with("error: 2 line(s) could not be computed\n"),
        "{}",
        r.err
    );
}

#[test]
fn batch_of_good_lines() {
    let stdin = format!("{FRI}\n{THU}\n");
    let r = run_with(
        &["sla", "batch", "--duration", "1d", "--format", "unix"],
        &stdin,
    );
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
    assert_eq!(r.out, "1709533800\n1709276400\n");
    assert_eq!(r.err, "");
    let r = run_with(
        &["sla", "batch", "--duration", "1d", "--format", "json"],
        &stdin,
    );
    let values: Vec<String> = r
        .out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON value per line"))
        .collect();
    let instants: Vec<loket_core::Timestamp> = values.iter().map(|v| v.parse().unwrap()).collect();
    assert_eq!(
        instants,
        [
            loket_core::Timestamp::from_unix(1709533800),
            loket_core::Timestamp::from_unix(1709276400)
        ]
    );
    // No input, no output.
    let r = run_with(&["sla", "batch", "--duration", "1d"], "");
    assert_eq!(
        (r.code, r.out.as_str(), r.err.as_str()),
        (ExitCode::SUCCESS, "", "")
    );
    // A bad duration fails before reading anything.
    let r = run_with(&["sla", "batch", "--duration", "1d2h"], &stdin);
    assert_eq!(r.code, ExitCode::from(1));
    assert_eq!(r.out, "");
    assert!(r.err.contains("[input.invalid_duration]"), "{}", r.err);
}

// ---- errors ----

#[test]
fn bad_duration_or_instant() {
    let err = fails(&["sla", "add", "--start", FRI, "--duration", "1x"]);
    insta::assert_snapshot!(err, @"galat: durasi `1x` tidak valid (`x` bukan satuan (gunakan d, h, m atau s)); contoh yang benar: 90s, 45m, 3h, 8h30m atau 2d, boleh diawali - [input.invalid_duration]");
    let err = fails(&[
        "--lang",
        "en",
        "sla",
        "add",
        "--start",
        FRI,
        "--duration",
        "1x",
    ]);
    insta::assert_snapshot!(err, @"error: invalid duration `1x`: `x` is not a unit (use d, h, m or s); expected e.g. 90s, 45m, 3h, 8h30m or 2d, with an optional leading - [input.invalid_duration]");
    let err = fails(&["sla", "add", "--start", FRI, "--duration", "1d2h"]);
    assert!(err.ends_with("[input.invalid_duration]\n"), "{err}");

    let err = fails(&[
        "sla",
        "add",
        "--start",
        "2024-03-01 13:30",
        "--duration",
        "1h",
    ]);
    insta::assert_snapshot!(err, @"galat: waktu `2024-03-01 13:30` tidak valid: gunakan RFC 3339 (mis. 2024-03-01T13:30:00+07:00) atau detik unix [input.invalid_instant]");
    let err = fails(&[
        "--lang",
        "en",
        "sla",
        "between",
        "--from",
        FRI,
        "--to",
        "yesterday",
    ]);
    insta::assert_snapshot!(err, @"error: invalid instant `yesterday`: expected RFC 3339 (e.g. 2024-03-01T13:30:00+07:00) or whole unix seconds [input.invalid_instant]");
    let err = fails(&["sla", "open", "--at", "2101-01-01T00:00:00+07:00"]);
    assert!(err.ends_with("[sla.outside_horizon]\n"), "{err}");
    let err = fails(&["sla", "deadline", "--kind", "aduan", "--received", "1.5"]);
    assert!(err.ends_with("[input.invalid_instant]\n"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let err = usage(&["sla", "add", "--start", FRI]);
    assert!(err.contains("--duration"), "{err}");
    usage(&[]);
    usage(&["sla"]);
    usage(&["sla", "multiply"]);
    usage(&[
        "sla",
        "add",
        "--start",
        FRI,
        "--duration",
        "1h",
        "--format",
        "xml",
    ]);
    usage(&[
        "sla",
        "add",
        "--start",
        FRI,
        "--duration",
        "1h",
        "--boundary",
        "noon",
    ]);
    usage(&["sla", "deadline", "--kind", "question", "--received", FRI]);
    usage(&["--lang", "fr", "sla", "open", "--at", FRI]);
    usage(&["sla", "open", "--at", FRI, "--unknown-flag"]);
    // --help and --version are not errors.
    let r = run(&["--help"]);
    assert_eq!(r.code, ExitCode::SUCCESS);
    assert!(r.out.contains("sla"), "{}", r.out);
    let r = run(&["--version"]);
    assert_eq!(r.code, ExitCode::SUCCESS);
    assert!(r.out.starts_with("loket "), "{}", r.out);
}

#[test]
fn messages_are_indonesian_by_default_and_english_on_request() {
    let args = ["sla", "between", "--from", FRI, "--to", "tomorrow"];
    let id = fails(&args);
    assert!(
        id.starts_with("galat: waktu `tomorrow` tidak valid"),
        "{id}"
    );
    let en = fails(&[&["--lang", "en"][..], &args].concat());
    assert!(en.starts_with("error: invalid instant `tomorrow`"), "{en}");
    // --lang is global: it may come after the subcommand too.
    let en2 = fails(&[&args[..], &["--lang", "en"]].concat());
    assert_eq!(en, en2);
    // Explanations follow the language.
    let explain = |lang: &str| {
        ok(&[
            "--lang",
            lang,
            "sla",
            "add",
            "--start",
            FRI,
            "--duration",
            "1d",
            "--explain",
        ])
    };
    assert!(explain("id").contains("Hari operasional dihitung: Senin, 4 Maret 2024"));
    assert!(explain("en").contains("Operational days counted: Monday, 4 March 2024"));
}

// ---- the real binary ----

fn binary() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_loket"));
    c.env_remove("LOKET_LANG");
    c
}

#[test]
fn binary_exit_codes() {
    let out = binary()
        .args([
            "sla",
            "add",
            "--start",
            FRI,
            "--duration",
            "1d",
            "--format",
            "unix",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1709533800\n");
    assert!(out.stderr.is_empty());

    let out = binary()
        .args(["sla", "add", "--start", "soon", "--duration", "1d"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("[input.invalid_instant]"), "{err}");

    let out = binary()
        .args(["sla", "add", "--start", FRI])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());

    let out = binary().args(["--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));

    // LOKET_LANG chooses the language too.
    let out = binary()
        .env("LOKET_LANG", "en")
        .args(["sla", "add", "--start", "soon", "--duration", "1d"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: invalid instant"));
}

#[test]
fn binary_batch_from_stdin() {
    let mut child = binary()
        .args(["sla", "batch", "--duration", "1h", "--format", "unix"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{FRI}\n???\n{THU}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "1709512200\n\n1709253000\n"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("baris 2: waktu `???` tidak valid"), "{err}");
    assert!(
        err.ends_with("galat: 1 baris tidak dapat dihitung\n"),
        "{err}"
    );
}

#[test]
fn ticket_replay_prints_the_timeline_and_refuses_a_bad_transition() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/tickets/change-management.jsonl"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--lang", "en", "ticket", "replay", file])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("forwarded to Change Management"), "{text}");
    assert!(
        text.contains("SLA resolution: met (stopped) · used 7h45m / 8h30m"),
        "{text}"
    );
    assert!(
        !text.contains("6281200000000"),
        "no personal data in the timeline"
    );

    let bad = std::env::temp_dir().join(format!("loket-bad-{}.jsonl", std::process::id()));
    let first = std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    std::fs::write(&bad, format!("{first}\n{{\"at\": \"2024-03-04T09:00:00+07:00\", \"by\": {{\"type\": \"staff\", \"name\": \"A\"}}, \"event\": \"close\"}}\n")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--lang", "en", "ticket", "replay", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("line 2")
            && err.contains("ticket.transition_refused")
            && err.contains("allowed now: handle_directly, create_ticket"),
        "{err}"
    );
    // Under the default language, the refusal is in Bahasa Indonesia.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["ticket", "replay", bad.to_str().unwrap()])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&bad);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("baris 2") && err.contains("ticket.transition_refused"),
        "{err}"
    );
    assert!(!err.contains("allowed now"), "{err}");
}

/// `loket token create | list | revoke` on a data directory (issue 11, finding 6):
/// names are unique among active tokens, the list never shows a token, a revoked
/// token is refused by the store.
#[test]
fn tokens_are_created_listed_and_revoked_by_name() {
    use loket_store::{SqliteStore, Store};
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli-tokens-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().unwrap();
    let token = ok(&[
        "token", "create", "--role", "agent", "--name", "Budi", "--data", d,
    ]);
    let token = token.lines().next().unwrap().to_string();
    assert!(token.starts_with("lkt_"), "{token}");
    let portal = ok(&[
        "token",
        "create",
        "--role",
        "portal",
        "--name",
        "Portal SSO",
        "--attests-contacts",
        "--data",
        d,
    ]);
    assert!(portal.starts_with("lkt_"));
    // The same name again, and attesting for staff: refused with a reason.
    let err = fails(&[
        "token", "create", "--role", "agent", "--name", "Budi", "--data", d,
    ]);
    assert!(err.contains("Budi") && err.contains("unik"), "{err}");
    let err = fails(&[
        "--lang", "en", "token", "create", "--role", "agent", "--name", "Budi", "--data", d,
    ]);
    assert!(err.contains("Budi") && err.contains("unique"), "{err}");
    let err = fails(&[
        "token",
        "create",
        "--role",
        "agent",
        "--name",
        "Ani",
        "--attests-contacts",
        "--data",
        d,
    ]);
    assert!(err.contains("portal"), "{err}");
    let err = fails(&[
        "token", "create", "--role", "root", "--name", "X", "--data", d,
    ]);
    assert!(
        err.contains("portal, agent, supervisor atau admin"),
        "{err}"
    );
    let list = ok(&["--lang", "en", "token", "list", "--data", d]);
    assert!(
        list.contains("Budi\tagent") && list.contains("active"),
        "{list}"
    );
    assert!(
        list.contains("Portal SSO\tportal (attests contacts)"),
        "{list}"
    );
    assert!(!list.contains(&token[4..]), "{list}");
    ok(&["token", "revoke", "Budi", "--data", d]);
    let err = fails(&["--lang", "en", "token", "revoke", "Budi", "--data", d]);
    assert!(err.contains("no active token is named `Budi`"), "{err}");
    let list = ok(&["--lang", "en", "token", "list", "--data", d]);
    assert!(list.contains("revoked"), "{list}");
    let mut store = SqliteStore::open(&dir).unwrap();
    assert_eq!(store.token(&loket_serve::token_hash(&token)).unwrap(), None);
    // The name is free again.
    ok(&[
        "token", "create", "--role", "agent", "--name", "Budi", "--data", d,
    ]);
}

// ---- calendar check: coverage ----

#[test]
fn calendar_check_warns_before_the_confirmed_list_ends() {
    let out = ok(&["calendar", "check", "--today", "2026-12-03"]);
    assert!(out.contains("  ditetapkan (SKB): 2024–2026\n"), "{out}");
    assert!(out.contains("  perkiraan, menunggu SKB: 2027\n"), "{out}");
    assert!(
        out.contains("peringatan: Daftar hari libur yang sudah ditetapkan berakhir Kamis, 31 Desember 2026 (28 hari lagi)."),
        "{out}"
    );
    assert!(out.contains("[calendar.coverage_ending]"), "{out}");
    let en = ok(&["--lang", "en", "calendar", "check", "--today", "2026-12-03"]);
    assert!(
        en.contains("  provisional, awaiting the decree: 2027\n"),
        "{en}"
    );
    assert!(en.contains("2027 has provisional dates only"), "{en}");
    // Far from the end: no warning; a narrower window: none either.
    for args in [
        &["calendar", "check", "--today", "2026-06-01"][..],
        &[
            "calendar",
            "check",
            "--today",
            "2026-12-03",
            "--warn-days",
            "20",
        ],
    ] {
        let out = ok(args);
        assert!(!out.contains("peringatan"), "{args:?}: {out}");
    }
    // JSON: the same, as data.
    let out = ok(&[
        "calendar",
        "check",
        "--today",
        "2027-01-10",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["coverage"]["lastConfirmed"], "2026-12-31");
    assert_eq!(v["coverage"]["provisional"][0]["from"], 2027);
    assert_eq!(v["warning"]["code"], "calendar.coverage_ended");
    assert_eq!(v["warning"]["daysLeft"], -10);
    assert_eq!(v["warning"]["provisionalYears"], serde_json::json!([2027]));
}

/// The default calendar as a (hypothetical) 2027 decree would change it: Nyepi
/// moved to 9 March, Idul Fitri confirmed, collective leave on 12 March.
fn decree_2027() -> String {
    let mut s = loket_core::JATENGPROV_CALENDAR.to_string();
    let entry = |d: &str, name: &str| {
        format!("date = \"{d}\"\nname = \"{name}\"\nkind = \"national\"\nprovisional = true\n")
    };
    let nyepi = entry("2027-03-08", "Hari Suci Nyepi");
    assert!(s.contains(&nyepi));
    s = s.replace(
        &nyepi,
        "date = \"2027-03-09\"\nname = \"Hari Suci Nyepi\"\nkind = \"national\"\n",
    );
    for d in ["2027-03-10", "2027-03-11"] {
        let e = entry(d, "Idul Fitri 1448 H");
        assert!(s.contains(&e));
        s = s.replace(&e, &e.replace("provisional = true\n", ""));
    }
    s.push_str("[[holiday]]\ndate = \"2027-03-12\"\nname = \"Cuti bersama Idul Fitri\"\nkind = \"collective_leave\"\n");
    s
}

#[test]
fn calendar_diff_lists_changes_and_the_deadlines_they_would_move() {
    let new = TempFile::new("toml", &decree_2027());
    // Two open tickets: one received 1 March 2027 (crosses the changes), one in
    // 2026 (does not).
    let t1 = TempFile::new(
        "jsonl",
        r#"{"number": "JTG-2027-000001", "intake": {"channel": "email", "application": "e-Planning", "kind": "request", "body": "Mohon akses", "receivedAt": "2027-03-01T09:00:00+07:00"}}"#,
    );
    let t2 = TempFile::new(
        "jsonl",
        r#"{"number": "JTG-2026-000002", "intake": {"channel": "email", "application": "e-Planning", "kind": "complaint", "body": "Tidak bisa login", "receivedAt": "2026-12-01T09:00:00+07:00"}}"#,
    );
    let out = ok(&[
        "--lang",
        "en",
        "calendar",
        "diff",
        "default",
        new.path(),
        "--tickets",
        t1.path(),
        "--tickets",
        t2.path(),
        "--at",
        "2027-03-02T09:00:00+07:00",
    ]);
    let changes: Vec<&str> = out.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(
        changes[..5],
        [
            "  - 2027-03-08 Mon  Hari Suci Nyepi (national holiday, provisional)",
            "  + 2027-03-09 Tue  Hari Suci Nyepi (national holiday)",
            "  ~ 2027-03-10 Wed  Idul Fitri 1448 H (national holiday): provisional → confirmed",
            "  ~ 2027-03-11 Thu  Idul Fitri 1448 H (national holiday): provisional → confirmed",
            "  + 2027-03-12 Fri  Cuti bersama Idul Fitri (collective leave)",
        ],
        "{out}"
    );
    assert!(out.contains("5 changes.\n"), "{out}");
    assert!(
        out.contains("Open tickets whose deadline would move if re-evaluated: 1 of 2\n"),
        "{out}"
    );
    assert!(
        out.contains("  JTG-2027-000001  received Monday, 1 March 2027 09:00 WIB: Thursday, 18 March 2027 09:00 WIB → Friday, 19 March 2027 09:00 WIB\n"),
        "{out}"
    );
    assert!(!out.contains("JTG-2026-000002"), "{out}");

    let json = ok(&[
        "calendar",
        "diff",
        "default",
        new.path(),
        "--tickets",
        t1.path(),
        "--at",
        "2027-03-02T09:00:00+07:00",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["changes"].as_array().unwrap().len(), 5);
    assert_eq!(v["changes"][2]["change"], "holiday_changed");
    assert_eq!(v["changes"][2]["what"], serde_json::json!(["confirmed"]));
    assert_eq!(v["tickets"]["open"], 1);
    assert_eq!(v["tickets"]["moves"][0]["number"], "JTG-2027-000001");
    assert_eq!(v["tickets"]["moves"][0]["newDue"], "2027-03-19T02:00:00Z");

    // The same file twice: nothing changes, nothing moves.
    let same = ok(&[
        "calendar",
        "diff",
        "default",
        "default",
        "--tickets",
        t1.path(),
        "--at",
        "2027-03-02T09:00:00+07:00",
    ]);
    assert!(same.contains("Tidak ada perubahan."), "{same}");
    assert!(same.contains(": 0 dari 1"), "{same}");
    // No such data directory: an error, nothing created.
    let dir = std::env::temp_dir().join(format!("loket-no-data-{}", std::process::id()));
    let err = fails(&[
        "calendar",
        "diff",
        "default",
        new.path(),
        "--data",
        dir.to_str().unwrap(),
    ]);
    assert!(err.contains("no loket.sqlite3"), "{err}");
    assert!(!dir.exists());
}

// ---- report, skm, simulate ----

/// Two complaints received Monday 4 March 2024 09:00: one answered and solved by
/// 11:00, one never touched (an open breach by Wednesday).
const TWO_TICKETS: &str = r#"{"number": "JTG-2024-000001", "intake": {"channel": "email", "application": "e-Budgeting", "kind": "complaint", "body": "Tombol simpan tidak berfungsi", "receivedAt": "2024-03-04T09:00:00+07:00"}}
{"at": "2024-03-04T09:10:00+07:00", "by": {"type": "staff", "name": "Budi"}, "event": "handle_directly"}
{"at": "2024-03-04T11:00:00+07:00", "by": {"type": "staff", "name": "Budi"}, "event": "deliver_solution", "solution": "Sudah diperbaiki."}
{"number": "JTG-2024-000002", "intake": {"channel": "whatsapp", "application": "e-Planning", "kind": "complaint", "body": "Tidak bisa login", "receivedAt": "2024-03-04T09:00:00+07:00"}}
"#;

#[test]
fn report_from_event_files() {
    let f = TempFile::new("jsonl", TWO_TICKETS);
    let args = |format: &'static str| {
        vec![
            "report",
            "--events",
            f.path(),
            "--as-of",
            "2024-03-06T09:00:00+07:00",
            "--format",
            format,
        ]
    };
    let json: serde_json::Value = serde_json::from_str(&ok(&args("json"))).unwrap();
    assert_eq!(json["tickets"], 2);
    assert_eq!(json["finished"], 1);
    assert_eq!(json["met"], 1);
    assert_eq!(json["breached"], 1);
    assert_eq!(json["breachedOpen"], 1);
    assert_eq!(json["compliance"], 0.5);
    assert_eq!(json["byApplication"]["e-budgeting"]["compliance"], 1.0);
    assert_eq!(json["byApplication"]["e-planning"]["breached"], 1);
    assert_eq!(json["handling"]["median"], 7200);
    let breach = &json["breaches"][0];
    assert_eq!(breach["number"], "JTG-2024-000002");
    let why = breach["explanation"].as_str().unwrap();
    assert!(
        why.contains("tenggat Selasa, 5 Maret 2024 09:00 WIB"),
        "{why}"
    );
    // Text for people, Bahasa Indonesia by default.
    let text = ok(&args("text"));
    assert!(text.contains("Kepatuhan SLA: 50.0 %"), "{text}");
    assert!(text.contains("JTG-2024-000002: diterima"), "{text}");
    // CSV: one row per application and the total.
    let csv = ok(&args("csv"));
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "application,tickets,open,finished,met,breached,breached_open,cancelled,reopened,compliance");
    assert_eq!(rows.last().unwrap(), &"total,2,1,1,1,1,1,0,0,0.5000");
    // Filters narrow it.
    let mut only = args("json");
    only.extend(["--channel", "whatsapp"]);
    let json: serde_json::Value = serde_json::from_str(&ok(&only)).unwrap();
    assert_eq!(
        (json["tickets"].as_u64(), json["compliance"].as_f64()),
        (Some(1), Some(0.0))
    );
    // A bad filter says what it expected.
    let mut bad = args("json");
    bad.extend(["--tier", "lantai_dua"]);
    let err = fails(&bad);
    assert!(
        err.contains("lantai_dua") && err.contains("first_line"),
        "{err}"
    );
    // A ticket its events refuse is named by the line it starts at.
    let broken = TempFile::new(
        "jsonl",
        &format!("{TWO_TICKETS}{{\"at\": \"2024-03-04T09:10:00+07:00\", \"by\": {{\"type\": \"staff\", \"name\": \"Budi\"}}, \"event\": \"close\"}}\n"),
    );
    let err = fails(&["report", "--events", broken.path()]);
    assert!(err.contains("tiket mulai baris 4"), "{err}");
}

#[test]
fn a_simulated_desk_is_reproducible_and_reads_back_the_same_everywhere() {
    let sim = |seed: &str| {
        ok(&[
            "simulate",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-13",
            "--seed",
            seed,
        ])
    };
    let lines = sim("5");
    assert_eq!(lines, sim("5"));
    assert_ne!(lines, sim("6"));
    let received = lines.matches(r#""event":"received""#).count();
    assert!(received > 60, "{received}");
    let events = TempFile::new("jsonl", &lines);
    let as_of = "2026-03-14T00:00:00+07:00";
    let from_events: serde_json::Value = serde_json::from_str(&ok(&[
        "report",
        "--events",
        events.path(),
        "--as-of",
        as_of,
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(from_events["tickets"], received);
    let from_seed: serde_json::Value = serde_json::from_str(&ok(&[
        "report",
        "--simulate",
        "5",
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-13",
        "--as-of",
        as_of,
        "--format",
        "json",
    ]))
    .unwrap();
    // A scratch desk: the same tickets through the store.
    let dir = std::env::temp_dir().join(format!("loket-cli-sim-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().unwrap();
    let said = ok(&[
        "simulate",
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-13",
        "--seed",
        "5",
        "--data",
        d,
    ]);
    assert!(
        said.starts_with(&format!("{received} tiket simulasi")),
        "{said}"
    );
    let err = fails(&[
        "simulate",
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-13",
        "--data",
        d,
    ]);
    assert!(err.contains("sudah berisi tiket"), "{err}");
    let from_store: serde_json::Value = serde_json::from_str(&ok(&[
        "report",
        "--data",
        d,
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-13",
        "--as-of",
        as_of,
        "--format",
        "json",
    ]))
    .unwrap();
    // The same desk as an export, read back: the same report, intake included.
    let export = dir.with_extension("facts");
    let e = export.to_str().unwrap();
    let said = ok(&[
        "report",
        "export",
        "--data",
        d,
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-13",
        "--as-of",
        as_of,
        "--out",
        e,
    ]);
    assert!(said.contains(&format!("{received} tiket")), "{said}");
    let from_export: serde_json::Value =
        serde_json::from_str(&ok(&["report", "--export", e, "--format", "json"])).unwrap();
    assert_eq!(from_export, from_store);
    // Sliced: a filter and a shorter period, computed from the export alone.
    let sliced = |source: [&str; 2]| -> serde_json::Value {
        let mut args = vec![
            "report",
            source[0],
            source[1],
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-06",
        ];
        args.extend(["--application", "e-penatausahaan", "--format", "json"]);
        if source[0] == "--data" {
            args.extend(["--as-of", as_of]);
        }
        let mut v: serde_json::Value = serde_json::from_str(&ok(&args)).unwrap();
        v.as_object_mut().unwrap().remove("intake");
        v
    };
    assert_eq!(sliced(["--export", e]), sliced(["--data", d]));
    // An export written again from an export: whole (its intake counts kept), and
    // over a shorter period (only the tickets received in it).
    let again = dir.with_extension("again.facts");
    let a2 = again.to_str().unwrap();
    ok(&["report", "export", "--export", e, "--out", a2]);
    let from_again: serde_json::Value =
        serde_json::from_str(&ok(&["report", "--export", a2, "--format", "json"])).unwrap();
    assert_eq!(from_again, from_store);
    let said = ok(&[
        "report",
        "export",
        "--export",
        e,
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-06",
        "--out",
        a2,
    ]);
    let week: serde_json::Value = serde_json::from_str(&ok(&[
        "report",
        "--export",
        e,
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-06",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(
        said.contains(&format!("{} tiket", week["tickets"])),
        "{said}"
    );
    assert_eq!(sliced(["--export", a2]), sliced(["--export", e]));
    let _ = std::fs::remove_file(&again);
    // Damaged exports are refused with what was wrong.
    let bytes = std::fs::read(&export).unwrap();
    std::fs::write(&export, &bytes[..bytes.len() / 2]).unwrap();
    let err = fails(&["report", "--export", e]);
    assert!(err.contains("rusak atau terpotong"), "{err}");
    std::fs::write(&export, "tickets,met\n").unwrap();
    let err = fails(&["--lang", "en", "report", "--export", e]);
    assert!(err.contains("not a Loket ticket-facts export"), "{err}");
    let _ = std::fs::remove_file(&export);
    let _ = std::fs::remove_dir_all(&dir);
    // The scratch desk logged every simulated message as taken in.
    assert_eq!(from_store["intake"]["received"], received);
    assert!(from_events.get("intake").is_none());
    for key in [
        "tickets",
        "finished",
        "met",
        "breached",
        "compliance",
        "byApplication",
        "breaches",
    ] {
        assert_eq!(from_events[key], from_seed[key], "{key}");
        assert_eq!(from_events[key], from_store[key], "{key}");
    }
}

#[test]
fn skm_from_a_spreadsheet() {
    // Semicolons (a spreadsheet saved as CSV under an Indonesian locale), an extra
    // column, and the 8th and 9th elements in swapped order, named.
    let mut csv = String::from("No;U1;U2;U3;U4;U5;U6;U7;Sarana dan prasarana;pengaduan\n");
    for i in 1..=10 {
        let v = if i <= 5 { 4 } else { 3 };
        csv.push_str(&format!("{i};{v};{v};{v};{v};{v};{v};{v};{v};2\n"));
    }
    let f = TempFile::new("csv", &csv);
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "skm",
        "--answers",
        f.path(),
        "--population",
        "12",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["respondents"], 10);
    // Σ = 5 × (8·4 + 2) + 5 × (8·3 + 2) = 170 + 130 = 300 over 90: 25 × 300 / 90 = 83.33.
    assert_eq!(json["score"], 83.33);
    assert_eq!(json["ikm"], 300.0 / 90.0);
    assert_eq!(json["grade"], "B");
    assert_eq!(json["elements"][7]["element"], "pengaduan");
    assert_eq!(json["elements"][7]["nrr"], 2.0);
    assert_eq!(json["elements"][8]["nrr"], 3.5);
    assert_eq!(json["sample"]["target"], 12);
    assert_eq!(json["sample"]["enough"], false);
    let text = ok(&["skm", "--answers", f.path()]);
    assert!(
        text.contains("nilai konversi: 83.33") && text.contains("mutu: B (Baik)"),
        "{text}"
    );
    // The same answers under the 2004 bands (≥ 81.26 was an A then).
    let old = ok(&[
        "skm",
        "--answers",
        f.path(),
        "--table",
        "kepmenpan-25-2004",
        "--format",
        "csv",
    ]);
    assert!(
        old.lines()
            .last()
            .unwrap()
            .starts_with("IKM,A Sangat Baik,10,"),
        "{old}"
    );
    // A bad row is named by its line.
    let bad = TempFile::new("csv", &csv.replace("6;3;3;3", "6;3;5;3"));
    let err = fails(&["skm", "--answers", bad.path()]);
    assert!(
        err.contains("baris 7") && err.contains("diharapkan 1, 2, 3 atau 4"),
        "{err}"
    );
    // A header that misses an element.
    let short = TempFile::new("csv", "U1,U2,U3\n4,4,4\n");
    let err = fails(&["--lang", "en", "skm", "--answers", short.path()]);
    assert!(
        err.contains("line 1") && err.contains("`biaya` is not answered"),
        "{err}"
    );
}
