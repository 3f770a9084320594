//! The Diagnose view as a module of its own: the page imports it when the learner opens the view
//! (boot.js `smtpLoadView`), so the diagnosis engine, its catalogue and this view are not part of
//! what every reader of the walkthrough downloads. It mounts its own small Yew app into the
//! element the page keeps for it, each time the view opens.

#[cfg(target_arch = "wasm32")]
mod view {
    use std::cell::RefCell;

    use smtp_port_simulator::{view_module, Diagnose};
    use yew::AppHandle;

    thread_local! {
        static MOUNTED: RefCell<Option<AppHandle<Diagnose>>> = const { RefCell::new(None) };
    }

    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn mount(id: &str) {
        if let Some(app) = view_module::mount::<Diagnose>(id, ()) {
            MOUNTED.with(|m| {
                if let Some(old) = m.borrow_mut().replace(app) {
                    old.destroy();
                }
            });
        }
    }
}

/// Trunk builds this module without starting it: the page calls `mount` when it is needed.
fn main() {}
