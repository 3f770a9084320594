//! "Diagnose": paste what your program printed, read the likely causes (most likely first), the
//! fix in that program's words, and open the journey that shows it at the failing step.
//!
//! The engine runs in a Web Worker (src/bin/diagnose-worker.rs) started on the first press, so
//! its code and catalogue are not part of the walkthrough's download. The pasted text stays in
//! the page and its worker: it is read from the field when Diagnose is pressed, never written to
//! the URL, and shown only as text (Yew escapes text nodes; nothing here sets inner HTML). Each
//! link is `?` + the journey's own parameters, so `embed`, `theme` and the text stay out of it.

use std::cell::RefCell;
use std::rc::Rc;

use smtp_sim::teach::diagnose::login;
use smtp_sim::teach::diagnose::wire::{decode, Shown, ShownCause};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

/// The worker's loader (Trunk's shim for `data-type="worker"`), beside the page.
const ENGINE: &str = "./diagnose-worker_loader.js";

/// The worker and what waits for it: it says "ready" once it listens.
#[derive(Default)]
struct Engine {
    worker: Option<Worker>,
    ready: bool,
    pending: Option<String>,
}

impl Engine {
    /// Hands `text` to the worker, starting it first if needed. `done` (the first one given: it
    /// only sets the component's state) gets each answer.
    fn ask(this: &Rc<RefCell<Engine>>, text: String, done: Callback<Shown>) {
        let mut engine = this.borrow_mut();
        if engine.worker.is_none() {
            let options = WorkerOptions::new();
            options.set_type(WorkerType::Module);
            let Ok(worker) = Worker::new_with_options(ENGINE, &options) else {
                done.emit(Shown::default());
                return;
            };
            let shared = this.clone();
            let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let data = e.data().as_string().unwrap_or_default();
                if data != "ready" {
                    done.emit(decode(&data));
                    return;
                }
                let mut engine = shared.borrow_mut();
                engine.ready = true;
                let pending = engine.pending.take();
                if let (Some(worker), Some(text)) = (&engine.worker, pending) {
                    let _ = worker.post_message(&JsValue::from_str(&text));
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            // The worker lives as long as the page, and so does its listener.
            on_message.forget();
            engine.worker = Some(worker);
        }
        match (&engine.worker, engine.ready) {
            (Some(worker), true) => {
                let _ = worker.post_message(&JsValue::from_str(&text));
            }
            _ => engine.pending = Some(text),
        }
    }
}

/// The value of a `<textarea>` or `<input>`. Both have a `value` property, and web-sys's
/// getters read it structurally, so the input element's binding serves the text area too
/// (the crate's web-sys features include no HtmlTextAreaElement).
fn value_of(node: &NodeRef) -> String {
    node.get()
        .map(|n| n.unchecked_into::<HtmlInputElement>().value())
        .unwrap_or_default()
}

/// Text with `code` spans where the fix quotes a setting between backticks.
fn with_code(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part.to_string() }</code> }
            } else {
                html! { { part.to_string() } }
            }
        })
        .collect()
}

#[function_component]
pub fn Diagnose() -> Html {
    let field = use_node_ref();
    let result = use_state(|| None::<Rc<Shown>>);
    let busy = use_state(|| false);
    let engine = use_mut_ref(Engine::default);
    let user = use_state(String::new);
    let password = use_state(String::new);

    let run = {
        let (field, result, busy) = (field.clone(), result.clone(), busy.clone());
        Callback::from(move |_: MouseEvent| {
            busy.set(true);
            let (result, busy) = (result.clone(), busy.clone());
            let done = Callback::from(move |shown: Shown| {
                busy.set(false);
                result.set(Some(Rc::new(shown)));
            });
            Engine::ask(&engine, value_of(&field), done);
        })
    };
    let typed = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let (on_user, on_password) = (typed(&user), typed(&password));

    let finding = |(n, f): (usize, &ShownCause)| {
        let title = format!("diagnose-cause-{n}");
        let login_help = (f.id == "auth-failed").then(|| {
            let lines = login::auth_lines(&user, &password);
            html! {
                <div class="login-help">
                    <p>{ "The usual reasons:" }</p>
                    <ul>{ for login::USUAL_CAUSES.iter().map(|c| html! { <li>{ *c }</li> }) }</ul>
                    <p>{ "Build the login lines (nothing leaves this page):" }</p>
                    <label for="auth-user">{ "User name" }</label>
                    <input id="auth-user" type="text" autocomplete="off" spellcheck="false" oninput={on_user.clone()} />
                    <label for="auth-password">{ "Password" }</label>
                    <input id="auth-password" type="password" autocomplete="off" oninput={on_password.clone()} />
                    <pre class="auth-lines">{ format!("C: {}\nC: {}\nC: {}\nC: {}", lines.plain, lines.login[0], lines.login[1], lines.login[2]) }</pre>
                    <p class="auth-bytes">{ format!("Bytes: {}", lines.bytes.join(" ")) }</p>
                    <ul>{ for lines.warnings.iter().map(|w| html! { <li>{ *w }</li> }) }</ul>
                </div>
            }
        });
        html! {
            <li data-cause={f.id.clone()} aria-labelledby={title.clone()}>
                <h3 id={title.clone()}><code>{ f.id.clone() }</code></h3>
                <p>{ f.what.clone() }</p>
                <p class="fix"><strong>{ "Fix: " }</strong>{ with_code(&f.fix) }</p>
                { for login_help }
                <p class="source">
                    { format!("Source: {}", f.source) }
                    { for (!f.matched.is_empty()).then(|| format!(" · matched \u{201c}{}\u{201d}", f.matched)) }
                </p>
                <a href={format!("?{}", f.link)} aria-describedby={title}>{ "Show in the simulator" }</a>
            </li>
        }
    };

    let shown = result.as_ref().map(|d| {
        html! {
            <>
                { for d.truncated.then(|| html! { <p class="notice">{ "Only the first 64 KB were read." }</p> }) }
                { for (!d.connected.is_empty()).then(|| html! { <p class="connected">{ d.connected.clone() }</p> }) }
                { for (!d.program.is_empty()).then(|| html! { <p class="program">{ format!("Program: {}", d.program) }</p> }) }
                <ol class="causes">{ for d.causes.iter().enumerate().map(finding) }</ol>
            </>
        }
    });

    html! {
        <section class="diagnose" aria-labelledby="diagnose-title">
            <h2 id="diagnose-title">{ "Diagnose a sending error" }</h2>
            <p class="lab">{ "Paste the error your program printed, a log line or an SMTP transcript. It stays in this page: nothing is sent anywhere." }</p>
            <label for="diagnose-text">{ "Error message or transcript" }</label>
            <textarea id="diagnose-text" ref={field} rows="8" spellcheck="false" autocapitalize="off" autocomplete="off" />
            <button type="button" class="primary" onclick={run}>{ "Diagnose" }</button>
            <div class="diagnosis" role="status" aria-live="polite" aria-busy={(*busy).to_string()}>
                { for (*busy).then(|| html! { <p class="notice">{ "Diagnosing…" }</p> }) }
                { for shown }
            </div>
        </section>
    }
}
