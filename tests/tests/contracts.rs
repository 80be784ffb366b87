//! The npm package's TypeScript declarations of the wire objects are generated from
//! their Rust types (`ts-rs`, honouring the serde attributes): `wasm/src/wire.d.ts`
//! must be exactly what the types give, or this test fails and says how to refresh it
//! (`LOKET_BLESS=1 cargo test -p loket-tests --test contracts`).

use std::path::PathBuf;

use loket_core::report::{
    AgeBucket, ApplicationLoad, Breach, Counts, Filter, IntakeCounts, OfficerLoad, Outcome, Period,
    Report, StageAssignee, Stats, TicketFacts, TrendPoint,
};
use loket_core::ticket::{
    Actor, Allowed, Channel, ClockKind, ClockState, ClockStatus, ContactProof, DeskConfig, Event,
    EventKind, EventName, IntakeOutcome, Message, Priority, Product, Refusal, Reporter, SlaTerms,
    Stage, State, StateName, Ticket, Tier,
};
use loket_core::view::{
    CoverageAlert, CoverageStatus, PublicClock, PublicEvent, PublicStatus, SlaFilter, TicketDetail,
    TicketPage, TicketRecord, TicketSummary, TimelineEntry,
};
use loket_core::{
    Boundary, CalendarSpec, Closure, Coverage, CoverageState, CoverageWarning, DaySteps, Deadline,
    Explanation, HolidayKind, HolidaySpec, OpDuration, OverrideSpec, SlaPolicy, Stretch,
    TicketKind, Timestamp, WeekSpec, YearRange,
};
use ts_rs::TS;

/// One declaration, with the type's docs as JSDoc (without their Rust examples).
fn decl<T: TS>() -> String {
    let docs = T::docs()
        .map(|d| {
            let mut fence = false;
            let mut kept: Vec<&str> = d
                .lines()
                .filter(|l| {
                    let text = l.trim_start_matches([' ', '*']);
                    let marker = text.starts_with("```");
                    fence ^= marker;
                    !fence && !marker && !text.starts_with("# Example")
                })
                .collect();
            // No empty lines left at the end of the comment.
            while kept.len() > 2 && kept[kept.len() - 2].trim() == "*" {
                kept.remove(kept.len() - 2);
            }
            format!("{}\n", kept.join("\n").trim_end())
        })
        .unwrap_or_default();
    // ts-rs declares 64-bit integers `bigint`; JSON carries them as plain numbers
    // (`JSON.parse` never makes a bigint), and ours (seconds, counts) stay far below
    // 2^53, where a number is exact.
    format!("{docs}export {}\n", T::decl().replace("bigint", "number"))
}

fn generated() -> String {
    let mut out = String::from(
        "// Generated from the Rust types of loket-core (feature `ts`) by\n\
         // `LOKET_BLESS=1 cargo test -p loket-tests --test contracts`: do not edit.\n\n",
    );
    for d in [
        decl::<Timestamp>(),
        decl::<OpDuration>(),
        decl::<TicketKind>(),
        decl::<Tier>(),
        decl::<Stage>(),
        decl::<State>(),
        decl::<StateName>(),
        decl::<EventName>(),
        decl::<Allowed>(),
        decl::<Channel>(),
        decl::<ContactProof>(),
        decl::<Reporter>(),
        decl::<Message>(),
        decl::<Refusal>(),
        decl::<IntakeOutcome>(),
        decl::<Actor>(),
        decl::<Priority>(),
        decl::<ClockKind>(),
        decl::<Boundary>(),
        decl::<SlaPolicy>(),
        decl::<SlaTerms>(),
        decl::<EventKind>(),
        decl::<Event>(),
        decl::<Ticket>(),
        decl::<ClockStatus>(),
        decl::<ClockState>(),
        decl::<Deadline>(),
        decl::<Explanation>(),
        decl::<DaySteps>(),
        decl::<Stretch>(),
        decl::<Closure>(),
        decl::<HolidayKind>(),
        decl::<HolidaySpec>(),
        decl::<OverrideSpec>(),
        decl::<WeekSpec>(),
        decl::<YearRange>(),
        decl::<CalendarSpec>(),
        decl::<Product>(),
        decl::<DeskConfig>(),
        decl::<Coverage>(),
        decl::<CoverageState>(),
        decl::<CoverageWarning>(),
        decl::<CoverageStatus>(),
        decl::<CoverageAlert>(),
        decl::<TicketSummary>(),
        decl::<TicketRecord>(),
        decl::<TimelineEntry>(),
        decl::<TicketDetail>(),
        decl::<TicketPage>(),
        decl::<SlaFilter>(),
        decl::<PublicClock>(),
        decl::<PublicEvent>(),
        decl::<PublicStatus>(),
        decl::<Outcome>(),
        decl::<StageAssignee>(),
        decl::<TicketFacts>(),
        decl::<Period>(),
        decl::<Filter>(),
        decl::<Counts>(),
        decl::<Stats>(),
        decl::<AgeBucket>(),
        decl::<Breach>(),
        decl::<OfficerLoad>(),
        decl::<ApplicationLoad>(),
        decl::<TrendPoint>(),
        decl::<IntakeCounts>(),
        decl::<Report>(),
    ] {
        out.push_str(&d);
        out.push('\n');
    }
    out
}

fn wire_d_ts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../wasm/src/wire.d.ts")
}

#[test]
fn the_npm_declarations_are_the_rust_types() {
    let want = generated();
    let path = wire_d_ts();
    if std::env::var_os("LOKET_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        let first = have
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(have.lines().count().min(want.lines().count()));
        panic!(
            "{} differs from the Rust types from line {} on:\n  have: {:?}\n  want: {:?}\n\
             refresh it with `LOKET_BLESS=1 cargo test -p loket-tests --test contracts`",
            path.display(),
            first + 1,
            have.lines().nth(first),
            want.lines().nth(first),
        );
    }
}
