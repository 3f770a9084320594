//! What a comparison sets beside the learner's journey (`compare=` in a link): another port
//! (`compare=465`, as links always wrote it), or the same setup with one setting changed
//! (`compare=block:reject`, `compare=client:starttls`, `compare=policy:mta-sts`): the key and
//! value of a journey's link parameter other than the port, joined by a colon. Every such
//! change can be compared: the build draws a poster for each (about 1,200 more drawings than
//! the ports alone, `smtp-sim-poster`).

use crate::event::Param;
use crate::path::attacker::{Attack, Policy};
use crate::{Block, ClientTls, Mx, Network, Port, Setup};

/// The settings a comparison may change: every journey parameter but the port, which has a
/// form of its own ([`Setup::KEYS`] in order).
pub const SETTINGS: [&str; 7] = ["net", "block", "client", "attack", "verify", "policy", "mx"];

/// The second journey of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Versus {
    /// Another port, from the same path (`Setup::compared_with`).
    Port(Port),
    /// The same setup with one setting changed: a key of [`SETTINGS`] and a value it takes.
    Setting(&'static str, String),
}

impl Versus {
    /// Reads `compare=`'s value: a port number, or `key:value` for a setting of [`SETTINGS`]
    /// and a value its link parameter takes; `None` for anything else.
    pub fn read(value: &str) -> Option<Versus> {
        if let Some(port) = value.parse().ok().and_then(Port::from_number) {
            return Some(Versus::Port(port));
        }
        let (key, value) = value.split_once(':')?;
        let key = SETTINGS.into_iter().find(|k| *k == key)?;
        let read = Setup::new(Port::P587).read_param(key, value);
        (read == Param::Read).then(|| Versus::Setting(key, value.to_string()))
    }

    /// The value a link writes (the reverse of [`Versus::read`]).
    pub fn value(&self) -> String {
        match self {
            Versus::Port(port) => port.number().to_string(),
            Versus::Setting(key, value) => format!("{key}:{value}"),
        }
    }

    /// The setup of the second journey, beside `left`'s.
    pub fn setup(&self, left: &Setup) -> Setup {
        match self {
            Versus::Port(port) => left.compared_with(*port),
            Versus::Setting(key, value) => {
                let mut right = *left;
                right.read_param(key, value);
                right
            }
        }
    }
}

/// Every setting change a link can name (`block:drop` … `policy:dane`), [`SETTINGS`] in order.
pub fn changes() -> Vec<Versus> {
    let values: [Vec<&str>; 7] = [
        Network::ALL.map(Network::name).to_vec(),
        Block::ALL.map(Block::name).to_vec(),
        ClientTls::ALL.map(ClientTls::name).to_vec(),
        Attack::ALL.map(Attack::name).to_vec(),
        vec!["1", "0"],
        Policy::ALL.map(Policy::name).to_vec(),
        Mx::ALL.map(Mx::name).to_vec(),
    ];
    SETTINGS
        .into_iter()
        .zip(values)
        .flat_map(|(key, values)| {
            values
                .into_iter()
                .map(move |value| Versus::Setting(key, value.to_string()))
        })
        .collect()
}

/// The title of the column of `setup` in a comparison with `other`: its port ("Port 465") when
/// the ports differ, else the setting that differs, in the words the page uses for it
/// ("Refused on the way", "Your program: STARTTLS (required)"), in [`SETTINGS`]'s order.
pub fn title(setup: &Setup, other: &Setup) -> String {
    if setup.port != other.port {
        return format!("Port {}", setup.port.number());
    }
    let words = if setup.network != other.network {
        setup.network.label().to_string()
    } else if setup.blocked() != other.blocked() {
        setup
            .blocked()
            .map_or("Not blocked", |b| b.fate())
            .to_string()
    } else if setup.client() != other.client() {
        format!("Your program: {}", setup.client().label())
    } else if setup.attack != other.attack {
        setup
            .attack
            .map_or("No attacker", |a| a.label())
            .to_string()
    } else if setup.verify != other.verify {
        match setup.verify {
            true => "Checks the certificate",
            false => "Does not check the certificate",
        }
        .to_string()
    } else if setup.policy != other.policy {
        format!("Policy: {}", setup.policy.label())
    } else {
        format!("MX: {}", setup.mx.choice())
    };
    capitalised(&words)
}

/// The words with their first letter in upper case ("Refused on the way").
fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_or_one_setting_survives_its_link_value() {
        assert_eq!(Versus::read("465"), Some(Versus::Port(Port::P465)));
        for value in [
            "block:reject",
            "block:drop",
            "client:starttls",
            "client:opportunistic",
            "attack:strip",
            "verify:0",
            "policy:mta-sts",
            "policy:none",
            "net:home",
            "mx:null",
        ] {
            let versus = Versus::read(value).unwrap_or_else(|| panic!("{value}"));
            assert_eq!(versus.value(), value);
        }
        for bad in [
            "",
            "443",
            "block",
            "block:",
            "block:refuse",
            ":drop",
            "port:465",
            "net:moon",
            "mx:",
            "theme:dark",
            "verify:2",
            "465:587",
            "block:drop:x",
            "step:3",
        ] {
            assert_eq!(Versus::read(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_change_a_link_can_name_is_listed() {
        let all = changes();
        assert_eq!(all.len(), 4 + 3 + 4 + 4 + 2 + 3 + 4);
        for versus in &all {
            assert_eq!(Versus::read(&versus.value()).as_ref(), Some(versus));
        }
    }

    #[test]
    fn a_setting_changes_that_setting_only() {
        let left = Setup {
            network: Network::Home,
            attack: Some(Attack::Strip),
            ..Setup::new(Port::P25)
        };
        let right = Versus::read("policy:mta-sts").unwrap().setup(&left);
        assert_eq!(
            right,
            Setup {
                policy: Policy::MtaSts,
                ..left
            }
        );
        let right = Versus::read("block:reject").unwrap().setup(&left);
        assert_eq!(right.block, Some(Block::Reject));
        assert_eq!(right.network, Network::Home, "the rest stays");
        // A port keeps what that port can use of the setup (Setup::compared_with).
        let right = Versus::Port(Port::P465).setup(&left);
        assert_eq!(right, left.compared_with(Port::P465));
    }

    #[test]
    fn columns_are_titled_by_what_differs() {
        let home = Setup {
            network: Network::Home,
            ..Setup::new(Port::P25)
        };
        let refused = Setup {
            block: Some(Block::Reject),
            ..home
        };
        // The home ISP drops port 25; the firewall rule refuses it.
        assert_eq!(title(&home, &refused), "Dropped on the way: no answer");
        assert_eq!(title(&refused, &home), "Refused on the way");
        let opportunistic = Setup {
            client: Some(ClientTls::Opportunistic),
            attack: Some(Attack::Strip),
            ..Setup::new(Port::P587)
        };
        let required = Setup {
            client: Some(ClientTls::Starttls),
            ..opportunistic
        };
        assert_eq!(
            title(&opportunistic, &required),
            "Your program: STARTTLS if offered (opportunistic)"
        );
        assert_eq!(
            title(&required, &opportunistic),
            "Your program: STARTTLS (required)"
        );
        let relay = Setup {
            attack: Some(Attack::Strip),
            ..Setup::new(Port::P25)
        };
        let sts = Setup {
            policy: Policy::MtaSts,
            ..relay
        };
        assert_eq!(title(&sts, &relay), "Policy: MTA-STS enforce (RFC 8461)");
        let stripped = Setup {
            attack: Some(Attack::Strip),
            ..Setup::new(Port::P587)
        };
        assert_eq!(title(&Setup::new(Port::P587), &stripped), "No attacker");
        assert_eq!(
            title(&Setup::new(Port::P587), &Setup::new(Port::P465)),
            "Port 587"
        );
    }
}
