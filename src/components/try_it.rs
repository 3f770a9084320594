//! "Try it for real": terminal commands that reproduce the journey against a real server.

use smtp_sim::try_it::{commands, BROWSER_NOTE};
use smtp_sim::Setup;
use yew::prelude::*;

use super::el::el;

use crate::clipboard::copy;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub setup: Setup,
}

#[function_component]
pub fn TryIt(props: &Props) -> Html {
    // Which command was copied, and whether the browser allowed it.
    let copied = use_state(|| None::<(usize, bool)>);
    let items = commands(&props.setup)
        .into_iter()
        .enumerate()
        .map(|(i, command)| {
            let onclick = {
                let (copied, line) = (copied.clone(), command.line.clone());
                Callback::from(move |_: MouseEvent| {
                    let copied = copied.clone();
                    copy(&line, Callback::from(move |ok| copied.set(Some((i, ok)))));
                })
            };
            let label = match *copied {
                Some((at, true)) if at == i => "Copied",
                Some((at, false)) if at == i => "Select and copy by hand",
                _ => "Copy",
            };
            el("li")
                .child(el("span").class("purpose").text(command.purpose))
                .child(el("code").text(command.line.clone()))
                .child(
                    el("button")
                        .attr("type", "button")
                        .class("copy")
                        .on_click(&onclick)
                        .attr("aria-label", format!("Copy: {}", command.line))
                        .text(label),
                )
                .into()
        });
    el("details")
        .class("panel try-it")
        .child(el("summary").text("Try it for real"))
        .child(
            el("p")
                .text("Replace mail.example.test with your provider's host. ")
                .text(BROWSER_NOTE),
        )
        .child(el("ul").class("commands").children(items))
        .into()
}
