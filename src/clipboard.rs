//! Copying text for the learner. The promise is not awaited: if the browser refuses (no secure
//! context, no permission), the text is still on screen to copy by hand.

pub fn copy(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}
