//! `cargo xtask wasm-cases`: random calendars and instants with the native core's
//! answers, for the Node test that checks the WebAssembly build gives the same ones
//! (`wasm/tests/agreement.test.mjs`). The generators are `loket_core::testing`, the
//! same as the property tests'.

use loket_core::testing;
use loket_core::{Boundary, Calendar, CalendarSpec, OpDuration, Timestamp};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value};

/// Zones of the browser build that the generated calendars use.
const ZONES: &[&str] = &[
    "Asia/Jakarta",
    "Asia/Jayapura",
    "UTC",
    "Europe/Berlin",
    "America/New_York",
];

pub fn write(
    calendars: usize,
    per_calendar: usize,
    seed: u64,
) -> Result<std::path::PathBuf, String> {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    );
    let specs =
        (testing::calendar_spec(), proptest::sample::select(ZONES)).prop_map(|(mut s, z)| {
            s.timezone = z.to_string();
            s
        });
    let mut out = Vec::new();
    while out.len() < calendars {
        let spec: CalendarSpec = specs
            .new_tree(&mut runner)
            .map_err(|e| e.to_string())?
            .current();
        let Ok(cal) = Calendar::new(spec.clone()) else {
            continue;
        };
        let inputs = (
            proptest::collection::vec(testing::instant(&cal, 2024, 2026), 2),
            testing::duration(60 * 3600, 15),
            testing::boundary(),
        );
        let mut cases = Vec::new();
        for _ in 0..per_calendar {
            let (ts, d, b) = inputs
                .new_tree(&mut runner)
                .map_err(|e| e.to_string())?
                .current();
            cases.push(case(&cal, ts[0], ts[1], d, b));
        }
        let spec_json = serde_json::to_value(&spec).map_err(|e| e.to_string())?;
        out.push(json!({ "calendar": spec_json, "cases": cases }));
    }
    let path = crate::wasm::root().join("target/npm/agreement-cases.json");
    std::fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
    let doc = json!({ "seed": seed, "calendars": out });
    std::fs::write(&path, serde_json::to_string(&doc).unwrap_or_default())
        .map_err(|e| e.to_string())?;
    eprintln!(
        "wrote {} calendars × {} cases to {}",
        calendars,
        per_calendar,
        path.display()
    );
    Ok(path)
}

fn answer<T: serde::Serialize>(r: Result<T, loket_core::Error>) -> Value {
    match r {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "error": e.code() }),
    }
}

fn case(cal: &Calendar, a: Timestamp, b: Timestamp, d: OpDuration, boundary: Boundary) -> Value {
    let tz = cal.timezone();
    let bname = match boundary {
        Boundary::Closing => "closing",
        Boundary::Opening => "opening",
    };
    json!({
        "a": a.to_rfc3339(tz),
        "b": b.to_rfc3339(tz),
        "duration": d.to_string(),
        "boundary": bname,
        "add": answer(cal.add(a, d, boundary).map(|r| r.value.to_rfc3339(tz))),
        "sub": answer(cal.sub(a, d, boundary).map(|r| r.value.to_rfc3339(tz))),
        "between": answer(cal.between(a, b).map(|r| r.value)),
        "isOpen": answer(cal.is_open(a)),
        "nextOpening": answer(cal.next_opening(a).map(|o| o.map(|t| t.to_rfc3339(tz)))),
    })
}
