//! Keeps a scrolling box at its newest content whenever `length` changes (transcripts, the
//! diagram, the console log).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[hook]
pub fn use_follow(length: usize) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(length, move |_| {
            // In the next frame, where the browser lays the page out anyway: scrolling right
            // after the render would force a synchronous layout on every step. Past the end on
            // purpose: the browser clamps it, so scrollHeight need not be read.
            let scroll = Closure::once_into_js(move || {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    el.set_scroll_top(i32::MAX);
                }
            });
            if let Some(window) = crate::ui::window() {
                let _ = window.request_animation_frame(scroll.unchecked_ref());
            }
        });
    }
    node
}
