//! Envelope addresses (RFC 5321 §4.1.2) as the lab server sees them: which domains are its own,
//! which mailboxes exist, and how a command argument becomes an address.

/// `mydestination` of the lab server (README of ../shared/conformance).
const LOCAL_DOMAINS: [&str; 4] = [
    "mail.example.test",
    "example.test",
    "localhost.localdomain",
    "localhost",
];

/// Unix accounts and aliases of the lab server (`jörg` is an alias of alice).
const LOCAL_USERS: [&str; 5] = ["alice", "bob", "root", "postmaster", "jörg"];

/// Splits `<addr> PARAM PARAM` into the address token and the parameters, after the
/// `FROM:`/`TO:` keyword. Postfix accepts a space after the colon and a bare address without
/// angle brackets (`strict_rfc821_envelopes=no`).
/// Postfix's tokenizer keeps `<...>` together, spaces included; an unclosed `<` runs to the end.
pub fn split_path(rest: &str) -> Option<(&str, Vec<&str>)> {
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if rest.is_empty() {
        return None;
    }
    let end = if rest.starts_with('<') {
        rest.find('>').map_or(rest.len(), |i| i + 1)
    } else {
        rest.find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len())
    };
    let (addr, params) = rest.split_at(end);
    let params = params.split(|c: char| c.is_ascii_whitespace());
    Some((addr, params.filter(|p| !p.is_empty()).collect()))
}

/// A domain as trivial-rewrite accepts it (`resolve_numeric_domain=no`): a host name, or an
/// address literal that holds a real address. Non-ASCII letters only with SMTPUTF8 (RFC 6531).
pub fn valid_domain(domain: &str, smtputf8: bool) -> bool {
    if let Some(literal) = domain.strip_prefix('[') {
        return literal.strip_suffix(']').is_some_and(valid_address_literal);
    }
    let ascii = domain.is_ascii();
    (ascii || smtputf8) && host_labels_ok(domain, !ascii)
}

/// Postfix's `valid_hostname()`: dot-separated labels of letters, digits, `-` and `_`, none starting
/// or ending with `-`, no trailing dot, and not all digits (that would be an IP address).
fn host_labels_ok(name: &str, unicode: bool) -> bool {
    let letter =
        |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || (unicode && !c.is_ascii());
    !name.is_empty()
        && name.len() <= 255
        && !name.chars().all(|c| c.is_ascii_digit() || c == '.')
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(letter)
        })
}

/// `1.2.3.4` or `IPv6:...` inside the brackets of an address literal (RFC 5321 §4.1.3).
fn valid_address_literal(literal: &str) -> bool {
    match literal
        .strip_prefix("IPv6:")
        .or_else(|| literal.strip_prefix("ipv6:"))
    {
        Some(v6) => valid_ipv6(v6),
        None => valid_ipv4(literal),
    }
}

// The checks below accept exactly what `std::net::Ipv4Addr`/`Ipv6Addr` parse (a test compares
// them on random input); std's parsers would add about 1 KB of compressed WebAssembly.

/// Four decimal numbers 0–255 without leading zeros.
pub fn valid_ipv4(text: &str) -> bool {
    let mut parts = 0;
    text.split('.').all(|part| {
        parts += 1;
        let digits = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        digits && (part == "0" || !part.starts_with('0')) && part.parse::<u8>().is_ok()
    }) && parts == 4
}

/// Eight groups of 1–4 hex digits, one `::` standing for one or more zero groups, and the last
/// 32 bits optionally written as IPv4.
pub fn valid_ipv6(text: &str) -> bool {
    // Groups in `part`, or None when one is malformed; IPv4 only at the very end.
    fn groups(part: &str, at_end: bool) -> Option<usize> {
        if part.is_empty() {
            return Some(0);
        }
        let count = part.split(':').count();
        let mut total = 0;
        for (i, group) in part.split(':').enumerate() {
            total += if at_end && i + 1 == count && group.contains('.') {
                valid_ipv4(group).then_some(2)?
            } else {
                let hex =
                    (1..=4).contains(&group.len()) && group.bytes().all(|b| b.is_ascii_hexdigit());
                hex.then_some(1)?
            };
        }
        Some(total)
    }
    match text.split_once("::") {
        None => groups(text, true) == Some(8),
        Some((head, tail)) => match (groups(head, false), groups(tail, true)) {
            (Some(h), Some(t)) => !tail.contains("::") && h + t <= 7,
            _ => false,
        },
    }
}

/// Characters outside double quotes (a quoted local part may hold spaces and brackets).
fn unquoted(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut quoted = false;
    text.chars().filter(move |&c| {
        if c == '"' {
            quoted = !quoted;
        }
        !quoted && c != '"'
    })
}

/// Strips the angle brackets and any source route (`<@relay:a@b>`, RFC 5321 §4.1.2 says accept
/// and ignore). `None` when the syntax is bad: unbalanced brackets or quotes, more than one
/// address, a bad domain, a local part starting with `-`.
pub fn parse_mailbox(token: &str, smtputf8: bool) -> Option<String> {
    let inner = match token.strip_prefix('<') {
        Some(rest) => rest.strip_suffix('>')?,
        None => token,
    };
    let unbalanced = !inner.matches('"').count().is_multiple_of(2);
    if unbalanced || unquoted(inner).any(|c| c == '<' || c == '>' || c.is_ascii_whitespace()) {
        return None;
    }
    let inner = match inner.strip_prefix('@') {
        Some(route) => route.split_once(':')?.1,
        None => inner,
    };
    if inner.starts_with('-') {
        return None;
    }
    if let Some((_, domain)) = inner.rsplit_once('@') {
        if !valid_domain(domain, smtputf8) {
            return None;
        }
    }
    Some(inner.to_string())
}

/// The domain part, lower-cased; `None` for a bare local part like `postmaster`.
pub fn domain(addr: &str) -> Option<String> {
    addr.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase())
}

/// One of `mydestination`, or an address literal of the server itself.
pub fn is_local_domain(domain: &str) -> bool {
    let domain = domain.trim_end_matches('.');
    LOCAL_DOMAINS.iter().any(|d| d.eq_ignore_ascii_case(domain))
        || ["[127.0.0.1]", "[IPv6:::1]", "[192.0.2.25]"]
            .iter()
            .any(|d| d.eq_ignore_ascii_case(domain))
}

/// Whether the address is delivered by this server (a local domain or no domain at all).
pub fn is_local(addr: &str) -> bool {
    domain(addr).is_none_or(|d| is_local_domain(&d))
}

/// Whether a local address names an existing mailbox; `user+tag` counts as `user`
/// (`recipient_delimiter = +`), and case is folded as Postfix does for lookups.
pub fn mailbox_exists(addr: &str) -> bool {
    let local = addr
        .rsplit_once('@')
        .map_or(addr, |(l, _)| l)
        .to_ascii_lowercase();
    let user = local.split('+').next().unwrap_or("");
    LOCAL_USERS.contains(&user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_split_like_postfix_does() {
        for (rest, addr, params) in [
            ("<a@b>", "<a@b>", vec![]),
            ("<a b@c> X", "<a b@c>", vec!["X"]),
            (" <a@b>", "<a@b>", vec![]),
            (
                "<a@b> SIZE=10 BODY=7BIT",
                "<a@b>",
                vec!["SIZE=10", "BODY=7BIT"],
            ),
            ("a@b", "a@b", vec![]),
        ] {
            assert_eq!(split_path(rest), Some((addr, params)));
        }
        assert_eq!(split_path("   "), None);
    }

    #[test]
    fn mailbox_syntax() {
        for (token, parsed) in [
            ("<alice@example.test>", Some("alice@example.test")),
            ("alice@example.test", Some("alice@example.test")),
            ("<>", Some("")),
            (
                "<@relay.example:alice@example.test>",
                Some("alice@example.test"),
            ),
            ("<a@[127.0.0.1]>", Some("a@[127.0.0.1]")),
            ("<sender@example.org", None),
            ("<a", None),
            ("<a<b>", None),
            ("<a b@example.org>", None),
            ("<a@exa mple>", None),
            ("<a@-bad-.example>", None),
            ("<a@>", None),
            ("<-opt@example.org>", None),
            ("<a@bücher.example>", None),
            (
                "<\"john doe\"@example.org>",
                Some("\"john doe\"@example.org"),
            ),
            ("<a@[not-an-address]>", None),
            ("<a@192.0.2.1>", None),
            ("<a@[999.1.1.1]>", None),
            ("<a@[IPv6:2001:db8::1]>", Some("a@[IPv6:2001:db8::1]")),
            ("<a@[IPv6:2001:db8:::1]>", None),
            ("<a@[1.2.3]>", None),
        ] {
            assert_eq!(parse_mailbox(token, false).as_deref(), parsed, "{token}");
        }
        assert!(parse_mailbox("<a@bücher.example>", true).is_some());
    }

    #[test]
    fn local_mailboxes() {
        assert!(is_local("postmaster"));
        assert!(is_local("Bob@Example.Test"));
        assert!(!is_local("someone@example.org"));
        assert!(mailbox_exists("alice+news@example.test"));
        assert!(mailbox_exists("Alice@example.test"));
        assert!(mailbox_exists("jörg@example.test"));
        assert!(!mailbox_exists("nosuchuser@example.test"));
    }
}
