//! Inside an iframe, tell the host page how tall the content is, so its optional host script can
//! size the iframe. Message: `{ type: "smtp-port-simulator:height", height: <CSS pixels> }`.
//! Sent after renders and whenever the content changes size (a narrower frame reflows it).

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

pub const MESSAGE_TYPE: &str = "smtp-port-simulator:height";

/// The parent window, when the page is framed.
fn parent() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    (JsValue::from(&parent) != JsValue::from(&window)).then_some(parent)
}

pub fn post_height() {
    let Some(parent) = parent() else { return };
    // Where the content ends (the document's height would never shrink below the frame).
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let body = document
        .body()
        .map_or(0.0, |b| f64::from(b.offset_height()));
    let main = document
        .query_selector("main")
        .ok()
        .flatten()
        .map_or(0.0, |m| {
            m.get_bounding_client_rect().bottom() + window.scroll_y().unwrap_or(0.0)
        });
    let height = body.max(main).ceil();
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &MESSAGE_TYPE.into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    // The height is not a secret; the host script checks the origin of what it receives.
    let _ = parent.post_message(&message, "*");
}

/// Posts the height again whenever the body changes size. Set up once, for the page's lifetime.
pub fn watch_height() {
    if parent().is_none() {
        return;
    }
    let Some(body) = web_sys::window()
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
