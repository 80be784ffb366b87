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

use std::borrow::Cow;
use std::cell::RefCell;

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
        // While the plugin routes this view, the text helpers lower-case it once.
        ROUTING.with(|r| *r.borrow_mut() = Some(Routing::of(&view)));
        let decision = <T as Plugin>::route(&view, &ctx);
        ROUTING.with(|r| *r.borrow_mut() = None);
        decision
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

/// The view being routed (by address: it is borrowed, unchanged, for the whole
/// call) and its lower-cased text, once a helper needed it.
struct Routing {
    view: usize,
    text: Option<Lowered>,
}

impl Routing {
    fn of(view: &TicketView) -> Self {
        Routing {
            view: std::ptr::from_ref(view) as usize,
            text: None,
        }
    }
}

thread_local! {
    static ROUTING: RefCell<Option<Routing>> = const { RefCell::new(None) };
}

/// Calls `f` with the lower-cased text of `view`: computed once per routing call
/// for the view being routed, every time for another (a copy, a unit test's view).
fn with_text<R>(view: &TicketView, f: impl FnOnce(&Lowered) -> R) -> R {
    let key = std::ptr::from_ref(view) as usize;
    ROUTING.with(|r| {
        let mut r = r.borrow_mut();
        match r.as_mut() {
            Some(cur) if cur.view == key => f(cur.text.get_or_insert_with(|| Lowered::of(view))),
            _ => f(&Lowered::of(view)),
        }
    })
}

/// The plugin's memory allocator (feature `arena`, on by default; WebAssembly only).
///
/// Each routing call runs in a fresh instance that is thrown away afterwards, so
/// what a call allocates is first taken, by bumping a pointer, from the free part of
/// the memory the instance starts with (between the end of the static data,
/// `__heap_base`, and the end of the initial memory, `__heap_end`). Freeing the newest block gives it
/// back; other blocks freed there stay used until the call ends. When that space
/// runs out, the standard allocator (dlmalloc, which grows the memory) takes over.
/// A call that allocates little therefore never grows its memory, and an
/// allocation costs a few instructions.
///
/// A plugin that brings its own `#[global_allocator]` turns this off with
/// `default-features = false` on `loket-plugin-sdk`.
#[cfg(all(target_arch = "wasm32", feature = "arena"))]
mod arena {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    extern "C" {
        /// The first byte after the stack and the static data (set by `wasm-ld`).
        static __heap_base: u8;
        /// The end of the initial memory (set by `wasm-ld`).
        static __heap_end: u8;
    }

    /// The bump allocator over `[__heap_base, __heap_end)`.
    struct Arena {
        /// The next free byte; 0 before the first allocation.
        next: AtomicUsize,
        /// The end of the arena (`__heap_end`); 0 before the first allocation.
        end: AtomicUsize,
    }

    #[global_allocator]
    static ARENA: Arena = Arena {
        next: AtomicUsize::new(0),
        end: AtomicUsize::new(0),
    };

    impl Arena {
        /// The next free byte, setting the arena up on first use.
        fn next(&self) -> usize {
            let next = self.next.load(Relaxed);
            if next != 0 {
                return next;
            }
            // The standard allocator only ever uses memory it grows past the end.
            let base = core::ptr::addr_of!(__heap_base) as usize;
            let end = core::ptr::addr_of!(__heap_end) as usize;
            self.end.store(end.max(base), Relaxed);
            let _ = self.next.compare_exchange(0, base, Relaxed, Relaxed);
            self.next.load(Relaxed)
        }

        /// Whether `ptr` was handed out by the arena.
        fn owns(&self, ptr: *mut u8) -> bool {
            (ptr as usize) < self.end.load(Relaxed)
        }

        fn bump(&self, layout: Layout) -> Option<*mut u8> {
            let mut next = self.next();
            let end = self.end.load(Relaxed);
            loop {
                let start = next.checked_add(layout.align() - 1)? & !(layout.align() - 1);
                let stop = start.checked_add(layout.size())?;
                if stop > end {
                    return None;
                }
                match self.next.compare_exchange(next, stop, Relaxed, Relaxed) {
                    Ok(_) => return Some(start as *mut u8),
                    Err(now) => next = now,
                }
            }
        }
    }

    // SAFETY: the arena hands out disjoint blocks of the linear memory between
    // `__heap_base` (after the stack and the static data) and the initial memory
    // size, which nothing else uses: the standard allocator only ever takes memory
    // it grows past that size. A block is reused only after it was freed and was
    // the newest one (the bump pointer moves back over exactly that block).
    unsafe impl GlobalAlloc for Arena {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            match self.bump(layout) {
                Some(p) => p,
                // SAFETY: the caller's contract, passed on.
                None => unsafe { System.alloc(layout) },
            }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            if self.owns(ptr) {
                // The newest block goes back; an older one stays used.
                let stop = ptr as usize + layout.size();
                let _ = self
                    .next
                    .compare_exchange(stop, ptr as usize, Relaxed, Relaxed);
            } else {
                // SAFETY: `ptr` came from `System.alloc` with this layout.
                unsafe { System.dealloc(ptr, layout) }
            }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if !self.owns(ptr) {
                // SAFETY: `ptr` came from `System` with this layout.
                return unsafe { System.realloc(ptr, layout, new_size) };
            }
            let start = ptr as usize;
            // The newest block grows or shrinks in place while it fits.
            if let Some(stop) = start.checked_add(new_size) {
                if stop <= self.end.load(Relaxed)
                    && self
                        .next
                        .compare_exchange(start + layout.size(), stop, Relaxed, Relaxed)
                        .is_ok()
                {
                    return ptr;
                }
            }
            if new_size <= layout.size() {
                return ptr;
            }
            // SAFETY: `new_size` is a valid size for `layout.align()` (the caller's
            // contract); the old block is valid for `layout.size()` bytes, the new
            // one for more, and they are disjoint.
            unsafe {
                let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                let new = self.alloc(new_layout);
                if !new.is_null() {
                    core::ptr::copy_nonoverlapping(ptr, new, layout.size());
                    self.dealloc(ptr, layout);
                }
                new
            }
        }
    }
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
        let reason = reason.as_ref();
        self.reason = Some(match self.reason.take() {
            Some(mut r) => {
                r.reserve(reason.len() + 2);
                r.push_str("; ");
                r.push_str(reason);
                r
            }
            None => reason.to_string(),
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
    with_text(view, |t| t.text.clone())
}

/// A ticket's text lower-cased, and which pairs of adjacent bytes occur in it: a
/// keyword with a pair that does not occur cannot match, and is ruled out without
/// scanning the text. Most keywords of a plugin are ruled out that way.
struct Lowered {
    text: String,
    /// Bit `pair(a, b)` is set when the bytes `a`, `b` occur one after the other.
    pairs: [u64; 64],
}

/// The bit of the byte pair `a`, `b` in [`Lowered::pairs`].
fn pair(a: u8, b: u8) -> usize {
    ((usize::from(a) << 5) ^ usize::from(b)) & 4095
}

impl Lowered {
    fn of(view: &TicketView) -> Self {
        let (subject, body) = (view.subject.as_str(), view.body.as_str());
        // Lower-cased byte by byte when ASCII (the usual ticket), with the full
        // Unicode mapping otherwise; both give the same result on ASCII text.
        let text = if subject.is_ascii() && body.is_ascii() {
            let mut bytes = Vec::with_capacity(subject.len() + body.len() + 1);
            bytes.extend_from_slice(subject.as_bytes());
            bytes.push(b'\n');
            bytes.extend_from_slice(body.as_bytes());
            ascii_lowercase(&mut bytes);
            // Still ASCII: only A–Z changed, to a–z.
            String::from_utf8(bytes).unwrap_or_default()
        } else {
            format!("{}\n{}", subject.to_lowercase(), body.to_lowercase())
        };
        let mut pairs = [0u64; 64];
        if let Some((&first, rest)) = text.as_bytes().split_first() {
            let mut prev = first;
            for &b in rest {
                let bit = pair(prev, b);
                pairs[bit / 64] |= 1 << (bit % 64);
                prev = b;
            }
        }
        Lowered { text, pairs }
    }

    /// Whether `needle` (any case) may occur: false when one of its byte pairs,
    /// lower-cased, does not occur. Only ASCII needles are ruled out this way.
    fn may_contain(&self, needle: &str) -> bool {
        let mut prev: Option<u8> = None;
        for &b in needle.as_bytes() {
            if !b.is_ascii() {
                return true;
            }
            let b = b.to_ascii_lowercase();
            if let Some(a) = prev {
                let bit = pair(a, b);
                if self.pairs[bit / 64] & (1 << (bit % 64)) == 0 {
                    return false;
                }
            }
            prev = Some(b);
        }
        true
    }

    /// Whether the text contains `needle` (any case).
    fn contains(&self, needle: &str) -> bool {
        self.may_contain(needle)
            && find(self.text.as_bytes(), lowercase(needle).as_bytes(), 0).is_some()
    }

    /// Whether the text contains `word` (any case) as a whole word.
    fn contains_word(&self, word: &str) -> bool {
        self.may_contain(word) && contains_word(&self.text, &lowercase(word))
    }
}

/// Lower-cases ASCII `bytes` in place, eight at a time.
fn ascii_lowercase(bytes: &mut [u8]) {
    let mut chunks = bytes.chunks_exact_mut(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        // Each byte < 0x80. The high bit of a byte of `ge_a` is set from b'A' up, of
        // `gt_z` from b'Z' + 1 up; an upper-case letter gets 0x20 added.
        let ge_a = x + ONES * u64::from(0x80 - b'A');
        let gt_z = x + ONES * u64::from(0x80 - b'Z' - 1);
        let upper = ge_a & !gt_z & HIGH;
        c.copy_from_slice(&(x | (upper >> 2)).to_le_bytes());
    }
    chunks.into_remainder().make_ascii_lowercase();
}

/// 0x01 in every byte.
const ONES: u64 = u64::from_le_bytes([1; 8]);
/// 0x80 in every byte.
const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// The first index of `byte` in `s`, eight bytes at a time.
fn find_byte(byte: u8, s: &[u8]) -> Option<usize> {
    let pattern = ONES * u64::from(byte);
    let mut chunks = s.chunks_exact(8);
    let mut base = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) ^ pattern;
        // The lowest set high bit marks the first zero byte of `x` exactly.
        let zero = x.wrapping_sub(ONES) & !x & HIGH;
        if zero != 0 {
            return Some(base + (zero.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == byte)
        .map(|p| base + p)
}

/// `needle` lower-cased, without a copy when it already is (the usual keyword).
fn lowercase(needle: &str) -> Cow<'_, str> {
    if needle
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(needle)
    } else {
        Cow::Owned(needle.to_lowercase())
    }
}

/// The first index at or after `from` where `needle` occurs in `haystack`. A plain
/// scan: tickets are short, and a scan needs no set-up per keyword (a plugin pays
/// for every instruction in fuel and time).
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return (from <= haystack.len()).then_some(from);
    };
    let last = haystack.len().checked_sub(needle.len())?;
    let mut i = from;
    while i <= last {
        let start = i + find_byte(first, &haystack[i..=last])?;
        if &haystack[start + 1..start + needle.len()] == rest {
            return Some(start);
        }
        i = start + 1;
    }
    None
}

/// Whether the subject or body contains any of `needles`, ignoring case (substring
/// match: `"login"` matches `"loginnya"`).
pub fn mentions_any(view: &TicketView, needles: &[&str]) -> bool {
    with_text(view, |t| needles.iter().any(|n| t.contains(n)))
}

/// Whether the subject or body contains any of `words` as a whole word or phrase,
/// ignoring case: `"SPP"` matches `"SPP-UP"` and `"spp,"` but not `"SPPD"`.
pub fn mentions_word_any(view: &TicketView, words: &[&str]) -> bool {
    with_text(view, |t| words.iter().any(|w| t.contains_word(w)))
}

/// How many of `needles` the subject or body contains, ignoring case.
pub fn count_mentions(view: &TicketView, needles: &[&str]) -> usize {
    with_text(view, |t| needles.iter().filter(|n| t.contains(n)).count())
}

/// The first rule whose keywords the ticket mentions (substring, ignoring case).
pub fn first_match<'a, T>(view: &TicketView, rules: &'a [(&[&str], T)]) -> Option<&'a T> {
    with_text(view, |t| {
        rules
            .iter()
            .find(|(words, _)| words.iter().any(|w| t.contains(w)))
            .map(|(_, v)| v)
    })
}

/// Whether `word` occurs in `haystack` (both lower-case) between non-alphanumeric
/// characters or the ends.
pub fn contains_word(haystack: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let mut from = 0;
    // A match of a whole UTF-8 `word` always starts and ends on char boundaries.
    while let Some(start) = find(haystack.as_bytes(), word.as_bytes(), from) {
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
    fn the_plain_scan_agrees_with_the_standard_library() {
        // The previous implementation: Unicode lower-casing and `str::find`.
        fn word_reference(haystack: &str, word: &str) -> bool {
            let mut from = 0;
            while let Some(i) = haystack[from..].find(word) {
                let (start, end) = (from + i, from + i + word.len());
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
        let haystacks = [
            "",
            "a",
            "SPP-UP, spp",
            "SPPD spp",
            "Ünïcödé SPP İstanbul",
            "ééé é",
            "aaaab",
            "Tidak bisa LOGIN\nsejak pagi",
            "x sp2d",
        ];
        let needles = [
            "",
            "a",
            "spp",
            "SPP",
            "ünï",
            "İ",
            "i̇",
            "ab",
            "aab",
            "é",
            "aaaaaab",
            "sp2d",
            "\n",
            "login\nsejak",
        ];
        for subject in haystacks {
            for body in haystacks {
                let v = view("x", subject, body);
                let reference = format!("{}\n{}", subject.to_lowercase(), body.to_lowercase());
                assert_eq!(text(&v), reference);
                for n in needles {
                    let lower = n.to_lowercase();
                    assert_eq!(
                        mentions_any(&v, &[n]),
                        reference.contains(&lower),
                        "{subject:?} {body:?} {n:?}"
                    );
                    assert_eq!(
                        mentions_word_any(&v, &[n]),
                        !lower.is_empty() && word_reference(&reference, &lower),
                        "{subject:?} {body:?} {n:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn routing_through_the_export_gives_the_same_answers() {
        // Through `wit::Guest::route` (as in the component) the routed view's text is
        // lowered once and reused; another view (here a changed copy) gets its own.
        struct P;
        impl Plugin for P {
            fn manifest() -> Manifest {
                Manifest::new("p", "1.0.0", "x")
            }
            fn route(view: &TicketView, _ctx: &Context) -> Result<Decision, String> {
                let mut other = view.clone();
                other.body = "SPM-LS".into();
                let found = [
                    mentions_word_any(view, &["SP2D"]),
                    mentions_any(view, &["tidak bisa login"]),
                    mentions_word_any(&other, &["spm"]),
                    mentions_any(&other, &["login"]),
                    mentions_word_any(view, &["spm"]),
                ];
                Ok(Decision::default().because(format!("{found:?} {}", text(view))))
            }
        }
        let v = view("x", "SP2D Gagal", "Tidak bisa LOGIN");
        let ctx = context(0, &[]);
        let direct = P::route(&v, &ctx);
        let exported = <P as wit::Guest>::route(v, ctx);
        assert_eq!(direct, exported);
        assert_eq!(
            exported.unwrap().reason.as_deref(),
            Some("[true, true, true, false, false] sp2d gagal\ntidak bisa login")
        );
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
