//! Crash test of `loket serve` (issue 6): a child `loket serve` under concurrent
//! intake is killed with SIGKILL mid-load and restarted on the same data directory.
//! Every ticket whose intake was answered must be there with all its events, none
//! twice, each idempotency key must stand for at most one ticket, and numbering must
//! continue without reuse.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::BufRead;

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Client threads sending intakes.
const CLIENTS: usize = 16;
/// How long the load runs before the kill.
const LOAD: Duration = Duration::from_millis(1500);

mod node;

use node::*;

/// The token the intake is sent with (the admin's: staff may take messages in).
static INTAKE_TOKEN: Mutex<String> = Mutex::new(String::new());

/// The body of the intake with idempotency key `key` (its text names the key, so the
/// stored ticket can be traced back to it).
fn intake_body(key: &str) -> String {
    json!({
        "channel": "email",
        "application": "e-planning",
        "subject": format!("Gagal simpan RKA {key}"),
        "body": format!("Tombol simpan di menu RKA tidak berfungsi. Ref {key}."),
        "reporter": {"email": format!("{key}@opd.jatengprov.go.id")},
    })
    .to_string()
}

/// `POST /api/v1/intake` with an idempotency key: the status and the JSON answer, or
/// the transport error.
fn post_intake(agent: &ureq::Agent, base: &str, key: &str) -> Result<(u16, Value), ureq::Error> {
    let token = INTAKE_TOKEN.lock().unwrap().clone();
    let mut r = agent
        .post(format!("{base}/api/v1/intake"))
        .header("Authorization", format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .send(intake_body(key).as_bytes())?;
    let status = r.status().as_u16();
    let v: Value = serde_json::from_str(&r.body_mut().read_to_string()?).unwrap_or(Value::Null);
    Ok((status, v))
}

/// An answered intake.
#[derive(Debug, Clone)]
struct Answered {
    key: String,
    number: String,
    access_key: String,
}

#[test]
fn sigkill_mid_load_loses_no_answered_ticket_and_duplicates_none() {
    crash_test("data", None);
}

/// The same on a PostgreSQL store (a throwaway cluster of Debian's server).
#[test]
fn sigkill_mid_load_on_postgres_loses_no_answered_ticket_and_duplicates_none() {
    let cluster = loket_store::testing::Cluster::start().expect("a PostgreSQL cluster");
    let url = cluster.create_db("crash").expect("a database");
    crash_test("pg", Some(&url));
}

/// One store's crash test at a time (the tests share the intake token).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn crash_test(name: &str, store: Option<&str>) {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let data = fresh_dir(name);
    let plugins = fresh_dir(&format!("{name}-plugins"));
    let admin = admin_token(&data, store);
    *INTAKE_TOKEN.lock().unwrap() = admin.clone();

    // ---- first run: load, then SIGKILL mid-load.
    let mut server = Server::start(&data, store, &plugins, &data.with_extension("1.log"));
    let base = server.base.clone();
    let answered: Arc<Mutex<Vec<Answered>>> = Arc::default();
    // Keys sent without an answer (in flight at the kill, or refused after it).
    let unanswered: Arc<Mutex<Vec<String>>> = Arc::default();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (base, answered, unanswered) = (base.clone(), answered.clone(), unanswered.clone());
            std::thread::spawn(move || {
                let a = agent();
                let mut i = 0;
                // Sends until the kill: the request that fails is the one in flight
                // (or, for a client between two requests, one sent after the kill).
                loop {
                    let key = format!("crash-{c:02}-{i:06}");
                    i += 1;
                    match post_intake(&a, &base, &key) {
                        Ok((201, v)) => {
                            assert_eq!(v["outcome"], "accepted", "{v}");
                            assert_eq!(v["duplicate"], false, "{v}");
                            answered.lock().unwrap().push(Answered {
                                number: v["number"].as_str().expect("number").into(),
                                access_key: v["accessKey"].as_str().expect("accessKey").into(),
                                key,
                            });
                        }
                        Ok((s, v)) => panic!("intake {key}: {s} {v}"),
                        Err(_) => {
                            unanswered.lock().unwrap().push(key);
                            break;
                        }
                    }
                }
            })
        })
        .collect();

    // Wait for the load to run, then look at a few tickets as the service shows them
    // before the crash.
    let started = Instant::now();
    while answered.lock().unwrap().len() < 50 && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let reader = agent();
    let samples: Vec<Answered> = answered.lock().unwrap().iter().take(10).cloned().collect();
    assert!(
        !samples.is_empty(),
        "no intake was answered before the kill"
    );
    let before: BTreeMap<String, Value> = samples
        .iter()
        .map(|a| {
            let (s, v) = get(
                &reader,
                &format!("{base}/api/v1/tickets/{}", a.number),
                Some(&admin),
            );
            assert_eq!(s, 200, "{v}");
            (a.number.clone(), v["timeline"].clone())
        })
        .collect();
    if let Some(left) = LOAD.checked_sub(started.elapsed()) {
        std::thread::sleep(left);
    }
    let failed_before_kill = unanswered.lock().unwrap().clone();
    assert!(
        failed_before_kill.is_empty(),
        "intakes failed before the kill: {failed_before_kill:?}"
    );
    server.kill();
    for c in clients {
        c.join().expect("client thread");
    }
    let answered = std::mem::take(&mut *answered.lock().unwrap());
    let unanswered = std::mem::take(&mut *unanswered.lock().unwrap());
    assert_eq!(
        unanswered.len(),
        CLIENTS,
        "every client's last request goes unanswered"
    );
    assert!(
        answered.len() >= 50,
        "only {} intakes answered",
        answered.len()
    );
    // Answers were unique while the service ran.
    let numbers: HashSet<&str> = answered.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(numbers.len(), answered.len(), "one number answered twice");

    // ---- restart on the same data directory.
    let server = Server::start(&data, store, &plugins, &data.with_extension("2.log"));
    let base = server.base.clone();
    let a = agent();

    // Nothing answered is lost, and nothing is there twice.
    let listed = staff_list(&a, &base, &admin);
    let listed_set: HashSet<&str> = listed.iter().map(String::as_str).collect();
    assert_eq!(listed_set.len(), listed.len(), "a ticket is listed twice");
    for x in &answered {
        assert!(
            listed_set.contains(x.number.as_str()),
            "answered ticket {} lost",
            x.number
        );
    }
    // At most one ticket per key: the answered ones plus at most the unanswered ones.
    assert!(
        listed.len() <= answered.len() + unanswered.len(),
        "{} tickets from {} answered + {} unanswered keys",
        listed.len(),
        answered.len(),
        unanswered.len()
    );
    let (_, health) = get(&a, &format!("{base}/health"), None);
    assert_eq!(
        health["tickets"].as_u64(),
        Some(listed.len() as u64),
        "{health}"
    );

    // The tickets seen before the crash are as they were: same events, same times.
    for (number, timeline) in &before {
        let (s, v) = get(&a, &format!("{base}/api/v1/tickets/{number}"), Some(&admin));
        assert_eq!(s, 200, "{v}");
        assert_eq!(
            &v["timeline"], timeline,
            "ticket {number} changed across the crash"
        );
    }
    let expected_events = event_names(&json!({"timeline": before.values().next().unwrap()}));
    assert_eq!(
        expected_events.first().map(String::as_str),
        Some("received")
    );
    assert!(
        expected_events.len() >= 2,
        "no routing events: {expected_events:?}"
    );

    // Every answered ticket: the reporter's status with its access key, and its
    // complete timeline (received, then the routing of the same message), tracing
    // back to its own key.
    par_each(&answered, |ag, x| {
        let (s, v) = get(
            ag,
            &format!("{base}/api/v1/status/{}?key={}", x.number, x.access_key),
            None,
        );
        assert_eq!(s, 200, "status of {}: {v}", x.number);
        assert_eq!(v["number"], x.number.as_str());
        let (s, v) = get(
            ag,
            &format!("{base}/api/v1/tickets/{}", x.number),
            Some(&admin),
        );
        assert_eq!(s, 200, "ticket {}: {v}", x.number);
        assert_eq!(
            event_names(&v),
            expected_events,
            "events of {} ({})",
            x.number,
            x.key
        );
        let body = v["ticket"]["body"].as_str().unwrap_or("");
        assert!(
            body.contains(&format!("Ref {}.", x.key)),
            "{} is not the ticket of {}: {body}",
            x.number,
            x.key
        );
    });

    // Retried keys: an answered one returns its ticket, marked duplicate; an
    // unanswered one makes its ticket now or returns the one made before the crash,
    // and a second retry of it returns the same.
    let mut by_key: HashMap<String, String> = HashMap::new();
    for x in answered.iter().step_by((answered.len() / 40).max(1)) {
        let (s, v) = post_intake(&a, &base, &x.key).expect("retry");
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["duplicate"], true, "{v}");
        assert_eq!(
            v["number"],
            x.number.as_str(),
            "retry of {} got another ticket",
            x.key
        );
    }
    for x in &answered {
        by_key.insert(x.key.clone(), x.number.clone());
    }
    let mut made_before_crash = 0;
    for key in &unanswered {
        let (s, v) = post_intake(&a, &base, key).expect("retry");
        assert!(s == 200 || s == 201, "{s} {v}");
        assert_eq!(v["duplicate"], s == 200, "{v}");
        let number = v["number"].as_str().expect("number").to_string();
        if s == 200 {
            made_before_crash += 1;
            assert!(
                listed_set.contains(number.as_str()),
                "{number} was not listed"
            );
        } else {
            assert!(!listed_set.contains(number.as_str()), "{number} reused");
        }
        let (s2, v2) = post_intake(&a, &base, key).expect("second retry");
        assert_eq!(
            (s2, &v2["duplicate"], &v2["number"]),
            (200, &json!(true), &json!(number))
        );
        assert!(by_key.insert(key.clone(), number).is_none());
    }
    // Every listed ticket belongs to exactly one key: the answered ones and those
    // in flight whose commit made it to disk.
    assert_eq!(
        listed.len(),
        answered.len() + made_before_crash,
        "a ticket without its key"
    );
    let distinct: HashSet<&String> = by_key.values().collect();
    assert_eq!(distinct.len(), by_key.len(), "two keys share a ticket");

    // Numbering continues after the restart: a new intake gets the next number.
    let max = listed.iter().map(|n| year_seq(n)).max().expect("tickets");
    let (s, v) = post_intake(&a, &base, "crash-after-restart").expect("intake");
    assert_eq!(s, 201, "{v}");
    let n = v["number"].as_str().expect("number");
    let all: HashSet<&String> = by_key.values().collect();
    assert!(!all.contains(&n.to_string()), "{n} reused");
    let (year, seq) = year_seq(n);
    if year == max.0 {
        let new_in_retries = unanswered.len() - made_before_crash;
        let next = max.1 as usize + new_in_retries + 1;
        if store.is_none() {
            assert_eq!(seq as usize, next, "{n} after {max:?}");
        } else {
            // A server's sequence skips the numbers of batches that never
            // committed (in flight at the kill): never reused, maybe not next.
            assert!(seq as usize >= next, "{n} after {max:?}");
        }
    }
    let total = staff_list(&a, &base, &admin).len();
    assert_eq!(total, answered.len() + unanswered.len() + 1);
    eprintln!(
        "crash test: {} answered, {} in flight at the kill ({} of them committed), events {expected_events:?}, next number {n}",
        answered.len(),
        unanswered.len(),
        made_before_crash
    );
    drop(server);
    let _ = std::fs::remove_file(data.with_extension("1.log"));
    let _ = std::fs::remove_file(data.with_extension("2.log"));
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&plugins);
}

/// Issue 11, finding 9: `loket serve --log-format json` writes one JSON object per
/// line, each request with its id, and never a query, a body, a token or a contact.
#[test]
fn logs_are_json_lines_with_request_ids_and_no_personal_data() {
    let data = fresh_dir("logs");
    let plugins = fresh_dir("logs-plugins");
    let admin = admin_token(&data, None);
    let log = data.with_extension("json.log");
    let mut child = Command::new(LOKET)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--data",
        ])
        .arg(&data)
        .arg("--plugins")
        .arg(&plugins)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("loket serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let port = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| port_of(&l))
        .expect("an address");
    let base = format!("http://127.0.0.1:{port}");
    let a = agent();
    let email = "rahasia.pelapor@opd.jatengprov.go.id";
    let mut r = a
        .post(format!("{base}/api/v1/intake"))
        .header("Authorization", format!("Bearer {admin}"))
        .header("Content-Type", "application/json")
        .send(
            json!({"channel": "email", "application": "e-planning", "body": "RKA gagal disimpan",
                   "reporter": {"email": email, "nik": "3374012345678901"}})
            .to_string()
            .as_bytes(),
        )
        .expect("intake");
    assert_eq!(r.status(), 201);
    let v: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    let (number, key) = (
        v["number"].as_str().unwrap(),
        v["accessKey"].as_str().unwrap(),
    );
    let (status, _) = get(
        &a,
        &format!("{base}/api/v1/status/{number}?key={key}"),
        None,
    );
    assert_eq!(status, 200);
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let requests: Vec<&Value> = lines
        .iter()
        .filter(|l| l["span"]["name"] == "request")
        .collect();
    assert!(
        requests
            .iter()
            .any(|l| l["span"]["path"] == "/api/v1/intake"
                && l["span"]["id"].as_str().is_some_and(|id| id.len() >= 32)),
        "no request line with an id: {text}"
    );
    for secret in [email, "3374012345678901", key, admin.as_str()] {
        assert!(!text.contains(secret), "the log holds {secret}: {text}");
    }
}
