//! "Diagnose": paste what your program printed (or its mail settings), read the likely causes
//! (most likely first), the evidence each rests on, a safe fix in that program's words, and open
//! the journey that shows it at the failing step.
//!
//! This view is a module of its own (src/bin/diagnose-view.rs), loaded only when opened, so the
//! engine runs right here. The pasted text stays in the browser: it is read from the field when
//! Diagnose is pressed, never written to the URL, kept in the tab's sessionStorage only so that
//! "Show in the simulator" and Back find it again, and shown only as text (Yew escapes text
//! nodes; nothing here sets inner HTML). Each link is the page's query for the place the engine
//! names (`Shown`) on default settings, so `embed`, `theme` and the text stay out of it.

use std::rc::Rc;

use smtp_sim::teach::diagnose::{diagnose, login, Cause, Finding, Shown};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::settings::{Settings, View};

/// The value of a `<textarea>` or `<input>`. Both have a `value` property, and web-sys's
/// getters read it structurally, so the input element's binding serves the text area too
/// (the crate's web-sys features include no HtmlTextAreaElement).
fn value_of(node: &NodeRef) -> String {
    node.get()
        .map(|n| n.unchecked_into::<HtmlInputElement>().value())
        .unwrap_or_default()
}

/// Where the pasted text is kept for the tab's Back button (sessionStorage: this tab only,
/// gone when it closes).
const KEPT: &str = "smtp-sim-diagnose-text";

/// The tab's sessionStorage, through `js_sys` (no web-sys feature needed); `None` where the
/// browser refuses it (a sandboxed frame throws on access).
fn session() -> Option<JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &"sessionStorage".into())
        .ok()
        .filter(JsValue::is_object)
}

fn call(storage: &JsValue, method: &str, args: &[&JsValue]) -> Option<JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(storage, &method.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let args: js_sys::Array = args.iter().copied().collect();
    f.apply(storage, &args).ok()
}

fn kept() -> Option<String> {
    call(&session()?, "getItem", &[&KEPT.into()])?.as_string()
}

fn keep(text: &str) {
    if let Some(storage) = session() {
        let _ = call(&storage, "setItem", &[&KEPT.into(), &text.into()]);
    }
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
    // What was pasted before "Show in the simulator" and Back: shown again, diagnosed again.
    let result = use_state(|| {
        kept()
            .filter(|t| !t.trim().is_empty())
            .map(|t| Rc::new(diagnose(&t)))
    });
    {
        let field = field.clone();
        use_effect_with((), move |_| {
            if let (Some(text), Some(node)) = (kept(), field.get()) {
                node.unchecked_into::<HtmlInputElement>().set_value(&text);
            }
        });
    }
    let user = use_state(String::new);
    let password = use_state(String::new);

    // Nothing pasted yet: ask for it rather than report "no known cause".
    let blank = use_state(|| false);
    let run = {
        let (field, result, blank) = (field.clone(), result.clone(), blank.clone());
        Callback::from(move |_: MouseEvent| {
            let text = value_of(&field);
            let empty = text.trim().is_empty();
            keep(&text);
            blank.set(empty);
            result.set((!empty).then(|| Rc::new(diagnose(&text))));
        })
    };
    let typed = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let (on_user, on_password) = (typed(&user), typed(&password));

    let finding = |(n, f): (usize, &Finding)| {
        let title = format!("diagnose-cause-{n}");
        let known = f.shown != Shown::Nowhere;
        let login_help = (f.cause == Cause::AuthFailed).then(|| {
            let lines = login::auth_lines(&user, &password);
            // The lines only once there is something to encode.
            let typed = !user.is_empty() || !password.is_empty();
            html! {
                <div class="login-help">
                    <p>{ "The usual reasons:" }</p>
                    <ul>{ for login::USUAL_CAUSES.iter().map(|c| html! { <li>{ *c }</li> }) }</ul>
                    <p>{ "Build the login lines (nothing leaves this page):" }</p>
                    <label for="auth-user">{ "User name" }</label>
                    <input id="auth-user" type="text" autocomplete="off" spellcheck="false" oninput={on_user.clone()} />
                    <label for="auth-password">{ "Password" }</label>
                    <input id="auth-password" type="password" autocomplete="off" oninput={on_password.clone()} />
                    if typed {
                        <pre class="auth-lines">{ format!("C: {}\nC: {}\nC: {}\nC: {}", lines.plain, lines.login[0], lines.login[1], lines.login[2]) }</pre>
                        <p class="auth-bytes">{ format!("Bytes: {}", lines.bytes.join(" ")) }</p>
                        <ul>{ for lines.warnings.iter().map(|w| html! { <li>{ *w }</li> }) }</ul>
                    }
                </div>
            }
        });
        html! {
            <li data-cause={f.cause.id()} aria-labelledby={title.clone()}>
                <h3 id={title.clone()}>{ f.cause.title() }</h3>
                <p>{ f.what.clone() }</p>
                if !f.evidence.is_empty() {
                    <p class="evidence"><strong>{ "Evidence: " }</strong>{ with_code(&f.evidence) }</p>
                }
                <p class="fix"><strong>{ "Fix: " }</strong>{ with_code(&f.fix) }</p>
                { for login_help }
                // No known cause: no source to name and no failing step to show.
                { for known.then(|| html! { <>
                    <p class="source">{ format!("Source: {}", f.source) }</p>
                    <a href={href(f)} aria-describedby={title}>{ "Show in the simulator" }</a>
                </> }) }
            </li>
        }
    };

    let shown = result.as_ref().map(|d| {
        html! {
            <>
                { for d.truncated.then(|| html! { <p class="notice">{ "Only the first 64 KB were read." }</p> }) }
                { for d.connected().map(|line| html! { <p class="connected">{ line }</p> }) }
                { for d.program.map(|p| html! { <p class="program">{ format!("Program: {}", p.name()) }</p> }) }
                <ol class="causes">{ for d.findings.iter().enumerate().map(finding) }</ol>
            </>
        }
    });

    html! {
        <section class="diagnose" aria-labelledby="diagnose-title">
            <h2 id="diagnose-title">{ "Diagnose a sending error" }</h2>
            <p class="lab">{ "Paste the error your program printed, a log line, an SMTP transcript, or your program's mail settings (they are checked before anything fails). It stays in this browser tab: nothing is sent anywhere." }</p>
            <label for="diagnose-text">{ "Error message, transcript or settings" }</label>
            <textarea id="diagnose-text" ref={field} rows="8" spellcheck="false" autocapitalize="off" autocomplete="off" />
            <button type="button" class="primary" onclick={run}>{ "Diagnose" }</button>
            <div class="diagnosis" role="status" aria-live="polite">
                if *blank {
                    <p class="notice">{ "Paste an error message, a log line, a transcript or settings into the box first." }</p>
                }
                { for shown }
            </div>
        </section>
    }
}

/// The page's own link to where the simulator shows a finding: its journey at the failing step,
/// or the console.
fn href(f: &Finding) -> String {
    let (step, view) = match f.shown {
        Shown::Steps(n) => (n, View::Walkthrough),
        Shown::Console => (0, View::Console),
        Shown::Nowhere => (0, View::Walkthrough),
    };
    Settings {
        setup: f.setup,
        step,
        view,
        ..Settings::default()
    }
    .to_query()
}
