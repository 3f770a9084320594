//! The port table ("Choose a port") and the setup ("Where you send from"…), for the module that
//! carries them (src/bin/setup-view.rs): both lie below the first screen, so the page loads that
//! module only at the reader's first scroll or key. The page hands over its state as a query string and
//! takes the learner's choices back through boot.js's `smtpChoose(kind, value)`, the app's
//! `choose` (web/CONTRACT.md).

use smtp_sim::{Port, Setup};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::{path_picker, port_table};
use crate::settings::Settings;

/// Which of the two parts an element shows.
#[derive(Clone, Copy, PartialEq)]
pub enum Part {
    /// The full port table, inside the page's "Choose a port" section.
    Table,
    /// The setup's controls, after that section.
    Setup,
}

impl Part {
    pub fn from_name(name: &str) -> Option<Part> {
        match name {
            "table" => Some(Part::Table),
            "setup" => Some(Part::Setup),
            _ => None,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub part: Part,
    /// The page's state (`Settings::to_query`).
    pub query: AttrValue,
}

fn number(port: Port) -> String {
    port.number().to_string()
}

/// A callback that hands the page a choice: `kind`, and the value it makes of its argument
/// (`view_module::choose` lists them). A page without `smtpChoose` (a test harness) takes none.
fn send<T: 'static>(kind: &'static str, value: impl Fn(T) -> String + 'static) -> Callback<T> {
    Callback::from(move |chosen: T| {
        let choose = crate::ui::window()
            .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("smtpChoose")).ok())
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(choose) = choose {
            let (kind, value) = (JsValue::from_str(kind), JsValue::from_str(&value(chosen)));
            let _ = choose.call2(&JsValue::NULL, &kind, &value);
        }
    })
}

#[function_component]
pub fn SetupView(props: &Props) -> Html {
    let (settings, _) = Settings::from_query(&props.query);
    match props.part {
        Part::Table => port_table::port_table(&port_table::Props {
            selected: settings.setup.port,
            on_choose: send("port", number),
            compact: false,
            short: false,
        }),
        Part::Setup => path_picker::path_picker(&path_picker::Props {
            setup: settings.setup,
            compare: settings.compare,
            on_setup: send("setup", |setup: Setup| {
                Settings {
                    setup,
                    ..Settings::default()
                }
                .to_query()
            }),
            on_compare: send("compare", |port: Option<Port>| {
                port.map_or_else(String::new, number)
            }),
        }),
    }
}
