//! `loket report`, `loket skm` and `loket simulate`: the desk held to account, from
//! the command line (see docs/reports.md).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use loket_core::report::export::{self, AlignedBytes, FactsArchive};
use loket_core::report::simulate::{simulate, Volume};
use loket_core::report::{report, Counts, Filter, IntakeCounts, Period, Report, TicketFacts};
use loket_core::skm::{index_in, GradeTable, Response, SkmReport};
use loket_core::ticket::{Channel, Ticket};
use loket_core::{Lang, Profile, TicketKind, Timestamp};
use loket_store::{Batch, SqliteStore, Store};

use super::ticket::{read, replay};
use super::{load_profile, util, CliError};

/// How a report is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// Tables for people.
    Text,
    /// The report object (the same as `GET /api/v1/reports/sla`).
    Json,
    /// One row per application and a total (reports); one row per element (SKM).
    Csv,
}

/// Where a report's tickets come from, and which of them.
#[derive(Debug, Args)]
pub(super) struct Source {
    /// A desk's data directory (`loket serve --data`): its stored tickets.
    #[arg(long, conflicts_with_all = ["events", "simulate", "export"])]
    data: Option<PathBuf>,
    /// Event files (JSON lines; several tickets one after another, each starting
    /// with its `received` event or an intake line), `-` for stdin.
    #[arg(long, conflicts_with_all = ["simulate", "export"])]
    events: Option<String>,
    /// A simulated desk from this seed (over `--from`/`--to`, by default the last
    /// full year).
    #[arg(long, conflicts_with = "export")]
    simulate: Option<u64>,
    /// Mean messages per open day of the simulated desk.
    #[arg(long, default_value_t = 12.0, requires = "simulate")]
    per_day: f64,
    /// An export (`loket report export`, `GET /api/v1/reports/export`), `-` for
    /// stdin: its facts as they were read, on the calendar it carries.
    #[arg(long)]
    export: Option<String>,
    /// First day (YYYY-MM-DD, in the desk's zone) or instant of receipt (inclusive).
    #[arg(long, allow_hyphen_values = true)]
    from: Option<String>,
    /// Last day (inclusive) or instant (exclusive) of receipt.
    #[arg(long, allow_hyphen_values = true)]
    to: Option<String>,
    /// Read the tickets at this instant (default: now for `--data`, the last event
    /// for event files, the period's end for `--simulate`; an export's tickets were
    /// read when it was written).
    #[arg(long, allow_hyphen_values = true, conflicts_with = "export")]
    as_of: Option<String>,
    /// Calendar file (TOML or JSON), or `default` (with `--data`: the desk's own;
    /// with `--export`: the export's own).
    #[arg(long, default_value = "default")]
    calendar: String,
    /// Policy file (TOML or JSON), or `default`.
    #[arg(long, default_value = "default")]
    policy: String,
}

/// `loket report`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(super) struct ReportArgs {
    /// Write an export instead of a report.
    #[command(subcommand)]
    command: Option<ReportCommand>,
    #[command(flatten)]
    source: Source,
    /// Only this product id (`desk`: feedback about the desk itself).
    #[arg(long)]
    application: Option<String>,
    /// Only this kind (complaint, request, incident; aduan, permintaan, insiden).
    #[arg(long)]
    kind: Option<TicketKind>,
    /// Only tickets that reached this tier (first_line, application_staff,
    /// change_management, information_security, operations_design).
    #[arg(long)]
    tier: Option<String>,
    /// Only tickets this officer was assigned.
    #[arg(long)]
    officer: Option<String>,
    /// Only this channel (whatsapp, email).
    #[arg(long)]
    channel: Option<String>,
    /// text, json or csv.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// `loket report export`.
#[derive(Debug, clap::Subcommand)]
pub(super) enum ReportCommand {
    /// The period's ticket facts as one export (an rkyv archive, about 60 bytes a
    /// ticket), for the dashboard and the npm package to read offline
    /// (docs/reports.md).
    Export(ExportArgs),
}

/// `loket report export`.
#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    #[command(flatten)]
    source: Source,
    /// Where to write it (`-`: stdout).
    #[arg(long, short)]
    out: String,
}

/// `loket skm`.
#[derive(Debug, Args)]
pub(super) struct SkmArgs {
    /// The answers (CSV, comma or semicolon): a header naming the nine elements (or
    /// U1…U9), one row per respondent, values 1–4; other columns are ignored.
    #[arg(long)]
    answers: String,
    /// The period's population (service users), for the Krejcie–Morgan sample size.
    #[arg(long)]
    population: Option<u64>,
    /// The grading table: permenpanrb-14-2017 (in force) or kepmenpan-25-2004.
    #[arg(long, default_value = "permenpanrb-14-2017")]
    table: String,
    /// text, json or csv.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// `loket simulate`.
#[derive(Debug, Args)]
pub(super) struct SimulateArgs {
    /// The seed: the same seed, calendar and period give the same tickets.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// First day (YYYY-MM-DD) or instant of receipt.
    #[arg(long, allow_hyphen_values = true)]
    from: String,
    /// Last day (inclusive) or instant (exclusive).
    #[arg(long, allow_hyphen_values = true)]
    to: String,
    /// Mean messages per open day.
    #[arg(long, default_value_t = 12.0)]
    per_day: f64,
    /// Write the tickets into this data directory (a scratch desk for `loket serve
    /// --data`; it must hold no tickets yet) instead of printing event lines.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Calendar file (TOML or JSON), or `default`.
    #[arg(long, default_value = "default")]
    calendar: String,
    /// Policy file (TOML or JSON), or `default`.
    #[arg(long, default_value = "default")]
    policy: String,
}

/// Tickets from a file of several tickets' event lines.
fn replay_many(profile: &Profile, text: &str, lang: Lang) -> Result<Vec<Ticket>, CliError> {
    let mut tickets = Vec::new();
    let mut chunk = String::new();
    let mut first_line = 1usize;
    let starts = |line: &str| {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        v.get("intake").is_some() || v.get("event").and_then(|e| e.as_str()) == Some("received")
    };
    let mut flush = |chunk: &mut String, first_line: usize| -> Result<(), CliError> {
        if chunk.trim().is_empty() {
            return Ok(());
        }
        let t = replay(profile, chunk, lang).map_err(|e| {
            CliError::Io(format!(
                "{} {first_line}: {}",
                lang.pick("tiket mulai baris", "ticket starting at line"),
                e.render(lang)
            ))
        })?;
        tickets.push(t);
        chunk.clear();
        Ok(())
    };
    for (i, line) in text.lines().enumerate() {
        if starts(line) {
            flush(&mut chunk, first_line)?;
            first_line = i + 1;
        }
        chunk.push_str(line);
        chunk.push('\n');
    }
    flush(&mut chunk, first_line)?;
    Ok(tickets)
}

/// The profile a data directory's desk runs on: `base` with the administrator's
/// stored edits.
fn desk_profile(
    base: Profile,
    store: &mut SqliteStore,
) -> Result<(Profile, Vec<Ticket>), CliError> {
    let loaded = store.load(None).map_err(|e| CliError::Io(e.to_string()))?;
    let mut profile = base;
    for (part, text) in &loaded.config {
        profile = loket_desk::desk::with_part(&profile, part, text)
            .map_err(|e| CliError::Io(format!("stored {part}: {}", e.en)))?;
    }
    let mut tickets = Vec::with_capacity(loaded.tickets.len());
    for (number, events) in loaded.tickets {
        tickets.push(
            Ticket::replay(&events).map_err(|e| {
                CliError::Io(format!("stored ticket {number} does not replay: {e}"))
            })?,
        );
    }
    Ok((profile, tickets))
}

/// The tickets of a source, read: the profile they are read on, their facts (those
/// received in the period), the period and the instant they were read at, and the
/// store when they come from a data directory.
struct Gathered {
    profile: Profile,
    facts: Vec<TicketFacts>,
    period: Period,
    as_of: Timestamp,
    store: Option<SqliteStore>,
    /// The intake counts an export carries (over its whole period).
    intake: Option<IntakeCounts>,
    /// An export, checked: reports read its rows where they lie, and `facts` stays
    /// empty until [`Gathered::decode`] (only a new export needs them as values).
    export: Option<AlignedBytes>,
}

impl Gathered {
    /// An export's facts received in the period, as values.
    fn decode(&mut self, lang: Lang) -> Result<(), CliError> {
        if let Some(bytes) = &self.export {
            let archive =
                FactsArchive::open(bytes).map_err(|e| CliError::Input(e.message(lang)))?;
            let period = self.period;
            self.facts = archive
                .facts()
                .into_iter()
                .filter(|f| period.contains(f.received))
                .collect();
        }
        Ok(())
    }
}

fn gather(a: &Source, lang: Lang, stdin: &mut dyn std::io::BufRead) -> Result<Gathered, CliError> {
    if let Some(file) = &a.export {
        return gather_export(a, file, lang, stdin);
    }
    let base = load_profile(&a.calendar, Some(&a.policy))?;
    let mut store = None;
    let (profile, tickets, default_as_of) = if let Some(dir) = &a.data {
        let mut s = SqliteStore::open(dir).map_err(|e| CliError::Io(e.to_string()))?;
        let (p, t) = desk_profile(base, &mut s)?;
        store = Some(s);
        (p, t, util::now())
    } else if let Some(file) = &a.events {
        let text = read(file, stdin)?;
        let t = replay_many(&base, &text, lang)?;
        let last = t
            .iter()
            .filter_map(|t| t.history().last().map(|e| e.at))
            .max()
            .unwrap_or_else(util::now);
        (base, t, last)
    } else if let Some(seed) = a.simulate {
        let (from, to) = sim_period(&a.from, &a.to, &base)?;
        let volume = volume(a.per_day, lang)?;
        let t = simulate(&base, from, to, seed, volume);
        (base, t, to)
    } else {
        return Err(CliError::Input(
            lang.pick(
                "sebutkan sumber tiket: --data DIR, --events FILE, --simulate SEED atau --export FILE",
                "name where the tickets come from: --data DIR, --events FILE, --simulate SEED or --export FILE",
            )
            .into(),
        ));
    };
    let as_of = match &a.as_of {
        Some(t) => Period::bound(t, &profile.calendar, false)?,
        None => default_as_of,
    };
    let from = match &a.from {
        Some(t) => Period::bound(t, &profile.calendar, false)?,
        None => tickets
            .iter()
            .map(Ticket::received_at)
            .min()
            .unwrap_or(as_of),
    };
    let to = match &a.to {
        Some(t) => Period::bound(t, &profile.calendar, true)?,
        None => Timestamp::from_unix(as_of.unix().max(from.unix()) + 1),
    };
    let period = Period { from, to };
    let mut facts = Vec::with_capacity(tickets.len());
    for t in &tickets {
        if period.contains(t.received_at()) {
            facts.push(TicketFacts::of(
                t,
                &profile.calendar,
                as_of.max(last_event(t)),
            )?);
        }
    }
    Ok(Gathered {
        profile,
        facts,
        period,
        as_of,
        store,
        intake: None,
        export: None,
    })
}

/// An export's facts, on the profile it carries (or the one named).
fn gather_export(
    a: &Source,
    file: &str,
    lang: Lang,
    stdin: &mut dyn std::io::BufRead,
) -> Result<Gathered, CliError> {
    let raw = if file == "-" {
        let mut v = Vec::new();
        stdin.read_to_end(&mut v)?;
        v
    } else {
        std::fs::read(file).map_err(|e| CliError::Io(format!("{file}: {e}")))?
    };
    let bytes = AlignedBytes::copy(&raw);
    drop(raw);
    let archive = FactsArchive::open(&bytes)
        .map_err(|e| CliError::Input(format!("{file}: {}", e.message(lang))))?;
    let profile = if a.calendar == "default" && a.policy == "default" {
        archive.profile()?
    } else {
        load_profile(&a.calendar, Some(&a.policy))?
    };
    let exported = archive.period();
    let (intake, as_of) = (archive.intake(), archive.as_of());
    let period = Period {
        from: match &a.from {
            Some(t) => Period::bound(t, &profile.calendar, false)?,
            None => exported.from,
        },
        to: match &a.to {
            Some(t) => Period::bound(t, &profile.calendar, true)?,
            None => exported.to,
        },
    };
    Ok(Gathered {
        facts: Vec::new(),
        intake: intake.filter(|_| period == exported),
        period,
        as_of,
        profile,
        store: None,
        export: Some(bytes),
    })
}

fn volume(per_day: f64, lang: Lang) -> Result<Volume, CliError> {
    if !(per_day > 0.0 && per_day <= 1000.0) {
        return Err(CliError::Input(
            lang.pick(
                "--per-day harus antara 0 dan 1000",
                "--per-day must be between 0 and 1000",
            )
            .into(),
        ));
    }
    Ok(Volume {
        per_open_day: per_day,
    })
}

pub(super) fn run_report(
    a: ReportArgs,
    lang: Lang,
    stdin: &mut dyn std::io::BufRead,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if let Some(ReportCommand::Export(e)) = a.command {
        return run_export(e, lang, stdin, out);
    }
    let Gathered {
        profile,
        facts,
        period,
        store,
        intake,
        export,
        ..
    } = gather(&a.source, lang, stdin)?;
    let filter = Filter {
        application: a.application,
        kind: a.kind,
        tier: a
            .tier
            .as_deref()
            .map(|t| parse_enum(t, "tier", lang))
            .transpose()?,
        officer: a.officer,
        channel: a
            .channel
            .as_deref()
            .map(|c| parse_enum::<Channel>(c, "channel", lang))
            .transpose()?,
    };
    let mut r = match &export {
        // Read in place: the rows are not decoded into facts first.
        Some(bytes) => FactsArchive::open(bytes)
            .map_err(|e| CliError::Input(e.message(lang)))?
            .report(&filter, period, &profile, lang),
        None => report(&facts, &filter, period, &profile, lang),
    };
    r.intake = intake;
    // A desk's data directory also knows every message it took in.
    if let Some(mut s) = store {
        let log = s
            .intake_log(period.from, period.to)
            .map_err(|e| CliError::Io(e.to_string()))?;
        r.intake = Some(IntakeCounts::of(&log, period));
    }
    match a.format {
        Format::Json => util::write_pretty_json(out, &r),
        Format::Csv => report_csv(&r, out),
        Format::Text => report_text(&r, &profile, lang, out),
    }
}

/// `loket report export`: the facts of the period as an export.
fn run_export(
    a: ExportArgs,
    lang: Lang,
    stdin: &mut dyn std::io::BufRead,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let mut g = gather(&a.source, lang, stdin)?;
    g.decode(lang)?;
    let intake = match g.store.as_mut() {
        Some(s) => Some(IntakeCounts::of(
            &s.intake_log(g.period.from, g.period.to)
                .map_err(|e| CliError::Io(e.to_string()))?,
            g.period,
        )),
        // An export's own counts, when it is written again over its whole period.
        None => g.intake.take(),
    };
    let bytes = export::write(&g.facts, g.period, g.as_of, &g.profile, intake.as_ref())
        .map_err(|e| CliError::Input(e.message(lang)))?;
    if a.out == "-" {
        out.write_all(&bytes)?;
    } else {
        std::fs::write(&a.out, &bytes).map_err(|e| CliError::Io(format!("{}: {e}", a.out)))?;
        writeln!(
            out,
            "{}: {} {}, {} bytes",
            a.out,
            g.facts.len(),
            lang.pick("tiket", "tickets"),
            bytes.len()
        )?;
    }
    Ok(())
}

fn last_event(t: &Ticket) -> Timestamp {
    t.history().last().map_or(t.received_at(), |e| e.at)
}

fn sim_period(
    from: &Option<String>,
    to: &Option<String>,
    profile: &Profile,
) -> Result<(Timestamp, Timestamp), CliError> {
    use chrono::Datelike;
    let year = util::now().in_zone(profile.calendar.timezone()).year() - 1;
    let from = Period::bound(
        from.as_deref().unwrap_or(&format!("{year}-01-01")),
        &profile.calendar,
        false,
    )?;
    let to = Period::bound(
        to.as_deref().unwrap_or(&format!("{year}-12-31")),
        &profile.calendar,
        true,
    )?;
    Ok((from, to))
}

fn parse_enum<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
    lang: Lang,
) -> Result<T, CliError> {
    serde_json::from_value(serde_json::Value::String(text.trim().to_string())).map_err(|e| {
        CliError::Input(format!(
            "{what} `{text}`: {}",
            loket_core::error::serde_message(&e.to_string(), lang)
        ))
    })
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |x| format!("{:.1} %", x * 100.0))
}

fn dur(x: Option<i64>) -> String {
    x.map_or_else(|| "–".into(), loket_core::format_seconds)
}

fn report_text(
    r: &Report,
    profile: &Profile,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let cal = &profile.calendar;
    let c = &r.counts;
    writeln!(
        out,
        "{} {} – {} ({} {})",
        lang.pick("Laporan SLA", "SLA report"),
        cal.when(r.period.from, lang),
        cal.when(r.period.to, lang),
        lang.pick("dibaca per", "as of"),
        cal.when(r.as_of, lang)
    )?;
    writeln!(
        out,
        "{}: {}   {}: {}   {}: {}   {}: {}   {}: {} ({} {})   {}: {}",
        lang.pick("tiket", "tickets"),
        c.tickets,
        lang.pick("selesai", "finished"),
        c.finished,
        lang.pick("tepat waktu", "met"),
        c.met,
        lang.pick("terbuka", "open"),
        c.open,
        lang.pick("lewat tenggat", "breached"),
        c.breached,
        c.breached_open,
        lang.pick("masih terbuka", "still open"),
        lang.pick("dibatalkan", "cancelled"),
        c.cancelled,
    )?;
    writeln!(
        out,
        "{}: {}   {}: {}",
        lang.pick("Kepatuhan SLA", "SLA compliance"),
        pct(c.compliance),
        lang.pick("dibuka kembali", "reopen rate"),
        pct(r.reopen_rate)
    )?;
    writeln!(
        out,
        "{}: {} {} / p90 {} / {} {}   {}: {}",
        lang.pick("Waktu penanganan operasional", "Operational handling time"),
        lang.pick("median", "median"),
        dur(r.handling.median),
        dur(r.handling.p90),
        lang.pick("maks", "max"),
        dur(r.handling.max),
        lang.pick("respons pertama (median)", "first response (median)"),
        dur(r.first_response.median),
    )?;
    if let Some(i) = &r.intake {
        let by = |k: &str| i.by_outcome.get(k).copied().unwrap_or(0);
        writeln!(
            out,
            "{}: {}   {}: {}   {}: {}   {}: {}   {}: {}",
            lang.pick("Pesan masuk", "Messages received"),
            i.received,
            lang.pick("jadi tiket", "ticketed"),
            by("accepted"),
            lang.pick("dirujuk", "referred"),
            by("referred"),
            lang.pick("ditolak", "refused"),
            by("refused"),
            lang.pick("balasan ke tiket", "replies to tickets"),
            by("threaded"),
        )?;
        if !i.out_of_scope.is_empty() {
            let named: Vec<String> = i
                .out_of_scope
                .iter()
                .map(|(k, n)| format!("{k} ({n})"))
                .collect();
            writeln!(
                out,
                "{}: {}",
                lang.pick(
                    "Di luar layanan (aplikasi yang disebut)",
                    "Out of scope (applications named)"
                ),
                named.join(", ")
            )?;
        }
    }
    writeln!(out, "\n{}", lang.pick("Per aplikasi", "By application"))?;
    writeln!(
        out,
        "  {:<18} {:>6} {:>8} {:>6} {:>8} {:>10} {:>5} {:>10}",
        lang.pick("aplikasi", "application"),
        lang.pick("tiket", "tickets"),
        lang.pick("selesai", "finished"),
        lang.pick("tepat", "met"),
        lang.pick("lewat", "breached"),
        lang.pick("kepatuhan", "compliance"),
        lang.pick("tim", "team"),
        lang.pick("per orang", "per member"),
    )?;
    for (app, c) in &r.by_application {
        let load = r.load.get(app);
        writeln!(
            out,
            "  {:<18} {:>6} {:>8} {:>6} {:>8} {:>10} {:>5} {:>10}",
            app,
            c.tickets,
            c.finished,
            c.met,
            c.breached,
            pct(c.compliance),
            load.map_or("–".into(), |l| l.team_size.to_string()),
            load.map_or("–".into(), |l| format!("{:.1}", l.per_member)),
        )?;
    }
    writeln!(
        out,
        "\n{}",
        lang.pick(
            "Umur antrean (hari operasional)",
            "Backlog age (operational days)"
        )
    )?;
    for b in &r.backlog {
        let range = match b.to_days {
            Some(t) => format!("{}–{}", b.from_days, t),
            None => format!("≥ {}", b.from_days),
        };
        writeln!(out, "  {range:<8} {}", b.count)?;
    }
    writeln!(out, "\n{}", lang.pick("Per bulan", "By month"))?;
    for m in &r.monthly {
        writeln!(
            out,
            "  {}  {:>5} {}  {:>5} {}  {}",
            m.period,
            m.counts.tickets,
            lang.pick("tiket", "tickets"),
            m.counts.breached,
            lang.pick("lewat", "breached"),
            pct(m.counts.compliance)
        )?;
    }
    if !r.officers.is_empty() {
        writeln!(
            out,
            "\n{}",
            lang.pick("Beban per petugas", "Load per officer")
        )?;
        for o in &r.officers {
            writeln!(
                out,
                "  {:<28} {:>5} {}  {:>4} {}  {}",
                o.officer,
                o.counts.tickets,
                lang.pick("tiket", "tickets"),
                o.counts.open,
                lang.pick("terbuka", "open"),
                pct(o.counts.compliance)
            )?;
        }
    }
    if !r.breaches.is_empty() {
        writeln!(
            out,
            "\n{} ({})",
            lang.pick("Pelanggaran tenggat", "Breaches"),
            r.breaches.len()
        )?;
        for b in r.breaches.iter().take(20) {
            writeln!(out, "  {}: {}", b.number, b.explanation)?;
        }
        if r.breaches.len() > 20 {
            writeln!(
                out,
                "  … {} {}",
                r.breaches.len() - 20,
                lang.pick(
                    "lainnya (--format json untuk semua)",
                    "more (--format json for all)"
                )
            )?;
        }
    }
    Ok(())
}

fn report_csv(r: &Report, out: &mut dyn Write) -> Result<(), CliError> {
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| CliError::Io(e.to_string());
    w.write_record([
        "application",
        "tickets",
        "open",
        "finished",
        "met",
        "breached",
        "breached_open",
        "cancelled",
        "reopened",
        "compliance",
    ])
    .map_err(io)?;
    let row = |name: &str, c: &Counts| {
        vec![
            name.to_string(),
            c.tickets.to_string(),
            c.open.to_string(),
            c.finished.to_string(),
            c.met.to_string(),
            c.breached.to_string(),
            c.breached_open.to_string(),
            c.cancelled.to_string(),
            c.reopened.to_string(),
            c.compliance.map_or(String::new(), |x| format!("{x:.4}")),
        ]
    };
    for (app, c) in &r.by_application {
        w.write_record(row(app, c)).map_err(io)?;
    }
    w.write_record(row("total", &r.counts)).map_err(io)?;
    w.flush()?;
    Ok(())
}

/// `loket skm`: the index over answers typed into a spreadsheet
/// ([`Response::read_csv`]).
pub(super) fn run_skm(
    a: SkmArgs,
    lang: Lang,
    stdin: &mut dyn std::io::BufRead,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let table = GradeTable::by_id(&a.table).map_err(|e| CliError::Input(e.message(lang)))?;
    let text = read(&a.answers, stdin)?;
    let answers = Response::read_csv(&text).map_err(|e| CliError::Input(e.message(lang)))?;
    let r = index_in(&answers, &table, a.population, lang)
        .map_err(|e| CliError::Input(e.message(lang)))?;
    match a.format {
        Format::Json => util::write_pretty_json(out, &r),
        Format::Csv => skm_csv(&r, out),
        Format::Text => skm_text(&r, lang, out),
    }
}

fn skm_text(r: &SkmReport, lang: Lang, out: &mut dyn Write) -> Result<(), CliError> {
    writeln!(
        out,
        "{} ({})",
        lang.pick("Indeks Kepuasan Masyarakat", "Community Satisfaction Index"),
        r.regulation
    )?;
    writeln!(
        out,
        "  {:<4} {:<50} {:>7} {:>10}",
        lang.pick("kode", "code"),
        lang.pick("unsur", "element"),
        "NRR",
        lang.pick("NRR × 1/9", "NRR × 1/9")
    )?;
    for e in &r.elements {
        writeln!(
            out,
            "  {:<4} {:<50} {:>7.3} {:>10.4}",
            e.code, e.label, e.nrr, e.weighted
        )?;
    }
    writeln!(
        out,
        "{}: {}   IKM: {:.4}   {}: {:.2}   {}: {} ({})",
        lang.pick("Responden", "Respondents"),
        r.respondents,
        r.ikm,
        lang.pick("nilai konversi", "converted"),
        r.score,
        lang.pick("mutu", "grade"),
        r.grade,
        r.performance
    )?;
    if let Some(w) = &r.sample.warning {
        writeln!(out, "{}: {w}", lang.pick("Peringatan", "Warning"))?;
    }
    Ok(())
}

fn skm_csv(r: &SkmReport, out: &mut dyn Write) -> Result<(), CliError> {
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| CliError::Io(e.to_string());
    w.write_record([
        "code", "element", "total", "nrr", "weighted", "n1", "n2", "n3", "n4",
    ])
    .map_err(io)?;
    for e in &r.elements {
        let mut row = vec![
            e.code.clone(),
            e.label.clone(),
            e.total.to_string(),
            format!("{:.6}", e.nrr),
            format!("{:.6}", e.weighted),
        ];
        row.extend(e.distribution.iter().map(u64::to_string));
        w.write_record(row).map_err(io)?;
    }
    w.write_record([
        "IKM".to_string(),
        format!("{} {}", r.grade, r.performance),
        r.respondents.to_string(),
        format!("{:.6}", r.ikm),
        format!("{:.2}", r.score),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ])
    .map_err(io)?;
    w.flush()?;
    Ok(())
}

pub(super) fn run_simulate(
    a: SimulateArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let profile = load_profile(&a.calendar, Some(&a.policy))?;
    let from = Period::bound(&a.from, &profile.calendar, false)?;
    let to = Period::bound(&a.to, &profile.calendar, true)?;
    let tickets = simulate(&profile, from, to, a.seed, volume(a.per_day, lang)?);
    let Some(dir) = a.data else {
        for t in &tickets {
            for e in t.history() {
                writeln!(out, "{}", serde_json::to_string(e).unwrap_or_default())?;
            }
        }
        return Ok(());
    };
    let mut store = SqliteStore::open(&dir).map_err(|e| CliError::Io(e.to_string()))?;
    let loaded = store.load(None).map_err(|e| CliError::Io(e.to_string()))?;
    if !loaded.tickets.is_empty() {
        return Err(CliError::Input(format!(
            "{} {}",
            dir.display(),
            lang.pick(
                "sudah berisi tiket: simulasi hanya ditulis ke desk kosong",
                "already holds tickets: a simulation is only written into an empty desk"
            )
        )));
    }
    let mut batch = Batch::default();
    for (i, t) in tickets.iter().enumerate() {
        let year = t
            .number()
            .split('-')
            .nth(1)
            .and_then(|y| y.parse().ok())
            .unwrap_or(0);
        batch.tickets.push((
            t.number().to_string(),
            year,
            u32::try_from(i + 1).unwrap_or(u32::MAX),
        ));
        for (pos, e) in t.history().iter().enumerate() {
            batch.events.push((t.number().to_string(), pos, e.clone()));
        }
        // As the desk logs every message it takes in.
        batch.intake_log.push(loket_core::report::IntakeEntry {
            at: t.received_at(),
            channel: t.channel(),
            outcome: if t.application().is_some() {
                loket_core::report::IntakeKind::Accepted
            } else {
                loket_core::report::IntakeKind::Referred
            },
            refusal: None,
            named: None,
        });
    }
    store
        .commit(&batch)
        .map_err(|e| CliError::Io(e.to_string()))?;
    writeln!(
        out,
        "{} {} {} {}",
        tickets.len(),
        lang.pick("tiket simulasi ditulis ke", "simulated tickets written to"),
        dir.display(),
        lang.pick(
            "(jalankan: loket serve --data DIR)",
            "(run: loket serve --data DIR)"
        )
    )?;
    Ok(())
}
