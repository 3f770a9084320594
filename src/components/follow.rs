//! Keeps a scrolling box at its newest content whenever `length` changes (transcripts, the
//! diagram, the console log).

use yew::prelude::*;

#[hook]
pub fn use_follow(length: usize) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(length, move |_| {
            // Past the end on purpose: the browser clamps it, and not reading scrollHeight spares
            // a forced layout on every step.
            if let Some(el) = node.cast::<web_sys::Element>() {
                el.set_scroll_top(i32::MAX);
            }
        });
    }
    node
}
