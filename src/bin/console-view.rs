//! The console view as a module of its own: the page imports it when the learner opens the
//! console (boot.js `smtpLoadView`), and mounts it again, on a fresh connection, when the
//! learner chooses another port.

#[cfg(target_arch = "wasm32")]
mod view {
    use std::cell::RefCell;

    use smtp_port_simulator::{view_module, ConsoleView, ConsoleViewProps};
    use smtp_sim::Port;
    use yew::AppHandle;

    thread_local! {
        static MOUNTED: RefCell<Option<AppHandle<ConsoleView>>> = const { RefCell::new(None) };
    }

    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn mount(id: &str, port: u16) {
        let Some(port) = Port::from_number(port) else {
            return;
        };
        let Some(app) = view_module::mount::<ConsoleView>(id, ConsoleViewProps { port }) else {
            return;
        };
        MOUNTED.with(|m| {
            if let Some(old) = m.borrow_mut().replace(app) {
                old.destroy();
            }
        });
    }
}

/// Trunk builds this module without starting it: the page calls `mount` when it is needed.
fn main() {}
