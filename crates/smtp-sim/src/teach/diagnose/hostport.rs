//! The server's host and port as the pasted text names them: `host:port`, `port 587`,
//! `Port = 465`, `[ip]:25`, `ENOTFOUND host`, `MAIL_HOST=…`, `smtplib.SMTP('host', 25)` and the
//! like.

/// The server's host and port, from `host:port`, `host "…:587"`, `port 587`, `port: 587`,
/// `Port = 465`, `[ip]:25`, `ENOTFOUND host`, `MAIL_HOST=smtp.example.com`,
/// `spring.mail.host=…` and the like.
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
        let after = words.get(i + 2).copied().unwrap_or("");
        // Python `smtplib.SMTP('host', 25)` / `SMTP_SSL("host", 465)`, and Jakarta Mail's
        // "Couldn't connect to host, port: host, 587;" (SMTPTransport.openServer).
        let call = lower.ends_with("smtp") || lower.ends_with("smtp_ssl");
        let jakarta = lower == "port:" && i > 0 && words[i - 1].eq_ignore_ascii_case("host");
        if call || jakarta {
            if let (Some(h), Some(p)) = (hostname(next), number(after)) {
                host.get_or_insert_with(|| h.to_string());
                port.get_or_insert(p);
            }
        }
        // `MAIL_PORT=587`, `smtp_port: 2525`, `spring.mail.port=587`, `.port(587)`.
        let key = lower.trim_start_matches('.');
        if let Some((k, v)) = key.split_once(['=', ':']) {
            if port.is_none() && named(k, "port") {
                port = number(v.trim_matches(|c: char| !c.is_ascii_digit()));
            }
            if host.is_none() && named(k, "host") {
                host = hostname(v).map(str::to_string);
            }
        }
        let key = key.trim_end_matches(['=', ':']);
        let value = if next == "=" || next == ":" {
            words.get(i + 2).copied().unwrap_or("")
        } else {
            next
        };
        if host.is_none() && named(key, "host") {
            // Postfix: `host smtp.example.com[203.0.113.5] said: …`.
            let name = value.split('[').next().unwrap_or_default();
            host = hostname(name.trim_end_matches([':', '.'])).map(str::to_string);
        }
        if port.is_none() && named(key, "port") {
            port = number(value.trim_matches(|c: char| !c.is_ascii_digit()));
        }
        if host.is_none() && ["enotfound", "eai_again", "lookup"].contains(&lower.as_str()) {
            host = hostname(next.trim_end_matches([':', '.'])).map(str::to_string);
        }
        if let Some((name, num)) = word.trim_end_matches(['.', ':']).rsplit_once(':') {
            let name = name.rsplit(['/', '=', '@']).next().unwrap_or("");
            // `name[203.0.113.5]:25` names the host; `[203.0.113.5]:25` only the address.
            let name = match name.split_once('[') {
                Some(("", _)) => name,
                Some((before, _)) => before,
                None => name,
            };
            let name = name.trim_start_matches("ssl:").trim_start_matches("tls:");
            if let (Some(h), Some(p)) = (hostname(name), number(num)) {
                host.get_or_insert_with(|| h.to_string());
                port.get_or_insert(p);
            }
        }
    }
    (host, port)
}

/// Whether `key` names the mail server's `name`: `port`, `MAIL_PORT`, `smtp.port`, `--port`,
/// `mail-host`; not `transport`, `support` or `localhost`, nor another service's in the same
/// settings (Laravel's `DB_HOST` and `REDIS_PORT`, Spring Boot's `server.port`).
fn named(key: &str, name: &str) -> bool {
    let key = key.trim_start_matches('-');
    key.strip_suffix(name).is_some_and(|rest| {
        rest.is_empty()
            || (rest.ends_with(['.', '_', '-']) && (rest.contains("mail") || rest.contains("smtp")))
    })
}

/// A port number: digits for 1 to 65535.
pub(crate) fn number(text: &str) -> Option<u16> {
    text.parse().ok().filter(|&p| p > 0)
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
