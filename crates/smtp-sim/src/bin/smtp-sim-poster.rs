//! smtp-sim-poster DIR: draws a poster (a static SVG sequence diagram) of each common journey
//! into DIR, from the model itself, no browser needed. The build runs it (Trunk.toml pre_build
//! hook) into `target/posters/`, which index.html copies to `dist/posters/`. `embed.js` shows a
//! poster until the live widget has loaded, and the embed snippet puts it in its fallback link,
//! so feeds and e-mail readers show a picture of the journey.

use std::process::ExitCode;

use smtp_sim::{journey, Event, Journey, Lane, Network, Port, Setup};

/// The posters: the journey's link query, and the file's name (`<name>.svg`). The embed snippet
/// (src/components/share.rs) and embed.js keep the same list; a test there checks it.
pub const POSTERS: [(&str, &str); 4] = [
    ("?port=587", "587"),
    ("?port=465", "465"),
    ("?port=25&net=home", "25-home"),
    ("?port=465&compare=587", "465-vs-587"),
];

const ROW: usize = 22;
const TOP: usize = 96;
const PLAIN: &str = "#b45309";
const TLS: &str = "#0e7490";
const INK: &str = "#1f2937";
const MUTED: &str = "#6b7280";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = args.as_slice() else {
        eprintln!("usage: smtp-sim-poster DIR   (writes one SVG per common journey)");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("smtp-sim-poster: cannot create {dir}: {e}");
        return ExitCode::from(1);
    }
    for (query, name) in POSTERS {
        let path = format!("{dir}/{name}.svg");
        if let Err(e) = std::fs::write(&path, poster(query)) {
            eprintln!("smtp-sim-poster: cannot write {path}: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

/// The journeys a link query describes: the setup's own, and the compared port's.
fn journeys(query: &str) -> Vec<Journey> {
    let mut setup = Setup::new(Port::P587);
    let mut compare = None;
    for pair in query.trim_start_matches('?').split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key == "compare" {
            compare = value.parse().ok().and_then(Port::from_number);
        } else {
            setup.read_param(key, value);
        }
    }
    let mut all = vec![journey(setup)];
    all.extend(compare.map(|port| journey(setup.compared_with(port))));
    all
}

fn title(journeys: &[Journey]) -> String {
    let setup = journeys[0].setup;
    let ports: Vec<String> = journeys
        .iter()
        .map(|j| j.setup.port.number().to_string())
        .collect();
    let mut title = match ports.as_slice() {
        [one] => format!("SMTP Port Simulator: port {one}"),
        many => format!("SMTP Port Simulator: {}?", many.join(" or ")),
    };
    if setup.network != Network::Open {
        title += &format!(" ({})", setup.network.label());
    }
    title
}

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

const LANES: [(Lane, &str); 4] = [
    (Lane::App, "Your program"),
    (Lane::Dns, "DNS"),
    (Lane::Network, "Network"),
    (Lane::Server, "Mail server"),
];

/// One journey's sequence diagram, `width` wide, its left edge at `left`.
fn diagram(out: &mut String, journey: &Journey, left: usize, width: usize, heading: bool) {
    let gap = width / LANES.len();
    let x = |lane: Lane| {
        // An attacker sits on the network lane in a poster.
        let lane = if lane == Lane::Attacker {
            Lane::Network
        } else {
            lane
        };
        let i = LANES.iter().position(|(l, _)| *l == lane).unwrap_or(0);
        left + gap / 2 + i * gap
    };
    let events: Vec<&Event> = journey.events(journey.steps.len()).collect();
    let bottom = TOP + events.len() * ROW + 8;
    if heading {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"62\" font-size=\"15\" font-weight=\"bold\" text-anchor=\"middle\">Port {}</text>\n",
            left + width / 2,
            journey.setup.port.number()
        ));
    }
    for (lane, name) in LANES {
        let lx = x(lane);
        out.push_str(&format!(
            "<text x=\"{lx}\" y=\"84\" font-size=\"12\" text-anchor=\"middle\" fill=\"{MUTED}\">{name}</text>\n<line x1=\"{lx}\" y1=\"{}\" x2=\"{lx}\" y2=\"{bottom}\" stroke=\"#d1d5db\"/>\n",
            TOP - 6
        ));
    }
    let max = width / 7;
    for (row, event) in events.iter().enumerate() {
        let y = TOP + row * ROW + 14;
        let colour = if event.encrypted { TLS } else { PLAIN };
        let words = escape(&shorten(
            &format!(
                "{} · {}",
                if event.encrypted { "TLS" } else { "plain" },
                event.text
            ),
            max,
        ));
        let (x1, x2) = (x(event.from), x(event.to));
        if x1 == x2 {
            out.push_str(&format!(
                "<circle cx=\"{x1}\" cy=\"{y}\" r=\"4\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{colour}\">{words}</text>\n",
                x1 + 8,
                y + 4
            ));
            continue;
        }
        let back = x2 < x1;
        let tip = if back { x2 + 7 } else { x2 - 7 };
        let centre = (x1 + x2) / 2;
        out.push_str(&format!(
            "<line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"1.5\"/><polygon points=\"{x2},{y} {tip},{} {tip},{}\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{colour}\">{words}</text>\n",
            y - 4,
            y + 4,
            centre.clamp(left + max * 3, left + width - max * 3),
            y - 4
        ));
    }
}

/// The poster of one common journey (or two, compared side by side), as an SVG document.
pub fn poster(query: &str) -> String {
    let journeys = journeys(query);
    let column = if journeys.len() == 1 { 640 } else { 480 };
    let width = column * journeys.len();
    let rows = journeys
        .iter()
        .map(|j| j.events(j.steps.len()).count())
        .max()
        .unwrap_or(0);
    let height = TOP + rows * ROW + 64;
    let title = escape(&title(&journeys));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{title}\" font-family=\"system-ui, sans-serif\" fill=\"{INK}\">\n<title>{title}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"16\" y=\"28\" font-size=\"18\" font-weight=\"bold\">{title}</text>\n<text x=\"16\" y=\"46\" font-size=\"12\" fill=\"{MUTED}\">Every line a real Postfix server gives; <tspan fill=\"{PLAIN}\">plain</tspan> = readable on the wire, <tspan fill=\"{TLS}\">TLS</tspan> = encrypted.</text>\n"
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
        "<text x=\"16\" y=\"{}\" font-size=\"13\" font-weight=\"bold\">{}</text>\n<text x=\"16\" y=\"{}\" font-size=\"12\" fill=\"{MUTED}\">Interactive: step through it, change the port, type SMTP yourself.</text>\n</svg>\n",
        height - 36,
        escape(&outcomes.join("  ")),
        height - 16
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_poster_is_a_well_formed_svg_of_its_journey() {
        for (query, name) in POSTERS {
            let svg = poster(query);
            assert!(
                svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
                "{name}"
            );
            assert!(svg.trim_end().ends_with("</svg>"), "{name}");
            // Nothing unescaped from the transcript (MAIL FROM:<…>) breaks the markup.
            let text: String = svg
                .split('<')
                .skip(1)
                .map(|t| t.split_once('>').map_or("x", |p| p.1))
                .collect();
            assert!(!text.contains('>'), "{name}: a stray >");
            assert_eq!(svg.matches("<svg").count(), svg.matches("</svg>").count());
            // One arrow or mark per event of the whole journey.
            let events: usize = journeys(query)
                .iter()
                .map(|j| j.events(j.steps.len()).count())
                .sum();
            let marks = svg.matches("<line x1=").count()
                - svg.matches("stroke=\"#d1d5db\"").count()
                + svg.matches("<circle").count();
            assert_eq!(marks, events, "{name}");
        }
    }

    #[test]
    fn posters_say_what_they_show() {
        let p587 = poster("?port=587");
        assert!(p587.contains("<title>SMTP Port Simulator: port 587</title>"));
        assert!(p587.contains("STARTTLS"));
        assert!(p587.contains("Outcome: Sent, and private on this hop."));
        assert!(poster("?port=465").contains("TLS · "));
        let home = poster("?port=25&net=home");
        assert!(home.contains("port 25 (Home ISP)"), "{home}");
        assert!(home.contains("Outcome: Unreachable."), "{home}");
        let both = poster("?port=465&compare=587");
        assert!(both.contains("465 or 587?"));
        assert!(both.contains(">Port 465</text>") && both.contains(">Port 587</text>"));
    }

    #[test]
    fn the_same_journey_draws_the_same_poster() {
        assert_eq!(poster("?port=587"), poster("?port=587"));
    }
}
