//! Cases that once went wrong, kept as ordinary tests.

use loket_core::{laws, Boundary, Calendar, OpDuration, Timestamp};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn iso(cal: &Calendar, r: Result<loket_core::Reckoning<Timestamp>, loket_core::Error>) -> String {
    r.map(|r| r.value.to_rfc3339(cal.timezone()))
        .unwrap_or_else(|e| e.code().to_string())
}

#[test]
fn sub_from_the_last_period_of_the_horizon() {
    // The search for the result started past the last period and did not look back.
    let cal = Calendar::jatengprov();
    let r = cal.sub(
        t("2100-12-31T14:00:00+07:00"),
        OpDuration::Seconds(8 * 3600),
        Boundary::Closing,
    );
    assert_eq!(iso(&cal, r), "2100-12-30T14:30:00+07:00");
    assert!(laws::between_inverts_add(
        &cal,
        t("2100-12-31T14:00:00+07:00"),
        -8 * 3600,
        Boundary::Closing
    )
    .is_ok());
}

#[test]
fn opening_convention_at_the_end_of_the_horizon_is_beyond_it() {
    // There is no next opening after the last closing: not a closed instant.
    let cal = Calendar::jatengprov();
    let r = cal.add(
        t("2100-12-30T15:00:00+07:00"),
        OpDuration::Days(1),
        Boundary::Opening,
    );
    assert_eq!(iso(&cal, r), "sla.beyond_horizon");
    let r = cal.add(
        t("2100-12-30T15:00:00+07:00"),
        OpDuration::Days(1),
        Boundary::Closing,
    );
    assert_eq!(iso(&cal, r), "2100-12-31T14:00:00+07:00");
}

#[test]
fn zero_days_in_a_fall_back_fold_stay_put() {
    // 23:30 happens twice in Santiago on 1 April 2023; re-reading the wall clock took
    // the earlier one, an hour before the start.
    let all_day = r#"["00:00-24:00"]"#;
    let text = format!(
        "timezone = \"America/Santiago\"\n[week]\nmon = {all_day}\ntue = {all_day}\nwed = {all_day}\nthu = {all_day}\nfri = {all_day}\nsat = {all_day}\nsun = {all_day}\n"
    );
    let cal = Calendar::from_text(&text).unwrap();
    let start = t("2023-04-01T23:30:00-04:00");
    assert_eq!(
        iso(&cal, cal.add(start, OpDuration::Days(0), Boundary::Closing)),
        "2023-04-01T23:30:00-04:00"
    );
    assert!(laws::add_moves_forward(&cal, start, OpDuration::Days(0), Boundary::Closing).is_ok());
}
