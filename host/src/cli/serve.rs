//! `loket serve` (the service desk) and `loket token` (staff and admin tokens).

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use loket_core::ticket::DeskConfig;
use loket_core::Lang;

use super::{load_profile, CliError};
use crate::serve::{self, store::SqliteStore, Options, ServeConfig};

/// `loket serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "LOKET_LISTEN")]
    listen: SocketAddr,
    /// Data directory (the SQLite store, the secret, the outbox log).
    #[arg(long, default_value = "loket-data", env = "LOKET_DATA")]
    data: PathBuf,
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
}

/// `loket token`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for a person (printed once; only its hash is stored).
    Create {
        /// agent, supervisor or admin.
        #[arg(long)]
        role: String,
        /// The person's name (recorded as the actor of their events).
        #[arg(long)]
        name: String,
        /// Data directory of the service.
        #[arg(long, default_value = "loket-data", env = "LOKET_DATA")]
        data: PathBuf,
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
        .join("..")
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
        profile,
        config: ServeConfig {
            whatsapp_verify_token: a.whatsapp_verify_token,
            whatsapp_app_secret: a.whatsapp_app_secret,
            show_staff_names: a.show_staff_names,
            plugins_dir: plugins,
            personal_data_grants: a.grant_personal_data,
            first_line_triage: a.first_line_triage,
            ..ServeConfig::default()
        },
        web: existing(a.web, "examples/web"),
        package: existing(a.package, "target/npm/loket-wasm"),
        background: true,
    };
    serve::run(opts, lang, out).map_err(CliError::Io)
}

/// Runs `loket token …`.
pub fn token(c: TokenCommand, lang: Lang, out: &mut dyn Write) -> Result<(), CliError> {
    match c {
        TokenCommand::Create { role, name, data } => {
            let mut store = SqliteStore::open(&data).map_err(|e| CliError::Io(e.to_string()))?;
            let token = serve::create_token(&mut store, &role, &name, serve::now())
                .map_err(CliError::Input)?;
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
