//! The `loket` command: see `loket --help`.

use std::io::IsTerminal;

fn main() -> std::process::ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let terminal = stderr.is_terminal();
    // stderr is not locked for the whole run: `loket serve` logs to it from its
    // worker threads.
    loket_cli::main_with_terminal(
        std::env::args_os(),
        &mut stdin.lock(),
        &mut stdout.lock(),
        &mut stderr,
        terminal,
    )
}
