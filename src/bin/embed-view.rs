//! The simulator in an article's frame (`embed=1`): the app built with the `embed` feature,
//! which lays every step out up front so the frame keeps one height (src/pages/embedded.rs).
//! boot.js starts this module instead of the app there, so the page's own download carries
//! none of the embedded layout.

/// Runs when boot.js starts the module (`default()`).
fn main() {
    smtp_port_simulator::start();
}

/// The embedding page's next/previous/goto, handed on by frame.js (see src/embed.rs).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn control(action: &str, step: f64) {
    smtp_port_simulator::control(action, step);
}
