//! What the probe saw, said in the simulator's words: a verdict per port, the overall answer
//! ("which port do I use from here?"), and for each a link that opens the simulator on the
//! nearest journey (port, network, client setting, and the attack that shows the same failure).

use serde::Serialize;
use smtp_sim::path::attacker::Attack;
use smtp_sim::path::port::Role;
use smtp_sim::teach::diagnose::Shown;
use smtp_sim::teach::lesson::Lesson;
use smtp_sim::{journey, Block, ClientTls, Network, Port, Setup};

use super::port::{Seen, Tcp};
use super::tls::CertStatus;
use crate::page;

/// One port's verdict.
#[derive(Clone, Debug, Serialize)]
pub struct Verdict {
    /// Stable id (JSON `verdict`): `use-implicit-tls`, `use-starttls`, `relay-only`, `dropped`,
    /// `refused`, `no-route`, `no-greeting`, `not-smtp`, `greeting-refused`, `no-starttls`, `tls-failed`,
    /// `certificate-rejected`, `no-login`, `plaintext-on-implicit-port`.
    pub id: &'static str,
    /// One line for a person.
    pub summary: String,
    /// A program can log in here over TLS with a certificate it accepts.
    pub usable: bool,
    /// How the simulator's journey behind `link` ends (its `data-outcome`).
    pub simulator_outcome: &'static str,
    pub link: String,
    /// Judged as the relay port (25).
    #[serde(skip)]
    pub relay: bool,
}

/// What the probed ports together say about the network in between.
pub fn network(seen: &[(u16, &Seen)]) -> Network {
    let tcp = |n: u16| seen.iter().find(|(p, _)| *p == n).and_then(|(_, s)| s.tcp);
    let others_open = seen
        .iter()
        .any(|(p, s)| *p != 25 && s.tcp == Some(Tcp::Open));
    // 25 dropped while submission ports get through: what home ISPs and cloud providers do.
    if tcp(25) == Some(Tcp::Timeout) && others_open {
        Network::Cloud
    } else {
        Network::Open
    }
}

/// The simulator's port for what was probed (`--ports 2465:465` judges 2465 as 465); a port
/// outside the catalogue is shown as the submission port whose way of starting TLS it used.
fn sim_port(as_port: u16, seen: &Seen) -> Port {
    Port::from_number(as_port).unwrap_or(if seen.implicit_tls {
        Port::P465
    } else {
        Port::P587
    })
}

fn is_relay(as_port: u16) -> bool {
    Port::from_number(as_port).is_some_and(|p| p.info().role == Role::Relay)
}

fn secs(ms: Option<u64>) -> String {
    smtp_sim::event::seconds(ms.unwrap_or(0), 1)
}

fn cert_words(status: CertStatus) -> &'static str {
    match status {
        CertStatus::Untrusted => "not signed by a trusted authority (untrusted)",
        CertStatus::NameMismatch => "made out for another name (name mismatch)",
        CertStatus::Expired => "expired",
        CertStatus::Valid => "valid",
        CertStatus::None => "missing",
    }
}

/// Judges one port. `number` is the port connected to, `as_port` the catalogue port it is
/// judged as.
pub fn judge(number: u16, as_port: u16, seen: &Seen, net: Network, base: &str) -> Verdict {
    let port = sim_port(as_port, seen);
    let mut setup = Setup {
        network: net,
        ..Setup::new(port)
    };
    let relay = is_relay(as_port);
    let (id, summary, usable): (&'static str, String, bool) = match seen.tcp {
        Some(Tcp::Timeout) | None => {
            if net.blocks(port).is_none() {
                setup.block = Some(Block::Drop);
            }
            let story = if net == Network::Cloud && port == Port::P25 {
                ", as home ISPs and cloud providers do with outbound 25"
            } else {
                ""
            };
            (
                "dropped",
                format!(
                    "{number}: dropped on the way: no answer to the connection attempt in {}{story}",
                    secs(seen.connect_ms)
                ),
                false,
            )
        }
        Some(Tcp::Refused) => {
            setup.block = Some(Block::Reject);
            (
                "refused",
                format!(
                    "{number}: refused at once ({} ms): nothing listens there, or a firewall rejects it",
                    seen.connect_ms.unwrap_or(0)
                ),
                false,
            )
        }
        Some(Tcp::Unreachable) => {
            setup.block = Some(Block::Prohibit);
            (
                "no-route",
                format!(
                    "{number}: no route to the host ({} ms): a firewall that answers ICMP \"administratively prohibited\", a host that does not answer on its own network, or no route at all",
                    seen.connect_ms.unwrap_or(0)
                ),
                false,
            )
        }
        Some(Tcp::Open) if seen.not_smtp.is_some() => (
            "not-smtp",
            format!(
                "{number}: something answers, but not SMTP (it sent \"{}\")",
                seen.not_smtp.as_deref().unwrap_or("")
            ),
            false,
        ),
        Some(Tcp::Open) if seen.greeting.is_none() => {
            // The simulator's "greeting that never comes": a STARTTLS program on 465.
            setup.port = Port::P465;
            setup.client = Some(ClientTls::Starttls);
            let why = match &seen.tls_error {
                Some(e) => format!("and TLS first failed too ({e})"),
                None => "and no TLS either".into(),
            };
            (
                "no-greeting",
                format!(
                    "{number}: connected in {} ms, but no greeting came, {why}",
                    seen.connect_ms.unwrap_or(0)
                ),
                false,
            )
        }
        Some(Tcp::Open) => after_greeting(number, port, seen, relay, &mut setup),
    };
    let mut summary = summary;
    let mut shown = Shown::Steps(0);
    if let Some((step, title)) = failing_step(&setup, id) {
        shown = Shown::Steps(step);
        summary.push_str(&format!(" (in the simulator: step {step}, \"{title}\")"));
    }
    let link = page::link(base, &setup, shown);
    Verdict {
        id,
        summary,
        usable,
        simulator_outcome: journey(setup).outcome.name(),
        link,
        relay,
    }
}

/// The verdict once a greeting came: what TLS, the certificate and AUTH allow.
fn after_greeting(
    number: u16,
    port: Port,
    seen: &Seen,
    relay: bool,
    setup: &mut Setup,
) -> (&'static str, String, bool) {
    let mechs = |m: Vec<String>| m.join(" ");
    let cert = seen.cert.as_ref().map_or(CertStatus::None, |c| c.status);
    let Some(greeting) = seen.greeting.as_ref() else {
        return ("no-greeting", format!("{number}: no greeting"), false);
    };
    if greeting.code != 220 {
        (
            "greeting-refused",
            format!(
                "{number}: the server refused the session: \"{}\"",
                greeting.wire().join(" ")
            ),
            false,
        )
    } else if seen.implicit_tls {
        setup.client = Some(ClientTls::Implicit);
        let first = if seen.speaks_tls_first && port != Port::P465 {
            "this port speaks TLS first (no plaintext greeting came): "
        } else {
            ""
        };
        if cert != CertStatus::Valid {
            setup.attack = Some(Attack::Cert);
            (
                "certificate-rejected",
                format!(
                    "{number}: {first}TLS from the first byte, but the certificate is {}: a program that checks it stops here",
                    cert_words(cert)
                ),
                false,
            )
        } else if seen.auth_after_tls().is_empty() {
            (
                "no-login",
                format!("{number}: {first}TLS from the first byte with a valid certificate, but no login (AUTH) is offered"),
                false,
            )
        } else {
            (
                "use-implicit-tls",
                format!(
                    "{number}: {first}TLS from the first byte, then login ({}) — use it with SSL/TLS (implicit TLS)",
                    mechs(seen.auth_after_tls())
                ),
                true,
            )
        }
    } else if seen.plaintext_where_tls_expected {
        // The mirror in the simulator: a program set to SSL/TLS against a plaintext port.
        setup.port = Port::P587;
        setup.client = Some(ClientTls::Implicit);
        (
            "plaintext-on-implicit-port",
            format!(
                "{number}: answers in plaintext, not with TLS first as {} expects (RFC 8314 §3.3); a program set to SSL/TLS fails here{}",
                port.number(),
                if seen.tls_ok() { "; STARTTLS works" } else { "" }
            ),
            false,
        )
    } else if !seen.starttls_offered {
        // The simulator shows STARTTLS missing as an attacker removing it.
        setup.attack = Some(Attack::Strip);
        if relay {
            (
                "no-starttls",
                format!("{number}: no STARTTLS offered: mail to this server crosses the network readable"),
                false,
            )
        } else {
            setup.client = Some(ClientTls::Starttls);
            (
                "no-starttls",
                format!("{number}: no STARTTLS offered: a login here would cross the network readable; a program that requires TLS stops"),
                false,
            )
        }
    } else if !seen.tls_ok() {
        (
            "tls-failed",
            format!(
                "{number}: STARTTLS offered, but TLS did not start ({})",
                seen.tls_error
                    .clone()
                    .or_else(|| seen.starttls_reply.as_ref().map(|r| r.wire().join(" ")))
                    .or_else(|| seen.error.clone())
                    .unwrap_or_default()
            ),
            false,
        )
    } else if relay {
        let auth = seen.auth_after_tls();
        let login = if auth.is_empty() {
            "no login".to_string()
        } else {
            format!("login offered ({})", mechs(auth))
        };
        let cert_note = if cert == CertStatus::Valid {
            "with a valid certificate".to_string()
        } else {
            format!(
                "with a certificate that is {} (senders under MTA-STS or DANE defer)",
                cert_words(cert)
            )
        };
        (
            "relay-only",
            format!("{number}: a mail server's relay port: STARTTLS {cert_note}, {login} — for server-to-server mail, not for your program (submit on 587 or 465)"),
            false,
        )
    } else if cert != CertStatus::Valid {
        setup.client = Some(ClientTls::Starttls);
        setup.attack = Some(Attack::Cert);
        (
            "certificate-rejected",
            format!(
                "{number}: STARTTLS works, but the certificate is {}: a program that checks it stops here",
                cert_words(cert)
            ),
            false,
        )
    } else if seen.auth_after_tls().is_empty() {
        setup.client = Some(ClientTls::Starttls);
        (
            "no-login",
            format!("{number}: STARTTLS with a valid certificate, but no login (AUTH) is offered"),
            false,
        )
    } else {
        setup.client = Some(ClientTls::Starttls);
        let warn = if seen.auth_before_tls().is_empty() {
            ""
        } else {
            " (login is offered before TLS too: make sure TLS is required)"
        };
        (
            "use-starttls",
            format!(
                "{number}: STARTTLS then login ({}) — use it with TLS required{warn}",
                mechs(seen.auth_after_tls())
            ),
            true,
        )
    }
}

/// The step of the linked journey where the same failure happens (counted from 1, as the
/// page's `step` parameter shows that many steps), with its title.
fn failing_step(setup: &Setup, id: &str) -> Option<(usize, String)> {
    let wanted = |lesson: Lesson| match id {
        "dropped" => matches!(lesson, Lesson::TimedOut(_)),
        "refused" => matches!(lesson, Lesson::Refused(_)),
        "no-route" => matches!(lesson, Lesson::Prohibited(_)),
        "no-greeting" => lesson == Lesson::NoGreeting,
        "plaintext-on-implicit-port" => lesson == Lesson::WrongVersionNumber,
        "certificate-rejected" | "no-starttls" => matches!(lesson, Lesson::Attack(_)),
        _ => false,
    };
    let steps = journey(*setup).steps;
    let at = steps.iter().position(|s| wanted(s.lesson))?;
    Some((at + 1, steps[at].title.clone()))
}

/// The answer to "which port do I use from here?".
#[derive(Clone, Debug, Serialize)]
pub struct Overall {
    /// The port to use, when one works.
    pub port: Option<u16>,
    pub summary: String,
    pub network: &'static str,
    pub link: String,
}

/// Picks the port to use: implicit TLS first (RFC 8314 §3.3 prefers it for submission), then
/// STARTTLS, in the catalogue's order of standing (465, 587, then the others as probed).
pub fn overall(judged: &[(u16, Verdict)], net: Network) -> Overall {
    let rank = |(n, v): &&(u16, Verdict)| {
        let kind = if v.id == "use-implicit-tls" { 0 } else { 1 };
        let standing = match n {
            465 => 0,
            587 => 1,
            _ => 2,
        };
        (kind, standing)
    };
    let mut usable: Vec<&(u16, Verdict)> = judged.iter().filter(|(_, v)| v.usable).collect();
    usable.sort_by_key(rank);
    match usable.first() {
        Some((n, v)) => {
            let also: Vec<String> = usable[1..].iter().map(|(n, _)| n.to_string()).collect();
            let how = if v.id == "use-implicit-tls" {
                "SSL/TLS (implicit TLS)"
            } else {
                "STARTTLS, TLS required"
            };
            let also = if also.is_empty() {
                String::new()
            } else {
                format!("; {} also work{}", also.join(", "), if also.len() == 1 { "s" } else { "" })
            };
            Overall {
                port: Some(*n),
                summary: format!("Use port {n} with {how}{also}."),
                network: net.name(),
                link: v.link.clone(),
            }
        }
        None => Overall {
            port: None,
            summary: "No port here accepts a login over TLS with a certificate a checking program accepts: see each port above.".into(),
            network: net.name(),
            // The first submission port's journey: 25 is not where a program submits.
            link: judged
                .iter()
                .find(|(_, v)| !v.relay)
                .or(judged.first())
                .map(|(_, v)| v.link.clone())
                .unwrap_or_default(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(tcp: Tcp, ms: u64) -> Seen {
        Seen {
            tcp: Some(tcp),
            connect_ms: Some(ms),
            ..Seen::default()
        }
    }

    #[test]
    fn a_dropped_25_beside_open_submission_ports_is_the_cloud_preset() {
        // Network::Cloud drops outbound 25 and lets 465/587 through (path/network.rs).
        let dropped = seen(Tcp::Timeout, 10_000);
        let open = seen(Tcp::Open, 3);
        let net = network(&[(25, &dropped), (587, &open)]);
        assert_eq!(net, Network::Cloud);
        let v = judge(25, 25, &dropped, net, "http://h/");
        assert_eq!(v.id, "dropped");
        assert!(v.summary.contains("10.0 s"), "{}", v.summary);
        assert!(v.summary.contains("cloud providers"), "{}", v.summary);
        // The preset explains the drop: no firewall rule of its own in the link.
        assert_eq!(v.link, "http://h/?port=25&net=cloud&step=5");
        assert_eq!(v.simulator_outcome, "unreachable");
        // The link shows the journey up to the step where the model's client gives up.
        let steps = journey(Setup {
            network: Network::Cloud,
            ..Setup::new(Port::P25)
        })
        .steps;
        assert_eq!(steps[4].lesson, Lesson::TimedOut(Network::Cloud));
        assert!(v
            .summary
            .contains(&format!("step 5, \"{}\"", steps[4].title)));
        // A dropped 587 on the same network is not the preset's doing: block=drop.
        let v = judge(587, 587, &dropped, net, "http://h/");
        assert!(v
            .link
            .starts_with("http://h/?port=587&net=cloud&block=drop&step="));
        assert_eq!(v.simulator_outcome, "unreachable");
        // Every port dropped says nothing about which network this is.
        assert_eq!(network(&[(25, &dropped), (587, &dropped)]), Network::Open);
    }

    #[test]
    fn an_icmp_no_route_links_the_journey_of_a_prohibiting_firewall() {
        // EHOSTUNREACH at once: what Linux makes of ICMP "administratively prohibited".
        let v = judge(
            587,
            587,
            &seen(Tcp::Unreachable, 1),
            Network::Open,
            "http://h/",
        );
        assert_eq!(v.id, "no-route");
        assert!(!v.usable);
        assert!(
            v.link
                .starts_with("http://h/?port=587&block=prohibit&step="),
            "{}",
            v.link
        );
        assert_eq!(v.simulator_outcome, "unreachable");
        let setup = Setup {
            block: Some(Block::Prohibit),
            ..Setup::new(Port::P587)
        };
        let steps = journey(setup).steps;
        let last = steps.last().unwrap();
        assert!(matches!(last.lesson, Lesson::Prohibited(_)));
        assert!(v.summary.contains(&last.title), "{}", v.summary);
    }

    #[test]
    fn no_usable_port_has_no_answer() {
        let refused = seen(Tcp::Refused, 0);
        // 25 first, but a program submits elsewhere: the answer links the submission port.
        let judged = vec![
            (2025, judge(2025, 25, &refused, Network::Open, "http://h/")),
            (587, judge(587, 587, &refused, Network::Open, "http://h/")),
        ];
        let o = overall(&judged, Network::Open);
        assert_eq!(o.port, None);
        assert_eq!(o.link, "http://h/?port=587&block=reject&step=2");
        let setup = Setup {
            block: Some(Block::Reject),
            ..Setup::new(Port::P587)
        };
        assert!(matches!(journey(setup).steps[1].lesson, Lesson::Refused(_)));
    }
}
