//! Routing plugin for e-Budgeting (RKA, DPA, budget shifts and amendments). One staff
//! member; tickets received during the weeks before the budget calendar's deadlines
//! are high priority, since a day lost there delays a whole province's budget.

use loket_plugin_sdk::{
    first_match, least_loaded, mentions_any, wib_date, Context, Date, Decision, Manifest, Plugin,
    Priority, TicketView, BLOCKING,
};

/// The e-Budgeting router.
#[derive(Debug)]
pub struct EBudgeting;

/// The budget-deadline weeks, every year: (month, first day, last day, what is due),
/// dates in WIB, inclusive. They follow the regional budget calendar of PP 12/2019
/// and the yearly Permendagri on APBD guidelines (KUA-PPAS to the DPRD by mid-July and
/// agreed by the second week of August, the RAPBD submitted by the second week of
/// September, the APBD-Perubahan by the end of September, the APBD agreed by 30
/// November, DPA ready before the year starts). Check them against the year's
/// Permendagri and rebuild the plugin when the calendar moves.
const DEADLINE_WEEKS: &[(u32, u32, u32, &str)] = &[
    (7, 8, 15, "penyampaian KUA-PPAS ke DPRD"),
    (8, 1, 14, "kesepakatan KUA-PPAS"),
    (9, 1, 14, "penyampaian RAPBD"),
    (9, 23, 30, "penetapan APBD Perubahan"),
    (11, 23, 30, "persetujuan bersama APBD"),
    (12, 17, 31, "DPA dan penjabaran APBD sebelum tahun anggaran"),
];

/// The deadline whose week contains `date`, if any.
fn deadline_week(date: Date) -> Option<&'static str> {
    DEADLINE_WEEKS
        .iter()
        .find(|(m, first, last, _)| date.month == *m && (*first..=*last).contains(&date.day))
        .map(|(_, _, _, what)| *what)
}

/// Categories by keyword, first match wins.
const CATEGORIES: &[(&[&str], &str)] = &[
    (&["pergeseran"], "pergeseran-anggaran"),
    (&["perubahan", "apbd-p", "apbdp"], "apbd-perubahan"),
    (&["rka", "rencana kerja dan anggaran"], "rka"),
    (&["dpa"], "dpa"),
    (&["anggaran kas"], "anggaran-kas"),
    (&["plafon", "pagu", "kua", "ppas"], "pagu-kua-ppas"),
    (
        &[
            "rekening",
            "kode rekening",
            "komponen",
            "ssh",
            "hspk",
            "asb",
        ],
        "standar-harga-rekening",
    ),
    (&["akun", "login", "password", "kata sandi"], "akun"),
];

impl Plugin for EBudgeting {
    fn manifest() -> Manifest {
        Manifest::new(
            "e-budgeting-router",
            env!("CARGO_PKG_VERSION"),
            "e-budgeting",
        )
    }

    fn route(view: &TicketView, ctx: &Context) -> Result<Decision, String> {
        let mut d = Decision::intake(view, least_loaded(&ctx.roster));
        if let Some(c) = first_match(view, CATEGORIES) {
            d = d.with_category(*c);
        }
        let blocking = mentions_any(view, BLOCKING);
        if let Some(what) = deadline_week(wib_date(view.received_at)) {
            let p = if blocking {
                Priority::Urgent
            } else {
                Priority::High
            };
            d = d
                .raise_priority(view, p)
                .and_because(format!("pekan tenggat anggaran: {what}"));
        } else if blocking {
            d = d
                .raise_priority(view, Priority::High)
                .and_because("pelapor tidak bisa bekerja");
        }
        Ok(d)
    }
}

loket_plugin_sdk::export!(EBudgeting);

#[cfg(test)]
mod tests {
    use super::*;
    use loket_plugin_sdk::testing::{context, view, MONDAY_MORNING};
    use loket_plugin_sdk::Step;

    /// 2024-11-25 09:00 WIB.
    const NOV_25: i64 = 1_732_500_000;
    /// 2024-10-15 09:00 WIB.
    const OCT_15: i64 = 1_728_957_600;

    fn route_at(at: i64, subject: &str, body: &str) -> Decision {
        let mut v = view("e-budgeting", subject, body);
        v.received_at = at;
        EBudgeting::route(&v, &context(at, &[("Petugas e-Budgeting", 0, None)])).unwrap()
    }

    #[test]
    fn test_instants_are_what_they_say() {
        assert_eq!(
            wib_date(NOV_25),
            Date {
                year: 2024,
                month: 11,
                day: 25
            }
        );
        assert_eq!(
            wib_date(OCT_15),
            Date {
                year: 2024,
                month: 10,
                day: 15
            }
        );
    }

    #[test]
    fn manifest_names_the_application() {
        let m = EBudgeting::manifest();
        assert_eq!(m.application, "e-budgeting");
        assert!(!m.wants_personal_data);
    }

    #[test]
    fn deadline_weeks_are_high_priority() {
        let d = route_at(NOV_25, "RKA belum bisa dikunci", "mohon bantuan");
        assert_eq!(d.step, Some(Step::CreateTicket));
        assert_eq!(d.assign.as_deref(), Some("Petugas e-Budgeting"));
        assert_eq!(d.priority, Some(Priority::High));
        assert_eq!(d.category.as_deref(), Some("rka"));
        assert!(d.reason.unwrap().contains("persetujuan bersama APBD"));
        assert_eq!(
            route_at(NOV_25, "DPA", "error saat simpan").priority,
            Some(Priority::Urgent)
        );
    }

    #[test]
    fn other_weeks_are_normal_unless_blocking() {
        assert_eq!(route_at(OCT_15, "Pergeseran anggaran", "").priority, None);
        assert_eq!(
            route_at(OCT_15, "Pergeseran anggaran", "")
                .category
                .as_deref(),
            Some("pergeseran-anggaran")
        );
        assert_eq!(
            route_at(MONDAY_MORNING, "Login", "tidak bisa login").priority,
            Some(Priority::High)
        );
    }

    #[test]
    fn week_table_edges() {
        let d = |month, day| Date {
            year: 2025,
            month,
            day,
        };
        assert!(deadline_week(d(12, 31)).is_some());
        assert!(deadline_week(d(1, 1)).is_none());
        assert!(deadline_week(d(9, 15)).is_none());
        assert!(deadline_week(d(9, 14)).is_some());
    }
}
