//! Hostile plugin for the host's sandbox tests: `route` grows its linear memory by
//! 4 MiB after 4 MiB until the host's memory cap refuses, then aborts (a trap). It
//! asks for pages directly (`memory.grow`) rather than through the allocator, whose
//! zeroing would spend the fuel budget before a cap of tens of MiB is reached.

use loket_plugin_sdk::{Context, Decision, Manifest, Plugin, TicketView};

/// Allocates until the cap in `route`.
#[derive(Debug)]
pub struct MemoryBomb;

/// One step, in 64 KiB WebAssembly pages (4 MiB).
const PAGES: usize = 64;

impl Plugin for MemoryBomb {
    fn manifest() -> Manifest {
        Manifest::new(
            "hostile-memory-bomb",
            env!("CARGO_PKG_VERSION"),
            "e-planning",
        )
    }

    fn route(_view: &TicketView, _ctx: &Context) -> Result<Decision, String> {
        loop {
            if !grow() {
                // Refused: the cap. Abort as an allocation failure would.
                std::process::abort();
            }
        }
    }
}

/// Grows the memory by `PAGES`; false when refused.
#[cfg(target_arch = "wasm32")]
fn grow() -> bool {
    core::arch::wasm32::memory_grow(0, PAGES) != usize::MAX
}

/// Natively (never called by the tests): holds on to 4 MiB more.
#[cfg(not(target_arch = "wasm32"))]
fn grow() -> bool {
    std::mem::forget(std::hint::black_box(vec![1u8; PAGES << 16]));
    true
}

loket_plugin_sdk::export!(MemoryBomb);
