//! Errors of desk configurations that are well-formed but wrong.

use crate::lang::Lang;

use super::say;

/// What is wrong with a desk configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeskError {
    /// A warning ratio outside 0–1.
    WarningRatio,
    /// A negative reopen window.
    NegativeReopenWindow,
    /// A product id that is not lowercase letters, digits and dashes.
    BadProductId {
        /// The id.
        id: String,
    },
    /// A product id used twice.
    DuplicateProductId {
        /// The id.
        id: String,
    },
    /// A product without staff.
    EmptyTeam {
        /// The product's id.
        product: String,
    },
    /// A product name (id, name or alias) without letters or digits.
    NamelessProduct {
        /// The name.
        name: String,
        /// The product's id.
        product: String,
    },
    /// A product name (id, name or alias) used by two products.
    DuplicateProductName {
        /// The name.
        name: String,
    },
}

impl DeskError {
    /// The stable code (`desk.invalid` for all).
    pub fn code(&self) -> &'static str {
        "desk.invalid"
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DeskError::WarningRatio => say!(lang,
                id: "warning_ratio harus di atas 0 dan paling besar 1 (mis. 0.75)",
                en: "warning_ratio must be above 0 and at most 1 (e.g. 0.75)",
            ),
            DeskError::NegativeReopenWindow => say!(lang,
                id: "reopen_window tidak boleh negatif",
                en: "reopen_window must not be negative",
            ),
            DeskError::BadProductId { id } => say!(lang,
                id: "id produk `{id}` harus 1–64 huruf kecil, angka dan tanda hubung, tidak diawali tanda hubung (mis. e-planning)",
                en: "product id `{id}` must be 1–64 lowercase letters, digits and dashes, not starting with a dash (e.g. e-planning)",
            ),
            DeskError::DuplicateProductId { id } => say!(lang,
                id: "id produk `{id}` dipakai dua kali",
                en: "product id `{id}` is used twice",
            ),
            DeskError::EmptyTeam { product } => say!(lang,
                id: "produk {product} tidak memiliki petugas dalam timnya",
                en: "product {product} has no staff in its team",
            ),
            DeskError::NamelessProduct { name, product } => say!(lang,
                id: "nama produk `{name}` dari {product} tidak memuat huruf atau angka: tidak ada pesan yang dapat menyebutnya",
                en: "product name `{name}` of {product} has no letters or digits: no message could name it",
            ),
            DeskError::DuplicateProductName { name } => say!(lang,
                id: "nama produk `{name}` dipakai dua kali",
                en: "product name `{name}` is used twice",
            ),
        }
    }
}
