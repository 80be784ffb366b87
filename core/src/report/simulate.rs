//! A simulated desk: realistic tickets over a period of a desk's calendar, made from
//! a seed (the same seed, profile and period give the same tickets, byte for byte).
//!
//! Used by the reports' tests and benchmarks, and by administrators who want to see
//! the dashboard filled (`loket simulate`, see docs/reports.md). Messages arrive
//! every day, most in service hours, fewer on closed days (holidays and collective
//! leave included, as the calendar has them); the applications' shares, kinds and
//! channels follow the desk's usual mix; each ticket then takes one of the paths
//! of the standard's flow chart, worked in operational time, most within their
//! target, some late, some waiting for the reporter, a few reopened, rejected or
//! merged. Events later than `until` are not made: those tickets are still open.
//!
//! No clock, no entropy: the generator is SplitMix64 on the seed.

use crate::duration::OpDuration;
use crate::kind::TicketKind;
use crate::names::Tier;
use crate::profile::Profile;
use crate::ticket::{intake, Actor, Channel, Event, EventKind, Message, Reporter, Ticket};
use crate::time::Timestamp;

/// How busy the simulated desk is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Volume {
    /// Mean messages per open day (closed days get a tenth).
    pub per_open_day: f64,
}

impl Default for Volume {
    /// About what the JatengProv desk sees: 12 messages an open day.
    fn default() -> Self {
        Volume { per_open_day: 12.0 }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, well-mixed generator for
/// reproducible simulations (not for secrets).
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi].
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index by weight.
    fn pick(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = (self.next() % u64::from(total.max(1))) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// A Poisson count with mean `mean` (Knuth's method; means here are small).
    fn poisson(&mut self, mean: f64) -> u32 {
        let l = (-mean).exp();
        let (mut k, mut p) = (0u32, 1.0);
        loop {
            p *= self.unit();
            if p <= l || k > 10_000 {
                return k;
            }
            k += 1;
        }
    }
}

/// The usual share of messages per product, by the desk's product order (the
/// transaction-heavy e-Penatausahaan first among equals); products beyond the
/// seventh get the smallest share.
const APP_WEIGHTS: [u32; 7] = [12, 14, 34, 8, 16, 9, 7];

/// Tickets received from `from` (inclusive) to `until` (exclusive), with their
/// events up to `until`, numbered `PREFIX-YEAR-NNNNNN` in order of receipt.
///
/// # Example
///
/// ```
/// use loket_core::report::simulate::{simulate, Volume};
/// use loket_core::{Profile, Timestamp};
///
/// let profile = Profile::jatengprov();
/// let from: Timestamp = "2026-03-02T00:00:00+07:00".parse()?;
/// let until: Timestamp = "2026-03-09T00:00:00+07:00".parse()?;
/// let a = simulate(&profile, from, until, 7, Volume::default());
/// let b = simulate(&profile, from, until, 7, Volume::default());
/// assert_eq!(a, b); // the seed decides everything
/// assert!(a.len() > 30);
/// assert_eq!(a[0].number(), "JTG-2026-000001");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulate(
    profile: &Profile,
    from: Timestamp,
    until: Timestamp,
    seed: u64,
    volume: Volume,
) -> Vec<Ticket> {
    let cal = &profile.calendar;
    let tz = cal.timezone();
    let mut rng = Rng(seed);
    let mut out: Vec<Ticket> = Vec::new();
    let mut day = from.in_zone(tz).date_naive();
    let last = until.in_zone(tz).date_naive();
    while day <= last {
        let midnight = day
            .and_hms_opt(0, 0, 0)
            .and_then(|d| d.and_local_timezone(tz).earliest())
            .map(|d| Timestamp::from_unix(d.timestamp()));
        let Some(midnight) = midnight else {
            day = day.succ_opt().unwrap_or(last);
            continue;
        };
        let open_day = cal.closure_on(day).is_none()
            && cal
                .next_opening(midnight)
                .ok()
                .flatten()
                .is_some_and(|o| o.unix() - midnight.unix() < 86_400);
        let mean = if open_day {
            volume.per_open_day
        } else {
            volume.per_open_day / 10.0
        };
        let mut times: Vec<i64> = (0..rng.poisson(mean))
            .map(|_| {
                // Most messages in office hours (07:00–16:00), some in the evening.
                if rng.chance(0.8) {
                    rng.range(7 * 3600, 16 * 3600)
                } else {
                    rng.range(0, 86_399)
                }
            })
            .collect();
        times.sort_unstable();
        for secs in times {
            let at = Timestamp::from_unix(midnight.unix() + secs);
            if at < from || at >= until {
                continue;
            }
            let number = format!("JTG-{}-{:06}", at.in_zone(tz).format("%Y"), out.len() + 1);
            if let Some(t) = one(profile, &mut rng, &number, at, until) {
                out.push(t);
            }
        }
        match day.succ_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    out
}

/// One ticket's life.
fn one(
    profile: &Profile,
    rng: &mut Rng,
    number: &str,
    at: Timestamp,
    until: Timestamp,
) -> Option<Ticket> {
    let products = &profile.desk.products;
    let mut weights: Vec<u32> = (0..products.len())
        .map(|i| APP_WEIGHTS.get(i).copied().unwrap_or(5))
        .collect();
    weights.push(1); // about the desk itself
    let app = rng.pick(&weights);
    let product = products.get(app);
    let kind = TicketKind::ALL[rng.pick(&[45, 35, 20])];
    let channel = if rng.chance(0.7) {
        Channel::Whatsapp
    } else {
        Channel::Email
    };
    let msg = Message {
        channel,
        application: product.map(|p| p.id.clone()),
        kind,
        subject: None,
        body: format!("Simulasi: {} {}", kind.label(crate::lang::Lang::Id), number),
        reporter: Reporter::default(),
        received_at: at,
        about_desk: product.is_none(),
    };
    let mut ticket = intake(&msg, profile, at).ok()?.open(number)?;
    if product.is_none() {
        return Some(ticket);
    }
    let team = product.map(|p| p.team.as_slice()).unwrap_or_default();
    let officer = team
        .get(rng.range(0, team.len().max(1) as i64 - 1) as usize)
        .cloned();
    let cal = &profile.calendar;
    let ctx = profile.context();
    let boundary = profile.policy.boundary;
    let budget = cal
        .between_secs(ticket.sla().clock_starts, ticket.sla().due)
        .unwrap_or(8 * 3600)
        .max(3600);
    // `now` walks forward in operational time; events past `until` are not made.
    let mut now = ticket.received_at();
    let step = |rng: &mut Rng, now: &mut Timestamp, lo: i64, hi: i64| -> bool {
        let secs = rng.range(lo, hi.max(lo));
        match cal.add_instant(*now, OpDuration::Seconds(secs), boundary) {
            Ok(t) if t < until => {
                *now = t;
                true
            }
            _ => false,
        }
    };
    let staff = |name: &str| Actor::Staff(name.to_string());
    let first_line = "Petugas Lini Pertama";
    let apply = |t: &mut Ticket, at: Timestamp, by: Actor, what: EventKind| {
        t.apply(
            Event {
                at,
                by,
                what,
                reason: None,
            },
            &ctx,
        )
        .is_ok()
    };
    if !step(rng, &mut now, 300, 2400) {
        return Some(ticket);
    }
    if rng.chance(0.02) {
        apply(&mut ticket, now, staff(first_line), EventKind::Reject);
        return Some(ticket);
    }
    if rng.chance(0.01) {
        let target = format!("{}-DUP", &number[..number.len().min(8)]);
        apply(
            &mut ticket,
            now,
            staff(first_line),
            EventKind::MergeInto { target },
        );
        return Some(ticket);
    }
    // Handling takes a share of the budget: most well within, some late.
    let share = match rng.pick(&[55, 30, 10, 5]) {
        0 => (0.05, 0.5),
        1 => (0.5, 0.95),
        2 => (0.95, 1.3),
        _ => (1.3, 3.0),
    };
    let work = (budget as f64 * (share.0 + rng.unit() * (share.1 - share.0))) as i64;
    let worker;
    if rng.chance(0.35) {
        apply(
            &mut ticket,
            now,
            staff(first_line),
            EventKind::HandleDirectly,
        );
        worker = first_line.to_string();
    } else {
        apply(&mut ticket, now, staff(first_line), EventKind::CreateTicket);
        worker = officer.unwrap_or_else(|| first_line.to_string());
        apply(
            &mut ticket,
            now,
            Actor::Router("default".into()),
            EventKind::Assign { to: worker.clone() },
        );
        // The chart's ways from execution to a stage that delivers (G or J).
        let path: &[Tier] = match rng.pick(&[70, 15, 10, 5]) {
            0 => &[Tier::OperationsDesign],
            1 => &[Tier::ChangeManagement, Tier::OperationsDesign],
            2 => &[Tier::ChangeManagement, Tier::InformationSecurity],
            _ => &[
                Tier::ChangeManagement,
                Tier::InformationSecurity,
                Tier::OperationsDesign,
            ],
        };
        for tier in path {
            if !step(rng, &mut now, work / 8, work / 4) {
                return Some(ticket);
            }
            apply(
                &mut ticket,
                now,
                staff(&worker),
                EventKind::Forward { to: *tier },
            );
        }
    }
    if rng.chance(0.3) {
        if !step(rng, &mut now, 60, 1800) {
            return Some(ticket);
        }
        apply(
            &mut ticket,
            now,
            staff(&worker),
            EventKind::Respond {
                text: "Sedang kami periksa.".into(),
            },
        );
    }
    if rng.chance(0.15) {
        if !step(rng, &mut now, work / 10, work / 4) {
            return Some(ticket);
        }
        apply(
            &mut ticket,
            now,
            staff(&worker),
            EventKind::WaitForReporter {
                question: "Mohon kirim tangkapan layar.".into(),
            },
        );
        if !step(rng, &mut now, 1800, 3 * 8 * 3600) {
            return Some(ticket);
        }
        apply(
            &mut ticket,
            now,
            Actor::Reporter,
            EventKind::ReporterReplied {
                text: "Terlampir.".into(),
            },
        );
    }
    if !step(rng, &mut now, work / 2, work) {
        return Some(ticket);
    }
    apply(
        &mut ticket,
        now,
        staff(&worker),
        EventKind::DeliverSolution {
            solution: "Sudah diperbaiki.".into(),
        },
    );
    if rng.chance(0.04) && step(rng, &mut now, 1800, 8 * 3600) {
        apply(&mut ticket, now, Actor::Reporter, EventKind::Reopen);
        if !step(rng, &mut now, 1800, budget / 2) {
            return Some(ticket);
        }
        apply(
            &mut ticket,
            now,
            staff(&worker),
            EventKind::DeliverSolution {
                solution: "Sudah diperbaiki lagi.".into(),
            },
        );
    }
    if step(rng, &mut now, 4 * 3600, 3 * 8 * 3600) {
        apply(&mut ticket, now, staff(first_line), EventKind::Close);
    }
    Some(ticket)
}
