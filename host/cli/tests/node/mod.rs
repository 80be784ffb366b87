//! Helpers of the tests that run `loket serve` as a child process: start one (and
//! kill it when dropped), find its port, tokens, JSON requests, the staff list.

#![allow(dead_code)]

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

pub const LOKET: &str = env!("CARGO_BIN_EXE_loket");

/// A running `loket serve` child, killed (SIGKILL) and reaped when dropped, so a
/// failing test never leaves it behind.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Starts `loket serve` on `data`, waits for the line with its address on stdout
    /// and for `/health` to answer.
    pub fn start(data: &Path, store: Option<&str>, plugins: &Path, log: &Path) -> Server {
        Server::start_with(data, store, plugins, log, &[])
    }

    /// [`Server::start`] with more arguments.
    pub fn start_with(
        data: &Path,
        store: Option<&str>,
        plugins: &Path,
        log: &Path,
        extra: &[&str],
    ) -> Server {
        let stderr = std::fs::File::create(log).expect("stderr log");
        let mut child = Command::new(LOKET)
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(store.map(|s| ["--store", s]).into_iter().flatten())
            .arg("--plugins")
            .arg(plugins)
            // Load from one client: the intake's rate limits off for this test.
            .args(["--intake-per-client", "0", "--intake-per-contact", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("loket serve starts");
        let stdout = child.stdout.take().expect("piped stdout");
        // From here on the guard kills the child whatever happens.
        let mut server = Server {
            child,
            base: String::new(),
        };
        let (tx, rx) = mpsc::channel::<String>();
        // Reads stdout to its end (also after the address is found) so that the child
        // never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = Vec::new();
        let port = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(port) = port_of(&line) {
                        break port;
                    }
                    seen.push(line);
                }
                Err(e) => panic!(
                    "no address from loket serve ({e:?}); stdout so far: {seen:?}; stderr: {}",
                    std::fs::read_to_string(log).unwrap_or_default()
                ),
            }
        };
        server.base = format!("http://127.0.0.1:{port}");
        let agent = agent();
        let until = Instant::now() + Duration::from_secs(30);
        loop {
            match agent.get(format!("{}/health", server.base)).call() {
                Ok(r) if r.status() == 200 => break,
                _ if Instant::now() < until => std::thread::sleep(Duration::from_millis(20)),
                other => panic!("/health does not answer: {other:?}"),
            }
        }
        server
    }

    /// SIGKILL (`Child::kill` on unix), then reap.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The port of the first `http://127.0.0.1:PORT/` in a line.
pub fn port_of(line: &str) -> Option<u16> {
    let rest = &line[line.find("http://127.0.0.1:")? + "http://127.0.0.1:".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A keep-alive client. Its timeouts are per phase: ureq 3 resolves the host on
/// every call, in a thread of its own when a global timeout is set.
pub fn agent() -> ureq::Agent {
    let t = Some(Duration::from_secs(30));
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(t)
        .timeout_send_body(t)
        .timeout_recv_response(t)
        .timeout_recv_body(t)
        .build()
        .into()
}

/// `loket token create --role admin`: the token is the first line printed.
pub fn admin_token(data: &Path, store: Option<&str>) -> String {
    token("admin", "Admin Crash", data, store)
}

/// `loket token create --role ROLE --name NAME`: the token is the first line printed.
pub fn token(role: &str, name: &str, data: &Path, store: Option<&str>) -> String {
    let out = Command::new(LOKET)
        .args(["token", "create", "--role", role, "--name", name, "--data"])
        .arg(data)
        .args(store.map(|s| ["--store", s]).into_iter().flatten())
        .output()
        .expect("loket token create runs");
    assert!(out.status.success(), "loket token create: {out:?}");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let token = text.lines().next().unwrap_or("").trim().to_string();
    assert!(token.starts_with("lkt_"), "unexpected token output: {text}");
    token
}

pub fn fresh_dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("serve-crash-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

pub fn get(agent: &ureq::Agent, url: &str, token: Option<&str>) -> (u16, Value) {
    let mut req = agent.get(url);
    if let Some(t) = token {
        req = req.header("Authorization", format!("Bearer {t}"));
    }
    let mut r = req.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// `JTG-2026-000123` → (2026, 123).
pub fn year_seq(number: &str) -> (i32, u32) {
    let mut parts = number.rsplitn(3, '-');
    let seq = parts.next().and_then(|s| s.parse().ok());
    let year = parts.next().and_then(|s| s.parse().ok());
    match (year, seq) {
        (Some(y), Some(s)) => (y, s),
        _ => panic!("not a ticket number: {number}"),
    }
}

/// The event names of a ticket's timeline.
pub fn event_names(detail: &Value) -> Vec<String> {
    detail["timeline"]
        .as_array()
        .unwrap_or_else(|| panic!("no timeline in {detail}"))
        .iter()
        .map(|e| e["event"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Every ticket number in the staff list (paged).
pub fn staff_list(agent: &ureq::Agent, base: &str, admin: &str) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        let (s, v) = get(
            agent,
            &format!("{base}/api/v1/tickets?limit=1000&offset={}", out.len()),
            Some(admin),
        );
        assert_eq!(s, 200, "{v}");
        let page = v["tickets"].as_array().expect("tickets");
        out.extend(
            page.iter()
                .map(|t| t["number"].as_str().expect("number").to_string()),
        );
        if page.is_empty() || out.len() >= v["total"].as_u64().expect("total") as usize {
            return out;
        }
    }
}

/// Runs `f` over `items` on a few threads, each with its own keep-alive agent.
pub fn par_each<T: Sync>(items: &[T], f: impl Fn(&ureq::Agent, &T) + Sync) {
    let chunk = items.len().div_ceil(4).max(1);
    std::thread::scope(|s| {
        for part in items.chunks(chunk) {
            let f = &f;
            s.spawn(move || {
                let a = agent();
                for it in part {
                    f(&a, it);
                }
            });
        }
    });
}
