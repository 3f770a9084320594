//! Inside an iframe, the widget's side of the embed kit is frame.js (boot.js imports it only in
//! a frame; embed.js is the host's side). The app's part: its journey state on `#main`
//! (`state_attrs`), which frame.js reports to the host as step events, and `control`, which
//! frame.js calls when the host asks for the next, previous or a given step.

use std::cell::RefCell;

use yew::prelude::*;

use crate::state::{Action, Model};
use crate::ui::el::El;

thread_local! {
    /// The running app's dispatcher, for `control`.
    static STEER: RefCell<Option<UseReducerDispatcher<Model>>> = const { RefCell::new(None) };
}

/// `#main`'s journey state: the port, the step shown, the steps in all, and (`data-ended`) the
/// journey's outcome once its last step is shown.
pub fn state_attrs(main: El, model: &Model) -> El {
    let ended = model.taken().0 == model.journey.steps.len();
    main.attr("data-port", model.settings.setup.port.number().to_string())
        .attr("data-step", model.settings.step.to_string())
        .attr("data-total", model.total().to_string())
        .maybe("data-ended", ended.then(|| model.journey.outcome.name()))
}

/// Lets `control` reach the app.
#[hook]
pub fn use_control(model: &UseReducerHandle<Model>) {
    let dispatcher = model.dispatcher();
    use_effect_with((), move |_| STEER.set(Some(dispatcher)));
}

/// The host's "next", "previous" or "goto" (`step`), from frame.js; anything else does nothing.
pub fn control(action: &str, step: f64) {
    let action = match action {
        "next" => Action::Next,
        "previous" => Action::Previous,
        "goto" if step >= 0.0 => Action::Goto(step as usize),
        _ => return,
    };
    STEER.with(|steer| {
        if let Some(dispatcher) = steer.borrow().as_ref() {
            dispatcher.dispatch(action);
        }
    });
}
