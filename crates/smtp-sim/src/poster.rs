//! Posters: a static SVG sequence diagram of a journey, or of two compared side by side, drawn
//! from the model for the embed kit. A snippet's link and element hold the poster of their state,
//! so an article reserves the figure's box before any script and a feed or a reader without
//! JavaScript shows the picture. A poster is named by what it draws: every state has one, and
//! states that draw the same journey share it (57,600 setups draw about a hundred journeys).
//! The build draws them all (`smtp-sim-poster`); the page's builder only needs [`name`].

use crate::path::attacker::{Attack, Policy};
use crate::{journey, Block, ClientTls, Journey, Lane, Mx, Network, Port, Setup};

/// The journeys a state shows: its own, and the compared port's.
pub fn journeys(setup: Setup, compare: Option<Port>) -> Vec<Journey> {
    let mut all = vec![journey(setup)];
    all.extend(compare.map(|port| journey(setup.compared_with(port))));
    all
}

/// What a poster draws of one journey, as a number: its port, each line's lanes, encryption and
/// words, and its outcome (FNV-1a, 64 bits: a few thousand posters never collide in practice,
/// and a test checks the ones drawn).
pub fn digest(journey: &Journey) -> u64 {
    let mut hash = Fnv::default();
    hash.write(&journey.setup.port.number().to_le_bytes());
    for event in journey.events(journey.steps.len()) {
        hash.write(&[event.from as u8, event.to as u8, u8::from(event.encrypted)]);
        // The attacker's leg to the server, where it differs (two legs drawn differently).
        if event.server_leg.is_some_and(|far| far != event.encrypted) {
            hash.write(&[2]);
        }
        hash.write(event.text.as_bytes());
        hash.write(&[0]);
    }
    hash.write(journey.outcome.words().as_bytes());
    hash.0
}

/// The poster's file name without `.svg`: the digest of its journey, or of the two compared.
pub fn name(journeys: &[Journey]) -> String {
    let digests: Vec<u64> = journeys.iter().map(digest).collect();
    name_of(&digests)
}

/// [`name`] from the journeys' digests (the build computes each journey's digest once).
pub fn name_of(digests: &[u64]) -> String {
    let value = match digests {
        [one] => *one,
        many => {
            let mut hash = Fnv::default();
            for d in many {
                hash.write(&d.to_le_bytes());
            }
            hash.0
        }
    };
    format!("{value:016x}")
}

struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Every setup a link can describe: each port, network, firewall rule, client setting, attack,
/// certificate check, policy and MX answer.
pub fn setups() -> Vec<Setup> {
    let mut all = Vec::new();
    let blocks = || std::iter::once(None).chain(Block::ALL.map(Some));
    let clients = || std::iter::once(None).chain(ClientTls::ALL.map(Some));
    let attacks = || std::iter::once(None).chain(Attack::ALL.map(Some));
    for port in Port::ALL {
        for network in Network::ALL {
            for block in blocks() {
                for client in clients() {
                    for attack in attacks() {
                        for verify in [true, false] {
                            for policy in Policy::ALL {
                                for mx in Mx::ALL {
                                    all.push(Setup {
                                        port,
                                        network,
                                        block,
                                        client,
                                        attack,
                                        verify,
                                        policy,
                                        mx,
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    all
}

const ROW: usize = 22;
const TOP: usize = 96;

/// The colours: the page's own, light and dark. Without a fragment the poster follows the
/// reader's system; `#light` or `#dark` (the theme a blogger chose, or the one embed.js sees
/// around the figure) pins it.
/// The arrowheads, inside the coloured group so that they take its colours.
const HEADS: &str = "<defs><marker id=\"hp\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto\"><path d=\"M0 0L8 4L0 8z\" class=\"h\"/></marker><marker id=\"ht\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto\"><path d=\"M0 0L8 4L0 8z\" class=\"h\"/></marker></defs>";

const STYLE: &str = "<style>
.c{--bg:#fff;--ink:#1b1f24;--muted:#4a5360;--plain:#8a3b00;--tls:#0a4a8c;--rule:#c9ced6}
@media (prefers-color-scheme:dark){.c{--bg:#14171b;--ink:#e8eaed;--muted:#b0b8c4;--plain:#ffc78a;--tls:#9fd0ff;--rule:#3d4450}}
#light:target~.c{--bg:#fff;--ink:#1b1f24;--muted:#4a5360;--plain:#8a3b00;--tls:#0a4a8c;--rule:#c9ced6}
#dark:target~.c{--bg:#14171b;--ink:#e8eaed;--muted:#b0b8c4;--plain:#ffc78a;--tls:#9fd0ff;--rule:#3d4450}
.c{fill:var(--ink);text-anchor:middle}.s{text-anchor:start}.b{fill:var(--bg)}.m{fill:var(--muted)}
.r{stroke:var(--rule)}path{fill:none;stroke-width:1.5}
.p{fill:var(--plain)}.t{fill:var(--tls)}path.p{stroke:var(--plain);stroke-dasharray:5 3;marker-end:url(#hp)}
path.t{stroke:var(--tls);marker-end:url(#ht)}#hp{fill:var(--plain)}#ht{fill:var(--tls)}path.h{stroke:none;fill:inherit;stroke-dasharray:none}
</style>
";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

/// The poster's title: the port, or the two ports compared.
pub fn title(journeys: &[Journey]) -> String {
    let ports: Vec<String> = journeys
        .iter()
        .map(|j| j.setup.port.number().to_string())
        .collect();
    match ports.as_slice() {
        [one] => format!("SMTP Port Simulator: port {one}"),
        many => format!("SMTP Port Simulator: {}?", many.join(" or ")),
    }
}

/// The lanes a journey's poster draws: an attacker's only when one is on the path.
fn lanes(journey: &Journey) -> Vec<(Lane, &'static str)> {
    let attacked = journey
        .events(journey.steps.len())
        .any(|e| e.from == Lane::Attacker || e.to == Lane::Attacker);
    let mut lanes = vec![(Lane::App, "Your program"), (Lane::Dns, "DNS")];
    if attacked {
        lanes.push((Lane::Attacker, "Attacker"));
    }
    lanes.extend([(Lane::Network, "Network"), (Lane::Server, "Mail server")]);
    lanes
}

/// A label's lines of at most `chars` characters, broken after spaces (a longer word is cut),
/// each line but the last keeping its space: together they are the text, letter for letter.
/// The page's diagram wraps its labels so too (src/components/arrow.rs): none is ever cut short.
pub fn wrap(text: &str, chars: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_inclusive(' ') {
        if !line.is_empty() && line.chars().count() + word.trim_end().chars().count() > chars {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if c != ' ' && line.chars().count() >= chars {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    lines.push(line);
    lines
}

/// A line of a label, and a row of one line, in the poster's units.
const LINE: usize = 13;

/// One event's arrow as the poster lays it out: its lanes' places, the attacker's when it
/// passes it (two legs, each with its own word), its label's lines and its row's height.
struct Row {
    x1: usize,
    x2: usize,
    middle: Option<usize>,
    lines: Vec<String>,
}

impl Row {
    fn height(&self) -> usize {
        ROW + LINE * (self.lines.len() - 1) + if self.middle.is_some() { LINE } else { 0 }
    }
}

/// Each event of `journey` as a row of its diagram, `width` wide from `left`.
fn rows(journey: &Journey, left: usize, width: usize) -> Vec<Row> {
    let lanes = lanes(journey);
    let gap = width / lanes.len();
    let x = |lane: Lane| {
        let i = lanes.iter().position(|(l, _)| *l == lane).unwrap_or(0);
        left + gap / 2 + i * gap
    };
    let attacked = lanes.iter().any(|(l, _)| *l == Lane::Attacker);
    let max = width / 7;
    journey
        .events(journey.steps.len())
        .map(|event| {
            let (x1, x2) = (x(event.from), x(event.to));
            let at = x(Lane::Attacker);
            let middle = (attacked && x1.min(x2) < at && at < x1.max(x2)).then_some(at);
            let text = match middle {
                Some(_) => event.text.clone(),
                None => format!("{} · {}", word(event.encrypted), event.text),
            };
            // A verdict on its lane is written beside its mark, to the right.
            let room = if x1 == x2 {
                (left + width - x1 - 12) / 7
            } else {
                max
            };
            Row {
                x1,
                x2,
                middle,
                lines: wrap(&text, room),
            }
        })
        .collect()
}

fn word(encrypted: bool) -> &'static str {
    if encrypted {
        "TLS"
    } else {
        "plain"
    }
}

fn class(encrypted: bool) -> &'static str {
    if encrypted {
        "t"
    } else {
        "p"
    }
}

/// How tall `journey`'s arrows are, `width` wide.
fn drawn_height(journey: &Journey, width: usize) -> usize {
    rows(journey, 0, width).iter().map(Row::height).sum()
}

/// One journey's sequence diagram, `width` wide, its left edge at `left`.
fn diagram(out: &mut String, journey: &Journey, left: usize, width: usize, heading: bool) {
    let lanes = lanes(journey);
    let gap = width / lanes.len();
    let rows = rows(journey, left, width);
    let bottom = TOP + rows.iter().map(Row::height).sum::<usize>() + 8;
    if heading {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"62\" font-size=\"15\" font-weight=\"bold\">Port {}</text>\n",
            left + width / 2,
            journey.setup.port.number()
        ));
    }
    for (i, (_, name)) in lanes.iter().enumerate() {
        let lx = left + gap / 2 + i * gap;
        out.push_str(&format!(
            "<text x=\"{lx}\" y=\"84\" font-size=\"12\" class=\"m\">{name}</text><path d=\"M{lx} {}V{bottom}\" class=\"r\"/>\n",
            TOP - 6
        ));
    }
    let events = journey.events(journey.steps.len());
    let mut top = TOP;
    for (row, event) in rows.iter().zip(events) {
        let (x1, x2) = (row.x1, row.x2);
        let near = event.encrypted;
        let n = row.lines.len();
        // The arrow (or the verdict's mark) under the label's lines, as one row of one line was.
        let y = top + LINE * (n - 1) + 14;
        let widest = row.lines.iter().map(|l| l.trim_end().chars().count()).max();
        let half = widest.unwrap_or(0) * 3;
        let (x, first, look) = if x1 == x2 {
            (x1 + 8, top + 18, format!("{} s", class(near)))
        } else {
            let centre = ((x1 + x2) / 2).clamp(left + half + 4, left + width - half - 4);
            (centre, top + 10, class(near).to_string())
        };
        let lines: String = row
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                format!(
                    "<tspan x=\"{x}\" y=\"{}\">{}</tspan>",
                    first + i * LINE,
                    escape(l)
                )
            })
            .collect();
        let look = match row.middle {
            Some(_) => "m".to_string(),
            None => look,
        };
        out.push_str(&format!("<text class=\"{look}\">{lines}</text>"));
        match row.middle {
            _ if x1 == x2 => out.push_str(&format!(
                "<circle cx=\"{x1}\" cy=\"{}\" r=\"4\" class=\"{}\"/>\n",
                top + 14,
                class(near)
            )),
            None => out.push_str(&format!(
                "<path d=\"M{x1} {y}H{x2}\" class=\"{}\"/>\n",
                class(near)
            )),
            Some(m) => {
                // Two legs through the attacker: the program's, and the server's.
                let far = event.server_leg.unwrap_or(near);
                let (a, b) = if x1 < x2 { (near, far) } else { (far, near) };
                for (from, to, enc) in [(x1, m, a), (m, x2, b)] {
                    out.push_str(&format!(
                        "<path d=\"M{from} {y}H{to}\" class=\"{}\"/><text x=\"{}\" y=\"{}\" class=\"{}\">{}</text>",
                        class(enc),
                        (from + to) / 2,
                        y + 13,
                        class(enc),
                        word(enc)
                    ));
                }
                out.push('\n');
            }
        }
        top += row.height();
    }
}

/// The poster of one journey (or two, compared side by side), as an SVG document that takes
/// `box_width` × `box_height` (the figure's box in an article), its drawing at the top.
pub fn svg(journeys: &[Journey], box_width: u32, box_height: u32) -> String {
    let column = if journeys.len() == 1 { 640 } else { 480 };
    let width = column * journeys.len();
    let drawn = journeys
        .iter()
        .map(|j| drawn_height(j, column))
        .max()
        .unwrap_or(0);
    let height = TOP + drawn + 64;
    let title = escape(&title(journeys));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{box_width}\" height=\"{box_height}\" viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"xMidYMin meet\" role=\"img\" aria-label=\"{title}\" font-family=\"system-ui, sans-serif\" font-size=\"11\">\n<title>{title}</title>\n{STYLE}<g id=\"light\"/><g id=\"dark\"/>\n<g class=\"c\">{HEADS}\n<rect width=\"{width}\" height=\"{height}\" class=\"b\"/>\n<text x=\"16\" y=\"28\" font-size=\"18\" font-weight=\"bold\" class=\"s\">{title}</text>\n<text x=\"16\" y=\"46\" font-size=\"12\" class=\"m s\">Every line a real Postfix server gives; <tspan class=\"p\">plain</tspan> = readable on the wire, <tspan class=\"t\">TLS</tspan> = encrypted.</text>\n"
    );
    for (i, journey) in journeys.iter().enumerate() {
        diagram(&mut out, journey, i * column, column, journeys.len() > 1);
    }
    let outcomes: Vec<String> = journeys
        .iter()
        .map(|j| {
            let words = j.outcome.words();
            let short = words.split(':').next().unwrap_or(words);
            match journeys.len() {
                1 => format!("Outcome: {short}."),
                _ => format!("Port {}: {short}.", j.setup.port.number()),
            }
        })
        .collect();
    out.push_str(&format!(
        "<text x=\"16\" y=\"{}\" font-size=\"13\" font-weight=\"bold\" class=\"s\">{}</text>\n<text x=\"16\" y=\"{}\" font-size=\"12\" class=\"m s\">Interactive: step through it, change the port, type SMTP yourself.</text>\n</g>\n</svg>\n",
        height - 36,
        escape(&outcomes.join("  ")),
        height - 16
    ));
    out
}

/// The poster of the console on `port`: the connection as the console opens it, and the prompt.
pub fn console_svg(port: Port, box_width: u32, box_height: u32) -> String {
    let console = crate::console::Console::open(port);
    let lines: Vec<String> = console
        .lines()
        .map(|l| {
            let who = match l.tag {
                crate::Tag::Client => "C: ",
                crate::Tag::Server => "S: ",
                _ => "",
            };
            format!("{}{who}{}", if l.encrypted { "TLS · " } else { "" }, l.text)
        })
        .chain(["> type a command, e.g. EHLO laptop.example.org".to_string()])
        .collect();
    page(
        &format!("SMTP Port Simulator: type SMTP to port {}", port.number()),
        "You are the mail program: every line you type goes to a model of a real Postfix server.",
        &lines,
        box_width,
        box_height,
    )
}

/// The poster of "What went wrong?": what to paste, and what comes back.
pub fn diagnose_svg(box_width: u32, box_height: u32) -> String {
    let lines = [
        "Paste the error your program printed (a reply, a log line, a stack trace):".to_string(),
        "the cause, the line that shows it, and the setting to change in your library.".to_string(),
    ];
    page(
        "SMTP Port Simulator: what went wrong?",
        "Diagnose reads the protocol evidence in the message; checks stay on in every fix.",
        &lines,
        box_width,
        box_height,
    )
}

/// The page a plain iframe opens first (`<name>.html`, beside its poster): with JavaScript it
/// hands the frame to the simulator at once (`frame-go.js`, with the frame's own parameters,
/// and never fetches the poster: hidden, a lazy image is not loaded); without, it shows the state's poster, as wide as the frame, and a link to the simulator at
/// `query` (a state that draws this poster), instead of the full page's first screen.
pub fn frame_page(name: &str, title: &str, query: &str, box_width: u32, box_height: u32) -> String {
    let title = escape(title);
    let query = escape(query);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\n<script src=\"../frame-go.js\"></script>\n<style>body{{margin:0}}img{{display:block;width:100%;height:auto}}.go img{{display:none}}</style></head>\n<body><a href=\"../{query}\" target=\"_blank\" rel=\"noopener\"><img src=\"{name}.svg\" alt=\"{title} (opens the simulator)\" width=\"{box_width}\" height=\"{box_height}\" loading=\"lazy\"></a></body></html>\n"
    )
}

/// A poster of lines of text under a title: the console's and Diagnose's.
fn page(title: &str, lede: &str, lines: &[String], box_width: u32, box_height: u32) -> String {
    let width = 640;
    let height = TOP + lines.len() * ROW + 40;
    let title = escape(title);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{box_width}\" height=\"{box_height}\" viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"xMidYMin meet\" role=\"img\" aria-label=\"{title}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n<title>{title}</title>\n{STYLE}<g id=\"light\"/><g id=\"dark\"/>\n<g class=\"c s\">\n<rect width=\"{width}\" height=\"{height}\" class=\"b\"/>\n<text x=\"16\" y=\"28\" font-size=\"18\" font-weight=\"bold\">{title}</text>\n<text x=\"16\" y=\"46\" class=\"m\">{}</text>\n",
        escape(lede)
    );
    for (row, line) in lines.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"16\" y=\"{}\" font-family=\"ui-monospace, monospace\">{}</text>\n",
            TOP - 20 + row * ROW,
            escape(&shorten(line, 80))
        ));
    }
    out.push_str("</g>\n</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(query: &str) -> Vec<Journey> {
        let mut setup = Setup::new(Port::P587);
        let mut compare = None;
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if key == "compare" {
                compare = value.parse().ok().and_then(Port::from_number);
            } else {
                setup.read_param(key, value);
            }
        }
        journeys(setup, compare)
    }

    #[test]
    fn a_poster_is_a_well_formed_svg_with_one_mark_per_event() {
        for query in [
            "port=587",
            "port=465",
            "port=25&net=home",
            "port=465&compare=587",
            "port=587&attack=strip&compare=465",
            "port=25&attack=cert&policy=mta-sts",
        ] {
            let journeys = of(query);
            let svg = svg(&journeys, 680, 1260);
            assert!(
                svg.starts_with(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"680\" height=\"1260\""
                ),
                "{query}"
            );
            assert!(svg.trim_end().ends_with("</svg>"), "{query}");
            // Nothing unescaped from the transcript (MAIL FROM:<…>) breaks the markup.
            let text: String = svg
                .split('<')
                .skip(1)
                .map(|t| t.split_once('>').map_or("x", |p| p.1))
                .collect();
            assert!(!text.contains('>'), "{query}: a stray >");
            assert_eq!(
                svg.matches("<g").count(),
                svg.matches("</g>").count() + 2,
                "{query}"
            );
            let events: usize = journeys
                .iter()
                .map(|j| j.events(j.steps.len()).count())
                .sum();
            // A line through an attacker is two legs, each its own mark.
            let attacked = |j: &Journey| j.setup.attack.is_some();
            let legs: usize = journeys
                .iter()
                .filter(|j| attacked(j))
                .flat_map(|j| j.events(j.steps.len()))
                .filter(|e| {
                    let ends = [e.from, e.to];
                    ends.contains(&Lane::App)
                        && (ends.contains(&Lane::Network) || ends.contains(&Lane::Server))
                })
                .count();
            let marks =
                svg.matches("\" class=\"p\"/>").count() + svg.matches("\" class=\"t\"/>").count();
            assert_eq!(marks, events + legs, "{query}");
        }
    }

    #[test]
    fn a_label_wraps_at_spaces_into_lines_that_fit_and_loses_nothing() {
        let text = "plain · passes the reply on with 250-XXXXXXXA in place of 250-STARTTLS, and 250-AUTH PLAIN LOGIN added";
        let lines = wrap(text, 48);
        assert_eq!(lines.concat(), text);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.trim_end().chars().count() <= 48));
        assert!(lines[..2].iter().all(|l| l.ends_with(' ')));
        let long = "x".repeat(97);
        assert_eq!(wrap(&long, 48).concat(), long);
        assert_eq!(wrap(&long, 48).len(), 3);
    }

    #[test]
    fn posters_say_what_they_show() {
        let p587 = svg(&of("port=587"), 680, 1260);
        assert!(p587.contains("<title>SMTP Port Simulator: port 587</title>"));
        assert!(p587.contains("STARTTLS"));
        assert!(p587.contains("Outcome: Sent, and private on this hop."));
        assert!(svg(&of("port=465"), 680, 1260).contains("TLS · "));
        let home = svg(&of("port=25&net=home"), 680, 1260);
        assert!(home.contains("Outcome: Unreachable."), "{home}");
        let both = svg(&of("port=465&compare=587"), 680, 1740);
        assert!(both.contains("465 or 587?"));
        assert!(both.contains(">Port 465</text>") && both.contains(">Port 587</text>"));
        // An attacker gets its own lane, so the two legs through it are two arrows.
        let attacked = svg(&of("port=587&attack=strip"), 680, 1260);
        assert!(attacked.contains(">Attacker</text>"), "{attacked}");
        // Its lesson whole, never cut short.
        let words: String = attacked
            .split('<')
            .map(|t| t.split_once('>').map_or("", |p| p.1))
            .collect();
        assert!(words.contains("in place of 250-STARTTLS, and 250-AUTH PLAIN LOGIN added"));
        assert!(!attacked.contains('…'), "{attacked}");
        assert!(!p587.contains(">Attacker</text>"));
    }

    #[test]
    fn a_name_is_what_the_poster_draws() {
        // Equal journeys share a poster; a different network that changes nothing on 587 too.
        assert_eq!(name(&of("port=587")), name(&of("port=587&net=home")));
        assert_ne!(name(&of("port=25")), name(&of("port=25&net=home")));
        assert_ne!(name(&of("port=587")), name(&of("port=465")));
        assert_ne!(
            name(&of("port=465&compare=587")),
            name(&of("port=587&compare=465"))
        );
        assert_eq!(name(&of("port=587")).len(), 16);
        let digests: Vec<u64> = of("port=465&compare=587").iter().map(digest).collect();
        assert_eq!(name_of(&digests), name(&of("port=465&compare=587")));
    }

    #[test]
    fn no_two_drawings_share_a_name() {
        use std::collections::{HashMap, HashSet};
        // What the poster draws of each journey, in words, by its digest: one drawing a digest.
        let mut drawings: HashMap<u64, String> = HashMap::new();
        let mut by_setup = HashMap::new();
        for setup in setups() {
            let journey = journey(setup);
            let drawn: String = journey
                .events(journey.steps.len())
                .map(|e| format!("{:?}>{:?} {} {}\n", e.from, e.to, e.encrypted, e.text))
                .chain([journey.outcome.words().to_string()])
                .collect();
            let digest = digest(&journey);
            let first = drawings.entry(digest).or_insert_with(|| drawn.clone());
            assert_eq!(*first, drawn, "{setup:?}: another drawing has its digest");
            by_setup.insert(format!("{setup:?}"), digest);
        }
        assert!(drawings.len() > 50, "{} drawings", drawings.len());
        // A comparison's name: one for each pair of drawings.
        let mut pairs = HashSet::new();
        let mut names = HashSet::new();
        for setup in setups() {
            for port in Port::ALL.into_iter().filter(|p| *p != setup.port) {
                let pair = [
                    by_setup[&format!("{setup:?}")],
                    by_setup[&format!("{:?}", setup.compared_with(port))],
                ];
                pairs.insert(pair);
                names.insert(name_of(&pair));
            }
        }
        assert_eq!(names.len(), pairs.len());
    }

    #[test]
    fn the_console_and_diagnose_posters_show_their_first_screen() {
        let p25 = console_svg(Port::P25, 680, 600);
        assert!(p25.contains("<title>SMTP Port Simulator: type SMTP to port 25</title>"));
        // The greeting the recordings show on 25, before anything is typed.
        assert!(
            p25.contains("S: 220 mail.example.test ESMTP Postfix"),
            "{p25}"
        );
        // On 465 the handshake comes first: the greeting arrives inside TLS.
        let p465 = console_svg(Port::P465, 680, 600);
        assert!(
            p465.contains("TLS · S: 220 mail.example.test ESMTP"),
            "{p465}"
        );
        let d = diagnose_svg(680, 720);
        assert!(d.contains("what went wrong?") && d.starts_with("<svg xmlns="));
        for svg in [&p25, &p465, &d] {
            assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        }
    }

    #[test]
    fn a_frame_page_shows_the_poster_and_links_to_its_state() {
        let page = frame_page(
            "abc",
            "SMTP Port Simulator: port 25",
            "?port=25&net=home",
            680,
            1260,
        );
        assert!(page.contains("<script src=\"../frame-go.js\"></script>"));
        assert!(
            page.contains("<a href=\"../?port=25&amp;net=home\" target=\"_blank\""),
            "{page}"
        );
        assert!(page.contains("<img src=\"abc.svg\" alt=\"SMTP Port Simulator: port 25 (opens the simulator)\" width=\"680\" height=\"1260\" loading=\"lazy\">"), "{page}");
        assert!(page.contains(".go img{display:none}"), "{page}");
    }

    #[test]
    fn every_setup_is_counted_once() {
        let all = setups();
        assert_eq!(all.len(), 6 * 4 * 4 * 5 * 5 * 2 * 3 * 4);
        assert!(all.contains(&Setup::new(Port::P587)));
    }
}
