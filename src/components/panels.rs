//! The bodies of the "Try it for real", "Embed this" and "Link for students" panels, for the module that carries them
//! (src/bin/panels-view.rs): the page loads it when a panel is first opened, so their commands,
//! snippets and copy buttons are not part of the walkthrough's download. Each body reads the
//! page's state from its link and keeps what was copied to itself.

use yew::prelude::*;

use super::{share, students, try_it};
use crate::clipboard::{copy, Copied};
use crate::settings::Settings;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    TryIt,
    Share,
    Students,
}

impl Panel {
    pub fn from_name(name: &str) -> Option<Panel> {
        match name {
            "try-it" => Some(Panel::TryIt),
            "share" => Some(Panel::Share),
            "students" => Some(Panel::Students),
            _ => None,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub panel: Panel,
    /// The page's query string: the state the commands and snippets are for.
    pub query: String,
}

#[function_component]
pub fn PanelBody(props: &Props) -> Html {
    let settings = Settings::from_query(&props.query).0;
    let copied = use_state(|| None::<(Copied, bool)>);
    let on_copy = {
        let copied = copied.clone();
        Callback::from(move |(what, text): (Copied, String)| {
            let copied = copied.clone();
            copy(
                &text,
                Callback::from(move |ok| copied.set(Some((what, ok)))),
            );
        })
    };
    match props.panel {
        Panel::TryIt => try_it::body(&try_it::Props {
            setup: settings.setup,
            copied: *copied,
            on_copy,
        }),
        Panel::Share => html! { <share::Builder {settings} copied={*copied} {on_copy} /> },
        Panel::Students => {
            html! { <students::Students {settings} copied={*copied} {on_copy} /> }
        }
    }
}
