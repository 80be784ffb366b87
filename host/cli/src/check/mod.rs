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
//!
//! The command's parts: [`range`] (the dates and durations drawn), [`runner`] (one
//! law under proptest), [`suite`] (every law with its generators), [`counterexample`]
//! (a failing case made readable) and [`report`] (the text or JSON report).

mod counterexample;
mod range;
mod report;
mod runner;
mod suite;

use std::io::Write;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use loket_core::{Calendar, Lang, Profile};

use super::{load_profile, CliError};
use counterexample::{shell_word, Counterexample};
use range::{
    default_range, in_horizon, max_durations, parse_date, provisional_years, uncovered_years,
    year_ranges,
};
use report::{print_header, print_json, print_report, Header, Results};
use suite::run_all;

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
    /// cover, or covers only provisionally), not only on laws that do not hold.
    #[arg(long)]
    strict: bool,
    /// How to print the report: text, or json (one JSON object).
    #[arg(long, value_enum, default_value = "text")]
    format: CheckFormat,
}

/// How `loket sla check` prints its report (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum CheckFormat {
    Text,
    Json,
}

/// How the run of one law ended.
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

impl Verdict {
    /// Whether the law does not hold: a counterexample, or the runner gave up.
    fn fails(&self) -> bool {
        matches!(self, Verdict::Failed { .. } | Verdict::Aborted(_))
    }
}

/// A law and how its run ended.
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
    /// The calendar checked.
    fn cal(&self) -> &Calendar {
        &self.profile.calendar
    }
}

// ---- the command ----

/// Runs `loket sla check`: the header, every law, the findings and the report;
/// [`CliError::Check`] when a law does not hold (or a finding under `--strict`).
pub(super) fn run(
    a: CheckArgs,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
    terminal: bool,
) -> Result<(), CliError> {
    let profile = load_profile(&a.calendar, Some(&a.policy))?;
    let cal = &profile.calendar;
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

    let (max_secs, max_days) = max_durations(&profile.policy);

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
    let provisional = provisional_years(cal, from, to);
    if !provisional.is_empty() {
        let years = year_ranges(&provisional);
        findings.push(match lang {
            Lang::Id => format!("tahun {years} dalam rentang pemeriksaan hanya berisi hari libur perkiraan (menunggu SKB): hasil yang menyentuhnya dapat bergeser saat SKB terbit (ganti dengan tanggal dari SKB)"),
            Lang::En => format!("years {years} inside the checked range have provisional holidays only (awaiting the joint decree): results touching them may move when the decree is published (replace them with the decree's dates)"),
        });
    }

    let failed = outcomes.iter().filter(|o| o.verdict.fails()).count();
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

    let results = Results {
        outcomes: &outcomes,
        findings: &findings,
        strict: a.strict,
        replay: &replay,
    };
    match a.format {
        CheckFormat::Text => print_report(&ctx, &results, out)?,
        CheckFormat::Json => print_json(&ctx, &header, &results, out)?,
    }
    if failed > 0 || failing_findings > 0 {
        return Err(CliError::Check {
            laws: failed,
            findings: failing_findings,
        });
    }
    Ok(())
}
