//! The "?" overlay: the keyboard shortcuts.

use yew::prelude::*;

use crate::shortcuts::KEYS;

/// The id of the dialog's only control, which gets the focus when it opens (see `App`).
pub const CLOSE_ID: &str = "help-close";

/// Close is the dialog's only control: Tab stays on it, Escape or Close leave.
pub fn help(on_close: &Callback<MouseEvent>, trap_tab: &Callback<KeyboardEvent>) -> Html {
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" onkeydown={trap_tab.clone()}>
            <div class="overlay-box">
                <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
                <dl class="keys">
                    { for KEYS.iter().map(|(key, what)| html! { <><dt><kbd>{ *key }</kbd></dt><dd>{ *what }</dd></> }) }
                </dl>
                <p>{ "They work whenever the focus is not in a text field." }</p>
                <button id={CLOSE_ID} type="button" onclick={on_close.clone()}>{ "Close" }</button>
            </div>
        </div>
    }
}
