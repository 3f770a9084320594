//! The console view as a module of its own: the page imports it when the learner opens the
//! console (boot.js `smtpLoadView`), and mounts it again, on a fresh connection, when the
//! learner chooses another port.

#[cfg(target_arch = "wasm32")]
mod view {
    use std::cell::RefCell;

    use smtp_port_simulator::{Terminal, TerminalProps};
    use smtp_sim::Port;
    use yew::AppHandle;

    thread_local! {
        static MOUNTED: RefCell<Option<AppHandle<Terminal>>> = const { RefCell::new(None) };
    }

    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn mount(id: &str, port: u16) {
        let root = smtp_port_simulator::ui::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id));
        let (Some(root), Some(port)) = (root, Port::from_number(port)) else {
            return;
        };
        let props = TerminalProps { port };
        let app = yew::Renderer::<Terminal>::with_root_and_props(root, props).render();
        MOUNTED.with(|m| {
            if let Some(old) = m.borrow_mut().replace(app) {
                old.destroy();
            }
        });
    }
}

/// Trunk builds this module without starting it: the page calls `mount` when it is needed.
fn main() {}
