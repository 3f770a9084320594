//! The "Try it for real", "Embed this" and "Link for students" panels' bodies as a module of
//! their own: the page imports it when a panel is first opened (boot.js `smtpLoadView`), and
//! mounts a body again when the state it describes changes.

#[cfg(target_arch = "wasm32")]
mod view {
    use std::cell::RefCell;

    use smtp_port_simulator::{view_module, Panel, PanelBody, PanelProps};
    use yew::AppHandle;

    thread_local! {
        /// The body mounted in each panel's element, by element id.
        static MOUNTED: RefCell<Vec<(String, AppHandle<PanelBody>)>> = const { RefCell::new(Vec::new()) };
    }

    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn mount(id: &str, panel: &str, query: &str) {
        let Some(panel) = Panel::from_name(panel) else {
            return;
        };
        let props = PanelProps {
            panel,
            query: query.to_string(),
        };
        let Some(app) = view_module::mount::<PanelBody>(id, props) else {
            return;
        };
        MOUNTED.with(|m| {
            let mut mounted = m.borrow_mut();
            if let Some(at) = mounted.iter().position(|(root, _)| root == id) {
                let (_, old) = mounted.remove(at);
                old.destroy();
            }
            mounted.push((id.to_string(), app));
        });
    }
}

/// Trunk builds this module without starting it: the page calls `mount` when it is needed.
fn main() {}
