//! Routing plugin for LaporanGub (the governor's public complaint channel). Two staff
//! members who alternate: the one with the lighter open load, and on equal load the
//! one assigned longest ago (so tickets go to each in turn).

use loket_plugin_sdk::{
    first_match, least_loaded, mentions_any, Context, Decision, Manifest, Plugin, Priority,
    TicketView, BLOCKING,
};

/// The LaporanGub router.
#[derive(Debug)]
pub struct LaporanGub;

/// Categories by keyword, first match wins.
const CATEGORIES: &[(&[&str], &str)] = &[
    (&["disposisi", "diteruskan", "opd"], "disposisi"),
    (
        &["tindak lanjut", "belum dijawab", "belum ditanggapi"],
        "tindak-lanjut",
    ),
    (&["akun", "login", "password", "kata sandi", "otp"], "akun"),
    (&["lampiran", "foto", "unggah", "upload"], "lampiran"),
];

impl Plugin for LaporanGub {
    fn manifest() -> Manifest {
        Manifest::new("laporangub-router", env!("CARGO_PKG_VERSION"), "laporangub")
    }

    fn route(view: &TicketView, ctx: &Context) -> Result<Decision, String> {
        let mut d = Decision::intake(view, least_loaded(&ctx.roster));
        if let Some(w) = d.assign.clone() {
            d = d.because(format!(
                "bergantian (beban paling ringan, lalu yang paling lama tidak menerima): {w}"
            ));
        }
        if let Some(c) = first_match(view, CATEGORIES) {
            d = d.with_category(*c);
        }
        if mentions_any(view, BLOCKING) {
            d = d.raise_priority(view, Priority::High);
        }
        Ok(d)
    }
}

loket_plugin_sdk::export!(LaporanGub);

#[cfg(test)]
mod tests {
    use super::*;
    use loket_plugin_sdk::testing::{context, view, MONDAY_MORNING};

    const A: &str = "Petugas LaporanGub 1";
    const B: &str = "Petugas LaporanGub 2";

    fn assign(a: (u32, Option<i64>), b: (u32, Option<i64>)) -> Option<String> {
        let ctx = context(MONDAY_MORNING, &[(A, a.0, a.1), (B, b.0, b.1)]);
        LaporanGub::route(&view("laporangub", "Aduan", "jalan rusak"), &ctx)
            .unwrap()
            .assign
    }

    #[test]
    fn manifest_names_the_application() {
        let m = LaporanGub::manifest();
        assert_eq!(m.application, "laporangub");
        assert!(!m.wants_personal_data);
    }

    #[test]
    fn lighter_load_first() {
        assert_eq!(assign((2, None), (1, None)).as_deref(), Some(B));
        assert_eq!(
            assign((0, Some(MONDAY_MORNING)), (1, Some(0))).as_deref(),
            Some(A)
        );
    }

    #[test]
    fn equal_load_alternates() {
        let t = MONDAY_MORNING;
        assert_eq!(
            assign((1, Some(t - 60)), (1, Some(t - 3600))).as_deref(),
            Some(B)
        );
        assert_eq!(
            assign((1, Some(t - 3600)), (1, Some(t - 60))).as_deref(),
            Some(A)
        );
        assert_eq!(assign((1, None), (1, None)).as_deref(), Some(A));
    }

    #[test]
    fn categories() {
        let ctx = context(MONDAY_MORNING, &[(A, 0, None), (B, 0, None)]);
        let v = view("laporangub", "Aduan belum ditanggapi", "sudah 2 minggu");
        let d = LaporanGub::route(&v, &ctx).unwrap();
        assert_eq!(d.category.as_deref(), Some("tindak-lanjut"));
        assert_eq!(d.priority, None);
    }
}
