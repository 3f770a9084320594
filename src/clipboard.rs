//! Copying text for the learner, and saying whether it worked: the clipboard exists only in
//! secure contexts, and the browser may refuse. The text stays on screen to copy by hand.

use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::Callback;

pub fn copy(text: &str, done: Callback<bool>) {
    let Some(window) = web_sys::window() else {
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
    let promise = navigator.clipboard().write_text(text);
    spawn_local(async move { done.emit(JsFuture::from(promise).await.is_ok()) });
}
