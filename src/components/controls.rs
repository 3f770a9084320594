//! Restart · Previous step · Play/Pause · Next step, and where the learner is.

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
    html! {
        <div class="controls" role="group" aria-label="Walkthrough controls">
            <button type="button" onclick={props.on_restart.clone()} aria-disabled={at_start.to_string()}>{ "Restart" }</button>
            <button type="button" onclick={props.on_previous.clone()} aria-disabled={at_start.to_string()}>{ "Previous step" }</button>
            <button type="button" class="primary" onclick={props.on_play.clone()}>
                // At the end, Play starts over (as a media player does): say so.
                { match (props.playing, at_end) {
                    (true, _) => "Pause",
                    (false, true) => "Play again",
                    (false, false) => "Play",
                } }
            </button>
            <button type="button" class="primary" onclick={props.on_next.clone()} aria-disabled={at_end.to_string()}>{ "Next step" }</button>
            <span class="counter">{ format!("Step {} of {}", props.step, props.total) }</span>
            <button type="button" role="switch" class="switch" aria-checked={props.predict.to_string()}
                onclick={props.on_predict.clone()}>{ "Predict first" }</button>
        </div>
    }
}
