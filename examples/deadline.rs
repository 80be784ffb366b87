//! The deadline the standard promises for a request received on 3 April 2024, and why.
//!
//! Run: `cargo run -p loket-examples --example deadline`

use loket_core::{Lang, Profile, TicketKind, Timestamp};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let profile = Profile::jatengprov();
    let received: Timestamp = "2024-04-03T09:00:00+07:00".parse()?;
    let deadline = profile.deadline(TicketKind::Request, received)?;
    let cal = &profile.calendar;
    println!(
        "{}",
        cal.render_explanation(&deadline.value.explanation, Lang::Id)
    );
    println!(
        "{}",
        cal.render_explanation(&deadline.value.explanation, Lang::En)
    );
    Ok(())
}
