//! `cargo xtask <task>`: the project's build and test orchestration.
//!
//! - `cargo xtask test`: everything CI runs: formatting, clippy, the whole test suite,
//!   the examples, and the core built for `wasm32-unknown-unknown` (installing the
//!   target with rustup if it is missing).

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("wasm-check") => wasm_check(),
        _ => {
            eprintln!("usage: cargo xtask <test|wasm-check>\n  test        formatting, clippy, all tests, examples, wasm build\n  wasm-check  build the core and the bindings for wasm32-unknown-unknown");
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

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run(what: &str, cmd: &mut Command) -> Result<(), String> {
    eprintln!("\n==> {what}");
    let status = cmd
        .status()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
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
    run(
        "cargo test",
        cargo().args(["test", "--workspace", "--all-targets"]),
    )?;
    run("doctests", cargo().args(["test", "--workspace", "--doc"]))?;
    run(
        "examples",
        cargo().args(["run", "-p", "loket-examples", "--example", "deadline"]),
    )?;
    wasm_check()
}

fn wasm_check() -> Result<(), String> {
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
    if !installed {
        run(
            "rustup target add wasm32-unknown-unknown",
            Command::new("rustup").args(["target", "add", TARGET]),
        )?;
    }
    run(
        "core and bindings for wasm32-unknown-unknown",
        cargo().args([
            "build",
            "-p",
            "loket-core",
            "-p",
            "loket-wasm",
            "--target",
            TARGET,
        ]),
    )
}
