//! Keeps a scrolling box on what is new whenever `key` changes: the current step's first line
//! (`.current`: the client's command) at its top, the whole step when it fits (the browser stops
//! at the end of the box), in the transcripts and the diagram; with no step current (the
//! console, a compared port with nothing at this step), its newest line. When the window's size
//! changes, the browser's scroll anchoring keeps a transcript's line at the top in place; the
//! diagram's drawing scales with a new width and follows at the next step (a resize listener of
//! our own cost the download 0.2 KB).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// Scrolls `scroller` itself, never the page: in a box that does not scroll (an article's frame,
/// print) it does nothing.
fn show(scroller: &Element) {
    let current = scroller.query_selector(".current").ok().flatten();
    // Measured from the box's last child (the list, or the drawing under the diagram's sticky
    // lane names), which scrolls with the lines: what is above it stays in view.
    let top = match (current, scroller.last_element_child()) {
        (Some(line), Some(list)) => {
            let top = line.get_bounding_client_rect().top() - list.get_bounding_client_rect().top();
            top as i32
        }
        // Past the end on purpose: the browser clamps it, so scrollHeight need not be read.
        _ => i32::MAX,
    };
    scroller.set_scroll_top(top);
}

#[hook]
pub fn use_follow(key: usize) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(key, move |_| {
            let follow = move || {
                if let Some(el) = node.cast::<Element>() {
                    show(&el);
                }
            };
            // In the next frame, where the browser lays the page out anyway: scrolling right
            // after the render would force a synchronous layout on every step.
            let frame = Closure::once_into_js(follow);
            if let Some(window) = crate::ui::window() {
                let _ = window.request_animation_frame(frame.unchecked_ref());
            }
        });
    }
    node
}
