//! The desk of Loket's service: the single writer that owns the tickets, the
//! outbox's notifications, the holiday list's coverage notice, and the background
//! loops (the SLA watch, the outbox). No HTTP and no plugin sandbox: the service
//! (`loket-serve`) puts them around it.
//!
//! - [`desk`]: the single writer that applies changes through the core and commits
//!   them in batches before answering; readers see its committed [`Shared`](desk::Shared) view.
//! - [`notify`]: the outbox's notifications and senders.
//! - [`coverage`]: the holiday list's coverage warning and the supervisor's notice.
//! - [`watch`]: the SLA watch and the outbox loop.
//!
//! Routing goes through [`Route`], one method: the service plugs in the plugin
//! registry (`loket-plugin-host`), so this crate builds and tests without wasmtime.

use std::sync::Arc;

use loket_core::ticket::{RoutingContext, Ticket};
use loket_core::Timestamp;

pub mod coverage;
pub mod desk;
pub mod notify;
pub mod watch;

/// How the desk routes a ticket that waits for a decision (diamond B, the
/// assignee): the plugin registry in service, any router in tests.
pub trait Route: Send + Sync {
    /// `ticket` with the routing decision for `ctx` applied (unchanged when there is
    /// none). Never fails: a router that cannot decide leaves the ticket as it is or
    /// falls back to the core's default router.
    fn route(&self, ticket: &Ticket, ctx: &RoutingContext) -> Ticket;
}

/// Where "now" comes from (the system clock in service; a test's clock in tests).
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// The current instant, to the second (the epoch if the clock is before it).
pub fn now() -> Timestamp {
    Timestamp::from_unix(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    )
}

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(now)
}
