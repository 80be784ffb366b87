//! The service that runs the desk (`loket serve`) over HTTP: it starts the durable
//! store (`loket-store`), the routing plugins (`loket-plugin-host`) and the desk
//! with its SLA watch and outbox (`loket-desk`), and serves the API, the channel
//! webhooks (`loket-channels`) and the staff page.
//!
//! - [`api`]: the axum routes.
//! - [`limits`]: the intake's rate limits.
//! - [`start`], [`router`], [`serve_on`], [`run`]: start-up, the HTTP server with
//!   its timeouts, security headers, CORS and request logs.

use std::collections::HashSet;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use loket_core::{Lang, Profile, Timestamp};
use sha2::Digest;

pub mod api;
pub mod limits;
pub mod openapi;
mod reports;
pub mod survey;

use loket_desk::{desk, notify, system_clock, watch, Clock};
use loket_plugin_host::{HostConfig, PluginHost, Registry};
use loket_store::{Leader, Location, PgStore, SqliteStore, Store, TokenRecord};

/// The plugin registry as the desk's [`Route`](loket_desk::Route): a ticket is routed
/// by its application's plugin, or by the core's default router (see
/// [`Registry::route`]).
#[derive(Debug, Clone)]
pub struct PluginRouter(pub Arc<Registry>);

impl loket_desk::Route for PluginRouter {
    fn route(
        &self,
        ticket: &loket_core::ticket::Ticket,
        ctx: &loket_core::ticket::RoutingContext,
    ) -> loket_core::ticket::Ticket {
        self.0.route(ticket, ctx).ticket
    }
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
    /// Generic intake messages per client (token) per minute.
    pub intake_per_client: u32,
    /// Generic intake messages naming one contact per hour.
    pub intake_per_contact: u32,
    /// Channel messages (WhatsApp, email) from one sender per hour; more are
    /// recorded without a ticket or an answer.
    pub channel_per_sender: u32,
    /// Origins whose pages may call the public endpoints from a browser (CORS).
    pub cors_origins: Vec<String>,
    /// Whether the mail server checks senders, so an email's From is proved.
    pub email_senders_verified: bool,
    /// How far back a channel's own timestamp is believed, seconds.
    pub max_backdate_secs: i64,
    /// A connection must send a request's headers within this time (and an idle
    /// keep-alive connection is closed after it).
    pub header_timeout: std::time::Duration,
    /// A request's body must arrive within this time.
    pub body_timeout: std::time::Duration,
    /// A whole request — its body however slowly it trickles in, and the answer —
    /// must be done within this time (else `408`).
    pub request_timeout: std::time::Duration,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// Days a terminal ticket (closed, rejected, merged, referred) stays in memory
    /// after its last event; older ones are read from the store when asked for.
    /// `None`: every ticket stays in memory.
    pub keep_closed_days: Option<u32>,
    /// Where compiled plugins are kept across restarts (`None`: `<data>/plugin-cache`).
    pub plugin_cache: Option<PathBuf>,
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
            intake_per_client: 120,
            intake_per_contact: 10,
            channel_per_sender: 30,
            cors_origins: Vec::new(),
            email_senders_verified: true,
            max_backdate_secs: 7 * 86_400,
            header_timeout: std::time::Duration::from_secs(10),
            body_timeout: std::time::Duration::from_secs(30),
            request_timeout: std::time::Duration::from_secs(60),
            max_connections: 1024,
            keep_closed_days: Some(30),
            plugin_cache: None,
        }
    }
}

pub use loket_store::Role;

/// SHA-256 of a token, hex: what the store keeps.
pub fn token_hash(token: &str) -> String {
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// Why a token was not created.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not one of [`Role::ALL`].
    #[error("unknown role `{0}`: expected portal, agent, supervisor or admin")]
    Role(String),
    /// No name.
    #[error("a token needs the name of the person (or portal) it is for")]
    NoName,
    /// Too long, or control characters.
    #[error("a token's name is at most 100 characters, without control or invisible formatting characters")]
    BadName,
    /// `attests_contacts` for a role other than `portal`.
    #[error("only a portal token can attest contact details")]
    AttestsNotPortal,
    /// The name of an active token (names are compared without regard to case).
    #[error("an active token is already named `{0}`: names are unique, whatever their case (revoke the old one first)")]
    Taken(String),
    /// The store, or no randomness.
    #[error("{0}")]
    Internal(String),
}

impl TokenError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (TokenError::Role(r), Lang::Id) => format!(
                "peran `{r}` tidak dikenal: diharapkan portal, agent, supervisor atau admin"
            ),
            (TokenError::NoName, Lang::Id) => {
                "token perlu nama orang (atau portal) pemiliknya".into()
            }
            (TokenError::BadName, Lang::Id) => {
                "nama token paling banyak 100 karakter, tanpa karakter kendali atau format tak terlihat".into()
            }
            (TokenError::AttestsNotPortal, Lang::Id) => {
                "hanya token portal yang dapat menjamin data kontak".into()
            }
            (TokenError::Taken(n), Lang::Id) => format!(
                "sudah ada token aktif bernama `{n}`: nama harus unik (cabut token lama dulu)"
            ),
            (TokenError::Internal(e), Lang::Id) => e.clone(),
        }
    }
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
) -> Result<String, TokenError> {
    create_token_with(store, role, name, false, now)
}

/// [`create_token`] for a portal that authenticates its citizens and attests their
/// contact details (`attests_contacts`, role `portal` only).
///
/// # Errors
/// As [`create_token`]; a name already given to an active token; `attests_contacts`
/// for another role than `portal`.
pub fn create_token_with(
    store: &mut dyn Store,
    role: &str,
    name: &str,
    attests_contacts: bool,
    now: Timestamp,
) -> Result<String, TokenError> {
    let role: Role = role.parse().map_err(|_| TokenError::Role(role.into()))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(TokenError::NoName);
    }
    // No control or invisible formatting characters (a right-to-left override
    // would let one name read as another in the timeline).
    let invisible = |c: char| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}')
    };
    if name.chars().count() > 100 || name.chars().any(invisible) {
        return Err(TokenError::BadName);
    }
    if attests_contacts && role != Role::Portal {
        return Err(TokenError::AttestsNotPortal);
    }
    let taken = store
        .tokens()
        .map_err(|e| TokenError::Internal(e.to_string()))?
        .iter()
        .any(|t| t.name.to_lowercase() == name.to_lowercase() && t.revoked_at.is_none());
    if taken {
        return Err(TokenError::Taken(name.into()));
    }
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes)
        .map_err(|e| TokenError::Internal(format!("no randomness for a token: {e}")))?;
    let token = format!("lkt_{}", hex::encode(bytes));
    store
        .add_token(
            &TokenRecord {
                hash: token_hash(&token),
                role,
                name: name.into(),
                attests_contacts,
            },
            now,
        )
        .map_err(|e| TokenError::Internal(e.to_string()))?;
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
            loket_store::private_dir(dir).map_err(|e| e.to_string())?;
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
    /// The data directory (the SQLite store unless `store` names a server; the
    /// secret and the outbox log).
    pub data: PathBuf,
    /// A PostgreSQL connection string (several nodes on one database); `None`: the
    /// embedded SQLite store in `data`.
    pub store: Option<String>,
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
    /// Whether this node leads the SLA watch (always, on SQLite).
    pub leader: Leader,
    /// Whether other nodes share the store (the desk follows their commits).
    pub shared_store: bool,
    /// Notified when another node commits (several nodes).
    pub woken: Arc<tokio::sync::Notify>,
}

/// The API's connection to the store (tokens, the outbox, reports).
type Reads = Arc<Mutex<dyn Store>>;

/// The store `opts` names, opened twice.
struct Opened {
    /// The desk's writer.
    writer: Box<dyn Store>,
    /// The API's reads.
    reads: Reads,
    /// The API's long reads over history.
    history: Reads,
    /// For a server store, the writer's name on what it writes.
    node: Option<String>,
    /// For people: how the server store's connection is encrypted.
    note: Option<String>,
}

/// Opens the store `opts` names for the desk and for the API.
fn open_stores(opts: &Options) -> Result<Opened, String> {
    let location = Location::parse(opts.store.as_deref(), &opts.data)?;
    let e = |e: loket_store::StoreError| format!("{}: {e}", location.describe());
    Ok(match &location {
        Location::Sqlite(dir) => Opened {
            writer: Box::new(SqliteStore::open(dir).map_err(e)?),
            reads: Arc::new(Mutex::new(SqliteStore::open(dir).map_err(e)?)),
            history: Arc::new(Mutex::new(SqliteStore::open(dir).map_err(e)?)),
            node: None,
            note: None,
        },
        Location::Postgres(url) => {
            let mut writer = PgStore::connect(url).map_err(e)?;
            let node = writer.node().to_string();
            let note = Some(match writer.encryption().map_err(e)? {
                Some(v) => format!("the connection to PostgreSQL is encrypted ({v})"),
                None => "the connection to PostgreSQL is NOT encrypted (a unix socket is fine; over a network use sslmode=verify-full, see docs/deploy.md)".to_string(),
            });
            Opened {
                writer: Box::new(writer),
                reads: Arc::new(Mutex::new(PgStore::connect(url).map_err(e)?)),
                history: Arc::new(Mutex::new(PgStore::connect(url).map_err(e)?)),
                node: Some(node),
                note,
            }
        }
    })
}

/// Opens the store, replays the tickets, loads the plugins and starts the desk.
///
/// # Errors
/// A message for the administrator.
pub fn start(opts: &Options, clock: Clock) -> Result<Service, String> {
    let mut report = Vec::new();
    // The data directory holds the outbox log (and the SQLite store, if it is one).
    loket_store::private_dir(&opts.data).map_err(|e| e.to_string())?;
    let Opened {
        writer: mut store,
        reads,
        history,
        node,
        note,
    } = open_stores(opts)?;
    report.extend(note);
    // Several nodes derive the same access keys: the secret is the database's.
    let mut fresh = [0u8; 32];
    getrandom::fill(&mut fresh).map_err(|e| format!("no randomness for the secret: {e}"))?;
    let secret = match store.secret(fresh).map_err(|e| e.to_string())? {
        Some(s) => s,
        None => load_secret(&opts.data)?,
    };
    let shared_store = store.shared();
    let leader = match &opts.store {
        Some(url) if shared_store => Leader::start(url).map_err(|e| e.to_string())?,
        _ => Leader::alone(),
    };
    // Woken by the other nodes' commits (LISTEN/NOTIFY), until the service is gone.
    let woken = Arc::new(tokio::sync::Notify::new());
    if let (Some(url), Some(node)) = (&opts.store, node) {
        let (wake, keep) = (Arc::downgrade(&woken), Arc::downgrade(&woken));
        loket_store::listen(
            url,
            node,
            move || {
                if let Some(w) = wake.upgrade() {
                    w.notify_one();
                }
            },
            move || keep.strong_count() > 0,
        )
        .map_err(|e| e.to_string())?;
    }
    // Compiled plugins kept across restarts: a JavaScript or Python plugin compiles
    // for seconds, a restart then loads it in milliseconds.
    let host = PluginHost::new(HostConfig {
        cache_dir: Some(
            opts.config
                .plugin_cache
                .clone()
                .unwrap_or_else(|| opts.data.join("plugin-cache")),
        ),
        ..HostConfig::default()
    })
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
        store,
        opts.profile.clone(),
        Arc::new(PluginRouter(registry.clone())),
        secret,
        desk::DeskSettings {
            first_line_triage: opts.config.first_line_triage,
            max_backdate_secs: opts.config.max_backdate_secs,
            keep_closed_secs: opts.config.keep_closed_days.map(|d| i64::from(d) * 86_400),
            started_at: clock(),
        },
    )?;
    registry.set_profile(desk.shared.profile());
    let n = desk
        .shared
        .tickets
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .len();
    let from = Location::parse(opts.store.as_deref(), &opts.data)?.describe();
    report.push(match opts.config.keep_closed_days {
        Some(d) => format!(
            "{n} of {} ticket(s) replayed from {from}: every open one, and those closed in the last {d} days",
            desk.shared.total()
        ),
        None => format!("{n} ticket(s) replayed from {from}"),
    });
    let app = api::App {
        desk,
        registry,
        reads,
        history,
        tokens: Arc::new(RwLock::new(Default::default())),
        limits: Arc::new(limits::Limits::with_senders(
            opts.config.intake_per_client,
            opts.config.intake_per_contact,
            opts.config.channel_per_sender,
        )),
        config: Arc::new(opts.config.clone()),
        clock,
        leader: leader.clone(),
        shared_store,
    };
    Ok(Service {
        app,
        report,
        leader,
        shared_store,
        woken,
    })
}

/// The Content-Security-Policy of every response: scripts only from this origin
/// (no inline script), WebAssembly compiled by them, nothing framed.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The most request headers the service reads, and their largest total size: more
/// is answered `431` (JSON) before any handler runs.
pub const MAX_HEADERS: usize = 100;
/// See [`MAX_HEADERS`].
pub const MAX_HEADER_BYTES: usize = 16 << 10;

/// A page embedded in the binary: its folder (`/staff/`, redirected from
/// `/staff`), its `index.html` and its other files with their media types.
struct Page {
    base: &'static str,
    folder: &'static str,
    index: &'static str,
    files: &'static [(&'static str, &'static str, &'static str)],
}

const JS: &str = "text/javascript";
const CSS: &str = "text/css";

/// The staff page, the reporters' SKM survey (ticket number and access key) and the
/// supervisor's dashboard (reports and the SKM; its charts by uPlot from the
/// package's vendor/ folder).
const PAGES: &[Page] = &[
    Page {
        base: "/staff",
        folder: "/staff/",
        index: include_str!("../web/staff/index.html"),
        files: &[
            ("staff.js", JS, include_str!("../web/staff/staff.js")),
            ("style.css", CSS, include_str!("../web/staff/style.css")),
        ],
    },
    Page {
        base: "/survei",
        folder: "/survei/",
        index: include_str!("../web/survey/index.html"),
        files: &[
            ("survey.js", JS, include_str!("../web/survey/survey.js")),
            ("survey.css", CSS, include_str!("../web/survey/survey.css")),
        ],
    },
    Page {
        base: "/dashboard",
        folder: "/dashboard/",
        index: include_str!("../web/dashboard/index.html"),
        files: &[
            (
                "dashboard.js",
                JS,
                include_str!("../web/dashboard/dashboard.js"),
            ),
            (
                "dashboard.css",
                CSS,
                include_str!("../web/dashboard/dashboard.css"),
            ),
        ],
    },
];

impl Page {
    fn route(&'static self, r: axum::Router) -> axum::Router {
        use axum::response::{Html, Redirect};
        use axum::routing::get;
        let folder = self.folder;
        let mut r = r
            .route(folder, get(move || async move { Html(self.index) }))
            .route(
                self.base,
                get(move || async move { Redirect::permanent(folder) }),
            );
        for (name, media, text) in self.files {
            r = r.route(
                &format!("{folder}{name}"),
                get(move || async move { ([(axum::http::header::CONTENT_TYPE, *media)], *text) }),
            );
        }
        r
    }
}

/// The whole router: the API, the staff page, the citizen page and the package,
/// with the security headers, header limits, CORS, request ids, request logs and
/// the request-body timeout.
pub fn router(opts: &Options, app: api::App) -> axum::Router {
    let config = app.config.clone();
    let mut r = api::router(app);
    for page in PAGES {
        r = page.route(r);
    }
    if let Some(p) = &opts.package {
        // Third-party browser code the pages use (uPlot for the dashboard), which
        // `cargo xtask wasm` puts beside the package: `<package>/../vendor`.
        if let Some(v) = p.parent().map(|d| d.join("vendor")).filter(|v| v.is_dir()) {
            r = r.nest_service("/vendor", tower_http::services::ServeDir::new(v));
        }
        r = r.nest_service("/loket-wasm", tower_http::services::ServeDir::new(p));
        r = r.nest_service("/staff/loket-wasm", tower_http::services::ServeDir::new(p));
    }
    if let Some(w) = &opts.web {
        r = r.fallback_service(tower_http::services::ServeDir::new(w));
    }
    harden(r, &config)
}

/// The layers every response goes through (see [`router`]).
fn harden(r: axum::Router, config: &ServeConfig) -> axum::Router {
    use axum::http::{header, HeaderName, HeaderValue, Method};
    use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
    use tower_http::set_header::SetResponseHeaderLayer;
    let request_id = HeaderName::from_static("x-request-id");
    let mut r = r
        .layer(axum::middleware::from_fn(private_responses))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            config.body_timeout,
        ))
        // The body timeout bounds the gap between its bytes; this bounds the whole.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(axum::middleware::from_fn(header_limits));
    if !config.cors_origins.is_empty() {
        // Only the endpoints a citizen's browser may use from another origin; the
        // staff and admin API stay same-origin.
        let origins: Vec<HeaderValue> = config
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
            .collect();
        let cors = tower_http::cors::CorsLayer::new()
            .allow_origin(origins)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                header::CONTENT_TYPE,
                header::AUTHORIZATION,
                HeaderName::from_static("idempotency-key"),
            ])
            .max_age(std::time::Duration::from_secs(600));
        r = r.layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let cors = cors.clone();
                async move {
                    let path = req.uri().path();
                    if path == "/api/v1/intake" || path.starts_with("/api/v1/status/") {
                        use tower::{Layer, ServiceExt};
                        let svc = tower::service_fn(move |req| {
                            let next = next.clone();
                            async move { Ok::<_, std::convert::Infallible>(next.run(req).await) }
                        });
                        match cors.layer(svc).oneshot(req).await {
                            Ok(resp) => resp,
                            Err(never) => match never {},
                        }
                    } else {
                        next.run(req).await
                    }
                }
            },
        ));
    }
    r.layer(
        tower::ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
            .layer(
                tower_http::trace::TraceLayer::new_for_http()
                    .make_span_with(|req: &axum::http::Request<_>| {
                        // The path only: queries can carry access keys.
                        let id = req
                            .headers()
                            .get("x-request-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!("request", id, method = %req.method(), path = %req.uri().path())
                    })
                    .on_response(
                        tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO),
                    ),
            )
            .layer(PropagateRequestIdLayer::new(request_id))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_FRAME_OPTIONS,
                HeaderValue::from_static("DENY"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            )),
    )
}

/// API and webhook answers carry personal data or access keys: never cached.
async fn private_responses(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let private = {
        let p = req.uri().path();
        p.starts_with("/api/") || p.starts_with("/webhooks/")
    };
    let mut resp = next.run(req).await;
    if private {
        resp.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    resp
}

/// More than [`MAX_HEADERS`] headers, or more than [`MAX_HEADER_BYTES`] of them:
/// `431` with a JSON error, before anything reads the request.
async fn header_limits(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let h = req.headers();
    let bytes: usize = h.iter().map(|(k, v)| k.as_str().len() + v.len() + 4).sum();
    if h.len() > MAX_HEADERS || bytes > MAX_HEADER_BYTES {
        let en = h
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().starts_with("en"))
            || req
                .uri()
                .query()
                .is_some_and(|q| q.split('&').any(|kv| kv == "lang=en"));
        let message = if en {
            format!("too many or too large request headers: at most {MAX_HEADERS} headers and {MAX_HEADER_BYTES} bytes")
        } else {
            format!("header permintaan terlalu banyak atau terlalu besar: paling banyak {MAX_HEADERS} header dan {MAX_HEADER_BYTES} bita")
        };
        return (
            axum::http::StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            axum::Json(serde_json::json!({"error": {"code": "request.headers_too_large", "message": message}})),
        )
            .into_response();
    }
    next.run(req).await
}

/// Serves `router` on `listener` until `shutdown` completes: HTTP/1.1 with a
/// header-read timeout (a connection that sends half a request, or idles between
/// requests, is closed after `config.header_timeout`) and room for a few more
/// headers than [`MAX_HEADERS`] so that [`header_limits`] answers in JSON. In-flight
/// requests finish (up to 10 s) after `shutdown`.
///
/// # Errors
/// The listener fails.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    config: &ServeConfig,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_timeout)
        .max_headers(MAX_HEADERS * 2)
        .keep_alive(true);
    tokio::pin!(shutdown);
    // At most `max_connections` at once: the next one is accepted when one closes
    // (a flood of idle connections waits in the kernel's backlog, never exhausts the
    // process's descriptors).
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(config.max_connections.max(1)));
    loop {
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => match s {
                Ok(s) => s,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: wait, go on.
                        tracing::warn!("accept: {e}");
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let svc = hyper_util::service::TowerToHyperService::new(router.clone());
                let conn = builder.serve_connection(TokioIo::new(stream), svc);
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = conn.await;
                    drop(slot);
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), graceful.shutdown()).await;
    Ok(())
}

/// Logs on stderr: human-readable by default, one JSON object per line with `json`;
/// the level from `LOKET_LOG` (e.g. `debug`, `loket_desk=debug`), `info` otherwise.
/// Request logs carry a request id, the method, the path and the status — never a
/// query, a body or a header, so no personal data or key reaches them.
pub fn init_logging(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("LOKET_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let b = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        b.json().try_init()
    } else {
        b.try_init()
    };
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
            .count_tokens(Role::Admin)
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
            // The connection string may hold a password: never printed.
            let at = match &opts.store {
                Some(_) => "--store \"$LOKET_STORE\"".to_string(),
                None => format!("--data {}", opts.data.display()),
            };
            let _ = writeln!(
                out,
                "{}\n    {exe} token create --role admin --name \"<{}>\" {at}",
                lang.pick(
                    "Belum ada token admin. Buat token admin pertama (ditampilkan sekali) dengan:",
                    "No admin token yet. Create the first admin token (shown once) with:"
                ),
                lang.pick("nama", "name"),
            );
        }
        let _ = out.flush();
        if opts.background {
            let sender: Arc<dyn notify::Sender> =
                Arc::new(notify::LogSender::new(opts.data.join("outbox.log")));
            let leader = svc.leader.clone();
            tokio::spawn(watch::sla_watch(
                svc.app.desk.clone(),
                clock.clone(),
                Arc::new(move || leader.leads()),
            ));
            if svc.shared_store {
                tokio::spawn(watch::follow(svc.app.desk.clone(), svc.woken.clone()));
            }
            tokio::spawn(watch::outbox(
                svc.app.desk.clone(),
                svc.app.reads.clone(),
                svc.app.clock.clone(),
                sender,
            ));
        }
        let app = router(&opts, svc.app);
        serve_on(listener, app, &opts.config, shutdown())
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
