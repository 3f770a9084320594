//! The page's effects, one named hook each: the address bar, the theme and presenter mode on
//! `<html>`, the Play timer and the help dialog. `App` calls them; none of them renders anything.

use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::settings::{Settings, Theme};
use crate::state::{Action, Model};
use crate::url;

/// Time between steps while playing.
const PLAY_INTERVAL_MS: u32 = 1400;
/// The address bar catches up once the learner pauses this long: `history.replaceState` costs
/// the browser a few milliseconds a call (and Chrome ignores floods of it).
const URL_DELAY_MS: u32 = 250;

fn root_element() -> Option<web_sys::Element> {
    crate::ui::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
}

/// A forced theme as `data-theme` on `<html>`; none follows the OS preference.
pub fn apply_theme(theme: Option<Theme>) {
    let Some(root) = root_element() else { return };
    let _ = match theme {
        Some(Theme::Light) => root.set_attribute("data-theme", "light"),
        Some(Theme::Dark) => root.set_attribute("data-theme", "dark"),
        None => root.remove_attribute("data-theme"),
    };
}

/// Presenter mode: large type via a class on <html>, and full screen where the browser allows
/// (`enlarge`: only after a press; a link with `present=1` gets the large type alone, since the
/// browser refuses full screen without one).
fn apply_presenter(on: bool, enlarge: bool) {
    let Some(root) = root_element() else { return };
    let _ = root.class_list().toggle_with_force("presenter", on);
    let document = crate::ui::window().and_then(|w| w.document());
    match (on, document) {
        // Inside an iframe without allow="fullscreen" the large type alone has to do.
        (true, Some(d))
            if enlarge && d.fullscreen_enabled() && d.fullscreen_element().is_none() =>
        {
            let _ = root.request_fullscreen();
        }
        (false, Some(d)) if d.fullscreen_element().is_some() => d.exit_fullscreen(),
        _ => {}
    }
}

/// The theme and presenter mode, kept on `<html>`.
#[hook]
pub fn use_page_look(theme: Option<Theme>, presenter: bool) {
    use_effect_with(theme, |theme| apply_theme(*theme));
    // `bool::default`, as the other flags: one initialiser, one copy of the hook in the wasm.
    let pressed = use_mut_ref(bool::default);
    use_effect_with(presenter, move |on| {
        apply_presenter(*on, pressed.replace(true));
    });
}

/// The address bar follows the settings, `URL_DELAY_MS` after the last change.
#[hook]
pub fn use_url_sync(settings: &Settings) {
    use_effect_with(settings.to_query(), |query| {
        let query = query.clone();
        let timer = Timeout::new(URL_DELAY_MS, move || url::write_query(&query));
        move || drop(timer)
    });
}

/// While playing, a step every `PLAY_INTERVAL_MS`.
#[hook]
pub fn use_play_timer(model: &UseReducerHandle<Model>) {
    let dispatcher = model.dispatcher();
    use_effect_with(model.playing, move |playing| {
        let timer = playing
            .then(|| Interval::new(PLAY_INTERVAL_MS, move || dispatcher.dispatch(Action::Tick)));
        move || drop(timer)
    });
}

/// The keyboard help is a native modal `<dialog id="help">` in index.html: it opens and closes
/// with the state, and the state follows when the browser closes it (Close, Escape:
/// `help_closed`). The browser moves the focus to Close, keeps it inside, and gives it back on
/// closing.
#[hook]
pub fn use_help_dialog(open: bool) {
    use_effect_with(open, |&open| {
        let Some(dialog) = help_dialog() else { return };
        if open && !dialog.open() {
            let _ = dialog.show_modal();
        } else if !open && dialog.open() {
            dialog.close();
        }
    });
}

/// The state follows when the browser closes the help dialog. Made in the keyboard's effect
/// (`shortcuts::use_shortcuts`), which lasts as long as the app: an effect of its own cost the
/// wasm about 0.2 KB brotli.
pub fn help_closed(dispatcher: UseReducerDispatcher<Model>) -> Option<EventListener> {
    help_dialog().map(|dialog| {
        let target = dialog.clone();
        EventListener::new(&target, "close", move |_| {
            // The event comes in a task of its own: a busy page may open the dialog again
            // before it arrives, and then it is stale.
            if !dialog.open() {
                dispatcher.dispatch(Action::Help(Some(false)));
            }
        })
    })
}

fn help_dialog() -> Option<web_sys::HtmlDialogElement> {
    crate::ui::window()?
        .document()?
        .get_element_by_id("help")?
        .dyn_into()
        .ok()
}
