//! `loket sla check`: the laws as property checks over a tester's calendar, run
//! in-process through `loket_cli::main` (small `--cases`: the file runs in a
//! few seconds in debug builds).

use std::io::Cursor;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a run printed and how it ended.
#[derive(Debug, PartialEq)]
struct Run {
    code: ExitCode,
    out: String,
    err: String,
}

fn run_tty(args: &[&str], terminal: bool) -> Run {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let argv = std::iter::once("loket").chain(args.iter().copied());
    let code = loket_cli::main_with_terminal(
        argv,
        &mut Cursor::new(Vec::new()),
        &mut out,
        &mut err,
        terminal,
    );
    Run {
        code,
        out: String::from_utf8(out).expect("stdout is UTF-8"),
        err: String::from_utf8(err).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Run {
    run_tty(args, false)
}

/// A file under the temp dir with a unique name, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(ext: &str, text: &str) -> TempFile {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "loket-check-test-{}-{}.{ext}",
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

/// A calendar that can only compute in 2024: no deadline of 400 operational days
/// is reachable from any instant of it.
const TINY_HORIZON: &str = r#"
name = "Tiny horizon"
timezone = "Asia/Jakarta"
horizon = { from = 2024, to = 2024 }
[week]
mon = ["07:00-15:30"]
tue = ["07:00-15:30"]
wed = ["07:00-15:30"]
thu = ["07:00-15:30"]
fri = ["07:00-14:00"]
[[holiday]]
date = "2024-04-10"
name = "Idul Fitri 1445 H"
kind = "national"
"#;

const LONG_POLICY: &str = "complaint = \"400d\"\nrequest = \"400d\"\nincident = \"400d\"\n";

/// Every open day 08:00-16:00: the days-vs-hours law applies.
const UNIFORM: &str = r#"
name = "Uniform"
timezone = "Asia/Jakarta"
[week]
mon = ["08:00-12:00", "12:00-16:00"]
tue = ["08:00-16:00"]
wed = ["08:00-16:00"]
thu = ["08:00-16:00"]
fri = ["08:00-16:00"]
[[holiday]]
date = "2024-04-10"
name = "Idul Fitri 1445 H"
kind = "national"
[[holiday]]
date = "2025-03-31"
name = "Idul Fitri 1446 H"
kind = "national"
[[override]]
date = "2024-12-31"
hours = []
name = "Tutup akhir tahun"
"#;

#[test]
fn the_default_profile_holds_every_law() {
    let r = run(&[
        "--lang", "en", "sla", "check", "--cases", "64", "--seed", "1",
    ]);
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
    assert!(
        r.out
            .contains("calendar: Service Desk JatengProv (Asia/Jakarta)"),
        "{}",
        r.out
    );
    assert!(r
        .out
        .contains("instants: 2024-01-01 – 2027-12-31 (the years the holiday list covers)"));
    assert!(r.out.contains("cases per law: 64; seed: 1"));
    for law in loket_core::laws::ALL {
        assert!(
            r.out.contains(law),
            "{law} missing from the table:\n{}",
            r.out
        );
        // One progress line per law on stderr when it is not a terminal.
        assert!(
            r.err.lines().any(|l| l.starts_with(&format!("{law} … "))),
            "{law}: {}",
            r.err
        );
    }
    assert_eq!(
        r.err.lines().count(),
        loket_core::laws::ALL.len(),
        "{}",
        r.err
    );
    assert!(r.err.contains("add_is_monotone_in_t … 64/64\n"));
    assert!(!r.err.contains('\r'));
    // The default hours differ by weekday: days vs hours does not apply.
    assert!(r.out.contains(
        "not applicable: days differ in length (Monday 07:00-15:30, Friday 07:00-14:00)"
    ));
    let table_row = |law: &str| {
        r.out
            .lines()
            .find(|l| l.starts_with(&format!("{law} ")))
            .unwrap_or_else(|| panic!("no row for {law}"))
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        table_row("between_inverts_add"),
        ["between_inverts_add", "64", "0", "ok"]
    );
    assert_eq!(table_row("deadline_reachable")[1..], ["64", "0", "ok"]);
    assert!(r
        .out
        .contains("All laws hold: 10 checked with 64 cases each, 1 not applicable."));
    assert!(!r.out.contains("replay with"));
}

#[test]
fn messages_are_indonesian_by_default() {
    let r = run(&["sla", "check", "--cases", "8", "--seed", "1"]);
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
    assert!(r.out.contains("Pemeriksaan hukum aritmetika SLA"));
    assert!(r.out.contains("kasus per hukum: 8; seed: 1"));
    assert!(r
        .out
        .contains("tidak berlaku: panjang hari berbeda (Senin 07:00-15:30, Jumat 07:00-14:00)"));
    assert!(r.out.contains("Semua hukum berlaku"));
}

#[test]
fn a_seed_replays_the_run_exactly() {
    let cal = TempFile::new("toml", TINY_HORIZON);
    let policy = TempFile::new("toml", LONG_POLICY);
    for args in [
        vec!["sla", "check", "--cases", "40", "--seed", "42"],
        vec![
            "sla",
            "check",
            "--calendar",
            cal.path(),
            "--policy",
            policy.path(),
            "--cases",
            "40",
            "--seed",
            "42",
        ],
    ] {
        let a = run(&args);
        let b = run(&args);
        assert_eq!(a, b, "loket {args:?} differs between two runs");
    }
    // Without --seed the seed comes from the clock and is printed: giving it back
    // replays the run.
    let first = run(&["sla", "check", "--cases", "16"]);
    let seed = first
        .out
        .lines()
        .find_map(|l| l.split("; seed: ").nth(1))
        .expect("the seed is printed")
        .to_string();
    let again = run(&["sla", "check", "--cases", "16", "--seed", &seed]);
    assert_eq!(first, again);
}

#[test]
fn an_unreachable_deadline_fails_with_a_readable_counterexample() {
    let cal = TempFile::new("toml", TINY_HORIZON);
    let policy = TempFile::new("toml", LONG_POLICY);
    let args = [
        "--lang",
        "en",
        "sla",
        "check",
        "--calendar",
        cal.path(),
        "--policy",
        policy.path(),
        "--cases",
        "20",
        "--seed",
        "7",
    ];
    let r = run(&args);
    assert_eq!(r.code, ExitCode::from(1), "{r:?}");
    assert_eq!(
        r.err.lines().last(),
        Some("error: check failed: 1 law(s) do not hold")
    );
    assert!(
        r.err.contains("deadline_reachable … 0/20 FAILED\n"),
        "{}",
        r.err
    );
    // The whole report, with the temp paths named FILE and POLICY.
    let report = r
        .out
        .replace(cal.path(), "FILE")
        .replace(policy.path(), "POLICY");
    insta::assert_snapshot!("unreachable_deadline", report);
    assert!(report.ends_with(
        "replay with: loket sla check --calendar FILE --policy POLICY --seed 7 --cases 20\n"
    ));
    // The replay line replays it.
    let replay: Vec<&str> = r
        .out
        .lines()
        .last()
        .unwrap()
        .trim_start_matches("replay with: loket ")
        .split(' ')
        .collect();
    let again = run(&[&["--lang", "en"][..], &replay].concat());
    assert_eq!(again, r);

    // In Indonesian by default.
    let r = run(&args[2..]);
    assert_eq!(r.code, ExitCode::from(1));
    assert!(r.out.contains("CONTOH PENYANGKAL: deadline_reachable"));
    assert!(r.out.contains("ulangi dengan: loket sla check --calendar"));
    assert!(r
        .err
        .contains("galat: pemeriksaan gagal: 1 hukum tidak berlaku"));
}

#[test]
fn years_the_holiday_list_does_not_cover_are_findings() {
    let base = [
        "--lang",
        "en",
        "sla",
        "check",
        "--cases",
        "8",
        "--seed",
        "3",
        "--from",
        "2026-06-01",
        "--to",
        "2028-01-31",
    ];
    let r = run(&base);
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
    assert!(
        r.out.contains("instants: 2026-06-01 – 2028-01-31\n"),
        "{}",
        r.out
    );
    assert!(r
        .out
        .contains("Findings (not failing; --strict to fail on them):"));
    assert!(r
        .out
        .contains("  - years 2028 inside the checked range are not covered by the holiday list"));
    assert!(r.out.contains(
        "  - years 2027 inside the checked range have provisional holidays only (awaiting the joint decree)"
    ));
    assert!(r.out.contains("All laws hold"));

    let r = run(&[&base[..], &["--strict"]].concat());
    assert_eq!(r.code, ExitCode::from(1), "{r:?}");
    assert!(r.out.contains("Findings (failing: --strict):"));
    assert!(r.out.contains(
        "replay with: loket sla check --calendar default --from 2026-06-01 --to 2028-01-31 --seed 3 --cases 8 --strict"
    ));
    assert_eq!(
        r.err.lines().last(),
        Some("error: check failed: 2 finding(s) (--strict)")
    );

    // Inside the covered years there is nothing to report, strict or not.
    let r = run(&[
        "sla",
        "check",
        "--cases",
        "8",
        "--seed",
        "3",
        "--from",
        "2025-02-01",
        "--to",
        "2025-03-01",
        "--strict",
    ]);
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
}

#[test]
fn provisional_2027_passes_and_fails_only_under_strict() {
    let base = [
        "--lang",
        "en",
        "sla",
        "check",
        "--cases",
        "16",
        "--seed",
        "5",
        "--from",
        "2027-01-01",
        "--to",
        "2027-12-31",
    ];
    let r = run(&base);
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
    assert!(r.out.contains("All laws hold"), "{}", r.out);
    assert!(
        r.out.contains(
            "  - years 2027 inside the checked range have provisional holidays only (awaiting the joint decree)"
        ),
        "{}",
        r.out
    );
    assert!(
        !r.out.contains("not covered by the holiday list"),
        "{}",
        r.out
    );
    let r = run(&[&base[..], &["--strict"]].concat());
    assert_eq!(r.code, ExitCode::from(1), "{r:?}");
    assert!(r.out.contains("Findings (failing: --strict):"), "{}", r.out);
    assert_eq!(
        r.err.lines().last(),
        Some("error: check failed: 1 finding(s) (--strict)")
    );
    // The confirmed years alone pass --strict.
    let r = run(&[
        "sla",
        "check",
        "--cases",
        "8",
        "--seed",
        "5",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--strict",
    ]);
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
}

#[test]
fn bad_dates_and_calendars_are_clear_errors() {
    // Not a date: a usage error (exit 2) naming the flag and the expected shape.
    let r = run(&["sla", "check", "--from", "2024-13-01"]);
    assert_eq!(r.code, ExitCode::from(2), "{r:?}");
    assert!(r.err.contains("--from"), "{}", r.err);
    assert!(r
        .err
        .contains("`2024-13-01` is not a date: expected YYYY-MM-DD, e.g. 2024-01-01"));
    let r = run(&["sla", "check", "--to", "31-12-2024"]);
    assert_eq!(r.code, ExitCode::from(2), "{r:?}");

    // Dates that cannot be used with this calendar: exit 1.
    let r = run(&[
        "--lang",
        "en",
        "sla",
        "check",
        "--from",
        "2025-01-01",
        "--to",
        "2024-01-01",
    ]);
    assert_eq!(r.code, ExitCode::from(1), "{r:?}");
    assert_eq!(r.err, "error: --from 2025-01-01 is after --to 2024-01-01\n");
    assert_eq!(r.out, "");
    let cal = TempFile::new("toml", TINY_HORIZON);
    let r = run(&[
        "--lang",
        "en",
        "sla",
        "check",
        "--calendar",
        cal.path(),
        "--to",
        "2025-06-30",
    ]);
    assert_eq!(r.code, ExitCode::from(1), "{r:?}");
    assert_eq!(
        r.err,
        "error: --to 2025-06-30 is outside the calendar's range 2024-01-01 to 2024-12-31 (set `horizon` in the calendar to widen it)\n"
    );

    // A calendar that does not compile: the compiler's error, with its code.
    let overlap = TempFile::new(
        "toml",
        "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"07:00-12:00\", \"11:00-15:30\"]\n",
    );
    let r = run(&["--lang", "en", "sla", "check", "--calendar", overlap.path()]);
    assert_eq!(r.code, ExitCode::from(1), "{r:?}");
    assert!(
        r.err
            .contains("week.mon: intervals 07:00-12:00 and 11:00-15:30 overlap"),
        "{}",
        r.err
    );
    assert!(r.err.contains("[calendar.overlap]"));
    let twice = TempFile::new(
        "toml",
        "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"07:00-15:30\"]\n[[holiday]]\ndate = \"2024-05-01\"\nname = \"Hari Buruh\"\nkind = \"national\"\n[[holiday]]\ndate = \"2024-05-01\"\nname = \"Cuti\"\nkind = \"collective_leave\"\n",
    );
    let r = run(&["--lang", "en", "sla", "check", "--calendar", twice.path()]);
    assert_eq!(r.code, ExitCode::from(1), "{r:?}");
    assert!(r.err.contains("[calendar.duplicate_date]"), "{}", r.err);
}

#[test]
fn days_match_hours_runs_where_every_open_day_has_one_interval() {
    let cal = TempFile::new("toml", UNIFORM);
    let r = run(&[
        "--lang",
        "en",
        "sla",
        "check",
        "--calendar",
        cal.path(),
        "--cases",
        "48",
        "--seed",
        "5",
    ]);
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
    let row = r
        .out
        .lines()
        .find(|l| l.starts_with("days_match_hours "))
        .unwrap();
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["days_match_hours", "48", "0", "ok"]
    );
    assert!(r
        .out
        .contains("All laws hold: 11 checked with 48 cases each, 0 not applicable."));
}

#[test]
fn json_report() {
    let r = run(&[
        "sla", "check", "--cases", "8", "--seed", "9", "--format", "json",
    ]);
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.out).expect("one JSON object");
    assert_eq!(v["ok"], true);
    assert_eq!(v["seed"], 9);
    assert_eq!(v["from"], "2024-01-01");
    assert_eq!(
        v["laws"].as_array().unwrap().len(),
        loket_core::laws::ALL.len()
    );
    assert_eq!(v["laws"][0]["law"], "add_moves_forward");
    assert_eq!(v["laws"][0]["held"], 8);
    assert_eq!(v["laws"][9]["result"], "not_applicable");

    let cal = TempFile::new("toml", TINY_HORIZON);
    let policy = TempFile::new("toml", LONG_POLICY);
    let r = run(&[
        "sla",
        "check",
        "--calendar",
        cal.path(),
        "--policy",
        policy.path(),
        "--cases",
        "8",
        "--seed",
        "9",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, ExitCode::from(1), "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.out).expect("one JSON object");
    assert_eq!(v["ok"], false);
    let law = &v["laws"][10];
    assert_eq!(law["law"], "deadline_reachable");
    assert_eq!(law["result"], "failed");
    let cx = &law["counterexample"];
    assert_eq!(
        cx["facts"][0],
        serde_json::json!({"name": "kind", "value": "complaint"})
    );
    assert!(cx["computations"][0]["error"]
        .as_str()
        .unwrap()
        .ends_with("[sla.beyond_horizon]"));
}

#[test]
fn progress_updates_in_place_on_a_terminal() {
    let r = run_tty(&["sla", "check", "--cases", "8", "--seed", "1"], true);
    assert_eq!(r.code, ExitCode::SUCCESS, "{r:?}");
    assert!(
        r.err.contains("\r\x1b[2Kadd_moves_forward … 8/8"),
        "{:?}",
        r.err
    );
    // Each law still ends on its own line.
    assert!(
        r.err.contains("\r\x1b[2Kdeadline_reachable … 8/8\n"),
        "{:?}",
        r.err
    );
}
