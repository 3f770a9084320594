//! Views that are modules of their own (Diagnose: src/bin/diagnose-view.rs; the console:
//! src/bin/console-view.rs), loaded only when opened: the page keeps an empty element for the
//! view and asks boot.js to import the module, which mounts itself there.

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::ui::el::el;

/// A view module: its file name, and the element it mounts into.
#[derive(Clone, Copy, PartialEq)]
pub struct Module {
    name: &'static str,
    root: &'static str,
}

pub const DIAGNOSE: Module = Module {
    name: "diagnose-view",
    root: "diagnose-root",
};

pub const CONSOLE: Module = Module {
    name: "console-view",
    root: "console-root",
};

/// The place of the view in the page.
pub fn place(module: Module) -> Html {
    el("div").attr("id", module.root).into()
}

/// Loads and mounts `module` whenever it opens or `arg` changes (the module is fetched once).
#[hook]
pub fn use_view_module(module: Module, open: bool, arg: u16) {
    use_effect_with((open, arg), move |&(open, arg)| {
        if open {
            load(module, arg);
        }
    });
}

/// boot.js's `smtpLoadView(name, root, arg)`; a page without it (a test harness) shows nothing.
fn load(module: Module, arg: u16) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let loader = js_sys::Reflect::get(&window, &JsValue::from_str("smtpLoadView"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(loader) = loader {
        let _ = loader.call3(
            &JsValue::NULL,
            &JsValue::from_str(module.name),
            &JsValue::from_str(module.root),
            &JsValue::from(arg),
        );
    }
}
