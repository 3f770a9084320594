//! Causes the text contradicts are dropped, and the port it names weighs in: a program that
//! waits for a greeting is on 465, one that speaks TLS too early is not.

use super::settings::Stated;
use super::{Cause, Hit};

pub(crate) fn apply(hits: &mut Vec<Hit>, lower: &str, port: Option<u16>, stated: &Stated) {
    // "Read timed out" and a greeting that never came (Nodemailer starts that timer once TCP
    // connected) are a connection that opened and then stayed silent, never a dropped port.
    let read_timeout = ["read timed out", "readtimeout", "greeting never received"]
        .iter()
        .any(|n| lower.contains(n));
    hits.retain(|hit| !(read_timeout && hit.cause == Cause::PortBlockedDrop));
    // A connect that timed out (PHPMailer's "Failed to connect to server", the JDK's "connect
    // timed out") never opened: no TLS was tried and no greeting awaited on any port.
    let connect_timeout = !read_timeout
        && [
            "failed to connect",
            "connect timed out",
            "connection timed out",
        ]
        .iter()
        .any(|n| lower.contains(n));
    hits.retain(|hit| !(connect_timeout && hit.cause == Cause::StarttlsOnImplicitPort));
    // A port named in the text rules out the other mismatch.
    hits.retain(|hit| match port {
        Some(465) => hit.cause != Cause::ImplicitTlsOnStarttlsPort,
        Some(_) => hit.cause != Cause::StarttlsOnImplicitPort,
        None => true,
    });
    // Settings that start TLS at once rule out waiting for a plaintext greeting.
    hits.retain(|hit| match stated.implicit {
        Some((true, _)) => hit.cause != Cause::StarttlsOnImplicitPort,
        _ => true,
    });
    // A name that did not resolve was never connected to: no port was dropped or refused.
    let unresolved = hits.iter().any(|h| h.cause == Cause::DnsFailure);
    hits.retain(|hit| {
        !(unresolved
            && matches!(
                hit.cause,
                Cause::PortBlockedDrop | Cause::PortRefused | Cause::NoRoute
            ))
    });
    // A refusal of the sending address is no relay refusal, though the line says "relay"
    // (Gmail: "use the SMTP relay at your service provider"; a Postfix log's `relay=`).
    let address_refused = hits.iter().any(|h| h.cause == Cause::SenderAddressRefused);
    hits.retain(|hit| !(address_refused && hit.cause == Cause::RelayDenied));
    for hit in hits.iter_mut() {
        if port == Some(465) && hit.cause == Cause::StarttlsOnImplicitPort {
            hit.score += 500;
        }
    }
}
