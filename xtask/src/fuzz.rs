//! `cargo xtask fuzz [--time S | --runs N] [--sanitizer S] [TARGET…]`: the fuzzing
//! campaign of SECURITY.md, rerun.
//!
//! Installs what it needs when missing (the nightly toolchain with rustup, `cargo-fuzz`
//! with `cargo install --locked`), then runs each target of `fuzz/` in turn (one
//! fuzzing process at a time) for `S` seconds (default 60) or `N` executions, on its
//! working corpus `fuzz/corpus/<target>/` (not committed) grown from the committed
//! seeds `fuzz/seeds/<target>/` and the kept crashers `fuzz/regressions/<target>/`.
//! Afterwards every input of the corpus is run once more, alone, to find the slowest
//! one. Prints per target: executions, executions per second, time, coverage
//! (libFuzzer's `cov` and `ft`), corpus size, slowest input; fails on a crash, a
//! timeout, an out-of-memory or an input slower than 100 ms, naming the artifact to
//! keep in `fuzz/regressions/<target>/`.
//!
//! Built with `-s none` (no AddressSanitizer: the project denies `unsafe_code`, and the
//! sanitizer halves the executions per second) and `-O`, with debug assertions and
//! overflow checks on (an overflow is a crash) through `fuzz/Cargo.toml`'s release
//! profile, which leaves out mail-parser's own debug assertions. Without `-O`,
//! cargo-fuzz turns debug assertions on for every crate through `RUSTFLAGS`, which
//! overrides that per-package setting.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The targets, in campaign order (as `fuzz/src/lib.rs` names them).
pub const TARGETS: &[&str] = &[
    "whatsapp",
    "email",
    "intake_json",
    "event_json",
    "config",
    "time",
    "plugin_output",
    "survey_json",
    "skm_csv",
    "export",
];

/// The slowest single input a target may have (milliseconds).
const SLOW_MS: u64 = 100;

struct Options {
    time: u64,
    runs: Option<u64>,
    sanitizer: String,
    targets: Vec<String>,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        time: 60,
        runs: None,
        sanitizer: "none".into(),
        targets: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--time" => {
                o.time = value("--time")?
                    .parse()
                    .map_err(|_| "--time takes whole seconds".to_string())?
            }
            "--runs" => {
                o.runs = Some(
                    value("--runs")?
                        .parse()
                        .map_err(|_| "--runs takes a number".to_string())?,
                )
            }
            "--sanitizer" => o.sanitizer = value("--sanitizer")?,
            t if TARGETS.contains(&t) => o.targets.push(t.to_string()),
            other => {
                return Err(format!(
                    "unknown argument `{other}`\nusage: cargo xtask fuzz [--time S | --runs N] [--sanitizer none|address] [TARGET…]\ntargets: {}",
                    TARGETS.join(" ")
                ))
            }
        }
    }
    if o.targets.is_empty() {
        o.targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    Ok(o)
}

/// `cargo +nightly …` with the outer (stable) cargo's environment removed.
fn nightly_cargo(dir: &Path) -> Command {
    let mut c = Command::new("cargo");
    c.arg("+nightly")
        .current_dir(dir)
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .env_remove("RUSTDOC")
        .env_remove("RUSTC_WRAPPER")
        .env("CARGO_TARGET_DIR", dir.join("target"));
    c
}

fn succeeds(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Installs the nightly toolchain and cargo-fuzz when missing.
pub fn ensure_tools() -> Result<(), String> {
    let root = crate::wasm::root();
    if !succeeds(nightly_cargo(&root).arg("--version")) {
        crate::run(
            "rustup toolchain install nightly",
            Command::new("rustup").args([
                "toolchain",
                "install",
                "nightly",
                "--profile",
                "minimal",
            ]),
        )?;
    }
    if !succeeds(nightly_cargo(&root).args(["fuzz", "--version"])) {
        crate::run(
            "cargo install cargo-fuzz",
            Command::new("cargo").env_remove("RUSTUP_TOOLCHAIN").args([
                "install",
                "cargo-fuzz",
                "--locked",
            ]),
        )?;
    }
    Ok(())
}

/// What one run of a target measured.
#[derive(Default)]
struct Stats {
    executions: u64,
    exec_per_sec: u64,
    seconds: f64,
    cov: u64,
    ft: u64,
    corpus: u64,
    slowest_ms: u64,
    slowest: String,
}

/// The number after `key` in a libFuzzer line (`cov: 1234`, `stat::… : 5`).
fn number_after(line: &str, key: &str) -> Option<u64> {
    let rest = &line[line.find(key)? + key.len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

pub fn fuzz(args: &[String]) -> Result<(), String> {
    let o = options(args)?;
    ensure_tools()?;
    let dir = crate::wasm::root().join("fuzz");
    crate::run(
        "cargo fuzz build",
        nightly_cargo(&dir).args(["fuzz", "build", "-O", "-s", &o.sanitizer]),
    )?;
    let mut all = Vec::new();
    let mut failures = Vec::new();
    for t in &o.targets {
        match run_target(&dir, t, &o) {
            Ok(s) => all.push((t.clone(), s)),
            Err(e) => {
                eprintln!("xtask fuzz: {t}: {e}");
                failures.push(format!("{t}: {e}"));
            }
        }
    }
    println!(
        "\n{:<14} {:>12} {:>9} {:>8} {:>6} {:>7} {:>7} {:>9}  slowest input",
        "target", "executions", "exec/s", "time s", "cov", "ft", "corpus", "slowest"
    );
    for (t, s) in &all {
        println!(
            "{:<14} {:>12} {:>9} {:>8.0} {:>6} {:>7} {:>7} {:>6} ms  {}",
            t,
            s.executions,
            s.exec_per_sec,
            s.seconds,
            s.cov,
            s.ft,
            s.corpus,
            s.slowest_ms,
            s.slowest
        );
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

fn files_in(d: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(d)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.is_file());
    v.sort();
    v
}

fn run_target(dir: &Path, t: &str, o: &Options) -> Result<Stats, String> {
    let corpus = dir.join("corpus").join(t);
    std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let mut cmd = nightly_cargo(dir);
    cmd.args(["fuzz", "run", "-O", "-s", &o.sanitizer, t])
        .arg(&corpus)
        .arg(dir.join("seeds").join(t));
    let regressions = dir.join("regressions").join(t);
    if regressions.is_dir() {
        cmd.arg(&regressions);
    }
    cmd.args([
        "--",
        "-timeout=1",
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
    ]);
    match o.runs {
        Some(n) => cmd.arg(format!("-runs={n}")),
        None => cmd.arg(format!("-max_total_time={}", o.time)),
    };
    eprintln!("\n==> cargo fuzz run {t}");
    let start = Instant::now();
    let mut child = cmd
        .stderr(Stdio::piped())
        .stdout(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
    // libFuzzer reports on stderr; echo its progress, not every new corpus entry.
    let mut log = String::new();
    if let Some(err) = child.stderr.take() {
        use std::io::{BufRead, BufReader};
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let progress = [
                "INITED", "pulse", "DONE", "stat::", "slowest", "panicked", "ERROR", "error",
            ]
            .iter()
            .any(|k| line.contains(k));
            if progress || !line.starts_with('#') {
                eprintln!("{line}");
            }
            log.push_str(&line);
            log.push('\n');
        }
    }
    let status = child.wait().map_err(|e| format!("cargo fuzz: {e}"))?;
    let mut s = Stats {
        seconds: start.elapsed().as_secs_f64(),
        ..Stats::default()
    };
    for line in log.lines() {
        if line.starts_with('#') && line.contains("cov: ") {
            s.cov = number_after(line, "cov:").unwrap_or(s.cov);
            s.ft = number_after(line, "ft:").unwrap_or(s.ft);
            s.corpus = number_after(line, "corp:").unwrap_or(s.corpus);
        }
        if let Some(n) = number_after(line, "stat::number_of_executed_units:") {
            s.executions = n;
        }
        if let Some(n) = number_after(line, "stat::average_exec_per_sec:") {
            s.exec_per_sec = n;
        }
    }
    if !status.success() {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        let artifact = log
            .lines()
            .find_map(|l| l.split("Test unit written to ").nth(1))
            .unwrap_or("(none written)");
        return Err(format!(
            "the fuzzer stopped ({}): artifact {artifact}\n{}\nKeep the input: copy it to fuzz/regressions/{t}/ (host/serve/tests/fuzz_regressions.rs runs it).",
            status,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    let (ms, slowest) = slowest_input(dir, t, &corpus)?;
    s.slowest_ms = ms;
    s.slowest = slowest;
    if ms > SLOW_MS {
        return Err(format!(
            "input {} took {ms} ms (at most {SLOW_MS} ms allowed)",
            s.slowest
        ));
    }
    Ok(s)
}

/// Runs every input of the corpus alone (libFuzzer's `Executed FILE in N ms`) and
/// returns the slowest. Each run starts with an empty input, so the one-time set-up
/// (compiling the default calendar) is not counted against an input; an input over
/// [`SLOW_MS`] is run three more times and counted at its fastest (a busy machine
/// preempts a process now and then; a slow input is slow every time).
fn slowest_input(dir: &Path, t: &str, corpus: &Path) -> Result<(u64, String), String> {
    let bin = dir
        .join("target")
        .join(host_triple())
        .join("release")
        .join(t);
    let warm = std::env::temp_dir().join(format!("loket-fuzz-warm-{}", std::process::id()));
    std::fs::write(&warm, b"").map_err(|e| e.to_string())?;
    let run = |files: &[PathBuf]| -> Result<Vec<(u64, String)>, String> {
        let out = Command::new(&bin)
            .arg(&warm)
            .args(files)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        if !out.status.success() {
            return Err(format!(
                "rerunning the corpus failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let warm = warm.to_string_lossy();
        Ok(String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter_map(|l| l.strip_prefix("Executed ")?.rsplit_once(" in "))
            .filter(|(file, _)| *file != warm)
            .map(|(file, ms)| (number_after(ms, "").unwrap_or(0), file.to_string()))
            .collect())
    };
    let mut times = Vec::new();
    for chunk in files_in(corpus).chunks(2000) {
        times.extend(run(chunk)?);
    }
    times.sort();
    let mut worst = (0, String::from("-"));
    while let Some((ms, file)) = times.pop() {
        let ms = if ms > SLOW_MS {
            let again = [PathBuf::from(&file)];
            let mut best = ms;
            for _ in 0..3 {
                best = run(&again)?
                    .into_iter()
                    .map(|(m, _)| m)
                    .fold(best, u64::min);
            }
            best
        } else {
            ms
        };
        if ms >= worst.0 {
            worst = (ms, file);
        }
        if times
            .last()
            .is_none_or(|(next, _)| *next <= SLOW_MS && *next < worst.0)
        {
            break;
        }
    }
    let _ = std::fs::remove_file(&warm);
    Ok(worst)
}

fn host_triple() -> String {
    let out = Command::new("rustc").arg("-vV").output();
    out.ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        })
        .unwrap_or_else(|| "x86_64-unknown-linux-gnu".into())
}
