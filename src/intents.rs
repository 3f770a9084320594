//! Every callback of the page, made once from the model's dispatcher: the page's buttons and
//! fields turn into actions for the model here, and so do intents from outside the app's
//! components (`dispatch`).

use std::cell::RefCell;

use yew::prelude::*;

use smtp_sim::Port;

use crate::settings::{Theme, View};
use crate::state::{Action, Model};

/// A callback that turns its argument into an action for the model.
fn intent<T: 'static>(
    model: &UseReducerHandle<Model>,
    to_action: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let dispatcher = model.dispatcher();
    Callback::from(move |value| dispatcher.dispatch(to_action(value)))
}

/// A callback that sends the same action whatever its argument. One closure type serves every
/// button, where a closure per button would each add its own code to the WebAssembly.
fn fixed<T: 'static>(model: &UseReducerHandle<Model>, action: Action) -> Callback<T> {
    let dispatcher = model.dispatcher();
    Callback::from(move |_| dispatcher.dispatch(action.clone()))
}

/// Every callback of the page, made once: a child whose data did not change skips re-rendering,
/// and no listener is replaced when the learner steps.
pub struct Intents {
    pub theme: Callback<Event>,
    pub walkthrough: Callback<MouseEvent>,
    pub console: Callback<MouseEvent>,
    pub diagnose: Callback<MouseEvent>,
    pub presenter: Callback<MouseEvent>,
    pub open_help: Callback<MouseEvent>,
    pub eavesdrop: Callback<MouseEvent>,
    pub choose: Callback<Port>,
    pub dismiss: Callback<()>,
    pub restart: Callback<MouseEvent>,
    pub previous: Callback<MouseEvent>,
    pub play: Callback<MouseEvent>,
    pub next: Callback<MouseEvent>,
    pub predict: Callback<MouseEvent>,
}

thread_local! {
    /// The running app's dispatcher, for the intents that come from outside its components.
    static RUNNING: RefCell<Option<UseReducerDispatcher<Model>>> = const { RefCell::new(None) };
}

/// An intent from outside the app's components: an embedding page's control (src/embed.rs),
/// a choice in the port table and setup module (src/view_module/load.rs). None before the app
/// runs.
pub fn dispatch(action: Action) {
    RUNNING.with(|running| {
        if let Some(dispatcher) = running.borrow().as_ref() {
            dispatcher.dispatch(action);
        }
    });
}

impl Intents {
    /// Made once, when the app starts: it also keeps the dispatcher for `dispatch`.
    pub fn new(model: &UseReducerHandle<Model>) -> Self {
        RUNNING.set(Some(model.dispatcher()));
        Intents {
            theme: intent(model, |e: Event| {
                let value = e
                    .target_dyn_into::<web_sys::HtmlSelectElement>()
                    .map(|s| s.value())
                    .unwrap_or_default();
                Action::SetTheme(match value.as_str() {
                    "light" => Some(Theme::Light),
                    "dark" => Some(Theme::Dark),
                    _ => None,
                })
            }),
            walkthrough: fixed(model, Action::SetView(View::Walkthrough)),
            console: fixed(model, Action::SetView(View::Console)),
            diagnose: fixed(model, Action::SetView(View::Diagnose)),
            presenter: fixed(model, Action::TogglePresenter),
            open_help: fixed(model, Action::Help(Some(true))),
            eavesdrop: fixed(model, Action::ToggleEavesdrop),
            choose: intent(model, Action::ChoosePort),
            dismiss: fixed(model, Action::DismissNotices),
            restart: fixed(model, Action::Restart),
            previous: fixed(model, Action::Previous),
            play: fixed(model, Action::TogglePlay),
            next: fixed(model, Action::Next),
            predict: fixed(model, Action::TogglePredict),
        }
    }
}
