//! One event of the sequence diagram as a row: its label whole, over an arrow between two lanes.
//! Rows are HTML in the page's flow, so a label wraps to the lines it needs and pushes the next
//! row down: none is ever cut, leaves the frame or runs into another. styles/app.css draws the
//! lanes and places each arrow from its ends' lane numbers (`data-a`, `data-b`). With an
//! attacker on the path, a line that passes it is two legs (program–attacker, attacker–server),
//! each marked with how it travelled.

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

/// Lane numbers as the stylesheet reads them.
const NUMBER: [&str; 5] = ["0", "1", "2", "3", "4"];
/// The attacker's lane number (`LANES_ATTACKED`).
const ATTACKER: usize = 2;

fn lane(lane: Lane, attacker: bool) -> usize {
    lanes(attacker)
        .iter()
        .position(|(l, _)| *l == lane)
        .unwrap_or(0)
}

/// An arrow (or a leg of one) from lane `a` to lane `b`, coloured by how it travelled, with its
/// word on it when it is one of two legs; on one lane, the client's own verdict: a dot.
fn leg(a: usize, b: usize, encrypted: bool, word: bool) -> Html {
    el(if a == b { "b" } else { "i" })
        .class(badge::kind(encrypted))
        .attr("data-a", NUMBER[a])
        .attr("data-b", NUMBER[b])
        .maybe("data-l", (b < a).then_some(""))
        .maybe_child(word.then(|| el("span").text(badge::word(encrypted))))
        .into()
}

/// One event as a row of the diagram: its label (what the line said, or what an eavesdropper
/// reads), after how it travelled when it is one arrow, over its arrow or its two legs.
pub fn arrow(event: &Event, current: bool, eavesdrop: bool, attacker: bool) -> Html {
    let (a, b) = (lane(event.from, attacker), lane(event.to, attacker));
    let split = attacker && a.min(b) < ATTACKER && ATTACKER < a.max(b);
    let seen = eavesdrop.then(|| observe(event).text);
    // "TLS · " already says it is a record: keep the size in view.
    let line = seen.as_deref().map_or(event.text.as_str(), |s| {
        s.strip_prefix("TLS record: ").unwrap_or(s)
    });
    let near = event.encrypted;
    let row = el("div")
        .class(if current { "arrow current" } else { "arrow" })
        .attr("data-a", NUMBER[a])
        .attr("data-b", NUMBER[b]);
    if !split {
        let words = format!("{} · {line}", badge::word(near));
        return row
            .child(el("span").text(words))
            .child(leg(a, b, near, false))
            .into();
    }
    // The program's leg and the server's: which comes first depends on the direction.
    let far = event.server_leg.unwrap_or(near);
    let (first, second) = if a < b { (near, far) } else { (far, near) };
    row.child(el("span").text(line.to_string()))
        .child(leg(a, ATTACKER, first, true))
        .child(leg(ATTACKER, b, second, true))
        .into()
}
