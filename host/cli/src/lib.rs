//! The `loket` command line: argument parsing and the commands, written against
//! `BufRead`/`Write` so that tests run it in-process ([`main`],
//! [`main_with_terminal`]); the `loket` binary (`src/main.rs`) calls it with the
//! process's streams.

mod calendar;
mod check;
mod plugin;
mod plugin_build;
mod report;
mod serve;
mod sla;
mod status;
mod ticket;
mod util;

use std::ffi::OsString;
use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use loket_core::{Calendar, Lang, Profile, SlaPolicy, Timestamp};

/// Loket: the ticketing engine of Service Desk JatengProv.
#[derive(Debug, Parser)]
#[command(name = "loket", version, about, long_about = None)]
pub struct Cli {
    /// Language of messages for people: id (Bahasa Indonesia) or en.
    #[arg(long, global = true, default_value = "id", env = "LOKET_LANG")]
    pub lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The desk now: open or closed, its hours, the next holidays, and the deadlines
    /// the standard promises for a complaint or request sent now.
    Status {
        /// Calendar file (TOML or JSON), or `default`.
        #[arg(long, default_value = "default")]
        calendar: String,
        /// Policy file (TOML or JSON), or `default`.
        #[arg(long, default_value = "default")]
        policy: String,
        /// Show the status at this instant instead of now (RFC 3339 or unix seconds).
        #[arg(long, allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// Operational-hours SLA arithmetic on a calendar.
    #[command(subcommand)]
    Sla(sla::SlaCommand),
    /// Tickets: replay an event file, run intake on a message.
    #[command(subcommand)]
    Ticket(ticket::TicketCommand),
    /// Show, check or compare operating calendars.
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// Routing plugins (WebAssembly components): check, run on a ticket, benchmark.
    #[command(subcommand)]
    Plugin(plugin::PluginCommand),
    /// Route a ticket: by its application's plugin (from `--plugins DIR`), falling
    /// back to the default router.
    Route(plugin::RouteArgs),
    /// Run the service desk: the HTTP API, the staff and citizen pages, the durable
    /// store, the SLA watch and the outbox (on the embedded JatengProv defaults).
    Serve(Box<serve::ServeArgs>),
    /// SLA compliance reports over a period: from a desk's data directory, event
    /// files or a simulated desk (`--format text|json|csv`).
    Report(Box<report::ReportArgs>),
    /// The SKM satisfaction index (PermenPANRB 14/2017) from answers in a CSV file.
    Skm(report::SkmArgs),
    /// A simulated desk (seeded, reproducible): event lines, or a scratch data
    /// directory to open with `loket serve --data` and see the dashboard filled.
    Simulate(report::SimulateArgs),
    /// Staff and admin tokens of the service.
    #[command(subcommand)]
    Token(serve::TokenCommand),
}

/// An error of a command: printed to stderr, exit code 1.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An error of the core, shown in the chosen language with its code.
    #[error("{0}")]
    Core(loket_core::Error),
    /// Reading or writing a file or stream.
    #[error("{0}")]
    Io(String),
    /// Some lines of a batch failed (each was reported already).
    #[error("{0} line(s) could not be computed")]
    Batch(usize),
    /// An argument that is well-formed but cannot be used (already in the reader's
    /// language).
    #[error("{0}")]
    Input(String),
    /// `loket sla check` found laws that do not hold, or findings under `--strict`
    /// (each was reported already).
    #[error("{laws} law(s) do not hold, {findings} finding(s) under --strict")]
    Check {
        /// Laws with a counterexample (or that could not run).
        laws: usize,
        /// Findings that fail the run (only with `--strict`).
        findings: usize,
    },
}

impl From<loket_core::Error> for CliError {
    fn from(e: loket_core::Error) -> Self {
        CliError::Core(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Io(e.to_string())
    }
}

impl CliError {
    fn render(&self, lang: Lang) -> String {
        match self {
            CliError::Core(e) => format!("{} [{}]", e.message(lang), e.code()),
            CliError::Io(m) => m.clone(),
            CliError::Batch(n) => match lang {
                Lang::Id => format!("{n} baris tidak dapat dihitung"),
                Lang::En => format!("{n} line(s) could not be computed"),
            },
            CliError::Input(m) => m.clone(),
            CliError::Check { laws, findings } => match (lang, laws) {
                (Lang::Id, 0) => format!("pemeriksaan gagal: {findings} temuan (--strict)"),
                (Lang::Id, _) => format!("pemeriksaan gagal: {laws} hukum tidak berlaku"),
                (Lang::En, 0) => format!("check failed: {findings} finding(s) (--strict)"),
                (Lang::En, _) => format!("check failed: {laws} law(s) do not hold"),
            },
        }
    }
}

/// Runs `loket` with `args` on the given streams; returns the process exit code
/// (0 success, 1 an error of the command, 2 a usage error). Progress indicators are
/// printed one line per step, as to a file (see [`main_with_terminal`]).
pub fn main(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> ExitCode {
    main_with_terminal(args, stdin, stdout, stderr, false)
}

/// [`main`], saying whether `stderr` is a terminal: progress indicators (`loket sla
/// check`) then update one line in place instead of printing one line per step.
pub fn main_with_terminal(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    stderr_is_terminal: bool,
) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                stderr.write_all(text.as_bytes())
            } else {
                stdout.write_all(text.as_bytes())
            };
            return ExitCode::from(code);
        }
    };
    let lang = cli.lang;
    let result = match cli.command {
        Command::Sla(c) => sla::run(c, lang, stdin, stdout, stderr, stderr_is_terminal),
        Command::Status {
            calendar,
            policy,
            at,
        } => status(&calendar, &policy, at.as_deref(), lang, stdout),
        Command::Calendar(c) => calendar::run(c, lang, stdin, stdout),
        Command::Ticket(c) => ticket::run(c, lang, stdin, stdout),
        Command::Plugin(c) => plugin::run(c, lang, stdin, stdout),
        Command::Route(a) => plugin::route(a, lang, stdin, stdout),
        Command::Serve(a) => serve::serve(*a, lang, stdout),
        Command::Token(c) => serve::token(c, lang, stdout),
        Command::Report(a) => report::run_report(*a, lang, stdin, stdout),
        Command::Skm(a) => report::run_skm(a, lang, stdin, stdout),
        Command::Simulate(a) => report::run_simulate(a, lang, stdout),
    };
    let _ = stdout.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let prefix = lang.pick("galat", "error");
            let _ = writeln!(stderr, "{prefix}: {}", e.render(lang));
            ExitCode::from(1)
        }
    }
}

/// Loads a calendar: `default` is the JatengProv profile, anything else a file path.
pub fn load_calendar(arg: &str) -> Result<Calendar, CliError> {
    if arg == "default" {
        return Ok(Calendar::jatengprov());
    }
    let text = std::fs::read_to_string(arg)
        .map_err(|e| CliError::Io(format!("cannot read calendar file {arg}: {e}")))?;
    Ok(Calendar::from_text(&text)?)
}

/// Loads a profile from a calendar argument and an optional policy file.
pub fn load_profile(calendar: &str, policy: Option<&str>) -> Result<Profile, CliError> {
    let calendar = load_calendar(calendar)?;
    let policy = match policy {
        None | Some("default") => SlaPolicy::from_text(loket_core::JATENGPROV_POLICY)?,
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| CliError::Io(format!("cannot read policy file {p}: {e}")))?;
            SlaPolicy::from_text(&text)?
        }
    };
    Ok(Profile {
        calendar,
        policy,
        desk: loket_core::ticket::DeskConfig::from_text(loket_core::JATENGPROV_DESK)?,
    })
}

fn status(
    calendar: &str,
    policy: &str,
    at: Option<&str>,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let profile = load_profile(calendar, Some(policy))?;
    let now = match at {
        Some(t) => Timestamp::parse(t)?,
        None => util::now(),
    };
    status::run(&profile, now, lang, out)
}
