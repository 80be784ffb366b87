//! `loket serve` (the service desk) and `loket token` (staff and admin tokens).

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use loket_core::ticket::DeskConfig;
use loket_core::Lang;

use super::{load_profile, CliError};
use loket_desk::now;
use loket_serve::{self as serve, Options, ServeConfig};
use loket_store::{Location, Store};

/// `loket serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "LOKET_LISTEN")]
    listen: SocketAddr,
    /// Data directory (the SQLite store, the secret, the outbox log).
    #[arg(long, default_value = "loket-data", env = "LOKET_DATA")]
    data: PathBuf,
    /// Where tickets are kept: `sqlite` (the data directory's file, the default)
    /// or a PostgreSQL connection string shared by several nodes
    /// (`postgres://loket@db.example/loket`, `host=/run/postgresql dbname=loket`).
    #[arg(long, env = "LOKET_STORE", hide_env_values = true)]
    store: Option<String>,
    /// Calendar file (TOML or JSON), or `default` (the JatengProv calendar).
    #[arg(long, default_value = "default")]
    calendar: String,
    /// Policy file (TOML or JSON), or `default`.
    #[arg(long, default_value = "default")]
    policy: String,
    /// Desk file (products, teams, supervisor; TOML or JSON), or `default`.
    #[arg(long, default_value = "default")]
    desk: String,
    /// Directory of routing plugins (`*.wasm`); default `target/plugins` when it
    /// exists (built by `cargo xtask plugins`).
    #[arg(long)]
    plugins: Option<PathBuf>,
    /// Where compiled plugins are kept across restarts (default: `<data>/plugin-cache`).
    #[arg(long)]
    plugin_cache: Option<PathBuf>,
    /// Directory of the citizen page served at `/`; default `examples/web`.
    #[arg(long)]
    web: Option<PathBuf>,
    /// Directory of the npm package served at `/loket-wasm/`; default
    /// `target/npm/loket-wasm` (built by `cargo xtask wasm`).
    #[arg(long)]
    package: Option<PathBuf>,
    /// The verify token of the WhatsApp webhook handshake.
    #[arg(long, env = "LOKET_WHATSAPP_VERIFY_TOKEN")]
    whatsapp_verify_token: Option<String>,
    /// The app secret WhatsApp signs webhook bodies with.
    #[arg(long, env = "LOKET_WHATSAPP_APP_SECRET", hide_env_values = true)]
    whatsapp_app_secret: Option<String>,
    /// Show staff names to reporters in their status view.
    #[arg(long)]
    show_staff_names: bool,
    /// Let this application's plugin see reporters' contact details, if its manifest
    /// asks (repeatable). Off for every plugin by default.
    #[arg(long, value_name = "APPLICATION")]
    grant_personal_data: Vec<String>,
    /// New tickets wait for the first line to triage them (handle directly, or create
    /// a ticket for the application's staff) instead of being routed at intake.
    #[arg(long)]
    first_line_triage: bool,
    /// Messages a client (a portal or staff token) may send to the generic intake
    /// per minute; over it the intake answers 429 with Retry-After.
    #[arg(long, default_value_t = 120, env = "LOKET_INTAKE_PER_CLIENT")]
    intake_per_client: u32,
    /// Messages naming one phone number or email address the generic intake takes
    /// per hour (the desk writes to that contact).
    #[arg(long, default_value_t = 10, env = "LOKET_INTAKE_PER_CONTACT")]
    intake_per_contact: u32,
    /// WhatsApp and email messages one sender may send per hour; more are recorded
    /// without a ticket or an answer (the desk is not made to answer a flood).
    #[arg(long, default_value_t = 30, env = "LOKET_CHANNEL_PER_SENDER")]
    channel_per_sender: u32,
    /// An origin (`https://portal.example.go.id`) whose pages may call the generic
    /// intake and the reporter's status view from the browser (CORS; repeatable).
    /// None by default: only same-origin pages and servers.
    #[arg(
        long,
        value_name = "ORIGIN",
        env = "LOKET_CORS_ORIGIN",
        value_delimiter = ','
    )]
    cors_origin: Vec<String>,
    /// The mail server does not check senders (SPF/DKIM/DMARC): an email's From is
    /// only claimed, so emails join waiting tickets only by replying to the desk's
    /// own messages.
    #[arg(long)]
    email_senders_unverified: bool,
    /// How far back (days) a channel's own timestamp is believed; older claims are
    /// replaced by the desk's receive time and the discrepancy recorded.
    #[arg(long, default_value_t = 7)]
    max_backdate_days: u32,
    /// Days a closed, rejected, merged or referred ticket stays in memory after its
    /// last event (older ones are read from the store when asked for), or `all` to
    /// keep every ticket in memory. Open tickets always stay.
    #[arg(long, default_value = "30", value_parser = keep_days)]
    keep_closed_days: KeepDays,
    /// Log format on stderr: `human` or `json` (one object per line).
    #[arg(long, default_value = "human", env = "LOKET_LOG_FORMAT")]
    log_format: String,
}

/// `loket token`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for a person or portal (printed once; only its hash is stored).
    Create {
        /// portal, agent, supervisor or admin.
        #[arg(long)]
        role: String,
        /// The person's (or portal's) name, unique among active tokens (recorded as
        /// the actor of their events).
        #[arg(long)]
        name: String,
        /// A portal that authenticates its citizens: the contact details it sends
        /// are attested by it (role portal only).
        #[arg(long)]
        attests_contacts: bool,
        /// Data directory of the service.
        #[arg(long, default_value = "loket-data", env = "LOKET_DATA")]
        data: PathBuf,
        /// The service's store when it is not the data directory's SQLite file: a
        /// PostgreSQL connection string (as `loket serve --store`).
        #[arg(long, env = "LOKET_STORE", hide_env_values = true)]
        store: Option<String>,
    },
    /// List tokens (names, roles, created, revoked; never the tokens).
    List {
        /// Data directory of the service.
        #[arg(long, default_value = "loket-data", env = "LOKET_DATA")]
        data: PathBuf,
        /// The service's store when it is not the data directory's SQLite file: a
        /// PostgreSQL connection string (as `loket serve --store`).
        #[arg(long, env = "LOKET_STORE", hide_env_values = true)]
        store: Option<String>,
    },
    /// Revoke the active token with this name (a running service stops accepting it
    /// within a few seconds; at once when revoked through the API).
    Revoke {
        /// The token's name.
        name: String,
        /// Data directory of the service.
        #[arg(long, default_value = "loket-data", env = "LOKET_DATA")]
        data: PathBuf,
        /// The service's store when it is not the data directory's SQLite file: a
        /// PostgreSQL connection string (as `loket serve --store`).
        #[arg(long, env = "LOKET_STORE", hide_env_values = true)]
        store: Option<String>,
    },
}

/// `dir` when given, else the first default that exists (relative to the working
/// directory, then to the source tree).
fn existing(given: Option<PathBuf>, default: &str) -> Option<PathBuf> {
    if given.is_some() {
        return given;
    }
    let here = PathBuf::from(default);
    let tree = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(default);
    [here, tree].into_iter().find(|p| p.is_dir())
}

/// Runs `loket serve`.
pub fn serve(a: ServeArgs, lang: Lang, out: &mut dyn Write) -> Result<(), CliError> {
    let mut profile = load_profile(&a.calendar, Some(&a.policy))?;
    if a.desk != "default" {
        let text = std::fs::read_to_string(&a.desk)
            .map_err(|e| CliError::Io(format!("cannot read desk file {}: {e}", a.desk)))?;
        profile.desk = DeskConfig::from_text(&text)?;
    }
    let plugins = existing(a.plugins, "target/plugins");
    if plugins.is_none() {
        writeln!(
            out,
            "{}",
            lang.pick(
                "tidak ada direktori plugin (target/plugins): tiket dirutekan oleh router bawaan; bangun plugin dengan `cargo xtask plugins`",
                "no plugin directory (target/plugins): tickets are routed by the default router; build the plugins with `cargo xtask plugins`"
            )
        )?;
    }
    let opts = Options {
        listen: a.listen,
        data: a.data,
        store: a.store,
        profile,
        config: ServeConfig {
            whatsapp_verify_token: a.whatsapp_verify_token,
            whatsapp_app_secret: a.whatsapp_app_secret,
            show_staff_names: a.show_staff_names,
            plugins_dir: plugins,
            personal_data_grants: a.grant_personal_data,
            first_line_triage: a.first_line_triage,
            intake_per_client: a.intake_per_client,
            intake_per_contact: a.intake_per_contact,
            channel_per_sender: a.channel_per_sender,
            cors_origins: a.cors_origin,
            email_senders_verified: !a.email_senders_unverified,
            max_backdate_secs: i64::from(a.max_backdate_days) * 86_400,
            keep_closed_days: a.keep_closed_days.0,
            plugin_cache: a.plugin_cache,
            ..ServeConfig::default()
        },
        web: existing(a.web, "examples/web"),
        package: existing(a.package, "target/npm/loket-wasm"),
        background: true,
    };
    let json = match a.log_format.as_str() {
        "human" => false,
        "json" => true,
        other => {
            return Err(CliError::Input(format!(
                "unknown log format `{other}`: expected human or json"
            )))
        }
    };
    serve::init_logging(json);
    serve::run(opts, lang, out).map_err(CliError::Io)
}

/// The store `--store` names (or the data directory's SQLite file).
fn open_store(store: Option<&str>, data: &Path) -> Result<Box<dyn Store>, CliError> {
    let at = Location::parse(store, data).map_err(CliError::Input)?;
    at.open()
        .map_err(|e| CliError::Io(format!("{}: {e}", at.describe())))
}

/// Runs `loket token …`.
pub fn token(c: TokenCommand, lang: Lang, out: &mut dyn Write) -> Result<(), CliError> {
    match c {
        TokenCommand::List { data, store } => {
            let mut store = open_store(store.as_deref(), &data)?;
            let list = store.tokens().map_err(|e| CliError::Io(e.to_string()))?;
            for t in list {
                let state = match t.revoked_at {
                    Some(at) => format!("{} {at}", lang.pick("dicabut", "revoked")),
                    None => lang.pick("aktif", "active").to_string(),
                };
                let attests = if t.attests_contacts {
                    lang.pick(" (menjamin kontak)", " (attests contacts)")
                } else {
                    ""
                };
                writeln!(
                    out,
                    "{}\t{}{attests}\t{} {}\t{state}",
                    t.name,
                    t.role,
                    lang.pick("dibuat", "created"),
                    t.created_at
                )?;
            }
        }
        TokenCommand::Revoke { name, data, store } => {
            let mut store = open_store(store.as_deref(), &data)?;
            let done = store
                .revoke_token(&name, now())
                .map_err(|e| CliError::Io(e.to_string()))?;
            if !done {
                return Err(CliError::Input(match lang {
                    Lang::Id => format!("tidak ada token aktif bernama `{name}`"),
                    Lang::En => format!("no active token is named `{name}`"),
                }));
            }
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::Id => format!("token `{name}` dicabut"),
                    Lang::En => format!("token `{name}` revoked"),
                }
            )?;
        }
        TokenCommand::Create {
            role,
            name,
            attests_contacts,
            data,
            store,
        } => {
            let mut store = open_store(store.as_deref(), &data)?;
            let token =
                serve::create_token_with(&mut *store, &role, &name, attests_contacts, now())
                    .map_err(|e| CliError::Input(e.message(lang)))?;
            writeln!(out, "{token}")?;
            // The note is for people; a reader that took only the token line (e.g.
            // `| head -1`) has closed the pipe, which is not an error.
            let _ = writeln!(
                out,
                "{}",
                match lang {
                    Lang::Id => format!("token {role} untuk {name}; simpan sekarang, token ini tidak ditampilkan lagi"),
                    Lang::En => format!("{role} token for {name}; keep it now, it is not shown again"),
                }
            );
        }
    }
    Ok(())
}

/// `--keep-closed-days`: a number of days, or `all` (`None`).
#[derive(Debug, Clone, Copy)]
struct KeepDays(Option<u32>);

fn keep_days(s: &str) -> Result<KeepDays, String> {
    if s.eq_ignore_ascii_case("all") {
        return Ok(KeepDays(None));
    }
    s.parse::<u32>()
        .ok()
        .filter(|d| *d <= 36_500)
        .map(|d| KeepDays(Some(d)))
        .ok_or_else(|| format!("`{s}`: expected a number of days (0–36500) or `all`"))
}
