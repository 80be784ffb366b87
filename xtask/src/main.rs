//! `cargo xtask <task>`: the project's build and test orchestration.
//!
//! - `cargo xtask test`: everything CI runs: formatting, clippy, the whole test suite,
//!   the examples, and the core built for `wasm32-unknown-unknown` (installing the
//!   target with rustup if it is missing).
//! - `cargo xtask plugins`: the routing plugins of `plugins/` as WebAssembly
//!   components in `target/plugins/` (see `plugins.rs`).
//! - `cargo xtask serve [ARGS]`: the service desk on its embedded defaults: builds the
//!   plugins and the npm package the pages use, then runs `loket serve ARGS`.
//! - `cargo xtask fuzz [--time S] [TARGET…]`: the fuzzing campaign of SECURITY.md
//!   (nightly and cargo-fuzz, installed when missing; see `fuzz.rs`).

use std::process::{Command, ExitCode};

mod cases;
mod fuzz;
mod plugins;
mod wasm;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("wasm-check") => wasm_check(),
        Some("wasm") => wasm::build().map(|_| ()),
        Some("wasm-size") => wasm::check_budgets(),
        Some("wasm-cases") => cases::write(40, 50, seed()).map(|_| ()),
        Some("plugins") => plugins::build().and_then(|_| plugins::build_languages()),
        Some("serve") => serve(&args[1..]),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <test|serve|wasm|wasm-size|wasm-check|plugins|fuzz>\n  serve       the service desk at http://127.0.0.1:8080 (builds plugins and the npm package first)\n  test        formatting, clippy, all tests, examples, wasm build\n  fuzz        the fuzzing campaign: [--time S | --runs N] [TARGET...] (nightly, cargo-fuzz)\n  plugins     build the routing plugins into target/plugins (WebAssembly components)\n  wasm        build the npm package into target/npm/loket-wasm\n  wasm-size   the built package's entries against their gzip budgets\n  wasm-cases  random calendars with native answers for the wasm agreement test\n  wasm-check  clippy of the core and the bindings for wasm32-unknown-unknown");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `LOKET_SEED` or a seed from the clock (printed, so a run can be replayed).
fn seed() -> u64 {
    let s = std::env::var("LOKET_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs())
        });
    eprintln!("seed {s} (replay with LOKET_SEED={s})");
    s
}

/// Builds what the service loads (the plugins; the npm package for the pages, which
/// only the pages need, so its failure is reported and the desk starts anyway) and
/// runs `loket serve` in release mode.
fn serve(args: &[String]) -> Result<(), String> {
    plugins::build()?;
    if let Err(e) = wasm::build() {
        eprintln!(
            "xtask: the npm package for the pages was not built ({e}); the desk runs without it"
        );
    }
    run(
        "loket serve",
        cargo()
            .args(["run", "--release", "-p", "loket-cli", "--", "serve"])
            .args(args),
    )
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run(what: &str, cmd: &mut Command) -> Result<(), String> {
    eprintln!("\n==> {what}");
    let started = std::time::Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    took(what, started);
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

fn test() -> Result<(), String> {
    run(
        "cargo fmt --check",
        cargo().args(["fmt", "--all", "--", "--check"]),
    )?;
    run(
        "cargo clippy",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    wasm_check()?;
    // The host's plugin tests load the components built here.
    plugins::build()?;
    plugins::build_languages()?;
    let manifest = wasm::root().join("plugins/Cargo.toml");
    let manifest = manifest.to_string_lossy();
    run(
        "cargo fmt --check (plugins workspace)",
        cargo().args([
            "fmt",
            "--manifest-path",
            &manifest,
            "--all",
            "--",
            "--check",
        ]),
    )?;
    run(
        "cargo clippy (plugins workspace)",
        cargo().args([
            "clippy",
            "--manifest-path",
            &manifest,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    ensure_postgres()?;
    let mut total = Tally::default();
    let plugin_tests = run_tests(
        "cargo test (plugins workspace)",
        cargo().args(["test", "--manifest-path", &manifest]),
        &mut total,
    );
    let tests = run_tests(
        "cargo test",
        cargo().args(["test", "--workspace", "--all-targets", "--no-fail-fast"]),
        &mut total,
    );
    // The core's documentation is its newcomer's manual: no broken link, no warning.
    let rustdoc = run(
        "cargo doc -p loket-core (warnings denied)",
        cargo()
            .env("RUSTDOCFLAGS", "-D warnings")
            .args(["doc", "--no-deps", "-p", "loket-core"]),
    );
    let docs = run_tests(
        "doctests",
        cargo().args(["test", "--workspace", "--doc"]),
        &mut total,
    );
    let js = js_tests(&mut total);
    // The example as `cargo build --workspace --all-targets` (in the JavaScript
    // tests' set-up) built it: `cargo run -p loket-examples` would resolve features
    // anew and build the core a second time.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| wasm::root().join("target"), std::path::PathBuf::from);
    let examples = run(
        "examples (target/debug/examples/deadline)",
        &mut Command::new(target.join("debug/examples/deadline")),
    );
    // One closing line for the whole suite.
    println!(
        "\ncargo xtask test: {} passed, {} failed",
        total.passed, total.failed
    );
    plugin_tests
        .and(tests)
        .and(rustdoc)
        .and(examples)
        .and(docs)
        .and(js)
}

/// The npm package and its tests: Node's test runner (API, agreement with the native
/// core, the page in headless Chromium) and the TypeScript type check.
fn js_tests(total: &mut Tally) -> Result<(), String> {
    wasm::build()?;
    eprintln!("\n==> size budgets of the npm package's entries");
    wasm::check_budgets()?;
    cases::write(40, 50, seed())?;
    ensure_chromium()?;
    // staff.test.mjs runs the service itself (target/debug/loket). `cargo test` built
    // it already: the same selection and features build nothing again, where
    // `-p <one package>` would resolve features anew and rebuild the host (3 min).
    run(
        "cargo build --workspace --all-targets (target/debug/loket)",
        cargo().args(["build", "--workspace", "--all-targets"]),
    )?;
    let dir = wasm::root().join("wasm/tests");
    run(
        "npm ci (wasm/tests)",
        Command::new("npm")
            .current_dir(&dir)
            .args(["ci", "--no-audit", "--no-fund"]),
    )?;
    let node = run_tests(
        "node --test (wasm/tests)",
        Command::new("node").current_dir(&dir).arg("--test"),
        total,
    );
    let tsc = run(
        "tsc --noEmit (wasm/tests/usage.ts)",
        Command::new("npx")
            .current_dir(&dir)
            .args(["tsc", "-p", "tsconfig.json"]),
    );
    node.and(tsc).and(plugin_types_check())
}

/// A JavaScript plugin as `loket plugin new` writes it type-checks against its
/// declarations (`loket.d.ts`, generated from the routing contract) with the
/// TypeScript of wasm/tests, as an author's editor would check it.
fn plugin_types_check() -> Result<(), String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| wasm::root().join("target"), std::path::PathBuf::from);
    let scaffold = target.join("tmp/js-plugin-types");
    let _ = std::fs::remove_dir_all(&scaffold);
    run(
        "loket plugin new --language js (for the type check)",
        Command::new(target.join("debug/loket"))
            .args(["plugin", "new", "--language", "js"])
            .arg(&scaffold)
            .args(["--application", "tatapraja"]),
    )?;
    run(
        "tsc -p jsconfig.json (a scaffolded JavaScript plugin)",
        Command::new(wasm::root().join("wasm/tests/node_modules/.bin/tsc"))
            .arg("-p")
            .arg(scaffold.join("jsconfig.json")),
    )
}

/// Debian's Chromium for the browser test, installed with apt when missing (never a
/// browser download by a test tool).
fn ensure_chromium() -> Result<(), String> {
    if std::path::Path::new("/usr/bin/chromium").exists() {
        return Ok(());
    }
    apt_install("chromium")
}

/// Debian's PostgreSQL server for the tests of the server store and of several
/// nodes (they start throwaway clusters with its `initdb` and `pg_ctl`), installed
/// with apt when missing.
fn ensure_postgres() -> Result<(), String> {
    let installed = std::fs::read_dir("/usr/lib/postgresql").is_ok_and(|d| {
        d.filter_map(Result::ok)
            .any(|v| v.path().join("bin/initdb").exists())
    });
    if installed {
        return Ok(());
    }
    apt_install("postgresql")
}

fn apt_install(package: &str) -> Result<(), String> {
    run(
        "apt-get update",
        Command::new("apt-get").args(["update", "-qq"]),
    )?;
    run(
        &format!("apt-get install {package}"),
        Command::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "-qq", package]),
    )
}

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

/// Says how long a step took (CI's wall time, step by step).
fn took(what: &str, started: std::time::Instant) {
    eprintln!("<== {what}: {:.1} s", started.elapsed().as_secs_f64());
}

/// Runs a `cargo test` command, echoing its output and adding up its result lines.
fn run_tests(what: &str, cmd: &mut Command, total: &mut Tally) -> Result<(), String> {
    use std::io::{BufRead, BufReader};
    eprintln!("\n==> {what}");
    let started = std::time::Instant::now();
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                total.passed += count(rest, "passed");
                total.failed += count(rest, "failed");
            }
            // Node's test runner closes with `# pass N` and `# fail N`.
            if let Some(n) = line.strip_prefix("# pass ") {
                total.passed += n.trim().parse::<u64>().unwrap_or(0);
            }
            if let Some(n) = line.strip_prefix("# fail ") {
                total.failed += n.trim().parse::<u64>().unwrap_or(0);
            }
        }
    }
    let status = child.wait().map_err(|e| format!("{what}: {e}"))?;
    took(what, started);
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// The number before `word` in `ok. 3 passed; 0 failed; …`.
fn count(result: &str, word: &str) -> u64 {
    result
        .split([';', '.'])
        .filter_map(|part| part.trim().strip_suffix(word))
        .find_map(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Installs the wasm32 target with rustup when it is missing.
fn ensure_wasm_target() -> Result<(), String> {
    const TARGET: &str = "wasm32-unknown-unknown";
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == TARGET)
        })
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    run(
        "rustup target add wasm32-unknown-unknown",
        Command::new("rustup").args(["target", "add", TARGET]),
    )
}

fn wasm_check() -> Result<(), String> {
    ensure_wasm_target()?;
    // Checked, not built: `cargo xtask wasm` builds them (wasm-release profile), and
    // clippy sees the code the wasm32 target compiles.
    run(
        "clippy: core and bindings for wasm32-unknown-unknown",
        cargo().args([
            "clippy",
            "-p",
            "loket-core",
            "-p",
            "loket-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // Each entry of the package is the bindings with some features: each must build
    // without warnings on its own (an import used only by another entry is one).
    for features in ["", "workflow,laws", "report"] {
        run(
            &format!("clippy: bindings with features '{features}' (wasm32)"),
            cargo().args([
                "clippy",
                "-p",
                "loket-wasm",
                "--target",
                "wasm32-unknown-unknown",
                "--no-default-features",
                "--features",
                features,
                "--",
                "-D",
                "warnings",
            ]),
        )?;
    }
    Ok(())
}
