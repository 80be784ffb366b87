//! The `loket` command: see `loket --help`.

use std::io::IsTerminal;

fn main() -> std::process::ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let terminal = stderr.is_terminal();
    loket_host::cli::main_with_terminal(
        std::env::args_os(),
        &mut stdin.lock(),
        &mut stdout.lock(),
        &mut stderr.lock(),
        terminal,
    )
}
