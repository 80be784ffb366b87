//! The service that runs the desk (`loket serve`): the HTTP API, the durable store,
//! the channel adapters, the SLA watch and the outbox.
//!
//! - [`store`]: the [`Store`](store::Store) interface and the embedded SQLite store.
//! - [`desk`]: the single writer that applies changes through the core and commits
//!   them in batches before answering.
//! - [`channels`]: WhatsApp Cloud API webhooks and raw email, parsed.
//! - [`api`]: the axum routes.
//! - [`notify`]: the outbox's notifications and senders.
//! - [`watch`]: the SLA watch and the outbox loop.

use std::collections::HashSet;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use loket_core::{Lang, Profile, Timestamp};
use sha2::Digest;

pub mod api;
pub mod channels;
pub mod desk;
pub mod notify;
pub mod store;
pub mod watch;

use crate::plugin::{HostConfig, PluginHost, Registry};
use store::{SqliteStore, Store, TokenRecord};

/// Where "now" comes from (the system clock in service; a test's clock in tests).
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// The current instant, to the second (the epoch if the clock is before it).
pub fn now() -> Timestamp {
    Timestamp::from_unix(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    )
}

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(now)
}

/// Settings of a running service.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The token Meta sends in the webhook verification handshake.
    pub whatsapp_verify_token: Option<String>,
    /// The app secret WhatsApp webhook bodies are signed with.
    pub whatsapp_app_secret: Option<String>,
    /// Whether reporters see staff names in their status view.
    pub show_staff_names: bool,
    /// Where plugins are loaded from (and uploads kept).
    pub plugins_dir: Option<PathBuf>,
    /// Applications whose plugins may see reporters' contact details (if their
    /// manifest asks).
    pub personal_data_grants: Vec<String>,
    /// New tickets wait for the first line's triage (diamond B) instead of being
    /// routed at intake.
    pub first_line_triage: bool,
    /// Largest JSON request body, bytes.
    pub max_body: usize,
    /// Largest raw email, bytes.
    pub max_email: usize,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            whatsapp_verify_token: None,
            whatsapp_app_secret: None,
            show_staff_names: false,
            plugins_dir: None,
            personal_data_grants: Vec::new(),
            first_line_triage: false,
            max_body: 256 << 10,
            max_email: 25 << 20,
        }
    }
}

/// SHA-256 of a token, hex: what the store keeps.
pub fn token_hash(token: &str) -> String {
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// Creates a token for `name` with `role`, stores its hash, and returns the token
/// (shown once).
///
/// # Errors
/// An unknown role, an empty name, no randomness, or the store.
pub fn create_token(
    store: &mut dyn Store,
    role: &str,
    name: &str,
    now: Timestamp,
) -> Result<String, String> {
    if !matches!(role, "agent" | "supervisor" | "admin") {
        return Err(format!(
            "unknown role `{role}`: expected agent, supervisor or admin"
        ));
    }
    if name.trim().is_empty() {
        return Err("a token needs the name of the person it is for".into());
    }
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness for a token: {e}"))?;
    let token = format!("lkt_{}", hex::encode(bytes));
    store
        .add_token(
            &TokenRecord {
                hash: token_hash(&token),
                role: role.into(),
                name: name.trim().into(),
            },
            now,
        )
        .map_err(|e| e.to_string())?;
    Ok(token)
}

/// The desk's secret (reporters' access keys derive from it): `DIR/secret`, made at
/// the first start.
///
/// # Errors
/// The file cannot be read or written, or holds something else.
pub fn load_secret(dir: &Path) -> Result<[u8; 32], String> {
    let path = dir.join("secret");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let bytes = hex::decode(text.trim())
                .map_err(|e| format!("{} is not a hex secret: {e}", path.display()))?;
            bytes
                .try_into()
                .map_err(|_| format!("{} must hold 32 bytes in hex", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut s = [0u8; 32];
            getrandom::fill(&mut s).map_err(|e| format!("no randomness for the secret: {e}"))?;
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let mut f = std::fs::OpenOptions::new();
            f.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut f, 0o600);
            let mut file = f
                .open(&path)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            file.write_all(hex::encode(s).as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok(s)
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// What `loket serve` needs to start.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to listen on.
    pub listen: SocketAddr,
    /// The data directory.
    pub data: PathBuf,
    /// The profile for new tickets (the administrator's stored edits override it).
    pub profile: Profile,
    /// Settings.
    pub config: ServeConfig,
    /// The citizen page's directory (served at `/`).
    pub web: Option<PathBuf>,
    /// The npm package's directory (served at `/loket-wasm/`).
    pub package: Option<PathBuf>,
    /// Whether the SLA watch and the outbox run (off in some tests).
    pub background: bool,
}

/// A started service: the router and the desk (for tests that drive it in-process).
#[derive(Debug)]
pub struct Service {
    /// The app state.
    pub app: api::App,
    /// What was loaded at start, for people.
    pub report: Vec<String>,
}

/// Opens the store, replays the tickets, loads the plugins and starts the desk.
///
/// # Errors
/// A message for the administrator.
pub fn start(opts: &Options, clock: Clock) -> Result<Service, String> {
    let mut report = Vec::new();
    let store = SqliteStore::open(&opts.data).map_err(|e| e.to_string())?;
    let reads = SqliteStore::open(&opts.data).map_err(|e| e.to_string())?;
    let secret = load_secret(&opts.data)?;
    let host = PluginHost::new(HostConfig::default())
        .map_err(|e| format!("the plugin sandbox cannot start: {e}"))?;
    let registry = Arc::new(Registry::new(
        Arc::new(host),
        Arc::new(opts.profile.clone()),
        opts.config
            .personal_data_grants
            .iter()
            .cloned()
            .collect::<HashSet<_>>(),
    ));
    if let Some(dir) = &opts.config.plugins_dir {
        match registry.load_dir(dir) {
            Ok(entries) => {
                for e in entries {
                    match e.result {
                        Ok(app) => report.push(format!("plugin {app}: {}", e.path.display())),
                        Err(err) => {
                            report.push(format!("plugin refused: {}: {err}", e.path.display()))
                        }
                    }
                }
            }
            Err(e) => report.push(format!("no plugins from {}: {e}", dir.display())),
        }
    }
    let desk = desk::Desk::start_with(
        Box::new(store),
        opts.profile.clone(),
        registry.clone(),
        secret,
        desk::DeskSettings {
            first_line_triage: opts.config.first_line_triage,
        },
    )?;
    registry.set_profile(desk.shared.profile());
    let n = desk
        .shared
        .tickets
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .len();
    report.push(format!(
        "{n} ticket(s) replayed from {}",
        opts.data.display()
    ));
    let app = api::App {
        desk,
        reads: Arc::new(Mutex::new(reads)),
        tokens: Arc::new(RwLock::new(Default::default())),
        config: Arc::new(opts.config.clone()),
        clock,
    };
    Ok(Service { app, report })
}

/// The whole router: the API, the staff page, the citizen page and the package.
pub fn router(opts: &Options, app: api::App) -> axum::Router {
    use axum::response::Html;
    use axum::routing::get;
    let mut r = api::router(app)
        .route(
            "/staff/",
            get(|| async { Html(include_str!("../../web/staff/index.html")) }),
        )
        .route(
            "/staff",
            get(|| async { axum::response::Redirect::permanent("/staff/") }),
        )
        .route(
            "/staff/staff.js",
            get(|| async {
                (
                    [(axum::http::header::CONTENT_TYPE, "text/javascript")],
                    include_str!("../../web/staff/staff.js"),
                )
            }),
        )
        .route(
            "/staff/style.css",
            get(|| async {
                (
                    [(axum::http::header::CONTENT_TYPE, "text/css")],
                    include_str!("../../web/staff/style.css"),
                )
            }),
        );
    if let Some(p) = &opts.package {
        r = r.nest_service("/loket-wasm", tower_http::services::ServeDir::new(p));
        r = r.nest_service("/staff/loket-wasm", tower_http::services::ServeDir::new(p));
    }
    if let Some(w) = &opts.web {
        r = r.fallback_service(tower_http::services::ServeDir::new(w));
    }
    r
}

/// Runs the service until Ctrl-C (or SIGTERM): prints where it listens and what it
/// loaded to `out`.
///
/// # Errors
/// A message for the administrator.
pub fn run(opts: Options, lang: Lang, out: &mut dyn Write) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let clock = system_clock();
        let svc = start(&opts, clock.clone())?;
        let listener = tokio::net::TcpListener::bind(opts.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", opts.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        for line in &svc.report {
            let _ = writeln!(out, "{line}");
        }
        let admins = svc
            .app
            .reads
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .count_tokens("admin")
            .unwrap_or(0);
        let _ = writeln!(
            out,
            "{}: http://{addr}/  ({}: http://{addr}/staff/, API: http://{addr}/openapi.json)",
            lang.pick("Service Desk berjalan di", "Service desk running at"),
            lang.pick("halaman petugas", "staff page"),
        );
        if admins == 0 {
            // The binary's own path, so the command works without `loket` on PATH.
            let exe = std::env::current_exe()
                .ok()
                .and_then(|p| {
                    let here = std::env::current_dir().ok()?;
                    Some(p.strip_prefix(&here).map(Path::to_path_buf).unwrap_or(p))
                })
                .map_or_else(|| "loket".into(), |p| p.display().to_string());
            let _ = writeln!(
                out,
                "{}\n    {exe} token create --role admin --name \"<{}>\" --data {}",
                lang.pick(
                    "Belum ada token admin. Buat token admin pertama (ditampilkan sekali) dengan:",
                    "No admin token yet. Create the first admin token (shown once) with:"
                ),
                lang.pick("nama", "name"),
                opts.data.display()
            );
        }
        let _ = out.flush();
        if opts.background {
            let sender: Arc<dyn notify::Sender> =
                Arc::new(notify::LogSender::new(opts.data.join("outbox.log")));
            tokio::spawn(watch::sla_watch(svc.app.desk.clone(), clock.clone()));
            tokio::spawn(watch::outbox(svc.app.clone(), sender));
        }
        let app = router(&opts, svc.app);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| e.to_string())
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
