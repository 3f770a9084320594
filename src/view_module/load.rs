//! Parts of the page that are modules of their own, loaded only when opened: the Diagnose view
//! (src/bin/diagnose-view.rs), the console (src/bin/console-view.rs) and the bodies of the
//! "Try it for real" and "Embed this" panels (src/bin/panels-view.rs). The page keeps an empty
//! element for each and asks boot.js to import the module, which mounts itself there.

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::settings::Settings;
use crate::ui::el::el;

/// A module, and the element it mounts into.
#[derive(Clone, Copy, PartialEq)]
pub struct Module {
    name: &'static str,
    root: &'static str,
}

pub const DIAGNOSE: Module = Module {
    name: "diagnose-view",
    root: "diagnose-root",
};

pub const CONSOLE: Module = Module {
    name: "console-view",
    root: "console-root",
};

/// A panel's body, and the panel's name for the module.
pub const TRY_IT: (Module, &str) = (
    Module {
        name: "panels-view",
        root: "try-it-root",
    },
    "try-it",
);

pub const SHARE: (Module, &str) = (
    Module {
        name: "panels-view",
        root: "share-root",
    },
    "share",
);

/// The state the panels describe: the page's, without its own look (theme, embed).
pub fn panel_query(settings: &Settings) -> String {
    Settings {
        theme: None,
        embed: false,
        ..settings.clone()
    }
    .to_query()
}

/// The place of a view in the page.
pub fn place(module: Module) -> Html {
    el("div").attr("id", module.root).into()
}

/// Loads and mounts a view whenever it opens or `arg` changes (the module is fetched once).
#[hook]
pub fn use_view_module(module: Module, open: bool, arg: u16) {
    use_effect_with((open, arg), move |&(open, arg)| {
        if open {
            load(module, &[JsValue::from(arg)]);
        }
    });
}

/// A disclosure whose body is loaded the first time it is opened, for the state `query`.
pub fn panel(
    (module, name): (Module, &'static str),
    class: &'static str,
    summary: &'static str,
    query: &str,
) -> Html {
    let query = query.to_string();
    let open = Callback::from(move |_: MouseEvent| {
        if !mounted(module) {
            load(
                module,
                &[JsValue::from_str(name), JsValue::from_str(&query)],
            );
        }
    });
    // Its name is its id: a link can lead to it (the walkthrough's "Embed in an article").
    el("details")
        .attr("id", name)
        .class(class)
        .child(el("summary").on_click(&open).text(summary))
        .child(place(module))
        .into()
}

/// Panels already opened follow the state: their bodies are mounted again when it changes.
#[hook]
pub fn use_panels_follow(query: String) {
    use_effect_with(query, |query| {
        for (module, name) in [TRY_IT, SHARE] {
            if mounted(module) {
                load(module, &[JsValue::from_str(name), JsValue::from_str(query)]);
            }
        }
    });
}

/// The module has drawn into its element.
fn mounted(module: Module) -> bool {
    crate::ui::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(module.root))
        .is_some_and(|e| e.child_element_count() > 0)
}

/// boot.js's `smtpLoadView(name, root, ...args)`; a page without it (a test harness) shows
/// nothing.
fn load(module: Module, args: &[JsValue]) {
    let Some(window) = crate::ui::window() else {
        return;
    };
    let loader = js_sys::Reflect::get(&window, &JsValue::from_str("smtpLoadView"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(loader) = loader {
        let all = js_sys::Array::of2(
            &JsValue::from_str(module.name),
            &JsValue::from_str(module.root),
        );
        for arg in args {
            all.push(arg);
        }
        let _ = loader.apply(&JsValue::NULL, &all);
    }
}
