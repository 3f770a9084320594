//! Restart · Previous step · Play/Pause · Next step, and where the learner is.

use crate::shortcuts::{key_of, Key};
use crate::ui::el::el;
use yew::prelude::*;

pub struct Props {
    pub step: usize,
    pub total: usize,
    pub playing: bool,
    /// In an article's frame, where only the step keys are the widget's (src/shortcuts.rs).
    pub embed: bool,
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
    // A step button names its key (`aria-keyshortcuts`, from the one table of keys): screen
    // readers announce it, and the drawn first screen's script finds the button by it.
    let button = |label: &'static str, key: Option<Key>, onclick: &Callback<MouseEvent>| {
        let key = key.filter(|k| !props.embed || matches!(k, Key::Next | Key::Previous));
        el("button")
            .attr("type", "button")
            .maybe("aria-keyshortcuts", key.map(key_of))
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
        .child(
            button("Restart", Some(Key::Restart), &props.on_restart)
                .state("aria-disabled", at_start),
        )
        .child(
            button("Previous step", Some(Key::Previous), &props.on_previous)
                .state("aria-disabled", at_start),
        )
        .child(button(play, None, &props.on_play).class("primary"))
        .child(
            button("Next step", Some(Key::Next), &props.on_next)
                .class("primary")
                .state("aria-disabled", at_end),
        )
        .child(
            el("span")
                .class("counter")
                .text(format!("Step {} of {}", props.step, props.total)),
        )
        .child(
            button("Predict first", None, &props.on_predict)
                .attr("role", "switch")
                .class("switch")
                .state("aria-checked", props.predict),
        )
        .into()
}
