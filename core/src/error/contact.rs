//! Errors of reporters' contact details.

use crate::lang::Lang;

use super::say;

/// A contact detail that is not a phone number or an email address the desk can
/// write to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContactError {
    /// Not a phone number: `+<country><number>` (E.164) or Indonesian `08…` / `62…`.
    Phone,
    /// Not an email address (`name@domain.tld`).
    Email,
}

impl ContactError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ContactError::Phone => "reporter.phone_invalid",
            ContactError::Email => "reporter.email_invalid",
        }
    }

    /// What was wrong and what was expected (never the input itself: it is personal
    /// data).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ContactError::Phone => say!(lang,
                id: "nomor telepon tidak valid: diharapkan nomor Indonesia (08…, 62… atau +62…) atau nomor internasional +<kode negara><nomor>, 8–15 angka",
                en: "invalid phone number: expected an Indonesian number (08…, 62… or +62…) or an international +<country code><number>, 8–15 digits",
            ),
            ContactError::Email => say!(lang,
                id: "alamat email tidak valid: diharapkan nama@domain.tld",
                en: "invalid email address: expected name@domain.tld",
            ),
        }
    }
}
