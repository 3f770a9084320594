//! The browser side of deep links: read `location.search`, write it back with
//! `history.replaceState` (no new history entry per step). Parsing lives in `smtp_sim::settings`.

pub fn read_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

pub fn write_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if window.location().search().ok().as_deref() == Some(query) {
        return;
    }
    if let Ok(history) = window.history() {
        // A failure here (e.g. a sandboxed iframe) only loses the shareable link, not the state.
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query));
    }
}
