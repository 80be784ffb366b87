//! How long compiling the default calendar takes, whole and as a window of three years.
//!
//!     cargo run --release -p loket-core --example compile_time
use std::time::Instant;

use loket_core::{Calendar, CalendarSpec, SlaPolicy, YearRange};

fn main() {
    let t = Instant::now();
    let spec = CalendarSpec::jatengprov();
    let parse = t.elapsed();
    let t = Instant::now();
    let _policy = SlaPolicy::jatengprov();
    let policy = t.elapsed();
    let mut whole = std::time::Duration::MAX;
    let mut window = std::time::Duration::MAX;
    for _ in 0..20 {
        let t = Instant::now();
        let c = Calendar::new(spec.clone()).unwrap();
        whole = whole.min(t.elapsed());
        drop(c);
        let t = Instant::now();
        let c = Calendar::window(
            spec.clone(),
            YearRange {
                from: 2025,
                to: 2027,
            },
        )
        .unwrap();
        window = window.min(t.elapsed());
        drop(c);
    }
    println!("parse the spec {parse:?}, the policy {policy:?}; compile whole {whole:?}, a window of three years {window:?}");
}
