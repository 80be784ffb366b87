//! Checks both stores pass: the ticket rows behind the resident set and the lists.

use loket_core::ticket::{Actor, Event, EventKind};
use loket_core::Timestamp;
use loket_store::{Batch, Find, InboundRecord, Store, TicketRow};

pub fn comment(at: i64, text: &str) -> Event {
    Event {
        at: Timestamp::from_unix(at),
        by: Actor::System,
        what: EventKind::Comment { text: text.into() },
        reason: None,
    }
}

fn row(number: &str, received: i64, last: i64, state: &str, subject: &str) -> TicketRow {
    let terminal = ["closed", "rejected", "merged", "referred"].contains(&state);
    TicketRow {
        number: number.into(),
        received_at: Timestamp::from_unix(received),
        last_at: Timestamp::from_unix(last),
        state: state.into(),
        terminal,
        application: Some(if received % 2 == 0 { "siap" } else { "sipd" }.into()),
        tier: Some("first_line".into()),
        assignee: None,
        subject: subject.into(),
        sla: if terminal {
            "met".into()
        } else {
            String::new()
        },
    }
}

fn numbers(l: &loket_store::Loaded) -> Vec<&str> {
    l.tickets.iter().map(|(n, _)| n.as_str()).collect()
}

/// Five tickets: 1 open (old), 2 closed long ago, 3 closed recently, 4 rejected
/// long ago with a `%` in its subject, 5 stored without a row (a placeholder).
pub fn ticket_rows_find_what_memory_does_not_keep(s: &mut dyn Store) {
    let mut b = Batch::default();
    let spec = [
        ("JTG-2026-000001", 100, 150, "executing", "printer rusak"),
        ("JTG-2026-000002", 200, 300, "closed", "Printer macet"),
        ("JTG-2026-000003", 300, 1_000, "closed", "lupa sandi"),
        (
            "JTG-2026-000004",
            400,
            500,
            "rejected",
            "diskon 100% printer",
        ),
    ];
    for (i, (n, rec, last, state, subject)) in spec.iter().enumerate() {
        b.tickets.push(((*n).into(), 2026, i as u32 + 1));
        b.events.push(((*n).into(), 0, comment(*rec, "received")));
        b.events.push(((*n).into(), 1, comment(*last, "last")));
        b.rows.push(row(n, *rec, *last, state, subject));
    }
    b.tickets.push(("JTG-2026-000005".into(), 2026, 5));
    b.events
        .push(("JTG-2026-000005".into(), 0, comment(50, "before rows")));
    for (key, at) in [("api:old", 10), ("api:new", 900)] {
        b.inbound.push(InboundRecord {
            key: key.into(),
            ticket: None,
            outcome: "automatic".into(),
            answer: serde_json::json!({"outcome": "automatic"}),
            at: Timestamp::from_unix(at),
            fingerprint: None,
        });
    }
    b.message_ids
        .push(("wamid.old".into(), "JTG-2026-000002".into()));
    b.message_ids
        .push(("wamid.open".into(), "JTG-2026-000001".into()));
    s.commit(&b).unwrap();

    // Everything, without a cut.
    let all = s.load(None).unwrap();
    assert_eq!(all.tickets.len(), 5);
    assert_eq!(
        (all.total, all.inbound.len(), all.message_ids.len()),
        (5, 2, 2)
    );
    // From 800 on: the open one, the recent one, the one without a row.
    let l = s.load(Some(Timestamp::from_unix(800))).unwrap();
    assert_eq!(
        numbers(&l),
        ["JTG-2026-000001", "JTG-2026-000003", "JTG-2026-000005"]
    );
    assert_eq!(
        l.tickets[1].1.len(),
        2,
        "a loaded ticket has its whole history"
    );
    assert_eq!(l.total, 5);
    assert_eq!(l.unrowed, ["JTG-2026-000005"]);
    assert_eq!(
        l.inbound.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
        ["api:new"]
    );
    assert_eq!(
        l.message_ids,
        [("wamid.open".into(), "JTG-2026-000001".into())]
    );
    assert_eq!(l.sequences, [(2026, 5)]);
    // An old key is still found by lookup; an unknown one is not.
    let found = s.inbound(&["api:old".into(), "api:none".into()]).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].at.unix(), 10);

    // The row written, the placeholder replaced.
    let mut b = Batch::default();
    b.rows
        .push(row("JTG-2026-000005", 50, 60, "closed", "placeholder gone"));
    s.commit(&b).unwrap();
    let l = s.load(Some(Timestamp::from_unix(800))).unwrap();
    assert_eq!(numbers(&l), ["JTG-2026-000001", "JTG-2026-000003"]);
    assert!(l.unrowed.is_empty());

    // The list's store half: terminal tickets before 800, newest received first.
    let mut find = |f: Find| s.find_closed(&f).unwrap();
    let before = Some(Timestamp::from_unix(800));
    let all = find(Find {
        before,
        limit: 10,
        ..Find::default()
    });
    assert_eq!(all.total, 3);
    assert_eq!(
        all.rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ["JTG-2026-000004", "JTG-2026-000002", "JTG-2026-000005"]
    );
    assert_eq!(all.rows[0].1.unix(), 400);
    let page = find(Find {
        before,
        limit: 1,
        ..Find::default()
    });
    assert_eq!((page.total, page.rows.len()), (3, 1));
    let closed = find(Find {
        before,
        state: Some("closed".into()),
        limit: 10,
        ..Find::default()
    });
    assert_eq!(closed.total, 2);
    // Text in the subject, any case; `%` is a character, not a wildcard.
    let printer = find(Find {
        before,
        text: Some("printer".into()),
        limit: 10,
        ..Find::default()
    });
    assert_eq!(printer.total, 2);
    let percent = find(Find {
        before,
        text: Some("0% p".into()),
        limit: 10,
        ..Find::default()
    });
    assert_eq!(percent.total, 1);
    let wildcard = find(Find {
        before,
        text: Some("p%r".into()),
        limit: 10,
        ..Find::default()
    });
    assert_eq!(wildcard.total, 0, "a % in the text is not a wildcard");
    let by_number = find(Find {
        before,
        text: Some("jtg-2026-000002".into()),
        limit: 10,
        ..Find::default()
    });
    assert_eq!(by_number.total, 1);
    let siap = find(Find {
        before,
        application: Some("siap".into()),
        sla: Some("met".into()),
        limit: 10,
        ..Find::default()
    });
    assert_eq!(
        siap.total, 3,
        "tickets 2, 4 and 5 (received at even instants)"
    );

    // Reports: the terminal tickets received in a period, last event before 800.
    let got = s
        .closed_received(
            Timestamp::from_unix(150),
            Timestamp::from_unix(1_000),
            Timestamp::from_unix(800),
        )
        .unwrap();
    assert_eq!(
        got.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(),
        ["JTG-2026-000002", "JTG-2026-000004"]
    );
    assert_eq!(got[0].1, [comment(200, "received"), comment(300, "last")]);
    let n = s
        .count_closed_received(
            Timestamp::from_unix(0),
            Timestamp::from_unix(1_000),
            Timestamp::from_unix(800),
        )
        .unwrap();
    assert_eq!(n, 3);
}
