//! The sequence diagram: lanes for your program, DNS, the network and the mail server, one arrow
//! per event of the transcript, the current step highlighted, encryption written on each arrow.
//!
//! Labels are wider than the gap between two lanes, so they cross lifelines: each label is drawn
//! over a halo in the page's background colour (styles/app.css, `paint-order: stroke`), which
//! cuts the lifelines and arrows behind it. Narrower than its drawing (a phone), the diagram
//! scrolls sideways and says so above it (a container query shows the hint only then).

use std::rc::Rc;

use smtp_sim::teach::eavesdrop::observe;
use smtp_sim::Journey;
use smtp_sim::{Event, Lane, Step, Tag};
use yew::prelude::*;

use crate::ui::el::el;
use crate::ui::follow::use_follow;

#[derive(Properties)]
pub struct Props {
    pub journey: Rc<Journey>,
    pub taken: usize,
    /// "Predict first": the current step's replies are not drawn yet.
    #[prop_or_default]
    pub hide_replies: bool,
    /// Label the arrows with what a passive observer reads, as the transcript does.
    #[prop_or_default]
    pub eavesdrop: bool,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.journey, &other.journey)
            && self.taken == other.taken
            && self.hide_replies == other.hide_replies
            && self.eavesdrop == other.eavesdrop
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

fn arrow(event: &Event, row: i32, current: bool, eavesdrop: bool) -> Html {
    let y = HEAD + row * ROW + ROW / 2;
    let (x1, x2) = (x(event.from), x(event.to));
    let mut class = String::from(if event.encrypted {
        "arrow tls"
    } else {
        "arrow plain"
    });
    if current {
        class.push_str(" current");
    }
    let lock = if event.encrypted {
        "TLS · "
    } else {
        "plain · "
    };
    let group = el("g").attr("class", class);
    let seen = eavesdrop.then(|| observe(event).text);
    // "TLS · " already says it is a record: keep the size in view.
    let line = seen.as_deref().map_or(event.text.as_str(), |s| {
        s.strip_prefix("TLS record: ").unwrap_or(s)
    });
    let text = el("text").text(format!("{lock}{}", label(line)));
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
                text.attr("x", (x1 + 10).to_string())
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
            text.attr("x", ((x1 + x2) / 2).to_string())
                .attr("y", (y - 6).to_string())
                .attr("text-anchor", "middle"),
        )
        .into()
}
/// One step's arrows, starting at `row`: re-rendered only when its highlight changes.
#[derive(Properties)]
struct StepProps {
    journey: Rc<Journey>,
    index: usize,
    row: usize,
    current: bool,
    hide_replies: bool,
    eavesdrop: bool,
}

impl PartialEq for StepProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.journey, &other.journey)
            && (
                self.index,
                self.row,
                self.current,
                self.hide_replies,
                self.eavesdrop,
            ) == (
                other.index,
                other.row,
                other.current,
                other.hide_replies,
                other.eavesdrop,
            )
    }
}

fn shown(step: &Step, current: bool, hide_replies: bool) -> impl Iterator<Item = &Event> {
    let hide = current && hide_replies;
    step.events
        .iter()
        .filter(move |e| !(hide && e.tag == Tag::Server))
}

#[function_component]
fn StepArrows(props: &StepProps) -> Html {
    let step = &props.journey.steps[props.index];
    shown(step, props.current, props.hide_replies)
        .enumerate()
        .map(|(i, e)| arrow(e, (props.row + i) as i32, props.current, props.eavesdrop))
        .collect()
}

#[function_component]
pub fn Diagram(props: &Props) -> Html {
    let frame = use_follow(props.taken);
    let taken = props.taken.min(props.journey.steps.len());
    let mut count = 0;
    let mut groups = Vec::new();
    for index in 0..taken {
        let current = index + 1 == taken;
        let row = count;
        count += shown(&props.journey.steps[index], current, props.hide_replies).count();
        groups.push(html! {
            <StepArrows key={index} journey={props.journey.clone()} {index} {row} {current}
                hide_replies={props.hide_replies} eavesdrop={props.eavesdrop} />
        });
    }
    let height = HEAD + (count.max(1) as i32) * ROW + 10;
    let lanes = LANES.iter().map(|&(lane, _)| {
        let lx = x(lane).to_string();
        el("line")
            .class("lane")
            .attr("x1", lx.clone())
            .attr("y1", "0")
            .attr("x2", lx)
            .attr("y2", height.to_string())
            .into()
    });
    // Lane names in HTML, so they stay in view while the diagram scrolls.
    let names = LANES.iter().map(|&(_, name)| el("span").text(name).into());
    let summary = format!(
        "Sequence diagram of {} messages between your program, DNS, the network and the mail server. The transcript lists the same events as text.",
        count
    );
    // While the drawing is wider than its box, ← and → scroll it (as in any scroll box) instead
    // of stepping through the journey (src/shortcuts.rs listens on the window): otherwise a
    // keyboard could not reach the lanes on the right. The shortcuts still work when it fits.
    let onkeydown = {
        let frame = frame.clone();
        Callback::from(move |e: KeyboardEvent| {
            if !matches!(e.key().as_str(), "ArrowLeft" | "ArrowRight") {
                return;
            }
            if let Some(el) = frame.cast::<web_sys::Element>() {
                if el.scroll_width() > el.client_width() {
                    e.stop_propagation();
                }
            }
        })
    };
    let svg = el("svg")
        .attr("viewBox", format!("0 0 {WIDTH} {height}"))
        .attr("width", WIDTH.to_string())
        .attr("role", "img")
        .attr("aria-label", summary)
        .children(lanes)
        // Its own keyed list (see Transcript): spliced in, every step would be remounted.
        .child(groups.into_iter().collect::<Html>());
    el("div")
        .class("diagram-frame")
        // Shown by styles/app.css only while the diagram is wider than its box.
        .child(
            el("p")
                .class("scroll-hint")
                .child(el("span").attr("aria-hidden", "true").text("↔ "))
                .text("Scroll sideways to see all four lanes."),
        )
        .child(
            el("div")
                .node_ref(&frame)
                .class("diagram")
                .attr("role", "region")
                .attr("aria-label", "Sequence diagram")
                .attr("tabindex", "0")
                .on_keydown(&onkeydown)
                .child(
                    el("div")
                        .class("lanes")
                        .attr("aria-hidden", "true")
                        .children(names),
                )
                .child(svg),
        )
        .into()
}
