//! Routing plugins in the sandbox. These tests need the components built by
//! `cargo xtask plugins` (`target/plugins/<application>.wasm` and
//! `target/plugins/hostile/<name>.wasm`); `cargo xtask test` builds them first.
//! Without them the tests fail (they never skip).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use loket_core::ticket::{intake, Event, EventKind, Message, RosterMember, RoutingContext, Ticket};
use loket_core::{Profile, Timestamp};
use loket_plugin_host::{Failure, HostConfig, LoadError, PluginHost, Registry};

const APPLICATIONS: [&str; 7] = [
    "e-planning",
    "e-budgeting",
    "e-penatausahaan",
    "e-controlling",
    "laporangub",
    "tatapraja",
    "website",
];

fn plugins_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("LOKET_PLUGINS_DIR") {
        return PathBuf::from(d);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("plugins");
    assert!(
        dir.join("hostile").is_dir(),
        "the plugin components are missing ({} not found): run `cargo xtask plugins` first \
         (`cargo xtask test` does it before the tests)",
        dir.join("hostile").display()
    );
    dir
}

fn component(rel: &str) -> PathBuf {
    let p = plugins_dir().join(rel);
    assert!(
        p.is_file(),
        "{} is missing: run `cargo xtask plugins` first",
        p.display()
    );
    p
}

fn host() -> Arc<PluginHost> {
    // Cargo's scratch directory for integration tests (under target/): no litter in /tmp.
    let cache = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache");
    Arc::new(
        PluginHost::new(HostConfig {
            cache_dir: Some(cache),
            ..HostConfig::default()
        })
        .expect("engine"),
    )
}

fn profile() -> Profile {
    Profile::jatengprov()
}

fn registry(host: &Arc<PluginHost>) -> Registry {
    Registry::new(host.clone(), Arc::new(profile()), HashSet::new())
}

fn ts(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}

/// A ticket for `app`: intake of a message, then `events` as (event JSON) lines.
fn ticket(app: &str, kind: &str, body: &str, at: &str, events: &[serde_json::Value]) -> Ticket {
    let p = profile();
    let msg: Message = serde_json::from_value(serde_json::json!({
        "channel": "whatsapp", "application": app, "kind": kind, "body": body,
        "reporter": {"name": "Sri", "phone": "6281200000000"}, "receivedAt": at,
    }))
    .expect("message");
    let mut t = intake(&msg, &p, msg.received_at)
        .expect("intake")
        .open("JTG-2024-000042")
        .expect("accepted");
    for e in events {
        let e: Event = serde_json::from_value(e.clone()).expect("event");
        t.apply(e, &p.context()).expect("event applies");
    }
    t
}

fn ctx(p: &Profile, t: &Ticket, now: &str) -> RoutingContext {
    let now = ts(now);
    let team = p
        .desk
        .product_by_id(t.application().unwrap_or_default())
        .map(|p| p.team.clone())
        .unwrap_or_default();
    RoutingContext {
        now,
        desk_open: p.calendar.is_open(now).unwrap_or(false),
        roster: team
            .into_iter()
            .enumerate()
            .map(|(i, name)| RosterMember {
                name,
                open_load: (i as u32 * 2) % 3,
                last_assigned: None,
            })
            .collect(),
    }
}

/// The corpus: a few tickets in different states for `app`.
fn corpus(app: &str) -> Vec<(&'static str, Ticket, &'static str)> {
    let staff = serde_json::json!({"type": "staff", "name": "Budi"});
    let ev = |at: &str, what: serde_json::Value| {
        let mut v = what;
        v["at"] = at.into();
        v["by"] = staff.clone();
        v
    };
    vec![
        (
            "complaint received",
            ticket(
                app,
                "complaint",
                "Tidak bisa login sejak pagi, error 500.",
                "2024-03-04T08:15:00+07:00",
                &[],
            ),
            "2024-03-04T08:20:00+07:00",
        ),
        (
            "request received",
            ticket(
                app,
                "request",
                "Mohon tambah akun pengguna baru untuk bidang anggaran.",
                "2024-03-05T10:00:00+07:00",
                &[],
            ),
            "2024-03-05T10:05:00+07:00",
        ),
        (
            "incident received after hours",
            ticket(
                app,
                "incident",
                "Server down, data tidak bisa disimpan, mendesak!",
                "2024-03-05T19:00:00+07:00",
                &[],
            ),
            "2024-03-05T19:01:00+07:00",
        ),
        (
            "executing without assignee",
            ticket(
                app,
                "complaint",
                "Laporan tidak muncul setelah pembaruan.",
                "2024-03-06T09:00:00+07:00",
                &[ev(
                    "2024-03-06T09:10:00+07:00",
                    serde_json::json!({"event": "create_ticket"}),
                )],
            ),
            "2024-03-06T09:30:00+07:00",
        ),
        (
            "in change management",
            ticket(
                app,
                "request",
                "Perubahan format laporan bulanan.",
                "2024-03-07T09:00:00+07:00",
                &[
                    ev(
                        "2024-03-07T09:10:00+07:00",
                        serde_json::json!({"event": "create_ticket"}),
                    ),
                    ev(
                        "2024-03-07T09:20:00+07:00",
                        serde_json::json!({"event": "assign", "to": "Budi"}),
                    ),
                    ev(
                        "2024-03-07T10:00:00+07:00",
                        serde_json::json!({"event": "forward", "to": "change_management"}),
                    ),
                ],
            ),
            "2024-03-07T11:00:00+07:00",
        ),
    ]
}

#[test]
fn components_are_built() {
    let dir = plugins_dir();
    for app in APPLICATIONS {
        component(&format!("{app}.wasm"));
    }
    for h in [
        "infinite-loop",
        "memory-bomb",
        "huge-output",
        "panic",
        "garbage",
        "wrong-version",
        "wasi-clock",
        "stateful",
    ] {
        component(&format!("hostile/{h}.wasm"));
    }
    component("v2/e-penatausahaan.wasm");
    assert!(dir.is_dir());
}

#[test]
fn every_example_plugin_loads_and_routes_its_corpus() {
    let host = host();
    let reg = registry(&host);
    let entries = reg.load_dir(&plugins_dir()).expect("read dir");
    let mut report = String::new();
    for e in &entries {
        let app = e.result.as_ref().unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(
            e.path.file_stem().and_then(|s| s.to_str()),
            Some(app.as_str()),
            "the file is named after its application"
        );
    }
    assert_eq!(reg.applications().len(), APPLICATIONS.len());
    let p = profile();
    for app in APPLICATIONS {
        let plugin = reg.get(app).expect("plugin");
        report.push_str(&format!(
            "## {app}: {} {}\n",
            plugin.manifest.name, plugin.manifest.version
        ));
        for (label, t, now) in corpus(app) {
            let c = ctx(&p, &t, now);
            let o = reg.route(&t, &c);
            assert!(
                o.failure.is_none(),
                "{app}, {label}: the example plugin failed: {:?}",
                o.failure
            );
            report.push_str(&format!(
                "- {label}: by {} -> {}\n",
                o.decided_by,
                serde_json::to_string(&o.decision).unwrap()
            ));
        }
        let c = reg.counters(app).unwrap();
        assert_eq!(c.failures(), 0, "{app}: {c:?}");
    }
    insta::assert_snapshot!("example_plugin_decisions", report);
}

#[test]
fn wrong_version_is_refused_naming_both_versions() {
    let host = host();
    let err = host
        .load_file(&component("hostile/wrong-version.wasm"))
        .expect_err("refused");
    let msg = err.to_string();
    assert!(matches!(err, LoadError::WrongVersion { .. }), "{msg}");
    assert!(msg.contains("loket:routing@1.x"), "{msg}");
    assert!(msg.contains("was built for loket:routing@"), "{msg}");
}

#[test]
fn wasi_clock_is_refused_naming_the_import() {
    let host = host();
    let err = host
        .load_file(&component("hostile/wasi-clock.wasm"))
        .expect_err("refused");
    let msg = err.to_string();
    assert!(matches!(err, LoadError::Imports { .. }), "{msg}");
    assert!(msg.contains("`wasi:"), "{msg}");
    assert!(
        msg.contains("no clock, files, network or randomness"),
        "{msg}"
    );
}

/// Loads a hostile plugin, routes a fresh ticket of its application, and checks that
/// the default router decided, the failure was recorded on the ticket and counted.
fn contained(name: &str) -> Failure {
    let host = host();
    let reg = registry(&host);
    let plugin = host
        .load_file(&component(&format!("hostile/{name}.wasm")))
        .unwrap_or_else(|e| panic!("{name} should load (it fails when routing): {e}"));
    let app = plugin.manifest.application.clone();
    assert!(
        APPLICATIONS.contains(&app.as_str()),
        "{name} routes for {app}"
    );
    reg.install(plugin);
    let p = profile();
    let (_, t, now) = corpus(&app).remove(0);
    let c = ctx(&p, &t, now);
    let o = reg.route(&t, &c);
    let failure = o
        .failure
        .clone()
        .unwrap_or_else(|| panic!("{name}: no failure: {o:?}"));
    assert_eq!(o.decided_by, "default", "{name}");
    let by_default = registry(&host).route(&t, &c);
    assert_eq!(
        o.decision, by_default.decision,
        "{name}: the default decision"
    );
    assert_eq!(o.ticket.state().name(), "executing", "{name}: routed");
    let comment = o
        .events
        .iter()
        .find_map(|e| match &e.what {
            EventKind::Comment { text } => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{name}: no comment: {:?}", o.events));
    assert!(comment.contains(failure.kind()), "{comment}");
    assert!(comment.contains("routing plugin"), "{comment}");
    assert!(
        o.ticket.history().len() > t.history().len(),
        "{name}: ticket kept"
    );
    let counters = reg.counters(&app).unwrap();
    assert_eq!(counters.failures(), 1, "{name}: {counters:?}");
    // A second call fails the same way and is counted again (fresh store each call).
    let again = reg.route(&t, &c);
    assert_eq!(
        again.failure.as_ref().map(Failure::kind),
        Some(failure.kind())
    );
    assert_eq!(reg.counters(&app).unwrap().failures(), 2);
    failure
}

#[test]
fn infinite_loop_runs_out_of_fuel() {
    assert_eq!(contained("infinite-loop"), Failure::FuelExhausted);
}

#[test]
fn memory_bomb_hits_the_memory_cap() {
    assert_eq!(contained("memory-bomb"), Failure::MemoryCap);
}

#[test]
fn huge_output_is_refused() {
    let f = contained("huge-output");
    assert!(
        matches!(f, Failure::BadOutput(_) | Failure::MemoryCap),
        "{f:?}"
    );
}

#[test]
fn panic_is_a_trap() {
    let f = contained("panic");
    assert!(matches!(f, Failure::Trap(_)), "{f:?}");
}

#[test]
fn garbage_is_refused() {
    let f = contained("garbage");
    assert!(
        matches!(
            f,
            Failure::BadOutput(_) | Failure::ErrorReturned(_) | Failure::Trap(_)
        ),
        "{f:?}"
    );
}

#[test]
fn hot_reload_under_concurrent_routing_never_tears_a_decision() {
    let host = host();
    let reg = Arc::new(registry(&host));
    let app = "e-penatausahaan";
    // Two releases of the same plugin: 1.0.0 and 2.0.0 (which also files a blocking
    // ticket of no sub-module under `akses`).
    let files = ["e-penatausahaan.wasm", "v2/e-penatausahaan.wasm"];
    let load = |file: &str| {
        let p = host.load_file(&component(file)).expect("load");
        assert_eq!(p.manifest.application, app, "{file}");
        p
    };
    let p = profile();
    let (_, t, now) = corpus(app).remove(0);
    let c = ctx(&p, &t, now);
    // The two versions' outcomes, each computed alone.
    reg.install(load(files[0]));
    let old = reg.route(&t, &c);
    reg.install(load(files[1]));
    let new = reg.route(&t, &c);
    assert_eq!(old.decided_by, "e-penatausahaan-router@1.0.0");
    assert_eq!(new.decided_by, "e-penatausahaan-router@2.0.0");
    assert_eq!(old.decision.category, None);
    assert_eq!(new.decision.category.as_deref(), Some("akses"));
    let expected = [
        (old.decided_by.clone(), old.decision.clone()),
        (new.decided_by.clone(), new.decision.clone()),
    ];
    let stop = Arc::new(AtomicBool::new(false));
    let calls = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..3)
        .map(|_| {
            let (reg, t, c, stop, calls, expected) = (
                reg.clone(),
                t.clone(),
                c.clone(),
                stop.clone(),
                calls.clone(),
                expected.clone(),
            );
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let o = reg.route(&t, &c);
                    let got = (o.decided_by.clone(), o.decision.clone());
                    assert!(expected.contains(&got), "torn or lost decision: {got:?}");
                    assert!(o.ticket.history().len() > t.history().len(), "ticket kept");
                    calls.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for i in 0..50 {
        reg.install(load(files[i % 2]));
    }
    while calls.load(Ordering::Relaxed) < 200 {
        std::thread::yield_now();
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().expect("a routing thread panicked");
    }
    assert!(calls.load(Ordering::Relaxed) >= 200);
}

#[test]
fn nothing_survives_from_one_call_to_the_next() {
    // The plugin keeps a call counter and the previous ticket in statics: each call
    // runs in a fresh instance, so it never sees either.
    let host = host();
    let reg = registry(&host);
    let plugin = host
        .load_file(&component("hostile/stateful.wasm"))
        .expect("load");
    let app = plugin.manifest.application.clone();
    reg.install(plugin);
    let p = profile();
    let mut decided = 0;
    for (label, t, now) in corpus(&app) {
        for _ in 0..2 {
            let o = reg.route(&t, &ctx(&p, &t, now));
            assert!(o.failure.is_none(), "{label}: {:?}", o.failure);
            if o.deferred {
                // Nothing to decide in this state (the reason alone is not a decision).
                continue;
            }
            assert_eq!(o.decided_by, "hostile-stateful@1.0.0", "{label}");
            assert_eq!(
                o.decision.reason.as_deref(),
                Some("call 1; previous ticket: none"),
                "{label}"
            );
            decided += 1;
        }
    }
    assert!(decided >= 6, "{decided}");
}

#[test]
fn long_and_non_ascii_tickets_route() {
    // A long e-mail (its text outgrows the plugin's first memory page, so the
    // plugin's allocator grows the memory) and a message with emoji and accented
    // letters (the text helpers' Unicode path), then a short one again in the same
    // pool slot.
    let host = host();
    let reg = registry(&host);
    reg.install(
        host.load_file(&component("e-penatausahaan.wasm"))
            .expect("load"),
    );
    let app = "e-penatausahaan";
    let p = profile();
    let at = "2024-03-04T08:15:00+07:00";
    let now = "2024-03-04T08:20:00+07:00";
    let long = format!(
        "SP2D tidak bisa dicetak. {}",
        "Mohon dibantu. ".repeat(8_000)
    );
    let cases = [
        (long.as_str(), Some("sp2d"), 100 << 10),
        (
            "🙏 Ñeraca DÉSEMBER: JURNAL penyesuaian hilang",
            Some("akuntansi"),
            0,
        ),
        ("Aplikasi lambat", None, 0),
    ];
    for (body, category, min_peak) in cases {
        let t = ticket(app, "complaint", body, at, &[]);
        let o = reg.route(&t, &ctx(&p, &t, now));
        assert!(o.failure.is_none(), "{:?}", o.failure);
        assert_eq!(o.decided_by, "e-penatausahaan-router@1.0.0");
        assert_eq!(o.decision.category.as_deref(), category, "{}", &body[..20]);
        assert!(
            o.peak_memory.unwrap_or(0) >= min_peak,
            "{:?}",
            o.peak_memory
        );
    }
}

#[test]
fn personal_data_only_when_asked_and_granted() {
    // The view a plugin gets carries the reporter only on request.
    let t = ticket(
        APPLICATIONS[2],
        "complaint",
        "x y z",
        "2024-03-04T08:15:00+07:00",
        &[],
    );
    let view = t.view(None);
    let without = loket_plugin_host::wit_view(&view, None).unwrap();
    assert!(without.reporter.is_none());
    let with = loket_plugin_host::wit_view(&view, Some(t.reporter())).unwrap();
    assert_eq!(with.reporter.unwrap().name.as_deref(), Some("Sri"));
}

#[test]
fn the_cache_serves_the_second_load() {
    let dir = std::env::temp_dir().join(format!("loket-plugin-cache-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let host = PluginHost::new(HostConfig {
        cache_dir: Some(dir.clone()),
        ..HostConfig::default()
    })
    .unwrap();
    let file = component("e-penatausahaan.wasm");
    assert!(!host.load_file(&file).unwrap().from_cache);
    assert!(host.load_file(&file).unwrap().from_cache);
    let _ = std::fs::remove_dir_all(&dir);
}
