//! The lab's certificates, made fresh at each start with rcgen: an authority (written out with
//! `--ca-out` so that a verifying client can trust it), the server certificate it signs for
//! `localhost`, `127.0.0.1`, `::1` and the model's host name, and the attacker's forgery for the
//! same names, signed by itself (`--attack cert`), which no client that checks will accept.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::ServerConfig;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use smtp_sim::server::HOSTNAME;

/// The names a client may connect to.
const NAMES: [&str; 4] = ["localhost", "127.0.0.1", "::1", HOSTNAME];

pub struct Certificates {
    /// The authority's certificate, PEM, for `--ca-out`.
    pub ca_pem: String,
    /// The lab's own TLS: a certificate chain up to the authority.
    pub lab: Arc<ServerConfig>,
    /// The attacker's TLS: a self-signed certificate for the same names.
    pub forged: Arc<ServerConfig>,
}

impl Certificates {
    pub fn generate() -> Result<Certificates, String> {
        let err = |e: rcgen::Error| format!("smtp-sim lab: cannot make certificates: {e}");
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(
            DnType::CommonName,
            "smtp-sim lab CA (made at start, for this run only)",
        );
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_key = KeyPair::generate().map_err(err)?;
        let ca_cert = ca_params.self_signed(&ca_key).map_err(err)?;
        let issuer = Issuer::from_params(&ca_params, &ca_key);

        let (leaf_params, leaf_key) = leaf("smtp-sim lab server").map_err(err)?;
        let leaf_cert = leaf_params.signed_by(&leaf_key, &issuer).map_err(err)?;
        let lab = config(
            vec![leaf_cert.der().clone(), ca_cert.der().clone()],
            &leaf_key,
        )?;

        let (forged_params, forged_key) = leaf(HOSTNAME).map_err(err)?;
        let forged_cert = forged_params.self_signed(&forged_key).map_err(err)?;
        let forged = config(vec![forged_cert.der().clone()], &forged_key)?;
        Ok(Certificates {
            ca_pem: ca_cert.pem(),
            lab,
            forged,
        })
    }
}

fn leaf(common_name: &str) -> Result<(CertificateParams, KeyPair), rcgen::Error> {
    let mut params = CertificateParams::new(NAMES.map(String::from).to_vec())?;
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.use_authority_key_identifier_extension = true;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    Ok((params, KeyPair::generate()?))
}

// ring is the project's provider (never aws-lc); rustls 0.23.48 deprecates it only because
// its key exchange has no post-quantum group, which a loopback lab does not need.
#[allow(deprecated)]
fn config(chain: Vec<CertificateDer<'static>>, key: &KeyPair) -> Result<Arc<ServerConfig>, String> {
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(chain, key))
        .map(Arc::new)
        .map_err(|e| format!("smtp-sim lab: cannot set up TLS: {e}"))
}
