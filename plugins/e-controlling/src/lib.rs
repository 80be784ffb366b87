//! Routing plugin for e-Controlling (monthly physical and financial progress, RFK).
//! One staff member; realisation reports are due by the 10th of each month, so a
//! reporting problem in the first ten days of a month is high priority.

use loket_plugin_sdk::{
    first_match, least_loaded, mentions_any, wib_date, Context, Decision, Manifest, Plugin,
    Priority, TicketView, BLOCKING,
};

/// The e-Controlling router.
#[derive(Debug)]
pub struct EControlling;

/// The last day of the month on which the previous month's realisation is due.
const REPORT_DUE_DAY: u32 = 10;

/// Categories by keyword, first match wins.
const CATEGORIES: &[(&[&str], &str)] = &[
    (
        &["realisasi fisik", "progres fisik", "fisik"],
        "realisasi-fisik",
    ),
    (
        &["realisasi keuangan", "keuangan", "serapan"],
        "realisasi-keuangan",
    ),
    (&["rfk", "laporan", "rekap", "cetak"], "laporan"),
    (&["paket", "kontrak", "pengadaan"], "paket-pekerjaan"),
    (&["akun", "login", "password", "kata sandi"], "akun"),
];

/// Words of a monthly report.
const REPORTING: &[&str] = &["realisasi", "rfk", "laporan", "progres"];

impl Plugin for EControlling {
    fn manifest() -> Manifest {
        Manifest::new(
            "e-controlling-router",
            env!("CARGO_PKG_VERSION"),
            "e-controlling",
        )
    }

    fn route(view: &TicketView, ctx: &Context) -> Result<Decision, String> {
        let mut d = Decision::intake(view, least_loaded(&ctx.roster));
        if let Some(c) = first_match(view, CATEGORIES) {
            d = d.with_category(*c);
        }
        if mentions_any(view, BLOCKING) {
            d = d
                .raise_priority(view, Priority::High)
                .and_because("pelapor tidak bisa bekerja");
        }
        let day = wib_date(view.received_at).day;
        if day <= REPORT_DUE_DAY && mentions_any(view, REPORTING) {
            d = d.raise_priority(view, Priority::High).and_because(format!(
                "laporan realisasi jatuh tempo tanggal {REPORT_DUE_DAY}"
            ));
        }
        Ok(d)
    }
}

loket_plugin_sdk::export!(EControlling);

#[cfg(test)]
mod tests {
    use super::*;
    use loket_plugin_sdk::testing::{context, view, MONDAY_MORNING};
    use loket_plugin_sdk::Step;

    fn route(at: i64, subject: &str, body: &str) -> Decision {
        let mut v = view("e-controlling", subject, body);
        v.received_at = at;
        EControlling::route(&v, &context(at, &[("Petugas e-Controlling", 1, None)])).unwrap()
    }

    #[test]
    fn manifest_names_the_application() {
        let m = EControlling::manifest();
        assert_eq!(m.application, "e-controlling");
        assert!(!m.wants_personal_data);
    }

    #[test]
    fn reports_early_in_the_month_are_high() {
        // MONDAY_MORNING is 4 March.
        let d = route(
            MONDAY_MORNING,
            "Realisasi fisik Februari",
            "tidak tersimpan",
        );
        assert_eq!(d.step, Some(Step::CreateTicket));
        assert_eq!(d.assign.as_deref(), Some("Petugas e-Controlling"));
        assert_eq!(d.category.as_deref(), Some("realisasi-fisik"));
        assert_eq!(d.priority, Some(Priority::High));
        // 20 March: not due.
        let d = route(
            MONDAY_MORNING + 16 * 86_400,
            "Realisasi fisik",
            "tidak tersimpan",
        );
        assert_eq!(d.priority, None);
    }

    #[test]
    fn blocking_is_high_any_day() {
        let d = route(MONDAY_MORNING + 16 * 86_400, "Akun", "tidak bisa login");
        assert_eq!(d.priority, Some(Priority::High));
        assert_eq!(d.category.as_deref(), Some("akun"));
    }
}
