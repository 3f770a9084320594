//! The live view (`?view=live&lab=http://127.0.0.1:2580`, src/components/live/) as a page of its
//! own: boot.js imports this module instead of the walkthrough's app when the link asks for it,
//! so a class watching the lab downloads neither the walkthrough nor this view's code unless it
//! is opened, and the walkthrough's download does not grow. Starting, it links the views' style
//! sheet, applies `theme=`, and draws the page into `#app` (where the walkthrough's first screen,
//! hidden for a link with a query, was drawn at build time).

/// Runs when boot.js starts the module (`default()`).
fn main() {
    #[cfg(target_arch = "wasm32")]
    smtp_port_simulator::start_live();
}
