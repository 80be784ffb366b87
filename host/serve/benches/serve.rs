//! `loket serve` benchmark (issue 6): durable intake over HTTP with 50 concurrent
//! clients on loopback, its peers measured in the same run (one SQLite transaction
//! per intake; the desk without HTTP; the core's intake with no IO), and the SLA
//! watch over 100,000 open tickets.
//!
//! ```sh
//! cargo bench -p loket-serve --bench serve                      # full run
//! LOKET_BENCH_QUICK=1 cargo bench -p loket-serve --bench serve  # smoke run
//! cargo test -p loket-serve --bench serve                       # smoke run, debug build
//! ```
//!
//! Environment: `N` (HTTP intakes, default 20000), `CLIENTS` (50), `PEER_N` (intakes
//! for the one-transaction-per-intake peer, 4000), `WATCH_N` (open tickets, 100000),
//! `RATE` (offered intakes/s of the open-loop run, 2000), `PLUGINS` (`0` skips the run
//! with the plugins of `target/plugins`), `ONLY` (a comma-separated subset of `http`,
//! `plugins`, `desk`, `peer`, `core`, `watch`, `nodes`: 1–3 nodes on one PostgreSQL
//! database beside one on SQLite, `startup`: start-up time and memory with
//! `STARTUP_N` stored tickets, default 100000), `LOKET_BENCH_SLOW=1` (print when the
//! open-loop run's intakes slower than 20 ms were due).
//! Files go to `target/tmp/bench-serve/`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use loket_core::ticket::{intake, Channel, Message, Reporter, RosterMember, RoutingContext};
use loket_core::{Profile, TicketKind, Timestamp};
use loket_desk::desk::{Desk, IntakeRequest};
use loket_desk::{notify, watch};
use loket_plugin_host::{HostConfig, PluginHost, Registry};
use loket_serve::{self as serve, Options, ServeConfig};
use loket_store::{
    Batch, InboundRecord, Loaded, Notification, SqliteStore, Store, StoreError, TokenRecord,
};

/// The applications of the default desk, in the order the intakes cycle through.
const APPS: [&str; 7] = [
    "e-planning",
    "e-budgeting",
    "e-penatausahaan",
    "e-controlling",
    "laporangub",
    "tatapraja",
    "website",
];

/// The instant every run is at: a Wednesday, 09:00 in Jakarta, desk open.
const NOW: &str = "2026-03-11T09:00:00+07:00";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn bench_dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("bench-serve")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("bench directory");
    d
}

/// A small deterministic generator (Knuth's MMIX LCG, high bits).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The JSON body of intake `i` (about 330 bytes).
fn intake_json(i: usize) -> String {
    let app = APPS[i % APPS.len()];
    let (channel, reporter) = if i % 2 == 0 {
        (
            "email",
            format!(r#"{{"name":"Pelapor {i}","email":"pelapor{i}@opd.jatengprov.go.id"}}"#),
        )
    } else {
        (
            "whatsapp",
            format!(
                r#"{{"name":"Pelapor {i}","phone":"+62812{:07}"}}"#,
                i % 10_000_000
            ),
        )
    };
    format!(
        r#"{{"channel":"{channel}","application":"{app}","subject":"Kendala {app} no. {i}","body":"Selamat pagi, saat menyimpan dokumen di {app} muncul pesan galat dan data tidak tersimpan. Mohon bantuannya. (laporan {i})","reporter":{reporter}}}"#
    )
}

/// The same message, for the in-process runs.
fn message(i: usize, received_at: Timestamp, kind: TicketKind) -> Message {
    let app = APPS[i % APPS.len()];
    Message {
        channel: if i % 2 == 0 {
            Channel::Email
        } else {
            Channel::Whatsapp
        },
        application: Some(app.into()),
        kind,
        subject: Some(format!("Kendala {app} no. {i}")),
        body: format!(
            "Selamat pagi, saat menyimpan dokumen di {app} muncul pesan galat dan data tidak tersimpan. Mohon bantuannya. (laporan {i})"
        ),
        reporter: Reporter {
            name: Some(format!("Pelapor {i}")),
            email: (i % 2 == 0).then(|| format!("pelapor{i}@opd.jatengprov.go.id")),
            phone: (i % 2 == 1).then(|| format!("+62812{:07}", i % 10_000_000)),
            nik: None,
            proof: None,
        },
        received_at,
        about_desk: false,
    }
}

/// Latencies (ns) → a summary.
#[derive(Debug, Clone, Copy, Default)]
struct Lat {
    p50: f64,
    p90: f64,
    p99: f64,
    max: f64,
}

fn lat(mut ns: Vec<u64>) -> Lat {
    if ns.is_empty() {
        return Lat::default();
    }
    ns.sort_unstable();
    let q =
        |p: f64| ns[((ns.len() as f64 * p).ceil() as usize).clamp(1, ns.len()) - 1] as f64 / 1e6;
    Lat {
        p50: q(0.50),
        p90: q(0.90),
        p99: q(0.99),
        max: *ns.last().unwrap_or(&0) as f64 / 1e6,
    }
}

/// One row of the results table.
struct Row {
    what: String,
    n: usize,
    secs: f64,
    lat: Option<Lat>,
    note: String,
}

impl Row {
    fn rate(&self) -> f64 {
        self.n as f64 / self.secs
    }
}

fn print_rows(title: &str, rows: &[Row]) {
    println!("\n{title}");
    println!(
        "{:<74} {:>7} {:>9} {:>11} {:>8} {:>8} {:>8} {:>8}  note",
        "what", "n", "secs", "per sec", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    for r in rows {
        let l = r.lat.map_or_else(
            || format!("{:>8} {:>8} {:>8} {:>8}", "-", "-", "-", "-"),
            |l| {
                format!(
                    "{:>8.2} {:>8.2} {:>8.2} {:>8.2}",
                    l.p50, l.p90, l.p99, l.max
                )
            },
        );
        println!(
            "{:<74} {:>7} {:>9.3} {:>11.0} {l}  {}",
            r.what,
            r.n,
            r.secs,
            r.rate(),
            r.note
        );
    }
}

/// Clients that each take the next index from a shared counter until `n`, run `f`
/// on it, and time it; returns the wall time and every latency (ns).
fn drive<A>(
    clients: usize,
    n: usize,
    make: impl Fn() -> A + Sync,
    f: impl Fn(&A, usize) + Sync,
) -> (f64, Vec<u64>) {
    let next = AtomicUsize::new(0);
    let all = Mutex::new(Vec::with_capacity(n));
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..clients {
            s.spawn(|| {
                let a = make();
                let mut mine = Vec::with_capacity(n / clients + 1);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let t = Instant::now();
                    f(&a, i);
                    mine.push(t.elapsed().as_nanos() as u64);
                }
                all.lock().unwrap().extend(mine);
            });
        }
    });
    let secs = start.elapsed().as_secs_f64();
    (secs, all.into_inner().unwrap())
}

/// Like [`drive`], but open loop: intake `i` is due at `start + i / rate`; a client
/// sleeps until it is due and the latency counts from when it was due (a client
/// that falls behind adds its lateness: no coordinated omission).
fn drive_paced<A>(
    clients: usize,
    n: usize,
    rate: f64,
    make: impl Fn() -> A + Sync,
    f: impl Fn(&A, usize) + Sync,
) -> (f64, Vec<u64>) {
    let next = AtomicUsize::new(0);
    let all = Mutex::new(Vec::with_capacity(n));
    let start = Instant::now() + Duration::from_millis(50);
    std::thread::scope(|s| {
        for _ in 0..clients {
            s.spawn(|| {
                let a = make();
                let mut mine = Vec::with_capacity(n / clients + 1);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let due = start + Duration::from_secs_f64(i as f64 / rate);
                    if let Some(wait) = due.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    f(&a, i);
                    mine.push((i, due.elapsed().as_nanos() as u64));
                }
                all.lock().unwrap().extend(mine);
            });
        }
    });
    let secs = start.elapsed().as_secs_f64();
    let all = all.into_inner().unwrap();
    if std::env::var("LOKET_BENCH_SLOW").is_ok_and(|v| v == "1") {
        // When the slow ones (> 20 ms) were due, per 250 ms of the run.
        let mut slow: std::collections::BTreeMap<usize, usize> = Default::default();
        for (i, ns) in &all {
            if *ns > 20_000_000 {
                *slow.entry((*i as f64 / rate / 0.25) as usize).or_default() += 1;
            }
        }
        let cells: Vec<String> = slow
            .iter()
            .map(|(b, c)| format!("{:.2}s:{c}", *b as f64 * 0.25))
            .collect();
        eprintln!("slow (> 20 ms) by due time: {}", cells.join(" "));
    }
    (secs, all.into_iter().map(|(_, ns)| ns).collect())
}

/// A keep-alive client. Only the response wait has a timeout: ureq 3 resolves the
/// host on every call, in a new thread when a global or per-call timeout is set,
/// which would put a thread spawn into every measured request.
fn http_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_recv_response(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// When each durable commit of the desk started, how long it took and how many new
/// tickets it wrote.
type Commits = Arc<Mutex<Vec<(Instant, Duration, usize)>>>;

/// The desk's SQLite store, with each commit timed (nothing else changes).
struct Timed(SqliteStore, Commits);

impl Store for Timed {
    fn load(&mut self, since: Option<Timestamp>) -> Result<Loaded, StoreError> {
        self.0.load(since)
    }
    fn inbound(&mut self, keys: &[String]) -> Result<Vec<InboundRecord>, StoreError> {
        self.0.inbound(keys)
    }
    fn find_closed(&mut self, f: &loket_store::Find) -> Result<loket_store::Found, StoreError> {
        self.0.find_closed(f)
    }
    fn closed_received(
        &mut self,
        from: Timestamp,
        to: Timestamp,
        before: Timestamp,
    ) -> Result<Vec<(String, Vec<loket_core::ticket::Event>)>, StoreError> {
        self.0.closed_received(from, to, before)
    }
    fn count_closed_received(
        &mut self,
        from: Timestamp,
        to: Timestamp,
        before: Timestamp,
    ) -> Result<usize, StoreError> {
        self.0.count_closed_received(from, to, before)
    }
    fn commit(&mut self, b: &Batch) -> Result<(), StoreError> {
        let t = Instant::now();
        let r = self.0.commit(b);
        self.1
            .lock()
            .expect("commits")
            .push((t, t.elapsed(), b.tickets.len()));
        r
    }
    fn outbox(&mut self, s: Option<&str>, limit: usize) -> Result<Vec<Notification>, StoreError> {
        self.0.outbox(s, limit)
    }
    fn pending(&mut self, limit: usize) -> Result<Vec<Notification>, StoreError> {
        self.0.pending(limit)
    }
    fn history(&mut self, number: &str) -> Result<Vec<loket_core::ticket::Event>, StoreError> {
        self.0.history(number)
    }
    fn add_token(&mut self, t: &TokenRecord, at: Timestamp) -> Result<(), StoreError> {
        self.0.add_token(t, at)
    }
    fn token(&mut self, hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        self.0.token(hash)
    }
    fn tokens(&mut self) -> Result<Vec<loket_store::TokenInfo>, StoreError> {
        self.0.tokens()
    }
    fn revoke_token(&mut self, name: &str, at: Timestamp) -> Result<bool, StoreError> {
        self.0.revoke_token(name, at)
    }
    fn put_survey(&mut self, r: &loket_store::SurveyRecord) -> Result<bool, StoreError> {
        self.0.put_survey(r)
    }
    fn survey_of(&mut self, t: &str) -> Result<Option<loket_store::SurveyRecord>, StoreError> {
        self.0.survey_of(t)
    }
    fn surveys(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<loket_store::SurveyRecord>, StoreError> {
        self.0.surveys(from, to)
    }
    fn intake_log(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<loket_core::report::IntakeEntry>, StoreError> {
        self.0.intake_log(from, to)
    }
    fn count_tokens(&mut self, role: loket_store::Role) -> Result<usize, StoreError> {
        self.0.count_tokens(role)
    }
}

/// The commits since `from`, summed up: how many wrote tickets, tickets per such
/// commit, and their durations (each one SQLite transaction and its fsync).
fn commit_stats(commits: &Commits, from: Instant, secs: f64) -> String {
    let c = commits.lock().expect("commits");
    let intake: Vec<_> = c.iter().filter(|x| x.0 >= from && x.2 > 0).collect();
    let tickets: usize = intake.iter().map(|x| x.2).sum();
    let busy: f64 = c
        .iter()
        .filter(|x| x.0 >= from)
        .map(|x| x.1.as_secs_f64())
        .sum();
    let l = lat(intake.iter().map(|x| x.1.as_nanos() as u64).collect());
    format!(
        "{} commits with tickets, {:.1} tickets each; commit p50 {:.2} / p99 {:.2} / max {:.2} ms; writer committing {:.0}% of the time",
        intake.len(),
        tickets as f64 / intake.len().max(1) as f64,
        l.p50,
        l.p99,
        l.max,
        100.0 * busy / secs
    )
}

/// (a) durable intake over HTTP: the real service (`serve::start` + `serve::router`)
/// with its SLA watch and outbox loops, as `loket serve` runs them, on a real SQLite
/// file, `clients` threads with keep-alive agents.
fn http_intake(
    n: usize,
    clients: usize,
    plugins: Option<&Path>,
    label: &str,
    dir: &str,
    paced: Option<f64>,
) -> (Vec<Row>, Vec<String>) {
    let data = bench_dir(dir);
    let now = Timestamp::parse(NOW).expect("instant");
    let opts = Options {
        listen: "127.0.0.1:0".parse().expect("address"),
        data: data.clone(),
        store: None,
        profile: Profile::jatengprov(),
        config: ServeConfig {
            plugins_dir: plugins.map(Path::to_path_buf),
            // The load comes from one portal: its rate limits off.
            intake_per_client: 0,
            intake_per_contact: 0,
            ..ServeConfig::default()
        },
        web: None,
        package: None,
        background: true,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut svc = serve::start(&opts, Arc::new(move || now)).expect("service starts");
    let portal = {
        let mut reads = svc.app.reads.lock().expect("reads");
        serve::create_token(&mut *reads, "portal", "Portal Bench", now).expect("token")
    };
    let auth = format!("Bearer {portal}");
    // The same desk on the same file, its commits timed: `serve::start`'s own desk
    // (idle so far) stops when its handle is replaced.
    let commits = Commits::default();
    svc.app.desk = Desk::start(
        Box::new(Timed(
            SqliteStore::open(&data).expect("store"),
            commits.clone(),
        )),
        opts.profile.clone(),
        Arc::new(serve::PluginRouter(svc.app.registry.clone())),
        serve::load_secret(&data).expect("secret"),
    )
    .expect("desk");
    let loaded = svc
        .report
        .iter()
        .filter(|l| l.starts_with("plugin "))
        .count();
    let app = svc.app.clone();
    let base = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let sender: Arc<dyn notify::Sender> =
            Arc::new(notify::LogSender::new(data.join("outbox.log")));
        tokio::spawn(watch::sla_watch(
            app.desk.clone(),
            app.clock.clone(),
            Arc::new(|| true),
        ));
        tokio::spawn(watch::outbox(
            app.desk.clone(),
            app.reads.clone(),
            app.clock.clone(),
            sender,
        ));
        let router = serve::router(&opts, svc.app);
        let config = opts.config.clone();
        tokio::spawn(async move {
            serve::serve_on(listener, router, &config, std::future::pending()).await
        });
        base
    });
    let url = format!("{base}/api/v1/intake");
    let post = |a: &ureq::Agent, i: usize, key: &str| {
        let mut r = a
            .post(&url)
            .header("Authorization", &auth)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .send(intake_json(i).as_bytes())
            .expect("intake answered");
        let status = r.status().as_u16();
        let body = r.body_mut().read_to_string().expect("body");
        assert_eq!(status, 201, "intake {key}: {body}");
    };
    // One keep-alive agent per client, kept across the phases: the warm-up opens
    // their connections.
    let agents: Vec<ureq::Agent> = (0..clients).map(|_| http_agent()).collect();
    let handed = AtomicUsize::new(0);
    let http_agent = || agents[handed.fetch_add(1, Ordering::Relaxed) % clients].clone();
    // Warm-up: every client connects and the tables and caches fill.
    let warm = (clients * 10).min(n);
    drive(clients, warm, http_agent, |a, i| {
        post(a, i, &format!("warm-{i}"))
    });
    drain(&app);
    let mut rows = Vec::new();
    let mut total = warm;
    // Open loop first, on a drained outbox; then the closed loop.
    let mut stats = Vec::new();
    if let Some(rate) = paced {
        let from = Instant::now();
        let (secs, ns) = drive_paced(clients, n, rate, http_agent, |a, i| {
            post(a, i, &format!("paced-{i}"));
        });
        total += n;
        stats.push(format!(
            "open loop, {label}: {}",
            commit_stats(&commits, from, secs)
        ));
        let (left, drained) = (pending(&app), drain(&app));
        rows.push(Row {
            what: format!("HTTP intake, {clients} clients, open loop at {rate:.0}/s, {label}"),
            n,
            secs,
            lat: Some(lat(ns)),
            note: format!(
                "latency from the instant each intake was due; outbox: {left} pending at the end, drained in {drained:.1} s"
            ),
        });
    }
    let from = Instant::now();
    let (secs, ns) = drive(clients, n, http_agent, |a, i| {
        post(a, i, &format!("bench-{i}"));
    });
    total += n;
    stats.insert(
        0,
        format!(
            "closed loop, {label}: {}",
            commit_stats(&commits, from, secs)
        ),
    );
    let (left, drained) = (pending(&app), drain(&app));
    rows.insert(
        0,
        Row {
            what: format!("HTTP intake, {clients} clients, closed loop, {label}"),
            n,
            secs,
            lat: Some(lat(ns)),
            note: format!(
                "{loaded} plugin(s); +{warm} warm-up intakes; outbox: {left} pending at the end, drained in {drained:.1} s"
            ),
        },
    );
    let tickets = app.desk.shared.tickets.read().expect("tickets").len();
    assert_eq!(tickets, total, "every intake made one ticket");
    rt.shutdown_background();
    (rows, stats)
}

/// Durable intake over HTTP through `nodes` `loket serve` nodes on one PostgreSQL
/// database (a throwaway cluster of Debian's server, `fsync` on), each with its
/// own listener, desk, SLA watch (one leads), outbox and follower, in this process:
/// the clients spread their intakes over the nodes in turn. `None` for `url`: one
/// node on SQLite, started the same way (the row beside them).
fn nodes_intake(n: usize, clients: usize, nodes: usize, url: Option<&str>, label: &str) -> Row {
    let now = Timestamp::parse(NOW).expect("instant");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut bases = Vec::new();
    let mut apps = Vec::new();
    let mut portal = String::new();
    for i in 0..nodes {
        let opts = Options {
            listen: "127.0.0.1:0".parse().expect("address"),
            data: bench_dir(&format!("{label}-{i}")),
            store: url.map(str::to_string),
            profile: Profile::jatengprov(),
            config: ServeConfig {
                intake_per_client: 0,
                intake_per_contact: 0,
                ..ServeConfig::default()
            },
            web: None,
            package: None,
            background: true,
        };
        let svc = serve::start(&opts, Arc::new(move || now)).expect("node starts");
        if i == 0 {
            let mut reads = svc.app.reads.lock().expect("reads");
            portal =
                serve::create_token(&mut *reads, "portal", "Portal Bench", now).expect("token");
        }
        let (leader, shared, woken) = (svc.leader.clone(), svc.shared_store, svc.woken.clone());
        let app = svc.app.clone();
        apps.push(svc.app.clone());
        bases.push(rt.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let base = format!("http://{}", listener.local_addr().expect("address"));
            let sender: Arc<dyn notify::Sender> =
                Arc::new(notify::LogSender::new(opts.data.join("outbox.log")));
            tokio::spawn(watch::sla_watch(
                app.desk.clone(),
                app.clock.clone(),
                Arc::new(move || leader.leads()),
            ));
            tokio::spawn(watch::outbox(
                app.desk.clone(),
                app.reads.clone(),
                app.clock.clone(),
                sender,
            ));
            if shared {
                tokio::spawn(watch::follow(app.desk.clone(), woken));
            }
            let router = serve::router(&opts, svc.app);
            let config = opts.config.clone();
            tokio::spawn(async move {
                serve::serve_on(listener, router, &config, std::future::pending()).await
            });
            base
        }));
    }
    let auth = format!("Bearer {portal}");
    let post = |a: &ureq::Agent, i: usize, key: &str| {
        let url = format!("{}/api/v1/intake", bases[i % bases.len()]);
        let mut r = a
            .post(&url)
            .header("Authorization", &auth)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .send(intake_json(i).as_bytes())
            .expect("intake answered");
        let status = r.status().as_u16();
        let body = r.body_mut().read_to_string().expect("body");
        assert_eq!(status, 201, "intake {key}: {body}");
    };
    let warm = (clients * 10).min(n);
    drive(clients, warm, http_agent, |a, i| {
        post(a, i, &format!("warm-{i}"))
    });
    let (secs, ns) = drive(clients, n, http_agent, |a, i| {
        post(a, i, &format!("bench-{i}"));
    });
    // Every node ends up with every ticket.
    let until = Instant::now() + Duration::from_secs(30);
    for app in &apps {
        while app.desk.shared.tickets.read().expect("tickets").len() < n + warm {
            assert!(Instant::now() < until, "a node did not catch up");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    rt.shutdown_background();
    Row {
        what: format!("HTTP intake, {clients} clients, closed loop, {label}"),
        n,
        secs,
        lat: Some(lat(ns)),
        note: format!("+{warm} warm-up intakes; every node shows every ticket after"),
    }
}

/// The resident set of this process, MiB (`VmRSS` of /proc/self/status).
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Start-up with `n` stored tickets (issue 14), of which one in fifty is open (20,000
/// of 1,000,000): the store filled as the desk writes them (in batches of 1,000; the
/// others received 90 days ago and rejected an hour later, each with its row; on
/// PostgreSQL then `VACUUM ANALYZE`, as autovacuum would have done), then
/// `serve::start` timed (the store read, the tickets it keeps replayed, the indexes
/// built) and the resident memory it added.
fn startup(n: usize, url: Option<&str>, label: &str) -> Row {
    use loket_core::ticket::{Actor, Event, EventKind, Ticket};
    let now = Timestamp::parse(NOW).expect("instant");
    let data = bench_dir(&format!("startup-{label}"));
    let profile = Profile::jatengprov();
    let registry = Registry::new(
        Arc::new(PluginHost::new(HostConfig::default()).expect("host")),
        Arc::new(profile.clone()),
        HashSet::new(),
    );
    let fill = Instant::now();
    {
        let location = loket_store::Location::parse(url, &data).expect("location");
        let mut store = location.open().expect("store");
        let mut i = 0;
        while i < n {
            let mut batch = Batch::default();
            for j in i..(i + 1000).min(n) {
                let open = j % 50 == 0;
                let at = if open {
                    now
                } else {
                    Timestamp::from_unix(now.unix() - 90 * 86_400)
                };
                let b = intake_batch(j, &profile, &registry, at);
                let events: Vec<Event> = b.events.iter().map(|e| e.2.clone()).collect();
                let mut t = Ticket::replay(&events).expect("replays");
                let number = t.number().to_string();
                let mut events = b.events;
                if !open {
                    let e = Event {
                        at: Timestamp::from_unix(at.unix() + 3_600),
                        by: Actor::Staff("Petugas".into()),
                        what: EventKind::Reject,
                        reason: Some("di luar cakupan".into()),
                    };
                    t.apply(e.clone(), &profile.context()).expect("rejected");
                    events.push((number.clone(), events.len(), e));
                }
                batch
                    .rows
                    .push(loket_desk::desk::ticket_row(&t, &profile, now));
                batch.tickets.extend(b.tickets);
                batch.events.extend(events);
                batch.inbound.extend(b.inbound);
                batch.message_ids.extend(b.message_ids);
            }
            store.commit(&batch).expect("commit");
            i += 1000;
        }
    }
    // A database that has lived for years has been vacuumed and analyzed by
    // autovacuum; one filled a minute ago may not have been yet.
    if let Some(url) = url {
        loket_store::PgStore::connect(url)
            .and_then(|mut s| s.execute_batch("VACUUM ANALYZE"))
            .expect("vacuum");
    }
    let filled = fill.elapsed().as_secs_f64();
    let opts = Options {
        listen: "127.0.0.1:0".parse().expect("address"),
        data: data.clone(),
        store: url.map(str::to_string),
        profile: profile.clone(),
        config: ServeConfig::default(),
        web: None,
        package: None,
        background: false,
    };
    let before = rss_mib();
    let t = Instant::now();
    let svc = serve::start(&opts, Arc::new(move || now)).expect("service starts");
    let secs = t.elapsed().as_secs_f64();
    let after = rss_mib();
    let held = svc.app.desk.shared.tickets.read().expect("tickets").len();
    assert_eq!(held, n.div_ceil(50), "the open tickets loaded, no other");
    assert_eq!(svc.app.desk.shared.total(), n);
    drop(svc);
    Row {
        what: format!("start-up with {n} stored tickets ({held} open), {label}"),
        n,
        secs,
        lat: None,
        note: format!(
            "resident memory +{:.0} MiB ({before:.0} → {after:.0}); filling the store took {filled:.1} s",
            after - before
        ),
    }
}

/// Notifications waiting in the outbox.
fn pending(app: &serve::api::App) -> usize {
    app.reads
        .lock()
        .expect("reads")
        .outbox(Some("pending"), 1_000_000)
        .expect("outbox")
        .len()
}

/// Waits until the outbox loop has delivered everything; the seconds it took.
fn drain(app: &serve::api::App) -> f64 {
    let start = Instant::now();
    while pending(app) > 0 {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the outbox does not drain"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    start.elapsed().as_secs_f64()
}

/// The desk without HTTP: `clients` tokio tasks calling `Desk::intake` in process.
fn desk_intake(n: usize, clients: usize) -> Row {
    let data = bench_dir("desk");
    let now = Timestamp::parse(NOW).expect("instant");
    let profile = Profile::jatengprov();
    let store = SqliteStore::open(&data).expect("store");
    let host = PluginHost::new(HostConfig::default()).expect("plugin host");
    let registry = Arc::new(Registry::new(
        Arc::new(host),
        Arc::new(profile.clone()),
        HashSet::new(),
    ));
    let desk = Desk::start(
        Box::new(store),
        profile,
        Arc::new(serve::PluginRouter(registry)),
        [7; 32],
    )
    .expect("desk");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let ns: Vec<u64> = rt.block_on(async {
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let (desk, next) = (desk.clone(), next.clone());
            tasks.push(tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return mine;
                    }
                    let req = IntakeRequest {
                        fingerprint: None,
                        reply_only: false,
                        key: Some(format!("api:bench-{i}")),
                        message: message(i, now, TicketKind::Complaint),
                        thread: false,
                        reply_to: Vec::new(),
                        ticket_hint: None,
                        automatic: None,
                    };
                    let t = Instant::now();
                    let r = desk.intake(req, now).await.expect("intake");
                    assert_eq!(r.record.outcome, "accepted");
                    mine.push(t.elapsed().as_nanos() as u64);
                }
            }));
        }
        let mut all = Vec::with_capacity(n);
        for t in tasks {
            all.extend(t.await.expect("task"));
        }
        all
    });
    let secs = start.elapsed().as_secs_f64();
    Row {
        what: format!("Desk::intake in process, durable, {clients} tasks (no HTTP)"),
        n,
        secs,
        lat: Some(lat(ns)),
        note: "group commit, default router".into(),
    }
}

/// What the desk writes for intake `i` (number `JTG-2026-…`): the ticket, its events
/// (received, then the default router's), the idempotency record with the answer,
/// the message id and the notifications, as one [`Batch`].
fn intake_batch(i: usize, profile: &Profile, registry: &Registry, now: Timestamp) -> Batch {
    use loket_core::ticket::IntakeOutcome;
    use loket_core::Lang;
    use loket_store::InboundRecord;
    let number = format!("JTG-2026-{:06}", i + 1);
    let mut out = intake(&message(i, now, TicketKind::Complaint), profile, now).expect("intake");
    out.set_number(&number);
    let t = out.open(&number).expect("opened");
    let team = &profile
        .desk
        .product_by_id(APPS[i % APPS.len()])
        .expect("product")
        .team;
    let ctx = RoutingContext {
        now,
        desk_open: true,
        roster: team
            .iter()
            .map(|name| RosterMember {
                name: name.clone(),
                open_load: 0,
                last_assigned: None,
            })
            .collect(),
    };
    let t = registry.route(&t, &ctx).ticket;
    let (a, a_en) = (
        out.answer(profile, Some(&number), Lang::Id),
        out.answer(profile, Some(&number), Lang::En),
    );
    let IntakeOutcome::Accepted {
        due,
        clock_starts,
        received_while_closed,
        uncovered_years,
        ..
    } = &out
    else {
        panic!("accepted");
    };
    let answer = serde_json::json!({"outcome": "accepted", "number": number, "answer": a, "answerEn": a_en,
        "due": due, "clockStarts": clock_starts, "receivedWhileClosed": received_while_closed,
        "uncoveredYears": uncovered_years});
    let key = format!("api:peer-{i}");
    let mut outbox = notify::to_reporter(
        t.reporter(),
        t.channel(),
        Some(&number),
        "acknowledgement",
        notify::with_access_key(&a, &number),
        now,
        None,
    );
    outbox.extend(notify::for_change(None, &t, profile, now));
    Batch {
        tickets: vec![(number.clone(), 2026, (i + 1) as u32)],
        events: t
            .history()
            .iter()
            .enumerate()
            .map(|(pos, e)| (number.clone(), pos, e.clone()))
            .collect(),
        inbound: vec![InboundRecord {
            key: key.clone(),
            ticket: Some(number.clone()),
            outcome: "accepted".into(),
            answer,
            at: now,
            fingerprint: None,
        }],
        message_ids: vec![(key, number)],
        outbox,
        ..Batch::default()
    }
}

/// (b) the peer: the desk's writes without group commit. Each intake's rows (see
/// [`intake_batch`], made before the clock starts) go to `SqliteStore::commit` in a
/// transaction of their own: the same schema, statements, WAL and
/// `synchronous=FULL`. `shared`: one store behind a mutex (commits back to back, the
/// best one transaction per intake can do); else a store (connection) per thread,
/// SQLite's busy handler arbitrating the write lock (a busy commit is retried).
fn sqlite_peer(n: usize, clients: usize, shared: bool) -> Row {
    let dir = bench_dir(&format!(
        "peer-{clients}-{}",
        if shared { "shared" } else { "per-thread" }
    ));
    let profile = Profile::jatengprov();
    let now = Timestamp::parse(NOW).expect("instant");
    let host = PluginHost::new(HostConfig::default()).expect("plugin host");
    let registry = Registry::new(Arc::new(host), Arc::new(profile.clone()), HashSet::new());
    let batches: Vec<Batch> = (0..n)
        .map(|i| intake_batch(i, &profile, &registry, now))
        .collect();
    let rows: usize = batches
        .iter()
        .map(|b| {
            b.tickets.len()
                + b.events.len()
                + b.inbound.len()
                + b.message_ids.len()
                + b.outbox.len()
        })
        .sum();
    let busy = AtomicUsize::new(0);
    let commit = |s: &Mutex<SqliteStore>, i: usize| {
        while let Err(e) = s.lock().expect("store").commit(&batches[i]) {
            assert!(e.to_string().contains("locked"), "{e}");
            busy.fetch_add(1, Ordering::Relaxed);
        }
    };
    // Opening waits for the write lock too (the schema check): retried like a commit.
    let open = || loop {
        match SqliteStore::open(&dir) {
            Ok(s) => break Mutex::new(s),
            Err(e) => assert!(e.to_string().contains("locked"), "{e}"),
        }
    };
    drop(open()); // the schema, before the clock starts
    let (secs, ns) = if shared {
        let store = open();
        drive(clients, n, || (), |(), i| commit(&store, i))
    } else {
        drive(clients, n, open, commit)
    };
    Row {
        what: format!(
            "peer: 1 txn per intake, {clients} thread(s), {}",
            if shared {
                "one shared connection"
            } else {
                "a connection per thread"
            }
        ),
        n,
        secs,
        lat: Some(lat(ns)),
        note: format!(
            "the desk's rows ({:.1} per intake), WAL, synchronous=FULL{}",
            rows as f64 / n as f64,
            match busy.into_inner() {
                0 => String::new(),
                b => format!("; {b} busy commits retried"),
            }
        ),
    }
}

/// The core's `intake()` alone, one thread, no IO: the CPU limit of taking a
/// message in; and the writer's in-memory work per intake (intake, number, open,
/// route by the default router, the answers in both languages, the events as JSON).
fn core_rates(n: usize) -> Vec<Row> {
    let profile = Profile::jatengprov();
    let now = Timestamp::parse(NOW).expect("instant");
    let msgs: Vec<Message> = (0..n)
        .map(|i| message(i, now, TicketKind::Complaint))
        .collect();
    let start = Instant::now();
    for m in &msgs {
        std::hint::black_box(intake(m, &profile, now).expect("intake"));
    }
    let bare = start.elapsed().as_secs_f64();
    let host = PluginHost::new(HostConfig::default()).expect("plugin host");
    let registry = Registry::new(Arc::new(host), Arc::new(profile.clone()), HashSet::new());
    let start = Instant::now();
    for (i, m) in msgs.iter().enumerate() {
        let number = format!("JTG-2026-{:06}", i + 1);
        let mut out = intake(m, &profile, now).expect("intake");
        out.set_number(&number);
        let t = out.open(&number).expect("opened");
        let ctx = RoutingContext {
            now,
            desk_open: true,
            roster: vec![RosterMember {
                name: "Petugas".into(),
                open_load: 0,
                last_assigned: None,
            }],
        };
        let t = registry.route(&t, &ctx).ticket;
        let a = out.answer(&profile, Some(&number), loket_core::Lang::Id);
        let b = out.answer(&profile, Some(&number), loket_core::Lang::En);
        let json: usize = t
            .history()
            .iter()
            .map(|e| serde_json::to_string(e).expect("json").len())
            .sum();
        std::hint::black_box((a, b, json));
    }
    let work = start.elapsed().as_secs_f64();
    vec![
        Row {
            what: "core intake() alone, 1 thread, no IO".into(),
            n,
            secs: bare,
            lat: None,
            note: "CPU limit of the intake decision".into(),
        },
        Row {
            what: "intake + route + answers + event JSON, 1 thread, no IO".into(),
            n,
            secs: work,
            lat: None,
            note: "the writer's in-memory work per intake".into(),
        },
    ]
}

/// (c) the SLA watch over `n` open tickets received across the working days before
/// `NOW`: built straight into the store, then a desk started on it and ticked twice
/// at the same instant.
fn sla_watch(n: usize) -> Vec<Row> {
    let dir = bench_dir("watch");
    let profile = Profile::jatengprov();
    let cal = profile.calendar.clone();
    let now = Timestamp::parse(NOW).expect("instant");
    let host = PluginHost::new(HostConfig::default()).expect("plugin host");
    let registry = Arc::new(Registry::new(
        Arc::new(host),
        Arc::new(profile.clone()),
        HashSet::new(),
    ));
    // Received instants: 85% in the desk's open hours of the 3 weeks before now
    // (15 working days), 15% at any hour (messages at night and at weekends).
    let mut rng = Lcg(0x5EED_1055);
    let span = 21 * 86_400;
    let mut received: Vec<Timestamp> = (0..n)
        .map(|i| loop {
            let t = Timestamp::from_unix(now.unix() - 1 - rng.below(span) as i64);
            if i % 20 < 3 || cal.is_open(t).unwrap_or(false) {
                break t;
            }
        })
        .collect();
    received.sort();
    let build = Instant::now();
    let mut store = SqliteStore::open(&dir).expect("store");
    let mut load: HashMap<String, u32> = HashMap::new();
    let mut batch = Batch::default();
    let mut events = 0usize;
    for (i, &at) in received.iter().enumerate() {
        // 70% requests (10 operational days), 25% complaints, 5% incidents (1 day).
        let kind = match i % 20 {
            0..=13 => TicketKind::Request,
            14..=18 => TicketKind::Complaint,
            _ => TicketKind::Incident,
        };
        let number = format!("JTG-2026-{:06}", i + 1);
        let mut out = intake(&message(i, at, kind), &profile, at).expect("intake");
        out.set_number(&number);
        let t = out.open(&number).expect("opened");
        let team = &profile
            .desk
            .product_by_id(APPS[i % APPS.len()])
            .expect("product")
            .team;
        let ctx = RoutingContext {
            now: at,
            desk_open: cal.is_open(at).unwrap_or(false),
            roster: team
                .iter()
                .map(|name| RosterMember {
                    name: name.clone(),
                    open_load: load.get(name).copied().unwrap_or(0),
                    last_assigned: None,
                })
                .collect(),
        };
        let t = registry.route(&t, &ctx).ticket;
        if let Some(a) = t.assignee() {
            *load.entry(a.to_string()).or_default() += 1;
        }
        batch.tickets.push((number.clone(), 2026, (i + 1) as u32));
        for (pos, e) in t.history().iter().enumerate() {
            batch.events.push((number.clone(), pos, e.clone()));
            events += 1;
        }
        if batch.tickets.len() == 5_000 {
            store.commit(&batch).expect("commit");
            batch = Batch::default();
        }
    }
    store.commit(&batch).expect("commit");
    let build = build.elapsed().as_secs_f64();
    drop(store);

    let start = Instant::now();
    let store = SqliteStore::open(&dir).expect("store");
    let desk = Desk::start(
        Box::new(store),
        profile,
        Arc::new(serve::PluginRouter(registry)),
        [7; 32],
    )
    .expect("desk");
    let replay = start.elapsed().as_secs_f64();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let t0 = Instant::now();
    let first = rt.block_on(desk.sweep(now)).expect("sweep");
    let first_secs = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let second = rt.block_on(desk.sweep(now)).expect("sweep");
    let second_secs = t0.elapsed().as_secs_f64();
    // The watch's routine pass: only what its index says is due (nothing, here).
    let t0 = Instant::now();
    let third = rt.block_on(desk.tick(now)).expect("tick");
    let third_secs = t0.elapsed().as_secs_f64();
    assert!(
        second.recorded.is_empty(),
        "the second pass records nothing"
    );
    let warnings = first
        .recorded
        .iter()
        .filter(|(_, e)| e.what.name() == "sla_warning")
        .count();
    let breaches = first.recorded.len() - warnings;
    let tickets_hit: HashSet<&String> = first.recorded.iter().map(|(n, _)| n).collect();
    vec![
        Row {
            what: format!("build: {n} tickets into the store (intake + route + commit)"),
            n,
            secs: build,
            lat: None,
            note: format!("{events} events, chunks of 5,000 tickets"),
        },
        Row {
            what: format!("Desk::start on {n} tickets (load + replay)"),
            n,
            secs: replay,
            lat: None,
            note: String::new(),
        },
        Row {
            what: "SLA watch, first full pass (records the due events, durable)".into(),
            n: first.evaluated,
            secs: first_secs,
            lat: None,
            note: format!(
                "{warnings} warnings + {breaches} breaches on {} tickets",
                tickets_hit.len()
            ),
        },
        Row {
            what: "SLA watch, second full pass, same now (evaluation only)".into(),
            n: second.evaluated,
            secs: second_secs,
            lat: None,
            note: format!(
                "next due {}",
                second
                    .next
                    .map_or_else(|| "none".into(), |t| t.to_rfc3339(cal.timezone()))
            ),
        },
        Row {
            what: "SLA watch, routine pass, same now (the due index)".into(),
            n: third.evaluated,
            secs: third_secs,
            lat: None,
            note: format!("{} recorded", third.recorded.len()),
        },
    ]
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "?".into());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!(
        "{} CPU(s), {cpu}; load average {}",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    )
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported. Without it
    // (`cargo test --all-targets` runs this binary as a test, in a debug build) the
    // benchmark runs in its quick mode: a smoke run that every part still works.
    let quick = std::env::var("LOKET_BENCH_QUICK").is_ok_and(|v| v == "1")
        || !std::env::args().any(|a| a == "--bench");
    let scale = |full: usize, small: usize| if quick { small } else { full };
    let n = env_usize("N", scale(20_000, 1_000));
    let clients = env_usize("CLIENTS", 50);
    let peer_n = env_usize("PEER_N", scale(4_000, 300));
    let watch_n = env_usize("WATCH_N", scale(100_000, 5_000));
    let plugins_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/plugins");
    let with_plugins = std::env::var("PLUGINS").map_or(true, |v| v != "0")
        && std::fs::read_dir(&plugins_dir).is_ok_and(|d| {
            d.filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "wasm"))
        });
    println!(
        "loket serve benchmark{}",
        if quick { " (quick)" } else { "" }
    );
    println!("machine: {}", machine());

    // `ONLY=http,plugins,desk,peer,core,watch` runs a part of the benchmark.
    let only = std::env::var("ONLY").unwrap_or_default();
    let run = |part: &str| only.is_empty() || only.split(',').any(|p| p == part);
    let rate = env_usize("RATE", 2_000) as f64;

    let mut intake_rows = Vec::new();
    let mut commit_lines = Vec::new();
    let mut goal = None;
    if run("http") {
        let (rows, s) = http_intake(n, clients, None, "no plugins", "http-default", Some(rate));
        commit_lines.extend(s);
        let (closed, open) = (&rows[0], &rows[1]);
        let (lc, lo) = (closed.lat.unwrap_or_default(), open.lat.unwrap_or_default());
        let met = |ok: bool| if ok { "met" } else { "NOT met" };
        goal = Some(format!(
            "  durable intake > 2,000/s: {:.0}/s (closed loop): {}\n  p99 < 20 ms: {:.2} ms at {rate:.0}/s offered (open loop): {}; {:.2} ms at saturation (closed loop): {}",
            closed.rate(),
            met(closed.rate() > 2000.0),
            lo.p99,
            met(lo.p99 < 20.0),
            lc.p99,
            met(lc.p99 < 20.0),
        ));
        intake_rows.extend(rows);
    }
    if run("plugins") && with_plugins {
        let p = plugins_dir.canonicalize().unwrap_or(plugins_dir.clone());
        let (rows, s) = http_intake(
            n,
            clients,
            Some(&p),
            "plugins of target/plugins",
            "http-plugins",
            Some(rate),
        );
        intake_rows.extend(rows);
        commit_lines.extend(s);
    }
    if run("desk") {
        intake_rows.push(desk_intake(n, clients));
    }
    if run("peer") {
        intake_rows.push(sqlite_peer(peer_n, clients, true));
        intake_rows.push(sqlite_peer(peer_n, clients, false));
        // One thread: the latency of a durable commit itself (the disk's fsync).
        intake_rows.push(sqlite_peer(peer_n, 1, true));
    }
    if run("core") {
        intake_rows.extend(core_rates(n));
    }
    if run("startup") {
        // Issue 14: start-up time and memory with N stored tickets.
        let cluster = loket_store::testing::Cluster::start().expect("a PostgreSQL cluster");
        let k = env_usize("STARTUP_N", scale(100_000, 2_000));
        let url = cluster.create_db(&format!("startup{k}")).expect("database");
        let rows = vec![
            startup(k, None, "SQLite"),
            startup(k, Some(&url), "PostgreSQL"),
        ];
        print_rows(
            "(e) start-up and memory with stored tickets (issue 14)",
            &rows,
        );
    }
    let mut nodes_goal = None;
    if run("nodes") {
        // Issue 14: one, two and three nodes on one PostgreSQL database, beside one
        // node on SQLite, in the same run.
        let cluster = loket_store::testing::Cluster::start().expect("a PostgreSQL cluster");
        let mut rows = vec![nodes_intake(n, clients, 1, None, "1 node, SQLite")];
        for k in 1..=3 {
            let url = cluster.create_db(&format!("bench{k}")).expect("database");
            rows.push(nodes_intake(
                n,
                clients,
                k,
                Some(&url),
                &format!("{k} node(s), PostgreSQL"),
            ));
        }
        let one = &rows[1];
        let l = one.lat.unwrap_or_default();
        let met = |ok: bool| if ok { "met" } else { "NOT met" };
        nodes_goal = Some(format!(
            "  one PostgreSQL node > 2,000 intakes/s: {:.0}/s: {}; p99 < 50 ms: {:.2} ms: {}\n  a node added does not lower throughput: {}",
            one.rate(),
            met(one.rate() > 2000.0),
            l.p99,
            met(l.p99 < 50.0),
            rows[1..]
                .iter()
                .map(|r| format!("{:.0}/s", r.rate()))
                .collect::<Vec<_>>()
                .join(" → "),
        ));
        print_rows(
            "(d) several nodes on one PostgreSQL database (issue 14)",
            &rows,
        );
    }
    if !intake_rows.is_empty() {
        print_rows("(a, b) durable intake", &intake_rows);
    }
    if !commit_lines.is_empty() {
        println!("\nthe desk's durable commits during the HTTP runs");
        for l in &commit_lines {
            println!("  {l}");
        }
    }
    let mut watch_goal = None;
    if run("watch") {
        let watch_rows = sla_watch(watch_n);
        print_rows(
            &format!("(c) SLA watch over {watch_n} open tickets"),
            &watch_rows,
        );
        let eval = &watch_rows[3];
        watch_goal = Some(format!(
            "  SLA watch over {} open tickets < 1 s: {:.3} s (first pass {:.3} s): {}",
            eval.n,
            eval.secs,
            watch_rows[2].secs,
            if eval.secs < 1.0 { "met" } else { "NOT met" }
        ));
    }
    println!("\ngoals (issue 6):");
    for g in [goal, watch_goal].into_iter().flatten() {
        println!("{g}");
    }
    if let Some(g) = nodes_goal {
        println!("goals (issue 14):\n{g}");
    }
}
