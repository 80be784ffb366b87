//! serde's messages (serde_json, serde-wasm-bindgen, toml) in the reader's language.
//!
//! A body or file that does not read is reported with serde's own message, which
//! names the field, the value and the place; it is English. [`serde_message`] says it
//! in Bahasa Indonesia by its standard shapes (`missing field`, `unknown field`,
//! `invalid type`, `EOF while parsing`, `at line L column C`, …), keeping the quoted
//! names and values as they are; a message of another shape stays as written.

use crate::lang::Lang;

/// serde's message `text` in `lang` (English is `text` itself).
///
/// # Example
///
/// ```
/// use loket_core::error::serde_message;
/// use loket_core::Lang;
///
/// let e = serde_json::from_str::<serde_json::Value>("{\"a\": ").unwrap_err();
/// assert_eq!(
///     serde_message(&e.to_string(), Lang::Id),
///     "teks berakhir sebelum lengkap (baris 1 kolom 6)"
/// );
/// assert_eq!(
///     serde_message("missing field `body`", Lang::Id),
///     "kolom `body` wajib ada"
/// );
/// assert_eq!(serde_message("missing field `body`", Lang::En), "missing field `body`");
/// ```
pub fn serde_message(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    // toml's messages are several lines: a heading, the excerpt, the message.
    if text.contains('\n') {
        let lines: Vec<String> = text.lines().map(one_line).collect();
        return lines.join("\n");
    }
    one_line(text)
}

fn one_line(text: &str) -> String {
    if let Some(rest) = text.strip_prefix("TOML parse error at line ") {
        if let Some((l, c)) = rest.split_once(", column ") {
            return format!("kesalahan TOML pada baris {l}, kolom {c}");
        }
    }
    // `… at line 3 column 7` (serde_json) is said as `(baris 3 kolom 7)`.
    let (body, place) = match text.rsplit_once(" at line ") {
        Some((b, rest)) => match rest.split_once(" column ") {
            Some((l, c))
                if l.chars().all(|x| x.is_ascii_digit())
                    && c.chars().all(|x| x.is_ascii_digit()) =>
            {
                (b, Some(format!(" (baris {l} kolom {c})")))
            }
            _ => (text, None),
        },
        None => (text, None),
    };
    let said = say_body(body);
    format!("{said}{}", place.unwrap_or_default())
}

fn say_body(body: &str) -> String {
    if body.starts_with("EOF while parsing") {
        return "teks berakhir sebelum lengkap".into();
    }
    let fixed = [
        ("expected value", "nilai tidak terbaca"),
        ("expected `,` or `}`", "diharapkan `,` atau `}`"),
        ("expected `,` or `]`", "diharapkan `,` atau `]`"),
        ("expected `:`", "diharapkan `:`"),
        ("key must be a string", "kunci harus berupa teks"),
        (
            "trailing characters",
            "ada karakter lebih setelah akhir dokumen",
        ),
        ("trailing comma", "koma berlebih"),
        (
            "control character (\\u0000-\\u001F) found while parsing a string",
            "karakter kontrol di dalam teks",
        ),
        ("invalid escape", "escape tidak valid"),
        ("invalid number", "angka tidak valid"),
        ("number out of range", "angka di luar jangkauan"),
        ("invalid unicode code point", "kode Unicode tidak valid"),
        ("recursion limit exceeded", "struktur terlalu dalam"),
    ];
    if let Some((_, id)) = fixed.iter().find(|(en, _)| body == *en) {
        return (*id).to_string();
    }
    if let Some(rest) = body.strip_prefix("missing field ") {
        return format!("kolom {rest} wajib ada");
    }
    if let Some(rest) = body.strip_prefix("duplicate field ") {
        return format!("kolom {rest} tertulis dua kali");
    }
    if let Some(rest) = body.strip_prefix("unknown field ") {
        return match rest.split_once(", expected one of ") {
            Some((f, list)) => format!("kolom {f} tidak dikenal; yang dikenal: {list}"),
            None => match rest.split_once(", expected ") {
                Some((f, one)) => format!(
                    "kolom {f} tidak dikenal; yang dikenal: {}",
                    one.replace("` or `", "` atau `")
                ),
                None => match rest.strip_suffix(", there are no fields") {
                    Some(f) => format!("kolom {f} tidak dikenal; tidak ada kolom di sini"),
                    None => format!("kolom {rest} tidak dikenal"),
                },
            },
        };
    }
    if let Some(rest) = body.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected one of ") {
            Some((v, list)) => {
                format!("nilai {v} tidak dikenal; diharapkan salah satu dari {list}")
            }
            None => match rest.split_once(", expected ") {
                Some((v, one)) => format!(
                    "nilai {v} tidak dikenal; diharapkan {}",
                    one.replace("` or `", "` atau `")
                ),
                None => format!("nilai {rest} tidak dikenal"),
            },
        };
    }
    for (en, id) in [
        ("invalid type: ", "jenis nilai salah: "),
        ("invalid value: ", "nilai tidak valid: "),
        ("invalid length ", "panjang tidak valid: "),
    ] {
        if let Some(rest) = body.strip_prefix(en) {
            return match rest.rsplit_once(", expected ") {
                Some((got, want)) => format!("{id}{got}, diharapkan {want}"),
                None => format!("{id}{rest}"),
            };
        }
    }
    body.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        let e = serde_json::from_str::<T>(json).unwrap_err();
        serde_message(&e.to_string(), Lang::Id)
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        body: String,
        kind: Kind,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Complaint,
    }

    #[test]
    fn serde_json_messages_read_in_bahasa_indonesia() {
        assert_eq!(
            id_of::<Body>(r#"{"kind": "complaint"}"#),
            "kolom `body` wajib ada (baris 1 kolom 21)"
        );
        assert_eq!(
            id_of::<Body>(r#"{"body": "x", "kind": "complaint", "x": 1}"#),
            "kolom `x` tidak dikenal; yang dikenal: `body` atau `kind` (baris 1 kolom 38)"
        );
        assert_eq!(
            id_of::<Body>(r#"{"body": 5, "kind": "complaint"}"#),
            "jenis nilai salah: integer `5`, diharapkan a string (baris 1 kolom 10)"
        );
        assert_eq!(
            id_of::<Body>(r#"{"body": "x", "kind": "aduan!"}"#),
            "nilai `aduan!` tidak dikenal; diharapkan `complaint` (baris 1 kolom 30)"
        );
        assert_eq!(
            id_of::<Body>("{"),
            "teks berakhir sebelum lengkap (baris 1 kolom 1)"
        );
        assert_eq!(id_of::<Body>("x"), "nilai tidak terbaca (baris 1 kolom 1)");
        assert_eq!(
            id_of::<Body>(r#"{"body": "x", "kind": "complaint"} x"#),
            "ada karakter lebih setelah akhir dokumen (baris 1 kolom 36)"
        );
    }

    #[test]
    fn other_messages_stay_as_written_and_english_is_unchanged() {
        assert_eq!(
            serde_message("actor `staff` needs a `name`", Lang::Id),
            "actor `staff` needs a `name`"
        );
        let en = "unknown field `x`, expected `a` at line 1 column 5";
        assert_eq!(serde_message(en, Lang::En), en);
    }
}
