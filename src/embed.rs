//! Inside an iframe, tell the host page how tall the content is, so its optional host script can
//! size the iframe. Message: `{ type: "smtp-port-simulator:height", height: <CSS pixels> }`.

use wasm_bindgen::JsValue;

pub const MESSAGE_TYPE: &str = "smtp-port-simulator:height";

pub fn post_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    // Not framed: the parent is the window itself.
    if JsValue::from(&parent) == JsValue::from(&window) {
        return;
    }
    let Some(height) = window
        .document()
        .and_then(|d| d.document_element())
        .map(|e| e.scroll_height())
    else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &MESSAGE_TYPE.into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    // The height is not a secret; the host script checks the origin of what it receives.
    let _ = parent.post_message(&message, "*");
}
