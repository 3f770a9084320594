//! The page's layouts, one job each: the full page (`full`), an article's frame (`embedded`),
//! and the walkthrough's stage that both show (`walkthrough`). `App` picks the layout; its
//! effects are the named hooks of `hooks.rs`, its callbacks the `Intents`.

mod embedded;
mod full;
mod walkthrough;

use yew::prelude::*;

use crate::components::{notices, port_table};
use crate::hooks::{apply_theme, use_help_dialog, use_page_look, use_play_timer, use_url_sync};
use crate::intents::Intents;
use crate::settings::View;
use crate::shortcuts::use_shortcuts;
use crate::state::Model;
use crate::ui::follow::use_follow;
use crate::url;
use crate::view_module;

pub use embedded::embed_height;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The state to start in, as a query string; none reads the address bar. The build-time
    /// renderer (src/bin/prerender.rs) gives the empty query: the default state.
    #[prop_or_default]
    pub query: Option<AttrValue>,
    /// Only what the first screen shows: the header and the stage. The build-time renderer
    /// draws this much; the rest (port table, setup, panels, footer) lies below the fold and
    /// arrives with the app (the port table and the setup with a module of their own, at the
    /// reader's first scroll), so the HTML stays small.
    #[prop_or_default]
    pub first_screen: bool,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let model = use_reducer(|| {
        let query = props
            .query
            .as_deref()
            .map_or_else(url::read_query, str::to_owned);
        let model = Model::from_query(&query);
        // Before the first paint, so a forced theme never flashes the other one.
        apply_theme(model.settings.theme);
        model
    });
    let on = {
        let model = model.clone();
        use_memo((), move |_| Intents::new(&model))
    };
    use_url_sync(&model.settings);
    use_page_look(model.settings.theme, model.settings.presenter);
    use_help_dialog(model.help);
    use_shortcuts(&model);
    use_play_timer(&model);
    // The scrolling boxes kept on the current step: the diagram, the transcript, and the
    // compared port's transcript. Again after anything that moves their lines: a step, the
    // replies revealed, presenter mode's type (not the eavesdropper's view: a reader switching
    // it keeps the place they scrolled to, e2e/diagram.test.mjs).
    let s = &model.settings;
    let key = s.step << 3 | usize::from(model.revealed) << 2 | usize::from(s.presenter) << 1;
    let follow = [use_follow(key), use_follow(key), use_follow(key)];
    view_module::use_modules(&model);

    let body = match model.settings.view {
        View::Console => view_module::place(view_module::CONSOLE),
        View::Diagnose => view_module::place(view_module::DIAGNOSE),
        View::Walkthrough => walkthrough::walkthrough(&model, &on, &follow),
    };
    let notices = notices::notices(&notices::Props {
        notices: model.notices.clone(),
        on_dismiss: on.dismiss.clone(),
    });
    let page = Page {
        model: &model,
        on: &on,
        notices,
        body,
        first_screen: props.first_screen,
    };
    if crate::EMBED && model.settings.embed {
        embedded::embedded(page)
    } else {
        full::full(page)
    }
}

/// What both layouts show: the notices, and the walkthrough or another view.
struct Page<'a> {
    model: &'a Model,
    on: &'a Intents,
    notices: Html,
    body: Html,
    first_screen: bool,
}

/// The port table, as a row of buttons (`compact`, with the numbers alone when `short`) or the
/// full table.
fn ports(model: &Model, on: &Intents, compact: bool, short: bool) -> Html {
    port_table::port_table(&port_table::Props {
        selected: model.settings.setup.port,
        on_choose: on.choose.clone(),
        compact,
        short,
    })
}
