//! What a comparison sets beside the learner's journey (`compare=` in a link): another port
//! (`compare=465`, as links always wrote it), or the same setup with one setting changed
//! (`compare=block:reject`, `compare=client:starttls`, `compare=policy:mta-sts`): the key and
//! value of a link parameter, joined by a colon. Only the settings whose alternatives teach
//! something side by side can be changed ([`SETTINGS`]): the build draws a poster for every
//! comparison a link can describe (`smtp-sim-poster`); every setting would be about 5,200 more
//! posters than the ports alone, these four are about 2,400.

use crate::{Block, Port, Setup};

/// The settings a comparison may change ([`Setup::KEYS`]'s order): the firewall's rule (drop
/// beside refuse), the program's TLS setting (opportunistic beside required STARTTLS), the
/// certificate check (under an attacker's certificate) and the relay's TLS policy (none beside
/// MTA-STS or DANE). The port has a form of its own; the network, the attacker and the MX answer
/// are changed in the setup itself (the summary gives each attacker's outcome on both sides).
pub const SETTINGS: [&str; 4] = ["block", "client", "verify", "policy"];

/// Every value a comparison may give each setting, as links write them (a test checks that
/// the setting's own parameter reads each, and that none is missing).
pub const CHANGES: [(&str, &str); 12] = [
    ("block", "drop"),
    ("block", "reject"),
    ("block", "prohibit"),
    ("client", "starttls"),
    ("client", "opportunistic"),
    ("client", "tls"),
    ("client", "plain"),
    ("verify", "1"),
    ("verify", "0"),
    ("policy", "none"),
    ("policy", "mta-sts"),
    ("policy", "dane"),
];

/// The second journey of a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Versus {
    /// Another port, from the same path (`Setup::compared_with`).
    Port(Port),
    /// The same setup with one setting changed: a key of [`SETTINGS`] and a value it takes
    /// ([`CHANGES`]).
    Setting(&'static str, &'static str),
}

impl Versus {
    /// Reads `compare=`'s value: a port number, or `key:value` for a setting of [`SETTINGS`]
    /// and a value its link parameter takes; `None` for anything else.
    pub fn read(value: &str) -> Option<Versus> {
        if let Some(port) = value.parse().ok().and_then(Port::from_number) {
            return Some(Versus::Port(port));
        }
        let (key, value) = value.split_once(':')?;
        let (key, value) = CHANGES.into_iter().find(|c| *c == (key, value))?;
        Some(Versus::Setting(key, value))
    }

    /// The value a link writes (the reverse of [`Versus::read`]).
    pub fn value(&self) -> String {
        match self {
            Versus::Port(port) => port.number().to_string(),
            Versus::Setting(key, value) => key.to_string() + ":" + value,
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
    CHANGES
        .into_iter()
        .map(|(key, value)| Versus::Setting(key, value))
        .collect()
}

/// What `setup` makes of the setting `key` (one of [`SETTINGS`]), as its link names the value:
/// the firewall's rule as the network and the rule decide it, the program's TLS setting as the
/// port expects it when none is chosen, the certificate check as the program does it, and the
/// relay's policy only on port 25 (elsewhere nothing: no relay reads it). Two setups that make
/// the same of it show the same journey: the comparison makes no sense.
pub fn effective(setup: &Setup, key: &str) -> &'static str {
    match key {
        "block" => setup.blocked().map_or("none", Block::name),
        "client" => setup.client().name(),
        "verify" => ["0", "1"][usize::from(setup.checks_certificate())],
        _ if setup.port == Port::P25 => setup.policy.name(),
        _ => "",
    }
}

/// The title of the column of `setup` in a comparison with `versus` beside it: its port
/// ("Port 465"), or its value of the setting changed, as a link writes it ("block=drop" beside
/// "block=reject"). Built piece by piece: the page's own download carries it.
pub fn title(setup: &Setup, versus: &Versus) -> String {
    let mut title = String::new();
    match versus {
        Versus::Port(_) => {
            title += "Port ";
            title += &setup.port.number().to_string();
        }
        Versus::Setting(key, _) => {
            title += key;
            title.push('=');
            title += effective(setup, key);
        }
    }
    title
}

/// A side of a comparison in words, for the notes and the posters: its port ("Port 465") when
/// the ports differ, else its value of the setting that differs, in [`SETTINGS`]'s order, in the
/// words the page uses for a firewall and a program's setting ("Refused on the way", "Your
/// program: STARTTLS (required)").
pub fn words(setup: &Setup, other: &Setup) -> String {
    let words = if setup.port != other.port {
        return format!("Port {}", setup.port.number());
    } else if setup.block != other.block {
        setup
            .blocked()
            .map_or("Not blocked", Block::fate)
            .to_string()
    } else if setup.client != other.client {
        format!("Your program: {}", setup.client().label())
    } else if setup.verify != other.verify {
        match setup.verify {
            true => "Checks the certificate",
            false => "Does not check the certificate",
        }
        .to_string()
    } else {
        format!("Policy: {}", setup.policy.label())
    };
    words[..1].to_ascii_uppercase() + &words[1..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Param;
    use crate::path::attacker::{Attack, Policy};
    use crate::{ClientTls, Network};

    #[test]
    fn a_port_or_one_setting_survives_its_link_value() {
        assert_eq!(Versus::read("465"), Some(Versus::Port(Port::P465)));
        for value in [
            "block:reject",
            "block:drop",
            "client:starttls",
            "client:opportunistic",
            "verify:0",
            "policy:mta-sts",
            "policy:none",
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
            "net:home",
            "mx:null",
            "attack:strip",
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
        // Each setting's every value, from the model's own lists, in SETTINGS's order.
        let mut every = Vec::new();
        every.extend(Block::ALL.map(|b| ("block", b.name())));
        every.extend(ClientTls::ALL.map(|c| ("client", c.name())));
        every.extend([("verify", "1"), ("verify", "0")]);
        every.extend(Policy::ALL.map(|p| ("policy", p.name())));
        assert_eq!(CHANGES.to_vec(), every);
        for (key, value) in CHANGES {
            assert!(SETTINGS.contains(&key));
            let mut setup = Setup::new(Port::P587);
            assert_eq!(setup.read_param(key, value), Param::Read, "{key}:{value}");
        }
        for versus in changes() {
            assert_eq!(Versus::read(&versus.value()), Some(versus));
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
    fn each_side_is_named_by_what_differs() {
        let home = Setup {
            network: Network::Home,
            ..Setup::new(Port::P25)
        };
        let refused = Setup {
            block: Some(Block::Reject),
            ..home
        };
        // The home ISP drops port 25; the firewall rule refuses it.
        assert_eq!(words(&home, &refused), "Dropped on the way: no answer");
        assert_eq!(words(&refused, &home), "Refused on the way");
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
            words(&opportunistic, &required),
            "Your program: STARTTLS if offered (opportunistic)"
        );
        assert_eq!(
            words(&required, &opportunistic),
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
        assert_eq!(words(&sts, &relay), "Policy: MTA-STS enforce (RFC 8461)");
        assert_eq!(
            words(&Setup::new(Port::P587), &Setup::new(Port::P465)),
            "Port 587"
        );
    }

    #[test]
    fn columns_are_titled_by_the_value_each_side_makes_of_the_setting() {
        let home = Setup {
            network: Network::Home,
            ..Setup::new(Port::P25)
        };
        let refuse = Versus::read("block:reject").unwrap();
        // The home ISP drops port 25 by itself: the left column is "block=drop".
        assert_eq!(title(&home, &refuse), "block=drop");
        assert_eq!(title(&refuse.setup(&home), &refuse), "block=reject");
        assert_eq!(title(&home, &Versus::Port(Port::P465)), "Port 25");
        // 587 requires STARTTLS already; a relay's policy means nothing on 587.
        let submission = Setup::new(Port::P587);
        for value in ["client:starttls", "policy:mta-sts", "verify:1"] {
            let versus = Versus::read(value).unwrap();
            let Versus::Setting(key, _) = versus else {
                unreachable!()
            };
            assert_eq!(
                effective(&submission, key),
                effective(&versus.setup(&submission), key),
                "{value}"
            );
        }
        // A relay at Postfix's `may` never checks the certificate, whatever verify says.
        let relay = Setup::new(Port::P25);
        let unchecked = Versus::read("verify:0").unwrap().setup(&relay);
        assert_eq!(effective(&relay, "verify"), effective(&unchecked, "verify"));
    }
}
