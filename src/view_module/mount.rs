//! The module's side: how a view module (src/bin/*-view.rs) mounts itself into the
//! element the page keeps for it.
//!
//! A module is a Yew app of its own, inside the page's app. Each app numbers its event subtrees
//! from 1 (Yew's `NEXT_ROOT_ID`) and marks elements and events with them in shared DOM
//! properties (`__yew_subtree_id`); with equal numbers the page's app takes a click in the module
//! for its own and runs one of its own handlers instead (it opened the keyboard help). So before
//! its first mount a module spends a number on an app that is never attached: its subtrees start
//! at 2, and the page's app has only its root, 1.

use std::cell::Cell;

use yew::prelude::*;
use yew::AppHandle;

#[function_component]
fn Nothing() -> Html {
    Html::default()
}

thread_local! {
    static SEPARATE: Cell<bool> = const { Cell::new(false) };
}

/// Mounts `C` with `props` into the element with id `id`; none when there is no such element.
pub fn mount<C: BaseComponent>(id: &str, props: C::Properties) -> Option<AppHandle<C>> {
    let document = crate::ui::window()?.document()?;
    let root = document.get_element_by_id(id)?;
    if !SEPARATE.replace(true) {
        if let Ok(detached) = document.create_element("div") {
            yew::Renderer::<Nothing>::with_root(detached)
                .render()
                .destroy();
        }
    }
    Some(yew::Renderer::<C>::with_root_and_props(root, props).render())
}
