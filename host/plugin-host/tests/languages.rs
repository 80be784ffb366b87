//! Routing plugins written in JavaScript and Python beside Rust: the same decisions
//! on a shared fixture, their limits, 64 calls at once, and what happens when one
//! prints or reads the clock. The components are built by `cargo xtask plugins`
//! (`loket plugin build`, with the pinned componentize-qjs and componentize-py);
//! without them these tests fail, they never skip.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use loket_core::ticket::{intake, Message, RosterMember, RoutingContext};
use loket_core::{Profile, Timestamp};
use loket_plugin_host::wit::{
    Channel, Context, Decision, Priority, RosterMember as WitMember, Step, TicketKind, TicketView,
    Tier,
};
use loket_plugin_host::{
    read_limits, HostConfig, Language, Limits, LimitsFile, LoadedPlugin, PluginHost, Registry,
};

fn target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

fn component(rel: &str) -> PathBuf {
    let p = target().join("plugins").join(rel);
    assert!(
        p.is_file(),
        "{} is missing: run `cargo xtask plugins` first (`cargo xtask test` does)",
        p.display()
    );
    p
}

fn host() -> Arc<PluginHost> {
    // The cache `cargo xtask plugins` filled when it checked the builds.
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache");
    Arc::new(
        PluginHost::new(HostConfig {
            cache_dir: Some(cache),
            ..HostConfig::default()
        })
        .expect("engine"),
    )
}

fn load(host: &PluginHost, rel: &str) -> LoadedPlugin {
    host.load_file(&component(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The three e-penatausahaan routers: Rust, JavaScript, Python.
const ROUTERS: [(&str, Language); 3] = [
    ("e-penatausahaan.wasm", Language::Rust),
    ("js/e-penatausahaan.wasm", Language::JavaScript),
    ("python/e-penatausahaan.wasm", Language::Python),
];

/// Monday 4 March 2024, 08:15 WIB.
const MONDAY_MORNING: i64 = 1_709_514_900;

struct Case {
    view: TicketView,
    ctx: Context,
    expect: serde_json::Value,
    what: String,
}

fn fixture() -> Vec<Case> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../plugins/fixtures/e-penatausahaan.json");
    let text = std::fs::read_to_string(&path).expect("the shared fixture");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
    let team: Vec<String> = doc["team"]
        .as_array()
        .expect("team")
        .iter()
        .map(|n| n.as_str().expect("name").to_string())
        .collect();
    doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().map(str::to_string);
            let loads: Vec<u32> = c["loads"]
                .as_array()
                .expect("loads")
                .iter()
                .map(|l| l.as_u64().expect("load") as u32)
                .collect();
            let roster = loads
                .iter()
                .enumerate()
                .map(|(i, &l)| WitMember {
                    name: team[i].clone(),
                    open_load: l,
                    last_assigned: c["lastAssigned"].get(i).and_then(serde_json::Value::as_i64),
                })
                .collect();
            let tier = match c["tier"].as_str().unwrap_or("first-line") {
                "first-line" => Tier::FirstLine,
                "application-staff" => Tier::ApplicationStaff,
                t => panic!("tier {t}"),
            };
            let view = TicketView {
                number: "JTG-2024-000001".into(),
                kind: TicketKind::Complaint,
                application: Some("e-penatausahaan".into()),
                channel: Channel::Whatsapp,
                subject: s("subject").expect("subject"),
                body: s("body").expect("body"),
                received_at: MONDAY_MORNING,
                state: s("state").unwrap_or_else(|| "received".into()),
                tier,
                assignee: s("assignee"),
                category: None,
                priority: priority(c["priority"].as_str().unwrap_or("normal")),
                history: Vec::new(),
                sla: None,
                reporter: None,
            };
            let mut expect = c["expect"].clone();
            if let Some(i) = expect["assign"].as_u64() {
                expect["assign"] = team[i as usize].clone().into();
            }
            Case {
                what: format!("{} / {}", view.subject, view.body),
                view,
                ctx: Context {
                    now: MONDAY_MORNING,
                    desk_open: true,
                    roster,
                },
                expect,
            }
        })
        .collect()
}

fn priority(p: &str) -> Priority {
    match p {
        "low" => Priority::Low,
        "normal" => Priority::Normal,
        "high" => Priority::High,
        "urgent" => Priority::Urgent,
        _ => panic!("priority {p}"),
    }
}

/// A decision as the fixture writes it.
fn as_json(d: &Decision) -> serde_json::Value {
    let step = d.step.as_ref().map(|s| match s {
        Step::CreateTicket => "create-ticket".to_string(),
        Step::HandleDirectly => "handle-directly".to_string(),
        Step::Forward(t) => format!("forward {t:?}"),
    });
    let priority = d.priority.map(|p| match p {
        Priority::Low => "low",
        Priority::Normal => "normal",
        Priority::High => "high",
        Priority::Urgent => "urgent",
    });
    serde_json::json!({
        "step": step,
        "assign": d.assign,
        "category": d.category,
        "priority": priority,
    })
}

#[test]
fn the_language_is_told_from_the_component() {
    let host = host();
    for (rel, lang) in ROUTERS {
        assert_eq!(load(&host, rel).language, lang, "{rel}");
    }
}

#[test]
fn rust_javascript_and_python_routers_decide_the_same_on_the_shared_fixture() {
    let host = host();
    let plugins: Vec<_> = ROUTERS.iter().map(|(r, _)| (*r, load(&host, r))).collect();
    let cases = fixture();
    assert!(cases.len() >= 20);
    for case in &cases {
        let decisions: Vec<(&str, Decision)> = plugins
            .iter()
            .map(|(name, p)| {
                let d = p
                    .call_route(&case.view, &case.ctx)
                    .result
                    .unwrap_or_else(|f| panic!("{name} on {}: {f}", case.what));
                (*name, d)
            })
            .collect();
        let (_, rust) = &decisions[0];
        assert_eq!(
            as_json(rust),
            case.expect,
            "the Rust router on {}",
            case.what
        );
        for (name, d) in &decisions[1..] {
            // The whole decision, the reason's words included.
            assert_eq!(
                format!("{d:?}"),
                format!("{rust:?}"),
                "{name} against the Rust router on {}",
                case.what
            );
        }
    }
}

#[test]
fn the_same_ticket_twice_gets_the_same_decision() {
    let host = host();
    let cases = fixture();
    for (rel, _) in &ROUTERS[1..] {
        let p = load(&host, rel);
        for case in cases.iter().take(6) {
            let a = p.call_route(&case.view, &case.ctx).result.expect("first");
            let b = p.call_route(&case.view, &case.ctx).result.expect("second");
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{rel} on {}", case.what);
        }
    }
}

#[test]
fn the_examples_stay_well_inside_their_languages_limits() {
    let host = host();
    let cases = fixture();
    for (rel, lang) in ROUTERS {
        let p = load(&host, rel);
        assert_eq!(p.limits(), &Limits::for_language(lang), "{rel}");
        let (mut fuel, mut memory) = (0u64, 0usize);
        for case in &cases {
            let r = p.call_route(&case.view, &case.ctx);
            assert!(r.result.is_ok(), "{rel} on {}", case.what);
            fuel = fuel.max(r.fuel_used);
            memory = memory.max(r.peak_memory);
        }
        let l = p.limits();
        eprintln!(
            "{rel}: at most {fuel} fuel ({:.1} %) and {} KiB ({:.1} %) on the fixture",
            fuel as f64 * 100.0 / l.fuel as f64,
            memory >> 10,
            memory as f64 * 100.0 / l.memory as f64
        );
        assert!(
            memory * 100 <= l.memory * 60,
            "{rel}: {memory} bytes of memory, more than 60 % of {}",
            l.memory
        );
        assert!(
            fuel * 100 <= l.fuel * 25,
            "{rel}: {fuel} fuel, more than 25 % of {}",
            l.fuel
        );
        assert!(fuel > 0 && memory > 0, "{rel}: nothing measured");
    }
}

#[test]
fn sixty_four_python_calls_at_once_all_get_their_decision() {
    let host = host();
    let p = Arc::new(load(&host, "python/e-penatausahaan.wasm"));
    let cases = Arc::new(fixture());
    // All 64 start together.
    let start = Arc::new(std::sync::Barrier::new(64));
    let threads: Vec<_> = (0..64)
        .map(|i| {
            let (p, cases, start) = (p.clone(), cases.clone(), start.clone());
            std::thread::spawn(move || {
                let case = &cases[i % cases.len()];
                start.wait();
                p.call_route(&case.view, &case.ctx).result.map(|_| ())
            })
        })
        .collect();
    let failures: Vec<String> = threads
        .into_iter()
        .filter_map(|t| t.join().expect("thread").err())
        .map(|f| f.to_string())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of 64 failed: {failures:?}",
        failures.len()
    );
}

#[test]
fn calls_past_a_plugins_concurrency_wait_their_turn() {
    // The administrator's `<name>.toml` beside the component, as a desk's plugin
    // folder holds it: `load_file` reads it.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("limits-beside");
    std::fs::create_dir_all(&dir).expect("dir");
    let wasm = dir.join("js-router.wasm");
    std::fs::copy(component("js/e-penatausahaan.wasm"), &wasm).expect("copy");
    std::fs::write(dir.join("js-router.toml"), "concurrency = 2\n").expect("write");
    let host = host();
    let p = Arc::new(host.load_file(&wasm).expect("load"));
    assert_eq!(
        p.limits(),
        &Limits {
            concurrency: 2,
            ..Limits::for_language(Language::JavaScript)
        }
    );
    let cases = Arc::new(fixture());
    let threads: Vec<_> = (0..16)
        .map(|i| {
            let (p, cases) = (p.clone(), cases.clone());
            std::thread::spawn(move || {
                let case = &cases[i % cases.len()];
                p.call_route(&case.view, &case.ctx).result.is_ok()
            })
        })
        .collect();
    assert!(threads.into_iter().all(|t| t.join().expect("thread")));
}

#[test]
fn an_administrators_limits_file_overrides_the_defaults_and_bad_ones_are_refused() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("limits-files");
    std::fs::create_dir_all(&dir).expect("dir");
    let bytes = std::fs::read(component("python/e-penatausahaan.wasm")).expect("read");
    let file = dir.join("py.toml");
    std::fs::write(&file, "fuel = 5000000\nmemory_mib = 48\n").expect("write");
    let l = read_limits(&file)
        .expect("valid")
        .expect("present")
        .over(Language::of(&bytes));
    assert_eq!(l.fuel, 5_000_000);
    assert_eq!(l.memory, 48 << 20);
    assert_eq!(
        l.concurrency,
        Limits::for_language(Language::Python).concurrency
    );
    assert!(matches!(read_limits(&dir.join("none.toml")), Ok(None)));
    std::fs::write(&file, "memory = 48\n").expect("write");
    let e = read_limits(&file).expect_err("unknown key");
    assert!(e.contains("memory_mib"), "{e}");
    // A cap too small for CPython: refused at its first call, never a crash.
    let host = host();
    let tiny = LimitsFile {
        memory_mib: Some(4),
        ..LimitsFile::default()
    };
    match host.load_bytes_with(&bytes, "py", Some(&tiny)) {
        Err(e) => assert!(e.to_string().contains("memory"), "{e}"),
        Ok(p) => {
            let case = &fixture()[0];
            assert!(p.call_route(&case.view, &case.ctx).result.is_err());
        }
    }
    let huge = LimitsFile {
        memory_mib: Some(1 << 20),
        ..LimitsFile::default()
    };
    let e = host
        .load_bytes_with(&bytes, "py", Some(&huge))
        .expect_err("above the host's maximum");
    assert!(e.to_string().contains("memory cap"), "{e}");
}

fn profile() -> Profile {
    Profile::jatengprov()
}

/// A ticket for `app` received on Monday morning.
fn ticket(app: &str) -> (loket_core::ticket::Ticket, RoutingContext) {
    let p = profile();
    let msg: Message = serde_json::from_value(serde_json::json!({
        "channel": "whatsapp", "application": app, "kind": "complaint",
        "body": "Laporan tidak bisa dibuat", "reporter": {"name": "Sri"},
        "receivedAt": "2024-03-04T08:15:00+07:00"
    }))
    .expect("message");
    let t = intake(&msg, &p, msg.received_at)
        .expect("intake")
        .open("JTG-2024-000001")
        .expect("accepted");
    let now = Timestamp::from_unix(MONDAY_MORNING);
    let ctx = RoutingContext {
        now,
        desk_open: true,
        roster: vec![RosterMember {
            name: "Petugas".into(),
            open_load: 0,
            last_assigned: None,
        }],
    };
    (t, ctx)
}

#[test]
fn printing_or_reading_the_clock_is_a_failure_routed_by_default_with_a_comment() {
    let host = host();
    let registry = Registry::new(host.clone(), Arc::new(profile()), HashSet::new());
    for (rel, app) in [
        ("hostile/console-js.wasm", "website"),
        ("hostile/clock-js.wasm", "tatapraja"),
        ("hostile/prints-py.wasm", "laporangub"),
    ] {
        let p = load(&host, rel);
        assert_eq!(p.manifest.application, app);
        registry.install(p);
        let (t, ctx) = ticket(app);
        let o = registry.route(&t, &ctx);
        let f = o
            .failure
            .as_ref()
            .unwrap_or_else(|| panic!("{rel} decided"));
        assert_eq!(o.decided_by, "default", "{rel}");
        let comment = o
            .events
            .iter()
            .find_map(|e| match &e.what {
                loket_core::ticket::EventKind::Comment { text } => Some(text.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{rel}: no comment"));
        assert!(
            comment.contains("routed by the default router") && comment.contains(f.kind()),
            "{rel}: {comment}"
        );
        assert_eq!(registry.counters(app).expect("counters").failures(), 1);
    }
}

#[test]
fn a_slow_compile_never_leaves_a_gap_the_old_version_routes_until_the_new_is_checked() {
    // The JavaScript router is installed; its Python successor for the same
    // application compiles (no cache: seconds) while tickets keep coming.
    let cached = host();
    let registry = Arc::new(Registry::new(
        cached.clone(),
        Arc::new(profile()),
        HashSet::new(),
    ));
    registry.install(load(&cached, "js/e-penatausahaan.wasm"));
    let uncached = Arc::new(PluginHost::new(HostConfig::default()).expect("engine"));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let loader = {
        let (registry, uncached, done) = (registry.clone(), uncached.clone(), done.clone());
        std::thread::spawn(move || {
            let p = uncached
                .load_file(&component("python/e-penatausahaan.wasm"))
                .expect("the Python router loads");
            assert!(!p.from_cache);
            registry.install(p);
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        })
    };
    let (t, mut ctx) = ticket("e-penatausahaan");
    ctx.roster = vec![RosterMember {
        name: "Petugas e-Penatausahaan 1".into(),
        open_load: 0,
        last_assigned: None,
    }];
    let (mut by_js, mut by_py) = (0, 0);
    while !done.load(std::sync::atomic::Ordering::SeqCst) || by_py < 3 {
        let o = registry.route(&t, &ctx);
        assert!(o.failure.is_none(), "{:?}", o.failure);
        match o.decided_by.as_str() {
            "e-penatausahaan-router-js@1.0.0" => {
                assert_eq!(by_py, 0, "the old version came back after the swap");
                by_js += 1;
            }
            "e-penatausahaan-router-py@1.0.0" => by_py += 1,
            other => panic!("routed by {other}: a gap"),
        }
    }
    loader.join().expect("loader");
    assert!(
        by_js > 10,
        "only {by_js} routes while the new version compiled"
    );
}

#[test]
fn a_compiled_python_plugin_is_reused_from_the_cache_by_the_next_host() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("restart-cache");
    let _ = std::fs::remove_dir_all(&dir);
    let start = |expect_cached: bool| {
        let host = PluginHost::new(HostConfig {
            cache_dir: Some(dir.clone()),
            ..HostConfig::default()
        })
        .expect("engine");
        let t0 = std::time::Instant::now();
        let p = host
            .load_file(&component("python/e-penatausahaan.wasm"))
            .expect("load");
        assert_eq!(p.from_cache, expect_cached);
        let case = &fixture()[0];
        assert!(p.call_route(&case.view, &case.ctx).result.is_ok());
        t0.elapsed()
    };
    let first = start(false);
    let second = start(true);
    eprintln!("Python router: compiled in {first:?}, from the cache in {second:?}");
}

/// The quoted words of the list that starts at `start` in `file` (up to its `]` or `)`).
fn quoted_list(file: &str, start: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("SDK source");
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {file}"))
        + start.len();
    let rest = &text[from..];
    // Rust `];`, JavaScript `]);`, Python `\n)`: whichever closes it first.
    let end = ["];", "]);", "\n)"]
        .iter()
        .filter_map(|close| rest.find(close))
        .min()
        .expect("the list's end");
    rest[..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_three_sdks_know_the_same_blocking_words() {
    let rust = quoted_list("plugins/sdk/src/lib.rs", "pub const BLOCKING: &[&str] = &[");
    assert!(rust.len() >= 10, "{rust:?}");
    assert_eq!(
        quoted_list(
            "plugins/js/sdk/loket.js",
            "export const BLOCKING = Object.freeze(["
        ),
        rust
    );
    assert_eq!(
        quoted_list("plugins/python/sdk/loket_sdk.py", "BLOCKING = ("),
        rust
    );
}
