//! Wasm DOM tests: run in headless Chromium by wasm-bindgen-test-runner (see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use smtp_port_simulator::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mount the app into a fresh div, let Yew's scheduler finish, and read the DOM.
#[wasm_bindgen_test]
async fn app_renders_heading() {
    let document = document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();

    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    let heading = root.query_selector("h1").unwrap().expect("an <h1>");
    assert_eq!(
        heading.text_content().as_deref(),
        Some("SMTP Port Simulator")
    );
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}
