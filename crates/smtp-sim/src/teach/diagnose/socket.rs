//! Layer 3: socket and DNS errors by runtime: refused, dropped (a timeout while connecting),
//! closed, and a name that does not resolve.

use super::{line_at, Cause, Hit};

use Cause::*;

/// A socket or DNS error says what happened for certain: above a program's sentence for it
/// (`STRONG` plus the sentence's length), below a certificate family and a reply code's reading.
pub(crate) const SURE: u32 = 3200;
/// A reset says the server closed the connection, only likely the cause: the close often follows
/// something else the text names.
pub(crate) const RESET: u32 = 2200;

/// `(needle, cause, what it is, where it is printed)`.
#[rustfmt::skip]
const ERRORS: &[(&str, Cause, &str, &str)] = &[
    ("econnrefused", PortRefused, "ECONNREFUSED: the connection was refused", "Node.js net (errno names)"),
    ("connection refused", PortRefused, "ECONNREFUSED: the connection was refused", "the C library's strerror(ECONNREFUSED)"),
    ("actively refused", PortRefused, "WSAECONNREFUSED (10061): the connection was refused", "Windows Sockets error 10061"),
    ("10061", PortRefused, "WSAECONNREFUSED (10061): the connection was refused", "Windows Sockets error 10061"),
    ("ehostunreach", NoRoute, "EHOSTUNREACH: no route to the host", "Node.js net (errno names)"),
    ("no route to host", NoRoute, "EHOSTUNREACH: no route to the host", "the C library's strerror(EHOSTUNREACH); the JDK's java.net.NoRouteToHostException"),
    ("unreachable host", NoRoute, "WSAEHOSTUNREACH (10065): no route to the host", "Windows Sockets error 10065"),
    ("enetunreach", NoRoute, "ENETUNREACH: no route to that network", "Node.js net (errno names)"),
    ("network is unreachable", NoRoute, "ENETUNREACH: no route to that network", "the C library's strerror(ENETUNREACH)"),
    ("etimedout", PortBlockedDrop, "ETIMEDOUT: connecting timed out", "Node.js net (errno names)"),
    ("connection timed out", PortBlockedDrop, "ETIMEDOUT: connecting timed out", "the C library's strerror(ETIMEDOUT)"),
    ("connect timed out", PortBlockedDrop, "connecting timed out", "the JDK's java.net.SocketTimeoutException"),
    ("i/o timeout", PortBlockedDrop, "dial: connecting timed out", "golang/go src/net (dial tcp …: i/o timeout)"),
    ("opentimeout", PortBlockedDrop, "Net::OpenTimeout: connecting timed out", "Ruby net/protocol (Net::OpenTimeout)"),
    ("did not properly respond after a period of time", PortBlockedDrop, "WSAETIMEDOUT (10060): connecting timed out", "Windows Sockets error 10060"),
    ("10060", PortBlockedDrop, "WSAETIMEDOUT (10060): connecting timed out", "Windows Sockets error 10060"),
    ("econnreset", ConnectionClosed, "ECONNRESET: the server reset the connection", "Node.js net (errno names)"),
    ("connection reset by peer", ConnectionClosed, "ECONNRESET: the server reset the connection", "the C library's strerror(ECONNRESET)"),
    ("enotfound", DnsFailure, "ENOTFOUND: the name does not resolve", "Node.js dns (getaddrinfo ENOTFOUND)"),
    ("eai_again", DnsFailure, "EAI_AGAIN: the name lookup failed for now", "Node.js dns (getaddrinfo EAI_AGAIN)"),
    ("no such host", DnsFailure, "the name does not resolve", "golang/go src/net (DNSError \"no such host\"); Windows WSAHOST_NOT_FOUND"),
    ("name or service not known", DnsFailure, "EAI_NONAME: the name does not resolve", "glibc gai_strerror(EAI_NONAME)"),
    ("temporary failure in name resolution", DnsFailure, "EAI_AGAIN: the name lookup failed", "glibc gai_strerror(EAI_AGAIN)"),
    ("nodename nor servname provided", DnsFailure, "EAI_NONAME: the name does not resolve", "macOS/BSD gai_strerror(EAI_NONAME)"),
    ("no address associated with hostname", DnsFailure, "EAI_NODATA: the name has no address", "glibc gai_strerror(EAI_NODATA)"),
    ("host lookup did not complete", DnsFailure, "the MX or host lookup did not complete", "Exim (router dnslookup defer)"),
    ("all relevant mx records point to non-existent hosts", DnsFailure, "the MX names do not resolve", "Exim (getsentry/sentry#30406)"),
    ("nxdomain", DnsFailure, "NXDOMAIN: the name does not exist", "RFC 8020 (DNS rcode 3)"),
    ("could not resolve host", DnsFailure, "the name does not resolve", "curl lib (CURLE_COULDNT_RESOLVE_HOST)"),
    ("unknownhostexception", DnsFailure, "the name does not resolve", "the JDK's java.net.UnknownHostException"),
];

pub(crate) fn hits(input: &str, lower: &str) -> Vec<Hit> {
    // A Go `dial tcp: lookup HOST…` failed while resolving, whatever follows (`i/o timeout`).
    let lookup = lower
        .find("dial tcp: lookup ")
        .or_else(|| lower.find(": lookup "));
    // A timeout that is a lookup's, or a read's after the connection opened, is no dropped port:
    // `rules` drops those (a name-lookup failure, a read timeout named anywhere in the text).
    let mut hits = Vec::new();
    if let Some(at) = lookup {
        hits.push(Hit::new(
            DnsFailure,
            SURE,
            "lookup",
            "golang/go src/net (DNSError: \"lookup HOST: …\")",
            format!(
                "{}: Go failed while looking the name up (\"lookup …\"), before any connection.",
                line_at(input, at)
            ),
        ));
    }
    for &(needle, cause, rule, source) in ERRORS {
        let Some(at) = lower.find(needle) else {
            continue;
        };
        let score = if cause == ConnectionClosed {
            RESET
        } else {
            SURE
        };
        hits.push(Hit::new(
            cause,
            score,
            needle,
            source,
            format!("{}: {rule}.", line_at(input, at)),
        ));
    }
    // Ruby's Timeout says only "execution expired": a connect timeout unless a read one is named.
    if let Some(at) = lower.find("execution expired") {
        hits.push(Hit::new(
            PortBlockedDrop,
            SURE,
            "execution expired",
            "Ruby Timeout::Error (Net::OpenTimeout)",
            format!(
                "{}: Ruby's timeout while opening the connection.",
                line_at(input, at)
            ),
        ));
    }
    hits
}
