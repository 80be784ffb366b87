//! Routing plugin for Tatapraja (government administration: official letters,
//! dispositions, electronic signatures). One staff member; an electronic signature
//! that fails blocks official letters, so it is high priority, and urgent when the
//! reporter says it is for today.

use loket_plugin_sdk::{
    first_match, least_loaded, mentions_any, Context, Decision, Manifest, Plugin, Priority,
    TicketView, BLOCKING,
};

/// The Tatapraja router.
#[derive(Debug)]
pub struct Tatapraja;

/// Categories by keyword, first match wins.
const CATEGORIES: &[(&[&str], &str)] = &[
    (
        &[
            "tte",
            "tanda tangan elektronik",
            "sertifikat elektronik",
            "bsre",
            "passphrase",
        ],
        "tanda-tangan-elektronik",
    ),
    (&["disposisi"], "disposisi"),
    (
        &[
            "surat masuk",
            "surat keluar",
            "nomor surat",
            "naskah dinas",
            "surat",
        ],
        "naskah-dinas",
    ),
    (&["arsip"], "arsip"),
    (&["akun", "login", "password", "kata sandi", "nip"], "akun"),
];

/// Words that say the matter is due today.
const TODAY: &[&str] = &["hari ini", "segera", "mendesak", "urgent"];

impl Plugin for Tatapraja {
    fn manifest() -> Manifest {
        Manifest::new("tatapraja-router", env!("CARGO_PKG_VERSION"), "tatapraja")
    }

    fn route(view: &TicketView, ctx: &Context) -> Result<Decision, String> {
        let mut d = Decision::intake(view, least_loaded(&ctx.roster));
        let category = first_match(view, CATEGORIES).copied();
        if let Some(c) = category {
            d = d.with_category(c);
        }
        let signature = category == Some("tanda-tangan-elektronik");
        if signature || mentions_any(view, BLOCKING) {
            let p = if signature && mentions_any(view, TODAY) {
                Priority::Urgent
            } else {
                Priority::High
            };
            d = d
                .raise_priority(view, p)
                .and_because("naskah dinas tertahan");
        }
        Ok(d)
    }
}

loket_plugin_sdk::export!(Tatapraja);

#[cfg(test)]
mod tests {
    use super::*;
    use loket_plugin_sdk::testing::{context, view, MONDAY_MORNING};

    fn route(subject: &str, body: &str) -> Decision {
        let ctx = context(MONDAY_MORNING, &[("Petugas Tatapraja", 0, None)]);
        Tatapraja::route(&view("tatapraja", subject, body), &ctx).unwrap()
    }

    #[test]
    fn manifest_names_the_application() {
        let m = Tatapraja::manifest();
        assert_eq!(m.application, "tatapraja");
        assert!(!m.wants_personal_data);
    }

    #[test]
    fn signatures_are_high_and_urgent_today() {
        let d = route("TTE gagal", "passphrase salah terus");
        assert_eq!(d.category.as_deref(), Some("tanda-tangan-elektronik"));
        assert_eq!(d.priority, Some(Priority::High));
        assert_eq!(
            route("TTE", "surat harus terkirim hari ini").priority,
            Some(Priority::Urgent)
        );
    }

    #[test]
    fn ordinary_requests_keep_their_priority() {
        let d = route("Disposisi", "mohon tambah pilihan pejabat pada disposisi");
        assert_eq!(d.category.as_deref(), Some("disposisi"));
        assert_eq!(d.priority, None);
        assert_eq!(d.assign.as_deref(), Some("Petugas Tatapraja"));
    }
}
