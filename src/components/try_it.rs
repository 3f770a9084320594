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
    let copied = use_state(|| None::<usize>);
    let items = commands(&props.setup).into_iter().enumerate().map(|(i, command)| {
        let onclick = {
            let (copied, line) = (copied.clone(), command.line.clone());
            Callback::from(move |_: MouseEvent| {
                copy(&line);
                copied.set(Some(i));
            })
        };
        html! {
            <li>
                <span class="purpose">{ command.purpose }</span>
                <code>{ &command.line }</code>
                <button type="button" class="copy" {onclick} aria-label={format!("Copy: {}", command.line)}>
                    { if *copied == Some(i) { "Copied" } else { "Copy" } }
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
