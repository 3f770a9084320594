//! The transcript: one line per event, who speaks first, and whether it crossed the network in
//! plaintext or inside TLS — said in words, not by colour alone.

use std::rc::Rc;

use smtp_sim::Journey;
use yew::prelude::*;

use super::steps::{steps, Draw};
use crate::ui::el::el;

/// A transcript (a function, not a component: its lines are the `StepEvents` components, which
/// skip the steps that did not change; the list itself changes with every step anyway).
pub struct Props {
    pub journey: Rc<Journey>,
    pub taken: usize,
    /// Show what a passive observer reads instead of the decrypted lines.
    pub eavesdrop: bool,
    /// "Predict first": the current step's server lines wait for the class's guess.
    pub hide_replies: bool,
    /// The accessible name of the log.
    pub label: AttrValue,
    /// The log's scrolling box, kept at its newest line (`use_follow`, called by the page).
    pub follow: NodeRef,
}

pub fn transcript(props: &Props) -> Html {
    let hide = props.hide_replies;
    let lines = steps(
        &props.journey,
        props.taken,
        props.eavesdrop,
        hide,
        |_, _| Draw::Lines,
    );
    let predict = hide.then(|| {
        el("li")
            .class("line tag-server current predict")
            .child(el("span").class("time"))
            .child(el("span").class("who").text("S:"))
            .child(
                el("span")
                    .class("text")
                    .text("? What will the server answer? Press Next step to reveal."),
            )
    });
    let empty = (props.taken == 0).then(|| {
        el("li")
            .class("empty")
            .text("Nothing has crossed the network yet. Press Next step or Play.")
    });
    // aria-live is off: the step narration below speaks once per step instead.
    el("div")
        .node_ref(&props.follow)
        .class("transcript")
        .attr("role", "log")
        .attr("aria-label", props.label.clone())
        .attr("aria-live", "off")
        .attr("tabindex", "0")
        .child(
            el("ol")
                .maybe_child(empty)
                .child(lines)
                .maybe_child(predict),
        )
        .into()
}
