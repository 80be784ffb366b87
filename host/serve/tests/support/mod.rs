//! A real `loket serve` for tests: the service on a real SQLite file in a temp
//! directory, listening on a loopback port, with a clock the test sets.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use loket_core::{Profile, Timestamp};
use loket_serve::{self as serve, Options, ServeConfig};
use serde_json::Value;

/// The app secret the tests sign WhatsApp webhooks with.
pub const WA_SECRET: &str = "test-app-secret";
/// The verify token of the WhatsApp handshake.
pub const WA_VERIFY: &str = "test-verify-token";

/// A running service.
pub struct TestServer {
    pub base: String,
    pub data: PathBuf,
    pub clock: Arc<AtomicI64>,
    pub admin: String,
    /// A portal token (role `portal`, not attesting contacts): what the generic
    /// intake needs.
    pub portal: String,
    pub app: serve::api::App,
    runtime: Option<tokio::runtime::Runtime>,
}

/// A fresh data directory under target/ (kept after the test for inspection).
pub fn temp_dir(name: &str) -> PathBuf {
    let d =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Unix seconds of a local Jakarta time `2026-03-02T08:00:00+07:00`.
pub fn at(rfc3339: &str) -> i64 {
    Timestamp::parse(rfc3339).expect("test instant").unix()
}

/// The default settings with the intake's rate limits off (the journeys send many
/// messages from one portal about one reporter); the rate-limit tests set theirs.
pub fn unlimited() -> ServeConfig {
    ServeConfig {
        intake_per_client: 0,
        intake_per_contact: 0,
        ..ServeConfig::default()
    }
}

impl TestServer {
    /// Starts a service on `data` at instant `now` (unix seconds), default profile,
    /// no plugins, no background loops (tests drive the SLA watch themselves).
    pub fn start(data: PathBuf, now: i64) -> TestServer {
        Self::start_with(data, now, Profile::jatengprov(), None)
    }

    pub fn start_with(
        data: PathBuf,
        now: i64,
        profile: Profile,
        plugins: Option<PathBuf>,
    ) -> TestServer {
        let config = ServeConfig {
            plugins_dir: plugins,
            ..unlimited()
        };
        Self::start_configured(data, now, profile, config)
    }

    /// With first-line triage: new tickets wait in `received` for diamond B.
    pub fn start_triage(data: PathBuf, now: i64) -> TestServer {
        let config = ServeConfig {
            first_line_triage: true,
            ..unlimited()
        };
        Self::start_configured(data, now, Profile::jatengprov(), config)
    }

    /// With settings (the WhatsApp secrets are always the tests' own).
    pub fn start_configured(
        data: PathBuf,
        now: i64,
        profile: Profile,
        config: ServeConfig,
    ) -> TestServer {
        let clock = Arc::new(AtomicI64::new(now));
        let c = clock.clone();
        let opts = Options {
            listen: "127.0.0.1:0".parse().unwrap(),
            data: data.clone(),
            store: None,
            profile,
            config: ServeConfig {
                whatsapp_verify_token: Some(WA_VERIFY.into()),
                whatsapp_app_secret: Some(WA_SECRET.into()),
                ..config
            },
            web: None,
            package: None,
            background: false,
        };
        let svc = serve::start(
            &opts,
            Arc::new(move || Timestamp::from_unix(c.load(Ordering::SeqCst))),
        )
        .expect("service starts");
        let (admin, portal) = {
            let mut reads = svc.app.reads.lock().unwrap();
            let t = Timestamp::from_unix(now);
            // A restarted service keeps its tokens: names are unique among active
            // ones, so earlier test tokens are revoked first.
            let _ = reads.revoke_token("Admin Uji", t);
            let _ = reads.revoke_token("Portal Uji", t);
            (
                serve::create_token(&mut *reads, "admin", "Admin Uji", t).unwrap(),
                serve::create_token(&mut *reads, "portal", "Portal Uji", t).unwrap(),
            )
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let app = svc.app.clone();
        let router = serve::router(&opts, svc.app);
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let config = opts.config.clone();
        runtime.spawn(async move {
            serve::serve_on(listener, router, &config, std::future::pending()).await
        });
        TestServer {
            base,
            data,
            clock,
            admin,
            portal,
            app,
            runtime: Some(runtime),
        }
    }

    /// Sets the clock.
    pub fn set_now(&self, unix: i64) {
        self.clock.store(unix, Ordering::SeqCst);
    }

    /// One pass of the SLA watch at `unix` (as the service's background loop does).
    pub fn tick(&self, unix: i64) -> loket_desk::desk::Tick {
        self.set_now(unix);
        let desk = self.app.desk.clone();
        self.runtime
            .as_ref()
            .expect("running")
            .block_on(desk.tick(Timestamp::from_unix(unix)))
            .expect("tick")
    }

    /// A full pass of the SLA watch over every open ticket at `unix`.
    pub fn sweep(&self, unix: i64) -> loket_desk::desk::Tick {
        self.set_now(unix);
        let desk = self.app.desk.clone();
        self.runtime
            .as_ref()
            .expect("running")
            .block_on(desk.sweep(Timestamp::from_unix(unix)))
            .expect("sweep")
    }

    /// Stops the server (the data directory stays).
    pub fn stop(mut self) -> PathBuf {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
        self.data.clone()
    }

    /// A token for `name` with `role`, created through the admin API.
    pub fn token(&self, role: &str, name: &str) -> String {
        let (s, v) = self.call(
            "POST",
            "/api/v1/admin/tokens",
            Some(&self.admin),
            Some(serde_json::json!({"role": role, "name": name})),
        );
        assert_eq!(s, 201, "{v}");
        v["token"].as_str().unwrap().to_string()
    }

    /// An HTTP call with a JSON body; returns the status and the JSON answer
    /// (`Value::Null` when the body is not JSON).
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let (s, text) = self.raw(
            method,
            path,
            token,
            body.map(|b| ("application/json", b.to_string().into_bytes())),
            &[],
        );
        (s, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// An HTTP call with raw bytes and extra headers; returns the status and body text.
    pub fn raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, Vec<u8>)>,
        headers: &[(&str, &str)],
    ) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let url = format!("{}{}", self.base, path);
        let auth = token.map(|t| format!("Bearer {t}"));
        macro_rules! common {
            ($r:expr) => {{
                let mut r = $r;
                if let Some(a) = &auth {
                    r = r.header("Authorization", a);
                }
                for (k, v) in headers {
                    r = r.header(*k, *v);
                }
                r
            }};
        }
        let resp = match (method, body) {
            ("GET", _) => common!(agent.get(&url)).call(),
            ("DELETE", _) => common!(agent.delete(&url)).call(),
            (m, body) => {
                let r = match m {
                    "POST" => agent.post(&url),
                    "PUT" => agent.put(&url),
                    other => panic!("method {other}"),
                };
                let r = common!(r);
                match body {
                    Some((ct, bytes)) => r.header("Content-Type", ct).send(&bytes[..]),
                    None => r.send_empty(),
                }
            }
        };
        let mut resp = resp.expect("HTTP call");
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        (status, text)
    }

    /// A GET whose answer is bytes: the status, the content type and the body.
    pub fn get_bytes(&self, path: &str, token: Option<&str>) -> (u16, String, Vec<u8>) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut r = agent.get(&format!("{}{}", self.base, path));
        if let Some(t) = token {
            r = r.header("Authorization", &format!("Bearer {t}"));
        }
        let mut resp = r.call().expect("HTTP call");
        let status = resp.status().as_u16();
        let ct = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .unwrap_or_default();
        (status, ct, bytes)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}
