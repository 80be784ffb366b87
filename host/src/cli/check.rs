//! `loket sla check`: the laws of the arithmetic as property checks over a tester's
//! own calendar.
//!
//! One source of truth: the laws are `loket_core::laws`, the generators
//! `loket_core::testing` (the project's own property tests use both). Each law runs
//! under proptest's `TestRunner` with the calendar's own instants (from `--from` to
//! `--to`), durations of both units and signs, and both boundary conventions; a
//! failure is shrunk by proptest and printed as a readable case: the law and what
//! came out, the calendar on the dates involved, the explanation of each computation
//! with the command that reproduces it, and the seed that replays the whole run.
//!
//! The random cases of a law come from a ChaCha generator seeded with the run's
//! `--seed` and the law's name, so a seed replays a run exactly (same calendar,
//! policy, range and `--cases`), and adding a law never changes another's cases.

use std::cell::{Cell, RefCell};
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{Datelike, NaiveDate, TimeZone, Weekday};
use clap::{Args, ValueEnum};
use loket_core::laws::{self, Checked, LawResult};
use loket_core::{
    testing, Boundary, Calendar, HolidayKind, Interval, Lang, OpDuration, Profile, TicketKind,
    Timestamp,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};

use super::{load_profile, CliError};

/// Options of `loket sla check`.
#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// Calendar file (TOML or JSON), or `default` for the JatengProv profile.
    #[arg(long, default_value = "default")]
    calendar: String,
    /// SLA policy file (TOML or JSON), or `default`: every target must be reachable.
    #[arg(long, default_value = "default")]
    policy: String,
    /// Random cases per law.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000_000))]
    cases: u32,
    /// Seed of the random cases (a whole number, 0 to 18446744073709551615). The same
    /// seed, calendar, policy, dates and --cases replay the same run. Default: from
    /// the clock; it is always printed.
    #[arg(long)]
    seed: Option<u64>,
    /// First local date of the instants drawn (YYYY-MM-DD). Default: the start of the
    /// first year the holiday list covers (or of last year, if it covers none).
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Last local date of the instants drawn (YYYY-MM-DD, included). Default: the end
    /// of the last year the holiday list covers (or of next year, if it covers none).
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// Fail on findings too (years from --from to --to the holiday list does not
    /// cover), not only on laws that do not hold.
    #[arg(long)]
    strict: bool,
    /// How to print the report: text, or json (one JSON object).
    #[arg(long, value_enum, default_value = "text")]
    format: CheckFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum CheckFormat {
    Text,
    Json,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
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
/// Lines of an explanation printed before cutting it short.
const EXPLANATION_LINES: usize = 40;
/// Dates of the calendar excerpt printed.
const EXCERPT_DATES: usize = 12;

/// One computation a law made, explained in a counterexample.
#[derive(Clone, Copy, Debug)]
enum Side {
    Add(Timestamp, OpDuration, Boundary),
    Sub(Timestamp, OpDuration, Boundary),
    Between(Timestamp, Timestamp),
}

/// A computation of a counterexample: its formula, the command reproducing it and its
/// explanation (or the error it gave).
struct RenderedSide {
    formula: &'static str,
    command: String,
    result: Result<String, String>,
}

/// A shrunk failing case, rendered.
struct Counterexample {
    law: &'static str,
    statement: String,
    facts: Vec<(String, String)>,
    /// The `Violation` as the law prints it (or the panic).
    text: String,
    days: Vec<String>,
    sides: Vec<RenderedSide>,
    notes: Vec<String>,
}

enum Verdict {
    /// Every case held or was not applicable.
    Passed {
        held: u32,
        na: u32,
        na_reason: Option<String>,
    },
    /// The law does not apply to this calendar.
    NotApplicable(String),
    /// A shrunk counterexample (after `held + na` passing cases).
    Failed {
        held: u32,
        na: u32,
        case: Box<Counterexample>,
    },
    /// The runner gave up.
    Aborted(String),
}

struct Outcome {
    law: &'static str,
    verdict: Verdict,
}

/// What the runs of all laws share.
struct Ctx<'a> {
    profile: &'a Profile,
    lang: Lang,
    cases: u32,
    seed: u64,
    calendar_arg: &'a str,
    terminal: bool,
}

impl Ctx<'_> {
    fn cal(&self) -> &Calendar {
        &self.profile.calendar
    }
}

/// A law that failed: its violation, or a panic of the engine.
enum Failure {
    Violation(laws::Violation),
    Panic(String),
}

fn run_checked(check: impl FnOnce() -> LawResult) -> Result<Checked, Failure> {
    match catch_unwind(AssertUnwindSafe(check)) {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(v)) => Err(Failure::Violation(v)),
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".into());
            Err(Failure::Panic(msg))
        }
    }
}

// ---- seeds ----

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a: a hash of the law's name that is the same on every platform and version.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The generator of a law's cases: ChaCha seeded with 32 bytes of splitmix64 from
/// the run's seed and the law's name.
fn rng_for(seed: u64, law: &str) -> TestRng {
    let mut state = seed ^ fnv1a(law);
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(8) {
        chunk.copy_from_slice(&splitmix64(&mut state).to_le_bytes());
    }
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

fn config(cases: u32) -> Config {
    // Everything that could make a run differ from its replay is fixed here rather
    // than read from PROPTEST_* variables; nothing is written to disk.
    Config {
        cases,
        failure_persistence: None,
        source_file: None,
        test_name: None,
        fork: false,
        timeout: 0,
        max_shrink_time: 0,
        max_shrink_iters: 100_000,
        max_local_rejects: 65_536,
        max_global_rejects: 1024,
        max_flat_map_regens: 1_000_000,
        result_cache: proptest::test_runner::noop_result_cache,
        verbose: 0,
        rng_algorithm: RngAlgorithm::ChaCha,
        ..Config::default()
    }
}

// ---- progress ----

/// `add_is_monotone_in_t … 1000/1000` on stderr: updated in place on a terminal, one
/// line per law otherwise.
struct Progress<'w> {
    err: &'w mut dyn Write,
    terminal: bool,
    law: &'static str,
    total: u32,
    step: u32,
}

impl Progress<'_> {
    fn tick(&mut self, n: u32) {
        if self.terminal && (n % self.step == 0 || n == self.total) {
            let _ = write!(self.err, "\r\x1b[2K{} … {n}/{}", self.law, self.total);
            let _ = self.err.flush();
        }
    }

    fn shrinking(&mut self, n: u32, lang: Lang) {
        if self.terminal {
            let _ = write!(
                self.err,
                "\r\x1b[2K{} … {n}/{} {}",
                self.law,
                self.total,
                lang.pick("gagal, memperkecil contoh…", "failed, shrinking…")
            );
            let _ = self.err.flush();
        }
    }

    fn finish(&mut self, n: u32, suffix: &str) {
        if self.terminal {
            let _ = write!(self.err, "\r\x1b[2K");
        }
        let _ = writeln!(self.err, "{} … {n}/{}{suffix}", self.law, self.total);
    }
}

// ---- running one law ----

/// Runs `check` on `cases` values of `strategy`; on failure, renders the shrunk value
/// with the computations `sides` names.
fn run_law<S>(
    ctx: &Ctx<'_>,
    err: &mut dyn Write,
    law: &'static str,
    strategy: S,
    check: impl Fn(&S::Value) -> LawResult,
    sides: impl Fn(&S::Value) -> Vec<(&'static str, Side)>,
) -> Outcome
where
    S: Strategy,
{
    let lang = ctx.lang;
    let mut runner = TestRunner::new_with_rng(config(ctx.cases), rng_for(ctx.seed, law));
    let held = Cell::new(0u32);
    let na = Cell::new(0u32);
    let na_reason: RefCell<Option<String>> = RefCell::new(None);
    let failed = Cell::new(false);
    let progress = RefCell::new(Progress {
        err,
        terminal: ctx.terminal,
        law,
        total: ctx.cases,
        step: (ctx.cases / 100).max(1),
    });
    let result = runner.run(&strategy, |v| {
        let r = run_checked(|| check(&v));
        // Calls after the first failure are proptest shrinking it: not counted.
        if !failed.get() {
            match &r {
                Ok(Checked::Held) => held.set(held.get() + 1),
                Ok(Checked::NotApplicable(why)) => {
                    na.set(na.get() + 1);
                    na_reason.borrow_mut().get_or_insert_with(|| why.clone());
                }
                Err(_) => failed.set(true),
            }
            let n = held.get() + na.get();
            let mut p = progress.borrow_mut();
            if failed.get() {
                p.shrinking(n, lang);
            } else {
                p.tick(n);
            }
        }
        match r {
            Ok(_) => Ok(()),
            Err(Failure::Violation(v)) => Err(TestCaseError::fail(v.to_string())),
            Err(Failure::Panic(m)) => Err(TestCaseError::fail(m)),
        }
    });
    let (held, na) = (held.get(), na.get());
    let mut progress = progress.into_inner();
    let verdict = match result {
        Ok(()) => {
            progress.finish(held + na, "");
            Verdict::Passed {
                held,
                na,
                na_reason: na_reason.into_inner(),
            }
        }
        Err(TestError::Fail(reason, value)) => {
            progress.finish(held + na, lang.pick(" GAGAL", " FAILED"));
            let failure = match run_checked(|| check(&value)) {
                Err(f) => f,
                // Cannot happen (the laws are deterministic), but say so if it does.
                Ok(_) => Failure::Panic(format!(
                    "the shrunk case held when run again; proptest said: {reason}"
                )),
            };
            Verdict::Failed {
                held,
                na,
                case: Box::new(render_case(ctx, law, failure, &sides(&value))),
            }
        }
        Err(TestError::Abort(reason)) => {
            progress.finish(held + na, lang.pick(" DIHENTIKAN", " ABORTED"));
            Verdict::Aborted(reason.to_string())
        }
    };
    Outcome { law, verdict }
}

// ---- rendering a counterexample ----

fn render_case(
    ctx: &Ctx<'_>,
    law: &'static str,
    failure: Failure,
    sides: &[(&'static str, Side)],
) -> Counterexample {
    let cal = ctx.cal();
    let lang = ctx.lang;
    let (statement, facts, text) = match failure {
        Failure::Violation(v) => (v.statement.to_string(), v.facts.clone(), v.to_string()),
        Failure::Panic(m) => {
            let statement = "the engine answers without panicking".to_string();
            let text = format!("law {law}: the engine panicked: {m}\n");
            (statement, vec![("panic".into(), m)], text)
        }
    };
    let mut instants: Vec<Timestamp> = Vec::new();
    let mut rendered = Vec::new();
    for &(formula, side) in sides {
        let explanation = match side {
            Side::Add(t, d, b) => {
                instants.push(t);
                cal.explain_add(t, d, b)
            }
            Side::Sub(t, d, b) => {
                instants.push(t);
                cal.explain_sub(t, d, b)
            }
            Side::Between(a, b) => {
                instants.extend([a, b]);
                cal.explain_between(a, b)
            }
        };
        let result = match explanation {
            Ok(e) => {
                instants.push(e.end);
                Ok(cut(&cal.render_explanation(&e, lang), lang))
            }
            Err(e) => Err(format!("{} [{}]", e.message(lang), e.code())),
        };
        rendered.push(RenderedSide {
            formula,
            command: command(ctx, side),
            result,
        });
    }
    let mut dates: Vec<NaiveDate> = instants
        .iter()
        .map(|t| t.in_zone(cal.timezone()).date_naive())
        .collect();
    dates.sort_unstable();
    dates.dedup();
    let mut days: Vec<String> = dates
        .iter()
        .take(EXCERPT_DATES)
        .map(|&d| day_line(cal, d, lang))
        .collect();
    if dates.len() > EXCERPT_DATES {
        days.push(format!("… (+{})", dates.len() - EXCERPT_DATES));
    }
    let mut notes = Vec::new();
    if law == "deadline_reachable" {
        if let Some(&(_, Side::Add(t, d, _))) = sides.first() {
            notes.extend(open_time_left(cal, t, d, lang));
        }
    }
    Counterexample {
        law,
        statement,
        facts,
        text,
        days,
        sides: rendered,
        notes,
    }
}

/// The first lines of an explanation.
fn cut(text: &str, lang: Lang) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= EXPLANATION_LINES {
        return text.to_string();
    }
    let more = lines.len() - EXPLANATION_LINES;
    let mut s = lines[..EXPLANATION_LINES].join("\n");
    s.push_str(&match lang {
        Lang::Id => {
            format!("\n… ({more} baris lagi: jalankan perintah di atas untuk melihat semuanya)\n")
        }
        Lang::En => format!("\n… ({more} more lines: run the command above to see them all)\n"),
    });
    s
}

/// A word for the shell: quoted when it holds anything but plain characters.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:+=,@%".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn command(ctx: &Ctx<'_>, side: Side) -> String {
    let tz = ctx.cal().timezone();
    let mut c = String::from("loket");
    if ctx.lang == Lang::En {
        c.push_str(" --lang en");
    }
    let boundary = |b: Boundary| match b {
        Boundary::Closing => "",
        Boundary::Opening => " --boundary opening",
    };
    let cal = shell_word(ctx.calendar_arg);
    match side {
        Side::Add(t, d, b) | Side::Sub(t, d, b) => {
            let verb = if matches!(side, Side::Add(..)) {
                "add"
            } else {
                "sub"
            };
            c.push_str(&format!(
                " sla {verb} --calendar {cal} --start {} --duration {d}{} --explain",
                t.to_rfc3339(tz),
                boundary(b)
            ));
        }
        Side::Between(a, b) => c.push_str(&format!(
            " sla between --calendar {cal} --from {} --to {} --explain",
            a.to_rfc3339(tz),
            b.to_rfc3339(tz)
        )),
    }
    c
}

/// The intervals of a day, merged where they touch (as the calendar compiles them).
fn day_intervals(texts: &[String]) -> Vec<Interval> {
    let mut v: Vec<Interval> = texts
        .iter()
        .filter_map(|t| Interval::parse(t, "").ok())
        .collect();
    v.sort();
    let mut out: Vec<Interval> = Vec::new();
    for iv in v {
        match out.last_mut() {
            Some(last) if iv.start <= last.end => last.end = last.end.max(iv.end),
            _ => out.push(iv),
        }
    }
    out
}

fn hours_text(ivs: &[Interval]) -> String {
    let v: Vec<String> = ivs.iter().map(Interval::to_string).collect();
    v.join(", ")
}

fn in_horizon(cal: &Calendar, d: NaiveDate) -> bool {
    let (a, b) = cal.horizon();
    a <= d && d <= b
}

/// One date of the calendar excerpt: its hours, or why it is closed, and the
/// holidays and overrides listed on it.
fn day_line(cal: &Calendar, d: NaiveDate, lang: Lang) -> String {
    let spec = cal.spec();
    let head = format!("{} {d}", lang.weekday(d.weekday()));
    if !in_horizon(cal, d) {
        return format!(
            "{head}  {}",
            lang.pick("di luar rentang kalender", "outside the calendar's range")
        );
    }
    let holiday = spec.holidays.iter().find(|h| h.date == d);
    let special = spec.overrides.iter().find(|o| o.date == d);
    let mut s = match cal.closure_on(d) {
        Some(c) => format!(
            "{head}  {}: {}",
            lang.pick("tutup", "closed"),
            c.describe(lang)
        ),
        None => {
            let ivs = match special {
                Some(o) => day_intervals(&o.hours),
                None => day_intervals(spec.week.day(d.weekday())),
            };
            format!("{head}  {}", hours_text(&ivs))
        }
    };
    if let (Some(o), None) = (special, cal.closure_on(d)) {
        let name = o.name.clone().unwrap_or_default();
        s.push_str(&format!(
            "  ({}{}{name})",
            lang.pick("jam khusus", "special hours"),
            if name.is_empty() { "" } else { ": " }
        ));
        if let Some(h) = holiday {
            s.push_str(&format!(
                "; {} {} ({})",
                lang.pick("membuka", "opens"),
                h.name,
                h.kind.label(lang)
            ));
        }
    } else if let (Some(h), None) = (holiday, cal.closure_on(d)) {
        if h.kind == HolidayKind::CollectiveLeave && !spec.collective_leave_off {
            s.push_str(&format!(
                "  ({} ({}) {})",
                h.name,
                h.kind.label(lang),
                lang.pick(
                    "tidak menutup: collective_leave_off = false",
                    "does not close: collective_leave_off = false"
                )
            ));
        }
    }
    s
}

/// The last second of the calendar's range.
fn horizon_end(cal: &Calendar) -> Option<Timestamp> {
    let next = cal.horizon().1.succ_opt()?.and_hms_opt(0, 0, 0)?;
    let t = cal.timezone().from_local_datetime(&next).earliest()?;
    Some(Timestamp::from_unix(t.timestamp() - 1))
}

/// For an unreachable deadline: how much open time is left before the end of the
/// calendar's range, and what to do.
fn open_time_left(cal: &Calendar, t: Timestamp, target: OpDuration, lang: Lang) -> Vec<String> {
    let (_, last) = cal.horizon();
    let Some(end) = horizon_end(cal) else {
        return Vec::new();
    };
    let Ok(secs) = cal.between_secs(t, end) else {
        return Vec::new();
    };
    let first = t.in_zone(cal.timezone()).date_naive();
    let open_dates = first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| cal.closure_on(*d).is_none())
        .count();
    let secs = loket_core::format_seconds(secs.max(0));
    vec![
        match lang {
            Lang::Id => format!(
                "Sisa waktu buka dari {first} sampai akhir rentang kalender ({last}): {secs} pada {open_dates} tanggal buka; targetnya {target}."
            ),
            Lang::En => format!(
                "Open time left from {first} to the end of the calendar's range ({last}): {secs} on {open_dates} open dates; the target is {target}."
            ),
        },
        lang.pick(
            "Perluas `horizon` pada kalender (mis. horizon = { from = 1970, to = 2100 }, bawaan bila tidak ditulis) atau perpendek target pada kebijakan.",
            "Widen `horizon` in the calendar (e.g. horizon = { from = 1970, to = 2100 }, the default when it is left out) or shorten the target in the policy.",
        )
        .to_string(),
    ]
}

// ---- the days-vs-hours law's scope ----

/// The length in seconds of the one interval every open day has, or why days differ
/// (then `days_match_hours` does not apply).
fn uniform_day_length(
    cal: &Calendar,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
) -> Result<i64, String> {
    let spec = cal.spec();
    let differ = lang.pick("panjang hari berbeda", "days differ in length");
    let mut seen: Vec<(String, Interval)> = Vec::new();
    let week = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let mut days: Vec<(String, Vec<Interval>)> = week
        .iter()
        .map(|&w| (lang.weekday(w).to_string(), day_intervals(spec.week.day(w))))
        .collect();
    days.extend(spec.overrides.iter().map(|o| {
        (
            format!("{} {}", lang.pick("pengecualian", "override"), o.date),
            day_intervals(&o.hours),
        )
    }));
    for (name, ivs) in days {
        match ivs.as_slice() {
            [] => {}
            [iv] => {
                if let Some((first, other)) = seen.first() {
                    if other != iv {
                        return Err(format!("{differ} ({first} {other}, {name} {iv})"));
                    }
                }
                seen.push((name, *iv));
            }
            more => {
                return Err(format!(
                    "{differ} ({name} {}: {})",
                    lang.pick("punya beberapa interval", "has several intervals"),
                    hours_text(more)
                ))
            }
        }
    }
    let Some((_, iv)) = seen.first() else {
        return Err(differ.to_string());
    };
    let len = iv.end_secs() - iv.start_secs();
    // Days of a zone whose clocks change during opening hours are not of that length.
    let tz = cal.timezone();
    let at = |d: NaiveDate, secs: i64| -> Option<i64> {
        let naive = d.and_hms_opt(0, 0, 0)? + chrono::Duration::seconds(secs);
        tz.from_local_datetime(&naive)
            .earliest()
            .map(|x| x.timestamp())
    };
    let last = to
        .checked_add_days(chrono::Days::new(366))
        .unwrap_or(to)
        .min(cal.horizon().1);
    for d in from.iter_days().take_while(|d| *d <= last) {
        if cal.closure_on(d).is_some() {
            continue;
        }
        let real = at(d, iv.end_secs()).zip(at(d, iv.start_secs()));
        if real.map(|(e, s)| e - s) != Some(len) {
            return Err(match lang {
                Lang::Id => format!("{differ} (jam berubah saat jam layanan pada {d})"),
                Lang::En => format!("{differ} (clocks change during opening hours on {d})"),
            });
        }
    }
    Ok(len)
}

// ---- the range of dates ----

fn current_year(cal: &Calendar) -> i32 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Timestamp::from_unix(now).in_zone(cal.timezone()).year()
}

fn year_span(cal: &Calendar, a: i32, b: i32) -> Option<(NaiveDate, NaiveDate)> {
    let (h0, h1) = cal.horizon();
    let from = NaiveDate::from_ymd_opt(a, 1, 1)?.max(h0);
    let to = NaiveDate::from_ymd_opt(b, 12, 31)?.min(h1);
    (from <= to).then_some((from, to))
}

/// The default range: the years the holiday list covers, else the current year ±1,
/// within the calendar's range. Also whether it came from the clock.
fn default_range(cal: &Calendar) -> ((NaiveDate, NaiveDate), bool) {
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

fn uncovered_years(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
    (from.year()..=to.year())
        .filter(|y| {
            !cal.covered_years()
                .iter()
                .any(|r| r.from <= *y && *y <= r.to)
        })
        .collect()
}

fn year_ranges(years: &[i32]) -> String {
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

// ---- the command ----

pub(super) fn run(
    a: CheckArgs,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
    terminal: bool,
) -> Result<(), CliError> {
    let profile = load_profile(&a.calendar, Some(&a.policy))?;
    let cal = &profile.calendar;
    let policy = &profile.policy;
    let (h0, h1) = cal.horizon();

    // The dates of the instants.
    let ((d0, d1), from_clock) = default_range(cal);
    let from = a.from.unwrap_or(d0);
    let to = a.to.unwrap_or(d1);
    for (flag, d) in [("--from", from), ("--to", to)] {
        if !in_horizon(cal, d) {
            return Err(CliError::Input(match lang {
                Lang::Id => format!("{flag} {d} berada di luar rentang kalender {h0} sampai {h1} (atur `horizon` pada kalender untuk memperluasnya)"),
                Lang::En => format!("{flag} {d} is outside the calendar's range {h0} to {h1} (set `horizon` in the calendar to widen it)"),
            }));
        }
    }
    if from > to {
        return Err(CliError::Input(match lang {
            Lang::Id => format!("--from {from} berada setelah --to {to}"),
            Lang::En => format!("--from {from} is after --to {to}"),
        }));
    }
    let range_explicit = a.from.is_some() || a.to.is_some() || from_clock;

    let seed = a.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });

    // Durations: at least the project's own, at least the policy's targets.
    let (mut max_secs, mut max_days) = (MIN_MAX_SECS, MIN_MAX_DAYS);
    for kind in TicketKind::ALL {
        match policy.target(kind) {
            OpDuration::Seconds(s) => max_secs = max_secs.max(s.abs()),
            OpDuration::Days(n) => max_days = max_days.max(n.abs()),
        }
    }

    let ctx = Ctx {
        profile: &profile,
        lang,
        cases: a.cases,
        seed,
        calendar_arg: &a.calendar,
        terminal,
    };
    let header = Header {
        from,
        to,
        from_clock: a.from.is_none() && a.to.is_none() && from_clock,
        explicit: a.from.is_some() || a.to.is_some(),
        max_secs,
        max_days,
    };
    if a.format == CheckFormat::Text {
        print_header(&ctx, &header, out)?;
        out.flush()?;
    }

    let outcomes = run_all(&ctx, err, from, to, max_secs, max_days);

    let mut findings = Vec::new();
    let uncovered = uncovered_years(cal, from, to);
    if !uncovered.is_empty() {
        let years = year_ranges(&uncovered);
        findings.push(match lang {
            Lang::Id => format!("tahun {years} dalam rentang pemeriksaan tidak dicakup daftar hari libur: hasil yang menyentuhnya dapat melewatkan hari libur yang belum dicantumkan (tambahkan tanggal dari keputusan, atau atur `covers`)"),
            Lang::En => format!("years {years} inside the checked range are not covered by the holiday list: results touching them may miss holidays not listed yet (add the decree's dates, or set `covers`)"),
        });
    }

    let failed = outcomes
        .iter()
        .filter(|o| matches!(o.verdict, Verdict::Failed { .. } | Verdict::Aborted(_)))
        .count();
    let failing_findings = if a.strict { findings.len() } else { 0 };

    let mut replay = format!("loket sla check --calendar {}", shell_word(&a.calendar));
    if a.policy != "default" {
        replay.push_str(&format!(" --policy {}", shell_word(&a.policy)));
    }
    if range_explicit {
        replay.push_str(&format!(" --from {from} --to {to}"));
    }
    replay.push_str(&format!(" --seed {seed} --cases {}", a.cases));
    if a.strict {
        replay.push_str(" --strict");
    }

    match a.format {
        CheckFormat::Text => print_report(&ctx, &outcomes, &findings, a.strict, &replay, out)?,
        CheckFormat::Json => {
            print_json(&ctx, &header, &outcomes, &findings, a.strict, &replay, out)?
        }
    }
    if failed > 0 || failing_findings > 0 {
        return Err(CliError::Check {
            laws: failed,
            findings: failing_findings,
        });
    }
    Ok(())
}

/// Runs every law of `laws::ALL`, in that order.
fn run_all(
    ctx: &Ctx<'_>,
    err: &mut dyn Write,
    from: NaiveDate,
    to: NaiveDate,
    max_secs: i64,
    max_days: i32,
) -> Vec<Outcome> {
    let cal = ctx.cal();
    let policy = &ctx.profile.policy;
    let t = || testing::instant_in(cal, from, to);
    let dur = || testing::duration(max_secs, max_days);
    let secs = || testing::seconds(max_secs);
    let b = testing::boundary;
    let mut v = Vec::with_capacity(laws::ALL.len());

    v.push(run_law(
        ctx,
        err,
        "add_moves_forward",
        (t(), dur(), b()),
        |&(t, d, b)| laws::add_moves_forward(cal, t, d, b),
        |&(t, d, b)| vec![("add(t, d)", Side::Add(t, d, b))],
    ));
    // t2 is another instant, or one 1 to 3 seconds after t1 (neighbours).
    let second = |t1: Timestamp, t2: Timestamp, near: bool, k: i64| {
        if near {
            Timestamp::from_unix(t1.unix() + k)
        } else {
            t2
        }
    };
    v.push(run_law(
        ctx,
        err,
        "add_is_monotone_in_t",
        (t(), t(), any::<bool>(), 1i64..=3, dur(), b()),
        |&(t1, t2, near, k, d, b)| {
            laws::add_is_monotone_in_t(cal, t1, second(t1, t2, near, k), d, b)
        },
        |&(t1, t2, near, k, d, b)| {
            let t2 = second(t1, t2, near, k);
            vec![
                ("add(t1, d)", Side::Add(t1.min(t2), d, b)),
                ("add(t2, d)", Side::Add(t1.max(t2), d, b)),
            ]
        },
    ));
    // Two durations of one unit, either sign.
    let pair = prop_oneof![
        (secs(), secs(), any::<bool>(), any::<bool>()).prop_map(|(x, y, nx, ny)| (
            OpDuration::Seconds(if nx { -x } else { x }),
            OpDuration::Seconds(if ny { -y } else { y })
        )),
        (
            testing::days(max_days),
            testing::days(max_days),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(x, y, nx, ny)| (
                OpDuration::Days(if nx { -x } else { x }),
                OpDuration::Days(if ny { -y } else { y })
            )),
    ];
    let ordered = |d1: OpDuration, d2: OpDuration| match (d1, d2) {
        (OpDuration::Seconds(x), OpDuration::Seconds(y)) if x > y => (d2, d1),
        (OpDuration::Days(x), OpDuration::Days(y)) if x > y => (d2, d1),
        _ => (d1, d2),
    };
    v.push(run_law(
        ctx,
        err,
        "add_is_monotone_in_d",
        (t(), pair, b()),
        |&(t, (d1, d2), b)| laws::add_is_monotone_in_d(cal, t, d1, d2, b),
        |&(t, (d1, d2), b)| {
            let (d1, d2) = ordered(d1, d2);
            vec![
                ("add(t, d1)", Side::Add(t, d1, b)),
                ("add(t, d2)", Side::Add(t, d2, b)),
            ]
        },
    ));
    let signed = |d: i64, neg: bool| if neg { -d } else { d };
    v.push(run_law(
        ctx,
        err,
        "between_inverts_add",
        (t(), secs(), any::<bool>(), b()),
        |&(t, d, neg, b)| laws::between_inverts_add(cal, t, signed(d, neg), b),
        |&(t, d, neg, b)| {
            let d = OpDuration::Seconds(signed(d, neg));
            let mut s = vec![("add(t, d)", Side::Add(t, d, b))];
            if let Ok(r) = cal.add_instant(t, d, b) {
                s.push(("between(t, add(t, d))", Side::Between(t, r)));
            }
            s
        },
    ));
    v.push(run_law(
        ctx,
        err,
        "add_is_additive",
        (t(), secs(), secs(), b()),
        |&(t, x, y, b)| laws::add_is_additive(cal, t, x, y, b),
        |&(t, x, y, b)| {
            let mut s = vec![("add(t, a)", Side::Add(t, OpDuration::Seconds(x), b))];
            if let Ok(r) = cal.add_instant(t, OpDuration::Seconds(x), b) {
                s.push(("add(add(t, a), c)", Side::Add(r, OpDuration::Seconds(y), b)));
            }
            s.push(("add(t, a + c)", Side::Add(t, OpDuration::Seconds(x + y), b)));
            s
        },
    ));
    v.push(run_law(
        ctx,
        err,
        "add_lands_in_hours",
        (t(), dur(), b()),
        |&(t, d, b)| laws::add_lands_in_hours(cal, t, d, b),
        |&(t, d, b)| vec![("add(t, d)", Side::Add(t, d, b))],
    ));
    v.push(run_law(
        ctx,
        err,
        "sub_inverts_add",
        (t(), secs(), b()),
        |&(t, d, b)| laws::sub_inverts_add(cal, t, d, b),
        |&(t, d, b)| {
            let d = OpDuration::Seconds(d);
            let mut s = vec![("add(t, d)", Side::Add(t, d, b))];
            if let Ok(r) = cal.add_instant(t, d, b) {
                s.push(("sub(add(t, d), d)", Side::Sub(r, d, b)));
            }
            s
        },
    ));
    v.push(run_law(
        ctx,
        err,
        "between_is_antisymmetric",
        (t(), t()),
        |&(x, y)| laws::between_is_antisymmetric(cal, x, y),
        |&(x, y)| {
            vec![
                ("between(a, b)", Side::Between(x, y)),
                ("between(b, a)", Side::Between(y, x)),
            ]
        },
    ));
    v.push(run_law(
        ctx,
        err,
        "between_within_wall_time",
        (t(), t()),
        |&(x, y)| laws::between_within_wall_time(cal, x, y),
        |&(x, y)| vec![("between(a, b)", Side::Between(x.min(y), x.max(y)))],
    ));
    match uniform_day_length(cal, from, to, ctx.lang) {
        Ok(len) => v.push(run_law(
            ctx,
            err,
            "days_match_hours",
            (t(), testing::days(max_days), b()),
            move |&(t, n, b)| laws::days_match_hours(cal, t, n, len, b),
            move |&(t, n, b)| {
                vec![
                    ("add(t, n days)", Side::Add(t, OpDuration::Days(n), b)),
                    (
                        "add(t, n × day length)",
                        Side::Add(t, OpDuration::Seconds(i64::from(n) * len), b),
                    ),
                ]
            },
        )),
        Err(why) => {
            let na = ctx.lang.pick("tidak berlaku", "not applicable");
            let _ = writeln!(err, "days_match_hours … {na}: {why}");
            v.push(Outcome {
                law: "days_match_hours",
                verdict: Verdict::NotApplicable(why),
            });
        }
    }
    v.push(run_law(
        ctx,
        err,
        "deadline_reachable",
        (t(), proptest::sample::select(TicketKind::ALL.to_vec())),
        |&(t, kind)| laws::deadline_reachable(cal, policy, kind, t),
        |&(t, kind)| {
            vec![(
                "add(received, target)",
                Side::Add(t, policy.target(kind), policy.boundary),
            )]
        },
    ));
    debug_assert_eq!(
        v.iter().map(|o| o.law).collect::<Vec<_>>(),
        laws::ALL,
        "loket sla check runs every law of loket_core::laws::ALL, in order"
    );
    v
}

// ---- printing ----

struct Header {
    from: NaiveDate,
    to: NaiveDate,
    from_clock: bool,
    explicit: bool,
    max_secs: i64,
    max_days: i32,
}

fn policy_text(ctx: &Ctx<'_>) -> String {
    let p = &ctx.profile.policy;
    let v: Vec<String> = TicketKind::ALL
        .iter()
        .map(|&k| format!("{} {}", k.label(ctx.lang), p.target(k)))
        .collect();
    let b = match p.boundary {
        Boundary::Closing => "closing",
        Boundary::Opening => "opening",
    };
    format!(
        "{} ({}: {b})",
        v.join(", "),
        ctx.lang.pick("konvensi batas", "boundary convention")
    )
}

fn print_header(ctx: &Ctx<'_>, h: &Header, out: &mut dyn Write) -> Result<(), CliError> {
    let lang = ctx.lang;
    let cal = ctx.cal();
    let name = cal.spec().name.as_deref().unwrap_or("-");
    let whence = if h.explicit {
        ""
    } else if h.from_clock {
        lang.pick(
            " (tahun ini ±1: daftar hari libur tidak mencakup tahun apa pun)",
            " (this year ±1: the holiday list covers no year)",
        )
    } else {
        lang.pick(
            " (tahun yang dicakup daftar hari libur)",
            " (the years the holiday list covers)",
        )
    };
    let (h0, h1) = cal.horizon();
    writeln!(
        out,
        "{}",
        lang.pick(
            "Pemeriksaan hukum aritmetika SLA",
            "Checking the laws of the SLA arithmetic"
        )
    )?;
    writeln!(
        out,
        "{}: {} ({}), {} {h0} – {h1}",
        lang.pick("kalender", "calendar"),
        name,
        cal.timezone(),
        lang.pick("rentang", "range")
    )?;
    writeln!(
        out,
        "{}: {}",
        lang.pick("kebijakan", "policy"),
        policy_text(ctx)
    )?;
    writeln!(
        out,
        "{}: {} – {}{whence}",
        lang.pick("waktu mulai", "instants"),
        h.from,
        h.to
    )?;
    writeln!(
        out,
        "{}: {} {} {} {}d, {}",
        lang.pick("durasi", "durations"),
        lang.pick("hingga", "up to"),
        loket_core::format_seconds(h.max_secs),
        lang.pick("dan", "and"),
        h.max_days,
        lang.pick(
            "maju dan mundur, kedua konvensi batas",
            "forward and backward, both boundary conventions"
        )
    )?;
    writeln!(
        out,
        "{}: {}; seed: {}",
        lang.pick("kasus per hukum", "cases per law"),
        ctx.cases,
        ctx.seed
    )?;
    writeln!(out)?;
    Ok(())
}

fn result_text(lang: Lang, v: &Verdict) -> String {
    match v {
        Verdict::Passed {
            held,
            na,
            na_reason,
        } => match na_reason {
            Some(why) if na > held => format!(
                "ok ({}: {why})",
                lang.pick("sebagian besar tidak berlaku", "mostly not applicable")
            ),
            _ => "ok".into(),
        },
        Verdict::NotApplicable(why) => {
            format!("{}: {why}", lang.pick("tidak berlaku", "not applicable"))
        }
        Verdict::Failed { held, na, .. } => match lang {
            Lang::Id => format!("GAGAL pada kasus ke-{} (contoh di bawah)", held + na + 1),
            Lang::En => format!("FAILED at case {} (counterexample below)", held + na + 1),
        },
        Verdict::Aborted(why) => format!("{}: {why}", lang.pick("DIHENTIKAN", "ABORTED")),
    }
}

fn print_report(
    ctx: &Ctx<'_>,
    outcomes: &[Outcome],
    findings: &[String],
    strict: bool,
    replay: &str,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let lang = ctx.lang;
    let heads = [
        lang.pick("hukum", "law"),
        lang.pick("berlaku", "held"),
        lang.pick("tidak berlaku", "not applicable"),
        lang.pick("hasil", "result"),
    ];
    let w0 = outcomes
        .iter()
        .map(|o| o.law.len())
        .chain([heads[0].len()])
        .max()
        .unwrap_or(0);
    let (w1, w2) = (heads[1].len().max(6), heads[2].len().max(6));
    writeln!(
        out,
        "{:<w0$}  {:>w1$}  {:>w2$}  {}",
        heads[0], heads[1], heads[2], heads[3]
    )?;
    for o in outcomes {
        let (h, n) = match o.verdict {
            Verdict::Passed { held, na, .. } | Verdict::Failed { held, na, .. } => {
                (held.to_string(), na.to_string())
            }
            _ => ("-".into(), "-".into()),
        };
        writeln!(
            out,
            "{:<w0$}  {h:>w1$}  {n:>w2$}  {}",
            o.law,
            result_text(lang, &o.verdict)
        )?;
    }
    if !findings.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            if strict {
                lang.pick(
                    "Temuan (gagal karena --strict):",
                    "Findings (failing: --strict):",
                )
            } else {
                lang.pick(
                    "Temuan (tidak menggagalkan; --strict untuk menggagalkan):",
                    "Findings (not failing; --strict to fail on them):",
                )
            }
        )?;
        for f in findings {
            writeln!(out, "  - {f}")?;
        }
    }
    let failed: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| matches!(o.verdict, Verdict::Failed { .. } | Verdict::Aborted(_)))
        .collect();
    for o in &failed {
        if let Verdict::Failed { case, .. } = &o.verdict {
            writeln!(out)?;
            print_case(lang, case, out)?;
        }
    }
    writeln!(out)?;
    let checked = outcomes
        .iter()
        .filter(|o| matches!(o.verdict, Verdict::Passed { .. }))
        .count();
    let not_applicable = outcomes
        .iter()
        .filter(|o| matches!(o.verdict, Verdict::NotApplicable(_)))
        .count();
    if failed.is_empty() {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Id => format!(
                    "Semua hukum berlaku: {checked} diperiksa dengan {} kasus masing-masing, {not_applicable} tidak berlaku.",
                    ctx.cases
                ),
                Lang::En => format!(
                    "All laws hold: {checked} checked with {} cases each, {not_applicable} not applicable.",
                    ctx.cases
                ),
            }
        )?;
        if strict && !findings.is_empty() {
            writeln!(
                out,
                "{}: {replay}",
                lang.pick("ulangi dengan", "replay with")
            )?;
        }
    } else {
        let names: Vec<&str> = failed.iter().map(|o| o.law).collect();
        writeln!(
            out,
            "{}: {}",
            lang.pick("Hukum yang TIDAK berlaku", "Laws that do NOT hold"),
            names.join(", ")
        )?;
        writeln!(
            out,
            "{}: {replay}",
            lang.pick("ulangi dengan", "replay with")
        )?;
    }
    Ok(())
}

fn print_case(lang: Lang, c: &Counterexample, out: &mut dyn Write) -> Result<(), CliError> {
    writeln!(
        out,
        "{} {} ({})",
        lang.pick("CONTOH PENYANGKAL:", "COUNTEREXAMPLE:"),
        c.law,
        lang.pick("diperkecil oleh proptest", "shrunk by proptest")
    )?;
    out.write_all(c.text.as_bytes())?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        lang.pick(
            "Kalender pada tanggal yang terlibat:",
            "The calendar on the dates involved:"
        )
    )?;
    for d in &c.days {
        writeln!(out, "  {d}")?;
    }
    for s in &c.sides {
        writeln!(out)?;
        writeln!(out, "{}:", s.formula)?;
        writeln!(out, "  $ {}", s.command)?;
        match &s.result {
            Ok(text) => {
                for line in text.lines() {
                    writeln!(out, "  {line}")?;
                }
            }
            Err(e) => writeln!(out, "  {}: {e}", lang.pick("galat", "error"))?,
        }
    }
    if !c.notes.is_empty() {
        writeln!(out)?;
        for n in &c.notes {
            writeln!(out, "{n}")?;
        }
    }
    Ok(())
}

fn print_json(
    ctx: &Ctx<'_>,
    h: &Header,
    outcomes: &[Outcome],
    findings: &[String],
    strict: bool,
    replay: &str,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use serde_json::json;
    let cal = ctx.cal();
    let laws: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| match &o.verdict {
            Verdict::Passed { held, na, na_reason } => json!({
                "law": o.law, "result": "held", "held": held, "not_applicable": na,
                "reason": na_reason,
            }),
            Verdict::NotApplicable(why) => json!({
                "law": o.law, "result": "not_applicable", "reason": why,
            }),
            Verdict::Failed { held, na, case } => json!({
                "law": o.law, "result": "failed", "held": held, "not_applicable": na,
                "counterexample": {
                    "statement": case.statement,
                    "facts": case.facts.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>(),
                    "dates": case.days,
                    "computations": case.sides.iter().map(|s| match &s.result {
                        Ok(e) => json!({"formula": s.formula, "command": s.command, "explanation": e}),
                        Err(e) => json!({"formula": s.formula, "command": s.command, "error": e}),
                    }).collect::<Vec<_>>(),
                    "notes": case.notes,
                },
            }),
            Verdict::Aborted(why) => json!({"law": o.law, "result": "aborted", "reason": why}),
        })
        .collect();
    let failed = outcomes
        .iter()
        .any(|o| matches!(o.verdict, Verdict::Failed { .. } | Verdict::Aborted(_)));
    let v = json!({
        "calendar": cal.spec().name,
        "timezone": cal.timezone().to_string(),
        "from": h.from.to_string(),
        "to": h.to.to_string(),
        "cases": ctx.cases,
        "seed": ctx.seed,
        "laws": laws,
        "findings": findings,
        "ok": !failed && (!strict || findings.is_empty()),
        "replay": replay,
    });
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&v).unwrap_or_default()
    )?;
    Ok(())
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

    #[test]
    fn seeds_differ_by_law_and_run() {
        let mut a = rng_for(1, "x");
        let mut b = rng_for(1, "y");
        let mut c = rng_for(2, "x");
        let mut a2 = rng_for(1, "x");
        let (x, y, z) = (a.next_u64(), b.next_u64(), c.next_u64());
        assert_ne!(x, y);
        assert_ne!(x, z);
        assert_eq!(x, a2.next_u64());
    }

    #[test]
    fn uniform_days() {
        let cal = Calendar::jatengprov();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let e = uniform_day_length(&cal, d("2024-01-01"), d("2024-12-31"), Lang::En).unwrap_err();
        assert!(e.starts_with("days differ in length"), "{e}");
        let uniform = Calendar::from_text(
            "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"08:00-12:00\", \"12:00-16:00\"]\ntue = [\"08:00-16:00\"]\n",
        )
        .unwrap();
        assert_eq!(
            uniform_day_length(&uniform, d("2024-01-01"), d("2024-12-31"), Lang::En),
            Ok(8 * 3600)
        );
        let berlin =
            Calendar::from_text("timezone = \"Europe/Berlin\"\n[week]\nsun = [\"01:00-05:00\"]\n")
                .unwrap();
        let e =
            uniform_day_length(&berlin, d("2024-01-01"), d("2024-12-31"), Lang::En).unwrap_err();
        assert!(
            e.contains("clocks change during opening hours on 2024-03-31"),
            "{e}"
        );
    }

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("my.toml"), "my.toml");
        assert_eq!(shell_word("my file.toml"), "'my file.toml'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
