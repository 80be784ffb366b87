//! Sandboxed routing plugins: WebAssembly components implementing the contract
//! `loket:routing/router@1.x` (`plugins/wit/routing.wit`), run by wasmtime.
//!
//! - [`PluginHost`]: one engine (fuel, pooling allocator, memory cap); loads a
//!   component (compiled artifacts cached by wasmtime version, engine settings and
//!   the sha256 of the bytes), refuses other contract versions and any import (no
//!   WASI: plugins get no clock, files, network or randomness), calls `manifest()`.
//! - [`Registry`]: plugins by application id, swapped atomically while routing goes
//!   on; [`Registry::route`] calls the plugin in a fresh store with fuel and a memory
//!   cap, checks its decision against the flow, and on any failure routes by the
//!   core's `DefaultRouter`, records a comment on the ticket and counts the failure.
//! - [`Limits`]: each plugin's fuel, memory cap and calls at once, from its
//!   [`Language`] or its administrator's [`LimitsFile`].

mod bindings;
mod cache;
mod convert;
mod host;
mod limits;
mod registry;

pub use bindings::wit;
pub use cache::default_dir as default_cache_dir;
pub use convert::{
    context as wit_context, decision as check_decision, view as wit_view, MAX_NAME, MAX_REASON,
};
pub use host::{
    CallReport, Failure, HostConfig, Inspection, LoadError, LoadedPlugin, Manifest, Phases,
    PluginHost, CONTRACT, CONTRACT_MAJOR, CONTRACT_VERSION, MAX_MEMORY,
};
pub use limits::{read_limits, Language, Limits, LimitsFile};
pub use registry::{CounterSnapshot, DirEntry, Registry, RouteOutcome};
