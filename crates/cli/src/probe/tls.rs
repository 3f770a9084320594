//! TLS for the probe: the roots to trust, and a handshake that records what a checking program
//! would decide about the certificate (valid, untrusted, name mismatch, expired) while still
//! finishing, so that the capabilities after TLS can be read too. Nothing secret is ever sent
//! over such a connection: the probe only says EHLO and QUIT inside it.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::ring;
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, Error, RootCertStore};
use rustls::{SignatureScheme, ALL_VERSIONS};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

/// The certificates a checking program would trust, and where they came from.
#[derive(Clone)]
pub struct Roots {
    pub store: Arc<RootCertStore>,
    pub source: String,
}

impl Roots {
    /// The PEM certificates in `file` only (as `curl --cacert` does), else the system's roots,
    /// else Mozilla's list as webpki-roots ships it.
    pub fn load(ca: Option<&Path>) -> Result<Roots, String> {
        let mut store = RootCertStore::empty();
        if let Some(file) = ca {
            let certs = CertificateDer::pem_file_iter(file)
                .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                .map_err(|e| format!("cannot read certificates from {}: {e}", file.display()))?;
            let (added, _) = store.add_parsable_certificates(certs);
            if added == 0 {
                return Err(format!("no certificate in {}", file.display()));
            }
            return Ok(Roots {
                store: Arc::new(store),
                source: format!("{} ({added} from --ca)", file.display()),
            });
        }
        let native = rustls_native_certs::load_native_certs();
        let (added, _) = store.add_parsable_certificates(native.certs);
        let source = if added > 0 {
            format!("the system's roots ({added})")
        } else {
            store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            format!("webpki-roots, Mozilla's list ({})", store.len())
        };
        Ok(Roots {
            store: Arc::new(store),
            source,
        })
    }
}

/// What a program that checks certificates would decide (the JSON `certificate` field).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CertStatus {
    Valid,
    /// No chain to a trusted root (self-signed, private CA, missing intermediate).
    Untrusted,
    NameMismatch,
    Expired,
    /// No certificate was seen (no TLS).
    None,
}

impl CertStatus {
    pub fn name(self) -> &'static str {
        match self {
            CertStatus::Valid => "valid",
            CertStatus::Untrusted => "untrusted",
            CertStatus::NameMismatch => "name-mismatch",
            CertStatus::Expired => "expired",
            CertStatus::None => "none",
        }
    }
}

/// The server's certificate as the probe saw it.
#[derive(Clone, Debug, Serialize)]
pub struct CertInfo {
    pub status: CertStatus,
    /// What the check said, in rustls's words, when it failed.
    pub error: Option<String>,
    pub subject: String,
    pub issuer: String,
    /// DNS names and addresses the certificate is for (subjectAltName).
    pub names: Vec<String>,
    /// notAfter, RFC 3339.
    pub not_after: String,
    /// Days until notAfter (negative once expired).
    pub days_left: i64,
    /// Certificates the server sent (leaf first).
    pub chain_len: usize,
    /// The chain as sent (DER, leaf first), for DANE's TLSA check.
    #[serde(skip)]
    pub chain: Vec<Vec<u8>>,
}

/// What one handshake established.
#[derive(Clone, Debug)]
pub struct TlsInfo {
    pub version: String,
    pub cipher: String,
    pub cert: Option<CertInfo>,
}

/// Records the verdict of the real (webpki) check and lets the handshake go on.
#[derive(Debug)]
struct Recorder {
    inner: Arc<WebPkiServerVerifier>,
    seen: Mutex<Option<(CertStatus, Option<String>)>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let result =
            self.inner
                .verify_server_cert(end_entity, intermediates, server_name, ocsp, now);
        let status = match &result {
            Ok(_) => (CertStatus::Valid, None),
            Err(e) => (classify(e), Some(e.to_string())),
        };
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = Some(status);
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// webpki's reasons, in the four words a mail program's error boils down to.
fn classify(error: &Error) -> CertStatus {
    match error {
        Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => CertStatus::NameMismatch,
        Error::InvalidCertificate(
            CertificateError::Expired | CertificateError::ExpiredContext { .. },
        ) => CertStatus::Expired,
        _ => CertStatus::Untrusted,
    }
}

/// A client configuration that records the certificate check; `alpn` for HTTPS.
fn config(roots: &Roots, alpn: &[&[u8]]) -> Result<(ClientConfig, Arc<Recorder>), String> {
    // The project's provider is ring, never aws-lc (README "How it is built"); rustls 0.23.48
    // deprecates it only for its lack of post-quantum key exchange.
    #[allow(deprecated)]
    let provider = Arc::new(ring::default_provider());
    let inner = WebPkiServerVerifier::builder_with_provider(roots.store.clone(), provider.clone())
        .build()
        .map_err(|e| format!("TLS setup: {e}"))?;
    let recorder = Arc::new(Recorder {
        inner,
        seen: Mutex::new(None),
    });
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(ALL_VERSIONS)
        .map_err(|e| format!("TLS setup: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Ok((config, recorder))
}

/// The TLS handshake over `io` for `host` (a name or an address, as the certificate must show).
/// The handshake completes whatever the certificate; `TlsInfo` says what a checking program
/// would have decided.
pub async fn handshake<IO>(
    io: IO,
    host: &str,
    roots: &Roots,
    alpn: &[&[u8]],
) -> Result<(TlsStream<IO>, TlsInfo), String>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    let name = ServerName::try_from(host.to_string())
        .map_err(|_| format!("{host} is not a name TLS can check"))?;
    let (config, recorder) = config(roots, alpn)?;
    let stream = TlsConnector::from(Arc::new(config))
        .connect(name, io)
        .await
        .map_err(|e| e.to_string())?;
    let (_, conn) = stream.get_ref();
    let version = conn
        .protocol_version()
        .and_then(|v| v.as_str())
        .unwrap_or("?")
        .replace('_', ".");
    let cipher = conn
        .negotiated_cipher_suite()
        .map(|s| format!("{:?}", s.suite()))
        .unwrap_or_default();
    let seen = recorder
        .seen
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take();
    let cert = conn.peer_certificates().and_then(|chain| {
        let (status, error) = seen.clone().unwrap_or((CertStatus::Untrusted, None));
        describe(chain, status, error)
    });
    Ok((
        stream,
        TlsInfo {
            version,
            cipher,
            cert,
        },
    ))
}

/// Subject, issuer, names and expiry of the leaf certificate.
fn describe(
    chain: &[CertificateDer<'_>],
    status: CertStatus,
    error: Option<String>,
) -> Option<CertInfo> {
    use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};
    let (_, leaf) = X509Certificate::from_der(chain.first()?.as_ref()).ok()?;
    let names = leaf
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|n| match n {
                    GeneralName::DNSName(d) => Some(d.to_string()),
                    GeneralName::IPAddress(ip) => ip_text(ip),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let not_after = leaf.validity().not_after;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Some(CertInfo {
        status,
        error,
        subject: leaf.subject().to_string(),
        issuer: leaf.issuer().to_string(),
        names,
        not_after: not_after
            .to_datetime()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| not_after.to_string()),
        days_left: (not_after.timestamp() - now).div_euclid(86_400),
        chain_len: chain.len(),
        chain: chain.iter().map(|c| c.as_ref().to_vec()).collect(),
    })
}

fn ip_text(bytes: &[u8]) -> Option<String> {
    match bytes.len() {
        4 => Some(std::net::Ipv4Addr::from(<[u8; 4]>::try_from(bytes).ok()?).to_string()),
        16 => Some(std::net::Ipv6Addr::from(<[u8; 16]>::try_from(bytes).ok()?).to_string()),
        _ => None,
    }
}
