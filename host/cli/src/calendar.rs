//! `loket calendar …`: show, check and compare operating calendars.

use std::io::{BufRead, Write};
use std::path::Path;

use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use loket_core::calendar::diff::{diff, Change};
use loket_core::ticket::{deadline_move, DeadlineMove, Ticket};
use loket_core::{Calendar, Lang, Timestamp, YearRange, DEFAULT_COVERAGE_WARNING_DAYS};

use super::util::{now, write_pretty_json};
use super::{load_calendar, load_profile, CliError};

#[derive(Debug, Subcommand)]
pub(super) enum CalendarCommand {
    /// Print a calendar as TOML (the default profile's when no file is given).
    Show {
        /// Calendar file (TOML or JSON), or `default`.
        #[arg(long, default_value = "default")]
        calendar: String,
        /// Print JSON (the form the browser build reads) instead of TOML.
        #[arg(long)]
        json: bool,
    },
    /// Check a calendar file and print a summary of it: the years its holiday list
    /// covers by decree and provisionally, and a warning when the confirmed list
    /// ends within --warn-days days of today.
    Check {
        /// Calendar file (TOML or JSON), or `default`.
        #[arg(long, default_value = "default")]
        calendar: String,
        /// Today's date for the coverage warning (YYYY-MM-DD; default: today in the
        /// calendar's time zone).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// Warn when the confirmed holiday list ends within this many days.
        #[arg(long, default_value_t = DEFAULT_COVERAGE_WARNING_DAYS)]
        warn_days: u32,
        /// How to print: text, or json.
        #[arg(long, value_enum, default_value = "text")]
        format: OutFormat,
    },
    /// What changed from OLD to NEW (holidays added, removed, renamed, confirmed;
    /// hours; overrides; settings), and which open tickets' deadlines would move if
    /// re-evaluated on NEW. Changes nothing: old tickets keep their terms until
    /// re-evaluated.
    Diff {
        /// The calendar in force (file, or `default`).
        old: String,
        /// The replacement (file, or `default`).
        new: String,
        /// The service's data directory (`loket serve --data`): its open tickets,
        /// read from the store.
        #[arg(long)]
        data: Option<String>,
        /// A ticket's event file (JSON lines, as `loket ticket replay` reads);
        /// repeat for more tickets.
        #[arg(long = "tickets")]
        tickets: Vec<String>,
        /// The instant the tickets' clocks are evaluated at (default: now).
        #[arg(long, allow_hyphen_values = true)]
        at: Option<String>,
        /// How to print: text, or json.
        #[arg(long, value_enum, default_value = "text")]
        format: OutFormat,
    },
}

/// Text for people or one JSON object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum OutFormat {
    Text,
    Json,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date YYYY-MM-DD"))
}

pub(super) fn run(
    c: CalendarCommand,
    lang: Lang,
    stdin: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match c {
        CalendarCommand::Show {
            calendar,
            json: true,
        } => write_pretty_json(out, load_calendar(&calendar)?.spec()),
        CalendarCommand::Show {
            calendar,
            json: false,
        } => {
            if calendar == "default" {
                out.write_all(loket_core::JATENGPROV_CALENDAR.as_bytes())?;
            } else {
                out.write_all(load_calendar(&calendar)?.spec().to_toml().as_bytes())?;
            }
            Ok(())
        }
        CalendarCommand::Check {
            calendar,
            today,
            warn_days,
            format,
        } => check(&calendar, today, warn_days, format, lang, out),
        CalendarCommand::Diff {
            old,
            new,
            data,
            tickets,
            at,
            format,
        } => {
            let at = match at {
                Some(t) => Timestamp::parse(&t)?,
                None => now(),
            };
            let args = DiffArgs {
                old: &old,
                new: &new,
                data: data.as_deref(),
                tickets: &tickets,
                at,
            };
            run_diff(&args, format, lang, stdin, out)
        }
    }
}

fn ranges(v: &[YearRange]) -> String {
    if v.is_empty() {
        return "-".into();
    }
    let s: Vec<String> = v
        .iter()
        .map(|r| match r.from == r.to {
            true => r.from.to_string(),
            false => format!("{}–{}", r.from, r.to),
        })
        .collect();
    s.join(", ")
}

fn check(
    calendar: &str,
    today: Option<NaiveDate>,
    warn_days: u32,
    format: OutFormat,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let cal = load_calendar(calendar)?;
    let today = today.unwrap_or_else(|| now().in_zone(cal.timezone()).date_naive());
    let coverage = cal.coverage();
    let warning = cal.coverage_warning(today, warn_days);
    if format == OutFormat::Json {
        let v = serde_json::json!({
            "valid": true,
            "name": cal.spec().name,
            "timezone": cal.timezone().name(),
            "holidays": cal.spec().holidays.len(),
            "overrides": cal.spec().overrides.len(),
            "coveredYears": cal.covered_years(),
            "coverage": coverage,
            "horizon": {"from": cal.horizon().0, "to": cal.horizon().1},
            "today": today,
            "warning": warning.map(|w| loket_core::view::CoverageAlert::of(w, lang)),
        });
        return write_pretty_json(out, &v);
    }
    let spec = cal.spec();
    let (from, to) = cal.horizon();
    let line = |out: &mut dyn Write, k: (&str, &str), v: String| {
        writeln!(out, "{}: {v}", lang.pick(k.0, k.1))
    };
    line(
        out,
        ("nama", "name"),
        spec.name.clone().unwrap_or("-".into()),
    )?;
    line(out, ("zona waktu", "time zone"), cal.timezone().to_string())?;
    let provisional = spec.holidays.iter().filter(|h| h.provisional).count();
    let holidays = match provisional {
        0 => spec.holidays.len().to_string(),
        n => match lang {
            Lang::Id => format!("{} ({n} perkiraan)", spec.holidays.len()),
            Lang::En => format!("{} ({n} provisional)", spec.holidays.len()),
        },
    };
    line(out, ("hari libur", "holidays"), holidays)?;
    line(
        out,
        ("pengecualian", "overrides"),
        spec.overrides.len().to_string(),
    )?;
    line(
        out,
        (
            "tahun tercakup daftar libur",
            "years the holiday list covers",
        ),
        ranges(cal.covered_years()),
    )?;
    line(
        out,
        ("  ditetapkan (SKB)", "  confirmed (decree)"),
        ranges(&coverage.confirmed),
    )?;
    line(
        out,
        (
            "  perkiraan, menunggu SKB",
            "  provisional, awaiting the decree",
        ),
        ranges(&coverage.provisional),
    )?;
    line(
        out,
        ("tanggal terakhir yang ditetapkan", "last confirmed date"),
        coverage
            .last_confirmed
            .map_or("-".into(), |d| lang.long_date(&d)),
    )?;
    line(
        out,
        ("rentang hitung", "computable range"),
        format!("{from} – {to}"),
    )?;
    if let Some(w) = &warning {
        writeln!(
            out,
            "{}: {} [{}]",
            lang.pick("peringatan", "warning"),
            w.message(lang),
            w.code()
        )?;
    }
    writeln!(out, "{}", lang.pick("kalender valid", "calendar is valid"))?;
    Ok(())
}

struct DiffArgs<'a> {
    old: &'a str,
    new: &'a str,
    data: Option<&'a str>,
    tickets: &'a [String],
    at: Timestamp,
}

fn run_diff(
    a: &DiffArgs<'_>,
    format: OutFormat,
    lang: Lang,
    stdin: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (old, new) = (load_calendar(a.old)?, load_calendar(a.new)?);
    let changes = diff(old.spec(), new.spec());
    let open = open_tickets(a, stdin)?;
    let mut moves: Vec<DeadlineMove> = Vec::new();
    for t in &open {
        let m = deadline_move(t, &old, &new, a.at)?;
        if m.moves() {
            moves.push(m);
        }
    }
    let given = a.data.is_some() || !a.tickets.is_empty();
    if format == OutFormat::Json {
        let v = serde_json::json!({
            "old": a.old,
            "new": a.new,
            "changes": changes,
            "tickets": given.then(|| serde_json::json!({
                "at": a.at,
                "open": open.len(),
                "moves": moves,
            })),
        });
        return write_pretty_json(out, &v);
    }
    print_changes(&changes, a, lang, out)?;
    if given {
        print_moves(&moves, open.len(), &new, lang, out)?;
    }
    Ok(())
}

fn print_changes(
    changes: &[Change],
    a: &DiffArgs<'_>,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    writeln!(
        out,
        "{} {} → {}",
        lang.pick("Perubahan kalender", "Calendar changes"),
        a.old,
        a.new
    )?;
    for c in changes {
        writeln!(out, "  {}", c.describe(lang))?;
    }
    writeln!(
        out,
        "{}",
        match (lang, changes.len()) {
            (Lang::Id, 0) => "Tidak ada perubahan.".to_string(),
            (Lang::Id, n) => format!("{n} perubahan."),
            (Lang::En, 0) => "No changes.".to_string(),
            (Lang::En, 1) => "1 change.".to_string(),
            (Lang::En, n) => format!("{n} changes."),
        }
    )?;
    Ok(())
}

fn print_moves(
    moves: &[DeadlineMove],
    open: usize,
    new: &Calendar,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let n = moves.len();
    writeln!(
        out,
        "{}",
        match lang {
            Lang::Id => format!(
                "Tiket terbuka yang tenggatnya bergeser bila dievaluasi ulang: {n} dari {open}"
            ),
            Lang::En =>
                format!("Open tickets whose deadline would move if re-evaluated: {n} of {open}"),
        }
    )?;
    for m in moves {
        let note = if m.provisional {
            lang.pick(" (perkiraan)", " (provisional)")
        } else {
            ""
        };
        writeln!(
            out,
            "  {}  {} {}: {} → {}{note}",
            m.number,
            lang.pick("diterima", "received"),
            new.when(m.received_at, lang),
            new.when(m.old_due, lang),
            new.when(m.new_due, lang)
        )?;
    }
    writeln!(
        out,
        "{}",
        lang.pick(
            "Tiket lama tetap memakai ketentuan SLA-nya sampai dievaluasi ulang.",
            "Old tickets keep their SLA terms until re-evaluated."
        )
    )?;
    Ok(())
}

/// The open tickets of `--data` and `--tickets`.
fn open_tickets(a: &DiffArgs<'_>, stdin: &mut dyn BufRead) -> Result<Vec<Ticket>, CliError> {
    let mut out = Vec::new();
    if let Some(dir) = a.data {
        out.extend(store_tickets(Path::new(dir))?);
    }
    let profile = load_profile(a.old, None)?;
    for file in a.tickets {
        let text = super::ticket::read(file, stdin)?;
        let t = super::ticket::replay(&profile, &text, Lang::En)
            .map_err(|e| CliError::Io(format!("{file}: {}", e.render(Lang::En))))?;
        out.push(t);
    }
    out.retain(|t| !t.state().is_terminal());
    Ok(out)
}

/// Every ticket of the service's store in `dir` (which must exist: nothing is
/// created). Tickets are replayed from their events, as the service does at start.
fn store_tickets(dir: &Path) -> Result<Vec<Ticket>, CliError> {
    use loket_store::{SqliteStore, Store};
    if !dir.join("loket.sqlite3").is_file() {
        return Err(CliError::Io(format!(
            "{}: no loket.sqlite3 here (expected the directory of `loket serve --data`)",
            dir.display()
        )));
    }
    let mut store = SqliteStore::open(dir).map_err(|e| CliError::Io(e.to_string()))?;
    let loaded = store.load(None).map_err(|e| CliError::Io(e.to_string()))?;
    loaded
        .tickets
        .iter()
        .map(|(number, events)| {
            Ticket::replay(events).map_err(|e| CliError::Io(format!("ticket {number}: {e}")))
        })
        .collect()
}
