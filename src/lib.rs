//! The web view of SMTP Port Simulator: renders the `smtp-sim` model and sends it the learner's
//! intents. No protocol decision is made here. The app lives in the library so that the wasm
//! DOM tests in tests/ can mount its components.

mod clipboard;
mod components;
/// The vocabularies written into the page's JavaScript at build time (src/bin/prerender.rs).
#[cfg(any(test, feature = "prerender"))]
pub mod contract;
mod embed;
mod hooks;
mod intents;
mod pages;
mod settings;
mod shortcuts;
mod state;
/// Public for the DOM tests (tests/el.rs compares the element builder with `html!`).
pub mod ui;
mod url;

/// Built as the article's frame (src/bin/embed-view.rs, the `embed` feature): only then is the
/// embedded layout there; the page's own module leaves it out.
const EMBED: bool = cfg!(feature = "embed");
/// Public for the view modules in src/bin/.
pub mod view_module;

/// The plaintext/TLS badge with its padlock, for the live view (src/bin/live-view/).
pub use components::badge::badge;
/// The views that are modules of their own (src/bin/diagnose-view.rs, src/bin/console-view.rs).
pub use components::panels::{Panel, PanelBody, Props as PanelProps};
pub use components::{ConsoleView, ConsoleViewProps, Diagnose};
/// frame.js's way in (exported by src/main.rs).
pub use embed::control;
pub use pages::{App, AppProps};
pub use state::{Action, Model};

/// Replaces the first view drawn at build time in `#app` (what readers see before the wasm
/// arrives, and without JavaScript) with the running app.
pub fn start() {
    // Replaces Yew's default hook (which only logs to the console).
    yew::set_custom_panic_hook(Box::new(|_| show_crash_notice()));
    let document = crate::ui::window().and_then(|w| w.document());
    match document.as_ref().and_then(|d| d.get_element_by_id("app")) {
        Some(root) => {
            // The first view drawn at build time (src/bin/prerender.rs) goes (Yew empties its
            // root on mounting); the app draws the same nodes in this frame's microtasks,
            // before the browser paints again.
            let _ = root.remove_attribute("data-prerendered");
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

/// A calm message instead of a dead page if the app ever panics.
fn show_crash_notice() {
    let Some(document) = crate::ui::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(notice), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    notice.set_class_name("crash");
    let _ = notice.set_attribute("role", "alert");
    notice.set_text_content(Some(
        "Something went wrong in the simulator. Reload the page to start again; your link keeps your place.",
    ));
    let _ = body.prepend_with_node_1(&notice);
}

#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
