//! The browser side of deep links: read `location.search`, write it back with
//! `history.replaceState` (no new history entry per step), and build links to this page.
//! Parsing lives in `crate::settings`.

use crate::settings::Settings;

pub fn read_query() -> String {
    crate::ui::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

pub fn write_query(query: &str) {
    let Some(window) = crate::ui::window() else {
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

/// A link to this page in the state `settings` describes, as the full page or (`embed`) the
/// compact layout for an iframe. Works from any sub-path: the origin and path are this page's.
pub fn link(settings: &Settings, embed: bool) -> String {
    let query = Settings {
        embed,
        ..settings.clone()
    }
    .to_query();
    let location = crate::ui::window().map(|w| w.location());
    let origin = location
        .as_ref()
        .and_then(|l| l.origin().ok())
        .unwrap_or_default();
    let path = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    format!("{origin}{path}{query}")
}
