//! Throughput of the SLA arithmetic on the default calendar (issue 2).
//!
//! `cargo bench -p loket-core --bench sla`
//!
//! Every benchmark runs one operation over the same 10,000 pseudo-random instants
//! spread uniformly over every second of 2025 in Asia/Jakarta (open and closed time,
//! weekends and holidays alike), so criterion's `thrpt` line reads directly as
//! operations per second on one core. The instants come from a tiny inline LCG with a
//! fixed seed, so every run measures the same inputs; `benches/run.sh` and
//! `benches/peers/python_peers.py` generate theirs with the same generator.
//!
//! - `add_hours/*`, `add_days/*`: `Calendar::add_instant` (the bulk fast path, no
//!   coverage check; what `loket sla batch` calls), `Boundary::Closing`.
//! - `add_checked/*`: `Calendar::add` (with the holiday-coverage check and the
//!   `Reckoning` wrapper).
//! - `between/*`: `Calendar::between_secs` and `Calendar::between` on random pairs of
//!   2025 instants (either order, so half the results are negative).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use loket_core::{Boundary, Calendar, OpDuration, Timestamp};

/// 2025-01-01T00:00:00+07:00.
const START_2025: i64 = 1_735_664_400;
/// Seconds in 2025 (not a leap year; Asia/Jakarta has no DST).
const YEAR_2025: u64 = 365 * 86_400;
/// Instants per benchmark iteration.
const N: usize = 10_000;
/// The seed shared with `benches/run.sh` and `benches/peers/python_peers.py`.
const SEED: u64 = 0x0001_0CE7_2025;

/// Knuth's MMIX LCG; the high 31 bits are used (the low bits of an LCG are weak).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A second of 2025 (Jakarta), uniformly (up to a negligible modulo bias).
    fn instant(&mut self) -> Timestamp {
        Timestamp::from_unix(START_2025 + (self.next() % YEAR_2025) as i64)
    }
}

fn instants(n: usize, seed: u64) -> Vec<Timestamp> {
    let mut g = Lcg(seed);
    (0..n).map(|_| g.instant()).collect()
}

/// The first instant for `SEED`, as `benches/gen_instants.py` also asserts
/// (2025-04-22T22:10:27+07:00).
const FIRST: i64 = 1_745_334_627;

fn config() -> Criterion {
    assert_eq!(
        instants(1, SEED)[0].unix(),
        FIRST,
        "LCG drifted from gen_instants.py"
    );
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args()
}

fn add_instant(c: &mut Criterion) {
    let cal = Calendar::jatengprov();
    let ts = instants(N, SEED);
    for (group, cases) in [
        (
            "add_hours",
            [
                ("8h30m", OpDuration::Seconds(8 * 3600 + 1800)),
                ("3h", OpDuration::Seconds(3 * 3600)),
            ],
        ),
        (
            "add_days",
            [("1d", OpDuration::Days(1)), ("10d", OpDuration::Days(10))],
        ),
    ] {
        let mut g = c.benchmark_group(group);
        g.throughput(Throughput::Elements(N as u64));
        for (name, d) in cases {
            // Sanity: every input is inside the horizon and has a result.
            assert!(ts
                .iter()
                .all(|&t| cal.add_instant(t, d, Boundary::Closing).is_ok()));
            g.bench_with_input(BenchmarkId::from_parameter(name), &d, |b, &d| {
                b.iter(|| {
                    let mut acc = 0i64;
                    for &t in black_box(&ts) {
                        acc ^= cal.add_instant(t, d, Boundary::Closing).unwrap().unix();
                    }
                    acc
                })
            });
        }
        g.finish();
    }
}

fn add_checked(c: &mut Criterion) {
    let cal = Calendar::jatengprov();
    let ts = instants(N, SEED);
    let mut g = c.benchmark_group("add_checked");
    g.throughput(Throughput::Elements(N as u64));
    for (name, d) in [
        ("8h30m", OpDuration::Seconds(8 * 3600 + 1800)),
        ("10d", OpDuration::Days(10)),
    ] {
        g.bench_with_input(BenchmarkId::from_parameter(name), &d, |b, &d| {
            b.iter(|| {
                let mut acc = 0i64;
                for &t in black_box(&ts) {
                    let r = cal.add(t, d, Boundary::Closing).unwrap();
                    acc ^= r.value.unix() ^ r.uncovered_years.len() as i64;
                }
                acc
            })
        });
    }
    g.finish();
}

fn between(c: &mut Criterion) {
    let cal = Calendar::jatengprov();
    let pairs: Vec<(Timestamp, Timestamp)> = instants(N, SEED)
        .into_iter()
        .zip(instants(N, SEED ^ 0xB7E7))
        .collect();
    let mut g = c.benchmark_group("between");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("secs", |b| {
        b.iter(|| {
            let mut acc = 0i64;
            for &(a, z) in black_box(&pairs) {
                acc = acc.wrapping_add(cal.between_secs(a, z).unwrap());
            }
            acc
        })
    });
    g.bench_function("checked", |b| {
        b.iter(|| {
            let mut acc = 0i64;
            for &(a, z) in black_box(&pairs) {
                acc = acc.wrapping_add(cal.between(a, z).unwrap().value);
            }
            acc
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = add_instant, add_checked, between
}
criterion_main!(benches);
