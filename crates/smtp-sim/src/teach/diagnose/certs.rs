//! Layer 4: certificate families (unknown authority, self-signed, expired, name mismatch), and
//! the names in a mismatch: "valid for A, not B" means connect to A.

use super::{line_at, Cause, Hit};

/// `(needle, family, where it is printed)`.
#[rustfmt::skip]
const FAMILIES: &[(&str, &str, &str)] = &[
    ("certificate is valid for", "name mismatch", "golang/go src/crypto/x509 (HostnameError)"),
    ("did not match expected cn", "name mismatch", "PHP ext/openssl (stream_socket_enable_crypto)"),
    ("does not match certificate's altnames", "name mismatch", "Node.js tls.checkServerIdentity"),
    ("hostname mismatch", "name mismatch", "OpenSSL X509_V_ERR_HOSTNAME_MISMATCH, as Python prints it"),
    ("no subject alternative", "name mismatch", "the JDK's sun.security.util.HostnameChecker"),
    ("remotecertificatenamemismatch", "name mismatch", ".NET SslPolicyErrors"),
    ("no alternative certificate subject name matches", "name mismatch", "curl lib/vtls/openssl.c (\"SSL: no alternative certificate subject name matches target %s '%s'\")"),
    ("certificate has expired", "expired", "OpenSSL X509_V_ERR_CERT_HAS_EXPIRED; Go x509 (CertificateInvalidError)"),
    ("certificate is not yet valid", "not yet valid", "OpenSSL X509_V_ERR_CERT_NOT_YET_VALID"),
    // "… in certificate chain" first: a chain ending in a root nobody here trusts, not a lone
    // self-signed certificate (the same words begin both).
    ("self-signed certificate in certificate chain", "a root not trusted here", "OpenSSL X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN"),
    ("self signed certificate in certificate chain", "a root not trusted here", "OpenSSL 1.1 X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN"),
    ("self-signed certificate", "self-signed", "OpenSSL X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT"),
    ("self signed certificate", "self-signed", "OpenSSL 1.1 X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT"),
    ("signed by unknown authority", "unknown authority", "golang/go src/crypto/x509 (UnknownAuthorityError)"),
    ("unable to get local issuer certificate", "unknown authority", "OpenSSL X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY"),
    ("unable to verify the first certificate", "unknown authority or missing intermediate", "OpenSSL X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
    ("pkix path building failed", "unknown authority", "the JDK's sun.security.validator (PKIX)"),
    ("remotecertificatechainerrors", "unknown authority", ".NET SslPolicyErrors"),
    ("certificate verify failed", "not verified", "OpenSSL SSL_R_CERTIFICATE_VERIFY_FAILED"),
    ("server certificate not verified", "not verified", "Postfix src/smtp/smtp_proto.c (4.7.5)"),
];

/// A certificate family's score: above a program's own sentence for the same failure (`STRONG`
/// plus the sentence's length), below most reply codes' readings (`STRONG` + 450 and up), which say
/// what the server did.
pub(crate) const SCORE: u32 = 3300;

pub(crate) fn hits(input: &str, lower: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    for &(needle, family, source) in FAMILIES {
        let Some(at) = lower.find(needle) else {
            continue;
        };
        // A shorter needle where a longer one already matched says nothing more.
        if seen.contains(&at) {
            continue;
        }
        seen.push(at);
        let mut evidence = format!(
            "{}: the certificate check failed ({family}).",
            line_at(input, at)
        );
        let pair = names(&input[at..])
            .or_else(|| php_names(input).filter(|_| needle == "did not match expected cn"));
        if let Some((names, host)) = pair.filter(|(n, h)| !n.is_empty() && !h.is_empty()) {
            let first = names.split(", ").next().unwrap_or(&names);
            evidence.push_str(&format!(
                " The certificate is for {names}; you connected to {host}."
            ));
            if !first.contains('*') {
                evidence.push_str(&format!(
                    " Connect to {first} instead (or give the server a certificate for {host})."
                ));
            }
        }
        hits.push(Hit::new(
            Cause::CertificateInvalid,
            SCORE,
            needle,
            source,
            evidence,
        ));
    }
    hits
}

/// The names a certificate is for and the host asked for, from Go's `certificate is valid for
/// A, B, not C` or PHP's `Peer certificate CN=`A' did not match expected CN=`C'`.
fn names(text: &str) -> Option<(String, String)> {
    const VALID_FOR: &str = "certificate is valid for ";
    let line = text.lines().next()?;
    // Go prints it in lower case (crypto/x509 HostnameError.Error).
    let rest = line.strip_prefix(VALID_FOR)?;
    let strip = |s: &str| {
        s.trim()
            .trim_matches(|c: char| "`'\"(),.".contains(c))
            .to_string()
    };
    let (names, host) = rest.rsplit_once(", not ")?;
    let host = host.split(['"', ' ']).next().unwrap_or("");
    Some((strip(names), strip(host)))
}

/// PHP names the certificate's CN before the text that matched: `Peer certificate CN=`A' did
/// not match expected CN=`B'`.
fn php_names(input: &str) -> Option<(String, String)> {
    let at = input.find("Peer certificate CN=")?;
    let rest = &input[at + "Peer certificate CN=".len()..];
    let (cert, rest) = rest.split_once(" did not match expected CN=")?;
    // Each name is quoted `like this'; PHP's warning goes on with " in <file> on line <n>".
    let quoted = |s: &str| {
        let s = s.trim().trim_start_matches('`');
        s.split('\'').next().unwrap_or_default().to_string()
    };
    Some((quoted(cert), quoted(rest)))
}
