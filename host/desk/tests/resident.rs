//! A desk that keeps terminal tickets in memory only for a while (`keep_closed_secs`):
//! past their stay they leave memory, and everything about them still works from
//! the store — a staff event, a retried intake's answer, a restart that reads only
//! what it keeps, and a store written before ticket rows existed.

use std::path::PathBuf;
use std::sync::Arc;

use loket_core::ticket::{
    Actor, Channel, Event, EventKind, Message, Reporter, RoutingContext, Ticket,
};
use loket_core::{Profile, TicketKind, Timestamp};
use loket_desk::desk::{Desk, DeskSettings, IntakeRequest};
use loket_desk::Route;
use loket_store::{SqliteStore, Store};

struct Unrouted;

impl Route for Unrouted {
    fn route(&self, ticket: &Ticket, _: &RoutingContext) -> Ticket {
        ticket.clone()
    }
}

const DAY: i64 = 86_400;

fn request(i: usize, now: Timestamp) -> IntakeRequest {
    IntakeRequest {
        key: Some(format!("api:resident-{i}")),
        fingerprint: Some(format!("body-{i}")),
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

fn staff(at: Timestamp, what: EventKind) -> Event {
    Event {
        at,
        by: Actor::Staff("Budi".into()),
        what,
        reason: Some("di luar cakupan".into()),
    }
}

fn start(dir: &std::path::Path, now: Timestamp) -> Desk {
    Desk::start_with(
        Box::new(SqliteStore::open(dir).expect("store")),
        Profile::jatengprov(),
        Arc::new(Unrouted),
        [7; 32],
        DeskSettings {
            keep_closed_secs: Some(30 * DAY),
            started_at: now,
            ..DeskSettings::default()
        },
    )
    .expect("desk")
}

#[test]
fn closed_tickets_leave_memory_and_stay_in_the_store() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("desk-resident-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // Monday 2 March 2026, 09:00 WIB.
    let t0: Timestamp = "2026-03-02T09:00:00+07:00".parse().unwrap();
    let desk = start(&dir, t0);
    let mut numbers = Vec::new();
    for i in 0..3 {
        let r = rt
            .block_on(desk.intake(request(i, t0), t0))
            .expect("intake");
        numbers.push(r.record.ticket.expect("a ticket"));
    }
    let rejected = numbers[0].clone();
    rt.block_on(desk.apply(&rejected, staff(t0, EventKind::Reject)))
        .expect("reject");
    assert!(desk.shared.ticket(&rejected).is_some());

    // Thirty-one days on: the next batch sweeps the rejected ticket out of memory;
    // the open ones stay.
    let later = Timestamp::from_unix(t0.unix() + 31 * DAY);
    rt.block_on(desk.tick(later)).expect("tick");
    assert!(desk.shared.ticket(&rejected).is_none(), "left memory");
    assert!(desk.shared.ticket(&numbers[1]).is_some(), "open: kept");
    assert_eq!(desk.shared.total(), 3);
    let since = desk.shared.kept_since(later);
    assert_eq!(since, Some(Timestamp::from_unix(later.unix() - 30 * DAY)));

    // A retry of its intake, long after: the first answer, nothing new.
    let again = rt
        .block_on(desk.intake(request(0, later), later))
        .expect("retried intake");
    assert!(again.duplicate, "answered from the store's record");
    assert_eq!(again.record.ticket.as_deref(), Some(rejected.as_str()));
    let mut other_body = request(0, later);
    other_body.fingerprint = Some("another body".into());
    let refused = rt.block_on(desk.intake(other_body, later)).unwrap_err();
    assert_eq!(refused.code, "idempotency.mismatch");
    assert_eq!(desk.shared.total(), 3, "no new ticket");

    // A staff note on it: read from the store, changed, committed.
    let noted = rt
        .block_on(desk.apply(
            &rejected,
            staff(
                later,
                EventKind::Comment {
                    text: "arsip".into(),
                },
            ),
        ))
        .expect("a note on a ticket out of memory");
    assert_eq!(noted.history().len(), 3, "received, rejected, the note");
    // A merge into a number neither memory nor the store has is refused.
    let merge = rt.block_on(desk.apply(
        &numbers[1],
        staff(
            later,
            EventKind::MergeInto {
                target: "JTG-2026-999999".into(),
            },
        ),
    ));
    assert_eq!(merge.unwrap_err().code, "ticket.merge_target");
    drop(desk);

    // A restart thirty-one days after the note: only the open tickets are read.
    let much_later = Timestamp::from_unix(later.unix() + 31 * DAY);
    let desk = start(&dir, much_later);
    assert_eq!(desk.shared.total(), 3);
    assert!(desk.shared.ticket(&rejected).is_none());
    assert_eq!(
        desk.shared.tickets.read().unwrap().len(),
        2,
        "the two open tickets"
    );
    let t = rt
        .block_on(desk.apply(
            &rejected,
            staff(
                much_later,
                EventKind::Comment {
                    text: "lagi".into(),
                },
            ),
        ))
        .expect("still there");
    assert_eq!(t.history().len(), 4);
    drop(desk);

    // Without a stay (every ticket kept), the same store reads all three.
    let all = Desk::start(
        Box::new(SqliteStore::open(&dir).expect("store")),
        Profile::jatengprov(),
        Arc::new(Unrouted),
        [7; 32],
    )
    .expect("desk");
    assert_eq!(all.shared.tickets.read().unwrap().len(), 3);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_store_written_before_ticket_rows_gets_them_at_start() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("desk-unrowed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let t0: Timestamp = "2026-03-02T09:00:00+07:00".parse().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // A closed ticket written as an older Loket did: events, no row.
    let number = {
        let desk = start(&dir, t0);
        let n = rt
            .block_on(desk.intake(request(9, t0), t0))
            .expect("intake")
            .record
            .ticket
            .expect("a ticket");
        rt.block_on(desk.apply(&n, staff(t0, EventKind::Reject)))
            .expect("reject");
        n
    };
    {
        // What migration 6 leaves for a ticket stored before it: a placeholder.
        let db = rusqlite::Connection::open(dir.join("loket.sqlite3")).expect("sqlite");
        db.execute(
            "UPDATE ticket_rows SET received_at = 0, last_at = 0, state = '', terminal = 0,
                application = NULL, tier = NULL, assignee = NULL, subject = '', sla = ''",
            [],
        )
        .expect("placeholder");
        drop(db);
        let mut s = SqliteStore::open(&dir).expect("store");
        let later = Timestamp::from_unix(t0.unix() + 90 * DAY);
        let l = s.load(Some(later)).expect("load");
        assert_eq!(l.unrowed, std::slice::from_ref(&number));
    }
    // The desk reads it (a placeholder is kept in memory) and writes its row: the
    // next start, ninety days on, leaves it in the store.
    let later = Timestamp::from_unix(t0.unix() + 90 * DAY);
    drop(start(&dir, later));
    let mut s = SqliteStore::open(&dir).expect("store");
    let l = s
        .load(Some(Timestamp::from_unix(later.unix() - 30 * DAY)))
        .expect("load");
    assert!(l.unrowed.is_empty());
    assert!(l.tickets.is_empty(), "rejected ninety days ago: not loaded");
    let found = s
        .find_closed(&loket_store::Find {
            before: Some(later),
            state: Some("rejected".into()),
            limit: 5,
            ..Default::default()
        })
        .expect("find");
    assert_eq!(found.rows.len(), 1);
    assert_eq!(found.rows[0], (number, t0));
    let _ = std::fs::remove_dir_all(&dir);
}
