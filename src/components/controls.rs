//! Restart · Previous step · Play/Pause · Next step, and where the learner is.

use crate::ui::el::el;
use yew::prelude::*;

pub struct Props {
    pub step: usize,
    pub total: usize,
    pub playing: bool,
    pub predict: bool,
    pub on_predict: Callback<MouseEvent>,
    pub on_restart: Callback<MouseEvent>,
    pub on_previous: Callback<MouseEvent>,
    pub on_play: Callback<MouseEvent>,
    pub on_next: Callback<MouseEvent>,
}

/// Buttons at a limit stay focusable (`aria-disabled`, not `disabled`) so keyboard focus is never
/// lost when the last step is reached; the state ignores the extra press.
pub fn controls(props: &Props) -> Html {
    let at_start = props.step == 0;
    let at_end = props.step >= props.total;
    let button = |label: &'static str, onclick: &Callback<MouseEvent>| {
        el("button")
            .attr("type", "button")
            .on_click(onclick)
            .text(label)
    };
    // At the end, Play starts over (as a media player does): say so.
    let play = match (props.playing, at_end) {
        (true, _) => "Pause",
        (false, true) => "Play again",
        (false, false) => "Play",
    };
    el("div")
        .class("controls")
        .attr("role", "group")
        .attr("aria-label", "Walkthrough controls")
        .child(button("Restart", &props.on_restart).state("aria-disabled", at_start))
        .child(button("Previous step", &props.on_previous).state("aria-disabled", at_start))
        .child(button(play, &props.on_play).class("primary"))
        .child(
            button("Next step", &props.on_next)
                .class("primary")
                .state("aria-disabled", at_end),
        )
        .child(
            el("span")
                .class("counter")
                .text(format!("Step {} of {}", props.step, props.total)),
        )
        .child(
            button("Predict first", &props.on_predict)
                .attr("role", "switch")
                .class("switch")
                .state("aria-checked", props.predict),
        )
        .into()
}
