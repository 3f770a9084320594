//! The server's host and port as the pasted text names them: `host:port`, `port 587`,
//! `Port = 465`, `[ip]:25`, `ENOTFOUND host` and the like.

/// The server's host and port, from `host:port`, `host "…:587"`, `port 587`, `port: 587`,
/// `Port = 465`, `[ip]:25`, `ENOTFOUND host` and the like.
pub fn host_and_port(text: &str) -> (Option<String>, Option<u16>) {
    let mut host = None;
    let mut port = None;
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "\"'`,;()<>{}|".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_ascii_lowercase();
        let next = words.get(i + 1).copied().unwrap_or("");
        // `MAIL_PORT=587`, `smtp_port: 2525`, `spring.mail.port=587`, `.port(587)`.
        let key = lower.trim_start_matches('.');
        if let Some((k, v)) = key.split_once(['=', ':']) {
            if port.is_none() && port_key(k) {
                port = number(v.trim_matches(|c: char| !c.is_ascii_digit()));
            }
        }
        let key = key.trim_end_matches(['=', ':']);
        if port.is_none() && port_key(key) {
            let n = if next == "=" || next == ":" {
                words.get(i + 2).copied().unwrap_or("")
            } else {
                next
            };
            port = number(n.trim_matches(|c: char| !c.is_ascii_digit()));
        }
        if host.is_none()
            && ["enotfound", "eai_again", "host:", "host", "lookup"].contains(&lower.as_str())
        {
            host = hostname(next.trim_end_matches([':', '.'])).map(str::to_string);
        }
        if let Some((name, num)) = word.trim_end_matches(['.', ':']).rsplit_once(':') {
            let name = name.rsplit(['/', '=', '@']).next().unwrap_or("");
            let name = name
                .split('[')
                .next()
                .unwrap_or("")
                .trim_start_matches("ssl:")
                .trim_start_matches("tls:");
            if let (Some(h), Some(p)) = (hostname(name), number(num)) {
                host.get_or_insert_with(|| h.to_string());
                port.get_or_insert(p);
            }
        }
    }
    (host, port)
}

/// `port`, `Port`, `MAIL_PORT`, `smtp.port`, `--port`: not `transport` or `support`.
fn port_key(key: &str) -> bool {
    let key = key.trim_start_matches('-');
    key == "port" || [".port", "_port", "-port"].iter().any(|s| key.ends_with(s))
}

pub(crate) fn number(text: &str) -> Option<u16> {
    (!text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|&p| p > 0)
}

/// A DNS name with a dot, or an IPv4 address; not a file name, a class name or a version.
pub(crate) fn hostname(text: &str) -> Option<&str> {
    let text = text.trim_matches(|c: char| c == '[' || c == ']');
    let ok = text.len() >= 3
        && text.len() <= 253
        && text.contains('.')
        && !text.starts_with('.')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && text.rsplit('.').next().is_some_and(|tld| {
            tld.bytes().all(|b| b.is_ascii_digit())
                || (tld.len() >= 2
                    && tld.bytes().all(|b| b.is_ascii_alphabetic())
                    && ![
                        "py", "js", "rb", "java", "php", "cs", "go", "rs", "c", "txt", "log",
                    ]
                    .contains(&tld))
        });
    ok.then_some(text)
}
