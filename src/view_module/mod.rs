//! Views that are WebAssembly modules of their own, loaded only when opened (the Diagnose view,
//! the console, the bodies of the "Try it for real" and "Embed this" panels; the port table and
//! the setup below the first screen, at the first scroll): the page's side
//! (`load`: the element kept for each, and boot.js asked to import it) and the module's side
//! (`mount`: how a module mounts itself there). web/CONTRACT.md lists what crosses.

mod load;
mod mount;

pub use load::*;
pub use mount::mount;
