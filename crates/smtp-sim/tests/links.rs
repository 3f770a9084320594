//! The link parameters and `data-outcome` names the README documents for embedders are the ones
//! the model reads and writes: every documented value is understood, sets what the README says,
//! and is written back the same way; nothing undocumented is accepted. Also the setup the
//! comparison view derives for a second port (`compared_with`, `compare=` in a link).

mod common;

use smtp_sim::event::Param;
use smtp_sim::path::attacker::{Attack, Policy};
use smtp_sim::{journey, Block, ClientTls, Mx, Network, Port, Setup};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap()
}

/// The `values` cell of a parameter's row in "Links: every state is a URL": the backticked
/// words (or, for `port`, the numbers).
fn documented(param: &str) -> Vec<String> {
    let text = readme();
    let row = text
        .lines()
        .find(|l| l.starts_with(&format!("| `{param}` |")))
        .unwrap_or_else(|| panic!("no README row for {param}"));
    let values = row.split(" | ").nth(1).unwrap();
    if param == "port" {
        return values.split(", ").map(str::to_string).collect();
    }
    // The values: the backticked words outside parentheses, in the first ':' part that has any.
    let mut depth = 0;
    let outside: String = values
        .chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => return depth == 0,
            }
            false
        })
        .collect();
    let head = outside.split(':').find(|part| part.contains('`')).unwrap();
    head.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_documented_link_value_sets_its_part_of_the_setup_and_is_written_back() {
    let cases: [(&str, Vec<String>); 8] = [
        ("port", Port::ALL.map(|p| p.number().to_string()).to_vec()),
        ("net", Network::ALL.map(|n| n.name().to_string()).to_vec()),
        ("block", Block::ALL.map(|b| b.name().to_string()).to_vec()),
        (
            "client",
            ClientTls::ALL.map(|c| c.name().to_string()).to_vec(),
        ),
        ("attack", Attack::ALL.map(|a| a.name().to_string()).to_vec()),
        ("verify", vec!["0".into()]),
        ("policy", Policy::ALL.map(|p| p.name().to_string()).to_vec()),
        ("mx", Mx::ALL.map(|m| m.name().to_string()).to_vec()),
    ];
    for (param, _) in &cases {
        let values = documented(param);
        assert!(!values.is_empty(), "{param}");
        for value in values {
            let mut setup = Setup::new(Port::P587);
            assert_eq!(
                setup.read_param(param, &value),
                Param::Read,
                "{param}={value}"
            );
            // Each value sets what the README's words say it sets.
            let expected = {
                let mut s = Setup::new(Port::P587);
                match (*param, value.as_str()) {
                    ("port", n) => s.port = Port::from_number(n.parse().unwrap()).unwrap(),
                    ("net", "open") => s.network = Network::Open,
                    ("net", "home") => s.network = Network::Home,
                    ("net", "cloud") => s.network = Network::Cloud,
                    ("net", "office") => s.network = Network::Office,
                    ("block", "drop") => s.block = Some(Block::Drop),
                    ("block", "reject") => s.block = Some(Block::Reject),
                    ("block", "prohibit") => s.block = Some(Block::Prohibit),
                    ("client", "starttls") => s.client = Some(ClientTls::Starttls),
                    ("client", "opportunistic") => s.client = Some(ClientTls::Opportunistic),
                    ("client", "tls") => s.client = Some(ClientTls::Implicit),
                    ("client", "plain") => s.client = Some(ClientTls::Plain),
                    ("attack", "strip") => s.attack = Some(Attack::Strip),
                    ("attack", "cert") => s.attack = Some(Attack::Cert),
                    ("attack", "inject") => s.attack = Some(Attack::Inject),
                    ("attack", "break") => s.attack = Some(Attack::Break),
                    ("verify", "0") => s.verify = false,
                    ("policy", "none") => s.policy = Policy::Opportunistic,
                    ("policy", "mta-sts") => s.policy = Policy::MtaSts,
                    ("policy", "dane") => s.policy = Policy::Dane,
                    ("mx", "listed") => s.mx = Mx::Listed,
                    ("mx", "none") => s.mx = Mx::Missing,
                    ("mx", "null") => s.mx = Mx::Null,
                    ("mx", "backup") => s.mx = Mx::Backup,
                    other => panic!("undocumented case {other:?}"),
                }
                s
            };
            assert_eq!(setup, expected, "{param}={value}");
            // Written back: the port always, anything else only when it is not the default.
            let params = setup.params();
            let default = matches!(
                (*param, value.as_str()),
                ("net", "open") | ("policy", "none") | ("mx", "listed")
            );
            let written = params.iter().any(|(k, v)| k == param && *v == value);
            assert_eq!(written, !default, "{param}={value}: {params:?}");
        }
    }
    // The model knows no value the README does not list.
    for (param, model) in cases {
        let mut doc = documented(param);
        doc.sort();
        let mut model = model;
        model.sort();
        if param == "verify" {
            continue; // "1" is the default, documented in the default column
        }
        assert_eq!(doc, model, "{param}");
    }
}

#[test]
fn values_the_readme_does_not_list_change_nothing() {
    for (param, value) in [
        ("port", "443"),
        ("net", "OPEN"),
        ("block", "DROP"),
        ("client", "ssl"),
        ("attack", "mitm"),
        ("verify", "yes"),
        ("policy", "may"),
    ] {
        let mut setup = Setup::new(Port::P25);
        assert_eq!(
            setup.read_param(param, value),
            Param::NotUnderstood,
            "{param}={value}"
        );
        assert_eq!(setup, Setup::new(Port::P25), "{param}={value}");
    }
    let mut setup = Setup::new(Port::P25);
    assert_eq!(setup.read_param("step", "3"), Param::NotJourney);
    assert_eq!(setup.read_param("verify", "1"), Param::Read);
    assert!(setup.verify);
    assert_eq!(Setup::new(Port::P25).params(), [("port", "25".to_string())]);
}

#[test]
fn the_outcome_names_are_the_readmes_data_outcome_values() {
    let text = readme();
    let table = text.split("| `data-outcome` | meaning |").nth(1).unwrap();
    let documented: Vec<&str> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with("| `"))
        .map(|l| l.split('`').nth(1).unwrap())
        .collect();
    // One journey per outcome, each from the README's own description of it.
    let sample = |port, f: fn(&mut Setup)| {
        let mut s = Setup::new(port);
        f(&mut s);
        journey(s).outcome
    };
    let outcomes = [
        sample(Port::P587, |_| {}),
        sample(Port::P25, |s| s.client = Some(ClientTls::Plain)),
        sample(Port::P587, |s| {
            s.client = Some(ClientTls::Opportunistic);
            s.attack = Some(Attack::Strip)
        }),
        sample(Port::P587, |s| s.attack = Some(Attack::Strip)),
        sample(Port::P25, |s| {
            s.attack = Some(Attack::Strip);
            s.policy = Policy::Dane
        }),
        sample(Port::P587, |s| s.block = Some(Block::Drop)),
        sample(Port::P465, |s| s.client = Some(ClientTls::Plain)),
        sample(Port::P25, |s| s.mx = Mx::Null),
    ];
    let names: Vec<&str> = outcomes.iter().map(|o| o.name()).collect();
    assert_eq!(names, documented);
    assert_eq!(outcomes, common::OUTCOMES);
}

#[test]
fn a_compared_port_keeps_the_path_and_the_client_setting_it_can_use() {
    // The comparison view: the network, attacker, certificate check and policy stay; a firewall
    // rule chosen for the first port does not; the program's TLS setting stays where the other
    // port starts TLS the same way (implicit on 465, STARTTLS or none elsewhere).
    for from in Port::ALL {
        for to in Port::ALL {
            for client in ClientTls::ALL {
                let setup = Setup {
                    port: from,
                    network: Network::Cloud,
                    block: Some(Block::Reject),
                    client: Some(client),
                    attack: Some(Attack::Cert),
                    verify: false,
                    policy: Policy::Dane,
                    mx: Mx::Null,
                };
                let usable = (client == ClientTls::Implicit) == (to == Port::P465);
                assert_eq!(
                    setup.compared_with(to),
                    Setup {
                        port: to,
                        block: None,
                        client: usable.then_some(client),
                        ..setup
                    },
                    "{client:?} from {from:?} to {to:?}"
                );
            }
        }
    }
}
