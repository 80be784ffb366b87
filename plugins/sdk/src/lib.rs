//! Write a Loket routing plugin: one trait impl and one macro line.
//!
//! A plugin is a WebAssembly component that exports the `loket:routing/router@1.0.0`
//! interface of `plugins/wit/routing.wit`. This crate generates the bindings (with
//! `wit-bindgen`), re-exports the contract's types under friendly names and adds
//! small helpers, so that a plugin is:
//!
//! ```
//! use loket_plugin_sdk::{least_loaded, mentions_any, Context, Decision, Manifest, Plugin, Priority, TicketView};
//!
//! pub struct MyRouter;
//!
//! impl Plugin for MyRouter {
//!     fn manifest() -> Manifest {
//!         Manifest::new("my-router", "1.0.0", "e-planning")
//!     }
//!
//!     fn route(view: &TicketView, ctx: &Context) -> Result<Decision, String> {
//!         let mut d = Decision::intake(view, least_loaded(&ctx.roster));
//!         if mentions_any(view, &["tidak bisa login"]) {
//!             d = d.with_priority(Priority::High);
//!         }
//!         Ok(d)
//!     }
//! }
//!
//! loket_plugin_sdk::export!(MyRouter);
//! # fn main() {}
//! ```
//!
//! Build it for `wasm32-unknown-unknown` as a `cdylib` and turn the core module into a
//! component (`cargo xtask plugins` does both; see `plugins/README.md`). The same
//! crate, built natively as an `rlib`, is what its unit tests call:
//! `MyRouter::route(&view, &ctx)`.
//!
//! A plugin has no clock, files, network or randomness: everything it may know is in
//! the [`TicketView`] and the [`Context`] (whose `now` is the time to use).

#![warn(missing_docs)]

/// The bindings generated from `plugins/wit/routing.wit` (the world `plugin`).
#[doc(hidden)]
#[allow(missing_docs, missing_debug_implementations)]
pub mod bindings {
    wit_bindgen::generate!({
        world: "plugin",
        path: "../wit/routing.wit",
        pub_export_macro: true,
        export_macro_name: "__export_router",
        default_bindings_module: "loket_plugin_sdk::bindings",
        additional_derives: [PartialEq, Eq],
    });
}

use bindings::exports::loket::routing::router as wit;

pub use wit::{
    Channel, ClockStatus, Context, Decision, HistoryEntry, Priority, Reporter, RosterMember,
    SlaState, Step, TicketKind, TicketView, Tier,
};

/// The plugin's manifest (`plugin-manifest` in the WIT).
pub type Manifest = wit::PluginManifest;

/// The version of the contract this SDK builds plugins against.
pub const CONTRACT_VERSION: &str = "1.0.0";

/// The export names of the component, as the host looks them up.
pub const INTERFACE: &str = "loket:routing/router@1.0.0";

/// What a routing plugin implements.
pub trait Plugin {
    /// Who the plugin is: its name, version, the application it routes for and
    /// whether it asks for reporter contact details.
    fn manifest() -> Manifest;

    /// The decision for `view` in `ctx`. An empty [`Decision::default`] defers to
    /// the host's default router; an `Err` is logged by the host, which then routes
    /// by default too.
    ///
    /// # Errors
    /// Whatever the plugin cannot decide, in words for the administrator.
    fn route(view: &TicketView, ctx: &Context) -> Result<Decision, String>;
}

impl<T: Plugin> wit::Guest for T {
    fn manifest() -> Manifest {
        <T as Plugin>::manifest()
    }

    fn route(view: TicketView, ctx: Context) -> Result<Decision, String> {
        <T as Plugin>::route(&view, &ctx)
    }
}

/// Exports a type implementing [`Plugin`] as the component's `router` interface.
///
/// ```ignore
/// loket_plugin_sdk::export!(MyRouter);
/// ```
#[macro_export]
macro_rules! export {
    ($ty:ident) => {
        // The exports exist only in the WebAssembly build: their names
        // (`loket:routing/router@1.0.0#route`) are not valid native symbol names, and
        // native builds are for unit tests, which call the trait directly.
        #[cfg(target_arch = "wasm32")]
        const _: () = {
    $crate::bindings::__export_router!($ty with_types_in $crate::bindings);
        };
        #[cfg(not(target_arch = "wasm32"))]
        const _: () = {
            fn implements_plugin<T: $crate::Plugin>() {}
            let _ = implements_plugin::<$ty>;
        };
    };
}

/// The stable names of the states a plugin sees in [`TicketView::state`].
pub mod state {
    /// A message just received (diamond B: handle directly or create a ticket).
    pub const RECEIVED: &str = "received";
    /// Handled directly by the first line.
    pub const HANDLED_DIRECTLY: &str = "handled_directly";
    /// Ticketed, with the application's staff (diamond F).
    pub const EXECUTING: &str = "executing";
    /// With Change Management (diamond I).
    pub const CHANGE_MANAGEMENT: &str = "change_management";
    /// With Information Security (diamond K).
    pub const INFORMATION_SECURITY: &str = "information_security";
    /// With Operations & System Design.
    pub const OPERATIONS_DESIGN: &str = "operations_design";
    /// Waiting for the reporter (clocks paused).
    pub const WAITING_FOR_REPORTER: &str = "waiting_for_reporter";
    /// Solution delivered, waiting to be closed.
    pub const SOLUTION_DELIVERED: &str = "solution_delivered";
    /// Closed.
    pub const CLOSED: &str = "closed";
}

impl Manifest {
    /// A manifest that asks for no personal data.
    pub fn new(name: &str, version: &str, application: &str) -> Self {
        Manifest {
            name: name.to_string(),
            version: version.to_string(),
            application: application.to_string(),
            wants_personal_data: false,
        }
    }
}

impl Default for Decision {
    /// The empty decision: defer to the host's default router.
    fn default() -> Self {
        Decision {
            step: None,
            assign: None,
            category: None,
            priority: None,
            reason: None,
        }
    }
}

impl Decision {
    /// What the default router does, with the assignee of your choice: a received
    /// message becomes a ticket for the application's staff (diamond B = no), and a
    /// ticket without an assignee (received, or executing) gets `assignee`.
    pub fn intake(view: &TicketView, assignee: Option<String>) -> Self {
        let step = (view.state == state::RECEIVED).then_some(Step::CreateTicket);
        let assign = if needs_assignee(view) { assignee } else { None };
        Decision {
            step,
            assign,
            ..Decision::default()
        }
    }

    /// Whether the decision says nothing (the host then routes by default).
    pub fn is_empty(&self) -> bool {
        self.step.is_none()
            && self.assign.is_none()
            && self.category.is_none()
            && self.priority.is_none()
    }

    /// With a step of the flow.
    #[must_use]
    pub fn with_step(mut self, step: Step) -> Self {
        self.step = Some(step);
        self
    }

    /// With an assignee.
    #[must_use]
    pub fn with_assignee(mut self, name: impl Into<String>) -> Self {
        self.assign = Some(name.into());
        self
    }

    /// With a category.
    #[must_use]
    pub fn with_category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }

    /// With a priority.
    #[must_use]
    pub fn with_priority(mut self, priority: Priority) -> Self {
        self.priority = Some(priority);
        self
    }

    /// Raises the priority to at least `priority` (never lowers what the ticket or
    /// the decision already has).
    #[must_use]
    pub fn raise_priority(mut self, view: &TicketView, priority: Priority) -> Self {
        let current = self.priority.unwrap_or(view.priority);
        if rank(priority) > rank(current) {
            self.priority = Some(priority);
        }
        self
    }

    /// With a reason shown to staff (replaces an earlier one).
    #[must_use]
    pub fn because(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Adds a sentence to the reason.
    #[must_use]
    pub fn and_because(mut self, reason: impl AsRef<str>) -> Self {
        self.reason = Some(match self.reason.take() {
            Some(r) => format!("{r}; {}", reason.as_ref()),
            None => reason.as_ref().to_string(),
        });
        self
    }
}

/// Priorities in order, lowest first.
pub fn rank(p: Priority) -> u8 {
    match p {
        Priority::Low => 0,
        Priority::Normal => 1,
        Priority::High => 2,
        Priority::Urgent => 3,
    }
}

/// Whether the ticket waits for a person of the application's team: received, or
/// executing without an assignee.
pub fn needs_assignee(view: &TicketView) -> bool {
    view.assignee.is_none() && (view.state == state::RECEIVED || view.state == state::EXECUTING)
}

/// The member with the least open load; ties: the one assigned longest ago (never
/// assigned first), then roster order. The host's default router does the same.
pub fn least_loaded(roster: &[RosterMember]) -> Option<String> {
    roster
        .iter()
        .enumerate()
        .min_by_key(|(i, m)| (m.open_load, m.last_assigned.unwrap_or(i64::MIN), *i))
        .map(|(_, m)| m.name.clone())
}

/// The member named `name`, if on the roster.
pub fn member<'a>(roster: &'a [RosterMember], name: &str) -> Option<&'a RosterMember> {
    roster.iter().find(|m| m.name == name)
}

/// The subject and body, lower-cased, for keyword matching.
pub fn text(view: &TicketView) -> String {
    let mut s = String::with_capacity(view.subject.len() + view.body.len() + 1);
    s.push_str(&view.subject.to_lowercase());
    s.push('\n');
    s.push_str(&view.body.to_lowercase());
    s
}

/// Whether the subject or body contains any of `needles`, ignoring case (substring
/// match: `"login"` matches `"loginnya"`).
pub fn mentions_any(view: &TicketView, needles: &[&str]) -> bool {
    let t = text(view);
    needles.iter().any(|n| t.contains(&n.to_lowercase()))
}

/// Whether the subject or body contains any of `words` as a whole word or phrase,
/// ignoring case: `"SPP"` matches `"SPP-UP"` and `"spp,"` but not `"SPPD"`.
pub fn mentions_word_any(view: &TicketView, words: &[&str]) -> bool {
    let t = text(view);
    words.iter().any(|w| contains_word(&t, &w.to_lowercase()))
}

/// How many of `needles` the subject or body contains, ignoring case.
pub fn count_mentions(view: &TicketView, needles: &[&str]) -> usize {
    let t = text(view);
    needles
        .iter()
        .filter(|n| t.contains(&n.to_lowercase()))
        .count()
}

/// The first rule whose keywords the ticket mentions (substring, ignoring case).
pub fn first_match<'a, T>(view: &TicketView, rules: &'a [(&[&str], T)]) -> Option<&'a T> {
    let t = text(view);
    rules
        .iter()
        .find(|(words, _)| words.iter().any(|w| t.contains(&w.to_lowercase())))
        .map(|(_, v)| v)
}

/// Whether `word` occurs in `haystack` (both lower-case) between non-alphanumeric
/// characters or the ends.
pub fn contains_word(haystack: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = haystack[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return true;
        }
        from = start + word.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Words that say the reporter cannot work at all (raise to high priority).
pub const BLOCKING: &[&str] = &[
    "tidak bisa login",
    "tidak dapat login",
    "gagal login",
    "tidak bisa masuk",
    "tidak bisa diakses",
    "tidak dapat diakses",
    "error",
    "gagal",
    "tidak bisa dibuka",
    "cannot log in",
    "can't log in",
];

/// A calendar date in WIB (UTC+7), the desk's time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

/// Seconds east of UTC of WIB.
pub const WIB_OFFSET: i64 = 7 * 3600;

/// The WIB date of a unix instant (e.g. `ctx.now` or `view.received_at`).
pub fn wib_date(unix: i64) -> Date {
    civil_from_days((unix + WIB_OFFSET).div_euclid(86_400))
}

/// The day of the week in WIB, 1 = Monday … 7 = Sunday.
pub fn wib_weekday(unix: i64) -> u32 {
    // 1970-01-01 was a Thursday (4).
    ((unix + WIB_OFFSET).div_euclid(86_400) + 3).rem_euclid(7) as u32 + 1
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// Building views and contexts in unit tests (native).
pub mod testing {
    use super::{Channel, Context, Priority, RosterMember, TicketKind, TicketView, Tier};

    /// 2024-03-04 08:15 WIB, a Monday morning.
    pub const MONDAY_MORNING: i64 = 1_709_514_900;

    /// A received complaint for `application` with `subject` and `body`.
    pub fn view(application: &str, subject: &str, body: &str) -> TicketView {
        TicketView {
            number: "JTG-2024-000042".into(),
            kind: TicketKind::Complaint,
            application: Some(application.into()),
            channel: Channel::Whatsapp,
            subject: subject.into(),
            body: body.into(),
            received_at: MONDAY_MORNING,
            state: super::state::RECEIVED.into(),
            tier: Tier::FirstLine,
            assignee: None,
            category: None,
            priority: Priority::Normal,
            history: Vec::new(),
            sla: None,
            reporter: None,
        }
    }

    /// The same view in another state and tier.
    pub fn in_state(mut view: TicketView, state: &str, tier: Tier) -> TicketView {
        view.state = state.into();
        view.tier = tier;
        view
    }

    /// A context at `now` with the desk open and `roster` as (name, open load,
    /// last assigned).
    pub fn context(now: i64, roster: &[(&str, u32, Option<i64>)]) -> Context {
        Context {
            now,
            desk_open: true,
            roster: roster
                .iter()
                .map(|(name, load, last)| RosterMember {
                    name: (*name).into(),
                    open_load: *load,
                    last_assigned: *last,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{context, view, MONDAY_MORNING};
    use super::*;

    #[test]
    fn least_loaded_breaks_ties_by_longest_ago_then_order() {
        let ctx = context(0, &[("a", 1, None), ("b", 0, Some(10)), ("c", 0, Some(5))]);
        assert_eq!(least_loaded(&ctx.roster).as_deref(), Some("c"));
        let ctx = context(0, &[("a", 0, Some(5)), ("b", 0, None), ("c", 0, None)]);
        assert_eq!(least_loaded(&ctx.roster).as_deref(), Some("b"));
        assert_eq!(least_loaded(&[]), None);
    }

    #[test]
    fn matching_ignores_case_and_respects_words() {
        let v = view(
            "e-penatausahaan",
            "SP2D Gagal",
            "Tidak bisa LOGIN sejak pagi",
        );
        assert!(mentions_any(&v, &["sp2d"]));
        assert!(mentions_any(&v, &["tidak bisa login"]));
        assert!(!mentions_any(&v, &["spm"]));
        assert!(mentions_word_any(&v, &["SP2D"]));
        let v = view("e-penatausahaan", "SPPD", "perjalanan dinas");
        assert!(!mentions_word_any(&v, &["SPP"]));
        assert!(mentions_word_any(&view("x", "SPP-UP", ""), &["spp"]));
        assert_eq!(count_mentions(&v, &["sppd", "dinas", "xyz"]), 2);
        let rules: &[(&[&str], &str)] = &[(&["xyz"], "a"), (&["dinas"], "b")];
        assert_eq!(first_match(&v, rules), Some(&"b"));
    }

    #[test]
    fn intake_tickets_and_assigns_only_when_needed() {
        let v = view("e-planning", "s", "b");
        let d = Decision::intake(&v, Some("p".into()));
        assert_eq!(d.step, Some(Step::CreateTicket));
        assert_eq!(d.assign.as_deref(), Some("p"));
        let mut v = testing::in_state(v, state::CHANGE_MANAGEMENT, Tier::ChangeManagement);
        assert!(Decision::intake(&v, Some("p".into())).is_empty());
        v.state = state::EXECUTING.into();
        v.assignee = Some("q".into());
        assert!(Decision::intake(&v, Some("p".into())).is_empty());
        assert!(Decision::default().is_empty());
    }

    #[test]
    fn priority_is_only_raised() {
        let mut v = view("x", "", "");
        v.priority = Priority::Urgent;
        assert_eq!(
            Decision::default()
                .raise_priority(&v, Priority::High)
                .priority,
            None
        );
        v.priority = Priority::Low;
        assert_eq!(
            Decision::default()
                .raise_priority(&v, Priority::High)
                .priority,
            Some(Priority::High)
        );
        let d = Decision::default().because("a").and_because("b");
        assert_eq!(d.reason.as_deref(), Some("a; b"));
    }

    #[test]
    fn wib_dates() {
        assert_eq!(
            wib_date(MONDAY_MORNING),
            Date {
                year: 2024,
                month: 3,
                day: 4
            }
        );
        assert_eq!(wib_weekday(MONDAY_MORNING), 1);
        // 2024-02-29 23:30 UTC is 2024-03-01 06:30 WIB, a Friday.
        assert_eq!(
            wib_date(1_709_249_400),
            Date {
                year: 2024,
                month: 3,
                day: 1
            }
        );
        assert_eq!(wib_weekday(1_709_249_400), 5);
        assert_eq!(
            wib_date(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
    }
}
