//! Plumbing of the view that is not a part of the page: the element builder, the hook that
//! keeps a scrolling box on the current step (or its newest line), and the one way to the
//! browser window.

pub mod el;
pub mod follow;

/// The browser window; none when the page is drawn natively at build time
/// (src/bin/prerender.rs), where web-sys calls would panic.
pub fn window() -> Option<web_sys::Window> {
    if cfg!(target_family = "wasm") {
        web_sys::window()
    } else {
        None
    }
}
