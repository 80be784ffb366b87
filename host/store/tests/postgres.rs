//! The PostgreSQL store against a real server (a throwaway cluster from Debian's
//! packages): what SQLite's store does, plus what several nodes on one database
//! need (unique numbers, conflicts refused whole, the changes feed in commit order,
//! one secret, outbox claims).

use loket_core::report::{IntakeEntry, IntakeKind};
use loket_core::ticket::{Actor, Event, EventKind};
use loket_core::Timestamp;
use loket_store::testing::Cluster;

mod common;
use loket_store::{
    Batch, InboundRecord, Notification, PgStore, Recipient, Role, Store, StoreError, TokenRecord,
};

fn comment(at: i64, text: &str) -> Event {
    Event {
        at: Timestamp::from_unix(at),
        by: Actor::System,
        what: EventKind::Comment { text: text.into() },
        reason: None,
    }
}

fn note(ticket: &str, text: &str) -> Notification {
    Notification {
        id: 0,
        created_at: Timestamp::from_unix(5),
        ticket: Some(ticket.into()),
        kind: "answer".into(),
        to: Recipient {
            role: "reporter".into(),
            name: None,
            channel: "whatsapp".into(),
            address: Some("6281234567890".into()),
        },
        text: text.into(),
        template: None,
        status: "pending".into(),
        attempts: 0,
        sent_at: None,
        error: None,
        external_id: None,
    }
}

fn ticket_batch(number: &str, seq: u32, events: &[Event]) -> Batch {
    let mut b = Batch::default();
    b.tickets.push((number.into(), 2026, seq));
    for (i, e) in events.iter().enumerate() {
        b.events.push((number.into(), i, e.clone()));
    }
    b
}

#[test]
fn the_postgres_store_keeps_what_several_nodes_need() {
    let cluster = Cluster::start().expect("a throwaway PostgreSQL cluster");
    round_trip(&cluster);
    conflicts_write_nothing(&cluster);
    changes_follow_commit_order(&cluster);
    numbers_and_secret_are_shared(&cluster);
    outbox_claims_are_disjoint(&cluster);
    tokens_and_reports(&cluster);
    notifications_wake_the_other_nodes(&cluster);
    let url = cluster.create_db("rows").unwrap();
    common::ticket_rows_find_what_memory_does_not_keep(&mut PgStore::connect(&url).unwrap());
    reads_after_a_database_restart_are_answered(&cluster);
}

/// A read on a connection the database dropped (it restarted since the last use) is
/// answered on a new connection, not failed once first; a write is not retried
/// (its outcome could be unknown) but the next one works.
fn reads_after_a_database_restart_are_answered(cluster: &Cluster) {
    let url = cluster.create_db("restart").unwrap();
    let mut s = PgStore::connect(&url).unwrap();
    s.commit(&ticket_batch("JTG-2026-000001", 1, &[comment(1, "a")]))
        .unwrap();
    assert_eq!(s.history("JTG-2026-000001").unwrap().len(), 1);
    assert!(s.token("nobody").unwrap().is_none());
    cluster.stop().unwrap();
    cluster.restart().unwrap();
    assert_eq!(
        s.history("JTG-2026-000001").unwrap().len(),
        1,
        "the first read after the restart"
    );
    assert!(s.token("nobody").unwrap().is_none(), "a prepared read too");
    let mut b = Batch::default();
    b.events
        .push(("JTG-2026-000001".into(), 1, comment(2, "b")));
    s.commit(&b).unwrap();
    assert_eq!(s.history("JTG-2026-000001").unwrap().len(), 2);
}

fn notifications_wake_the_other_nodes(cluster: &Cluster) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::{Duration, Instant};
    let url = cluster.create_db("listen").unwrap();
    let mut a = PgStore::connect(&url).unwrap();
    let mut b = PgStore::connect(&url).unwrap();
    let woken = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (w, k) = (woken.clone(), stop.clone());
    loket_store::listen(
        &url,
        a.node().to_string(),
        move || {
            w.fetch_add(1, Ordering::SeqCst);
        },
        move || !k.load(Ordering::SeqCst),
    )
    .unwrap();
    let wait_for = |n: usize| {
        let until = Instant::now() + Duration::from_secs(10);
        while woken.load(Ordering::SeqCst) < n {
            assert!(Instant::now() < until, "not woken {n} times");
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    // Once when it starts listening (what committed before is read then).
    wait_for(1);
    // Its own node's commit does not wake it.
    a.commit(&ticket_batch("JTG-2026-000001", 1, &[comment(1, "a")]))
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(woken.load(Ordering::SeqCst), 1, "woken by its own commit");
    // Another node's does.
    b.commit(&ticket_batch("JTG-2026-000002", 2, &[comment(2, "b")]))
        .unwrap();
    wait_for(2);
    stop.store(true, Ordering::SeqCst);
}

fn round_trip(cluster: &Cluster) {
    let url = cluster.create_db("round_trip").unwrap();
    let mut s = PgStore::connect(&url).unwrap();
    assert_eq!(s.schema_version().unwrap(), 2);
    let mut b = ticket_batch("JTG-2026-000001", 1, &[comment(10, "a"), comment(11, "b")]);
    b.inbound.push(InboundRecord {
        key: "wa:wamid.1".into(),
        ticket: Some("JTG-2026-000001".into()),
        outcome: "accepted".into(),
        answer: serde_json::json!({"ticket": "JTG-2026-000001"}),
        at: Timestamp::from_unix(10),
        fingerprint: Some("abc".into()),
    });
    b.message_ids
        .push(("wamid.1".into(), "JTG-2026-000001".into()));
    b.config.push(("policy".into(), "x = 1".into()));
    b.outbox.push(note("JTG-2026-000001", "halo"));
    b.marks
        .push(("JTG-2026-000001".into(), "sla_warning:response:0".into()));
    s.commit(&b).unwrap();
    drop(s);
    // A second connection (a restart) runs no migration twice and reads it all.
    let mut s = PgStore::connect(&url).unwrap();
    assert_eq!(s.schema_version().unwrap(), 2);
    let l = s.load(None).unwrap();
    assert_eq!(
        l.tickets,
        vec![(
            "JTG-2026-000001".to_string(),
            vec![comment(10, "a"), comment(11, "b")]
        )]
    );
    assert_eq!(l.sequences, vec![(2026, 1)]);
    assert_eq!(l.inbound, b.inbound);
    assert_eq!(l.message_ids, b.message_ids);
    assert_eq!(l.config, b.config);
    assert_eq!(
        s.history("JTG-2026-000001").unwrap(),
        vec![comment(10, "a"), comment(11, "b")]
    );
    assert!(s.history("JTG-2026-999999").unwrap().is_empty());
    let out = s.outbox(None, 10).unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(
        (out[0].text.as_str(), out[0].to.clone()),
        ("halo", b.outbox[0].to.clone())
    );
    // The same SLA mark again is refused by the database.
    let mut again = Batch::default();
    again
        .marks
        .push(("JTG-2026-000001".into(), "sla_warning:response:0".into()));
    assert!(matches!(s.commit(&again), Err(StoreError::Conflict(_))));
}

fn conflicts_write_nothing(cluster: &Cluster) {
    let url = cluster.create_db("conflicts").unwrap();
    let mut a = PgStore::connect(&url).unwrap();
    let mut b = PgStore::connect(&url).unwrap();
    a.commit(&ticket_batch("JTG-2026-000001", 1, &[comment(10, "a")]))
        .unwrap();
    // Node B appends at the position node A already filled, with other rows in the
    // same batch: the whole batch is refused as a conflict.
    let mut late = Batch::default();
    late.events
        .push(("JTG-2026-000001".into(), 1, comment(12, "from a")));
    a.commit(&late).unwrap();
    let mut clash = Batch::default();
    clash.tickets.push(("JTG-2026-000002".into(), 2026, 2));
    clash
        .events
        .push(("JTG-2026-000002".into(), 0, comment(13, "new")));
    clash
        .events
        .push(("JTG-2026-000001".into(), 1, comment(13, "from b")));
    clash.intake_log.push(IntakeEntry {
        at: Timestamp::from_unix(13),
        channel: serde_json::from_value(serde_json::json!("whatsapp")).unwrap(),
        outcome: IntakeKind::Accepted,
        refusal: None,
        named: None,
    });
    let err = b.commit(&clash).unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    let l = b.load(None).unwrap();
    assert_eq!(
        l.tickets.len(),
        1,
        "the refused batch's new ticket is not there"
    );
    assert_eq!(
        l.tickets[0].1,
        vec![comment(10, "a"), comment(12, "from a")]
    );
    assert!(b
        .intake_log(Timestamp::from_unix(0), Timestamp::from_unix(100))
        .unwrap()
        .is_empty());
    // The same idempotency key from two nodes: the second is a conflict.
    let rec = InboundRecord {
        key: "wa:wamid.X".into(),
        ticket: None,
        outcome: "refused".into(),
        answer: serde_json::json!({}),
        at: Timestamp::from_unix(1),
        fingerprint: None,
    };
    let mut one = Batch::default();
    one.inbound.push(rec.clone());
    a.commit(&one).unwrap();
    assert!(matches!(b.commit(&one), Err(StoreError::Conflict(_))));
}

fn changes_follow_commit_order(cluster: &Cluster) {
    let url = cluster.create_db("changes").unwrap();
    let mut a = PgStore::connect(&url).unwrap();
    let mut b = PgStore::connect(&url).unwrap();
    a.commit(&ticket_batch("JTG-2026-000001", 1, &[comment(10, "a")]))
        .unwrap();
    assert!(b.load(None).unwrap().tickets.len() == 1);
    // Nothing new: B's load already had it; a second look may repeat rows but
    // then has nothing.
    let _ = b.changes().unwrap();
    assert!(b.changes().unwrap().is_empty());
    // A transaction that starts first (takes its id) and commits last: its row has
    // a lower transaction id than a later commit that B reads first.
    let early = url.clone();
    let (go, wait) = std::sync::mpsc::channel::<()>();
    let (started, is_started) = std::sync::mpsc::channel::<()>();
    let slow = std::thread::spawn(move || {
        let mut c = postgres::Client::connect(&early, postgres::NoTls).unwrap();
        let mut tx = c.transaction().unwrap();
        tx.execute(
            "INSERT INTO events (number, pos, at, event, body) VALUES ('JTG-2026-000001', 1, 20, 'comment', $1)",
            &[&serde_json::to_string(&comment(20, "early")).unwrap()],
        )
        .unwrap();
        started.send(()).unwrap();
        wait.recv().unwrap();
        tx.commit().unwrap();
    });
    is_started.recv().unwrap();
    a.commit(&ticket_batch("JTG-2026-000002", 2, &[comment(30, "later")]))
        .unwrap();
    let seen = b.changes().unwrap();
    assert_eq!(
        seen.events
            .iter()
            .map(|(n, p, _)| (n.as_str(), *p))
            .collect::<Vec<_>>(),
        [("JTG-2026-000002", 0)]
    );
    go.send(()).unwrap();
    slow.join().unwrap();
    // The earlier transaction's row, committed after B read a later one, is read.
    let seen = b.changes().unwrap();
    assert!(
        seen.events
            .iter()
            .any(|(n, p, e)| n == "JTG-2026-000001" && *p == 1 && *e == comment(20, "early")),
        "the row of the transaction that committed last was skipped: {:?}",
        seen.events
    );
}

fn numbers_and_secret_are_shared(cluster: &Cluster) {
    let url = cluster.create_db("numbers").unwrap();
    let threads: Vec<_> = (0..3)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut s = PgStore::connect(&url).unwrap();
                let this: Vec<u32> = (0..200)
                    .map(|_| s.next_seq(2026).unwrap().unwrap())
                    .collect();
                let next = s.next_seq(2027).unwrap().unwrap();
                (this, next, s.secret([7; 32]).unwrap())
            })
        })
        .collect();
    let (mut y2026, mut y2027, mut secrets) = (Vec::new(), Vec::new(), Vec::new());
    for t in threads {
        let (this, next, secret) = t.join().unwrap();
        y2026.extend(this);
        y2027.push(next);
        secrets.push(secret);
    }
    y2026.sort_unstable();
    y2027.sort_unstable();
    let given = y2026.len();
    y2026.dedup();
    assert_eq!(y2026.len(), given, "a 2026 number given twice");
    // Each node takes a few numbers at once: the unused ones of its last take are
    // skipped, never given.
    assert!(
        *y2026.last().unwrap() <= 600 + 3 * 16,
        "too many numbers skipped: {:?}",
        y2026.last()
    );
    y2027.dedup();
    assert_eq!(y2027.len(), 3, "each year has its own sequence: {y2027:?}");
    assert!(y2027.iter().all(|n| *n <= 3 * 16), "{y2027:?}");
    let mut s = PgStore::connect(&url).unwrap();
    let first = secrets[0].expect("the store holds the secret");
    assert!(secrets.iter().all(|x| *x == Some(first)));
    assert_eq!(
        s.secret([9; 32]).unwrap(),
        Some(first),
        "the first secret stays"
    );
}

fn outbox_claims_are_disjoint(cluster: &Cluster) {
    let url = cluster.create_db("outbox").unwrap();
    let mut a = PgStore::connect(&url).unwrap();
    let mut b = PgStore::connect(&url).unwrap();
    let mut batch = ticket_batch("JTG-2026-000001", 1, &[comment(1, "a")]);
    for i in 0..50 {
        batch.outbox.push(note("JTG-2026-000001", &format!("n{i}")));
    }
    a.commit(&batch).unwrap();
    let ta = std::thread::spawn(move || {
        let mut got = Vec::new();
        for _ in 0..10 {
            got.extend(a.pending(3).unwrap().into_iter().map(|n| n.id));
        }
        (a, got)
    });
    let mut got_b = Vec::new();
    for _ in 0..10 {
        got_b.extend(b.pending(3).unwrap().into_iter().map(|n| n.id));
    }
    let (mut a, got_a) = ta.join().unwrap();
    let mut all = got_a.clone();
    all.extend(&got_b);
    let n = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), n, "a notification was claimed by two nodes");
    assert_eq!(n, 50, "every notification claimed once");
    assert!(a.pending(10).unwrap().is_empty());
    // A claim whose lease ran out (its node stopped while sending) is marked failed,
    // not handed out again.
    a.execute_batch("UPDATE outbox SET claimed_until = 0 WHERE id = (SELECT MIN(id) FROM outbox)")
        .unwrap();
    assert!(a.pending(10).unwrap().is_empty());
    let failed = a.outbox(Some("failed"), 10).unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0]
        .error
        .as_deref()
        .unwrap()
        .contains("may have been delivered"));
    // Recording the delivery clears the claim.
    let id = got_b[0];
    let mut done = Batch::default();
    done.deliveries
        .push((id, Ok(Some("wamid.sent".into())), Timestamp::from_unix(9)));
    a.commit(&done).unwrap();
    let sent = a.outbox(Some("sent"), 10).unwrap();
    assert_eq!((sent.len(), sent[0].id), (1, id));
}

fn tokens_and_reports(cluster: &Cluster) {
    let url = cluster.create_db("tokens").unwrap();
    let mut s = PgStore::connect(&url).unwrap();
    let t = TokenRecord {
        hash: "h1".into(),
        role: Role::Supervisor,
        name: "Sari".into(),
        attests_contacts: false,
    };
    s.add_token(&t, Timestamp::from_unix(1)).unwrap();
    assert_eq!(s.token("h1").unwrap(), Some(t.clone()));
    assert_eq!(s.count_tokens(Role::Supervisor).unwrap(), 1);
    // Active names are unique.
    let mut dup = t.clone();
    dup.hash = "h2".into();
    assert!(s.add_token(&dup, Timestamp::from_unix(2)).is_err());
    assert!(s.revoke_token("Sari", Timestamp::from_unix(3)).unwrap());
    assert_eq!(s.token("h1").unwrap(), None);
    s.add_token(&dup, Timestamp::from_unix(4)).unwrap();
    let list = s.tokens().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].revoked_at, Some(Timestamp::from_unix(3)));
    s.commit(&ticket_batch("JTG-2026-000001", 1, &[comment(1, "a")]))
        .unwrap();
    let answer = loket_store::SurveyRecord {
        ticket: Some("JTG-2026-000001".into()),
        at: Timestamp::from_unix(100),
        first_at: Timestamp::from_unix(100),
        scores: [3; 9],
        comment: None,
    };
    assert!(!s.put_survey(&answer).unwrap());
    let mut again = answer.clone();
    again.at = Timestamp::from_unix(200);
    again.scores = [4; 9];
    assert!(s.put_survey(&again).unwrap());
    let kept = s.survey_of("JTG-2026-000001").unwrap().unwrap();
    assert_eq!(
        (kept.first_at.unix(), kept.at.unix(), kept.scores),
        (100, 200, [4; 9])
    );
    let mut unknown = answer.clone();
    unknown.ticket = Some("JTG-2026-999999".into());
    assert!(s.put_survey(&unknown).is_err());
    assert_eq!(
        s.surveys(Timestamp::from_unix(0), Timestamp::from_unix(1000))
            .unwrap()
            .len(),
        1
    );
}

/// A CA, and a server certificate it signed for `localhost` only (PEM: CA cert,
/// server cert, server key).
fn certificates() -> (String, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let server = CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    (ca_cert.pem(), server.pem(), key.serialize_pem())
}

/// TLS to the database as libpq's `sslmode` reads it: `verify-full` checks the CA
/// and the host, `verify-ca` only the CA, `require` and the default `prefer`
/// encrypt without checking, `disable` does not; a wrong CA or host is refused with
/// what was wrong. The store, the SLA leader and the listener all connect so.
#[test]
fn tls_to_the_database_is_checked_as_sslmode_says() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;
    let (ca, cert, key) = certificates();
    let cluster = Cluster::start_tls(&cert, &key).expect("a cluster with TLS");
    cluster.create_db("tls").unwrap();
    let dir = std::env::temp_dir().join(format!("loket-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &ca).unwrap();
    let (other_ca, _, _) = certificates();
    let other_file = dir.join("other-ca.pem");
    std::fs::write(&other_file, &other_ca).unwrap();
    let url = |host: &str, extra: String| cluster.tcp_url("tls", host, &extra);
    let encryption = |u: &str| {
        PgStore::connect(u)
            .and_then(|mut s| s.encryption())
            .map_err(|e| e.to_string())
    };
    let full = url(
        "localhost",
        format!("sslmode=verify-full sslrootcert={}", ca_file.display()),
    );
    assert_eq!(encryption(&full).unwrap().as_deref(), Some("TLSv1.3"));
    // The certificate names localhost, not 127.0.0.1: verify-full refuses, verify-ca
    // (the chain only) accepts.
    let by_ip = url(
        "127.0.0.1",
        format!("sslmode=verify-full sslrootcert={}", ca_file.display()),
    );
    let e = encryption(&by_ip).unwrap_err();
    assert!(e.contains("certificate"), "{e}");
    let ca_only = url(
        "127.0.0.1",
        format!("sslmode=verify-ca sslrootcert={}", ca_file.display()),
    );
    assert!(encryption(&ca_only).unwrap().is_some());
    // Another CA: refused whatever the host.
    let wrong = url(
        "localhost",
        format!("sslmode=verify-full sslrootcert={}", other_file.display()),
    );
    let e = encryption(&wrong).unwrap_err();
    assert!(e.contains("certificate"), "{e}");
    let e = encryption(&url(
        "localhost",
        format!("sslmode=require sslrootcert={}", other_file.display()),
    ))
    .unwrap_err();
    assert!(
        e.contains("certificate"),
        "require with a root checks it: {e}"
    );
    // Encrypted without a check, as libpq.
    assert!(encryption(&url("127.0.0.1", "sslmode=require".into()))
        .unwrap()
        .is_some());
    assert!(encryption(&url("127.0.0.1", String::new()))
        .unwrap()
        .is_some());
    assert_eq!(
        encryption(&url("127.0.0.1", "sslmode=disable".into())).unwrap(),
        None
    );
    // The unix socket is never encrypted (it need not be).
    assert_eq!(encryption(&cluster.url("tls")).unwrap(), None);
    // The same URL form works, percent-encoded.
    let as_url = format!(
        "postgres://postgres@localhost:{}/tls?sslmode=verify-full&sslrootcert={}",
        full.split("port=")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap(),
        ca_file.display().to_string().replace('/', "%2F")
    );
    assert!(encryption(&as_url).unwrap().is_some());

    // The store's work over it, and the leader's and the listener's connections.
    let mut s = PgStore::connect(&full).unwrap();
    s.commit(&ticket_batch("JTG-2026-000001", 1, &[comment(1, "tls")]))
        .unwrap();
    assert_eq!(s.load(None).unwrap().tickets.len(), 1);
    let leader = loket_store::Leader::start(&full).unwrap();
    let woken = Arc::new(AtomicUsize::new(0));
    let (w, stop) = (woken.clone(), Arc::new(AtomicBool::new(false)));
    let keep = stop.clone();
    loket_store::listen(
        &full,
        "nobody".into(),
        move || {
            w.fetch_add(1, Ordering::SeqCst);
        },
        move || !keep.load(Ordering::SeqCst),
    )
    .unwrap();
    let until = std::time::Instant::now() + Duration::from_secs(10);
    while !(leader.leads() && woken.load(Ordering::SeqCst) > 0) {
        assert!(
            std::time::Instant::now() < until,
            "the leader and the listener connect over TLS"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::SeqCst);
    let _ = std::fs::remove_dir_all(&dir);
}
