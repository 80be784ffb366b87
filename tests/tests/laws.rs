//! The laws of the operational arithmetic (`loket_core::laws`) as property tests over
//! random calendars (`loket_core::testing`): the same generators and laws testers use.

use loket_core::laws::{self, Checked, LawResult};
use loket_core::testing::{self, boundary, duration, seconds};
use loket_core::{Boundary, Calendar, OpDuration, Timestamp};
use proptest::prelude::*;

fn held(r: LawResult) -> Result<(), TestCaseError> {
    match r {
        Ok(Checked::Held) | Ok(Checked::NotApplicable(_)) => Ok(()),
        Err(v) => Err(TestCaseError::fail(v.to_string())),
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn add_moves_forward((cal, ts) in testing::calendar_and_instants(1), d in duration(60 * 3600, 15), b in boundary()) {
        held(laws::add_moves_forward(&cal, ts[0], d, b))?;
    }

    #[test]
    fn add_is_monotone_in_t((cal, ts) in testing::calendar_and_instants(2), d in duration(60 * 3600, 15), b in boundary()) {
        held(laws::add_is_monotone_in_t(&cal, ts[0], ts[1], d, b))?;
    }

    #[test]
    fn add_is_monotone_in_t_for_neighbours((cal, ts) in testing::calendar_and_instants(1), k in 1i64..4, d in duration(10 * 3600, 5), b in boundary()) {
        let t2 = Timestamp::from_unix(ts[0].unix() + k);
        held(laws::add_is_monotone_in_t(&cal, ts[0], t2, d, b))?;
    }

    #[test]
    fn add_is_monotone_in_d((cal, ts) in testing::calendar_and_instants(1), a in seconds(60 * 3600), c in seconds(60 * 3600), x in 0i32..15, y in 0i32..15, b in boundary()) {
        held(laws::add_is_monotone_in_d(&cal, ts[0], OpDuration::Seconds(a), OpDuration::Seconds(c), b))?;
        held(laws::add_is_monotone_in_d(&cal, ts[0], OpDuration::Days(x), OpDuration::Days(y), b))?;
    }

    #[test]
    fn between_inverts_add((cal, ts) in testing::calendar_and_instants(1), d in seconds(80 * 3600), neg in any::<bool>(), b in boundary()) {
        held(laws::between_inverts_add(&cal, ts[0], if neg { -d } else { d }, b))?;
    }

    #[test]
    fn add_is_additive((cal, ts) in testing::calendar_and_instants(1), a in seconds(40 * 3600), c in seconds(40 * 3600), b in boundary()) {
        held(laws::add_is_additive(&cal, ts[0], a, c, b))?;
    }

    #[test]
    fn add_lands_in_hours((cal, ts) in testing::calendar_and_instants(1), d in duration(60 * 3600, 15), b in boundary()) {
        held(laws::add_lands_in_hours(&cal, ts[0], d, b))?;
    }

    #[test]
    fn sub_inverts_add((cal, ts) in testing::calendar_and_instants(1), d in seconds(60 * 3600), b in boundary()) {
        held(laws::sub_inverts_add(&cal, ts[0], d, b))?;
    }

    #[test]
    fn between_laws((cal, ts) in testing::calendar_and_instants(2)) {
        held(laws::between_is_antisymmetric(&cal, ts[0], ts[1]))?;
        held(laws::between_within_wall_time(&cal, ts[0], ts[1]))?;
    }

    #[test]
    fn days_match_hours(((cal, len), t) in testing::uniform_calendar().prop_flat_map(|(c, l)| { let t = testing::instant(&c, 2024, 2026); (Just((c, l)), t) }), n in 0i32..20, b in boundary()) {
        held(laws::days_match_hours(&cal, t, n, len, b))?;
    }
}

#[test]
fn default_profile_holds_the_laws_at_every_edge_of_2024() {
    // Exhaustive over the default profile's period edges in 2024, ±1 s.
    let cal = Calendar::jatengprov();
    let tz = cal.timezone();
    let start: Timestamp = "2024-01-01T00:00:00+07:00".parse().unwrap();
    let edges: Vec<_> = cal
        .periods_after(start)
        .unwrap()
        .take_while(|(s, _)| s.to_rfc3339(tz).starts_with("2024"))
        .flat_map(|(s, e)| [s, e])
        .collect();
    assert!(
        edges.len() > 400,
        "2024 has about 230 open days, found {} edges",
        edges.len()
    );
    for &e in &edges {
        for k in -1..=1 {
            let t = Timestamp::from_unix(e.unix() + k);
            for b in [Boundary::Closing, Boundary::Opening] {
                for d in [
                    OpDuration::Seconds(1),
                    OpDuration::Seconds(30_600),
                    OpDuration::Days(1),
                    OpDuration::Days(10),
                ] {
                    held(laws::add_lands_in_hours(&cal, t, d, b)).unwrap();
                    held(laws::add_is_monotone_in_t(
                        &cal,
                        t,
                        Timestamp::from_unix(t.unix() + 1),
                        d,
                        b,
                    ))
                    .unwrap();
                }
                held(laws::sub_inverts_add(&cal, t, 30_600, b)).unwrap();
                held(laws::add_is_additive(&cal, t, 1800, 28_800, b)).unwrap();
                held(laws::between_inverts_add(&cal, t, -30_600, b)).unwrap();
            }
        }
    }
}
