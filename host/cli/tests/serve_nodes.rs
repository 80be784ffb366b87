//! Several `loket serve` nodes on one PostgreSQL database (issue 14), each a child
//! process on a throwaway cluster of Debian's server: concurrent intake across
//! nodes, the same WhatsApp webhook delivered to every node at once, the SLA
//! watch's leader killed while warnings and breaches fall due, the outbox sent by
//! every node, a killed node restarted, the database restarted under load.

mod node;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use loket_store::testing::Cluster;
use node::*;
use serde_json::{json, Value};

/// An intake sent: its key, the status answered, the ticket number if any.
type Sent = (String, u16, Option<String>);

const WA_SECRET: &str = "nodes-test-app-secret";
/// The SLA target of every kind: warnings fall due 6 s after receipt (75 %),
/// breaches at 8 s, on a calendar open around the clock.
const TARGET_SECS: i64 = 8;

const CALENDAR: &str = r#"
name = "Sepanjang waktu"
timezone = "Asia/Jakarta"
[week]
mon = ["00:00-24:00"]
tue = ["00:00-24:00"]
wed = ["00:00-24:00"]
thu = ["00:00-24:00"]
fri = ["00:00-24:00"]
sat = ["00:00-24:00"]
sun = ["00:00-24:00"]
"#;

struct Desk {
    dir: PathBuf,
    url: String,
    calendar: PathBuf,
    policy: PathBuf,
    plugins: PathBuf,
}

impl Desk {
    fn node(&self, i: usize, run: usize) -> Server {
        let data = self.dir.join(format!("node{i}"));
        Server::start_with(
            &data,
            Some(&self.url),
            &self.plugins,
            &self.dir.join(format!("node{i}.{run}.log")),
            &[
                "--calendar",
                self.calendar.to_str().unwrap(),
                "--policy",
                self.policy.to_str().unwrap(),
                "--whatsapp-app-secret",
                WA_SECRET,
                "--channel-per-sender",
                "0",
            ],
        )
    }
}

fn post(agent: &ureq::Agent, url: &str, token: &str, key: &str, body: &Value) -> (u16, Value) {
    match agent
        .post(url)
        .header("Authorization", format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .send(body.to_string().as_bytes())
    {
        Ok(mut r) => {
            let status = r.status().as_u16();
            let text = r.body_mut().read_to_string().unwrap_or_default();
            (status, serde_json::from_str(&text).unwrap_or(Value::Null))
        }
        Err(e) => (0, json!({"transport": e.to_string()})),
    }
}

fn intake_body(key: &str) -> Value {
    json!({
        "channel": "email",
        "application": "e-planning",
        "subject": format!("Gagal simpan RKA {key}"),
        "body": format!("Tombol simpan di menu RKA tidak berfungsi. Ref {key}."),
        "reporter": {"email": format!("{key}@opd.jatengprov.go.id")},
    })
}

fn health(agent: &ureq::Agent, base: &str) -> Value {
    get(agent, &format!("{base}/health"), None).1
}

/// Waits until `f` holds (polling every 100 ms), or panics with `what` after
/// `within`.
fn eventually(within: Duration, what: &str, mut f: impl FnMut() -> Result<(), String>) {
    let until = Instant::now() + within;
    loop {
        match f() {
            Ok(()) => return,
            Err(e) if Instant::now() > until => panic!("{what}: {e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

fn sign(body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(WA_SECRET.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[test]
fn several_nodes_on_one_postgres_database() {
    let cluster = Cluster::start().expect("a throwaway PostgreSQL cluster");
    let url = cluster.create_db("nodes").expect("a database");
    let dir = fresh_dir("nodes");
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let desk = Desk {
        calendar: write("calendar.toml", CALENDAR),
        policy: write(
            "policy.toml",
            &format!("complaint = \"{TARGET_SECS}s\"\nrequest = \"{TARGET_SECS}s\"\nincident = \"{TARGET_SECS}s\"\n"),
        ),
        plugins: {
            let p = dir.join("plugins");
            std::fs::create_dir_all(&p).unwrap();
            p
        },
        url: url.clone(),
        dir: dir.clone(),
    };
    let admin = token("admin", "Admin Nodes", &dir.join("node0"), Some(&url));
    let mut nodes: Vec<Server> = (0..3).map(|i| desk.node(i, 1)).collect();
    let bases: Vec<String> = nodes.iter().map(|n| n.base.clone()).collect();
    let a = agent();

    // ---- concurrent intake across the three nodes.
    let t0 = Instant::now();
    let answered: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    std::thread::scope(|s| {
        for c in 0..12 {
            let (bases, answered, admin) = (&bases, answered.clone(), &admin);
            s.spawn(move || {
                let ag = agent();
                for i in 0..25 {
                    let key = format!("nodes-{c:02}-{i:03}");
                    let base = &bases[(c + i) % bases.len()];
                    let (st, v) = post(
                        &ag,
                        &format!("{base}/api/v1/intake"),
                        admin,
                        &key,
                        &intake_body(&key),
                    );
                    assert_eq!(st, 201, "intake {key} on {base}: {v}");
                    let number = v["number"].as_str().expect("a number").to_string();
                    answered.lock().unwrap().push((key, number));
                }
            });
        }
    });
    let answered = std::mem::take(&mut *answered.lock().unwrap());
    let numbers: HashSet<&str> = answered.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(numbers.len(), answered.len(), "a number given twice");
    // Every node shows every ticket (each follows the others' commits).
    for base in &bases {
        eventually(
            Duration::from_secs(5),
            "every node lists every ticket",
            || {
                let listed: HashSet<String> = staff_list(&a, base, &admin).into_iter().collect();
                let missing = numbers.iter().filter(|n| !listed.contains(**n)).count();
                if missing == 0 && listed.len() == numbers.len() {
                    Ok(())
                } else {
                    Err(format!(
                        "{base}: {missing} missing, {} listed",
                        listed.len()
                    ))
                }
            },
        );
    }
    // One ticket, read from every node, is the same ticket.
    let (_, sample) = &answered[0];
    let timelines: Vec<Value> = bases
        .iter()
        .map(|b| {
            get(&a, &format!("{b}/api/v1/tickets/{sample}"), Some(&admin)).1["ticket"]["body"]
                .clone()
        })
        .collect();
    assert!(timelines
        .iter()
        .all(|t| *t == timelines[0] && t.is_string()));

    // ---- read-your-write across nodes: a ticket opened on one node is at once on
    // the others (a node that does not have it catches up before answering 404).
    for k in 0..5 {
        let key = format!("nodes-fresh-{k}");
        let (st, v) = post(
            &a,
            &format!("{}/api/v1/intake", bases[0]),
            &admin,
            &key,
            &intake_body(&key),
        );
        assert_eq!(st, 201, "{v}");
        let (n, access) = (
            v["number"].as_str().unwrap(),
            v["accessKey"].as_str().unwrap(),
        );
        let (s1, v1) = get(
            &a,
            &format!("{}/api/v1/tickets/{n}", bases[1]),
            Some(&admin),
        );
        assert_eq!(
            s1, 200,
            "{n} opened on node 0, read at once on node 1: {v1}"
        );
        let (s2, v2) = get(
            &a,
            &format!("{}/api/v1/status/{n}?key={access}", bases[2]),
            None,
        );
        assert_eq!(s2, 200, "{n}'s status at once on node 2: {v2}");
    }

    // ---- the same WhatsApp webhook delivered to the three nodes at once.
    let before = health(&a, &bases[0])["tickets"].as_u64().unwrap();
    let body = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "contacts": [{"profile": {"name": "Sri Wahyuni"}, "wa_id": "6281225550123"}],
            "messages": [{"from": "6281225550123", "id": "wamid.SAME-ON-EVERY-NODE",
                          "timestamp": (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()).to_string(),
                          "type": "text", "text": {"body": "e-planning: tidak bisa login sejak pagi"}}]
        }}]}]
    })
    .to_string();
    let barrier = Barrier::new(bases.len());
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let hs: Vec<_> = bases
            .iter()
            .map(|b| {
                let (barrier, body) = (&barrier, &body);
                s.spawn(move || {
                    let ag = agent();
                    barrier.wait();
                    let r = ag
                        .post(format!("{b}/webhooks/whatsapp"))
                        .header("Content-Type", "application/json")
                        .header("X-Hub-Signature-256", sign(body.as_bytes()))
                        .send(body.as_bytes())
                        .expect("webhook");
                    r.status().as_u16()
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    for base in &bases {
        eventually(
            Duration::from_secs(5),
            "one ticket from the webhook",
            || {
                let n = health(&a, base)["tickets"].as_u64().unwrap();
                if n == before + 1 {
                    Ok(())
                } else {
                    Err(format!("{base}: {n} tickets, expected {}", before + 1))
                }
            },
        );
    }

    // ---- the SLA watch: exactly one leader; kill it while warnings and breaches
    // fall due (6 and 8 s after each intake); the next leader records each once.
    let leaders: Vec<usize> = (0..3)
        .filter(|i| health(&a, &bases[*i])["leader"] == json!(true))
        .collect();
    assert_eq!(leaders.len(), 1, "exactly one leader: {leaders:?}");
    let leader = leaders[0];
    let kill_at = Duration::from_millis(6_500);
    if let Some(wait) = kill_at.checked_sub(t0.elapsed()) {
        std::thread::sleep(wait);
    }
    nodes[leader].kill();
    let killed_at = Instant::now();
    let alive: Vec<usize> = (0..3).filter(|i| *i != leader).collect();
    eventually(
        Duration::from_secs(10),
        "another node takes the lead",
        || {
            let n = alive
                .iter()
                .filter(|i| health(&a, &bases[**i])["leader"] == json!(true))
                .count();
            if n == 1 {
                Ok(())
            } else {
                Err(format!("{n} leaders"))
            }
        },
    );
    let took_over = killed_at.elapsed();
    let reader = &bases[alive[0]];
    // Every ticket: each clock's warning and breach recorded exactly once.
    let mut late = 0i64;
    eventually(Duration::from_secs(30), "every breach recorded", || {
        let mut missing = 0;
        for (_, n) in &answered {
            let (_, v) = get(&a, &format!("{reader}/api/v1/tickets/{n}"), Some(&admin));
            let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
            let timeline = v["timeline"].as_array().cloned().unwrap_or_default();
            for e in &timeline {
                let name = e["event"].as_str().unwrap_or("").to_string();
                if name.starts_with("sla_") {
                    let clock = e["clock"].to_string();
                    *seen.entry((name, clock)).or_default() += 1;
                }
            }
            if let Some(((name, clock), k)) = seen.iter().find(|(_, k)| **k > 1) {
                panic!("{n}: {name} of {clock} recorded {k} times: {timeline:?}");
            }
            if !seen.keys().any(|(name, _)| name == "sla_breached") {
                missing += 1;
            }
        }
        if missing == 0 {
            Ok(())
        } else {
            Err(format!("{missing} tickets without a breach"))
        }
    });
    // How late the breaches were recorded: after the kill, within the take-over
    // and one watch pass.
    for (_, n) in answered.iter().step_by(10) {
        let (_, v) = get(&a, &format!("{reader}/api/v1/tickets/{n}"), Some(&admin));
        let t = v["timeline"].as_array().unwrap();
        let at = |name: &str| {
            t.iter()
                .find(|e| e["event"] == name)
                .and_then(|e| e["at"].as_str())
                .map(|s| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp())
        };
        let (received, breached) = (at("received").unwrap(), at("sla_breached").unwrap());
        late = late.max(breached - received - TARGET_SECS);
    }
    assert!(
        late <= 15,
        "a breach recorded {late} s after it fell due (the lead changed in {took_over:?})"
    );

    // ---- the killed node restarts and catches up (the breaches recorded while it
    // was down included).
    nodes[leader] = desk.node(leader, 2);
    bases_replace(&nodes, leader, &a, &admin, &answered, reader);

    // ---- the outbox: every node sends; no notification twice.
    eventually(Duration::from_secs(30), "the outbox is empty", || {
        let (_, v) = get(
            &a,
            &format!("{reader}/api/v1/admin/outbox?status=pending&limit=10000"),
            Some(&admin),
        );
        let (_, w) = get(
            &a,
            &format!("{reader}/api/v1/admin/outbox?status=sending&limit=10000"),
            Some(&admin),
        );
        let n = v["notifications"].as_array().map_or(0, Vec::len)
            + w["notifications"].as_array().map_or(0, Vec::len);
        if n == 0 {
            Ok(())
        } else {
            Err(format!("{n} not sent"))
        }
    });
    let mut sent: HashMap<i64, usize> = HashMap::new();
    let mut per_node = Vec::new();
    for i in 0..3 {
        let log = dir.join(format!("node{i}")).join("outbox.log");
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        per_node.push(text.lines().count());
        for line in text.lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            *sent
                .entry(v["notification"]["id"].as_i64().unwrap())
                .or_default() += 1;
        }
    }
    let twice: Vec<_> = sent.iter().filter(|(_, k)| **k > 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    assert!(sent.len() >= answered.len(), "{} sent", sent.len());
    assert!(
        per_node.iter().filter(|n| **n > 0).count() >= 2,
        "the outbox was sent by one node only: {per_node:?}"
    );

    // ---- the database restarted under load: 503 while it is down, nothing
    // answered lost, service resumes by itself.
    let live: Vec<String> = nodes.iter().map(|n| n.base.clone()).collect();
    let outcome: Arc<Mutex<Vec<Sent>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    std::thread::scope(|s| {
        for c in 0..4 {
            let (live, outcome, admin, stop) = (&live, outcome.clone(), &admin, stop.clone());
            s.spawn(move || {
                let ag = agent();
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let key = format!("restart-{c}-{i:04}");
                    let base = &live[(c + i) % live.len()];
                    let (st, v) = post(
                        &ag,
                        &format!("{base}/api/v1/intake"),
                        admin,
                        &key,
                        &intake_body(&key),
                    );
                    outcome.lock().unwrap().push((
                        key,
                        st,
                        v["number"].as_str().map(str::to_string),
                    ));
                    i += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
            });
        }
        std::thread::sleep(Duration::from_millis(700));
        cluster.stop().expect("the database stops");
        std::thread::sleep(Duration::from_millis(1500));
        cluster.restart().expect("the database starts again");
        std::thread::sleep(Duration::from_millis(3000));
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let outcome = std::mem::take(&mut *outcome.lock().unwrap());
    let by_status = |s: u16| outcome.iter().filter(|o| o.1 == s).count();
    assert!(by_status(503) > 0, "no request saw the database down");
    let odd: Vec<_> = outcome
        .iter()
        .filter(|o| o.1 != 201 && o.1 != 503)
        .collect();
    assert!(odd.is_empty(), "answers other than 201 and 503: {odd:?}");
    // The last requests succeeded: the nodes reconnected by themselves.
    assert_eq!(
        outcome.last().map(|o| o.1),
        Some(201),
        "{:?}",
        outcome.last()
    );
    // Every ticket answered 201 is on every node (each within its follow delay).
    let ok: Vec<(&String, &String)> = outcome
        .iter()
        .filter(|o| o.1 == 201)
        .map(|o| (&o.0, o.2.as_ref().unwrap()))
        .collect();
    for base in &live {
        eventually(Duration::from_secs(5), "every answered ticket kept", || {
            let listed: HashSet<String> = staff_list(&a, base, &admin).into_iter().collect();
            match ok.iter().find(|(_, n)| !listed.contains(*n)) {
                None => Ok(()),
                Some((key, n)) => Err(format!("{base}: {n} ({key}) answered 201 and not listed")),
            }
        });
    }
    eprintln!(
        "nodes: {} intakes over 3 nodes; the lead changed in {took_over:?}; breaches at most {late} s late; outbox {} notifications sent by nodes {per_node:?}; database restart: {} answered, {} refused with 503",
        answered.len(),
        sent.len(),
        by_status(201),
        by_status(503)
    );
    drop(nodes);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The restarted node lists every ticket, with the SLA events recorded while it
/// was down.
fn bases_replace(
    nodes: &[Server],
    i: usize,
    a: &ureq::Agent,
    admin: &str,
    answered: &[(String, String)],
    reader: &str,
) {
    let base = &nodes[i].base;
    let listed: HashSet<String> = staff_list(a, base, admin).into_iter().collect();
    for (_, n) in answered {
        assert!(listed.contains(n), "the restarted node lacks {n}");
    }
    let n = &answered[answered.len() / 2].1;
    let mine = get(a, &format!("{base}/api/v1/tickets/{n}"), Some(admin)).1["timeline"].clone();
    let theirs = get(a, &format!("{reader}/api/v1/tickets/{n}"), Some(admin)).1["timeline"].clone();
    assert_eq!(mine, theirs, "{n} differs on the restarted node");
}
