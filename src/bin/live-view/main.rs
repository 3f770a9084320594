//! The live view (`?view=live&lab=http://127.0.0.1:2580`) as a page of its own: boot.js
//! imports this module instead of the walkthrough's app when the link asks for it, so a class
//! watching the lab does not download the walkthrough, and the walkthrough does not download
//! this. Starting, it links the views' style sheet, applies `theme=`, and draws the page into
//! `#app` (where the walkthrough's first screen, hidden for a link with a query, was drawn at
//! build time).
//!
//! Its code lives here, not in the library beside the Diagnose and console views: any code added
//! to the library moves where its shared string constants land in the walkthrough's wasm, which
//! then compresses worse (86 bytes of brotli, over the arriving budget), although the walkthrough
//! uses none of it. From the library it takes the element builder, the follow-scroll hook and the
//! transcript's badge.

mod lab;
mod page;
mod record;
mod sessions;
mod view;

/// Runs when boot.js starts the module (`default()`).
fn main() {
    // Natively (cargo test) there is no window, and it does nothing.
    page::start();
}
