//! Parts of the page that are modules of their own, loaded only when opened: the Diagnose view
//! (src/bin/diagnose-view.rs), the console (src/bin/console-view.rs), the bodies of the
//! "Try it for real", "Embed this" and "Link for students" panels (src/bin/panels-view.rs), and the port table and
//! the setup below the first screen (src/bin/setup-view.rs), at the reader's first scroll. The
//! page keeps an empty element for each and asks boot.js to import the module, which mounts
//! itself there.

use std::cell::Cell;

use smtp_sim::Port;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::settings::{Settings, View};
use crate::state::{Action, Model};
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

/// Comparing two ports: each port's own step explained, and the summary at the end.
pub const COMPARE: Module = Module {
    name: "compare-view",
    root: "compare-root",
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

pub const STUDENTS: (Module, &str) = (
    Module {
        name: "panels-view",
        root: "students-root",
    },
    "students",
);

/// A part of the port table and setup module, and the part's name for the module.
pub const TABLE: (Module, &str) = (
    Module {
        name: "setup-view",
        root: "ports-root",
    },
    "table",
);

pub const SETUP: (Module, &str) = (
    Module {
        name: "setup-view",
        root: "setup-root",
    },
    "setup",
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

/// The same, unseen while `hidden` (the element stays, and what the module drew in it).
pub fn place_hidden(module: Module, hidden: bool) -> Html {
    el("div")
        .attr("id", module.root)
        .flag("hidden", hidden)
        .into()
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

thread_local! {
    /// The view last loaded in the stage, with the port the console was loaded for.
    static STAGED: Cell<(View, u16)> = const { Cell::new((View::Walkthrough, 0)) };
}

/// The modules follow the state, in one effect: the console (for its port) or the Diagnose
/// view is loaded when it opens, or when the console's port changes; panels already opened
/// are mounted again; the port table and the setup are given the state (boot.js loads their
/// module at the reader's first scroll or key, and keeps the latest state until then; a layout
/// without their elements loads nothing). Their choices come back through `choose`.
#[hook]
pub fn use_modules(model: &UseReducerHandle<Model>) {
    let view = model.settings.view;
    let port = model.settings.setup.port.number();
    let comparing = model.compared.is_some() && view == View::Walkthrough && !model.settings.embed;
    use_effect_with(panel_query(&model.settings), move |query| {
        let staged = (view, if view == View::Console { port } else { 0 });
        if STAGED.replace(staged) != staged {
            match view {
                View::Console => load(CONSOLE, &[JsValue::from(port)]),
                View::Diagnose => load(DIAGNOSE, &[]),
                View::Walkthrough => {}
            }
        }
        // Comparing on the page (not in a frame, which draws the notes itself).
        if comparing {
            load(COMPARE, &[JsValue::from_str(query)]);
        }
        for (module, name) in [TRY_IT, SHARE, STUDENTS] {
            if mounted(module) {
                load(module, &[JsValue::from_str(name), JsValue::from_str(query)]);
            }
        }
        for (module, part) in [TABLE, SETUP] {
            let args = [JsValue::from_str(part), JsValue::from_str(query)];
            call("smtpLoadNear", module, &args);
        }
    });
}

/// A choice in the port table or the setup (src/bin/setup-view.rs, through boot.js's
/// `smtpChoose`): `port` and a port number, `compare` and a port number or nothing, `setup` and
/// the setup's link parameters. Anything else does nothing.
pub fn choose(kind: &str, value: &str) {
    let port = value.parse().ok().and_then(Port::from_number);
    let action = match (kind, port) {
        ("port", Some(port)) => Action::ChoosePort(port),
        ("compare", _) => Action::SetCompare(port),
        ("setup", _) => Action::SetSetup(Settings::from_query(value).0.setup),
        _ => return,
    };
    crate::intents::dispatch(action);
}

/// Opens the panel `name` (and loads its body) as a press on its summary would: a link that
/// leads to a panel should not land on a closed box.
pub fn open_panel(name: &str) {
    let summary = crate::ui::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(name))
        .filter(|details| !details.has_attribute("open"))
        .and_then(|details| details.query_selector("summary").ok().flatten())
        .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(summary) = summary {
        summary.click();
    }
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
    call("smtpLoadView", module, args);
}

/// boot.js's `loader(name, root, ...args)`.
fn call(loader: &str, module: Module, args: &[JsValue]) {
    let Some(window) = crate::ui::window() else {
        return;
    };
    let loader = js_sys::Reflect::get(&window, &JsValue::from_str(loader))
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
