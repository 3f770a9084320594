//! The transcript: one line per event, who speaks first, and whether it crossed the network in
//! plaintext or inside TLS — said in words, not by colour alone.

use std::rc::Rc;

use smtp_sim::Journey;
use yew::prelude::*;

use super::steps::{step, steps, Draw};
use crate::ui::el::el;

/// A transcript (a function, not a component: its lines are the `StepEvents` components, which
/// skip the steps that did not change; the list itself changes with every step anyway).
pub struct Props {
    pub journey: Rc<Journey>,
    pub taken: usize,
    /// The last step taken is the current one (comparing: this port has a step in the row).
    pub lit: bool,
    /// Show what a passive observer reads instead of the decrypted lines.
    pub eavesdrop: bool,
    /// "Predict first": the current step's server lines wait for the class's guess.
    pub hide_replies: bool,
    /// The accessible name of the log.
    pub label: AttrValue,
    /// The log's scrolling box, kept on the current step (`use_follow`, called by the page).
    pub follow: NodeRef,
    /// In an article's frame: the current step's lines only, every step laid out in one grid
    /// cell (styles/embed.css), so the log is as tall as its tallest step whichever is shown.
    pub deck: bool,
}

pub fn transcript(props: &Props) -> Html {
    let (journey, taken, eavesdrop) = (&props.journey, props.taken, props.eavesdrop);
    let hide = props.hide_replies;
    let mut predict = hide.then(|| {
        el("li")
            .class("line tag-server current predict")
            .attr("aria-current", "step")
            .child(el("span").class("time"))
            .child(el("span").class("who").text("S:"))
            .child(
                el("span")
                    .class("text")
                    .text("? What will the server answer? Press Next step to reveal."),
            )
    });
    let empty = |shown: bool| {
        shown.then(|| {
            el("li")
                .class("empty")
                .text("Nothing has crossed the network yet. Press Next step or Play.")
        })
    };
    let deck = crate::EMBED && props.deck;
    let lists: Html = if deck {
        let card = |shown: bool| el("ol").class(if shown { "card" } else { "card ghost" });
        let cards = (0..journey.steps.len()).map(|index| -> Html {
            let current = index + 1 == taken;
            card(current)
                .child(step(
                    journey,
                    index,
                    current && props.lit,
                    eavesdrop,
                    hide,
                    Draw::Lines,
                ))
                .maybe_child(current.then(|| predict.take()).flatten())
                .into()
        });
        [card(taken == 0).maybe_child(empty(true)).into()]
            .into_iter()
            .chain(cards)
            .collect()
    } else {
        el("ol")
            .maybe_child(empty(taken == 0))
            .child(steps(
                journey,
                0,
                taken,
                props.lit,
                eavesdrop,
                hide,
                |_, _| Draw::Lines,
            ))
            .maybe_child(predict)
            .into()
    };
    // aria-live is off: the step narration below speaks once per step instead.
    el("div")
        .node_ref(&props.follow)
        .class(if deck {
            "transcript deck"
        } else {
            "transcript"
        })
        .attr("role", "log")
        .attr("aria-label", props.label.clone())
        .attr("aria-live", "off")
        .attr("tabindex", "0")
        .child(lists)
        .into()
}
