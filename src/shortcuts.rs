//! Keyboard shortcuts for teaching from the keyboard: Right/Left, J/K or a presenter clicker's
//! PageDown/PageUp step, Space plays or pauses, Home restarts, End jumps to the end, F toggles
//! presenter mode, ? shows the keys, Esc closes the keys or leaves presenter mode (as leaving
//! full screen does). They stay out of the way of text fields and of a button's Enter; Space
//! plays even on a focused button (a clicked port button is not pressed again), except in the
//! help dialog. Outside the walkthrough (console, Diagnose) only ? and Esc work.
//!
//! Embedded in an article (`embed=1`) the keys belong to the page: only →/← and J/K step;
//! Space, Home and End scroll the article as its reader expects (frame.js hands them to
//! embed.js, which scrolls the host page: a browser keeps keys inside a cross-site frame), F and
//! ? do nothing.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::settings::View;
use crate::state::{Action, Model};

/// What a key asks for. One table ([`KEYS`]) says which key does what: the app reads it here,
/// the build writes it into the drawn first screen's script (src/contract.rs) and the step
/// buttons name their key (`aria-keyshortcuts`), so a key is added in one place.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Key {
    Next,
    Previous,
    Play,
    Restart,
    End,
    Presenter,
    Help,
    Escape,
}

/// The keys, by `KeyboardEvent.key`; the help dialog in index.html lists the same ones.
pub const KEYS: [(&str, Key); 15] = [
    ("ArrowRight", Key::Next),
    ("j", Key::Next),
    ("J", Key::Next),
    ("PageDown", Key::Next),
    ("ArrowLeft", Key::Previous),
    ("k", Key::Previous),
    ("K", Key::Previous),
    ("PageUp", Key::Previous),
    (" ", Key::Play),
    ("Home", Key::Restart),
    ("End", Key::End),
    ("f", Key::Presenter),
    ("F", Key::Presenter),
    ("?", Key::Help),
    ("Escape", Key::Escape),
];

/// The first key of `what` in [`KEYS`]: the one a button names as its shortcut.
pub fn key_of(what: Key) -> &'static str {
    KEYS.iter()
        .find(|(_, k)| *k == what)
        .map_or("", |(key, _)| key)
}

/// What `key` does here: outside the walkthrough (console, Diagnose) only help and Escape, in
/// an embed only the steps (the rest belongs to the article).
fn action_for(key: &str, embed: bool, walkthrough: bool) -> Option<Action> {
    let (_, what) = KEYS.iter().find(|(k, _)| *k == key)?;
    // A clicker's keys page through the article around an embed.
    if embed && key.starts_with("Page") {
        return None;
    }
    Some(match what {
        Key::Next | Key::Previous if !walkthrough => return None,
        Key::Next => Action::Next,
        Key::Previous => Action::Previous,
        _ if embed => return None,
        Key::Help => Action::Help(None),
        Key::Escape => Action::Escape,
        _ if !walkthrough => return None,
        Key::Play => Action::TogglePlay,
        Key::Restart => Action::Restart,
        Key::End => Action::End,
        Key::Presenter => Action::TogglePresenter,
    })
}

/// Whether the key belongs to the focused element (typing, choosing, pressing a button).
fn owned_by_target(event: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    // Enter presses a button or follows a link; Space does too only inside a dialog.
    let activates = match event.key().as_str() {
        "Enter" => true,
        " " => el.closest("dialog").ok().flatten().is_some(),
        _ => false,
    };
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || (activates && matches!(tag.as_str(), "button" | "a" | "summary"))
        || el.has_attribute("contenteditable")
}

#[hook]
pub fn use_shortcuts(model: &UseReducerHandle<Model>) {
    let dispatcher = model.dispatcher();
    let embed = model.settings.embed;
    // While the help dialog is open, only ? and Escape (which close it) do anything.
    let help_open = use_mut_ref(|| false);
    *help_open.borrow_mut() = model.help;
    let walkthrough = use_mut_ref(|| true);
    *walkthrough.borrow_mut() = model.settings.view == View::Walkthrough;
    let leave = model.dispatcher();
    use_effect_with((), move |_| {
        let fullscreen = crate::ui::window().and_then(|w| w.document());
        let listener = crate::ui::window().map(|window| {
            // Not passive: the keys we handle must not also scroll the page.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&window, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if event.ctrl_key() || event.meta_key() || event.alt_key() || owned_by_target(event)
                {
                    return;
                }
                let key = event.key();
                if *help_open.borrow() && key != "?" && key != "Escape" {
                    return;
                }
                if let Some(action) = action_for(&key, embed, *walkthrough.borrow()) {
                    event.prevent_default();
                    dispatcher.dispatch(action);
                }
            })
        });
        // The browser's own Esc (or its control) leaves full screen: so does presenter mode.
        let left = fullscreen.map(|document| {
            let doc = document.clone();
            EventListener::new(&document, "fullscreenchange", move |_| {
                if doc.fullscreen_element().is_none() {
                    leave.dispatch(Action::FullscreenLeft);
                }
            })
        });
        move || drop((listener, left))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_an_embed_only_the_step_keys_are_taken() {
        for key in ["ArrowRight", "ArrowLeft", "j", "J", "k", "K"] {
            assert!(action_for(key, true, true).is_some(), "{key}");
        }
        for key in [
            " ", "Home", "End", "f", "F", "?", "Escape", "PageDown", "PageUp",
        ] {
            assert!(action_for(key, true, true).is_none(), "{key}");
        }
        for key in [" ", "Home", "End", "f", "?", "Escape", "PageDown", "PageUp"] {
            assert!(action_for(key, false, true).is_some(), "{key}");
        }
    }

    #[test]
    fn outside_the_walkthrough_only_help_and_escape_are_taken() {
        for key in ["ArrowRight", "j", " ", "Home", "End", "f", "F"] {
            assert!(action_for(key, false, false).is_none(), "{key}");
        }
        for key in ["?", "Escape"] {
            assert!(action_for(key, false, false).is_some(), "{key}");
        }
    }
}
