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

/// Runs the SLA watch until the desk stops.
pub async fn sla_watch(desk: Desk, clock: Clock) {
    let mut first = true;
    loop {
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
        tokio::time::sleep(sleep).await;
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
