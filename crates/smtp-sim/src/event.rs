//! The shared vocabulary of a journey: what the learner chose (`Setup`), and what crossed the
//! wire (`Event`, with who spoke (`Tag`) between which lanes of the diagram (`Lane`)). The server,
//! the path, the journey and the teaching all speak it; none needs the others for words.

use crate::path::attacker::{Attack, Policy};
use crate::path::client::ClientTls;
use crate::path::network::{Block, Mx, Network};
use crate::path::port::{Port, Role};
use crate::server::reply::Reply;

/// The lanes of the sequence diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// The sending program (the mail client, or the sending MTA on port 25).
    App,
    /// The resolver that answers the MX and address queries.
    Dns,
    /// Someone on the path who reads and rewrites traffic (only with an `attack`).
    Attacker,
    /// The path between them: the network the learner chose and its firewall.
    Network,
    /// The receiving mail server (the lab's Postfix).
    Server,
}

/// Who speaks on a transcript line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// A command the client sends.
    Client,
    /// A reply line from the server.
    Server,
    /// A DNS query or answer.
    Dns,
    /// A TCP segment: SYN, SYN/ACK, RST, FIN, or a timeout.
    Tcp,
    /// A TLS handshake record.
    Tls,
    /// What the attacker on the path did.
    Attacker,
}

impl Tag {
    /// The prefix of the transcript line.
    pub fn label(self) -> &'static str {
        match self {
            Tag::Client => "C:",
            Tag::Server => "S:",
            Tag::Dns => "DNS",
            Tag::Tcp => "TCP",
            Tag::Tls => "TLS",
            Tag::Attacker => "ATK",
        }
    }
}

/// One line of the transcript: something that crossed the network (or the client's verdict).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Virtual time since the first DNS query.
    pub at_ms: u64,
    /// Who speaks, for the transcript's column and class.
    pub tag: Tag,
    /// The lane the arrow starts from.
    pub from: Lane,
    /// The lane the arrow ends at.
    pub to: Lane,
    /// The line as it crossed the wire (or the client's own report, on its lane).
    pub text: String,
    /// Travelled inside TLS (an observer sees only record sizes).
    pub encrypted: bool,
    /// With an attacker in the middle (its own connection to each side), how the line crossed
    /// the attacker's leg to the server: inside TLS (`Some(true)`) or not. It may differ from
    /// `encrypted`, the program's leg: an attacker that strips STARTTLS may speak TLS to the
    /// server itself. `None`: no attacker, or one that passes the line on as it came.
    pub server_leg: Option<bool>,
    /// A teaching note shown with the line, such as decoded base64.
    pub note: Option<String>,
    /// On the last line of a server reply: the reply itself, typed.
    pub reply: Option<Reply>,
}

/// What [`Setup::read_param`] made of a link parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// A journey parameter whose value means nothing here (`port=443`): the setup is unchanged.
    NotUnderstood,
    /// The setup took its value.
    Read,
    /// Not a journey parameter (`theme`, `step`…): the page's to read.
    NotJourney,
}

/// How a journey ends, in a fixed vocabulary (the page carries it as `data-outcome`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The message was accepted, and nobody on the path to this server could read it: private
    /// on this hop only (RFC 3207 §6).
    SentPrivate,
    /// The message was accepted, but crossed the path readable.
    SentExposed,
    /// The login reached someone on the path readable: the password is stolen.
    PasswordExposed,
    /// The program stopped because TLS was missing or forged: nothing leaked, nothing sent.
    RefusedSafe,
    /// The sending MTA keeps the message and retries later: nothing leaked.
    Deferred,
    /// No TCP connection: the port is blocked on the way.
    Unreachable,
    /// Connected, but the exchange failed before the message was accepted.
    Rejected,
    /// The sending MTA gave up at once and returns the message to its sender: nothing was sent.
    Bounced,
}

impl Outcome {
    /// Every way a journey can end, in the order the README's outcome table lists them.
    pub const ALL: [Outcome; 8] = [
        Outcome::SentPrivate,
        Outcome::SentExposed,
        Outcome::PasswordExposed,
        Outcome::RefusedSafe,
        Outcome::Deferred,
        Outcome::Unreachable,
        Outcome::Rejected,
        Outcome::Bounced,
    ];

    /// The outcome's name in links, `data-outcome` and the lab's JSON (`sent-private`, …).
    pub fn name(self) -> &'static str {
        match self {
            Outcome::SentPrivate => "sent-private",
            Outcome::SentExposed => "sent-exposed",
            Outcome::PasswordExposed => "password-exposed",
            Outcome::RefusedSafe => "refused-safe",
            Outcome::Deferred => "deferred",
            Outcome::Unreachable => "unreachable",
            Outcome::Rejected => "rejected",
            Outcome::Bounced => "bounced",
        }
    }

    /// The outcome in one sentence, for the end of the walkthrough.
    pub fn words(self) -> &'static str {
        match self {
            Outcome::SentPrivate => "Sent, and private on this hop: nobody on the path to this server could read it (RFC 3207 §6).",
            Outcome::SentExposed => "Sent, but exposed: the message crossed the path readable, or reached an attacker who decrypted it.",
            Outcome::PasswordExposed => "Password stolen: the attacker read the login (in plaintext, or by ending TLS at its own certificate).",
            Outcome::RefusedSafe => "Stopped safely: the program refused to go on without real TLS. Nothing leaked, nothing was sent.",
            Outcome::Deferred => "Deferred: the sending server keeps the message and retries later. Nothing leaked.",
            Outcome::Unreachable => "Unreachable: the connection never opened, so no SMTP was spoken.",
            Outcome::Rejected => "Not sent: the exchange failed before the server accepted the message.",
            Outcome::Bounced => "Bounced: the sending server returns the message to its sender with a report. Nothing was sent.",
        }
    }
}

/// What the learner chose: the port, where they send from, and how their program starts TLS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setup {
    /// The port the program connects to.
    pub port: Port,
    /// Where the program sends from: which ports that network lets out.
    pub network: Network,
    /// A firewall rule chosen by hand; it wins over the network preset.
    pub block: Option<Block>,
    /// `None`: what the port expects.
    pub client: Option<ClientTls>,
    /// Someone on the path who interferes.
    pub attack: Option<Attack>,
    /// The program checks the server's certificate (`verify=0` turns that off).
    pub verify: bool,
    /// The sending MTA's TLS policy, for relaying on port 25.
    pub policy: Policy,
    /// What the recipient domain publishes for mail, for relaying on port 25.
    pub mx: Mx,
}

impl Setup {
    /// The port's usual journey: open network, the port's own TLS setting, no attacker.
    pub fn new(port: Port) -> Setup {
        Setup {
            port,
            network: Network::Open,
            block: None,
            client: None,
            attack: None,
            verify: true,
            policy: Policy::Opportunistic,
            mx: Mx::Listed,
        }
    }

    /// A relay whose recipient domain publishes a null MX: it connects nowhere (RFC 7505).
    pub fn null_mx(&self) -> bool {
        self.port.info().role == Role::Relay && self.mx == Mx::Null
    }

    /// How the connection attempt is blocked, if at all.
    pub fn blocked(&self) -> Option<Block> {
        self.block.or_else(|| self.network.blocks(self.port))
    }

    /// The program's TLS setting: the one chosen, else the one the port expects.
    pub fn client(&self) -> ClientTls {
        self.client
            .unwrap_or_else(|| ClientTls::expected_by(self.port))
    }

    /// Whether the program checks the server's certificate. A relay checks it under MTA-STS or
    /// DANE, or when set to require TLS and check certificates (Postfix `verify`/`secure`); at
    /// `may`, and at `encrypt` (`verify=0`), it never does.
    pub fn checks_certificate(&self) -> bool {
        if self.port.info().role == Role::Relay {
            self.policy.enforced() || (self.client() == ClientTls::Starttls && self.verify)
        } else {
            self.verify
        }
    }

    /// The same path and program for another port, compared side by side: the network, attacker
    /// and policies stay; a firewall rule chosen for this port does not; the program keeps its
    /// TLS setting where that port can use it (STARTTLS, required or not, makes no sense on 465).
    pub fn compared_with(&self, port: Port) -> Setup {
        let client = self
            .client
            .filter(|c| ClientTls::expected_by(port).same_kind(*c));
        Setup {
            port,
            block: None,
            client,
            ..*self
        }
    }

    /// The link parameters that shape the journey, in the order links write them
    /// ([`Setup::params`]); the page's embed kit forwards exactly these and the page's own keys.
    pub const KEYS: [&'static str; 8] = [
        "port", "net", "block", "client", "attack", "verify", "policy", "mx",
    ];

    /// Reads one link parameter if it shapes the journey (the setup keeps its value when the
    /// parameter's value is not understood).
    pub fn read_param(&mut self, key: &str, value: &str) -> Param {
        let understood = match key {
            "port" => value
                .parse()
                .ok()
                .and_then(Port::from_number)
                .map(|p| self.port = p),
            "net" => Network::from_name(value).map(|n| self.network = n),
            "block" => Block::from_name(value).map(|b| self.block = Some(b)),
            "client" => ClientTls::from_name(value).map(|c| self.client = Some(c)),
            "attack" => Attack::from_name(value).map(|a| self.attack = Some(a)),
            "verify" => match value {
                "0" => Some(false),
                "1" => Some(true),
                _ => None,
            }
            .map(|v| self.verify = v),
            "policy" => Policy::from_name(value).map(|p| self.policy = p),
            "mx" => Mx::from_name(value).map(|m| self.mx = m),
            _ => return Param::NotJourney,
        };
        match understood {
            Some(()) => Param::Read,
            None => Param::NotUnderstood,
        }
    }

    /// The link parameters of this setup, defaults left out (the port always shown).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = vec![("port", self.port.number().to_string())];
        if self.network != Network::Open {
            params.push(("net", self.network.name().into()));
        }
        if let Some(block) = self.block {
            params.push(("block", block.name().into()));
        }
        if let Some(client) = self.client {
            params.push(("client", client.name().into()));
        }
        if let Some(attack) = self.attack {
            params.push(("attack", attack.name().into()));
        }
        if !self.verify {
            params.push(("verify", "0".into()));
        }
        if self.policy != Policy::Opportunistic {
            params.push(("policy", self.policy.name().into()));
        }
        if self.mx != Mx::Listed {
            params.push(("mx", self.mx.name().into()));
        }
        params
    }
}

/// Milliseconds of the virtual clock as seconds with `decimals` places, rounded half up.
/// Integer arithmetic on purpose: float formatting would add kilobytes to the WebAssembly.
pub fn seconds(ms: u64, decimals: u32) -> String {
    let d = decimals.min(3);
    let unit = 10u64.pow(3 - d);
    let rounded = (ms + unit / 2) / unit;
    let scale = 10u64.pow(d);
    match d {
        0 => format!("{rounded} s"),
        _ => format!(
            "{}.{:0width$} s",
            rounded / scale,
            rounded % scale,
            width = d as usize
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_formatted_without_floats() {
        assert_eq!(seconds(134_883, 1), "134.9 s");
        assert_eq!(seconds(48, 3), "0.048 s");
        assert_eq!(seconds(2000, 1), "2.0 s");
        assert_eq!(seconds(1_960, 1), "2.0 s");
        assert_eq!(seconds(1400, 0), "1 s");
    }

    #[test]
    fn a_setup_survives_its_link_parameters() {
        let setup = Setup {
            port: Port::P2525,
            network: Network::Cloud,
            block: Some(Block::Reject),
            client: Some(ClientTls::Plain),
            attack: Some(Attack::Cert),
            verify: false,
            policy: Policy::Dane,
            mx: Mx::Missing,
        };
        let mut read = Setup::new(Port::P587);
        for (key, value) in setup.params() {
            assert_eq!(read.read_param(key, &value), Param::Read, "{key}={value}");
        }
        assert_eq!(read, setup);
        assert_eq!(read.read_param("theme", "dark"), Param::NotJourney);
        assert_eq!(read.read_param("port", "443"), Param::NotUnderstood);
        assert_eq!(read, setup, "a bad value changes nothing");
        let written: Vec<&str> = setup.params().into_iter().map(|(key, _)| key).collect();
        assert_eq!(
            written,
            Setup::KEYS,
            "every key, in the order links write them"
        );
        for key in Setup::KEYS {
            assert_eq!(
                read.read_param(key, "?"),
                Param::NotUnderstood,
                "{key} is read"
            );
        }
    }
}
