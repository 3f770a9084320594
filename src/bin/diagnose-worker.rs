//! The diagnosis engine as a Web Worker: the page starts it when the learner first asks for a
//! diagnosis, so its code and catalogue are downloaded by those who use it, not by every reader
//! of the walkthrough. Text in, `smtp_sim::teach::diagnose::wire` text out; "ready" once it
//! listens.

#[cfg(target_arch = "wasm32")]
fn main() {
    use smtp_sim::teach::diagnose::{diagnose, wire};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let answer = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let text = e.data().as_string().unwrap_or_default();
        let _ = answer.post_message(&JsValue::from_str(&wire::encode(&diagnose(&text))));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The page's worker lives as long as the page.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// Built natively only so that the workspace builds and lints as one.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
