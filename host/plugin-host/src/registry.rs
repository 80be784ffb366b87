//! Plugins by application, hot swap, failure counters, and routing a ticket.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use loket_core::ticket::{
    Actor, ClockKind, Decision, DefaultRouter, Event, EventKind, Router, RoutingContext, Ticket,
};
use loket_core::{Profile, Timestamp};

use super::convert;
use super::host::{clip, Failure, LoadError, LoadedPlugin, PluginHost};

/// Calls and failures of one application's plugin (kept across reloads).
#[derive(Debug, Default)]
struct Counters {
    decided: AtomicU64,
    deferred: AtomicU64,
    trap: AtomicU64,
    fuel_exhausted: AtomicU64,
    memory_cap: AtomicU64,
    bad_output: AtomicU64,
    error_returned: AtomicU64,
}

/// A snapshot of an application's counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CounterSnapshot {
    /// Calls whose decision was applied.
    pub decided: u64,
    /// Calls that returned an empty decision (deferred to the default router).
    pub deferred: u64,
    /// Traps (panics, unreachable, …).
    pub trap: u64,
    /// Out of fuel.
    pub fuel_exhausted: u64,
    /// Memory cap hit.
    pub memory_cap: u64,
    /// Invalid, oversized or refused output.
    pub bad_output: u64,
    /// Errors returned by the plugin.
    pub error_returned: u64,
}

impl CounterSnapshot {
    /// All failures.
    pub fn failures(&self) -> u64 {
        self.trap + self.fuel_exhausted + self.memory_cap + self.bad_output + self.error_returned
    }
}

impl Counters {
    fn count(&self, f: &Failure) {
        let c = match f {
            Failure::Trap(_) => &self.trap,
            Failure::FuelExhausted => &self.fuel_exhausted,
            Failure::MemoryCap => &self.memory_cap,
            Failure::BadOutput(_) => &self.bad_output,
            Failure::ErrorReturned(_) => &self.error_returned,
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    fn snapshot(&self) -> CounterSnapshot {
        let g = |a: &AtomicU64| a.load(Ordering::Relaxed);
        CounterSnapshot {
            decided: g(&self.decided),
            deferred: g(&self.deferred),
            trap: g(&self.trap),
            fuel_exhausted: g(&self.fuel_exhausted),
            memory_cap: g(&self.memory_cap),
            bad_output: g(&self.bad_output),
            error_returned: g(&self.error_returned),
        }
    }
}

#[derive(Debug)]
struct Slot {
    current: RwLock<Arc<LoadedPlugin>>,
    counters: Counters,
}

/// How a ticket was routed.
#[derive(Clone, Debug)]
pub struct RouteOutcome {
    /// The ticket with the decision applied (and a comment when a plugin failed).
    pub ticket: Ticket,
    /// The decision applied.
    pub decision: Decision,
    /// Who decided: the plugin's `name@version`, or `default`.
    pub decided_by: String,
    /// The plugin consulted (`name@version`), if any.
    pub plugin: Option<String>,
    /// Why the plugin's decision was not used.
    pub failure: Option<Failure>,
    /// Whether the plugin deferred (empty decision).
    pub deferred: bool,
    /// The events applied.
    pub events: Vec<Event>,
    /// Fuel the plugin used.
    pub fuel_used: Option<u64>,
    /// Peak linear memory of the plugin call (bytes).
    pub peak_memory: Option<usize>,
}

/// Per-application plugins, swapped atomically while routing goes on.
#[derive(Debug)]
pub struct Registry {
    host: Arc<PluginHost>,
    profile: RwLock<Arc<Profile>>,
    grants: HashSet<String>,
    slots: RwLock<HashMap<String, Arc<Slot>>>,
}

/// One file of a directory load.
#[derive(Debug)]
pub struct DirEntry {
    /// The file.
    pub path: PathBuf,
    /// The application it was registered for, or why it was refused.
    pub result: Result<String, LoadError>,
}

impl Registry {
    /// An empty registry; `grants` are the applications whose plugins may see reporter
    /// contact details (if their manifest asks).
    pub fn new(host: Arc<PluginHost>, profile: Arc<Profile>, grants: HashSet<String>) -> Self {
        Registry {
            host,
            profile: RwLock::new(profile),
            grants,
            slots: RwLock::new(HashMap::new()),
        }
    }

    /// The profile routing checks decisions against.
    pub fn profile(&self) -> Arc<Profile> {
        self.profile
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replaces the profile (after an administrator changed the calendar, policy or
    /// desk): routing from now on checks decisions against it.
    pub fn set_profile(&self, profile: Arc<Profile>) {
        *self.profile.write().unwrap_or_else(PoisonError::into_inner) = profile;
    }

    /// The host.
    pub fn host(&self) -> &PluginHost {
        &self.host
    }

    /// Loads every `<dir>/*.wasm` (sorted by name), each with the limits of the
    /// `<name>.toml` beside it if there is one ([`PluginHost::load_file`]). A refused file is
    /// reported and not registered; the others are installed by the application of
    /// their manifest, each as soon as it is compiled and checked (until then the
    /// plugin it replaces goes on routing).
    ///
    /// # Errors
    /// The directory cannot be read.
    pub fn load_dir(&self, dir: &Path) -> std::io::Result<Vec<DirEntry>> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "wasm"))
            .collect();
        paths.sort();
        Ok(paths
            .into_iter()
            .map(|path| {
                let result = self.host.load_file(&path).map(|p| {
                    let app = p.manifest.application.clone();
                    self.install(p);
                    app
                });
                DirEntry { path, result }
            })
            .collect())
    }

    /// Installs `plugin` for its manifest's application, replacing (atomically) the
    /// one there; calls in flight finish with the plugin they started with. Returns
    /// the replaced plugin.
    pub fn install(&self, plugin: LoadedPlugin) -> Option<Arc<LoadedPlugin>> {
        let app = plugin.manifest.application.clone();
        let plugin = Arc::new(plugin);
        let slot = self.slot(&app);
        if let Some(slot) = slot {
            let mut cur = slot.current.write().unwrap_or_else(PoisonError::into_inner);
            return Some(std::mem::replace(&mut *cur, plugin));
        }
        let mut slots = self.slots.write().unwrap_or_else(PoisonError::into_inner);
        match slots.get(&app) {
            Some(slot) => {
                let mut cur = slot.current.write().unwrap_or_else(PoisonError::into_inner);
                Some(std::mem::replace(&mut *cur, plugin))
            }
            None => {
                slots.insert(
                    app,
                    Arc::new(Slot {
                        current: RwLock::new(plugin),
                        counters: Counters::default(),
                    }),
                );
                None
            }
        }
    }

    /// Removes an application's plugin (its tickets go to the default router).
    pub fn remove(&self, application: &str) -> Option<Arc<LoadedPlugin>> {
        let slot = self
            .slots
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(application)?;
        let cur = slot.current.read().unwrap_or_else(PoisonError::into_inner);
        Some(cur.clone())
    }

    fn slot(&self, application: &str) -> Option<Arc<Slot>> {
        self.slots
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(application)
            .cloned()
    }

    /// The plugin routing `application` now.
    pub fn get(&self, application: &str) -> Option<Arc<LoadedPlugin>> {
        let slot = self.slot(application)?;
        let cur = slot.current.read().unwrap_or_else(PoisonError::into_inner);
        Some(cur.clone())
    }

    /// The applications with a plugin, sorted.
    pub fn applications(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .slots
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .keys()
            .cloned()
            .collect();
        v.sort();
        v
    }

    /// The counters of `application`'s plugin.
    pub fn counters(&self, application: &str) -> Option<CounterSnapshot> {
        self.slot(application).map(|s| s.counters.snapshot())
    }

    /// Routes `ticket`: by its application's plugin when there is one and it gives a
    /// valid decision, else by the default router. A plugin failure is counted and
    /// recorded on the ticket as a comment. Never panics and always returns the
    /// ticket.
    pub fn route(&self, ticket: &Ticket, ctx: &RoutingContext) -> RouteOutcome {
        let at = ticket.history().last().map_or(ctx.now, |e| {
            Timestamp::from_unix(e.at.unix().max(ctx.now.unix()))
        });
        let profile = self.profile();
        let flow = profile.context();
        let sla = ticket
            .clock(ClockKind::Resolution, &profile.calendar, ctx.now)
            .ok();
        let view = ticket.view(sla);
        let slot = ticket.application().and_then(|a| self.slot(a));
        let Some(slot) = slot else {
            return self.by_default(ticket, &view, ctx, at, None, None, false);
        };
        let plugin = slot
            .current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let id = format!("{}@{}", plugin.manifest.name, plugin.manifest.version);
        let reporter = (plugin.manifest.wants_personal_data
            && self.grants.contains(&plugin.manifest.application))
        .then_some(ticket.reporter());
        let wit_view = match convert::view(&view, reporter) {
            Ok(v) => v,
            Err(_) => return self.by_default(ticket, &view, ctx, at, Some(id), None, false),
        };
        let wit_ctx = convert::context(ctx);
        let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            plugin.call_route(&wit_view, &wit_ctx)
        }));
        let (result, fuel, peak) = match report {
            Ok(r) => (r.result, Some(r.fuel_used), Some(r.peak_memory)),
            Err(_) => (
                Err(Failure::Trap("the host panicked during the call".into())),
                None,
                None,
            ),
        };
        let checked = result.and_then(|d| convert::decision(d).map_err(Failure::BadOutput));
        let failure = match checked {
            Ok(d) if d.is_empty() => {
                slot.counters.deferred.fetch_add(1, Ordering::Relaxed);
                let mut o = self.by_default(ticket, &view, ctx, at, Some(id), None, true);
                o.fuel_used = fuel;
                o.peak_memory = peak;
                return o;
            }
            Ok(d) => match self.check(ticket, &d, &plugin.manifest.name, at, ctx, &flow) {
                Ok((next, events)) => {
                    slot.counters.decided.fetch_add(1, Ordering::Relaxed);
                    return RouteOutcome {
                        ticket: next,
                        decision: d,
                        decided_by: id.clone(),
                        plugin: Some(id),
                        failure: None,
                        deferred: false,
                        events,
                        fuel_used: fuel,
                        peak_memory: peak,
                    };
                }
                Err(m) => Failure::BadOutput(m),
            },
            Err(f) => f,
        };
        slot.counters.count(&failure);
        let mut o = self.by_default(ticket, &view, ctx, at, Some(id), Some(failure), false);
        o.fuel_used = fuel;
        o.peak_memory = peak;
        o
    }

    fn check(
        &self,
        ticket: &Ticket,
        d: &Decision,
        name: &str,
        at: Timestamp,
        ctx: &RoutingContext,
        flow: &loket_core::ticket::Context<'_>,
    ) -> Result<(Ticket, Vec<Event>), String> {
        if let Some(a) = &d.assign {
            if !ctx.roster.is_empty() && !ctx.roster.iter().any(|m| &m.name == a) {
                return Err(format!(
                    "assigns `{}`, who is not in the application's team",
                    clip(a, 80)
                ));
            }
        }
        let mut next = ticket.clone();
        let events = next
            .apply_decision(d, name, at, flow)
            .map_err(|e| format!("the flow refuses it: {e}"))?;
        Ok((next, events))
    }

    #[allow(clippy::too_many_arguments)]
    fn by_default(
        &self,
        ticket: &Ticket,
        view: &loket_core::ticket::TicketView,
        ctx: &RoutingContext,
        at: Timestamp,
        plugin: Option<String>,
        failure: Option<Failure>,
        deferred: bool,
    ) -> RouteOutcome {
        let profile = self.profile();
        let flow = profile.context();
        let mut next = ticket.clone();
        let mut events = Vec::new();
        if let (Some(p), Some(f)) = (&plugin, &failure) {
            let e = Event {
                at,
                by: Actor::System,
                what: EventKind::Comment {
                    text: format!(
                        "routing plugin {p} failed ({}): {}; routed by the default router",
                        f.kind(),
                        clip(&f.to_string(), 400)
                    ),
                },
                reason: None,
            };
            if next.apply(e.clone(), &flow).is_ok() {
                events.push(e);
            }
        }
        let router = DefaultRouter;
        let decision = router.route(view, ctx);
        if !decision.is_empty() {
            let mut after = next.clone();
            if let Ok(evs) = after.apply_decision(&decision, router.name(), at, &flow) {
                next = after;
                events.extend(evs);
            }
        }
        RouteOutcome {
            ticket: next,
            decision,
            decided_by: "default".into(),
            plugin,
            failure,
            deferred,
            events,
            fuel_used: None,
            peak_memory: None,
        }
    }
}
