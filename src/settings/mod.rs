//! What the page shows, as a query string: `?port=587&block=drop&step=6&view=walkthrough&theme=dark`.
//! The URL is the save file, so every value is validated here, in one place; a bad value falls
//! back to its default with a notice, and unknown parameters are ignored so old links keep working.

use smtp_sim::event::Param;
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

/// A part of the embedded page that `show=` can choose (`show=diagram,transcript`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The row of port buttons.
    Ports,
    /// Restart, Previous, Play, Next and the step counter.
    Controls,
    /// The current step in words, with its RFC.
    Explanation,
    Diagram,
    Transcript,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Ports,
        Part::Controls,
        Part::Explanation,
        Part::Diagram,
        Part::Transcript,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Part::Ports => "ports",
            Part::Controls => "controls",
            Part::Explanation => "explanation",
            Part::Diagram => "diagram",
            Part::Transcript => "transcript",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// Every part shown: the default, and what `show=` falls back to.
const ALL_PARTS: u8 = (1 << Part::ALL.len()) - 1;

/// `show=diagram,transcript`: the parts named, as bits; `None` if any name is not a part.
fn parts(value: &str) -> Option<u8> {
    value.split(',').try_fold(0, |bits, name| {
        let part = Part::ALL.into_iter().find(|p| p.name() == name)?;
        Some(bits | part.bit())
    })
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
    /// Where the reader is (`step=`): steps taken, or with `compare` rows of the comparison;
    /// checked against the journey's length by `clamp_step`.
    pub step: usize,
    pub view: View,
    /// `None` follows the operating system's preference.
    pub theme: Option<Theme>,
    /// Compact layout for an iframe in someone's article.
    pub embed: bool,
    /// Show what a passive observer on the path reads (`eaves=1`).
    pub eavesdrop: bool,
    /// "Predict first": each server answer waits for the next press (`predict=1`).
    pub predict: bool,
    /// Large type for a projector (`present=1`). Not offered in embed mode: a frame is not
    /// the place for it, so `embed=1` turns it off.
    pub presenter: bool,
    /// `lock=port`: the reader of an embed cannot choose another port.
    pub lock_port: bool,
    /// `show=`: which parts an embed shows, as bits of `Part` (all by default).
    pub show: u8,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            setup: Setup::new(Port::P587),
            compare: None,
            step: 0,
            view: View::Walkthrough,
            theme: None,
            embed: false,
            eavesdrop: false,
            predict: false,
            presenter: false,
            lock_port: false,
            show: ALL_PARTS,
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

/// The words an embed's title gives a network (`title`; embed.js gets them at build time).
pub fn network_words(network: smtp_sim::Network) -> &'static str {
    match network {
        smtp_sim::Network::Open => "",
        smtp_sim::Network::Home => " from a home network",
        smtp_sim::Network::Cloud => " from a cloud server",
        smtp_sim::Network::Office => " from an office network",
    }
}

/// The words an embed's title gives a firewall rule.
pub fn block_words(block: smtp_sim::Block) -> &'static str {
    match block {
        smtp_sim::Block::Drop => " dropped by a firewall",
        smtp_sim::Block::Reject => " refused by a firewall",
        smtp_sim::Block::Prohibit => " prohibited by a firewall",
    }
}

/// The words an embed's title gives an attacker on the path.
pub const ATTACK_WORDS: &str = ", with an attacker on the path";

impl Settings {
    /// The page's own link parameters (the journey's are [`Setup::KEYS`]).
    pub const KEYS: [&'static str; 10] = [
        "compare", "step", "view", "theme", "embed", "eaves", "predict", "present", "lock", "show",
    ];

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
            let param = settings.setup.read_param(&key, &value);
            if param != Param::NotJourney {
                if param == Param::NotUnderstood {
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
                    .map(|s| settings.step = s),
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
                "lock" => (value == "port").then(|| settings.lock_port = true),
                "show" => parts(&value)
                    .filter(|bits| *bits != 0)
                    .map(|bits| settings.show = bits),
                // Unknown keys (and those of later versions) are ignored.
                _ => Some(()),
            };
            if understood.is_none() {
                notices.push(not_understood(&key, &value));
            }
        }
        // Presenter mode is not offered in a frame (no full screen, and F belongs to the page).
        settings.presenter &= !settings.embed;
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
    pub fn clamp_step(&mut self, last: usize) -> Option<String> {
        (self.step > last).then(|| {
            let notice = format!(
                "The link asks for step {} but this journey has {last} steps: starting at 0.",
                self.step
            );
            self.step = 0;
            notice
        })
    }

    /// Whether the page shows `part`: in an embed, those `show=` names (all by default); the
    /// full page always shows everything.
    pub fn shows(&self, part: Part) -> bool {
        !self.embed || self.show & part.bit() != 0
    }

    /// Whether the reader may not choose another port (`lock=port`, in an embed).
    pub fn port_locked(&self) -> bool {
        self.embed && self.lock_port
    }

    /// A title for an embed of this state, e.g. "SMTP Port Simulator: 465 or 587?".
    pub fn title(&self) -> String {
        // Pushed piece by piece: each format! costs the wasm more than these do.
        let setup = &self.setup;
        let mut title = String::from("SMTP Port Simulator: ");
        let compare = self.compare.filter(|_| self.view == View::Walkthrough);
        title += match (self.view, compare) {
            (View::Diagnose, _) => return title + "what went wrong?",
            (View::Console, _) => "type SMTP to port ",
            (_, Some(_)) => "",
            _ => "port ",
        };
        title += &setup.port.number().to_string();
        if let Some(other) = compare {
            title += " or ";
            title += &other.number().to_string();
        }
        title += setup.block.map_or("", block_words);
        title += network_words(setup.network);
        if setup.attack.is_some() {
            title += ATTACK_WORDS;
        }
        if compare.is_some() {
            title.push('?');
        }
        title
    }

    /// The query string for this state; defaults are left out to keep links short.
    pub fn to_query(&self) -> String {
        // Pushed piece by piece into one string: a format! per parameter cost the wasm more.
        let mut query = String::new();
        let mut add = |key: &str, value: &str| {
            query.push(if query.is_empty() { '?' } else { '&' });
            query += key;
            query.push('=');
            query += value;
        };
        for (key, value) in self.setup.params() {
            add(key, &value);
        }
        if let Some(compare) = self.compare {
            add("compare", &compare.number().to_string());
        }
        if self.step > 0 {
            add("step", &self.step.to_string());
        }
        if self.view != View::Walkthrough {
            add("view", self.view.name());
        }
        match self.theme {
            Some(Theme::Light) => add("theme", "light"),
            Some(Theme::Dark) => add("theme", "dark"),
            None => {}
        }
        for (on, key) in [
            (self.embed, "embed"),
            (self.eavesdrop, "eaves"),
            (self.predict, "predict"),
            (self.presenter, "present"),
        ] {
            if on {
                add(key, "1");
            }
        }
        if self.lock_port {
            add("lock", "port");
        }
        if self.show != ALL_PARTS {
            let names: Vec<&str> = (Part::ALL.into_iter())
                .filter(|p| self.show & p.bit() != 0)
                .map(Part::name)
                .collect();
            add("show", &names.join(","));
        }
        if query.is_empty() {
            query.push('?');
        }
        query
    }
}

#[cfg(test)]
mod tests;
