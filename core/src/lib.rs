//! # loket-core
//!
//! The pure engine of Loket, the ticketing engine of Service Desk JatengProv: no
//! clock, no files, no network, no threads, no randomness. Time comes in as an
//! argument; the same code runs natively and in WebAssembly.
//!
//! ## Overview: operational time
//!
//! The public service standard promises a complaint is handled within **1
//! operational day** and a request within **10**, counting only operating hours
//! (Mon–Thu 07:00–15:30, Fri 07:00–14:00, `Asia/Jakarta`, closed on weekends,
//! national holidays and, by default, collective leave).
//!
//! A [`Calendar`] turns that into *operational position*: a function of real time
//! that only advances while the desk is open. Everything is defined on it:
//! - [`Calendar::between`]`(a, b)` = `pos(b) - pos(a)`, signed, in seconds;
//! - [`Calendar::add`]`(t, d)` for time units is the instant at `pos(t) + d`;
//! - operational **days** step over open dates at the same wall-clock time.
//!
//! Because closing time and the next opening are the *same* operational instant, a
//! result on a closure has two real representatives; the [`Boundary`] convention
//! names which one you get (`Closing`, the default for people, or `Opening`).
//!
//! ## Usage
//!
//! ```
//! use loket_core::{Boundary, Calendar, OpDuration, Profile, TicketKind, Timestamp, Lang};
//!
//! let profile = Profile::jatengprov();
//! let received: Timestamp = "2024-04-03T09:00:00+07:00".parse()?;
//! let d = profile.deadline(TicketKind::Request, received)?;
//! // Ten operational days, skipping the Lebaran block of 8–15 April 2024:
//! assert_eq!(d.value.due.to_rfc3339(profile.calendar.timezone()), "2024-04-25T09:00:00+07:00");
//! assert!(d.is_covered());
//!
//! // Why? The explanation lists what counted and what was skipped.
//! let why = profile.calendar.render_explanation(&d.value.explanation, Lang::En);
//! assert!(why.contains("Idul Fitri 1445 H (national holiday)"));
//!
//! // Elapsed operational time, signed:
//! let cal = &profile.calendar;
//! let a: Timestamp = "2024-03-01T13:00:00+07:00".parse()?;
//! let b: Timestamp = "2024-03-04T08:00:00+07:00".parse()?;
//! assert_eq!(cal.between(a, b)?.value, 2 * 3600);
//! assert_eq!(cal.between(b, a)?.value, -2 * 3600);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Calendars are data ([`CalendarSpec`], TOML or JSON), so an administrator updates
//! them when the next holiday decree is published; a result touching a year the
//! holiday list does not cover says so ([`Reckoning::uncovered_years`]). Dates
//! expected but not yet decreed may be listed as *provisional*: they close the desk,
//! and a result that relies on them says so ([`Reckoning::provisional_dates`],
//! [`Reckoning::provisional_years`]); [`Calendar::coverage`] tells confirmed from
//! provisional years, [`Calendar::coverage_warning`] warns before the confirmed list
//! runs out, and [`calendar::diff`] compares a calendar with its replacement.
//!
//! ## Where to start
//!
//! - [`Calendar`]: when a desk is open, and the arithmetic on it ([`Calendar::add`],
//!   [`Calendar::sub`], [`Calendar::between`]); [`laws`] states what it guarantees.
//! - [`Profile`]: a calendar, an SLA policy and a desk together;
//!   [`Profile::deadline`] gives the deadline of a kind of ticket.
//! - [`ticket::intake`]: how a message becomes a [`ticket::Ticket`], or is refused
//!   with an answer; [`ticket::Ticket::apply`] moves a ticket along the standard's
//!   flow, [`ticket::Ticket::clocks`] tells where its SLA clocks stand.
//! - [`Error`]: every error has a stable `code()` and a `message(lang)` in Bahasa
//!   Indonesia ([`Lang::Id`], the default) or English.
//!
//! ## Modules
//!
//! The modules are layered, each using only those before it (a test,
//! `core/tests/module_graph.rs`, fails on any cycle): `lang` (languages); `kind`
//! ([`TicketKind`]); [`error`] (every error and its messages); `time`, `duration`,
//! `read` (instants, durations, reading files); [`calendar`], then `arith` and
//! `explain` (the arithmetic and its explanations on it); `desk` (products and
//! teams) and `policy` ([`SlaPolicy`]); `profile` ([`Profile`]); [`ticket`]; and
//! [`laws`] and `testing` beside them. The crate root only declares and re-exports.
//!
//! ## Crate features
//! - `toml` (default): read calendar, policy and desk files written in TOML; JSON is
//!   always read.
//! - `proptest`: export the generators and laws the project's own tests use.

#![deny(missing_docs)]

mod arith;
pub mod calendar;
mod desk;
mod duration;
pub mod error;
mod explain;
mod kind;
mod lang;
pub mod laws;
mod names;
mod policy;
mod profile;
mod read;
pub mod report;
pub mod skm;
#[cfg(feature = "proptest")]
pub mod testing;
pub mod ticket;
mod time;
pub mod view;

pub use arith::{format_elapsed, Reckoning};
pub use calendar::spec::{
    CalendarSpec, HolidayKind, HolidaySpec, Interval, OverrideSpec, WeekSpec, YearRange,
};
pub use calendar::{
    Boundary, Calendar, Closure, Coverage, CoverageState, CoverageWarning, OpenStatus,
    DEFAULT_COVERAGE_WARNING_DAYS,
};
pub use duration::{format_seconds, OpDuration};
pub use error::{CalendarError, Error};
pub use explain::{DaySteps, Explanation, Stretch};
pub use kind::TicketKind;
pub use lang::Lang;
pub use policy::SlaPolicy;
pub use profile::{Deadline, Profile};
pub use time::Timestamp;

/// The default profile's calendar (TOML), as shipped.
pub const JATENGPROV_CALENDAR: &str = include_str!("../profiles/jatengprov-calendar.toml");
/// The default profile's SLA policy (TOML), as shipped.
pub const JATENGPROV_POLICY: &str = include_str!("../profiles/jatengprov-policy.toml");
/// The default profile's desk: products, teams, workflow settings (TOML), as shipped.
pub const JATENGPROV_DESK: &str = include_str!("../profiles/jatengprov-desk.toml");
/// [`JATENGPROV_CALENDAR`] as JSON (converted when the crate is built).
pub const JATENGPROV_CALENDAR_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/jatengprov-calendar.json"));
/// [`JATENGPROV_POLICY`] as JSON.
pub const JATENGPROV_POLICY_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/jatengprov-policy.json"));
/// [`JATENGPROV_DESK`] as JSON.
pub const JATENGPROV_DESK_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/jatengprov-desk.json"));

impl CalendarSpec {
    /// The spec of the default calendar of Service Desk JatengProv.
    pub fn jatengprov() -> CalendarSpec {
        CalendarSpec::from_json(JATENGPROV_CALENDAR_JSON)
            .expect("the shipped default calendar is valid (checked by tests)")
    }
}

impl Calendar {
    /// The default calendar of Service Desk JatengProv: the standard's hours, every
    /// holiday and collective-leave date of 2024–2026, and the expected national
    /// holidays of 2027 as provisional dates (no decree yet).
    pub fn jatengprov() -> Calendar {
        Calendar::new(CalendarSpec::jatengprov())
            .expect("the shipped default calendar is valid (checked by tests)")
    }
}

impl SlaPolicy {
    /// The SLA policy of Service Desk JatengProv's public service standard.
    pub fn jatengprov() -> SlaPolicy {
        SlaPolicy::from_text(JATENGPROV_POLICY_JSON).expect("the shipped default policy is valid")
    }
}

impl Profile {
    /// The default profile of Service Desk JatengProv: [`Calendar::jatengprov`],
    /// the standard's targets (complaint 1 day, request 10, incident 1) and the desk's
    /// products and teams ([`JATENGPROV_DESK`]).
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::{OpDuration, Profile, TicketKind};
    ///
    /// let p = Profile::jatengprov();
    /// assert_eq!(p.policy.target(TicketKind::Request), OpDuration::Days(10));
    /// assert_eq!(p.desk.product("E-Planning").map(|p| p.id.as_str()), Some("e-planning"));
    /// assert_eq!(p.calendar.timezone(), chrono_tz::Asia::Jakarta);
    /// ```
    pub fn jatengprov() -> Profile {
        Profile {
            calendar: Calendar::jatengprov(),
            policy: SlaPolicy::jatengprov(),
            desk: desk::DeskConfig::from_text(JATENGPROV_DESK_JSON)
                .expect("the shipped default desk is valid"),
        }
    }
}
