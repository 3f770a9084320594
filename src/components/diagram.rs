//! The sequence diagram: lanes for your program, DNS, the network and the mail server, one arrow
//! per event of the transcript, the current step highlighted, encryption written on each arrow.

use std::rc::Rc;

use smtp_sim::dialogue::{Event, Lane, Tag};
use smtp_sim::Journey;
use yew::prelude::*;

use super::follow::use_follow;

#[derive(Properties)]
pub struct Props {
    pub journey: Rc<Journey>,
    pub taken: usize,
    /// "Predict first": the current step's replies are not drawn yet.
    #[prop_or_default]
    pub hide_replies: bool,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.journey, &other.journey)
            && self.taken == other.taken
            && self.hide_replies == other.hide_replies
    }
}

const LANES: [(Lane, &str); 4] = [
    (Lane::App, "Your program"),
    (Lane::Dns, "DNS"),
    (Lane::Network, "Network / firewall"),
    (Lane::Server, "Mail server"),
];
const WIDTH: i32 = 640;
const HEAD: i32 = 8;
const ROW: i32 = 26;
/// Longest arrow label; the transcript has the full line.
const LABEL: usize = 34;

fn x(lane: Lane) -> i32 {
    let index = LANES.iter().position(|(l, _)| *l == lane).unwrap_or(0) as i32;
    WIDTH / 8 + index * WIDTH / 4
}

fn label(text: &str) -> String {
    if text.chars().count() <= LABEL {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(LABEL - 1).collect::<String>())
    }
}

fn arrow(event: &Event, row: i32, current: bool) -> Html {
    let y = HEAD + row * ROW + ROW / 2;
    let (x1, x2) = (x(event.from), x(event.to));
    let class = classes!(
        "arrow",
        if event.encrypted { "tls" } else { "plain" },
        current.then_some("current")
    );
    let lock = if event.encrypted {
        "TLS · "
    } else {
        "plain · "
    };
    let text = format!("{lock}{}", label(&event.text));
    if x1 == x2 {
        // The client's own verdict (a timeout, an error): a mark on its lane.
        return html! {
            <g class={class}>
                <circle cx={x1.to_string()} cy={y.to_string()} r="5" />
                <text x={(x1 + 10).to_string()} y={(y + 4).to_string()}>{ text }</text>
            </g>
        };
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
    html! {
        <g class={class}>
            <line x1={x1.to_string()} y1={y.to_string()} x2={x2.to_string()} y2={y.to_string()} />
            <polygon points={head} />
            <text x={((x1 + x2) / 2).to_string()} y={(y - 5).to_string()} text-anchor="middle">{ text }</text>
        </g>
    }
}

#[function_component]
pub fn Diagram(props: &Props) -> Html {
    let frame = use_follow(props.taken);
    let steps = props.journey.steps.iter().take(props.taken).enumerate();
    let mut rows = Vec::new();
    for (i, step) in steps {
        let current = i + 1 == props.taken;
        for event in &step.events {
            if current && props.hide_replies && event.tag == Tag::Server {
                continue;
            }
            rows.push(arrow(event, rows.len() as i32, current));
        }
    }
    let height = HEAD + (rows.len().max(1) as i32) * ROW + 10;
    let lanes = LANES.iter().map(|&(lane, _)| {
        let lx = x(lane).to_string();
        html! { <line class="lane" x1={lx.clone()} y1="0" x2={lx} y2={height.to_string()} /> }
    });
    // Lane names in HTML, so they stay in view while the diagram scrolls.
    let names = LANES
        .iter()
        .map(|(_, name)| html! { <span>{ *name }</span> });
    let summary = format!(
        "Sequence diagram of {} messages between your program, DNS, the network and the mail server. The transcript lists the same events as text.",
        rows.len()
    );
    html! {
        <div ref={frame} class="diagram" role="region" aria-label="Sequence diagram" tabindex="0">
            <div class="lanes" aria-hidden="true">{ for names }</div>
            <svg viewBox={format!("0 0 {WIDTH} {height}")} width={WIDTH.to_string()} role="img" aria-label={summary}>
                { for lanes }
                { for rows }
            </svg>
        </div>
    }
}
