//! What the page shows, as a query string: `?port=587&block=drop&step=6&view=walkthrough&theme=dark`.
//! The URL is the save file, so every value is validated here, in one place; a bad value falls
//! back to its default with a notice, and unknown parameters are ignored so old links keep working.

use smtp_sim::{Port, Setup};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Walkthrough,
    Console,
    Diagnose,
}

impl View {
    const ALL: [View; 3] = [View::Walkthrough, View::Console, View::Diagnose];

    pub fn name(self) -> &'static str {
        match self {
            View::Walkthrough => "walkthrough",
            View::Console => "console",
            View::Diagnose => "diagnose",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// What shapes the journey: the only copy of port, network, firewall and client setting.
    pub setup: Setup,
    /// A second port shown side by side; never the setup's own port (see `normalise`).
    pub compare: Option<Port>,
    /// Steps taken; checked against the journey's length by `clamp_taken`.
    pub taken: usize,
    pub view: View,
    /// `None` follows the operating system's preference.
    pub theme: Option<Theme>,
    /// Compact layout for an iframe in someone's article.
    pub embed: bool,
    /// Show what a passive observer on the path reads (`eaves=1`).
    pub eavesdrop: bool,
    /// "Predict first": each server answer waits for the next press (`predict=1`).
    pub predict: bool,
    /// Large type for a projector (`present=1`).
    pub presenter: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            setup: Setup::new(Port::P587),
            compare: None,
            taken: 0,
            view: View::Walkthrough,
            theme: None,
            embed: false,
            eavesdrop: false,
            predict: false,
            presenter: false,
        }
    }
}

/// `1` or `0` for a switch in the link.
fn switch(value: &str) -> Option<bool> {
    match value {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

/// Longest value quoted back in a notice, so a hostile URL cannot flood the page.
const QUOTE_LIMIT: usize = 24;

fn not_understood(key: &str, value: &str) -> String {
    format!(
        "Unknown {key} {} in the link: using the default instead.",
        quote(value)
    )
}

fn quote(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control())
        .take(QUOTE_LIMIT)
        .collect();
    if value.chars().count() > QUOTE_LIMIT {
        format!("\"{clean}…\"")
    } else {
        format!("\"{clean}\"")
    }
}

/// `%41` and `+` decoding; malformed escapes are kept as they are.
fn decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(hi), Some(lo)) => {
                        out.push((hi * 16 + lo) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Settings {
    /// Reads a query string (with or without the leading `?`). The first occurrence of a
    /// parameter wins. Returns the settings and one notice per value that was not understood.
    pub fn from_query(query: &str) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut notices = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let (key, value) = (decode(key), decode(value));
            if seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            if let Some(understood) = settings.setup.read_param(&key, &value) {
                if !understood {
                    notices.push(not_understood(&key, &value));
                }
                continue;
            }
            let understood = match key.as_str() {
                "compare" => value
                    .parse()
                    .ok()
                    .and_then(Port::from_number)
                    .map(|p| settings.compare = Some(p)),
                "step" => value
                    .parse::<usize>()
                    .ok()
                    .filter(|s| *s <= 10_000)
                    .map(|s| settings.taken = s),
                "view" => View::ALL
                    .into_iter()
                    .find(|v| v.name() == value)
                    .map(|v| settings.view = v),
                "theme" => match value.as_str() {
                    "light" => Some(Theme::Light),
                    "dark" => Some(Theme::Dark),
                    _ => None,
                }
                .map(|t| settings.theme = Some(t)),
                "embed" => switch(&value).map(|on| settings.embed = on),
                "eaves" => switch(&value).map(|on| settings.eavesdrop = on),
                "predict" => switch(&value).map(|on| settings.predict = on),
                "present" => switch(&value).map(|on| settings.presenter = on),
                // Unknown keys (and those of later versions) are ignored.
                _ => Some(()),
            };
            if understood.is_none() {
                notices.push(not_understood(&key, &value));
            }
        }
        if settings.normalise() {
            notices.push(format!(
                "The link compares port {} with itself: no comparison shown.",
                settings.setup.port.number()
            ));
        }
        (settings, notices)
    }

    /// A port is not compared with itself: the one rule every change of port or comparison goes
    /// through. Returns whether a comparison was dropped.
    pub fn normalise(&mut self) -> bool {
        let same = self.compare == Some(self.setup.port);
        if same {
            self.compare = None;
        }
        same
    }

    /// A step beyond the journey's end falls back to the start, with a notice.
    pub fn clamp_taken(&mut self, last: usize) -> Option<String> {
        (self.taken > last).then(|| {
            let notice = format!(
                "The link asks for step {} but this journey has {last} steps: starting at 0.",
                self.taken
            );
            self.taken = 0;
            notice
        })
    }

    /// The query string for this state; defaults are left out to keep links short.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = (self.setup.params().into_iter())
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        if let Some(compare) = self.compare {
            parts.push(format!("compare={}", compare.number()));
        }
        if self.taken > 0 {
            parts.push(format!("step={}", self.taken));
        }
        if self.view != View::Walkthrough {
            parts.push(format!("view={}", self.view.name()));
        }
        match self.theme {
            Some(Theme::Light) => parts.push("theme=light".into()),
            Some(Theme::Dark) => parts.push("theme=dark".into()),
            None => {}
        }
        for (on, key) in [
            (self.embed, "embed"),
            (self.eavesdrop, "eaves"),
            (self.predict, "predict"),
            (self.presenter, "present"),
        ] {
            if on {
                parts.push(format!("{key}=1"));
            }
        }
        format!("?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use smtp_sim::{Block, ClientTls, Network};

    #[test]
    fn valid_links_are_read() {
        let (s, notices) =
            Settings::from_query("?port=465&block=drop&step=3&theme=dark&view=walkthrough");
        assert!(notices.is_empty());
        assert_eq!(s.setup.port, Port::P465);
        assert_eq!(s.setup.block, Some(Block::Drop));
        assert_eq!(s.taken, 3);
        assert_eq!(s.theme, Some(Theme::Dark));
    }

    #[test]
    fn bad_values_fall_back_with_a_notice() {
        for query in [
            "port=443",
            "port=<script>alert(1)</script>",
            "port=",
            "block=maybe",
            "step=-1",
            "step=99999999999999999999999",
            "theme=blue",
            "view=console%00",
            "view=Console",
            "net=moon",
            "client=ssl",
            "compare=443",
            "compare=587",
            "port=465&compare=465",
            "embed=yes",
            "eaves=yes",
            "present=2",
            "port=%ZZ",
        ] {
            let (s, notices) = Settings::from_query(query);
            assert_eq!(notices.len(), 1, "{query}");
            assert_eq!(
                s,
                Settings {
                    setup: Setup::new(s.setup.port),
                    ..Settings::default()
                },
                "{query}"
            );
            assert_eq!(s.compare, None, "{query}");
        }
    }

    #[test]
    fn notices_quote_a_bounded_sanitised_value() {
        let long = format!("port={}", "9".repeat(5000));
        let (_, notices) = Settings::from_query(&long);
        assert!(notices[0].len() < 120);
        let (_, notices) = Settings::from_query("port=%0A%00x");
        assert!(!notices[0].contains('\n') && !notices[0].contains('\0'));
    }

    #[test]
    fn unknown_parameters_and_repeats_are_ignored() {
        let (s, notices) = Settings::from_query("utm_source=blog&port=25&port=465&&=");
        assert!(notices.is_empty());
        assert_eq!(s.setup.port, Port::P25);
    }

    #[test]
    fn round_trip_through_the_query() {
        let s = Settings {
            setup: Setup {
                port: Port::P2525,
                network: Network::Cloud,
                client: Some(ClientTls::Plain),
                block: Some(Block::Reject),
                ..Setup::new(Port::P2525)
            },
            compare: Some(Port::P465),
            taken: 4,
            view: View::Console,
            theme: Some(Theme::Light),
            embed: true,
            eavesdrop: true,
            predict: true,
            presenter: true,
        };
        assert_eq!(Settings::from_query(&s.to_query()), (s, vec![]));
        let diagnose = Settings {
            view: View::Diagnose,
            ..Settings::default()
        };
        assert_eq!(
            Settings::from_query(&diagnose.to_query()),
            (diagnose, vec![])
        );
    }

    #[test]
    fn steps_past_the_end_restart() {
        let mut s = Settings {
            taken: 40,
            ..Settings::default()
        };
        assert!(s.clamp_taken(17).is_some());
        assert_eq!(s.taken, 0);
        s.taken = 17;
        assert!(s.clamp_taken(17).is_none());
    }
}
