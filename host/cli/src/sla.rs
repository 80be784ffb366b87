//! `loket sla …`: operational arithmetic for testers and administrators.

use std::io::{BufRead, Write};

use clap::{Args, Subcommand, ValueEnum};
use loket_core::{
    format_seconds, Boundary, Calendar, Lang, OpDuration, OpenStatus, Reckoning, TicketKind,
    Timestamp,
};

use super::util::write_pretty_json;
use super::{load_calendar, load_profile, CliError};

#[derive(Debug, Subcommand)]
pub(super) enum SlaCommand {
    /// START plus an operational duration.
    Add(Arith),
    /// START minus an operational duration.
    Sub(Arith),
    /// Operational time from --from to --to (signed: negative when --to is earlier).
    Between {
        #[command(flatten)]
        common: Common,
        /// Start instant (RFC 3339 or unix seconds).
        #[arg(long, allow_hyphen_values = true)]
        from: String,
        /// End instant (RFC 3339 or unix seconds).
        #[arg(long, allow_hyphen_values = true)]
        to: String,
        /// Also print which time counted and which was skipped, and why.
        #[arg(long)]
        explain: bool,
    },
    /// Add one duration to many instants: instants on stdin, one per line; results on
    /// stdout in the same order (an empty line for a line that failed, reported on
    /// stderr by its line number).
    Batch {
        #[command(flatten)]
        common: Common,
        /// Operational duration: 90s, 45m, 3h, 8h30m, 2d, optionally with a leading -.
        #[arg(long, allow_hyphen_values = true)]
        duration: String,
        /// Which instant stands for a result on a closure.
        #[arg(long, value_enum, default_value = "closing")]
        boundary: BoundaryArg,
    },
    /// Whether the desk is open at an instant: `open` and when it closes, or `closed`
    /// and when it opens.
    Open {
        #[command(flatten)]
        common: Common,
        /// The instant (RFC 3339 or unix seconds).
        #[arg(long, allow_hyphen_values = true)]
        at: String,
    },
    /// The deadline of the SLA policy for a ticket kind received at an instant.
    Deadline {
        #[command(flatten)]
        common: Common,
        /// Policy file (TOML or JSON), or `default`.
        #[arg(long, default_value = "default")]
        policy: String,
        /// complaint (aduan), request (permintaan) or incident (insiden).
        #[arg(long)]
        kind: TicketKind,
        /// When the message was received (RFC 3339 or unix seconds).
        #[arg(long, allow_hyphen_values = true)]
        received: String,
        /// Also print which time counted and which was skipped, and why.
        #[arg(long)]
        explain: bool,
    },
    /// Check the laws of the arithmetic on a calendar with random instants and
    /// durations (property checks), every policy deadline reachable, and the
    /// calendar's coverage; print a counterexample and the seed to replay it on
    /// failure (exit 1). See docs/testing-your-calendar.md.
    Check(super::check::CheckArgs),
}

#[derive(Debug, Args)]
pub(super) struct Common {
    /// Calendar file (TOML or JSON), or `default` for the JatengProv profile.
    #[arg(long, default_value = "default")]
    calendar: String,
    /// How to print results: rfc3339 (instants in the calendar's zone, durations like
    /// 8h30m), unix (unix seconds and whole seconds, one value per line, nothing
    /// else), or json.
    #[arg(long, value_enum, default_value = "rfc3339")]
    format: Format,
}

#[derive(Debug, Args)]
pub(super) struct Arith {
    #[command(flatten)]
    common: Common,
    /// Start instant (RFC 3339 or unix seconds).
    #[arg(long, allow_hyphen_values = true)]
    start: String,
    /// Operational duration: 90s, 45m, 3h, 8h30m, 2d, optionally with a leading -.
    #[arg(long, allow_hyphen_values = true)]
    duration: String,
    /// Which instant stands for a result on a closure.
    #[arg(long, value_enum, default_value = "closing")]
    boundary: BoundaryArg,
    /// Also print which time counted and which was skipped, and why.
    #[arg(long)]
    explain: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    Rfc3339,
    Unix,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum BoundaryArg {
    Closing,
    Opening,
}

impl From<BoundaryArg> for Boundary {
    fn from(b: BoundaryArg) -> Self {
        match b {
            BoundaryArg::Closing => Boundary::Closing,
            BoundaryArg::Opening => Boundary::Opening,
        }
    }
}

pub(super) fn run(
    cmd: SlaCommand,
    lang: Lang,
    stdin: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
    terminal: bool,
) -> Result<(), CliError> {
    match cmd {
        SlaCommand::Check(a) => super::check::run(a, lang, out, err, terminal),
        SlaCommand::Add(a) => arith(a, false, lang, out, err),
        SlaCommand::Sub(a) => arith(a, true, lang, out, err),
        SlaCommand::Between {
            common,
            from,
            to,
            explain,
        } => {
            let cal = load_calendar(&common.calendar)?;
            let (a, b) = (Timestamp::parse(&from)?, Timestamp::parse(&to)?);
            let r = cal.between(a, b)?;
            let explanation = if explain {
                Some(cal.explain_between(a, b)?)
            } else {
                None
            };
            match common.format {
                Format::Json => json(out, &r, explanation.as_ref())?,
                f => {
                    let text = if f == Format::Unix {
                        r.value.to_string()
                    } else {
                        format_seconds(r.value)
                    };
                    writeln!(out, "{text}")?;
                    uncovered(&r, lang, err)?;
                    if let Some(e) = explanation {
                        let w: &mut dyn Write = if f == Format::Unix { err } else { out };
                        w.write_all(cal.render_explanation(&e, lang).as_bytes())?;
                    }
                }
            }
            Ok(())
        }
        SlaCommand::Batch {
            common,
            duration,
            boundary,
        } => {
            let cal = load_calendar(&common.calendar)?;
            let d = OpDuration::parse(&duration)?;
            batch(
                &cal,
                d,
                boundary.into(),
                common.format,
                lang,
                stdin,
                out,
                err,
            )
        }
        SlaCommand::Open { common, at } => {
            let cal = load_calendar(&common.calendar)?;
            let t = Timestamp::parse(&at)?;
            let status = cal.status(t)?;
            if common.format == Format::Json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&status).unwrap_or_default()
                )?;
                return Ok(());
            }
            let (word, when) = match status {
                OpenStatus::Open { until } => ("open", Some(until)),
                OpenStatus::Closed { opens } => ("closed", opens),
            };
            writeln!(out, "{word}")?;
            if let Some(w) = when {
                writeln!(out, "{}", instant(&cal, w, common.format))?;
            }
            Ok(())
        }
        SlaCommand::Deadline {
            common,
            policy,
            kind,
            received,
            explain,
        } => {
            let profile = load_profile(&common.calendar, Some(&policy))?;
            let t = Timestamp::parse(&received)?;
            let r = profile.deadline(kind, t)?;
            let cal = &profile.calendar;
            match common.format {
                Format::Json => json(out, &r, None)?,
                f => {
                    writeln!(out, "{}", instant(cal, r.value.due, f))?;
                    uncovered(&r, lang, err)?;
                    if explain {
                        let w: &mut dyn Write = if f == Format::Unix { err } else { out };
                        w.write_all(
                            cal.render_explanation(&r.value.explanation, lang)
                                .as_bytes(),
                        )?;
                    }
                }
            }
            Ok(())
        }
    }
}

fn arith(
    a: Arith,
    negate: bool,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let cal = load_calendar(&a.common.calendar)?;
    let t = Timestamp::parse(&a.start)?;
    let d = OpDuration::parse(&a.duration)?;
    let b: Boundary = a.boundary.into();
    let (r, explanation) = if negate {
        (
            cal.sub(t, d, b)?,
            if a.explain {
                Some(cal.explain_sub(t, d, b)?)
            } else {
                None
            },
        )
    } else {
        (
            cal.add(t, d, b)?,
            if a.explain {
                Some(cal.explain_add(t, d, b)?)
            } else {
                None
            },
        )
    };
    match a.common.format {
        Format::Json => json(out, &r, explanation.as_ref()),
        f => {
            writeln!(out, "{}", instant(&cal, r.value, f))?;
            uncovered(&r, lang, err)?;
            if let Some(e) = explanation {
                let w: &mut dyn Write = if f == Format::Unix { err } else { out };
                w.write_all(cal.render_explanation(&e, lang).as_bytes())?;
            }
            Ok(())
        }
    }
}

fn instant(cal: &Calendar, t: Timestamp, f: Format) -> String {
    match f {
        Format::Unix => t.unix().to_string(),
        _ => t.to_rfc3339(cal.timezone()),
    }
}

fn uncovered<T>(r: &Reckoning<T>, lang: Lang, err: &mut dyn Write) -> Result<(), CliError> {
    if !r.is_covered() {
        let years: Vec<String> = r.uncovered_years.iter().map(|y| y.to_string()).collect();
        let msg = match lang {
            Lang::Id => "peringatan: daftar hari libur kalender belum mencakup tahun",
            Lang::En => "warning: the calendar's holiday list does not cover",
        };
        writeln!(err, "{msg} {}", years.join(", "))?;
    }
    if r.is_provisional() {
        let mut years = r.provisional_years.clone();
        years.extend(r.provisional_dates.iter().map(chrono::Datelike::year));
        years.sort_unstable();
        years.dedup();
        let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        let dates: Vec<String> = r.provisional_dates.iter().map(|d| d.to_string()).collect();
        let msg = match lang {
            Lang::Id => format!(
                "catatan: hari libur {} masih perkiraan, menunggu SKB; hasil dapat bergeser",
                years.join(", ")
            ),
            Lang::En => format!(
                "note: the {} holidays are provisional, awaiting the joint decree; the result may move",
                years.join(", ")
            ),
        };
        match dates.is_empty() {
            true => writeln!(err, "{msg}")?,
            false => writeln!(err, "{msg} ({})", dates.join(", "))?,
        }
    }
    Ok(())
}

fn json<T: serde::Serialize>(
    out: &mut dyn Write,
    r: &Reckoning<T>,
    explanation: Option<&loket_core::Explanation>,
) -> Result<(), CliError> {
    let v = serde_json::json!({
        "value": r.value,
        "covered": r.is_covered(),
        "uncoveredYears": r.uncovered_years,
        "provisionalYears": r.provisional_years,
        "provisionalDates": r.provisional_dates,
        "explanation": explanation,
    });
    write_pretty_json(out, &v)
}

#[allow(clippy::too_many_arguments)]
fn batch(
    cal: &Calendar,
    d: OpDuration,
    b: Boundary,
    format: Format,
    lang: Lang,
    stdin: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut failed = 0usize;
    let mut line = String::new();
    let mut n = 0usize;
    loop {
        line.clear();
        if stdin.read_line(&mut line)? == 0 {
            break;
        }
        n += 1;
        let text = line.trim();
        if text.is_empty() {
            out.write_all(b"\n")?;
            continue;
        }
        let result = Timestamp::parse(text).and_then(|t| cal.add_instant(t, d, b));
        match result {
            Ok(r) => match format {
                Format::Unix => {
                    writeln!(out, "{}", r.unix())?;
                }
                Format::Json => writeln!(out, "{}", serde_json::to_string(&r).unwrap_or_default())?,
                Format::Rfc3339 => writeln!(out, "{}", r.to_rfc3339(cal.timezone()))?,
            },
            Err(e) => {
                failed += 1;
                out.write_all(b"\n")?;
                let what = lang.pick("baris", "line");
                writeln!(err, "{what} {n}: {} [{}]", e.message(lang), e.code())?;
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        return Err(CliError::Batch(failed));
    }
    Ok(())
}
