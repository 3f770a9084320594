//! The port table and the setup below the first screen, as a module of their own: the page
//! imports it at the reader's first scroll or key (boot.js `smtpLoadNear`), and calls `mount`
//! again with its new state whenever that changes. A part already mounted is updated in place, so the
//! control the learner just changed keeps the keyboard focus.

#[cfg(target_arch = "wasm32")]
mod view {
    use std::cell::RefCell;

    use smtp_port_simulator::{view_module, SetupPart, SetupView, SetupViewProps};
    use yew::AppHandle;

    thread_local! {
        /// The part mounted in each element, by element id.
        static MOUNTED: RefCell<Vec<(String, AppHandle<SetupView>)>> = const { RefCell::new(Vec::new()) };
    }

    /// Shows `part` (`table` or `setup`) of the page's state `query` in the element `id`; the
    /// learner's choices go to the page (boot.js `smtpChoose`).
    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn mount(id: &str, part: &str, query: &str) {
        let Some(part) = SetupPart::from_name(part) else {
            return;
        };
        let props = SetupViewProps {
            part,
            query: query.to_string().into(),
        };
        MOUNTED.with(|m| {
            let mut mounted = m.borrow_mut();
            if let Some((_, app)) = mounted.iter_mut().find(|(root, _)| root == id) {
                app.update(props);
            } else if let Some(app) = view_module::mount::<SetupView>(id, props) {
                mounted.push((id.to_string(), app));
            }
        });
    }
}

/// Trunk builds this module without starting it: the page calls `mount` when it is needed.
fn main() {}
