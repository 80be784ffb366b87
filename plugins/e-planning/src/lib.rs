//! Routing plugin for e-Planning (development planning: RPJMD, RKPD, Renja,
//! Musrenbang, pokok pikiran DPRD). One staff member: tickets by category, blocking
//! problems first.

use loket_plugin_sdk::{
    first_match, least_loaded, mentions_any, Context, Decision, Manifest, Plugin, Priority,
    TicketView, BLOCKING,
};

/// The e-Planning router.
#[derive(Debug)]
pub struct EPlanning;

/// Categories by keyword, first match wins.
const CATEGORIES: &[(&[&str], &str)] = &[
    (&["musrenbang", "usulan"], "musrenbang"),
    (&["pokir", "pokok pikiran"], "pokok-pikiran"),
    (&["renja", "rencana kerja"], "renja"),
    (&["rkpd"], "rkpd"),
    (&["rpjmd", "renstra"], "rpjmd-renstra"),
    (&["indikator", "target kinerja"], "indikator-kinerja"),
    (&["akun", "password", "kata sandi", "login", "user"], "akun"),
];

impl Plugin for EPlanning {
    fn manifest() -> Manifest {
        Manifest::new("e-planning-router", env!("CARGO_PKG_VERSION"), "e-planning")
    }

    fn route(view: &TicketView, ctx: &Context) -> Result<Decision, String> {
        let mut d = Decision::intake(view, least_loaded(&ctx.roster));
        if let Some(c) = first_match(view, CATEGORIES) {
            d = d.with_category(*c).and_because(format!("kategori {c}"));
        }
        if mentions_any(view, BLOCKING) {
            d = d
                .raise_priority(view, Priority::High)
                .and_because("pelapor tidak bisa bekerja");
        }
        Ok(d)
    }
}

loket_plugin_sdk::export!(EPlanning);

#[cfg(test)]
mod tests {
    use super::*;
    use loket_plugin_sdk::testing::{context, in_state, view, MONDAY_MORNING};
    use loket_plugin_sdk::{state, Step, Tier};

    fn ctx() -> Context {
        context(MONDAY_MORNING, &[("Petugas e-Planning", 3, None)])
    }

    #[test]
    fn manifest_names_the_application() {
        let m = EPlanning::manifest();
        assert_eq!(m.application, "e-planning");
        assert!(!m.wants_personal_data);
    }

    #[test]
    fn received_usulan_is_ticketed_and_categorised() {
        let v = view(
            "e-planning",
            "Usulan musrenbang",
            "Usulan kecamatan belum masuk",
        );
        let d = EPlanning::route(&v, &ctx()).unwrap();
        assert_eq!(d.step, Some(Step::CreateTicket));
        assert_eq!(d.assign.as_deref(), Some("Petugas e-Planning"));
        assert_eq!(d.category.as_deref(), Some("musrenbang"));
        assert_eq!(d.priority, None);
    }

    #[test]
    fn login_problem_is_high_priority() {
        let v = view("e-planning", "Renja", "Tidak bisa login ke e-Planning");
        let d = EPlanning::route(&v, &ctx()).unwrap();
        assert_eq!(d.priority, Some(Priority::High));
        assert_eq!(d.category.as_deref(), Some("renja"));
    }

    #[test]
    fn later_stages_are_left_alone() {
        let v = in_state(
            view("e-planning", "RKPD", "x"),
            state::CHANGE_MANAGEMENT,
            Tier::ChangeManagement,
        );
        let d = EPlanning::route(&v, &ctx()).unwrap();
        assert_eq!(d.step, None);
        assert_eq!(d.assign, None);
        assert_eq!(d.category.as_deref(), Some("rkpd"));
    }
}
