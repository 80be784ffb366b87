//! Hostile plugin for the host's sandbox tests: built against a copy of the contract
//! whose package is `loket:routing@2.0.0` (`wit/routing.wit` here), so the component
//! exports `loket:routing/router@2.0.0`. The host must refuse it at load with a
//! message naming both versions. It uses `wit-bindgen` directly, not the SDK.

wit_bindgen::generate!({
    world: "plugin",
    path: "wit/routing.wit",
});

use exports::loket::routing::router::{Context, Decision, Guest, PluginManifest, TicketView};

/// A plugin for the contract's version 2.
#[derive(Debug)]
pub struct WrongVersion;

impl Guest for WrongVersion {
    fn manifest() -> PluginManifest {
        PluginManifest {
            name: "hostile-wrong-version".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            application: "e-planning".into(),
            wants_personal_data: false,
        }
    }

    fn route(_view: TicketView, _ctx: Context) -> Result<Decision, String> {
        Ok(Decision {
            step: None,
            assign: None,
            category: None,
            priority: None,
            reason: Some("built for loket:routing@2.0.0".into()),
        })
    }
}

// The exports only in the WebAssembly build (their names are not native symbols).
#[cfg(target_arch = "wasm32")]
const _: () = {
    export!(WrongVersion);
};
