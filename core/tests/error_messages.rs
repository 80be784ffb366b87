//! Error messages are whole in each language: a desk file's mistakes and a date a
//! calendar lists twice read in Bahasa Indonesia under `Lang::Id` (they used to
//! carry English inside), and English stays what it was.

use loket_core::ticket::DeskConfig;
use loket_core::{Calendar, Error, Lang};

/// The default desk file with `edit` applied, read back.
fn desk_refused(edit: impl FnOnce(&mut serde_json::Value)) -> Error {
    let mut v: serde_json::Value = serde_json::from_str(loket_core::JATENGPROV_DESK_JSON).unwrap();
    edit(&mut v);
    match DeskConfig::from_text(&v.to_string()) {
        Ok(_) => panic!("desk accepted: {v}"),
        Err(e) => e,
    }
}

#[test]
#[rustfmt::skip]
fn desk_files_are_refused_in_both_languages() {
    let e = desk_refused(|v| v["warning_ratio"] = 1.5.into());
    assert_eq!(e.code(), "desk.invalid");
    insta::assert_snapshot!(e.to_string(), @"invalid desk configuration: warning_ratio must be above 0 and at most 1 (e.g. 0.75)");
    insta::assert_snapshot!(e.message(Lang::Id), @"konfigurasi desk tidak valid: warning_ratio harus di atas 0 dan paling besar 1 (mis. 0.75)");

    let e = desk_refused(|v| v["reopen_window"] = "-1d".into());
    insta::assert_snapshot!(e.to_string(), @"invalid desk configuration: reopen_window must not be negative");
    insta::assert_snapshot!(e.message(Lang::Id), @"konfigurasi desk tidak valid: reopen_window tidak boleh negatif");

    let e = desk_refused(|v| v["product"][0]["id"] = "E Planning".into());
    insta::assert_snapshot!(e.to_string(), @"invalid desk configuration: product id `E Planning` must be 1–64 lowercase letters, digits and dashes, not starting with a dash (e.g. e-planning)");
    insta::assert_snapshot!(e.message(Lang::Id), @"konfigurasi desk tidak valid: id produk `E Planning` harus 1–64 huruf kecil, angka dan tanda hubung, tidak diawali tanda hubung (mis. e-planning)");

    let e = desk_refused(|v| v["product"][1]["id"] = v["product"][0]["id"].clone());
    insta::assert_snapshot!(e.to_string(), @"invalid desk configuration: product id `e-planning` is used twice");
    insta::assert_snapshot!(e.message(Lang::Id), @"konfigurasi desk tidak valid: id produk `e-planning` dipakai dua kali");

    let e = desk_refused(|v| v["product"][0]["team"] = serde_json::json!([]));
    insta::assert_snapshot!(e.to_string(), @"invalid desk configuration: product e-planning has no staff in its team");
    insta::assert_snapshot!(e.message(Lang::Id), @"konfigurasi desk tidak valid: produk e-planning tidak memiliki petugas dalam timnya");

    let e = desk_refused(|v| v["product"][0]["aliases"] = serde_json::json!(["--"]));
    insta::assert_snapshot!(e.to_string(), @"invalid desk configuration: product name `--` of e-planning has no letters or digits: no message could name it");
    insta::assert_snapshot!(e.message(Lang::Id), @"konfigurasi desk tidak valid: nama produk `--` dari e-planning tidak memuat huruf atau angka: tidak ada pesan yang dapat menyebutnya");

    let e = desk_refused(|v| v["product"][1]["aliases"] = serde_json::json!(["E-Planning"]));
    insta::assert_snapshot!(e.to_string(), @"invalid desk configuration: product name `E-Planning` is used twice");
    insta::assert_snapshot!(e.message(Lang::Id), @"konfigurasi desk tidak valid: nama produk `E-Planning` dipakai dua kali");
}

#[test]
#[rustfmt::skip]
fn a_date_listed_twice_reads_in_each_language() {
    let refused = |text: &str| Calendar::from_text(text).unwrap_err();
    let e = refused(
        "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"07:00-15:30\"]\n\
         [[holiday]]\ndate = \"2027-03-10\"\nname = \"Idul Fitri 1448 H\"\nkind = \"national\"\nprovisional = true\n\
         [[holiday]]\ndate = \"2027-03-10\"\nname = \"Cuti bersama\"\nkind = \"collective_leave\"\nprovisional = true\n",
    );
    insta::assert_snapshot!(e.to_string(), @"invalid calendar: date 2027-03-10 is listed twice: as Idul Fitri 1448 H (national, provisional) and as Cuti bersama (collective_leave, provisional)");
    insta::assert_snapshot!(e.message(Lang::Id), @"kalender tidak valid: tanggal 2027-03-10 tercantum dua kali: sebagai Idul Fitri 1448 H (national, perkiraan) dan sebagai Cuti bersama (collective_leave, perkiraan)");

    let e = refused(
        "timezone = \"Asia/Jakarta\"\n[week]\nmon = [\"07:00-15:30\"]\n\
         [[override]]\ndate = \"2024-12-31\"\nhours = [\"07:00-12:00\"]\n\
         [[override]]\ndate = \"2024-12-31\"\nhours = []\n",
    );
    insta::assert_snapshot!(e.to_string(), @r#"invalid calendar: date 2024-12-31 is listed twice: as an override with hours ["07:00-12:00"] and as an override with hours []"#);
    insta::assert_snapshot!(e.message(Lang::Id), @r#"kalender tidak valid: tanggal 2024-12-31 tercantum dua kali: sebagai pengecualian dengan jam ["07:00-12:00"] dan sebagai pengecualian dengan jam []"#);
}

/// Every error's English message is its `Display`, and a refused duration says
/// what was wrong in the reader's language.
#[test]
#[rustfmt::skip]
fn durations_are_refused_in_both_languages() {
    let e = "1d2h".parse::<loket_core::OpDuration>().unwrap_err();
    assert_eq!(e.to_string(), e.message(Lang::En));
    insta::assert_snapshot!(e.to_string(), @"invalid duration `1d2h`: operational days cannot be mixed with hours, minutes or seconds; expected e.g. 90s, 45m, 3h, 8h30m or 2d, with an optional leading -");
    insta::assert_snapshot!(e.message(Lang::Id), @"durasi `1d2h` tidak valid (hari operasional tidak dapat dicampur dengan jam, menit atau detik); contoh yang benar: 90s, 45m, 3h, 8h30m atau 2d, boleh diawali -");
    let e = loket_core::SlaPolicy::from_text("complaint = \"-1d\"\nrequest = \"10d\"\nincident = \"1d\"\n").unwrap_err();
    insta::assert_snapshot!(e.to_string(), @"invalid duration `-1d`: the target for complaint must not be negative; expected e.g. 90s, 45m, 3h, 8h30m or 2d, with an optional leading -");
    insta::assert_snapshot!(e.message(Lang::Id), @"durasi `-1d` tidak valid (target untuk aduan tidak boleh negatif); contoh yang benar: 90s, 45m, 3h, 8h30m atau 2d, boleh diawali -");
}
