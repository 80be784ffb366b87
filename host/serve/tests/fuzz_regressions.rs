//! The fuzzing campaign's inputs on stable, in the ordinary `cargo test`: every
//! committed seed (`fuzz/seeds/<target>/`) and every crasher kept from the campaign
//! (`fuzz/regressions/<target>/`) runs through the same target body the fuzzer runs
//! (`fuzz/src/lib.rs`, included here). See SECURITY.md.

#[path = "../../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod harness;

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut v = Vec::new();
    for kind in ["seeds", "regressions"] {
        if let Ok(dir) = std::fs::read_dir(fuzz.join(kind).join(target)) {
            v.extend(dir.filter_map(|e| e.ok().map(|e| e.path())));
        }
    }
    v.retain(|p| p.is_file());
    v.sort();
    v
}

fn check(target: &str) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no seeds for {target}");
    let mut failed = Vec::new();
    for f in &files {
        let data = std::fs::read(f).unwrap();
        let ok = std::panic::catch_unwind(|| assert!(harness::run(target, &data))).is_ok();
        if !ok {
            failed.push(f.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{target}: these inputs fail: {failed:#?}"
    );
}

#[test]
fn every_target_has_a_test() {
    assert_eq!(harness::TARGETS.len(), 10);
}

/// A brief, blind version of the campaign that runs on stable in every `cargo test`:
/// each target on random mutations of its seeds (bytes flipped, inserted, removed,
/// spliced from another seed). Not coverage-guided like libFuzzer; a smoke test of
/// the target bodies. `LOKET_SEED` replays a run; `LOKET_FUZZ_MUTATIONS` sets how
/// many inputs per target (default 300).
#[test]
fn targets_survive_mutated_seeds() {
    let seed: u64 = std::env::var("LOKET_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs())
        });
    let n: usize = std::env::var("LOKET_FUZZ_MUTATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    // xorshift64*: deterministic from the seed.
    let mut state = seed | 1;
    let mut next = move |below: usize| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) % below.max(1) as u64) as usize
    };
    for target in harness::TARGETS {
        let seeds: Vec<Vec<u8>> = inputs(target)
            .iter()
            .map(|f| std::fs::read(f).unwrap())
            .collect();
        for _ in 0..n {
            let mut data = seeds[next(seeds.len())].clone();
            for _ in 0..1 + next(8) {
                let at = next(data.len() + 1);
                match next(4) {
                    0 if at < data.len() => data[at] ^= 1 << next(8),
                    1 => data.insert(at, next(256) as u8),
                    2 if at < data.len() => {
                        data.remove(at);
                    }
                    _ => {
                        let other = &seeds[next(seeds.len())];
                        let from = next(other.len());
                        let len = next(other.len() - from + 1).min(64);
                        data.splice(at..at, other[from..from + len].iter().copied());
                    }
                }
            }
            let ok = std::panic::catch_unwind(|| harness::run(target, &data)).is_ok();
            assert!(
                ok,
                "{target} panicked on a mutated seed (replay with LOKET_SEED={seed}); input: {:?}",
                String::from_utf8_lossy(&data)
            );
        }
    }
}

#[test]
fn whatsapp() {
    check("whatsapp");
}

#[test]
fn email() {
    check("email");
}

#[test]
fn intake_json() {
    check("intake_json");
}

#[test]
fn event_json() {
    check("event_json");
}

#[test]
fn config() {
    check("config");
}

#[test]
fn time() {
    check("time");
}

#[test]
fn plugin_output() {
    check("plugin_output");
}

#[test]
fn survey_json() {
    check("survey_json");
}
