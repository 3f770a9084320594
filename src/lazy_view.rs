//! Views that are modules of their own (Diagnose: src/bin/diagnose-view.rs), loaded only when
//! opened: the page keeps an empty element for the view and asks boot.js to import the module,
//! which mounts itself there.

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::ui::el::el;

/// The element the Diagnose module mounts into.
const DIAGNOSE_ROOT: &str = "diagnose-root";

/// The place of the Diagnose view in the page.
pub fn diagnose_root() -> Html {
    el("div").attr("id", DIAGNOSE_ROOT).into()
}

/// Loads and mounts the Diagnose module each time the view opens (the module is fetched once).
#[hook]
pub fn use_diagnose_view(open: bool) {
    use_effect_with(open, |open| {
        if *open {
            load("diagnose-view", DIAGNOSE_ROOT);
        }
    });
}

/// boot.js's `smtpLoadView(name, root)`; a page without it (a test harness) simply shows nothing.
fn load(name: &str, root: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let loader = js_sys::Reflect::get(&window, &JsValue::from_str("smtpLoadView"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(loader) = loader {
        let _ = loader.call2(
            &JsValue::NULL,
            &JsValue::from_str(name),
            &JsValue::from_str(root),
        );
    }
}
