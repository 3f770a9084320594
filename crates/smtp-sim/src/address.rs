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
    let rest = rest.trim_start();
    if rest.is_empty() {
        return None;
    }
    let end = if rest.starts_with('<') {
        rest.find('>').map_or(rest.len(), |i| i + 1)
    } else {
        rest.find(char::is_whitespace).unwrap_or(rest.len())
    };
    let (addr, params) = rest.split_at(end);
    Some((addr, params.split_whitespace().collect()))
}

/// A domain as trivial-rewrite accepts it: letters, digits and hyphens in dot-separated labels,
/// or an address literal. Non-ASCII labels only when SMTPUTF8 was declared (RFC 6531).
pub fn valid_domain(domain: &str, smtputf8: bool) -> bool {
    if domain.starts_with('[') {
        return domain.ends_with(']') && domain.len() > 2;
    }
    if !smtputf8 && !domain.is_ascii() {
        return false;
    }
    valid_hostname(domain)
}

pub fn valid_hostname(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty()
        && name.len() <= 255
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
}

/// Strips the angle brackets and any source route (`<@relay:a@b>`, RFC 5321 §4.1.2 says accept
/// and ignore). `None` when the syntax is bad: unbalanced brackets, more than one address,
/// a bad domain, a local part starting with `-`.
pub fn parse_mailbox(token: &str, smtputf8: bool) -> Option<String> {
    let inner = match token.strip_prefix('<') {
        Some(rest) => rest.strip_suffix('>')?,
        None => token,
    };
    if inner.contains(['<', '>']) || inner.contains(char::is_whitespace) {
        return None;
    }
    if inner.matches('"').count() % 2 == 1 {
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
    addr.rsplit_once('@').map(|(_, d)| d.to_lowercase())
}

pub fn is_local_domain(domain: &str) -> bool {
    let domain = domain.trim_end_matches('.');
    LOCAL_DOMAINS.iter().any(|d| d.eq_ignore_ascii_case(domain)) || domain.starts_with('[')
    // address literals such as [127.0.0.1] are the server itself here
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
        .to_lowercase();
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
