//! The background loops: the SLA watch (warnings and breaches at the operational
//! instant they fall due) and the outbox (delivering notifications).
//!
//! Both keep no state of their own: what was recorded is in the tickets' histories
//! and the outbox table, so a restart neither repeats nor skips anything.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::desk::Desk;
use crate::notify::Sender;
use crate::Clock;
use loket_store::Store;

/// The longest the watch sleeps between passes (it also wakes at the next due
/// instant, which it learns from each pass).
pub const MAX_SLEEP: Duration = Duration::from_secs(60);

/// How often a node whose store other nodes share catches up with their commits
/// when it has nothing else to write.
pub const FOLLOW_EVERY: Duration = Duration::from_millis(200);

/// Whether this node leads the SLA watch now (several nodes: one leads).
pub type Leads = Arc<dyn Fn() -> bool + Send + Sync>;

/// Runs the SLA watch until the desk stops; it records only while `leads` says
/// this node leads, and sweeps every open ticket when it takes the lead.
pub async fn sla_watch(desk: Desk, clock: Clock, leads: Leads) {
    let mut first = true;
    loop {
        if !leads() {
            first = true;
            tokio::time::sleep(Duration::from_millis(250)).await;
            continue;
        }
        let now = clock();
        // The first pass looks at every open ticket; later ones only at those the
        // desk's index says are due.
        let pass = if first {
            desk.sweep(now).await
        } else {
            desk.tick(now).await
        };
        first = false;
        let sleep = match pass {
            Ok(t) => {
                if !t.recorded.is_empty() {
                    tracing::info!("SLA watch: {} event(s) recorded", t.recorded.len());
                }
                t.next.map_or(MAX_SLEEP, |next| {
                    Duration::from_secs((next.unix() - now.unix()).max(1) as u64).min(MAX_SLEEP)
                })
            }
            Err(e) if e.code == "desk.stopped" => return,
            Err(e) => {
                tracing::warn!("SLA watch: {}", e.en);
                Duration::from_secs(5)
            }
        };
        // A node that loses the lead stops within a second.
        tokio::time::sleep(sleep.min(Duration::from_secs(1))).await;
    }
}

/// Catches up with other nodes' commits when `woken` (another node committed:
/// LISTEN/NOTIFY) and at least every [`FOLLOW_EVERY`] (notifications sent while the
/// listener was disconnected are lost), until the desk stops. A batch that collides
/// with another node's commit catches up as well.
pub async fn follow(desk: Desk, woken: Arc<tokio::sync::Notify>) {
    loop {
        match desk.sync().await {
            Err(e) if e.code == "desk.stopped" => return,
            Err(e) => tracing::warn!("following the other nodes: {}", e.en),
            Ok(()) => {}
        }
        tokio::select! {
            () = woken.notified() => {}
            () = tokio::time::sleep(FOLLOW_EVERY) => {}
        }
    }
}

/// Delivers pending notifications, oldest first (read from `reads`, a read
/// connection to the desk's store), and records each result through `desk`; a
/// failed one stays visible to the administrator as `failed`.
pub async fn outbox(
    desk: Desk,
    reads: Arc<Mutex<dyn Store>>,
    clock: Clock,
    sender: Arc<dyn Sender>,
) {
    loop {
        let pending = reads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pending(100);
        let batch = match pending {
            Ok(b) => b,
            Err(e) => {
                tracing::warn!("outbox: {e}");
                tokio::time::sleep(Duration::from_secs(5)).await;
                continue;
            }
        };
        if batch.is_empty() {
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        }
        let s = sender.clone();
        let shared = desk.shared.clone();
        let results = tokio::task::spawn_blocking(move || {
            batch
                .into_iter()
                .map(|n| {
                    let text = crate::notify::render(&n, |t| shared.access_key(t));
                    (n.id, s.send(&n, &text), n.ticket.clone())
                })
                .collect::<Vec<_>>()
        })
        .await;
        let Ok(results) = results else { continue };
        if let Err(e) = desk.delivered(results, clock()).await {
            if e.code == "desk.stopped" {
                return;
            }
            tracing::warn!("outbox: {}", e.en);
        }
    }
}
