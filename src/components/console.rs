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

use smtp_sim::console::Console;
use smtp_sim::server::auth::{LAB_PASSWORD, LAB_USER};
use smtp_sim::teach::hint::hint;
use smtp_sim::Tag;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::badge::badge;
use crate::ui::el::el;
use crate::ui::follow::use_follow;

#[derive(Properties)]
pub struct Props {
    pub console: Rc<Console>,
    pub on_send: Callback<String>,
    pub on_reconnect: Callback<()>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.console, &other.console)
    }
}

fn line_class(tag: Tag) -> &'static str {
    match tag {
        Tag::Client => "line tag-client",
        Tag::Server => "line tag-server",
        _ => "line tag-net",
    }
}

#[function_component]
pub fn ConsoleScreen(props: &Props) -> Html {
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
            el("button")
                .attr("type", "button")
                .class("suggestion")
                .on_click(&onclick)
                .text(s.clone())
                .into()
        })
        .collect();
    let lines = console.lines().enumerate().map(|(i, line)| {
        let note = line
            .note
            .as_ref()
            .map(|note| el("span").class("note").text(note.clone()));
        el("li")
            // Keyed by position in the whole session, so a new line is an insertion, not a
            // rewrite of every line above it.
            .key(console.folded() + i)
            .class(line_class(line.tag))
            .child(el("span").class("who").text(line.tag.label()))
            .child(el("span").class("text").text(line.text.clone()))
            .child(badge(line.encrypted, false))
            .maybe_child(note)
    });
    let folded = (console.folded() > 0).then(|| {
        el("li").class("folded").text(format!(
            "{} earlier lines folded to keep the page fast.",
            console.folded()
        ))
    });
    // While disconnected: why the field and Send do nothing.
    let closed = (!connected).then_some("true");
    let closed_note = (!connected).then(|| {
        el("p").attr("id", "smtp-closed").class("closed-note").text(
            "Disconnected: the server closed the connection. Choose Reconnect to open a new one.",
        )
    });
    let suggestions = (!suggestions.is_empty()).then(|| {
        el("p")
            .class("suggestions")
            .text("Try: ")
            .children(suggestions)
    });
    let field = html! {
        <input ref={input} id="smtp-command" type="text" autocomplete="off" autocapitalize="off"
            spellcheck="false" maxlength="200000" {onkeydown} {onpaste}
            readonly={!connected} aria-disabled={closed}
            aria-describedby={(!connected).then_some("smtp-closed")}
            placeholder={(!connected).then_some("Disconnected")} />
    };
    el("section")
        .class("console")
        .attr("aria-labelledby", "console-title")
        .child(
            el("h2")
                .attr("id", "console-title")
                .text(format!("Type SMTP yourself: port {}", console.port().number())),
        )
        .child(el("p").class("lab").text("Like telnet or openssl s_client, but safe: you are the client, and a simulated Postfix server answers. STARTTLS and the TLS handshake are done for you. It always reaches the lab server: the network, firewall and TLS-setting choices on this page shape the walkthrough only."))
        .child(el("p").class("lab").text(format!("Lab account: {LAB_USER}, password \"{LAB_PASSWORD}\". The hint below offers the AUTH line ready-made (base64 of \"\\0user\\0password\", RFC 4616).")))
        .child(
            el("div")
                .node_ref(&log)
                .class("transcript console-log")
                .attr("role", "log")
                .attr("aria-label", "Console transcript")
                .attr("tabindex", "0")
                .child(el("ol").maybe_child(folded).child(lines.collect::<Html>())),
        )
        .child(
            el("div")
                .class(if connected { "prompt" } else { "prompt closed" })
                .child(el("label").attr("for", "smtp-command").text("SMTP command"))
                .child(field)
                .child(
                    el("button")
                        .attr("type", "button")
                        .maybe("class", connected.then_some("primary"))
                        .maybe("aria-disabled", closed)
                        .maybe("aria-describedby", closed.and(Some("smtp-closed")))
                        .on_click(&onclick_send)
                        .text("Send"),
                )
                .child(
                    el("button")
                        .attr("type", "button")
                        .maybe("class", (!connected).then_some("primary"))
                        .on_click(&onclick_reconnect)
                        .text("Reconnect"),
                )
                .maybe_child(closed_note),
        )
        .child(
            el("div")
                .class("hint")
                .child(el("p").attr("aria-live", "polite").text(help.text))
                .maybe_child(suggestions),
        )
        .into()
}
