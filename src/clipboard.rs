//! Copying text for the learner, and saying whether it worked: the clipboard exists only in
//! secure contexts, and the browser may refuse. The text stays on screen to copy by hand.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

#[wasm_bindgen]
extern "C" {
    /// A promise, seen only through `then(onFulfilled, onRejected)` with plain JS functions.
    type Settling;
    #[wasm_bindgen(method)]
    fn then(this: &Settling, fulfilled: &JsValue, rejected: &JsValue);
}

/// Things the page offers to copy (in the "Try it for real" and "Embed this" panels).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Copied {
    /// The n-th "Try it for real" command.
    Command(usize),
    EmbedCode,
    Link,
}

pub fn copy(text: &str, done: Callback<bool>) {
    let Some(window) = crate::ui::window() else {
        done.emit(false);
        return;
    };
    let navigator = window.navigator();
    // Absent outside secure contexts (and in some embedded browsers).
    let available = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !available {
        done.emit(false);
        return;
    }
    // The promise's own `then`, not a Rust future: an executor for one callback would cost more
    // WebAssembly than the rest of this file.
    let failed = done.clone();
    let promise = navigator.clipboard().write_text(text);
    promise.unchecked_ref::<Settling>().then(
        &Closure::once_into_js(move || done.emit(true)),
        &Closure::once_into_js(move || failed.emit(false)),
    );
}
