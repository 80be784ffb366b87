//! TLS to PostgreSQL as libpq reads it: `sslmode` (`disable`, `allow`, `prefer`,
//! `require`, `verify-ca`, `verify-full`) and `sslrootcert` in the connection
//! string, with rustls. The postgres crate knows only `disable`, `prefer` and
//! `require` and no `sslrootcert`: both are taken out of the string here and the
//! rest is given to it.
//!
//! | `sslmode` | encrypted | the server's certificate |
//! |---|---|---|
//! | `disable` | never | — |
//! | `allow`, `prefer` (the default) | when the server offers TLS (never over a unix socket) | not checked |
//! | `require` | always (else the connection fails) | not checked; checked as `verify-ca` when `sslrootcert` is given (as libpq) |
//! | `verify-ca` | always | signed by a CA of `sslrootcert` |
//! | `verify-full` | always | signed by a CA of `sslrootcert`, and issued for the host connected to |
//!
//! `sslrootcert` is a PEM file of CA certificates; without it, `verify-ca` and
//! `verify-full` read `~/.postgresql/root.crt`, as libpq does. Client certificates
//! (`sslcert`, `sslkey`) are not supported and refused, not ignored.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::StoreError;

/// How the certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Not at all (encryption against eavesdroppers, not against a man in the middle).
    Nothing,
    /// Signed by a trusted CA.
    Ca,
    /// Signed by a trusted CA and issued for the host.
    Full,
}

/// A connection string read: the postgres crate's configuration and the TLS
/// connector its `sslmode` asks for.
#[derive(Clone)]
pub(crate) struct Target {
    pub(crate) config: postgres::Config,
    tls: MakeRustlsConnect,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Target")
    }
}

impl Target {
    /// Reads `url` (see the module's documentation).
    pub(crate) fn parse(url: &str) -> Result<Target, StoreError> {
        let bad = |what: String| {
            StoreError::Io(format!(
                "the PostgreSQL connection string does not read: {what} (expected postgres://user@host/db or host=/run/postgresql dbname=loket)"
            ))
        };
        let (rest, params) =
            take_params(url, &["sslmode", "sslrootcert", "sslcert", "sslkey"]).map_err(bad)?;
        // Given twice, libpq would take the last: a `sslmode=verify-full` appended to
        // a string that already says `prefer` would then be silently weaker here if
        // the first were taken. Neither is guessed: it is refused.
        for (i, (k, _)) in params.iter().enumerate() {
            if params[..i].iter().any(|(n, _)| n == k) {
                return Err(bad(format!("`{k}` is given twice")));
            }
        }
        // As libpq: the environment when the string does not say.
        let env = |k: &str, var: &str| {
            std::env::var(var)
                .ok()
                .filter(|v| !v.is_empty())
                .map(|v| (k.to_string(), v))
        };
        let mut params = params;
        for (k, var) in [("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")] {
            if !params.iter().any(|(n, _)| n == k) {
                params.extend(env(k, var));
            }
        }
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if get("sslcert").is_some() || get("sslkey").is_some() {
            return Err(bad(
                "client certificates (sslcert, sslkey) are not supported: authenticate with a password (scram-sha-256)".into(),
            ));
        }
        let root = get("sslrootcert");
        let (mode, check) = match get("sslmode").as_deref() {
            None | Some("prefer" | "allow") => (postgres::config::SslMode::Prefer, Check::Nothing),
            Some("disable") => (postgres::config::SslMode::Disable, Check::Nothing),
            Some("require") if root.is_some() => (postgres::config::SslMode::Require, Check::Ca),
            Some("require") => (postgres::config::SslMode::Require, Check::Nothing),
            Some("verify-ca") => (postgres::config::SslMode::Require, Check::Ca),
            Some("verify-full") => (postgres::config::SslMode::Require, Check::Full),
            Some(other) => {
                return Err(bad(format!(
                    "sslmode `{other}`: expected disable, allow, prefer, require, verify-ca or verify-full"
                )))
            }
        };
        let mut config: postgres::Config = rest
            .parse()
            .map_err(|e: postgres::Error| bad(e.to_string()))?;
        config.ssl_mode(mode);
        let tls = connector(check, root.as_deref())?;
        Ok(Target { config, tls })
    }

    /// A new connection.
    pub(crate) fn connect(&self) -> Result<postgres::Client, postgres::Error> {
        self.config.connect(self.tls.clone())
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn connector(check: Check, root: Option<&str>) -> Result<MakeRustlsConnect, StoreError> {
    let tls_err = |e: String| StoreError::Io(format!("TLS to PostgreSQL: {e}"));
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_err(e.to_string()))?;
    let config = match check {
        Check::Nothing => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider())))
            .with_no_client_auth(),
        Check::Ca | Check::Full => {
            let roots = Arc::new(roots(root)?);
            let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider())
                .build()
                .map_err(|e| tls_err(e.to_string()))?;
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(Verify {
                    webpki,
                    host: check == Check::Full,
                }))
                .with_no_client_auth()
        }
    };
    Ok(MakeRustlsConnect::new(config))
}

/// The CA certificates of `sslrootcert` (or libpq's default file).
fn roots(path: Option<&str>) -> Result<RootCertStore, StoreError> {
    let path = match path {
        Some("system") => {
            return Err(StoreError::Io(
                "sslrootcert=system is not supported: give the path of the CA's PEM file".into(),
            ))
        }
        Some(p) => std::path::PathBuf::from(p),
        None => std::env::var_os("HOME")
            .map(|h| std::path::Path::new(&h).join(".postgresql/root.crt"))
            .filter(|p| p.exists())
            .ok_or_else(|| {
                StoreError::Io(
                    "sslmode verify-ca and verify-full need the CA's certificate: add sslrootcert=/path/to/ca.pem (or put it in ~/.postgresql/root.crt)".into(),
                )
            })?,
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&path)
        .and_then(|i| i.collect::<Result<_, _>>())
        .map_err(|e| StoreError::Io(format!("sslrootcert {}: {e}", path.display())))?;
    let mut store = RootCertStore::empty();
    let (added, _) = store.add_parsable_certificates(certs);
    if added == 0 {
        return Err(StoreError::Io(format!(
            "sslrootcert {}: no certificate in it (expected PEM, -----BEGIN CERTIFICATE-----)",
            path.display()
        )));
    }
    Ok(store)
}

/// `verify-ca` and `verify-full`: the chain against the roots; the host name only
/// for `verify-full`.
#[derive(Debug)]
struct Verify {
    webpki: Arc<WebPkiServerVerifier>,
    host: bool,
}

impl ServerCertVerifier for Verify {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.webpki.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.host => Ok(ServerCertVerified::assertion()),
            r => r,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

/// `prefer` and `require` without a root: any certificate (libpq's behaviour), the
/// handshake's signatures still checked.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Takes the parameters named in `keys` out of a connection string (a URL's query,
/// or `key=value` pairs with libpq's quoting), returning the rest unchanged and the
/// parameters taken (values unquoted, percent-decoded in a URL).
pub(crate) fn take_params(
    url: &str,
    keys: &[&str],
) -> Result<(String, Vec<(String, String)>), String> {
    let mut taken = Vec::new();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let Some((head, query)) = url.split_once('?') else {
            return Ok((url.to_string(), taken));
        };
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            if keys.contains(&k) {
                taken.push((k.to_string(), percent_decode(v)?));
            } else {
                kept.push(pair);
            }
        }
        let rest = if kept.is_empty() {
            head.to_string()
        } else {
            format!("{head}?{}", kept.join("&"))
        };
        return Ok((rest, taken));
    }
    // key = value pairs; a value may be 'quoted' (\' and \\ escaped inside).
    let b = url.as_bytes();
    let mut rest = String::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == b.len() {
            break;
        }
        let start = i;
        while i < b.len() && b[i] != b'=' && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = &url[start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == b.len() || b[i] != b'=' {
            // Not the word itself: it may be part of a password.
            return Err(format!(
                "a word at character {} has no `=value` (a value with spaces needs 'quotes')",
                start + 1
            ));
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = Vec::new();
        if i < b.len() && b[i] == b'\'' {
            i += 1;
            loop {
                match b.get(i) {
                    None => return Err(format!("the value of `{key}` has no closing quote")),
                    Some(b'\'') => {
                        i += 1;
                        break;
                    }
                    Some(b'\\') if i + 1 < b.len() => {
                        value.push(b[i + 1]);
                        i += 2;
                    }
                    Some(c) => {
                        value.push(*c);
                        i += 1;
                    }
                }
            }
        } else {
            while i < b.len() && !b[i].is_ascii_whitespace() {
                if b[i] == b'\\' && i + 1 < b.len() {
                    i += 1;
                }
                value.push(b[i]);
                i += 1;
            }
        }
        if keys.contains(&key) {
            let v = String::from_utf8(value)
                .map_err(|_| format!("the value of `{key}` is not UTF-8"))?;
            taken.push((key.to_string(), v));
        } else {
            if !rest.is_empty() {
                rest.push(' ');
            }
            rest.push_str(&url[start..i]);
        }
    }
    Ok((rest, taken))
}

fn percent_decode(v: &str) -> Result<String, String> {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = v
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("`{v}`: a % not followed by two hex digits"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("`{v}` is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssl_parameters_come_out_of_both_forms_and_the_rest_stays() {
        let (rest, p) = take_params(
            "postgres://u:p%40ss@db.internal:5433/loket?sslmode=verify-full&application_name=x&sslrootcert=%2Fetc%2Fca%20dir%2Fca.pem",
            &["sslmode", "sslrootcert"],
        )
        .unwrap();
        assert_eq!(
            rest,
            "postgres://u:p%40ss@db.internal:5433/loket?application_name=x"
        );
        assert_eq!(
            p,
            [
                ("sslmode".into(), "verify-full".into()),
                ("sslrootcert".into(), "/etc/ca dir/ca.pem".into())
            ]
        );
        let (rest, p) = take_params(
            "host=db.internal  sslmode = require dbname=loket sslrootcert='/etc/ca dir/it\\'s.pem' password=a\\ b",
            &["sslmode", "sslrootcert"],
        )
        .unwrap();
        assert_eq!(rest, "host=db.internal dbname=loket password=a\\ b");
        assert_eq!(
            p,
            [
                ("sslmode".into(), "require".into()),
                ("sslrootcert".into(), "/etc/ca dir/it's.pem".into())
            ]
        );
        // What remains still reads.
        assert!(rest.parse::<postgres::Config>().is_ok());
        assert!(take_params("host='unclosed", &["sslmode"]).is_err());
        assert!(take_params("host", &["sslmode"]).is_err());
        // A password with a space, unquoted: the error does not repeat it.
        let e = take_params("password=ab cd host=h", &["sslmode"]).unwrap_err();
        assert!(!e.contains("cd"), "{e}");
        assert!(take_params("postgres://h/db?sslrootcert=%zz", &["sslrootcert"]).is_err());
    }

    #[test]
    fn modes_are_read_as_libpq_reads_them() {
        let t = Target::parse("host=h dbname=d").unwrap();
        assert_eq!(t.config.get_ssl_mode(), postgres::config::SslMode::Prefer);
        let t = Target::parse("postgres://h/d?sslmode=disable").unwrap();
        assert_eq!(t.config.get_ssl_mode(), postgres::config::SslMode::Disable);
        let t = Target::parse("host=h sslmode=require").unwrap();
        assert_eq!(t.config.get_ssl_mode(), postgres::config::SslMode::Require);
        let err = |s: &str| Target::parse(s).unwrap_err().to_string();
        assert!(err("host=h sslmode=verify").contains("expected disable, allow, prefer"));
        assert!(err("host=h sslcert=/c.pem").contains("not supported"));
        assert!(
            err("host=h sslmode=verify-full sslrootcert=/nonexistent/ca.pem")
                .contains("/nonexistent/ca.pem")
        );
        assert!(err("host=h sslmode=verify-ca sslrootcert=system").contains("not supported"));
        assert!(err("host=h sslmode=prefer sslmode=verify-full").contains("given twice"));
    }
}
