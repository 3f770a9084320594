//! The sequence diagram: lanes for your program, DNS, the network and the mail server, one arrow
//! per event of the transcript, the current step highlighted, encryption written on each arrow.
//!
//! Each arrow is a row in the page's flow (arrow.rs), its label whole above it: the drawing is as
//! wide as its box at any size, so it never scrolls sideways and never cuts a label. Labels are
//! wider than the gap between two lanes, so they cross lifelines: each is drawn on the page's
//! background colour (styles/app.css), which cuts the lifelines behind it. It scrolls down only,
//! following the current step.

use std::rc::Rc;

use smtp_sim::Journey;
use yew::prelude::*;

use super::arrow::lanes;
use super::steps::{shown, step, steps, Draw};
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
    /// In an article's frame: the current step's arrows only, every step laid out in one grid
    /// cell (styles/embed.css), so the drawing is as tall as the tallest whichever is shown.
    pub current_only: bool,
}

pub fn diagram(props: &Props) -> Html {
    let hide = props.hide_replies;
    let journey = &props.journey;
    let (taken, eavesdrop) = (props.taken, props.eavesdrop);
    let mut count = 0;
    let arrows: Html = if crate::EMBED && props.current_only {
        let cards = (0..journey.steps.len()).map(|index| -> Html {
            let current = index + 1 == taken;
            if current {
                count = journey.steps[index].events.len();
            }
            el("div")
                .class(if current { "card" } else { "card ghost" })
                .child(step(journey, index, current, eavesdrop, hide, Draw::Arrows))
                .into()
        });
        el("div").class("deck").children(cards).into()
    } else {
        steps(
            journey,
            0,
            taken,
            props.lit,
            eavesdrop,
            hide,
            |s, current| {
                count += shown(s, current, hide).count();
                Draw::Arrows
            },
        )
    };
    let attacker = journey.setup.attack.is_some();
    // Lane names in HTML, so they stay in view while the diagram scrolls.
    let names = lanes(attacker)
        .iter()
        .map(|&(_, name)| el("span").text(name).into());
    let summary = format!(
        "Sequence diagram of {} messages between your program, DNS,{} the network and the mail server. The transcript lists the same events as text.",
        count,
        if attacker { " an attacker on the path," } else { "" }
    );
    let five = if attacker { "lanes five" } else { "lanes" };
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
                        .class(five)
                        .attr("aria-hidden", "true")
                        .children(names),
                )
                .child(
                    el("div")
                        .class(if attacker { "arrows five" } else { "arrows" })
                        .attr("role", "img")
                        .attr("aria-label", summary)
                        .child(arrows),
                ),
        )
        .into()
}
