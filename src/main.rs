//! The app's entry point: `main` starts it when boot.js initialises the module; the exported
//! functions are the page's handles into the app (web/CONTRACT.md).
fn main() {
    smtp_port_simulator::start();
}

/// The embedding page's next/previous/goto, handed on by frame.js (see src/embed.rs).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn control(action: &str, step: f64) {
    smtp_port_simulator::control(action, step);
}

/// A choice in the port table or the setup, from their module (see src/view_module/load.rs).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn choose(kind: &str, value: &str) {
    smtp_port_simulator::view_module::choose(kind, value);
}
