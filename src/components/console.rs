//! "Type it yourself": a terminal-like console on the same server model as the walkthrough.
//! Enter sends, Up/Down recall history, a pasted block is sent line by line (pipelining).
//! Everything typed is rendered as text, never as HTML.
//!
//! Once the server has closed the connection (221 after QUIT, 421 after too many errors) the
//! field and Send are `aria-disabled` and the field `readonly`, not `disabled`: the focus stays
//! where the learner was typing (a disabled field would drop it to the page), a screen reader
//! says "unavailable", and the visible line under the prompt says to reconnect. Reconnect is then
//! the primary button, and it puts the focus back into the field.

use std::rc::Rc;

use smtp_sim::auth::{LAB_PASSWORD, LAB_USER};
use smtp_sim::console::Console as Session;
use smtp_sim::dialogue::Tag;
use smtp_sim::hint::hint;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::follow::use_follow;

#[derive(Properties)]
pub struct Props {
    pub console: Rc<Session>,
    pub on_send: Callback<String>,
    pub on_reconnect: Callback<()>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.console, &other.console)
    }
}

fn tag_class(tag: Tag) -> &'static str {
    match tag {
        Tag::Client => "tag-client",
        Tag::Server => "tag-server",
        _ => "tag-net",
    }
}

#[function_component]
pub fn Console(props: &Props) -> Html {
    let input = use_node_ref();
    let log = use_follow(props.console.lines().count() + props.console.folded());
    // Position in the history while recalling with Up/Down; None = editing a new line.
    let recall = use_state(|| None::<usize>);

    let connected = props.console.connected();

    let send = {
        let (input, on_send, recall) = (input.clone(), props.on_send.clone(), recall.clone());
        move || {
            if !connected {
                return;
            }
            if let Some(field) = input.cast::<HtmlInputElement>() {
                on_send.emit(field.value());
                field.set_value("");
                recall.set(None);
            }
        }
    };
    let onkeydown = {
        let (input, history, recall, send) = (
            input.clone(),
            props.console.history().to_vec(),
            recall.clone(),
            send.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            if !connected {
                // Nothing to send or recall; Tab still moves on (to Send, then Reconnect).
                if e.key() == "Enter" {
                    e.prevent_default();
                }
                return;
            }
            let at = match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    send();
                    return;
                }
                "ArrowUp" if !history.is_empty() => {
                    Some(recall.map_or(history.len() - 1, |i| i.saturating_sub(1)))
                }
                "ArrowDown" => recall.and_then(|i| (i + 1 < history.len()).then_some(i + 1)),
                _ => return,
            };
            e.prevent_default();
            field.set_value(at.map_or("", |i| history[i].as_str()));
            recall.set(at);
        })
    };
    let onpaste = {
        let on_send = props.on_send.clone();
        Callback::from(move |e: Event| {
            if !connected {
                e.prevent_default();
                return;
            }
            let Some(text) = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(|c| c.clipboard_data())
                .and_then(|d| d.get_data("text").ok())
            else {
                return;
            };
            // A text field would drop the line breaks: send the block as the lines it is.
            if text.contains('\n') {
                e.prevent_default();
                on_send.emit(text);
            }
        })
    };
    let onclick_send = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send())
    };
    let onclick_reconnect = {
        let (input, on_reconnect) = (input.clone(), props.on_reconnect.clone());
        Callback::from(move |_: MouseEvent| {
            on_reconnect.emit(());
            // Back to typing: the field is usable again once the new greeting is shown.
            if let Some(field) = input.cast::<HtmlInputElement>() {
                let _ = field.focus();
            }
        })
    };

    let console = &props.console;
    let help = hint(console);
    let suggestions: Vec<Html> = help
        .suggestions
        .iter()
        .map(|s| {
            let (input, text) = (input.clone(), s.clone());
            let onclick = Callback::from(move |_: MouseEvent| {
                if let Some(field) = input.cast::<HtmlInputElement>() {
                    field.set_value(&text);
                    let _ = field.focus();
                }
            });
            html! { <button type="button" class="suggestion" {onclick}>{ s }</button> }
        })
        .collect();
    let lines = console.lines().enumerate().map(|(i, line)| {
        let label = if line.encrypted { "TLS" } else { "plain" };
        html! {
            // Keyed by position in the whole session, so a new line is an insertion, not a
            // rewrite of every line above it.
            <li key={console.folded() + i} class={classes!("line", tag_class(line.tag))}>
                <span class="who">{ line.tag.label() }</span>
                <span class="text">{ &line.text }</span>
                <span class={classes!("enc", if line.encrypted { "tls" } else { "plain" })}>{ label }</span>
                if let Some(note) = &line.note {
                    <span class="note">{ note }</span>
                }
            </li>
        }
    });

    html! {
        <section class="console" aria-labelledby="console-title">
            <h2 id="console-title">{ format!("Type SMTP yourself: port {}", console.port().number()) }</h2>
            <p class="lab">{ "Like telnet or openssl s_client, but safe: you are the client, and a simulated Postfix server answers. STARTTLS and the TLS handshake are done for you." }</p>
            <p class="lab">{ format!("Lab account: {LAB_USER}, password \"{LAB_PASSWORD}\". The hint below offers the AUTH line ready-made (base64 of \"\\0user\\0password\", RFC 4616).") }</p>
            <div ref={log} class="transcript console-log" role="log" aria-label="Console transcript" tabindex="0"><ol>
                if console.folded() > 0 {
                    <li class="folded">{ format!("{} earlier lines folded to keep the page fast.", console.folded()) }</li>
                }
                { lines.collect::<Html>() }
            </ol></div>
            <div class={classes!("prompt", (!connected).then_some("closed"))}>
                <label for="smtp-command">{ "SMTP command" }</label>
                <input ref={input} id="smtp-command" type="text" autocomplete="off" autocapitalize="off"
                    spellcheck="false" maxlength="200000" {onkeydown} {onpaste}
                    readonly={!connected} aria-disabled={(!connected).then_some("true")}
                    aria-describedby={(!connected).then_some("smtp-closed")}
                    placeholder={(!connected).then_some("Disconnected")} />
                <button type="button" class={classes!((connected).then_some("primary"))}
                    aria-disabled={(!connected).then_some("true")}
                    aria-describedby={(!connected).then_some("smtp-closed")}
                    onclick={onclick_send}>{ "Send" }</button>
                <button type="button" class={classes!((!connected).then_some("primary"))}
                    onclick={onclick_reconnect}>{ "Reconnect" }</button>
                if !connected {
                    <p id="smtp-closed" class="closed-note">
                        { "Disconnected: the server closed the connection. Choose Reconnect to open a new one." }
                    </p>
                }
            </div>
            <div class="hint">
                <p aria-live="polite">{ help.text }</p>
                if !help.suggestions.is_empty() {
                    <p class="suggestions">{ "Try: " }{ for suggestions }</p>
                }
            </div>
        </section>
    }
}
