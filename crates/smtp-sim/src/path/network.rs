//! The path between the sending program and the server: DNS answers and what happens to the TCP
//! connection attempt. Timings are those a Linux client showed in the lab (facts.md §12,
//! `net_*` recordings).

use crate::path::port::Port;
use crate::server::HOSTNAME;

/// Documentation addresses (RFC 5737, RFC 3849): never a real host.
pub const SERVER_IPV4: &str = "192.0.2.25";
/// The server's IPv6 address, from the documentation prefix (RFC 3849).
pub const SERVER_IPV6: &str = "2001:db8::25";
/// Priority of the recipient domain's MX record (RFC 5321 §5.1: lowest is tried first).
pub const MX_PREFERENCE: u16 = 10;
/// The preferred MX host that does not answer (`mx=backup`).
pub const DOWN_MX: &str = "mx1.example.test";
/// `DOWN_MX`'s address, from the documentation range (RFC 5737).
pub const DOWN_MX_IPV4: &str = "192.0.2.26";
/// How long Postfix waits for a TCP connection to an MX before it tries the next one
/// (postconf `smtp_connect_timeout`, default 30s).
pub const MX_CONNECT_TIMEOUT_MS: u64 = 30_000;

/// How a firewall on the path treats the port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// Silently discards the SYN: the client retries, then times out.
    Drop,
    /// Answers with a TCP RST (or ICMP port unreachable): the client fails at once.
    Reject,
    /// Answers with ICMP "administratively prohibited" (iptables `--reject-with
    /// icmp-host-prohibited` or `icmp-admin-prohibited`): the client fails at once, and Linux
    /// reports EHOSTUNREACH, "No route to host", though a route exists (net/ipv4/icmp.c).
    Prohibit,
}

impl Block {
    /// Every firewall rule a link can name (`block=`).
    pub const ALL: [Block; 3] = [Block::Drop, Block::Reject, Block::Prohibit];

    /// The firewall rule's name in links (`block=drop`, `block=reject`, `block=prohibit`).
    pub fn name(self) -> &'static str {
        match self {
            Block::Drop => "drop",
            Block::Reject => "reject",
            Block::Prohibit => "prohibit",
        }
    }

    /// The rule a link names, if any.
    pub fn from_name(name: &str) -> Option<Block> {
        Block::ALL.into_iter().find(|b| b.name() == name)
    }

    /// The rule as a choice in the setup, for `port`.
    pub fn choice(self, port: u16) -> String {
        match self {
            Block::Drop => format!("Drop port {port} (silent: the client times out)"),
            Block::Reject => format!("Refuse port {port} (at once: connection refused)"),
            Block::Prohibit => format!("Prohibit port {port} (ICMP: no route to host)"),
        }
    }

    /// What happens to the connection, in a few words ("refused on the way").
    pub fn fate(self) -> &'static str {
        match self {
            Block::Drop => "dropped on the way: no answer",
            Block::Reject => "refused on the way",
            Block::Prohibit => "prohibited on the way: no route to host",
        }
    }
}

/// What the recipient domain publishes for mail, read by a relay on port 25 (URL `mx`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mx {
    /// An MX record names the domain's mail server (the usual case).
    Listed,
    /// No MX record: the domain's own address is the implicit MX (RFC 5321 §5.1).
    Missing,
    /// A null MX, `0 .`: the domain accepts no mail (RFC 7505 §3).
    Null,
    /// Two MX records; the preferred one does not answer, so the relay tries the next.
    Backup,
}

impl Mx {
    /// Every MX answer a link can name (`mx=`).
    pub const ALL: [Mx; 4] = [Mx::Listed, Mx::Missing, Mx::Null, Mx::Backup];

    /// The answer's name in links (`mx=none`, `mx=null`; `listed` is the default).
    pub fn name(self) -> &'static str {
        match self {
            Mx::Listed => "listed",
            Mx::Missing => "none",
            Mx::Null => "null",
            Mx::Backup => "backup",
        }
    }

    /// The answer a link names, if any.
    pub fn from_name(name: &str) -> Option<Mx> {
        Mx::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The answer as a choice in the setup.
    pub fn choice(self) -> &'static str {
        match self {
            Mx::Listed => "An MX record names its server",
            Mx::Missing => "No MX record (the domain's own address)",
            Mx::Null => "Null MX \"0 .\" (it takes no mail)",
            Mx::Backup => "Two MX records, the first one down",
        }
    }
}

/// Where the sender is: each network decides which ports get out (URL `net`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Network {
    /// Nothing is filtered: the lab's own network, where the replies were recorded.
    Open,
    /// A home ISP: outbound port 25 dropped, the submission ports pass.
    Home,
    /// A cloud VM: the provider drops outbound port 25 by default; 465 and 587 pass.
    Cloud,
    /// A locked-down office: only ports 80 and 443 get out.
    Office,
}

impl Network {
    /// Every network a link can name (`net=`).
    pub const ALL: [Network; 4] = [
        Network::Open,
        Network::Home,
        Network::Cloud,
        Network::Office,
    ];

    /// The network's name in links (`net=home`).
    pub fn name(self) -> &'static str {
        match self {
            Network::Open => "open",
            Network::Home => "home",
            Network::Cloud => "cloud",
            Network::Office => "office",
        }
    }

    /// The network a link names, if any.
    pub fn from_name(name: &str) -> Option<Network> {
        Network::ALL.into_iter().find(|n| n.name() == name)
    }

    /// The network's short label on the page ("Home ISP").
    pub fn label(self) -> &'static str {
        match self {
            Network::Open => "Open network",
            Network::Home => "Home ISP",
            Network::Cloud => "Cloud VM",
            Network::Office => "Locked-down office",
        }
    }

    /// One line of story, as the learner meets the network.
    pub fn story(self) -> &'static str {
        match self {
            Network::Open => "Nothing is filtered between you and the server: the lab's own network, where every reply shown was recorded (recordings of Postfix 3.7.11).",
            Network::Home => "Your ISP drops outbound port 25 so that infected home computers cannot send spam directly; many ISPs do (\"Outbound Port 25 Blocking\", draft-akagiri-op25b-dynamicip; RFC 5068 points such users to submission on 587).",
            Network::Cloud => "Your cloud provider drops outbound port 25 by default, as Amazon EC2 and Google Cloud document; 465 and 587 pass. Where 587 is blocked too, providers offer 2525 (Mailjet's port guide).",
            Network::Office => "The office firewall lets only web traffic out (ports 80 and 443), which is why some providers, Mailjet among them (its port guide), also answer SMTP on 80.",
        }
    }

    /// What this network does to a connection to `port` (all blocks here are silent drops).
    pub fn blocks(self, port: Port) -> Option<Block> {
        let number = port.number();
        let dropped = match self {
            Network::Open => false,
            Network::Home | Network::Cloud => number == 25,
            Network::Office => number != 80 && number != 443,
        };
        dropped.then_some(Block::Drop)
    }

    /// What the learner can do when this network blocks `port`.
    pub fn advice(self, port: Port) -> String {
        match (self, port) {
            (Network::Office, _) => "Only 80 and 443 get out here; SMTP on 80 works only with a provider that answers there (Mailjet's port guide lists one), and web proxies may break it. Ask the administrators for 587 or 465.".into(),
            (_, Port::P25) => "Submit to your provider on 587 or 465 (or 2525) instead; it relays on 25 for you (RFC 6409, RFC 8314). A mail server of your own sends the same way, through the provider as its relay host: in Postfix, `relayhost = [smtp.provider.example]:587` with `smtp_sasl_auth_enable = yes` and `smtp_tls_security_level = secure`, so the login goes only inside TLS to a checked certificate (Postfix SASL_README, TLS_README). Receiving mail needs a network that allows 25: MX records carry no port, so server-to-server mail always uses 25 (RFC 8314 §7.3).".into(),
            _ => {
                // The ports worth trying, without the one that just failed.
                let others: Vec<String> = [Port::P587, Port::P465, Port::P2525]
                    .iter()
                    .filter(|&&p| p != port)
                    .map(|p| p.number().to_string())
                    .collect();
                let last = others.len() - 1;
                // 2525 is in no RFC: the standard pair is 465 and 587.
                let spare = if port == Port::P2525 {
                    ""
                } else {
                    "; 2525 is a spare some providers open, in no RFC"
                };
                format!(
                    "Try the submission ports your provider offers instead: {} or {} (RFC 8314 §3.3: servers should offer both standard submission ports{spare}).",
                    others[..last].join(", "),
                    others[last]
                )
            }
        }
    }
}

/// When Linux resends an unanswered SYN, in ms after the first one: five retries 1 s apart
/// (the 1 s initial timeout, then `tcp_syn_linear_timeouts=4`), then doubling gaps (net_dropped_port_os_default_timeout).
pub const SYN_RETRANSMITS_MS: [u64; 10] = [
    1_027, 2_051, 3_075, 4_099, 5_123, 7_139, 11_235, 19_427, 35_555, 69_347,
];
/// `connect()` gives up with ETIMEDOUT (errno 110) here.
pub const CONNECT_TIMEOUT_MS: u64 = 134_883;
/// A refused connection fails at once: RST/ACK within a fraction of a millisecond on loopback;
/// over the Internet it takes one round trip.
pub const ROUND_TRIP_MS: u64 = 24;

/// The DNS questions and answers a sender needs before it can connect (RFC 1035; RFC 5321 §5.1).
pub struct Lookup {
    /// The question, as a resolver would print it.
    pub question: String,
    /// The answer the resolver gives.
    pub answer: String,
}

/// A relay finds the recipient domain's MX first, then the MX host's address (the domain's own
/// without an MX, none after a null MX); a submission client only resolves the host name it was
/// configured with.
pub fn lookups(port: Port, recipient_domain: &str, mx: Mx) -> Vec<Lookup> {
    let address = |host: &str| Lookup {
        question: format!("A? AAAA? {host}"),
        answer: if host == DOWN_MX {
            format!("{host} A {DOWN_MX_IPV4}")
        } else {
            format!("{host} A {SERVER_IPV4}, AAAA {SERVER_IPV6}")
        },
    };
    if port != Port::P25 {
        return vec![address(HOSTNAME)];
    }
    let question = format!("MX? {recipient_domain}");
    match mx {
        Mx::Listed => vec![
            Lookup {
                question,
                answer: format!("{recipient_domain} MX {MX_PREFERENCE} {HOSTNAME}."),
            },
            address(HOSTNAME),
        ],
        Mx::Missing => vec![
            Lookup {
                question,
                answer: format!("{recipient_domain}: no MX record (NOERROR, empty answer)"),
            },
            address(recipient_domain),
        ],
        Mx::Null => vec![Lookup {
            question,
            answer: format!("{recipient_domain} MX 0 ."),
        }],
        Mx::Backup => vec![
            Lookup {
                question,
                answer: format!(
                    "{recipient_domain} MX {MX_PREFERENCE} {DOWN_MX}., MX {} {HOSTNAME}.",
                    MX_PREFERENCE * 2
                ),
            },
            address(DOWN_MX),
            address(HOSTNAME),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_never_suggests_the_port_that_just_failed() {
        for port in Port::ALL {
            for net in [Network::Open, Network::Home, Network::Cloud] {
                let advice = net.advice(port);
                if port != Port::P25 {
                    assert!(!advice.contains(&port.number().to_string()), "{advice}");
                }
                assert!(advice.ends_with('.'), "{advice}");
            }
        }
        assert_eq!(
            Network::Open.advice(Port::P587),
            "Try the submission ports your provider offers instead: 465 or 2525 (RFC 8314 §3.3: servers should offer both standard submission ports; 2525 is a spare some providers open, in no RFC)."
        );
    }

    #[test]
    fn relays_look_up_the_mx_first() {
        let relay = lookups(Port::P25, "example.test", Mx::Listed);
        assert!(relay[0].question.starts_with("MX?"));
        assert!(relay[0].answer.contains("MX 10 mail.example.test."));
        assert_eq!(lookups(Port::P587, "example.org", Mx::Null).len(), 1);
    }

    #[test]
    fn networks_block_what_their_story_says() {
        use Port::*;
        for (net, open) in [
            (Network::Open, vec![P25, P465, P587, P2525, P588, P80]),
            (Network::Home, vec![P465, P587, P2525, P588, P80]),
            (Network::Cloud, vec![P465, P587, P2525, P588, P80]),
            (Network::Office, vec![P80]),
        ] {
            for port in Port::ALL {
                assert_eq!(
                    net.blocks(port).is_none(),
                    open.contains(&port),
                    "{net:?} {port:?}"
                );
            }
            assert_eq!(Network::from_name(net.name()), Some(net));
        }
    }

    #[test]
    fn block_names_round_trip() {
        for block in Block::ALL {
            assert_eq!(Block::from_name(block.name()), Some(block));
        }
        assert_eq!(Block::from_name("prohibit"), Some(Block::Prohibit));
        assert_eq!(Block::from_name("DROP"), None);
    }
}
