//! "Try it for real": terminal commands that reproduce the journey against a real server.

use smtp_sim::try_it::{commands, BROWSER_NOTE};
use smtp_sim::Setup;
use yew::prelude::*;

use crate::clipboard::copy;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub setup: Setup,
}

#[function_component]
pub fn TryIt(props: &Props) -> Html {
    // Which command was copied, and whether the browser allowed it.
    let copied = use_state(|| None::<(usize, bool)>);
    let items = commands(&props.setup).into_iter().enumerate().map(|(i, command)| {
        let onclick = {
            let (copied, line) = (copied.clone(), command.line.clone());
            Callback::from(move |_: MouseEvent| {
                let copied = copied.clone();
                copy(&line, Callback::from(move |ok| copied.set(Some((i, ok)))));
            })
        };
        html! {
            <li>
                <span class="purpose">{ command.purpose }</span>
                <code>{ &command.line }</code>
                <button type="button" class="copy" {onclick} aria-label={format!("Copy: {}", command.line)}>
                    { match *copied {
                        Some((at, true)) if at == i => "Copied",
                        Some((at, false)) if at == i => "Select and copy by hand",
                        _ => "Copy",
                    } }
                </button>
            </li>
        }
    });
    html! {
        <details class="panel try-it">
            <summary>{ "Try it for real" }</summary>
            <p>{ "Replace mail.example.test with your provider's host. " }{ BROWSER_NOTE }</p>
            <ul class="commands">{ for items }</ul>
        </details>
    }
}
