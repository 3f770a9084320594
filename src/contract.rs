//! The vocabularies the page's JavaScript needs from the Rust, written into it at build time
//! (src/bin/prerender.rs fills the placeholders named here; web/CONTRACT.md lists them), so a
//! URL parameter, poster, key or network is added in one Rust definition and the scripts follow.
//! Built only for that program and the tests: the wasm has none of it.

use smtp_sim::{Block, Network, Setup};

use crate::components::share::{poster, COMMON};
use crate::pages::embed_height;
use crate::settings::{block_words, network_words, Settings, View, ATTACK_WORDS};
use crate::shortcuts::{Key, KEYS};

/// The keys only a frame reads (web/frame.js, from the address it was opened at): `accent`, a
/// colour (`#rgb` or `#rrggbb`) for links and the main buttons, and `font`, a font family for its
/// text (embed.js turns `font="inherit"` into the article's). The app itself ignores them.
pub const FRAME_KEYS: [&str; 2] = ["accent", "font"];

/// In web/embed.js: the URL keys, posters, frame heights and title words (`VOCAB`).
pub const EMBED_PLACEHOLDER: &str = "const VOCAB = {};";
/// In web/drawing.js: how far each key moves the drawn walkthrough (`STEP_KEYS`).
pub const DRAWING_PLACEHOLDER: &str = "const STEP_KEYS = {};";

/// In web/boot-first.js: the addresses that name a shared state drawn at build time (`SHARED`).
pub const SHARED_PLACEHOLDER: &str = "const SHARED = /^{}$/;";

/// The addresses the app writes (`Settings::to_query`) for the states src/bin/prerender.rs draws
/// into first/: a port, from a network other than the default, alone or compared with another
/// port, at a step. Only these ask for a file, so no other link meets a missing one.
pub fn shared_pattern() -> String {
    let ports: Vec<String> = smtp_sim::Port::ALL
        .iter()
        .map(|p| p.number().to_string())
        .collect();
    let ports = ports.join("|");
    let nets: Vec<&str> = Network::ALL
        .into_iter()
        .filter(|n| {
            Settings::from_query(&format!("?net={}", n.name()))
                .0
                .to_query()
                .contains("net=")
        })
        .map(Network::name)
        .collect();
    let nets = nets.join("|");
    format!(
        r"\?port=({ports})(&(?=.)|$)(net=({nets})(&(?=.)|$))?(compare=({ports})(&(?=.)|$))?(step=[1-9]\d?)?"
    )
}

/// A JSON string (the values are the app's own names and words).
fn string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(string).collect();
    format!("[{}]", items.join(","))
}

fn object(pairs: impl IntoIterator<Item = (String, String)>) -> String {
    let pairs: Vec<String> = pairs
        .into_iter()
        .map(|(key, value)| format!("{}:{value}", string(&key)))
        .collect();
    format!("{{{}}}", pairs.join(","))
}

/// embed.js's `VOCAB`: `params` (every key an embed forwards: the journey's and the page's,
/// less `embed`, which the kit sets, and `present`, which a frame does not offer, and the
/// frame's own look, `pages::FRAME_KEYS`), `setup` (the
/// journey's keys), `posters` ([name, journey query]), `heights` (the frame's height per view
/// before the widget reports its own) and `titles` (the words for networks, firewall rules and
/// an attacker).
pub fn embed_vocabulary() -> String {
    let params = Setup::KEYS
        .into_iter()
        .chain(Settings::KEYS)
        .filter(|key| !matches!(*key, "embed" | "present"))
        .chain(FRAME_KEYS);
    let posters: Vec<String> = COMMON
        .iter()
        .map(|query| list([poster(&Settings::from_query(query).0).as_str(), *query]))
        .collect();
    let heights = [
        ("walkthrough", embed_height(View::Walkthrough, false)),
        ("compare", embed_height(View::Walkthrough, true)),
        ("console", embed_height(View::Console, false)),
        ("diagnose", embed_height(View::Diagnose, false)),
    ]
    .map(|(view, height)| (view.to_string(), height.to_string()));
    let nets = Network::ALL.map(|n| (n.name().to_string(), string(network_words(n))));
    let blocks = Block::ALL.map(|b| (b.name().to_string(), string(block_words(b))));
    let titles = object([
        ("net".to_string(), object(nets)),
        ("block".to_string(), object(blocks)),
        ("attack".to_string(), string(ATTACK_WORDS)),
    ]);
    object([
        ("params".to_string(), list(params)),
        ("setup".to_string(), list(Setup::KEYS)),
        ("posters".to_string(), format!("[{}]", posters.join(","))),
        ("heights".to_string(), object(heights)),
        ("titles".to_string(), titles),
    ])
}

/// drawing.js's `STEP_KEYS`: each key that moves the walkthrough, with how far (±1, or far
/// enough to reach the start or the end).
pub fn drawing_keys() -> String {
    let by = |what: Key| match what {
        Key::Next => Some(1),
        Key::Previous => Some(-1),
        Key::Restart => Some(-1_000_000),
        Key::End => Some(1_000_000),
        _ => None,
    };
    object(
        KEYS.iter()
            .filter_map(|(key, what)| by(*what).map(|n| (key.to_string(), n.to_string()))),
    )
}

/// `source` with `placeholder` filled with `value` (the `{}` at its end replaced).
pub fn fill(source: &str, placeholder: &str, value: &str) -> Option<String> {
    let filled = placeholder.replacen("{}", value, 1);
    source
        .contains(placeholder)
        .then(|| source.replacen(placeholder, &filled, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_pattern_names_every_port_and_each_network_a_link_writes() {
        assert!(include_str!("../web/boot-first.js").contains(SHARED_PLACEHOLDER));
        let pattern = shared_pattern();
        for port in smtp_sim::Port::ALL {
            assert!(pattern.contains(&port.number().to_string()), "{pattern}");
        }
        assert!(pattern.contains("net=(home|cloud|office)"), "{pattern}");
        let filled = fill("const SHARED = /^{}$/;", SHARED_PLACEHOLDER, &pattern).unwrap();
        assert!(
            filled.starts_with(r"const SHARED = /^\?port=(25|"),
            "{filled}"
        );
    }

    #[test]
    fn the_scripts_carry_the_placeholders_and_no_copy_of_the_vocabulary() {
        let embed = include_str!("../web/embed.js");
        let drawing = include_str!("../web/drawing.js");
        assert!(embed.contains(EMBED_PLACEHOLDER));
        assert!(drawing.contains(DRAWING_PLACEHOLDER));
        // A hand-written list would drift: the names come only from VOCAB.
        for query in COMMON {
            let name = poster(&Settings::from_query(query).0);
            assert!(!embed.contains(&name), "{name} in embed.js");
        }
        assert!(!embed.contains("'policy'") && !embed.contains("from a home network"));
        assert!(!drawing.contains("'Next step'") && !drawing.contains("ArrowRight"));
    }

    #[test]
    fn the_embed_vocabulary_names_every_key_poster_height_and_network() {
        let vocab = embed_vocabulary();
        for key in [
            "\"port\"",
            "\"policy\"",
            "\"compare\"",
            "\"show\"",
            "\"lock\"",
        ] {
            assert!(vocab.contains(key), "{key} in {vocab}");
        }
        assert!(!vocab.contains("\"present\"") && !vocab.contains("\"embed\""));
        let home = poster(&Settings::from_query("?port=25&net=home").0);
        assert!(
            vocab.contains(&format!("[\"{home}\",\"?port=25&net=home\"]")),
            "{vocab}"
        );
        assert!(vocab.contains("\"compare\":1740") && vocab.contains("\"console\":600"));
        assert!(
            vocab.contains("\"cloud\":\" from a cloud server\""),
            "{vocab}"
        );
        assert!(
            vocab.contains("\"drop\":\" dropped by a firewall\""),
            "{vocab}"
        );
    }

    #[test]
    fn the_drawing_steps_with_the_apps_keys() {
        assert_eq!(
            drawing_keys(),
            "{\"ArrowRight\":1,\"j\":1,\"J\":1,\"PageDown\":1,\"ArrowLeft\":-1,\"k\":-1,\
             \"K\":-1,\"PageUp\":-1,\"Home\":-1000000,\"End\":1000000}"
        );
        let filled = fill(
            "a; const STEP_KEYS = {}; b",
            DRAWING_PLACEHOLDER,
            "{\"x\":1}",
        );
        assert_eq!(filled.as_deref(), Some("a; const STEP_KEYS = {\"x\":1}; b"));
        assert_eq!(fill("nothing here", DRAWING_PLACEHOLDER, "{}"), None);
    }
}
