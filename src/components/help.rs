//! The "?" overlay: the keyboard shortcuts.

use crate::ui::el::el;
use yew::prelude::*;

use crate::shortcuts::KEYS;

/// The id of the dialog's only control, which gets the focus when it opens (see `App`).
pub const CLOSE_ID: &str = "help-close";

/// Close is the dialog's only control: Tab stays on it, Escape or Close leave.
pub fn help(on_close: &Callback<MouseEvent>, trap_tab: &Callback<KeyboardEvent>) -> Html {
    let keys = KEYS.iter().flat_map(|&(key, what)| {
        [
            el("dt").child(el("kbd").text(key)).into(),
            el("dd").text(what).into(),
        ]
    });
    el("div")
        .class("overlay")
        .attr("role", "dialog")
        .attr("aria-modal", "true")
        .attr("aria-labelledby", "help-title")
        .on_keydown(trap_tab)
        .child(
            el("div")
                .class("overlay-box")
                .child(el("h2").attr("id", "help-title").text("Keyboard shortcuts"))
                .child(el("dl").class("keys").children(keys))
                .child(el("p").text("They work whenever the focus is not in a text field."))
                .child(
                    el("button")
                        .attr("id", CLOSE_ID)
                        .attr("type", "button")
                        .on_click(on_close)
                        .text("Close"),
                ),
        )
        .into()
}
