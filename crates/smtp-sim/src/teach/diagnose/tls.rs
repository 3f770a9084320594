//! Layer 2: TLS error families across stacks. Each is what a TLS library says when the first
//! bytes it reads are not TLS: the server's plaintext `220` greeting, read by a client that
//! started TLS at once on a port that starts in plaintext.

use super::{line_at, Cause, Hit};

/// What a TLS library says when it read no TLS: sure, above a socket error and a certificate
/// family, below a reply code's reading that names its cause.
pub(crate) const SCORE: u32 = 3400;

/// `(needle, the stack that prints it, where it was found)`.
#[rustfmt::skip]
const FAMILIES: &[(&str, &str, &str)] = &[
    ("wrong version number", "OpenSSL", "OpenSSL ssl/record (SSL_R_WRONG_VERSION_NUMBER)"),
    ("wrong_version_number", "OpenSSL, as Python prints it", "CPython Modules/_ssl.c"),
    ("unknown protocol", "OpenSSL 1.0", "OpenSSL 1.0 ssl/s23_clnt.c (SSL_R_UNKNOWN_PROTOCOL)"),
    ("unexpected tls packet was received", "GnuTLS", "GnuTLS lib/errors.c (GNUTLS_E_UNEXPECTED_PACKET); d99kris/nmail#139"),
    ("invalidcontenttype", "rustls", "rustls InvalidMessage::InvalidContentType (rustls#1172; windmill-labs/windmill#2245)"),
    ("corruptmessage", "rustls (before 0.21)", "rustls Error::CorruptMessage (lettre/lettre#842)"),
    ("first record does not look like a tls handshake", "Go crypto/tls", "golang/go src/crypto/tls/conn.go"),
    ("unrecognized ssl message", "Java (JSSE)", "the JDK's sun.security.ssl (grails-plugins/grails-mail#27)"),
    ("unexpected packet format", ".NET SslStream", "dotnet/runtime System.Net.Security (jstedfast/MailKit#339)"),
    ("is typically reserved for plain-text connections", "MailKit's SslHandshakeException", "MailKit SslHandshakeException (datalust/seq-app-htmlemail#85)"),
];

pub(crate) fn hits(input: &str, lower: &str) -> Vec<Hit> {
    FAMILIES
        .iter()
        .filter_map(|&(needle, stack, source)| {
            let at = lower.find(needle)?;
            Some(Hit::new(
                Cause::ImplicitTlsOnStarttlsPort,
                SCORE,
                needle,
                source,
                format!(
                    "{}: {stack} found no TLS record where it expected one, which is what a plaintext 220 greeting looks like to a TLS client.",
                    line_at(input, at)
                ),
            ))
        })
        .collect()
}
