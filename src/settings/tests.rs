//! The link is the save file: these pin how it is read and written.

use super::*;
use smtp_sim::{Block, ClientTls, Network};

#[test]
fn valid_links_are_read() {
    let (s, notices) =
        Settings::from_query("?port=465&block=drop&step=3&theme=dark&view=walkthrough");
    assert!(notices.is_empty());
    assert_eq!(s.setup.port, Port::P465);
    assert_eq!(s.setup.block, Some(Block::Drop));
    assert_eq!(s.step, 3);
    assert_eq!(s.theme, Some(Theme::Dark));
}

#[test]
fn bad_values_fall_back_with_a_notice() {
    for query in [
        "port=443",
        "port=<script>alert(1)</script>",
        "port=",
        "block=maybe",
        "step=-1",
        "step=99999999999999999999999",
        "theme=blue",
        "view=console%00",
        "view=Console",
        "net=moon",
        "client=ssl",
        "compare=443",
        "compare=587",
        "port=465&compare=465",
        "embed=yes",
        "eaves=yes",
        "present=2",
        "lock=ports",
        "show=diagram,map",
        "show=",
        "port=%ZZ",
    ] {
        let (s, notices) = Settings::from_query(query);
        assert_eq!(notices.len(), 1, "{query}");
        assert_eq!(
            s,
            Settings {
                setup: Setup::new(s.setup.port),
                ..Settings::default()
            },
            "{query}"
        );
        assert_eq!(s.compare, None, "{query}");
    }
}

#[test]
fn notices_quote_a_bounded_sanitised_value() {
    let long = format!("port={}", "9".repeat(5000));
    let (_, notices) = Settings::from_query(&long);
    assert!(notices[0].len() < 120);
    let (_, notices) = Settings::from_query("port=%0A%00x");
    assert!(!notices[0].contains('\n') && !notices[0].contains('\0'));
}

#[test]
fn unknown_parameters_and_repeats_are_ignored() {
    let (s, notices) = Settings::from_query("utm_source=blog&port=25&port=465&&=");
    assert!(notices.is_empty());
    assert_eq!(s.setup.port, Port::P25);
}

#[test]
fn round_trip_through_the_query() {
    let s = Settings {
        setup: Setup {
            port: Port::P2525,
            network: Network::Cloud,
            client: Some(ClientTls::Plain),
            block: Some(Block::Reject),
            ..Setup::new(Port::P2525)
        },
        compare: Some(Port::P465),
        step: 4,
        view: View::Console,
        theme: Some(Theme::Light),
        embed: false,
        eavesdrop: true,
        predict: true,
        presenter: true,
        lock_port: true,
        show: Part::Diagram.bit() | Part::Transcript.bit(),
    };
    assert_eq!(Settings::from_query(&s.to_query()), (s, vec![]));
    let diagnose = Settings {
        view: View::Diagnose,
        ..Settings::default()
    };
    assert_eq!(
        Settings::from_query(&diagnose.to_query()),
        (diagnose, vec![])
    );
}

#[test]
fn steps_past_the_end_restart() {
    let mut s = Settings {
        step: 40,
        ..Settings::default()
    };
    assert!(s.clamp_step(17).is_some());
    assert_eq!(s.step, 0);
    s.step = 17;
    assert!(s.clamp_step(17).is_none());
}

#[test]
fn lock_and_show_choose_what_an_embed_offers() {
    let (s, notices) = Settings::from_query("?port=465&embed=1&lock=port&show=diagram,transcript");
    assert!(notices.is_empty());
    assert!(s.port_locked());
    assert!(s.shows(Part::Diagram) && s.shows(Part::Transcript));
    for part in [Part::Ports, Part::Controls, Part::Explanation] {
        assert!(!s.shows(part), "{part:?}");
    }
    assert_eq!(
        s.to_query(),
        "?port=465&embed=1&lock=port&show=diagram,transcript"
    );
    // Order and repeats in the link do not matter; the link written back is canonical.
    let (s, _) = Settings::from_query("show=transcript,diagram,transcript");
    assert!(s.to_query().ends_with("show=diagram,transcript"));
    let all = Settings::default();
    assert!(Part::ALL.into_iter().all(|p| all.shows(p)) && !all.port_locked());
    // Parts are an embed's: the full page shows everything and keeps its port choice.
    let (full, _) = Settings::from_query("lock=port&show=diagram");
    assert!(Part::ALL.into_iter().all(|p| full.shows(p)) && !full.port_locked());
    assert_eq!(full.to_query(), "?port=587&lock=port&show=diagram");
    assert_eq!(all.to_query(), "?port=587");
    let (s, _) = Settings::from_query("show=ports,controls,explanation,diagram,transcript");
    assert_eq!(s.to_query(), "?port=587", "all parts named is the default");
}

#[test]
fn presenter_mode_is_not_offered_in_a_frame() {
    let (s, notices) = Settings::from_query("?port=587&embed=1&present=1");
    assert!(notices.is_empty());
    assert!(!s.presenter);
    assert!(Settings::from_query("present=1").0.presenter);
}

#[test]
fn titles_say_what_the_embed_shows() {
    let title = |q: &str| Settings::from_query(q).0.title();
    assert_eq!(title("port=587"), "SMTP Port Simulator: port 587");
    assert_eq!(
        title("port=465&compare=587"),
        "SMTP Port Simulator: 465 or 587?"
    );
    assert_eq!(
        title("port=25&net=home"),
        "SMTP Port Simulator: port 25 from a home network"
    );
    assert_eq!(
        title("port=25&net=cloud&compare=587"),
        "SMTP Port Simulator: 25 or 587 from a cloud server?"
    );
    assert_eq!(
        title("port=465&block=drop"),
        "SMTP Port Simulator: port 465 dropped by a firewall"
    );
    assert_eq!(
        title("port=587&view=console"),
        "SMTP Port Simulator: type SMTP to port 587"
    );
    assert_eq!(
        title("port=587&attack=strip"),
        "SMTP Port Simulator: port 587, with an attacker on the path"
    );
    assert_eq!(
        title("view=diagnose&net=home"),
        "SMTP Port Simulator: what went wrong?"
    );
}

#[test]
fn every_key_a_link_can_carry_is_listed_and_read() {
    // Everything away from its default: the link carries every key there is.
    let (all, notices) = Settings::from_query(
        "?port=2525&net=cloud&block=reject&client=plain&attack=cert&verify=0&policy=dane&mx=null\
         &compare=465&step=4&view=console&theme=light&eaves=1&predict=1&lock=port&show=diagram",
    );
    assert_eq!(notices, Vec::<String>::new());
    let query = all.to_query();
    let mut written: Vec<&str> = query[1..]
        .split('&')
        .map(|pair| pair.split('=').next().unwrap())
        .collect();
    let embed = Settings {
        embed: true,
        presenter: true,
        ..all
    };
    written.extend(["embed", "present"]);
    let mut listed: Vec<&str> = Setup::KEYS.into_iter().chain(Settings::KEYS).collect();
    written.sort_unstable();
    listed.sort_unstable();
    assert_eq!(
        written, listed,
        "a key links write is missing from the lists, or the reverse"
    );
    assert!(embed.to_query().contains("embed=1"));
    // Each listed key is read: a value it cannot take gets a notice.
    for key in Settings::KEYS {
        let (_, notices) = Settings::from_query(&format!("?{key}=%3F"));
        assert_eq!(notices.len(), 1, "{key}");
    }
}
