//! Every teaching text names its source where the reader sees it: an RFC section, a recording of
//! the lab server, or the program or vendor document it quotes (issue 12). A step's explanation is
//! sourced by the rule shown under it; the other texts carry their source inline.

use smtp_sim::path::attacker::{Attack, Policy};
use smtp_sim::path::network::Block;
use smtp_sim::teach::try_it::{commands, BROWSER_NOTE};
use smtp_sim::{journey, ClientTls, Network, Port, Setup};

/// Words that name a source a reader can look up.
const SOURCES: &[&str] = &[
    "RFC ",
    "recording",
    "Postfix",
    "Dovecot",
    "OpenSSL",
    "openssl",
    "swaks",
    "Nodemailer",
    "PHPMailer",
    "smtplib",
    "Fetch standard",
    "Linux",
    "IANA",
    "Cisco",
    "Mailjet",
    "CVE-",
    "draft-",
    "Amazon EC2",
    "netcat",
    "../shared/conformance",
];

fn sourced(text: &str) -> bool {
    SOURCES.iter().any(|s| text.contains(s))
}

#[test]
fn every_step_shows_the_rule_it_rests_on() {
    let clients = [None].into_iter().chain(ClientTls::ALL.map(Some));
    let attacks = [None].into_iter().chain(Attack::ALL.map(Some));
    for port in Port::ALL {
        for client in clients.clone() {
            for attack in attacks.clone() {
                for block in [None, Some(Block::Drop), Some(Block::Reject)] {
                    for (verify, policy) in [(true, Policy::Opportunistic), (false, Policy::Dane)] {
                        let setup = Setup {
                            client,
                            attack,
                            block,
                            verify,
                            policy,
                            ..Setup::new(port)
                        };
                        for step in journey(setup).steps {
                            assert!(
                                step.rfc.starts_with("RFC ") && step.rfc.contains('§'),
                                "{setup:?}: {} has no rule",
                                step.title
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn the_port_table_and_the_networks_name_their_sources() {
    for port in Port::ALL {
        let info = port.info();
        assert!(sourced(info.purpose), "{port:?} purpose: {}", info.purpose);
        if let Some(myth) = info.myth {
            assert!(sourced(myth), "{port:?} myth: {myth}");
        }
        for network in Network::ALL {
            assert!(sourced(network.story()), "{network:?}: {}", network.story());
            if network.blocks(port).is_some() {
                let advice = network.advice(port);
                assert!(sourced(&advice), "{network:?} {port:?}: {advice}");
            }
        }
    }
}

#[test]
fn commands_to_try_name_the_tool_they_quote() {
    assert!(sourced(BROWSER_NOTE));
    for port in Port::ALL {
        for client in ClientTls::ALL {
            let setup = Setup {
                client: Some(client),
                ..Setup::new(port)
            };
            for command in commands(&setup) {
                // The command line itself names the tool (nc, openssl, swaks).
                assert!(
                    ["nc ", "openssl ", "swaks "]
                        .iter()
                        .any(|t| command.line.starts_with(t)),
                    "{}",
                    command.line
                );
            }
        }
    }
}
