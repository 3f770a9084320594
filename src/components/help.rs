//! The "?" overlay: the keyboard shortcuts.

use yew::prelude::*;

use crate::shortcuts::KEYS;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_close: Callback<()>,
}

#[function_component]
pub fn Help(props: &Props) -> Html {
    let close = use_node_ref();
    {
        let close = close.clone();
        use_effect_with((), move |_| {
            if let Some(button) = close.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let onclick = props.on_close.reform(|_: MouseEvent| ());
    // Close is the dialog's only control: Tab stays on it, Escape or Close leave.
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Tab" {
            e.prevent_default();
        }
    });
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" {onkeydown}>
            <div class="overlay-box">
                <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
                <dl class="keys">
                    { for KEYS.iter().map(|(key, what)| html! { <><dt><kbd>{ *key }</kbd></dt><dd>{ *what }</dd></> }) }
                </dl>
                <p>{ "They work whenever the focus is not in a text field." }</p>
                <button ref={close} type="button" {onclick}>{ "Close" }</button>
            </div>
        </div>
    }
}
