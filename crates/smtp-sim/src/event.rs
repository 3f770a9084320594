//! The shared vocabulary of a journey: what the learner chose (`Setup`), and what crossed the
//! wire (`Event`, with who spoke (`Tag`) between which lanes of the diagram (`Lane`)). The server,
//! the path, the journey and the teaching all speak it; none needs the others for words.

use crate::path::client::ClientTls;
use crate::path::network::{Block, Network};
use crate::path::port::Port;
use crate::server::reply::Reply;

/// The lanes of the sequence diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    App,
    Dns,
    Network,
    Server,
}

/// Who speaks on a transcript line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Client,
    Server,
    Dns,
    Tcp,
    Tls,
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
        }
    }
}

/// One line of the transcript: something that crossed the network (or the client's verdict).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Virtual time since the first DNS query.
    pub at_ms: u64,
    pub tag: Tag,
    pub from: Lane,
    pub to: Lane,
    pub text: String,
    /// Travelled inside TLS (an observer sees only record sizes).
    pub encrypted: bool,
    /// A teaching note shown with the line, such as decoded base64.
    pub note: Option<String>,
    /// On the last line of a server reply: the reply itself, typed.
    pub reply: Option<Reply>,
}

/// What the learner chose: the port, where they send from, and how their program starts TLS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setup {
    pub port: Port,
    pub network: Network,
    /// A firewall rule chosen by hand; it wins over the network preset.
    pub block: Option<Block>,
    /// `None`: what the port expects.
    pub client: Option<ClientTls>,
}

impl Setup {
    pub fn new(port: Port) -> Setup {
        Setup {
            port,
            network: Network::Open,
            block: None,
            client: None,
        }
    }

    /// How the connection attempt is blocked, if at all.
    pub fn blocked(&self) -> Option<Block> {
        self.block.or_else(|| self.network.blocks(self.port))
    }

    pub fn client(&self) -> ClientTls {
        self.client
            .unwrap_or_else(|| ClientTls::expected_by(self.port))
    }

    /// Reads one link parameter if it shapes the journey: `None` when `key` is not one of them,
    /// `Some(false)` when its value is not understood (the setup keeps its default).
    pub fn read_param(&mut self, key: &str, value: &str) -> Option<bool> {
        let understood = match key {
            "port" => value
                .parse()
                .ok()
                .and_then(Port::from_number)
                .map(|p| self.port = p),
            "net" => Network::from_name(value).map(|n| self.network = n),
            "block" => Block::from_name(value).map(|b| self.block = Some(b)),
            "client" => ClientTls::from_name(value).map(|c| self.client = Some(c)),
            _ => return None,
        };
        Some(understood.is_some())
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
        params
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setup_survives_its_link_parameters() {
        let setup = Setup {
            port: Port::P2525,
            network: Network::Cloud,
            block: Some(Block::Reject),
            client: Some(ClientTls::Plain),
        };
        let mut read = Setup::new(Port::P587);
        for (key, value) in setup.params() {
            assert_eq!(read.read_param(key, &value), Some(true), "{key}={value}");
        }
        assert_eq!(read, setup);
        assert_eq!(read.read_param("theme", "dark"), None);
        assert_eq!(read.read_param("port", "443"), Some(false));
        assert_eq!(read, setup, "a bad value changes nothing");
    }
}
