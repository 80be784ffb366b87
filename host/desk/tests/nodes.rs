//! Two desks (two nodes) on one PostgreSQL database, in-process: both SLA watches
//! pass at the same instant over the same tickets (a stale leader beside the new
//! one). Each warning and breach is recorded once: the database refuses the
//! second writer's batch, which catches up and finds nothing left to record.

use std::collections::BTreeMap;
use std::sync::Arc;

use loket_core::ticket::{Channel, Message, Reporter, RoutingContext, Ticket};
use loket_core::{Profile, TicketKind, Timestamp};
use loket_desk::desk::{Desk, IntakeRequest};
use loket_desk::Route;
use loket_store::testing::Cluster;
use loket_store::PgStore;

struct Unrouted;

impl Route for Unrouted {
    fn route(&self, ticket: &Ticket, _: &RoutingContext) -> Ticket {
        ticket.clone()
    }
}

fn request(i: usize, now: Timestamp) -> IntakeRequest {
    IntakeRequest {
        key: Some(format!("api:nodes-{i}")),
        fingerprint: None,
        message: Message {
            channel: Channel::Email,
            application: Some("e-planning".into()),
            kind: TicketKind::Complaint,
            subject: Some(format!("Kendala e-Planning {i}")),
            body: format!("Data kegiatan {i} tidak tersimpan di e-Planning."),
            reporter: Reporter {
                name: None,
                email: Some(format!("opd{i}@jatengprov.go.id")),
                phone: None,
                nik: None,
                proof: None,
            },
            received_at: now,
            about_desk: false,
        },
        thread: false,
        reply_to: Vec::new(),
        ticket_hint: None,
        automatic: None,
        reply_only: false,
    }
}

#[test]
fn two_sla_watches_at_once_record_each_event_once() {
    let cluster = Cluster::start().expect("a throwaway PostgreSQL cluster");
    let url = cluster.create_db("desks").expect("a database");
    let start = |url: &str| {
        Desk::start(
            Box::new(PgStore::connect(url).expect("store")),
            Profile::jatengprov(),
            Arc::new(Unrouted),
            [7; 32],
        )
        .expect("desk")
    };
    let (a, b) = (start(&url), start(&url));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    // Monday 2 March 2026, 09:00 WIB: twenty tickets, half through each desk.
    let now: Timestamp = "2026-03-02T09:00:00+07:00".parse().unwrap();
    let mut numbers = Vec::new();
    for i in 0..20 {
        let desk = if i % 2 == 0 { &a } else { &b };
        let r = rt
            .block_on(desk.intake(request(i, now), now))
            .expect("intake");
        assert_eq!(r.record.outcome, "accepted", "{:?}", r.record);
        numbers.push(r.record.ticket.expect("a ticket"));
    }
    let mut sorted = numbers.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 20, "a number given twice: {numbers:?}");
    // Three weeks later every clock is past its warning and its deadline: both
    // watches pass at once, each over every open ticket.
    let later: Timestamp = "2026-03-23T09:00:00+07:00".parse().unwrap();
    let (ta, tb) = rt.block_on(async { tokio::join!(a.sweep(later), b.sweep(later)) });
    let (ta, tb) = (ta.expect("watch a"), tb.expect("watch b"));
    assert!(ta.evaluated + tb.evaluated >= 20, "{ta:?} {tb:?}");
    rt.block_on(a.sync()).unwrap();
    rt.block_on(b.sync()).unwrap();
    let mut total = 0;
    for n in &numbers {
        let t = a.shared.ticket(n).expect("ticket on a");
        assert_eq!(
            *t,
            *b.shared.ticket(n).expect("ticket on b"),
            "{n} differs between the nodes"
        );
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for e in t.history() {
            let name = e.what.name();
            if name.starts_with("sla_") {
                *seen
                    .entry(serde_json::to_string(&e.what).unwrap())
                    .or_default() += 1;
            }
        }
        assert!(
            seen.keys().any(|k| k.contains("sla_breached")),
            "{n}: no breach: {seen:?}"
        );
        assert!(
            seen.values().all(|k| *k == 1),
            "{n}: recorded twice: {seen:?}"
        );
        total += seen.len();
    }
    // Each event was recorded by exactly one of the two watches.
    assert_eq!(
        ta.recorded.len() + tb.recorded.len(),
        total,
        "{ta:?} {tb:?}"
    );
}

/// An intake retried long after, once its ticket has left both nodes' memory: the
/// node it reaches does not look its key up first (a round trip per batch); the
/// database refuses the key, and the retry after the collision finds the record and
/// answers as the first time. No second ticket.
#[test]
fn an_old_retry_collides_and_is_answered_from_the_database() {
    use loket_core::ticket::{Actor, Event, EventKind};
    use loket_desk::desk::DeskSettings;
    let cluster = Cluster::start().expect("a throwaway PostgreSQL cluster");
    let url = cluster.create_db("old_retry").expect("a database");
    let t0: Timestamp = "2026-03-02T09:00:00+07:00".parse().unwrap();
    let start = |now: Timestamp| {
        Desk::start_with(
            Box::new(PgStore::connect(&url).expect("store")),
            Profile::jatengprov(),
            Arc::new(Unrouted),
            [7; 32],
            DeskSettings {
                keep_closed_secs: Some(30 * 86_400),
                started_at: now,
                ..DeskSettings::default()
            },
        )
        .expect("desk")
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let a = start(t0);
    let first = rt.block_on(a.intake(request(1, t0), t0)).expect("intake");
    let number = first.record.ticket.clone().expect("a ticket");
    let reject = Event {
        at: t0,
        by: Actor::Staff("Budi".into()),
        what: EventKind::Reject,
        reason: Some("di luar cakupan".into()),
    };
    rt.block_on(a.apply(&number, reject)).expect("rejected");
    // Forty days on, node b starts: the ticket and its key are not in its memory.
    let later = Timestamp::from_unix(t0.unix() + 40 * 86_400);
    let b = start(later);
    assert!(b.shared.ticket(&number).is_none());
    let again = rt
        .block_on(b.intake(request(1, later), later))
        .expect("the retry is answered");
    assert!(again.duplicate, "{:?}", again.record);
    assert_eq!(again.record.ticket.as_deref(), Some(number.as_str()));
    assert_eq!(again.record.answer, first.record.answer);
    assert_eq!(b.shared.total(), 1, "no second ticket");
}

/// A ticket node b opened a moment ago, read by node a from the database before its
/// changes arrive (a staff event the flow refuses): once a catches up, the ticket is
/// shown and counted on a too.
#[test]
fn a_ticket_read_ahead_of_the_changes_is_shown_and_counted_after() {
    use loket_core::ticket::{Actor, Event, EventKind};
    use loket_desk::desk::DeskSettings;
    let cluster = Cluster::start().expect("a throwaway PostgreSQL cluster");
    let url = cluster.create_db("read_ahead").expect("a database");
    let t0: Timestamp = "2026-03-02T09:00:00+07:00".parse().unwrap();
    let start = || {
        Desk::start_with(
            Box::new(PgStore::connect(&url).expect("store")),
            Profile::jatengprov(),
            Arc::new(Unrouted),
            [7; 32],
            DeskSettings {
                keep_closed_secs: Some(30 * 86_400),
                started_at: t0,
                ..DeskSettings::default()
            },
        )
        .expect("desk")
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (a, b) = (start(), start());
    let number = rt
        .block_on(b.intake(request(2, t0), t0))
        .expect("intake on b")
        .record
        .ticket
        .expect("a ticket");
    // On a: a close the flow refuses (nothing was delivered); the ticket was read.
    let close = Event {
        at: t0,
        by: Actor::Staff("Budi".into()),
        what: EventKind::Close,
        reason: None,
    };
    let refused = rt.block_on(a.apply(&number, close)).unwrap_err();
    assert_eq!(refused.status, 409, "{refused:?}");
    rt.block_on(a.sync()).expect("sync");
    assert!(a.shared.ticket(&number).is_some(), "shown on a");
    assert_eq!(a.shared.total(), 1, "counted once on a");
    assert_eq!(b.shared.total(), 1);
}
