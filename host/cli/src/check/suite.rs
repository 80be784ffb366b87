//! The laws `loket sla check` runs: each law of `loket_core::laws` with the
//! generators of its cases and the computations a counterexample explains.

use std::io::Write;

use chrono::NaiveDate;
use loket_core::laws::{self, LawResult};
use loket_core::{testing, Boundary, Calendar, OpDuration, TicketKind, Timestamp};
use proptest::prelude::*;

use super::counterexample::Side;
use super::runner::run_law;
use super::{Ctx, Outcome, Verdict};

/// Runs every law of `laws::ALL`, in that order.
pub(super) fn run_all(
    ctx: &Ctx<'_>,
    err: &mut dyn Write,
    from: NaiveDate,
    to: NaiveDate,
    max_secs: i64,
    max_days: i32,
) -> Vec<Outcome> {
    let cal = ctx.cal();
    let policy = &ctx.profile.policy;
    let t = || testing::instant_in(cal, from, to);
    let dur = || testing::duration(max_secs, max_days);
    let secs = || testing::seconds(max_secs);
    let b = testing::boundary;
    let mut v = Vec::with_capacity(laws::ALL.len());

    v.push(run_add_law(
        ctx,
        err,
        "add_moves_forward",
        laws::add_moves_forward,
        (t(), dur(), b()),
    ));
    // t2 is another instant, or one 1 to 3 seconds after t1 (neighbours).
    let second = |t1: Timestamp, t2: Timestamp, near: bool, k: i64| {
        if near {
            Timestamp::from_unix(t1.unix() + k)
        } else {
            t2
        }
    };
    v.push(run_law(
        ctx,
        err,
        "add_is_monotone_in_t",
        (t(), t(), any::<bool>(), 1i64..=3, dur(), b()),
        |&(t1, t2, near, k, d, b)| {
            laws::add_is_monotone_in_t(cal, t1, second(t1, t2, near, k), d, b)
        },
        |&(t1, t2, near, k, d, b)| {
            let t2 = second(t1, t2, near, k);
            vec![
                ("add(t1, d)", Side::Add(t1.min(t2), d, b)),
                ("add(t2, d)", Side::Add(t1.max(t2), d, b)),
            ]
        },
    ));
    // Two durations of one unit, either sign.
    let pair = prop_oneof![
        (secs(), secs(), any::<bool>(), any::<bool>()).prop_map(|(x, y, nx, ny)| (
            OpDuration::Seconds(if nx { -x } else { x }),
            OpDuration::Seconds(if ny { -y } else { y })
        )),
        (
            testing::days(max_days),
            testing::days(max_days),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(x, y, nx, ny)| (
                OpDuration::Days(if nx { -x } else { x }),
                OpDuration::Days(if ny { -y } else { y })
            )),
    ];
    let ordered = |d1: OpDuration, d2: OpDuration| match (d1, d2) {
        (OpDuration::Seconds(x), OpDuration::Seconds(y)) if x > y => (d2, d1),
        (OpDuration::Days(x), OpDuration::Days(y)) if x > y => (d2, d1),
        _ => (d1, d2),
    };
    v.push(run_law(
        ctx,
        err,
        "add_is_monotone_in_d",
        (t(), pair, b()),
        |&(t, (d1, d2), b)| laws::add_is_monotone_in_d(cal, t, d1, d2, b),
        |&(t, (d1, d2), b)| {
            let (d1, d2) = ordered(d1, d2);
            vec![
                ("add(t, d1)", Side::Add(t, d1, b)),
                ("add(t, d2)", Side::Add(t, d2, b)),
            ]
        },
    ));
    let signed = |d: i64, neg: bool| if neg { -d } else { d };
    v.push(run_law(
        ctx,
        err,
        "between_inverts_add",
        (t(), secs(), any::<bool>(), b()),
        |&(t, d, neg, b)| laws::between_inverts_add(cal, t, signed(d, neg), b),
        |&(t, d, neg, b)| {
            let d = OpDuration::Seconds(signed(d, neg));
            let mut s = vec![("add(t, d)", Side::Add(t, d, b))];
            if let Ok(r) = cal.add_instant(t, d, b) {
                s.push(("between(t, add(t, d))", Side::Between(t, r)));
            }
            s
        },
    ));
    v.push(run_law(
        ctx,
        err,
        "add_is_additive",
        (t(), secs(), secs(), b()),
        |&(t, x, y, b)| laws::add_is_additive(cal, t, x, y, b),
        |&(t, x, y, b)| {
            let mut s = vec![("add(t, a)", Side::Add(t, OpDuration::Seconds(x), b))];
            if let Ok(r) = cal.add_instant(t, OpDuration::Seconds(x), b) {
                s.push(("add(add(t, a), c)", Side::Add(r, OpDuration::Seconds(y), b)));
            }
            s.push(("add(t, a + c)", Side::Add(t, OpDuration::Seconds(x + y), b)));
            s
        },
    ));
    v.push(run_add_law(
        ctx,
        err,
        "add_lands_in_hours",
        laws::add_lands_in_hours,
        (t(), dur(), b()),
    ));
    v.push(run_law(
        ctx,
        err,
        "sub_inverts_add",
        (t(), secs(), b()),
        |&(t, d, b)| laws::sub_inverts_add(cal, t, d, b),
        |&(t, d, b)| {
            let d = OpDuration::Seconds(d);
            let mut s = vec![("add(t, d)", Side::Add(t, d, b))];
            if let Ok(r) = cal.add_instant(t, d, b) {
                s.push(("sub(add(t, d), d)", Side::Sub(r, d, b)));
            }
            s
        },
    ));
    v.push(run_law(
        ctx,
        err,
        "between_is_antisymmetric",
        (t(), t()),
        |&(x, y)| laws::between_is_antisymmetric(cal, x, y),
        |&(x, y)| {
            vec![
                ("between(a, b)", Side::Between(x, y)),
                ("between(b, a)", Side::Between(y, x)),
            ]
        },
    ));
    v.push(run_law(
        ctx,
        err,
        "between_within_wall_time",
        (t(), t()),
        |&(x, y)| laws::between_within_wall_time(cal, x, y),
        |&(x, y)| vec![("between(a, b)", Side::Between(x.min(y), x.max(y)))],
    ));
    match laws::uniform_day_length(cal, from, to, ctx.lang) {
        Ok(len) => v.push(run_law(
            ctx,
            err,
            "days_match_hours",
            (t(), testing::days(max_days), b()),
            move |&(t, n, b)| laws::days_match_hours(cal, t, n, len, b),
            move |&(t, n, b)| {
                vec![
                    ("add(t, n days)", Side::Add(t, OpDuration::Days(n), b)),
                    (
                        "add(t, n × day length)",
                        Side::Add(t, OpDuration::Seconds(i64::from(n) * len), b),
                    ),
                ]
            },
        )),
        Err(why) => {
            let na = ctx.lang.pick("tidak berlaku", "not applicable");
            let _ = writeln!(err, "days_match_hours … {na}: {why}");
            v.push(Outcome {
                law: "days_match_hours",
                verdict: Verdict::NotApplicable(why),
            });
        }
    }
    v.push(run_law(
        ctx,
        err,
        "deadline_reachable",
        (t(), proptest::sample::select(TicketKind::ALL.to_vec())),
        |&(t, kind)| laws::deadline_reachable(cal, policy, kind, t),
        |&(t, kind)| {
            vec![(
                "add(received, target)",
                Side::Add(t, policy.target(kind), policy.boundary),
            )]
        },
    ));
    debug_assert_eq!(
        v.iter().map(|o| o.law).collect::<Vec<_>>(),
        laws::ALL,
        "loket sla check runs every law of loket_core::laws::ALL, in order"
    );
    v
}

/// Runs a law of one addition, `check(cal, t, d, b)`, on the values of `strategy`;
/// a counterexample explains `add(t, d)`.
fn run_add_law(
    ctx: &Ctx<'_>,
    err: &mut dyn Write,
    law: &'static str,
    check: fn(&Calendar, Timestamp, OpDuration, Boundary) -> LawResult,
    strategy: impl Strategy<Value = (Timestamp, OpDuration, Boundary)>,
) -> Outcome {
    let cal = ctx.cal();
    run_law(
        ctx,
        err,
        law,
        strategy,
        |&(t, d, b)| check(cal, t, d, b),
        |&(t, d, b)| vec![("add(t, d)", Side::Add(t, d, b))],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_core::Lang;

    #[test]
    fn uniform_days() {
        let cal = Calendar::jatengprov();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let e =
            laws::uniform_day_length(&cal, d("2024-01-01"), d("2024-12-31"), Lang::En).unwrap_err();
        assert!(e.starts_with("days differ in length"), "{e}");
        let uniform = Calendar::from_text(
            "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"08:00-12:00\", \"12:00-16:00\"]\ntue = [\"08:00-16:00\"]\n",
        )
        .unwrap();
        assert_eq!(
            laws::uniform_day_length(&uniform, d("2024-01-01"), d("2024-12-31"), Lang::En),
            Ok(8 * 3600)
        );
        let berlin =
            Calendar::from_text("timezone = \"Europe/Berlin\"\n[week]\nsun = [\"01:00-05:00\"]\n")
                .unwrap();
        let e = laws::uniform_day_length(&berlin, d("2024-01-01"), d("2024-12-31"), Lang::En)
            .unwrap_err();
        assert!(
            e.contains("clocks change during opening hours on 2024-03-31"),
            "{e}"
        );
    }
}
