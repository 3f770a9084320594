//! The Diagnose view as a module of its own: the page imports it when the learner opens the view
//! (boot.js `smtpLoadView`), so the diagnosis engine, its catalogue and this view are not part of
//! what every reader of the walkthrough downloads. It mounts its own small Yew app into the
//! element the page keeps for it.

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount(id: &str) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(root) = root {
        yew::Renderer::<smtp_port_simulator::Diagnose>::with_root(root).render();
    }
}

/// Trunk builds this module without starting it: the page calls `mount` when it is needed.
fn main() {}
