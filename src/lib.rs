//! The web view of SMTP Port Simulator: renders the `smtp-sim` model and sends it the learner's
//! intents. No protocol decision is made here. The app lives in the library so that the wasm
//! DOM tests in tests/ can mount its components.
//!
//! ```text
//! settings/      the page's state as a URL: the model's Setup plus the page's own parameters
//! state.rs       one reducer (Model, Action)
//! pages/         the full page, the embedded layout, the walkthrough stage
//! components/    one page part each (port table, path picker, diagram, transcript, panels, ...)
//! hooks.rs       the effects: URL, theme, Play timer, the help dialog
//! intents.rs     the callbacks the components send
//! url.rs         reading the address, building links; embed.rs: what frame.js reads and calls
//! contract.rs    the vocabularies written into web/*.js at build time (web/CONTRACT.md)
//! view_module/   views that are wasm modules of their own, loaded when opened
//! ui/            the element builder, the follow-scroll hook, the one way to the window
//! bin/           those modules (console, Diagnose, panels, setup, live view), embed-view.rs
//!                (the app in an article's frame) and prerender.rs, which draws the first
//!                screen at build time
//! ```
//!
//! # Design notes (where this departs from `../shared/design/`)
//!
//! - The journey's link parameters are read and written by the model's `Setup` (tested
//!   natively); the page's own (view, theme, embed, compare, step) by `settings/`, also tested
//!   natively; `url.rs` only reads `location.search` and calls `history.replaceState`.
//! - Buttons at a limit (Next at the last step) use `aria-disabled` instead of `disabled`, so
//!   keyboard focus is never dropped.
//! - Components only where they earn their keep (own state, or skipping re-renders: the console
//!   and the per-step part of the transcript and the diagram, `components/steps.rs`); the rest of
//!   the page is plain functions. An optional child always keeps its place (`maybe_child`),
//!   because Yew matches unkeyed children from the end of the list.
//! - One dialect per kind of thing: plain elements are built with `el()` (`ui/el.rs`), which
//!   costs every reader fewer bytes than `html!`; form fields (whose value `html!` manages) and
//!   components are written with `html!`. The builder uses only Yew's public API, Yew is pinned
//!   to `=0.23.0`, and `tests/el.rs` renders the same elements both ways and compares the DOM,
//!   so an upgrade that changes either fails a test.
//! - Views other than the walkthrough are modules of their own (`bin/diagnose-view.rs` with the
//!   diagnosis engine, `bin/console-view.rs`, `bin/panels-view.rs`, `bin/live-view/`), built by
//!   Trunk beside the app and imported by `boot.js` only when opened (`view_module/`); each
//!   mounts its own small Yew app into the element the page keeps for it. A reader of the
//!   walkthrough never downloads them (`bench/latest.md` has the sizes); the design notes'
//!   single app would have put them in the first view's budget.
//! - The full port table ("Choose a port") and the setup ("Where you send from", firewall, TLS
//!   setting, attacker, comparison) lie below the first screen and are a module too
//!   (`bin/setup-view.rs`, `components/setup_view.rs`): the page keeps the section's heading and
//!   an empty element for each part; `boot.js` (`smtpLoadNear`) imports the module at the
//!   reader's first scroll or key (so Tab and find-in-page reach it), or once a part is on
//!   screen, but not on arriving (the section starts just below the first screen, so a margin
//!   would fetch it at once). The page hands it its state at each change (it updates its parts
//!   in place, keeping the focus); choices come back through `boot.js`'s `smtpChoose`, the
//!   app's `choose` export. The stage's own port chooser stays in the app.
//! - Comparing two ports, the explanation's notes (the difference line, each port's own step
//!   explained, the summary of what differed at the last row) are a module too
//!   (`bin/compare-view.rs`, `components/compare_notes.rs`), loaded when a comparison is shown
//!   and handed the page's state at every step. An article's frame keeps the difference line
//!   alone above the row's step (every row laid out up front, two explanations a row would
//!   make a phone's frame taller than the page allows). Inline they cost the page's own download about 3 KB brotli (1.4 KB of it the summary,
//!   which runs the journeys again under each attacker); the page keeps only the element and
//!   the call. Careful: `EMBED && deck` inside a closure, not a `deck` captured from outside
//!   it, or the inline branch stays in the page's wasm.
//! - An article's frame runs the app built a second time, with the `embed` feature
//!   (`bin/embed-view.rs`, `data-cargo-features="embed"` in `index.html`): `EMBED` is a
//!   compile-time constant, so the embedded layout (every step laid out up front: the decks in
//!   `pages/walkthrough.rs`, `components/transcript.rs` and `components/diagram.rs`) is only in
//!   that module, and the page's own wasm is about 0.4 KB smaller for it. `boot.js` starts it,
//!   with `embed.css`, when the address has `embed=1`.
//! - The first screen is in the HTML. `bin/prerender.rs` renders the app natively with Yew's
//!   server renderer (feature `prerender`) for the default state and only what the first screen
//!   shows, and a Trunk `post_build` hook writes it into `dist/index.html`. The app does not
//!   hydrate it (Yew's `hydration` feature cost more bytes than it saves); it replaces it with
//!   identical nodes within one frame, once the browser has recorded the drawing's paint
//!   (`boot.js`); `e2e/firstview.test.mjs` compares markup, text and boxes and finds no layout
//!   shift. A link with a query hides the drawing before the body is parsed (`boot-first.js`).
//! - The drawing's walkthrough steps before the app runs: the same program draws every later
//!   step of the default journey (step 1 into `drawing.js`, all into `steps.js`), and a press
//!   before the app has started is answered from them (`boot.js` imports `drawing.js` then);
//!   the focused button and the live region carry over, and the app goes on from `?step=k`.
//!   None of it is in the arriving download.
//! - The keyboard help is a native modal `<dialog>` in `index.html`: the browser keeps the focus
//!   in it, closes it on Escape and gives the focus back.

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
/// The views that are modules of their own (src/bin/diagnose-view.rs, console-view.rs,
/// panels-view.rs, setup-view.rs).
pub use components::panels::{Panel, PanelBody, Props as PanelProps};
pub use components::{CompareNotes, CompareNotesProps, ConsoleView, ConsoleViewProps, Diagnose};
pub use components::{SetupPart, SetupView, SetupViewProps};
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
