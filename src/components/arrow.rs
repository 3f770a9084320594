//! One event of the sequence diagram as an arrow between two lanes, and the lanes' geometry that
//! the diagram (diagram.rs) draws around the arrows.

use smtp_sim::teach::eavesdrop::observe;
use smtp_sim::{Event, Lane};
use yew::prelude::*;

use super::badge;
use crate::ui::el::el;

const LANES: [(Lane, &str); 4] = [
    (Lane::App, "Your program"),
    (Lane::Dns, "DNS"),
    (Lane::Network, "Network / firewall"),
    (Lane::Server, "Mail server"),
];
/// With an attacker, a fifth lane sits on the path between the program and the network.
const LANES_ATTACKED: [(Lane, &str); 5] = [
    (Lane::App, "Your program"),
    (Lane::Dns, "DNS"),
    (Lane::Attacker, "Attacker"),
    (Lane::Network, "Network / firewall"),
    (Lane::Server, "Mail server"),
];

pub fn lanes(attacker: bool) -> &'static [(Lane, &'static str)] {
    if attacker {
        &LANES_ATTACKED
    } else {
        &LANES
    }
}
pub const WIDTH: i32 = 640;
pub const HEAD: i32 = 8;
pub const ROW: i32 = 26;
/// Longest arrow label; the transcript has the full line.
const LABEL: usize = 34;

pub fn x(lane: Lane, attacker: bool) -> i32 {
    let lanes = lanes(attacker);
    let index = lanes.iter().position(|(l, _)| *l == lane).unwrap_or(0) as i32;
    let gap = WIDTH / lanes.len() as i32;
    gap / 2 + index * gap
}

fn label(text: &str) -> String {
    if text.chars().count() <= LABEL {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(LABEL - 1).collect::<String>())
    }
}

/// One event as an arrow between two lanes on `row`, labelled with its text (or what an
/// eavesdropper reads) after how it travelled.
pub fn arrow(event: &Event, row: usize, current: bool, eavesdrop: bool, attacker: bool) -> Html {
    let y = HEAD + row as i32 * ROW + ROW / 2;
    let (x1, x2) = (x(event.from, attacker), x(event.to, attacker));
    let mut class = format!("arrow {}", badge::kind(event.encrypted));
    if current {
        class.push_str(" current");
    }
    let group = el("g").attr("class", class);
    let seen = eavesdrop.then(|| observe(event).text);
    // "TLS · " already says it is a record: keep the size in view.
    let line = seen.as_deref().map_or(event.text.as_str(), |s| {
        s.strip_prefix("TLS record: ").unwrap_or(s)
    });
    let words = format!("{} · {}", badge::word(event.encrypted), label(line));
    // Centred on the arrow, but never past the drawing's edges at the largest type the page
    // uses (20 units on a phone and in presenter mode: about 12 units a character).
    let half = words.chars().count() as i32 * 6;
    let centre = ((x1 + x2) / 2).clamp(half.min(WIDTH / 2), (WIDTH - half).max(WIDTH / 2));
    let text = el("text").text(words);
    if x1 == x2 {
        // The client's own verdict (a timeout, an error): a mark on its lane.
        return group
            .child(
                el("circle")
                    .attr("cx", x1.to_string())
                    .attr("cy", y.to_string())
                    .attr("r", "5"),
            )
            .child(
                text.attr("x", (x1 + 10).min(WIDTH - 2 * half).to_string())
                    .attr("y", (y + 4).to_string()),
            )
            .into();
    }
    let dir = if x2 > x1 { -1 } else { 1 };
    let head = format!(
        "{},{} {},{} {},{}",
        x2,
        y,
        x2 + dir * 8,
        y - 4,
        x2 + dir * 8,
        y + 4
    );
    group
        .child(
            el("line")
                .attr("x1", x1.to_string())
                .attr("y1", y.to_string())
                .attr("x2", x2.to_string())
                .attr("y2", y.to_string()),
        )
        .child(el("polygon").attr("points", head))
        // 6 above the line: the halo around descenders stays clear of the arrow itself.
        .child(
            text.attr("x", centre.to_string())
                .attr("y", (y - 6).to_string())
                .attr("text-anchor", "middle"),
        )
        .into()
}
