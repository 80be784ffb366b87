//! Small helpers the commands share.

use std::io::Write;

use chrono::Weekday;
use loket_core::Timestamp;

use super::CliError;

/// The days of the week, Monday first.
pub(super) const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The current instant, to the second (the epoch if the clock is before it).
pub(super) fn now() -> Timestamp {
    loket_desk::now()
}

/// Prints `value` as pretty JSON and a newline.
pub(super) fn write_pretty_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
) -> Result<(), CliError> {
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    )?;
    Ok(())
}
