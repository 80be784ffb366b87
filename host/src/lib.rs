//! The native side of Loket: the `loket` command line.
//!
//! - [`cli`]: argument parsing and the `loket sla …` commands for testers and
//!   administrators, written against `BufRead`/`Write` so tests run it in-process.

pub mod cli;
