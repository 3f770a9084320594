//! "Try it for real": terminal commands that reproduce the journey against a real server. The
//! panel's body, shown by the panels' own module (src/components/panels.rs).

use smtp_sim::teach::try_it::{commands, BROWSER_NOTE};
use smtp_sim::Setup;
use yew::prelude::*;

use crate::clipboard::Copied;
use crate::ui::el::el;

pub struct Props {
    pub setup: Setup,
    /// What was copied last, and whether the browser allowed it.
    pub copied: Option<(Copied, bool)>,
    pub on_copy: Callback<(Copied, String)>,
}

pub fn body(props: &Props) -> Html {
    let items = commands(&props.setup)
        .into_iter()
        .enumerate()
        .map(|(i, command)| {
            let label = match props.copied {
                Some((Copied::Command(at), true)) if at == i => "Copied",
                Some((Copied::Command(at), false)) if at == i => "Select and copy by hand",
                _ => "Copy",
            };
            let line = command.line.clone();
            el("li")
                .child(el("span").class("purpose").text(command.purpose))
                .child(el("code").text(command.line.clone()))
                .child(
                    el("button")
                        .attr("type", "button")
                        .class("copy")
                        .on_click(
                            &props
                                .on_copy
                                .reform(move |_| (Copied::Command(i), line.clone())),
                        )
                        .attr("aria-label", format!("Copy: {}", command.line))
                        .text(label),
                )
                .into()
        });
    el("div")
        .child(
            el("p")
                .text("Replace mail.example.test with your provider's host. ")
                .text(BROWSER_NOTE),
        )
        .child(el("ul").class("commands").children(items))
        // The button's new label is not announced (its name stays "Copy: …"): this is.
        .child(el("p").attr("role", "status").class("copied").text(match props.copied {
            Some((Copied::Command(_), true)) => "Command copied to the clipboard.",
            Some((Copied::Command(_), false)) => {
                "The browser did not allow copying: select the command above and copy it by hand."
            }
            _ => "",
        }))
        .into()
}
