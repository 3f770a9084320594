//! Inside an iframe: the widget's side of the embed kit (`embed.js` is the host's side).
//!
//! To the parent, posted to any origin (nothing here is secret; the host checks our origin):
//! - `{ type: "smtp-port-simulator:height", height }`: the content's height in CSS pixels, once
//!   per change (after a render, or when a narrower column reflows it);
//! - `{ type: "smtp-port-simulator:step", port, step, total, outcome }` after each step change
//!   (`outcome` is the journey's outcome name once its last step is shown, else `null`);
//! - `{ type: "smtp-port-simulator:scroll", key, shift }`: a scrolling key (Space, Home, End,
//!   Page Up/Down, ↑/↓) pressed in the widget, for the host to scroll its page (a browser does
//!   not pass them out of a cross-site frame). Only once embed.js has said hello.
//!
//! From the parent window only (`event.source` is our parent; anything else is ignored):
//! - `{ type: "smtp-port-simulator:host", theme: "light" | "dark" | null }`: the host sizes the
//!   frame (so the page stops scrolling itself, which would reflow it narrower and taller) and,
//!   with a theme, matches its colour scheme;
//! - `{ type: "smtp-port-simulator:control", action: "next" | "previous" | "goto", step }`.
//!
//! Data is read with `js_sys::Reflect`, not serde: this code is in every reader's download.

use std::cell::Cell;

use gloo_events::EventListener;
use js_sys::Reflect;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::hooks::apply_theme;
use crate::settings::Theme;
use crate::state::{Action, Model};

pub const MESSAGE_TYPE: &str = "smtp-port-simulator:height";
const STEP: &str = "smtp-port-simulator:step";
const HOST: &str = "smtp-port-simulator:host";
const CONTROL: &str = "smtp-port-simulator:control";

thread_local! {
    /// The height last posted, so that each change is posted once.
    static POSTED: Cell<f64> = const { Cell::new(-1.0) };
    /// embed.js hosts this frame: it sizes it and scrolls its page for it.
    static HOSTED: Cell<bool> = const { Cell::new(false) };
}

/// Hands a scrolling key to embed.js, which scrolls the host page; false when it is not one,
/// or no embed.js hosts the frame (then the frame scrolls itself, as any iframe does).
pub fn forward_scroll(key: &str, shift: bool) -> bool {
    let scrolls = matches!(
        key,
        " " | "Home" | "End" | "PageUp" | "PageDown" | "ArrowUp" | "ArrowDown"
    );
    let Some(parent) = parent().filter(|_| scrolls && HOSTED.get()) else {
        return false;
    };
    post(
        &parent,
        &[
            ("type", "smtp-port-simulator:scroll".into()),
            ("key", key.into()),
            ("shift", shift.into()),
        ],
    );
    true
}

/// The parent window, when the page is framed.
fn parent() -> Option<web_sys::Window> {
    let window = crate::ui::window()?;
    let parent = window.parent().ok()??;
    (JsValue::from(&parent) != JsValue::from(&window)).then_some(parent)
}

fn post(parent: &web_sys::Window, fields: &[(&str, JsValue)]) {
    let message = js_sys::Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&message, &(*key).into(), value);
    }
    let _ = parent.post_message(&message, "*");
}

pub fn post_height() {
    let Some(parent) = parent() else { return };
    let Some(body) = crate::ui::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    // The body is a flow root without margins: its box is the content, however tall the frame.
    let height = body.get_bounding_client_rect().height().ceil();
    if POSTED.with(|p| p.replace(height)) == height {
        return;
    }
    post(
        &parent,
        &[("type", MESSAGE_TYPE.into()), ("height", height.into())],
    );
}

/// Posts the height again whenever the body changes size. Set up once, for the page's lifetime.
pub fn watch_height() {
    if parent().is_none() {
        return;
    }
    let Some(body) = crate::ui::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let callback = Closure::<dyn FnMut()>::new(post_height);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&body);
        // Both live as long as the page.
        callback.forget();
        std::mem::forget(observer);
    }
}

fn field(data: &JsValue, key: &str) -> JsValue {
    Reflect::get(data, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// What a message from the parent asks for.
fn read(data: &JsValue) -> Option<Action> {
    let action = field(data, "action").as_string();
    match (field(data, "type").as_string()?.as_str(), action.as_deref()) {
        (HOST, _) => {
            HOSTED.set(true);
            // The host sizes the frame: no scrollbar of our own (set through the CSSOM,
            // which a style-src CSP allows).
            if let Some(root) = crate::ui::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let style = field(&root, "style");
                let _ = Reflect::set(&style, &"overflow".into(), &"hidden".into());
            }
            match field(data, "theme").as_string().as_deref() {
                Some("light") => apply_theme(Some(Theme::Light)),
                Some("dark") => apply_theme(Some(Theme::Dark)),
                _ => {}
            }
            None
        }
        (CONTROL, Some("next")) => Some(Action::Next),
        (CONTROL, Some("previous")) => Some(Action::Previous),
        (CONTROL, Some("goto")) => {
            let step = field(data, "step").as_f64().filter(|s| *s >= 0.0)?;
            Some(Action::Goto(step as usize))
        }
        _ => None,
    }
}

/// The page-to-widget API of an embed: step events out, theme and step control in.
#[hook]
pub fn use_embed_api(model: &UseReducerHandle<Model>) {
    let port = model.settings.setup.port.number();
    let (step, total) = (model.settings.taken, model.total());
    let own = model.taken().0;
    let outcome = (own == model.journey.steps.len()).then(|| model.journey.outcome.name());
    use_effect_with(
        (port, step, total, outcome),
        |&(port, step, total, outcome)| {
            if let Some(parent) = parent() {
                post(
                    &parent,
                    &[
                        ("type", STEP.into()),
                        ("port", port.into()),
                        ("step", step.into()),
                        ("total", total.into()),
                        ("outcome", outcome.map_or(JsValue::NULL, JsValue::from)),
                    ],
                );
            }
        },
    );
    let dispatcher = model.dispatcher();
    use_effect_with((), move |_| {
        let listener = parent().map(|parent| {
            let parent = JsValue::from(parent);
            let window = crate::ui::window().expect("framed, so a window");
            EventListener::new(&window, "message", move |event| {
                let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                    return;
                };
                if event.source().map(JsValue::from).as_ref() != Some(&parent) {
                    return;
                }
                if let Some(action) = read(&event.data()) {
                    dispatcher.dispatch(action);
                }
            })
        });
        move || drop(listener)
    });
}
