//! The sandbox: one wasmtime `Engine`, loading and checking components, and one
//! call in a fresh `Store` with fuel and a memory cap.

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, ComponentExportIndex, Func, Linker, TypedFunc};
use wasmtime::{
    Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, ResourceLimiter, Store,
    Trap,
};

use super::bindings::{wit, PluginPre};
use super::cache;
use super::limits::{read_limits, Language, Limits, LimitsFile};

/// The contract's interface name, without its version.
pub const CONTRACT: &str = "loket:routing/router";
/// The contract version the host's bindings were generated from.
pub const CONTRACT_VERSION: &str = "1.0.0";
/// The major version the host accepts (any `1.x`).
pub const CONTRACT_MAJOR: u64 = 1;

/// The host's settings. Each plugin's own limits are [`Limits::for_language`] of the
/// language it was written in, or what the administrator set for it
/// ([`PluginHost::load_bytes_with`]).
#[derive(Clone, Debug)]
pub struct HostConfig {
    /// The largest memory cap any plugin may be given (the pool's slot size).
    pub max_memory: usize,
    /// Where compiled plugins are cached (`None`: compile at every load).
    pub cache_dir: Option<PathBuf>,
}

impl Default for HostConfig {
    fn default() -> Self {
        HostConfig {
            max_memory: MAX_MEMORY,
            cache_dir: None,
        }
    }
}

/// The default of [`HostConfig::max_memory`].
pub const MAX_MEMORY: usize = 256 << 20;

/// Why a plugin was refused at load.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read plugin {file}: {error}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        error: String,
    },
    /// Not a valid WebAssembly component.
    #[error("{file} is not a valid WebAssembly component: {error}")]
    Invalid {
        /// The file.
        file: String,
        /// Why.
        error: String,
    },
    /// Built for another major version of the contract.
    #[error("{file} was built for loket:routing@{found}; this host accepts loket:routing@{CONTRACT_MAJOR}.x (its contract is {CONTRACT_VERSION}): rebuild the plugin with a {CONTRACT_MAJOR}.x SDK")]
    WrongVersion {
        /// The file.
        file: String,
        /// The version the plugin exports.
        found: String,
    },
    /// Does not export the contract at all.
    #[error("{file} does not export {CONTRACT}@{CONTRACT_MAJOR}.x (exports: {})", if exports.is_empty() { "nothing".to_string() } else { exports.join(", ") })]
    NoContract {
        /// The file.
        file: String,
        /// What it exports.
        exports: Vec<String>,
    },
    /// Imports something: plugins must import nothing.
    #[error("{file} imports {}: {}", imports.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", "), if imports.iter().any(|i| i.starts_with("wasi:")) { "routing plugins get no clock, files, network or randomness (no WASI); build the plugin for wasm32-unknown-unknown so it imports nothing" } else { "routing plugins must import nothing" })]
    Imports {
        /// The file.
        file: String,
        /// What it imports.
        imports: Vec<String>,
    },
    /// The limits set for it cannot be given.
    #[error("{file}: {error}")]
    Limits {
        /// The file.
        file: String,
        /// Why.
        error: String,
    },
    /// The manifest call failed or returned something unusable.
    #[error("{file}: bad manifest: {error}")]
    Manifest {
        /// The file.
        file: String,
        /// Why.
        error: String,
    },
}

/// What a component exports and imports, and the contract version it implements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    /// Export names.
    pub exports: Vec<String>,
    /// Import names.
    pub imports: Vec<String>,
    /// The contract version exported (e.g. `1.0.0`), if the contract is exported.
    pub contract: Option<String>,
}

/// A plugin's manifest.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
    /// The product id it routes for.
    pub application: String,
    /// Whether it asks for reporter contact details.
    pub wants_personal_data: bool,
}

/// A loaded, checked plugin, ready to be instantiated for each call.
pub struct LoadedPlugin {
    /// Its manifest (read once at load).
    pub manifest: Manifest,
    /// The file it came from.
    pub origin: String,
    /// What it exports and imports.
    pub inspection: Inspection,
    /// Whether the compiled code came from the cache.
    pub from_cache: bool,
    /// What it was written in (its runtime).
    pub language: Language,
    engine: Engine,
    pre: PluginPre<Guest>,
    /// The `route` export, found and type-checked once at load.
    route: ComponentExportIndex,
    limits: Limits,
    /// Calls running now, at most `limits.concurrency`.
    gate: Gate,
}

/// A counting semaphore: calls past the plugin's concurrency wait for a turn.
#[derive(Debug, Default)]
struct Gate {
    running: Mutex<usize>,
    freed: Condvar,
}

/// A turn at the gate, given back when dropped.
struct Turn<'a>(&'a Gate);

impl Gate {
    fn enter(&self, max: usize) -> Turn<'_> {
        let mut n = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        while *n >= max.max(1) {
            n = self.freed.wait(n).unwrap_or_else(PoisonError::into_inner);
        }
        *n += 1;
        Turn(self)
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut n = self
            .0
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *n -= 1;
        self.0.freed.notify_one();
    }
}

impl std::fmt::Debug for LoadedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedPlugin")
            .field("manifest", &self.manifest)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// Why a call did not give a usable decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The guest trapped (panic, unreachable, bad memory access, …).
    Trap(String),
    /// It ran out of fuel (e.g. an infinite loop).
    FuelExhausted,
    /// It tried to grow its memory past the cap.
    MemoryCap,
    /// Its output was invalid, oversized, or a step the flow refuses.
    BadOutput(String),
    /// It returned an error.
    ErrorReturned(String),
}

impl Failure {
    /// Stable name of the kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::Trap(_) => "trap",
            Failure::FuelExhausted => "fuel_exhausted",
            Failure::MemoryCap => "memory_cap",
            Failure::BadOutput(_) => "bad_output",
            Failure::ErrorReturned(_) => "error_returned",
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Trap(m) => write!(f, "trapped: {m}"),
            Failure::FuelExhausted => f.write_str("ran out of fuel (too much computation)"),
            Failure::MemoryCap => f.write_str("exceeded its memory cap"),
            Failure::BadOutput(m) => write!(f, "bad output: {m}"),
            Failure::ErrorReturned(m) => write!(f, "returned an error: {m}"),
        }
    }
}

/// One call's result and what it cost.
#[derive(Clone, Debug)]
pub struct CallReport {
    /// The plugin's decision (still to be checked against the flow), or why none.
    pub result: Result<wit::Decision, Failure>,
    /// Fuel used.
    pub fuel_used: u64,
    /// Largest linear memory the call had (bytes).
    pub peak_memory: usize,
    /// Wall time of the call (store, instantiate, call).
    pub elapsed: Duration,
}

/// The memory cap was hit (the limiter's typed error).
#[derive(Debug, thiserror::Error)]
#[error("memory cap: the plugin asked for {desired} bytes, at most {cap} allowed")]
pub struct MemoryCapExceeded {
    desired: usize,
    cap: usize,
}

/// Store data of one call: the limiter.
#[derive(Debug)]
pub struct Guest {
    cap: usize,
    peak: usize,
    hit_cap: bool,
}

impl ResourceLimiter for Guest {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.cap {
            self.hit_cap = true;
            return Err(wasmtime::Error::new(MemoryCapExceeded {
                desired,
                cap: self.cap,
            }));
        }
        self.peak = self.peak.max(desired);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= 100_000)
    }
}

/// The plugin host: one engine for every plugin.
pub struct PluginHost {
    engine: Engine,
    config: HostConfig,
    /// Describes the engine settings (part of the cache key).
    settings: String,
}

impl std::fmt::Debug for PluginHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginHost")
            .field("config", &self.config)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// Component instances of the pooling allocator: calls running at once, across all
/// plugins.
const POOL_COMPONENTS: u32 = 1024;
/// Core instances, memories and tables of the pool. A Rust plugin takes one of each
/// per call; a Python one (componentize-py) 38 core instances, one memory and two
/// tables, a JavaScript one (componentize-qjs) 11, three and three; so 64 Python
/// calls at once fit beside the others. Unused slots cost
/// address space, not memory.
const POOL_CORE_INSTANCES: u32 = 8192;
const POOL_MEMORIES: u32 = 1024;
const POOL_TABLES: u32 = 4096;

/// Linear memory a pool slot keeps mapped between calls, reset with `memset`
/// rather than given back to the kernel (then faulted in again by the next call).
/// A plugin's memory is usually 64–192 KiB, so all of it stays; a slot that a
/// memory-hungry call grew keeps this much and gives the rest back.
const KEEP_RESIDENT: usize = 256 << 10;

/// Where the time of one sandbox call goes (see [`LoadedPlugin::time_phases`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Phases {
    /// A new `Store` with fuel and the memory limiter.
    pub store: Duration,
    /// A fresh instance from the pre-instantiated component (memory slot, tables,
    /// globals) and the lookup of `route`.
    pub instantiate: Duration,
    /// Lowering the view and context into the guest (its `realloc`), running
    /// `route`, lifting the decision, post-return.
    pub call: Duration,
    /// Dropping the store: the instance's memory reset and its slot returned.
    pub drop: Duration,
}

impl PluginHost {
    /// A host with `config`. Uses the pooling allocator (fast instantiation) and
    /// falls back to on-demand allocation where the pool cannot be reserved.
    ///
    /// # Errors
    /// The engine could not be created.
    pub fn new(config: HostConfig) -> wasmtime::Result<PluginHost> {
        let memory = config.max_memory;
        // Guard pages and signal handlers (wasmtime's defaults) rather than bounds
        // checks compiled into the guest: a guest runs faster, and the cost of guard
        // pages (an `mprotect` when a call grows its memory, and again when the slot's
        // next instance starts smaller) is only paid by calls that outgrow the memory
        // a plugin starts with, which the SDK's allocator avoids for usual tickets.
        let base = || {
            let mut c = Config::new();
            c.consume_fuel(true);
            c.wasm_component_model(true);
            c
        };
        let mut pooled = base();
        let mut pool = PoolingAllocationConfig::default();
        pool.total_component_instances(POOL_COMPONENTS)
            .total_core_instances(POOL_CORE_INSTANCES)
            .total_memories(POOL_MEMORIES)
            .total_tables(POOL_TABLES)
            .max_memory_size(memory)
            .linear_memory_keep_resident(KEEP_RESIDENT)
            .table_keep_resident(64 << 10);
        pooled.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        let (engine, alloc) = match Engine::new(&pooled) {
            Ok(e) => (e, "pooling"),
            Err(_) => (Engine::new(&base())?, "on-demand"),
        };
        let settings = format!("fuel=1;component-model=1;alloc={alloc};memory={memory}");
        Ok(PluginHost {
            engine,
            config,
            settings,
        })
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The engine settings (allocator, fuel, memory cap), as in the cache key.
    pub fn settings(&self) -> &str {
        &self.settings
    }

    /// Reads, compiles (or takes from the cache) and checks a component file, then
    /// calls its `manifest()`. Its limits are those of the `<name>.toml` beside it
    /// (a [`LimitsFile`]) over its language's defaults.
    ///
    /// # Errors
    /// Why the plugin is refused, in words for its author.
    pub fn load_file(&self, path: &Path) -> Result<LoadedPlugin, LoadError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| LoadError::Read {
            file: file.clone(),
            error: e.to_string(),
        })?;
        let limits =
            read_limits(&path.with_extension("toml")).map_err(|error| LoadError::Limits {
                file: file.clone(),
                error,
            })?;
        self.load_bytes_with(&bytes, &file, limits.as_ref())
    }

    /// What a component exports and imports, without running it.
    ///
    /// # Errors
    /// Not a valid component.
    pub fn inspect(
        &self,
        bytes: &[u8],
        file: &str,
    ) -> Result<(Component, Inspection, bool), LoadError> {
        let (component, from_cache) = cache::load(
            &self.engine,
            &self.settings,
            self.config.cache_dir.as_deref(),
            bytes,
        )
        .map_err(|e| LoadError::Invalid {
            file: file.to_string(),
            error: format!("{e:#}"),
        })?;
        let ty = component.component_type();
        let exports: Vec<String> = ty
            .exports(&self.engine)
            .map(|(n, _)| n.to_string())
            .collect();
        let imports: Vec<String> = ty
            .imports(&self.engine)
            .map(|(n, _)| n.to_string())
            .collect();
        let contract = ty.exports(&self.engine).find_map(|(n, item)| {
            let (base, version) = n.split_once('@').unwrap_or((n, ""));
            (base == CONTRACT && matches!(item.ty, ComponentItem::ComponentInstance(_)))
                .then(|| version.to_string())
        });
        Ok((
            component,
            Inspection {
                exports,
                imports,
                contract,
            },
            from_cache,
        ))
    }

    /// [`PluginHost::load_file`] on bytes; `file` names them in messages.
    ///
    /// # Errors
    /// Why the plugin is refused.
    pub fn load_bytes(&self, bytes: &[u8], file: &str) -> Result<LoadedPlugin, LoadError> {
        self.load_bytes_with(bytes, file, None)
    }

    /// [`PluginHost::load_bytes`] with the limits the administrator set for this
    /// plugin over the defaults of its language ([`Limits::for_language`]).
    ///
    /// # Errors
    /// Why the plugin is refused, or a memory cap above [`HostConfig::max_memory`].
    pub fn load_bytes_with(
        &self,
        bytes: &[u8],
        file: &str,
        limits: Option<&LimitsFile>,
    ) -> Result<LoadedPlugin, LoadError> {
        let language = Language::of(bytes);
        let limits = limits.map_or_else(|| Limits::for_language(language), |f| f.over(language));
        if limits.memory > self.config.max_memory || limits.memory < 64 << 10 {
            return Err(LoadError::Limits {
                file: file.to_string(),
                error: format!(
                    "a memory cap of {} KiB cannot be given: between 64 KiB and {} KiB (the host's maximum)",
                    limits.memory >> 10,
                    self.config.max_memory >> 10
                ),
            });
        }
        if limits.fuel == 0 || limits.concurrency == 0 {
            return Err(LoadError::Limits {
                file: file.to_string(),
                error: "fuel and concurrency must be at least 1".into(),
            });
        }
        let (component, inspection, from_cache) = self.inspect(bytes, file)?;
        let file_s = file.to_string();
        if !inspection.imports.is_empty() {
            return Err(LoadError::Imports {
                file: file_s,
                imports: inspection.imports,
            });
        }
        match &inspection.contract {
            None => {
                return Err(LoadError::NoContract {
                    file: file_s,
                    exports: inspection.exports,
                })
            }
            Some(v) => {
                let major = v.split('.').next().and_then(|m| m.parse::<u64>().ok());
                if major != Some(CONTRACT_MAJOR) {
                    return Err(LoadError::WrongVersion {
                        file: file_s,
                        found: if v.is_empty() {
                            "(no version)".into()
                        } else {
                            v.clone()
                        },
                    });
                }
            }
        }
        let linker: Linker<Guest> = Linker::new(&self.engine);
        let version = inspection.contract.clone().unwrap_or_default();
        let route = component
            .get_export_index(None, format!("{CONTRACT}@{version}"))
            .and_then(|iface| component.get_export_index(Some(&iface), "route"));
        let (pre, route) = linker
            .instantiate_pre(&component)
            .and_then(PluginPre::new)
            .and_then(|pre| {
                let route = route.ok_or_else(|| {
                    wasmtime::format_err!("{CONTRACT}@{version} exports no `route`")
                })?;
                Ok((pre, route))
            })
            .map_err(|e| LoadError::Invalid {
                file: file_s.clone(),
                error: format!("{e:#}"),
            })?;
        let mut plugin = LoadedPlugin {
            manifest: Manifest {
                name: String::new(),
                version: String::new(),
                application: String::new(),
                wants_personal_data: false,
            },
            origin: file_s.clone(),
            inspection,
            from_cache,
            language,
            engine: self.engine.clone(),
            pre,
            route,
            limits,
            gate: Gate::default(),
        };
        let m = plugin.call_manifest().map_err(|f| LoadError::Manifest {
            file: file_s.clone(),
            error: f.to_string(),
        })?;
        let bad = |what: &str, s: &str| {
            (s.trim().is_empty() || s.len() > 128).then(|| LoadError::Manifest {
                file: file_s.clone(),
                error: format!("{what} must be 1 to 128 bytes, got {} bytes", s.len()),
            })
        };
        if let Some(e) = bad("name", &m.name)
            .or_else(|| bad("version", &m.version))
            .or_else(|| bad("application", &m.application))
        {
            return Err(e);
        }
        plugin.manifest = Manifest {
            name: m.name,
            version: m.version,
            application: m.application,
            wants_personal_data: m.wants_personal_data,
        };
        Ok(plugin)
    }
}

impl LoadedPlugin {
    /// Its limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    fn store(&self) -> Store<Guest> {
        let mut store = Store::new(
            &self.engine,
            Guest {
                cap: self.limits.memory,
                peak: 0,
                hit_cap: false,
            },
        );
        store.limiter(|g| g);
        // Fuel is always on in this engine; set_fuel cannot fail.
        let _ = store.set_fuel(self.limits.fuel);
        store
    }

    /// `manifest()` in a fresh store. At load this instance also checks the type
    /// of `route` (see [`route_func`]).
    fn call_manifest(&self) -> Result<wit::PluginManifest, Failure> {
        let mut store = self.store();
        let r = self.pre.instantiate(&mut store).and_then(|p| {
            let m = p.loket_routing_router().call_manifest(&mut store)?;
            let instance = self.pre.instance_pre().instantiate(&mut store)?;
            instance.get_typed_func::<RouteParams<'_>, RouteResults>(&mut store, &self.route)?;
            Ok(m)
        });
        r.map_err(|e| classify(&e, store.data().hit_cap))
    }

    /// A fresh instance in `store` and its `route`.
    fn instantiate_route<'a>(&self, store: &mut Store<Guest>) -> wasmtime::Result<RouteFunc<'a>> {
        let instance = self.pre.instance_pre().instantiate(&mut *store)?;
        let func = instance
            .get_func(&mut *store, self.route)
            .ok_or_else(|| wasmtime::format_err!("the instance has no `route`"))?;
        Ok(route_func(func))
    }

    /// `route` on a fresh instance (the call runs the guest's post-return too).
    fn route_in(
        &self,
        store: &mut Store<Guest>,
        view: &wit::TicketView,
        ctx: &wit::Context,
    ) -> wasmtime::Result<Result<wit::Decision, String>> {
        let route = self.instantiate_route(store)?;
        let (r,) = route.call(&mut *store, (view, ctx))?;
        Ok(r)
    }

    /// One routing call in a fresh store: instantiate, call `route`, check sizes.
    pub fn call_route(&self, view: &wit::TicketView, ctx: &wit::Context) -> CallReport {
        let start = Instant::now();
        let _turn = self.gate.enter(self.limits.concurrency);
        let mut store = self.store();
        let r = self.route_in(&mut store, view, ctx);
        let fuel_used = self.limits.fuel - store.get_fuel().unwrap_or(0);
        let result = match r {
            Ok(Ok(d)) => Ok(d),
            Ok(Err(m)) => Err(Failure::ErrorReturned(clip(&m, 300))),
            Err(e) => Err(classify(&e, store.data().hit_cap)),
        };
        let peak_memory = store.data().peak;
        drop(store);
        CallReport {
            result,
            fuel_used,
            peak_memory,
            elapsed: start.elapsed(),
        }
    }

    /// [`LoadedPlugin::call_route`] with a clock read between its steps: where the
    /// time of a sandbox call goes. The result is discarded.
    pub fn time_phases(&self, view: &wit::TicketView, ctx: &wit::Context) -> Phases {
        let t0 = Instant::now();
        let mut store = self.store();
        let t1 = Instant::now();
        let route = self.instantiate_route(&mut store);
        let t2 = Instant::now();
        if let Ok(route) = route {
            std::hint::black_box(route.call(&mut store, (view, ctx)).is_ok());
        }
        let t3 = Instant::now();
        drop(store);
        let t4 = Instant::now();
        Phases {
            store: t1 - t0,
            instantiate: t2 - t1,
            call: t3 - t2,
            drop: t4 - t3,
        }
    }
}

/// The parameters of `route`, as the host's bindings lower them.
type RouteParams<'a> = (&'a wit::TicketView, &'a wit::Context);
/// The results of `route`.
type RouteResults = (Result<wit::Decision, String>,);
/// `route`, typed.
type RouteFunc<'a> = TypedFunc<RouteParams<'a>, RouteResults>;

/// `func` as a typed function, without checking its type again (a check per call
/// cost about 0.5 µs, some 6% of a sandbox call). Only for the `route` export of an
/// instance of a loaded (checked) plugin's `pre`.
#[allow(unsafe_code)]
fn route_func<'a>(func: Func) -> RouteFunc<'a> {
    // SAFETY: `TypedFunc::new_unchecked` requires `func`'s component-model type to
    // be `RouteParams -> RouteResults`. `func` is the export `self.route` of an
    // instance of `self.pre`, whose component is fixed for the `LoadedPlugin`, so
    // every instance's `route` has the same type; `call_manifest` checked that type
    // with `get_typed_func::<RouteParams, RouteResults>` at load, and a plugin whose
    // check fails is refused (`LoadError::Manifest`) before any routing call.
    // (The host's generated bindings do the same after their own check.)
    unsafe { TypedFunc::new_unchecked(func) }
}

fn classify(e: &wasmtime::Error, hit_cap: bool) -> Failure {
    if hit_cap || e.downcast_ref::<MemoryCapExceeded>().is_some() {
        return Failure::MemoryCap;
    }
    match e.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => Failure::FuelExhausted,
        Some(t) => Failure::Trap(t.to_string()),
        None => Failure::Trap(clip(&e.to_string(), 300)),
    }
}

/// At most `n` bytes of `s` (on a char boundary), with `…` when cut.
pub fn clip(s: &str, n: usize) -> String {
    if s.len() <= n {
        return s.to_string();
    }
    let mut end = n;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}
