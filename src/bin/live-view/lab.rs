//! Which lab the live view may listen to: the `lab` value of the link, accepted only when it is
//! an http(s) address on this computer (127.0.0.1, localhost or [::1]), so a link can never make
//! the page open a connection to another machine. Anything else is refused before any request.

/// The lab's own default address (`smtp-sim lab --live-port`, default 2580), used when the link
/// names no lab.
pub const DEFAULT_LAB: &str = "http://127.0.0.1:2580";

/// Longest value quoted back in the notice, so a hostile link cannot flood the page.
const QUOTE_LIMIT: usize = 60;

/// The lab's origin (`http://127.0.0.1:2580`, without a trailing slash) when `value` is an
/// http(s) URL on a loopback host with at most a `/` for a path; `Err` with the notice to show.
pub fn accept(value: &str) -> Result<String, String> {
    loopback_origin(value.trim()).ok_or_else(|| refused(value))
}

fn loopback_origin(value: &str) -> Option<String> {
    let (scheme, rest) = value.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    // Only an origin: no path beyond "/", no query, no fragment, no user name (in
    // `http://127.0.0.1@example.org` the host is example.org).
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains(['/', '?', '#', '@', '\\']) || authority.is_empty() {
        return None;
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6.split_once(']')?;
            (format!("[{host}]"), after)
        }
        None => match authority.split_once(':') {
            Some((host, _)) => (host.to_ascii_lowercase(), &authority[host.len()..]),
            None => (authority.to_ascii_lowercase(), ""),
        },
    };
    if !matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]") {
        return None;
    }
    let port = match port {
        "" => String::new(),
        _ => {
            let digits = port.strip_prefix(':')?;
            let number: u16 = (digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())??;
            if number == 0 {
                return None;
            }
            format!(":{number}")
        }
    };
    Some(format!("{scheme}://{host}{port}"))
}

fn refused(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control())
        .take(QUOTE_LIMIT)
        .collect();
    let more = if value.chars().count() > QUOTE_LIMIT {
        "…"
    } else {
        ""
    };
    format!(
        "The link's lab address \"{clean}{more}\" is not a lab on this computer, so nothing was requested. The live view only listens to a lab at an http address on 127.0.0.1, localhost or [::1], for example ?view=live&lab={DEFAULT_LAB}."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins_are_accepted_as_origins() {
        for (value, origin) in [
            ("http://127.0.0.1:2580", "http://127.0.0.1:2580"),
            ("http://127.0.0.1:2580/", "http://127.0.0.1:2580"),
            ("HTTP://LOCALHOST:8025", "http://localhost:8025"),
            ("https://localhost", "https://localhost"),
            ("http://[::1]:2580", "http://[::1]:2580"),
            (" http://127.0.0.1:65535 ", "http://127.0.0.1:65535"),
        ] {
            assert_eq!(accept(value).as_deref(), Ok(origin), "{value}");
        }
    }

    #[test]
    fn anything_off_this_computer_or_not_an_origin_is_refused() {
        for value in [
            "",
            "127.0.0.1:2580",
            "//127.0.0.1:2580",
            "ftp://127.0.0.1:2580",
            "javascript://127.0.0.1:2580",
            "http://example.org",
            "http://127.0.0.2:2580",
            "http://10.0.0.1:2580",
            "http://127.0.0.1.example.org:2580",
            "http://localhost.example.org",
            "http://127.0.0.1@example.org",
            "http://example.org@127.0.0.1",
            "http://127.0.0.1:2580@example.org",
            "http://127.0.0.1:2580/events",
            "http://127.0.0.1:2580?x=1",
            "http://127.0.0.1:2580#x",
            "http://127.0.0.1\\@example.org",
            "http://127.0.0.1:0",
            "http://127.0.0.1:65536",
            "http://127.0.0.1:99999999999",
            "http://127.0.0.1:+80",
            "http://127.0.0.1:",
            "http://[::2]:2580",
            "http://[::1",
            "http://[::1]x:2580",
            "http://[::1]:2580:1",
        ] {
            assert!(accept(value).is_err(), "{value:?} must be refused");
        }
    }

    #[test]
    fn the_notice_quotes_a_bounded_clean_value() {
        let notice = accept(&format!("http://evil.example/\u{7}{}", "a".repeat(500))).unwrap_err();
        assert!(notice.contains("\"http://evil.example/aaa"));
        assert!(!notice.contains('\u{7}'));
        assert!(notice.len() < 400, "{notice}");
        assert!(notice.contains("nothing was requested"));
    }
}
