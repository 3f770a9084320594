//! The words the path picker, the port table, the transcript and the outcome banner show for
//! each choice name that choice: the key term of each (not its whole wording) and no two alike.

mod common;

use smtp_sim::path::attacker::{Attack, Policy};
use smtp_sim::path::port::{Role, Standing, TlsStart};
use smtp_sim::{ClientTls, Network, Outcome, Port, Tag};

fn distinct(labels: &[&str]) {
    for (i, a) in labels.iter().enumerate() {
        assert!(!a.trim().is_empty());
        assert!(!labels[i + 1..].contains(a), "{a:?} twice");
    }
}

#[test]
fn each_choice_in_the_path_picker_is_labelled_by_what_it_sets() {
    for (client, term) in [
        (ClientTls::Starttls, "STARTTLS (required)"),
        (ClientTls::Opportunistic, "opportunistic"),
        (ClientTls::Implicit, "SSL/TLS"),
        (ClientTls::Plain, "plaintext"),
    ] {
        assert!(
            client.label().contains(term),
            "{client:?}: {}",
            client.label()
        );
    }
    distinct(&ClientTls::ALL.map(ClientTls::label));
    for (network, term) in [
        (Network::Open, "Open"),
        (Network::Home, "ISP"),
        (Network::Cloud, "Cloud"),
        (Network::Office, "office"),
    ] {
        assert!(network.label().contains(term), "{network:?}");
    }
    distinct(&Network::ALL.map(Network::label));
    // Each network's story names the ports it drops or lets out.
    for (network, term) in [
        (Network::Open, "Nothing is filtered"),
        (Network::Home, "port 25"),
        (Network::Cloud, "port 25"),
        (Network::Office, "80 and 443"),
    ] {
        assert!(network.story().contains(term), "{network:?}");
    }
    distinct(&Network::ALL.map(Network::story));
    for (attack, term) in [
        (Attack::Strip, "STARTTLS"),
        (Attack::Cert, "certificate"),
        (Attack::Inject, "after STARTTLS"),
    ] {
        assert!(attack.label().contains(term), "{attack:?}");
    }
    distinct(&Attack::ALL.map(Attack::label));
    // Postfix's level name for the default, the RFC for each enforced policy.
    for (policy, term) in [
        (Policy::Opportunistic, "\"may\""),
        (Policy::MtaSts, "RFC 8461"),
        (Policy::Dane, "RFC 7672"),
    ] {
        assert!(policy.label().contains(term), "{policy:?}");
    }
}

#[test]
fn the_port_table_names_each_ports_role_tls_and_standing() {
    assert!(TlsStart::Implicit.label().contains("Implicit TLS"));
    assert!(TlsStart::RequiredStarttls.label().contains("required"));
    assert!(TlsStart::OpportunisticStarttls
        .label()
        .contains("opportunistic"));
    assert!(Role::Relay.label().starts_with("Relay"));
    assert!(Role::Submission.label().starts_with("Submission"));
    // The IANA service names and defining RFCs (RFC 8314 §7.3 "submissions"; RFC 6409; RFC 5321).
    for (port, standing) in [
        (Port::P25, "IANA \"smtp\", RFC 5321"),
        (Port::P465, "IANA \"submissions\", RFC 8314"),
        (Port::P587, "IANA \"submission\", RFC 6409"),
    ] {
        assert_eq!(port.info().standing.label(), standing);
    }
    assert!(Standing::VendorSpecific
        .label()
        .contains("not standardised"));
    let roles: Vec<&str> = Port::ALL.iter().map(|p| p.info().role_label()).collect();
    assert!(roles[0].starts_with("Relay"));
    assert!(roles[1].starts_with("Submission") && roles[2].starts_with("Submission"));
    distinct(&[roles[0], roles[1], roles[3], roles[4], roles[5]]);
}

#[test]
fn transcript_prefixes_follow_the_recordings() {
    // The lab recordings mark client lines "C: " and server lines "S: ".
    assert_eq!(Tag::Client.label(), "C:");
    assert_eq!(Tag::Server.label(), "S:");
    for (tag, label) in [
        (Tag::Dns, "DNS"),
        (Tag::Tcp, "TCP"),
        (Tag::Tls, "TLS"),
        (Tag::Attacker, "ATK"),
    ] {
        assert_eq!(tag.label(), label);
    }
}

#[test]
fn each_outcome_is_told_in_words_of_its_own() {
    let all = common::OUTCOMES;
    for (outcome, term) in all.into_iter().zip([
        "private",
        "exposed",
        "Password",
        "safely",
        "Deferred",
        "Unreachable",
        "Not sent",
    ]) {
        assert!(outcome.words().contains(term), "{outcome:?}");
        assert!(outcome.words().ends_with('.'), "{outcome:?}");
    }
    distinct(&all.map(Outcome::words));
}
