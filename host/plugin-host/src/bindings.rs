//! Host bindings generated from the routing contract, `plugins/wit/routing.wit`.
#![allow(missing_debug_implementations, missing_docs, clippy::all)]

wasmtime::component::bindgen!({
    path: "../../plugins/wit/routing.wit",
    world: "plugin",
});

pub use exports::loket::routing::router as wit;
