//! Reporters' contact details: how far the desk can trust them, how they are checked,
//! and how personal numbers are kept out of places meant to be safe.
//!
//! A contact is trusted only as far as the channel that delivered it proved it
//! ([`ContactProof`]): WhatsApp's signed webhook proves the sender's number, the
//! desk's mail server proves the envelope sender as far as it checked it, and a
//! portal proves nothing unless it authenticated the citizen and says so with its
//! own token. The desk joins a message to an existing ticket by contact only when
//! both were proved by the same channel (see `docs/service.md`, "Reporter identity").

use serde::{Deserialize, Serialize};

use crate::error::ContactError;

/// Who proved a reporter's contact details.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContactProof {
    /// WhatsApp Cloud API: the phone number of a webhook signed with the app secret.
    Whatsapp,
    /// The desk's mail server: the sender of a message it received and piped in.
    Email,
    /// A portal that authenticates its citizens and attests their contact details
    /// with its own token (the token's name).
    Portal {
        /// The portal token's name.
        name: String,
    },
}

impl ContactProof {
    /// A short name for people and logs, e.g. `whatsapp` or `portal:SIPD`.
    pub fn label(&self) -> String {
        match self {
            ContactProof::Whatsapp => "whatsapp".into(),
            ContactProof::Email => "email".into(),
            ContactProof::Portal { name } => format!("portal:{name}"),
        }
    }
}

/// A phone number in E.164 form (`+6281234567890`).
///
/// Accepted: `+<8–15 digits>` not starting with 0; Indonesian `08…` (9–13 digits)
/// and `62…` without the plus; spaces, dashes, dots and parentheses between digits
/// are ignored. Everything else is refused.
///
/// # Errors
/// [`ContactError::Phone`].
pub fn normalize_phone(raw: &str) -> Result<String, ContactError> {
    // `+62 (0)812…`: the national trunk 0 written beside the country code.
    let t = raw.trim().replacen("(0)", "", 1);
    let t = t.as_str();
    let (plus, rest) = match t.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(ContactError::Phone),
        }
    }
    let e164 = if plus {
        digits
    } else if let Some(local) = digits.strip_prefix('0') {
        // 08xx: an Indonesian mobile or landline number in national form.
        if !(8..=12).contains(&local.len()) {
            return Err(ContactError::Phone);
        }
        format!("62{local}")
    } else if digits.starts_with("62") {
        digits
    } else {
        return Err(ContactError::Phone);
    };
    if !(8..=15).contains(&e164.len()) || e164.starts_with('0') {
        return Err(ContactError::Phone);
    }
    // Indonesian numbers: 10–15 digits, and never a trunk 0 after the country code
    // (`+620812…` is not a number, and would count as another contact).
    if e164.starts_with("62") && (!(10..=15).contains(&e164.len()) || e164.starts_with("620")) {
        return Err(ContactError::Phone);
    }
    Ok(format!("+{e164}"))
}

/// An email address, trimmed and with its domain lowercased.
///
/// The syntax is the WHATWG "valid email address" (what browsers check in
/// `<input type=email>`), with a dot in the domain and at most 254 characters: no
/// quoted local parts, comments or IP-literal domains, which a desk never needs and
/// which mail headers can be abused with.
///
/// # Errors
/// [`ContactError::Email`].
pub fn normalize_email(raw: &str) -> Result<String, ContactError> {
    let t = raw.trim();
    if t.is_empty() || t.len() > 254 {
        return Err(ContactError::Email);
    }
    let (local, domain) = t.split_once('@').ok_or(ContactError::Email)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b));
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let domain_ok = domain.contains('.') && domain.split('.').all(label_ok);
    if !local_ok || !domain_ok {
        return Err(ContactError::Email);
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

/// `text` with personal numbers masked: runs of 12 or more digits (NIK and KK are
/// 16, NIP 18, NPWP 15–16, bank accounts) and phone-like numbers (`08…`, `62…`,
/// `+62…`, 10–15 digits, spaces or dashes allowed between groups). Each masked digit
/// but the last three becomes `•`, so staff can tell one number from another without
/// reading it. Ticket numbers (`JTG-2026-000123`), dates and amounts are left alone.
pub fn mask_personal_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || !chars[i - 1].is_alphanumeric();
        if boundary {
            if let Some(end) = personal_number_at(&chars, i) {
                let digits = chars[i..end].iter().filter(|c| c.is_ascii_digit()).count();
                let mut seen = 0;
                for &c in &chars[i..end] {
                    if c.is_ascii_digit() {
                        seen += 1;
                        out.push(if seen + 3 > digits { c } else { '•' });
                    } else {
                        out.push(c);
                    }
                }
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The end of a personal number starting at `i`, if one starts there.
fn personal_number_at(chars: &[char], i: usize) -> Option<usize> {
    let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    let ends_clean = |k: usize| !chars.get(k).is_some_and(|c| c.is_alphanumeric());
    // A run of 12+ digits, also written in groups of 3 or more digits split by one
    // and the same space, dash or dot (`3374 0123 4567 8901`, `3374-0123-…`): NIK,
    // KK, NIP. Dates (`2026-03-02`) and a ticket number beside a date do not join.
    let (mut j, mut digits, mut group) = (i, 0, 0);
    let mut end = i;
    let mut sep: Option<char> = None;
    loop {
        if digit(j) {
            digits += 1;
            group += 1;
            j += 1;
            end = j;
        } else if let Some(&c @ (' ' | '-' | '.')) = chars.get(j) {
            let next_group = (1..=3).all(|k| digit(j + k));
            if group >= 3 && next_group && sep.is_none_or(|s| s == c) {
                sep = Some(c);
                group = 0;
                j += 1;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    if digits >= 12 && ends_clean(end) {
        return Some(end);
    }
    // A phone-like number: +62 / 62 / 08, then digit groups separated by one space,
    // dash or dot.
    let start = if chars.get(i) == Some(&'+') { i + 1 } else { i };
    let prefix_ok = (digit(start) && chars[start] == '0' && chars.get(start + 1) == Some(&'8'))
        || (chars.get(start) == Some(&'6') && chars.get(start + 1) == Some(&'2'));
    if !prefix_ok {
        return None;
    }
    let mut k = start;
    let mut count = 0;
    let mut end = start;
    loop {
        if digit(k) {
            count += 1;
            k += 1;
            end = k;
        } else if matches!(chars.get(k), Some(' ' | '-' | '.')) && digit(k + 1) && count > 0 {
            k += 1;
        } else {
            break;
        }
        if count > 15 {
            return None;
        }
    }
    ((10..=15).contains(&count) && ends_clean(end)).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalized_or_refused() {
        let ok = |s: &str| normalize_phone(s).unwrap();
        assert_eq!(ok("081225550123"), "+6281225550123");
        assert_eq!(ok("0812-2555-0123"), "+6281225550123");
        assert_eq!(ok("6281225550123"), "+6281225550123");
        assert_eq!(ok("+62 812 2555 0123"), "+6281225550123");
        assert_eq!(ok("(024) 3546-789"), "+62243546789");
        assert_eq!(ok("+31 20 123 4567"), "+31201234567");
        assert_eq!(ok("+62 (0)812 2555 0123"), "+6281225550123");
        for bad in [
            "",
            "abc",
            "12345",
            "0812",
            "+0812345678",
            "1234567890",
            "+1234567890123456",
            "0812 2555 0123; rm -rf",
            "08122555012345678",
            "62123",
            "+62 0812 2555 0123",
            "+620081225550123",
            "620812255501",
        ] {
            assert_eq!(normalize_phone(bad), Err(ContactError::Phone), "{bad}");
        }
    }

    #[test]
    fn emails_are_checked() {
        assert_eq!(
            normalize_email(" Sri.W+desk@Jatengprov.GO.id ").unwrap(),
            "Sri.W+desk@jatengprov.go.id"
        );
        for bad in [
            "",
            "sri",
            "sri@",
            "@jatengprov.go.id",
            "sri@localhost",
            "sri@@jatengprov.go.id",
            "\"sri\"@jatengprov.go.id",
            "sri@[127.0.0.1]",
            "sri@-x.go.id",
            "sri@x..go.id",
            "sri @jatengprov.go.id",
            "sri@jatengprov.go.id\r\nBcc: x@y.z",
        ] {
            assert_eq!(normalize_email(bad), Err(ContactError::Email), "{bad:?}");
        }
    }

    #[test]
    fn personal_numbers_are_masked_and_others_kept() {
        let m = mask_personal_numbers;
        assert_eq!(
            m("NIK saya 3374012345678901 mohon dibantu"),
            "NIK saya •••••••••••••901 mohon dibantu"
        );
        assert_eq!(m("hubungi 081225550123."), "hubungi •••••••••123.");
        assert_eq!(m("wa +62 812-2555-0123"), "wa +•• •••-••••-•123");
        assert_eq!(m("NIP 198703252010011002"), "NIP •••••••••••••••002");
        assert_eq!(m("NIK 3374 0123 4567 8901."), "NIK •••• •••• •••• •901.");
        assert_eq!(m("NIK 3374-0123-4567-8901"), "NIK ••••-••••-••••-•901");
        for kept in [
            "tiket JTG-2026-000123",
            "tanggal 2026-03-02",
            "tiket JTG-2026-000123 2026-03-02",
            "2026-03-02 2026-03-03 2026-03-04",
            "Rp 1.500.000.000",
            "kode 12345",
            "ID ABC3374012345678901",
            "tahun 2026",
        ] {
            assert_eq!(m(kept), kept);
        }
    }
}
