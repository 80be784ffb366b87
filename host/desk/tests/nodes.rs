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
