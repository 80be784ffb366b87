//! `loket plugin …` and `loket route`: routing plugins (WebAssembly components).
//!
//! A ticket file (`--ticket T.json`) is an event file as `loket ticket replay` reads
//! it: JSON lines, the first an intake line or a `received` event (see
//! `examples/tickets/`). The routing context is the application's team from the desk
//! configuration (no open load), at `--at` or the ticket's last event.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use loket_core::ticket::{
    ClockKind, Decision, DefaultRouter, RosterMember, Router, RoutingContext, Step, Ticket,
};
use loket_core::{Lang, Profile, Timestamp};

use super::ticket::{read, replay};
use super::{load_profile, CliError};
use loket_plugin_host::{
    self as plugin, Failure, HostConfig, LoadedPlugin, PluginHost, Registry, CONTRACT,
    CONTRACT_VERSION,
};

/// Options every plugin command shares.
#[derive(Debug, Args)]
pub(super) struct HostArgs {
    /// Cache directory for compiled plugins (default: $XDG_CACHE_HOME/loket/plugins or
    /// ~/.cache/loket/plugins).
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// Compile every time; neither read nor write the cache.
    #[arg(long)]
    no_cache: bool,
}

impl HostArgs {
    fn host(&self) -> Result<PluginHost, CliError> {
        let cache_dir = if self.no_cache {
            None
        } else {
            self.cache_dir.clone().or_else(plugin::default_cache_dir)
        };
        PluginHost::new(HostConfig {
            cache_dir,
            ..HostConfig::default()
        })
        .map_err(|e| CliError::Io(format!("cannot start the plugin sandbox: {e:#}")))
    }
}

#[derive(Debug, Subcommand)]
pub(super) enum PluginCommand {
    /// Create a plugin folder: a router in Rust, JavaScript or Python, the SDK and
    /// types, a README and a fixture ticket.
    New(super::plugin_build::NewArgs),
    /// Build a plugin folder (its loket-plugin.toml) into a component, installing the
    /// pinned tools on first use, then check it.
    Build {
        #[command(flatten)]
        build: super::plugin_build::BuildArgs,
        #[command(flatten)]
        host: HostArgs,
    },
    /// Check a plugin: contract version, exports, imports, manifest.
    Check {
        /// The component (.wasm).
        file: PathBuf,
        #[command(flatten)]
        host: HostArgs,
    },
    /// Run a plugin on one ticket: its decision, reason, fuel used and peak memory.
    Run {
        /// The component (.wasm).
        file: PathBuf,
        /// The ticket: an event file (JSON lines, as `loket ticket replay` reads).
        #[arg(long)]
        ticket: String,
        /// Route at this instant (default: the ticket's last event).
        #[arg(long, allow_hyphen_values = true)]
        at: Option<String>,
        #[command(flatten)]
        host: HostArgs,
    },
    /// Measure plugins: decisions per second and p50/p99 per call, against the
    /// in-process default router on the same ticket; several plugins (e.g. the same
    /// router in Rust, JavaScript and Python) are measured one after the other in
    /// the same run and compared in a closing table.
    Bench {
        /// The components (.wasm).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Calls to time.
        #[arg(long, default_value_t = 20_000)]
        iterations: u32,
        /// The ticket (event file); default: a new complaint for the plugin's
        /// application.
        #[arg(long)]
        ticket: Option<String>,
        #[command(flatten)]
        host: HostArgs,
    },
}

/// Options of `loket route`.
#[derive(Debug, Args)]
pub(super) struct RouteArgs {
    /// The ticket: an event file (JSON lines, as `loket ticket replay` reads).
    #[arg(long)]
    ticket: String,
    /// Directory of plugins (`*.wasm`); none: the default router only.
    #[arg(long)]
    plugins: Option<PathBuf>,
    /// Route at this instant (default: the ticket's last event).
    #[arg(long, allow_hyphen_values = true)]
    at: Option<String>,
    /// Let this application's plugin see reporter contact details if its manifest asks
    /// (repeatable).
    #[arg(long = "grant-personal-data", value_name = "APPLICATION")]
    grants: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    host: HostArgs,
}

/// The routing context of a ticket: its application's team (no open load).
pub fn routing_context(profile: &Profile, ticket: &Ticket, now: Timestamp) -> RoutingContext {
    let roster = ticket
        .application()
        .and_then(|a| profile.desk.product_by_id(a))
        .map(|p| {
            p.team
                .iter()
                .map(|n| RosterMember {
                    name: n.clone(),
                    open_load: 0,
                    last_assigned: None,
                })
                .collect()
        })
        .unwrap_or_default();
    RoutingContext {
        now,
        desk_open: profile.calendar.is_open(now).unwrap_or(false),
        roster,
    }
}

fn load_ticket(
    profile: &Profile,
    file: &str,
    at: Option<&str>,
    stdin: &mut dyn BufRead,
    lang: Lang,
) -> Result<(Ticket, Timestamp), CliError> {
    let text = read(file, stdin)?;
    let ticket = replay(profile, &text, lang)?;
    let now = match at {
        Some(t) => Timestamp::parse(t)?,
        None => ticket
            .history()
            .last()
            .map_or(ticket.received_at(), |e| e.at),
    };
    Ok((ticket, now))
}

/// Loads `file` with the limits of the `.toml` beside it (as `loket serve` does).
fn load(host: &PluginHost, file: &Path) -> Result<LoadedPlugin, CliError> {
    host.load_file(file)
        .map_err(|e| CliError::Input(format!("plugin refused: {e}")))
}

/// One line of a plugin's limits.
fn describe_limits(p: &LoadedPlugin) -> String {
    let l = p.limits();
    format!(
        "fuel {} per call, memory {} KiB, {} calls at once ({} defaults{})",
        l.fuel,
        l.memory >> 10,
        l.concurrency,
        p.language.name(),
        if l == &plugin::Limits::for_language(p.language) {
            ""
        } else {
            ", changed by its .toml"
        }
    )
}

/// Prints `p`'s limits (after `label`) and what [`trial`] found.
fn report_trial(
    p: &LoadedPlugin,
    lang: Lang,
    label: &str,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    writeln!(out, "{label} {}", describe_limits(p))?;
    let profile = load_profile("default", None)?;
    for note in trial(p, &profile, lang)? {
        writeln!(out, "{note}")?;
    }
    Ok(())
}

/// Runs `p` on sample tickets of its application, each twice, and says what an
/// author should know: failures (a `print` or a clock read traps: plugins have no
/// output and no clock), decisions that differ for the same ticket, and how much of
/// its limits it used.
fn trial(p: &LoadedPlugin, profile: &Profile, lang: Lang) -> Result<Vec<String>, CliError> {
    let mut notes = Vec::new();
    let (mut fuel, mut memory) = (0u64, 0usize);
    for body in TRIAL {
        let (t, now) = sample_with(profile, &p.manifest.application, body, lang)?;
        let ctx = routing_context(profile, &t, now);
        let sla = t.clock(ClockKind::Resolution, &profile.calendar, now).ok();
        let view = plugin::wit_view(&t.view(sla), None).map_err(CliError::Input)?;
        let wctx = plugin::wit_context(&ctx);
        let first = p.call_route(&view, &wctx);
        let second = p.call_route(&view, &wctx);
        fuel = fuel.max(first.fuel_used).max(second.fuel_used);
        memory = memory.max(first.peak_memory).max(second.peak_memory);
        match (&first.result, &second.result) {
            (Err(f), _) | (_, Err(f)) => {
                let note = format!(
                    "warning: the plugin failed: {f} ({}), on the sample ticket \"{body}\"; \
                     on a desk such a ticket is routed by the default router and the failure \
                     recorded. A plugin has no output and no clock (`print`, `console.log`, \
                     `Date.now()`, `time.time()` fail): use ctx.now, and the decision's \
                     reason for words to staff",
                    f.kind()
                );
                let same = |n: &String| n.starts_with(&format!("warning: the plugin failed: {f} "));
                if !notes.iter().any(same) {
                    notes.push(note);
                }
            }
            (Ok(a), Ok(b)) if format!("{a:?}") != format!("{b:?}") => notes.push(format!(
                "warning: the same ticket (\"{body}\") got two different decisions; \
                 a plugin must decide from the ticket and ctx alone (no randomness, no \
                 state kept between calls)"
            )),
            _ => {}
        }
    }
    let l = p.limits();
    let (fp, mp) = (
        fuel as f64 * 100.0 / l.fuel as f64,
        memory as f64 * 100.0 / l.memory as f64,
    );
    notes.push(format!(
        "trial: {} sample tickets twice: at most {fuel} fuel ({fp:.1} % of its limit) and {} KiB of memory ({mp:.1} % of its cap)",
        TRIAL.len(),
        memory >> 10
    ));
    if fp > 50.0 || mp > 75.0 {
        notes.push(
            "warning: close to its limits on ordinary tickets; raise them in the plugin's .toml \
             (fuel, memory_mib) or make the plugin cheaper"
                .into(),
        );
    }
    Ok(notes)
}

/// The sample tickets of `loket plugin check` and `build` (WhatsApp messages).
const TRIAL: [&str; 4] = [
    "Tidak bisa login sejak pagi, muncul error 500 saat menyimpan data.",
    "SP2D belum bisa dicetak, mohon bantuan.",
    "Mohon penambahan akun untuk operator baru di bidang kami.",
    "Laporan realisasi anggaran (LRA) tidak sesuai dengan jurnal.",
];

/// One line describing a decision.
pub fn describe(d: &Decision) -> String {
    let mut parts = Vec::new();
    match d.step {
        Some(Step::HandleDirectly) => parts.push("step handle_directly".to_string()),
        Some(Step::CreateTicket) => parts.push("step create_ticket".to_string()),
        Some(Step::Forward(t)) => parts.push(format!(
            "step forward to {}",
            loket_core::ticket::tier_name(t)
        )),
        None => {}
    }
    if let Some(a) = &d.assign {
        parts.push(format!("assign {a}"));
    }
    if let Some(c) = &d.category {
        parts.push(format!("category {c}"));
    }
    if let Some(p) = d.priority {
        parts.push(format!("priority {}", format!("{p:?}").to_lowercase()));
    }
    if parts.is_empty() {
        "(nothing: defers to the default router)".into()
    } else {
        parts.join(", ")
    }
}

pub(super) fn run(
    cmd: PluginCommand,
    lang: Lang,
    stdin: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match cmd {
        PluginCommand::New(args) => {
            let files = super::plugin_build::new(&args)?;
            for f in &files {
                writeln!(out, "wrote {}", f.display())?;
            }
            writeln!(out, "next: loket plugin build {}", args.dir.display())?;
            Ok(())
        }
        PluginCommand::Build { build, host } => {
            let path = super::plugin_build::build(&build)?;
            let host = host.host()?;
            let p = load(&host, &path)?;
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            writeln!(
                out,
                "built {} ({} KiB): {} {} for {}, {}",
                path.display(),
                size >> 10,
                p.manifest.name,
                p.manifest.version,
                p.manifest.application,
                p.language.name()
            )?;
            report_trial(&p, lang, "limits:", out)
        }
        PluginCommand::Check { file, host } => {
            let host = host.host()?;
            let name = file.display().to_string();
            let bytes = std::fs::read(&file)
                .map_err(|e| CliError::Io(format!("cannot read {name}: {e}")))?;
            let (_, ins, _) = host
                .inspect(&bytes, &name)
                .map_err(|e| CliError::Input(e.to_string()))?;
            writeln!(out, "file:     {name}")?;
            writeln!(out, "engine:   {}", host.settings())?;
            writeln!(
                out,
                "contract: {}",
                ins.contract
                    .as_ref()
                    .map_or_else(|| "(not exported)".into(), |v| format!("{CONTRACT}@{v}"))
            )?;
            writeln!(
                out,
                "host:     accepts {CONTRACT}@1.x (bindings {CONTRACT_VERSION})"
            )?;
            writeln!(out, "exports:  {}", list(&ins.exports))?;
            writeln!(out, "imports:  {}", list(&ins.imports))?;
            let p = host
                .load_file(&file)
                .map_err(|e| CliError::Input(format!("refused: {e}")))?;
            let m = &p.manifest;
            writeln!(
                out,
                "manifest: {} {} for {}{}",
                m.name,
                m.version,
                m.application,
                if m.wants_personal_data {
                    ", asks for reporter contact details"
                } else {
                    ""
                }
            )?;
            writeln!(out, "language: {}", p.language.name())?;
            report_trial(&p, lang, "limits:  ", out)?;
            writeln!(out, "ok: the host accepts this plugin")?;
            Ok(())
        }
        PluginCommand::Run {
            file,
            ticket,
            at,
            host,
        } => {
            let host = host.host()?;
            let p = load(&host, &file)?;
            let profile = load_profile("default", None)?;
            let (t, now) = load_ticket(&profile, &ticket, at.as_deref(), stdin, lang)?;
            let ctx = routing_context(&profile, &t, now);
            let sla = t.clock(ClockKind::Resolution, &profile.calendar, now).ok();
            let view = plugin::wit_view(&t.view(sla), None).map_err(CliError::Input)?;
            let report = p.call_route(&view, &plugin::wit_context(&ctx));
            writeln!(
                out,
                "plugin:      {} {} ({})",
                p.manifest.name, p.manifest.version, p.manifest.application
            )?;
            writeln!(out, "ticket:      {} ({})", t.number(), t.state().name())?;
            let decided = report
                .result
                .clone()
                .and_then(|d| plugin_decision(d).map_err(Failure::BadOutput));
            match &decided {
                Ok(d) => {
                    writeln!(out, "decision:    {}", describe(d))?;
                    writeln!(out, "reason:      {}", d.reason.as_deref().unwrap_or("-"))?;
                    let mut next = t.clone();
                    let flow = profile.context();
                    let last = t.history().last().map_or(now, |e| e.at);
                    let at = Timestamp::from_unix(now.unix().max(last.unix()));
                    match next.apply_decision(d, &p.manifest.name, at, &flow) {
                        Ok(_) => writeln!(out, "flow:        accepted")?,
                        Err(e) => writeln!(out, "flow:        refused: {e}")?,
                    }
                }
                Err(f) => writeln!(out, "failure:     {} ({})", f, f.kind())?,
            }
            writeln!(
                out,
                "fuel used:   {} of {}",
                report.fuel_used,
                p.limits().fuel
            )?;
            writeln!(
                out,
                "peak memory: {} KiB of {} KiB",
                report.peak_memory / 1024,
                p.limits().memory / 1024
            )?;
            writeln!(out, "time:        {:.1} µs", micros(report.elapsed))?;
            Ok(())
        }
        PluginCommand::Bench {
            files,
            iterations,
            ticket,
            host,
        } => {
            let host = Arc::new(host.host()?);
            let profile = load_profile("default", None)?;
            // A ticket given is read once (it may be stdin) and routed by each plugin.
            let given = ticket
                .as_deref()
                .map(|f| load_ticket(&profile, f, None, stdin, lang))
                .transpose()?;
            let mut summary = Vec::new();
            for file in &files {
                summary.push(bench_one(
                    &host,
                    &profile,
                    file,
                    iterations,
                    given.as_ref(),
                    lang,
                    out,
                )?);
            }
            if summary.len() > 1 {
                writeln!(
                    out,
                    "\n{:<36} {:>8} {:>10} {:>8} {:>9} {:>8} {:>12} {:>9} {:>9}",
                    "plugin",
                    "language",
                    "load ms",
                    "fuel %",
                    "memory %",
                    "failed",
                    "decisions/s",
                    "p50 µs",
                    "p99 µs"
                )?;
                for r in &summary {
                    writeln!(
                        out,
                        "{:<36} {:>8} {:>10.1} {:>8.1} {:>9.1} {:>8} {:>12.0} {:>9.1} {:>9.1}",
                        r.name,
                        r.language,
                        r.load_ms,
                        r.fuel_pct,
                        r.memory_pct,
                        r.failures,
                        r.sandbox.per_second,
                        r.sandbox.p50,
                        r.sandbox.p99
                    )?;
                }
            }
            Ok(())
        }
    }
}

/// One plugin's line of the closing table of `loket plugin bench`.
struct BenchRow {
    name: String,
    language: &'static str,
    load_ms: f64,
    fuel_pct: f64,
    memory_pct: f64,
    failures: u64,
    sandbox: Stats,
}

fn bench_one(
    host: &Arc<PluginHost>,
    profile: &Profile,
    file: &Path,
    iterations: u32,
    given: Option<&(Ticket, Timestamp)>,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<BenchRow, CliError> {
    let t0 = Instant::now();
    let p = load(host, file)?;
    let load_time = t0.elapsed();
    let (t, now) = match given {
        Some(g) => g.clone(),
        None => sample_ticket(profile, &p.manifest.application, lang)?,
    };
    let ctx = routing_context(profile, &t, now);
    let sla = t.clock(ClockKind::Resolution, &profile.calendar, now).ok();
    let core_view = t.view(sla);
    let n = iterations.max(1) as usize;
    let warm = (n / 10).clamp(10, 1000);

    // The sandbox: conversion, fresh store, instantiate_pre, call, conversion.
    let sandbox = time(n, warm, || {
        let view = plugin::wit_view(&core_view, None).ok();
        let wctx = plugin::wit_context(&ctx);
        let r = view.map(|v| p.call_route(&v, &wctx));
        std::hint::black_box(r.map(|r| r.result.is_ok()));
    });
    // Where a sandbox call's time goes, step by step.
    let phases = {
        let view = plugin::wit_view(&core_view, None).map_err(CliError::Input)?;
        let wctx = plugin::wit_context(&ctx);
        for _ in 0..warm {
            std::hint::black_box(p.time_phases(&view, &wctx));
        }
        let all: Vec<_> = (0..n).map(|_| p.time_phases(&view, &wctx)).collect();
        let pick = |f: fn(&plugin::Phases) -> Duration| {
            let mut each: Vec<Duration> = all.iter().map(f).collect();
            each.sort();
            percentiles(&each)
        };
        [
            ("  new store (fuel, memory limiter)", pick(|x| x.store)),
            (
                "  fresh instance (pre-instantiated)",
                pick(|x| x.instantiate),
            ),
            ("  route: lower, run, lift", pick(|x| x.call)),
            ("  drop: memory reset, slot freed", pick(|x| x.drop)),
        ]
    };
    // The whole route: the plugin, the flow check, the events applied.
    let registry = Registry::new(host.clone(), Arc::new(profile.clone()), HashSet::new());
    let app = p.manifest.application.clone();
    let fuel = p.call_route(
        &plugin::wit_view(&core_view, None).map_err(CliError::Input)?,
        &plugin::wit_context(&ctx),
    );
    registry.install(p);
    let routed = time(n, warm, || {
        std::hint::black_box(registry.route(&t, &ctx));
    });
    // The in-process default router on the same view.
    let default = time(n, warm, || {
        std::hint::black_box(DefaultRouter.route(&core_view, &ctx));
    });
    let counters = registry.counters(&app).unwrap_or_default();
    let limits = registry
        .get(&app)
        .map(|p| (p.limits().clone(), p.language.name()))
        .ok_or_else(|| CliError::Input("the plugin was not installed".into()))?;
    writeln!(
        out,
        "plugin {} on ticket {} ({}), {n} calls each, one thread",
        file.display(),
        t.number(),
        t.state().name()
    )?;
    writeln!(
        out,
        "load: {:.1} ms; fuel per call: {}; peak memory: {} KiB; plugin decided {} of {} routes ({} failures)",
        load_time.as_secs_f64() * 1e3,
        fuel.fuel_used,
        fuel.peak_memory / 1024,
        counters.decided,
        counters.decided + counters.deferred + counters.failures(),
        counters.failures()
    )?;
    writeln!(
        out,
        "{:<44} {:>14} {:>10} {:>10}",
        "", "decisions/s", "p50 µs", "p99 µs"
    )?;
    let row = |out: &mut dyn Write, name: &str, s: &Stats| {
        writeln!(
            out,
            "{name:<44} {:>14.0} {:>10.2} {:>10.2}",
            s.per_second, s.p50, s.p99
        )
    };
    row(out, "sandbox call (store + instantiate + call)", &sandbox)?;
    for (name, (p50, p99)) in phases {
        writeln!(out, "{name:<44} {:>14} {p50:>10.2} {p99:>10.2}", "")?;
    }
    row(out, "route (sandbox + flow check + events)", &routed)?;
    row(out, "DefaultRouter in process", &default)?;
    Ok(BenchRow {
        name: {
            // The folder too: js/e-penatausahaan.wasm, python/e-penatausahaan.wasm.
            let parts: Vec<_> = file.components().rev().take(2).collect();
            parts
                .iter()
                .rev()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        },
        language: limits.1,
        load_ms: load_time.as_secs_f64() * 1e3,
        fuel_pct: fuel.fuel_used as f64 * 100.0 / limits.0.fuel as f64,
        memory_pct: fuel.peak_memory as f64 * 100.0 / limits.0.memory as f64,
        failures: counters.failures(),
        sandbox,
    })
}

fn plugin_decision(d: plugin::wit::Decision) -> Result<Decision, String> {
    // The same checks the registry makes (sizes, blanks) and the conversion.
    plugin::check_decision(d)
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "(none)".into()
    } else {
        v.join(", ")
    }
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

struct Stats {
    per_second: f64,
    p50: f64,
    p99: f64,
}

fn time(n: usize, warm: usize, mut f: impl FnMut()) -> Stats {
    for _ in 0..warm {
        f();
    }
    let mut each = Vec::with_capacity(n);
    let start = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        f();
        each.push(t.elapsed());
    }
    let total = start.elapsed();
    each.sort();
    let (p50, p99) = percentiles(&each);
    Stats {
        per_second: n as f64 / total.as_secs_f64(),
        p50,
        p99,
    }
}

/// The median and the 99th percentile of sorted durations, in µs.
fn percentiles(sorted: &[Duration]) -> (f64, f64) {
    let n = sorted.len();
    let pct = |q: f64| micros(sorted[((n as f64 * q) as usize).min(n - 1)]);
    (pct(0.50), pct(0.99))
}

/// A new complaint for `application`, received on a working morning.
fn sample_ticket(
    profile: &Profile,
    application: &str,
    lang: Lang,
) -> Result<(Ticket, Timestamp), CliError> {
    sample_with(profile, application, TRIAL[0], lang)
}

/// A new complaint for `application` by WhatsApp, saying `body`.
fn sample_with(
    profile: &Profile,
    application: &str,
    body: &str,
    lang: Lang,
) -> Result<(Ticket, Timestamp), CliError> {
    let line = serde_json::json!({
        "number": "JTG-2024-000001",
        "intake": {
            "channel": "whatsapp",
            "application": application,
            "kind": "complaint",
            "body": body,
            "reporter": {"name": "Sri"},
            "receivedAt": "2024-03-04T08:15:00+07:00"
        }
    });
    let t = replay(profile, &line.to_string(), lang)?;
    let now = t.received_at();
    Ok((t, now))
}

pub(super) fn route(
    args: RouteArgs,
    lang: Lang,
    stdin: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let profile = load_profile("default", None)?;
    let (t, now) = load_ticket(&profile, &args.ticket, args.at.as_deref(), stdin, lang)?;
    let ctx = routing_context(&profile, &t, now);
    let host = Arc::new(args.host.host()?);
    let registry = Registry::new(
        host,
        Arc::new(profile.clone()),
        args.grants.into_iter().collect(),
    );
    let mut loaded = Vec::new();
    if let Some(dir) = &args.plugins {
        let entries = registry
            .load_dir(dir)
            .map_err(|e| CliError::Io(format!("cannot read {}: {e}", dir.display())))?;
        for e in entries {
            loaded.push(match e.result {
                Ok(app) => format!("loaded {} for {app}", e.path.display()),
                Err(err) => format!("refused {err}"),
            });
        }
    }
    let o = registry.route(&t, &ctx);
    if args.json {
        let v = serde_json::json!({
            "ticket": t.number(),
            "application": t.application(),
            "plugins": loaded,
            "plugin": o.plugin,
            "decidedBy": o.decided_by,
            "decision": o.decision,
            "failure": o.failure.as_ref().map(|f| serde_json::json!({"kind": f.kind(), "message": f.to_string()})),
            "deferred": o.deferred,
            "fuelUsed": o.fuel_used,
            "peakMemory": o.peak_memory,
            "events": o.events,
            "state": o.ticket.state().name(),
        });
        super::util::write_pretty_json(out, &v)?;
        return Ok(());
    }
    for l in &loaded {
        writeln!(out, "{l}")?;
    }
    writeln!(
        out,
        "ticket {} ({}, {})",
        t.number(),
        t.application().unwrap_or("no application"),
        t.state().name()
    )?;
    match (&o.plugin, &o.failure) {
        (None, _) => writeln!(
            out,
            "no plugin for this application: the default router decides"
        )?,
        (Some(p), Some(f)) => writeln!(
            out,
            "plugin {p} failed ({}): {f}; falls back to the default router",
            f.kind()
        )?,
        (Some(p), None) if o.deferred => {
            writeln!(out, "plugin {p} deferred: the default router decides")?
        }
        (Some(_), None) => {}
    }
    writeln!(out, "decided by: {}", o.decided_by)?;
    writeln!(out, "decision:   {}", describe(&o.decision))?;
    writeln!(
        out,
        "reason:     {}",
        o.decision.reason.as_deref().unwrap_or("-")
    )?;
    if let (Some(f), Some(m)) = (o.fuel_used, o.peak_memory) {
        writeln!(out, "fuel used:  {f}; peak memory: {} KiB", m / 1024)?;
    }
    writeln!(out, "state now:  {}", o.ticket.state().name())?;
    Ok(())
}
