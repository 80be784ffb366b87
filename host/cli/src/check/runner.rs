//! Running one law under proptest: the seeded generator of its cases, the runner's
//! fixed configuration, the progress line on stderr, and the verdict.

use std::cell::{Cell, RefCell};
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};

use loket_core::laws::{self, Checked, LawResult};
use loket_core::Lang;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};

use super::counterexample::{render_case, Side};
use super::{Ctx, Outcome, Verdict};

/// A law that failed: its violation, or a panic of the engine.
pub(super) enum Failure {
    /// The law's own account of what did not hold.
    Violation(laws::Violation),
    /// The message of a panic.
    Panic(String),
}

/// Runs one case of a law, turning a panic into a [`Failure`].
fn run_checked(check: impl FnOnce() -> LawResult) -> Result<Checked, Failure> {
    match catch_unwind(AssertUnwindSafe(check)) {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(v)) => Err(Failure::Violation(v)),
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".into());
            Err(Failure::Panic(msg))
        }
    }
}

// ---- seeds ----

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a: a hash of the law's name that is the same on every platform and version.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The generator of a law's cases: ChaCha seeded with 32 bytes of splitmix64 from
/// the run's seed and the law's name.
fn rng_for(seed: u64, law: &str) -> TestRng {
    let mut state = seed ^ fnv1a(law);
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(8) {
        chunk.copy_from_slice(&splitmix64(&mut state).to_le_bytes());
    }
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

/// The runner's configuration: `cases` cases, nothing read from the environment.
fn config(cases: u32) -> Config {
    // Everything that could make a run differ from its replay is fixed here rather
    // than read from PROPTEST_* variables; nothing is written to disk.
    Config {
        cases,
        failure_persistence: None,
        source_file: None,
        test_name: None,
        fork: false,
        timeout: 0,
        max_shrink_time: 0,
        max_shrink_iters: 100_000,
        max_local_rejects: 65_536,
        max_global_rejects: 1024,
        max_flat_map_regens: 1_000_000,
        result_cache: proptest::test_runner::noop_result_cache,
        verbose: 0,
        rng_algorithm: RngAlgorithm::ChaCha,
        ..Config::default()
    }
}

// ---- progress ----

/// `add_is_monotone_in_t … 1000/1000` on stderr: updated in place on a terminal, one
/// line per law otherwise.
struct Progress<'w> {
    err: &'w mut dyn Write,
    terminal: bool,
    law: &'static str,
    total: u32,
    step: u32,
}

impl Progress<'_> {
    fn tick(&mut self, n: u32) {
        if self.terminal && (n % self.step == 0 || n == self.total) {
            let _ = write!(self.err, "\r\x1b[2K{} … {n}/{}", self.law, self.total);
            let _ = self.err.flush();
        }
    }

    fn shrinking(&mut self, n: u32, lang: Lang) {
        if self.terminal {
            let _ = write!(
                self.err,
                "\r\x1b[2K{} … {n}/{} {}",
                self.law,
                self.total,
                lang.pick("gagal, memperkecil contoh…", "failed, shrinking…")
            );
            let _ = self.err.flush();
        }
    }

    fn finish(&mut self, n: u32, suffix: &str) {
        if self.terminal {
            let _ = write!(self.err, "\r\x1b[2K");
        }
        let _ = writeln!(self.err, "{} … {n}/{}{suffix}", self.law, self.total);
    }
}

// ---- running one law ----

/// Runs `check` on `cases` values of `strategy`; on failure, renders the shrunk value
/// with the computations `sides` names.
pub(super) fn run_law<S>(
    ctx: &Ctx<'_>,
    err: &mut dyn Write,
    law: &'static str,
    strategy: S,
    check: impl Fn(&S::Value) -> LawResult,
    sides: impl Fn(&S::Value) -> Vec<(&'static str, Side)>,
) -> Outcome
where
    S: Strategy,
{
    let lang = ctx.lang;
    let mut runner = TestRunner::new_with_rng(config(ctx.cases), rng_for(ctx.seed, law));
    let held = Cell::new(0u32);
    let na = Cell::new(0u32);
    let na_reason: RefCell<Option<String>> = RefCell::new(None);
    let failed = Cell::new(false);
    let progress = RefCell::new(Progress {
        err,
        terminal: ctx.terminal,
        law,
        total: ctx.cases,
        step: (ctx.cases / 100).max(1),
    });
    let result = runner.run(&strategy, |v| {
        let r = run_checked(|| check(&v));
        // Calls after the first failure are proptest shrinking it: not counted.
        if !failed.get() {
            match &r {
                Ok(Checked::Held) => held.set(held.get() + 1),
                Ok(Checked::NotApplicable(why)) => {
                    na.set(na.get() + 1);
                    na_reason.borrow_mut().get_or_insert_with(|| why.clone());
                }
                Err(_) => failed.set(true),
            }
            let n = held.get() + na.get();
            let mut p = progress.borrow_mut();
            if failed.get() {
                p.shrinking(n, lang);
            } else {
                p.tick(n);
            }
        }
        match r {
            Ok(_) => Ok(()),
            Err(Failure::Violation(v)) => Err(TestCaseError::fail(v.to_string())),
            Err(Failure::Panic(m)) => Err(TestCaseError::fail(m)),
        }
    });
    let (held, na) = (held.get(), na.get());
    let mut progress = progress.into_inner();
    let verdict = match result {
        Ok(()) => {
            progress.finish(held + na, "");
            Verdict::Passed {
                held,
                na,
                na_reason: na_reason.into_inner(),
            }
        }
        Err(TestError::Fail(reason, value)) => {
            progress.finish(held + na, lang.pick(" GAGAL", " FAILED"));
            let failure = match run_checked(|| check(&value)) {
                Err(f) => f,
                // Cannot happen (the laws are deterministic), but say so if it does.
                Ok(_) => Failure::Panic(format!(
                    "the shrunk case held when run again; proptest said: {reason}"
                )),
            };
            Verdict::Failed {
                held,
                na,
                case: Box::new(render_case(ctx, law, failure, &sides(&value))),
            }
        }
        Err(TestError::Abort(reason)) => {
            progress.finish(held + na, lang.pick(" DIHENTIKAN", " ABORTED"));
            Verdict::Aborted(reason.to_string())
        }
    };
    Outcome { law, verdict }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_differ_by_law_and_run() {
        let mut a = rng_for(1, "x");
        let mut b = rng_for(1, "y");
        let mut c = rng_for(2, "x");
        let mut a2 = rng_for(1, "x");
        let (x, y, z) = (a.next_u64(), b.next_u64(), c.next_u64());
        assert_ne!(x, y);
        assert_ne!(x, z);
        assert_eq!(x, a2.next_u64());
    }
}
