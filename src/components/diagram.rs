//! The sequence diagram: lanes for your program, DNS, the network and the mail server, one arrow
//! per event of the transcript, the current step highlighted, encryption written on each arrow.
//!
//! Labels are wider than the gap between two lanes, so they cross lifelines: each label is drawn
//! over a halo in the page's background colour (styles/app.css, `paint-order: stroke`), which
//! cuts the lifelines and arrows behind it. In a narrow box (a phone, an article column) the
//! drawing shrinks to fit all its lanes and draws its labels larger (a container query in
//! styles/app.css), so it never scrolls sideways: it scrolls down only, following the current step.

use std::rc::Rc;

use smtp_sim::Journey;
use yew::prelude::*;

use super::arrow::{lanes, x, HEAD, ROW, WIDTH};
use super::steps::{shown, steps, Draw};
use crate::ui::el::el;

/// The sequence diagram (a function, not a component, as `transcript::transcript`).
pub struct Props {
    pub journey: Rc<Journey>,
    pub taken: usize,
    /// The last step taken is the current one (as `transcript::Props::lit`).
    pub lit: bool,
    /// "Predict first": the current step's replies are not drawn yet.
    pub hide_replies: bool,
    /// Label the arrows with what a passive observer reads, as the transcript does.
    pub eavesdrop: bool,
    /// The drawing's scrolling box, kept on the current step (`use_follow`, called by the page).
    pub follow: NodeRef,
    /// In an article's frame: the current step's arrows only, in a drawing as tall as the
    /// journey's longest step, so it keeps its height whichever step is shown.
    pub current_only: bool,
}

pub fn diagram(props: &Props) -> Html {
    let hide = props.hide_replies;
    let journey = &props.journey;
    let current_only = crate::EMBED && props.current_only;
    let from = match current_only {
        true => props.taken.saturating_sub(1),
        false => 0,
    };
    let mut count = 0;
    let groups = steps(
        journey,
        from,
        props.taken,
        props.lit,
        props.eavesdrop,
        hide,
        |step, current| {
            let row = count;
            count += shown(step, current, hide).count();
            Draw::Arrows { row }
        },
    );
    let rows = match current_only {
        true => journey.steps.iter().map(|s| s.events.len()).max(),
        false => Some(count),
    };
    let height = HEAD + (rows.unwrap_or(0).max(1) as i32) * ROW + 10;
    let attacker = props.journey.setup.attack.is_some();
    let lanes_drawn = lanes(attacker);
    let lanes = lanes_drawn.iter().map(|&(lane, _)| {
        let lx = x(lane, attacker).to_string();
        el("line")
            .class("lane")
            .attr("x1", lx.clone())
            .attr("y1", "0")
            .attr("x2", lx)
            .attr("y2", height.to_string())
            .into()
    });
    // Lane names in HTML, so they stay in view while the diagram scrolls.
    let names = lanes_drawn
        .iter()
        .map(|&(_, name)| el("span").text(name).into());
    let summary = format!(
        "Sequence diagram of {} messages between your program, DNS,{} the network and the mail server. The transcript lists the same events as text.",
        count,
        if attacker { " an attacker on the path," } else { "" }
    );
    let svg = el("svg")
        .attr("viewBox", format!("0 0 {WIDTH} {height}"))
        .attr("width", WIDTH.to_string())
        .attr("role", "img")
        .attr("aria-label", summary)
        .children(lanes)
        .child(groups);
    el("div")
        .class("diagram-frame")
        .child(
            el("div")
                .node_ref(&props.follow)
                .class("diagram")
                .attr("role", "region")
                .attr("aria-label", "Sequence diagram")
                .attr("tabindex", "0")
                .child(
                    el("div")
                        .class(if attacker { "lanes five" } else { "lanes" })
                        .attr("aria-hidden", "true")
                        .children(names),
                )
                .child(svg),
        )
        .into()
}
