//! Comparing two ports, each port's own step explained and the summary at the end, as a module
//! of its own: the page imports it when a comparison is first shown (boot.js `smtpLoadView`)
//! and calls `mount` again with its new state at every step. The notes are updated in place;
//! an element the page drew anew (the comparison turned off and on) gets them mounted afresh.

#[cfg(target_arch = "wasm32")]
mod view {
    use std::cell::RefCell;

    use smtp_port_simulator::{view_module, CompareNotes, CompareNotesProps};
    use yew::AppHandle;

    thread_local! {
        /// The notes mounted, and the element they are in.
        static MOUNTED: RefCell<Option<(web_sys::Element, AppHandle<CompareNotes>)>> =
            const { RefCell::new(None) };
    }

    /// Shows the notes for the page's state `query` in the element `id`.
    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn mount(id: &str, query: &str) {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id));
        let Some(root) = root else {
            return;
        };
        let props = CompareNotesProps {
            query: query.to_string().into(),
        };
        MOUNTED.with(|m| {
            let mut mounted = m.borrow_mut();
            match mounted.as_mut() {
                Some((element, app)) if *element == root => app.update(props),
                _ => {
                    if let Some((_, old)) = mounted.take() {
                        old.destroy();
                    }
                    if let Some(app) = view_module::mount::<CompareNotes>(id, props) {
                        *mounted = Some((root, app));
                    }
                }
            }
        });
    }
}

/// Trunk builds this module without starting it: the page calls `mount` when it is needed.
fn main() {}
