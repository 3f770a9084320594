//! The console view with its own state, for the module that carries it (src/bin/console-view.rs):
//! the page loads that module only when the console is opened, so the console, its hints and
//! their text are not part of the walkthrough's download. One model `Console` per port; the
//! page mounts a new one when the learner chooses another port.

use std::rc::Rc;

use smtp_sim::console::Console;
use smtp_sim::Port;
use yew::prelude::*;

use super::ConsoleScreen;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub port: Port,
}

/// What the learner does in the console.
enum Typed {
    /// A line, or a pasted block of lines.
    Send(String),
    Reconnect,
}

/// The console's session, shared with the screen that draws it.
struct State(Rc<Console>);

impl Reducible for State {
    type Action = Typed;

    fn reduce(self: Rc<Self>, action: Typed) -> Rc<Self> {
        let mut session = self.0.clone();
        match action {
            Typed::Send(input) => Rc::make_mut(&mut session).send(&input),
            Typed::Reconnect => Rc::make_mut(&mut session).reconnect(),
        }
        Rc::new(State(session))
    }
}

#[function_component]
pub fn ConsoleView(props: &Props) -> Html {
    let port = props.port;
    let state = use_reducer(|| State(Rc::new(Console::open(port))));
    let (on_send, on_reconnect) = {
        let dispatcher = state.dispatcher();
        let again = state.dispatcher();
        (
            Callback::from(move |line: String| dispatcher.dispatch(Typed::Send(line))),
            Callback::from(move |()| again.dispatch(Typed::Reconnect)),
        )
    };
    html! { <ConsoleScreen console={state.0.clone()} {on_send} {on_reconnect} /> }
}
