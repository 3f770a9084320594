//! The whole page: the header with the view switch and theme, the stage (the walkthrough or
//! another view), then the port table, the setup, the panels and the footer. The port table and
//! the setup are a module of their own (src/bin/setup-view.rs), loaded at the first scroll.

use yew::prelude::*;

use super::Page;
use crate::embed;
use crate::settings::{Theme, View};
use crate::ui::el::el;
use crate::view_module;

/// The whole page: header, port table, setup, view switch, the view, the panels, footer.
pub(super) fn full(page: Page) -> Html {
    let (model, on) = (page.model, page.on);
    let query = view_module::panel_query(&model.settings);
    let view_button = |view: View, label: &'static str, onclick: &Callback<MouseEvent>| {
        el("button")
            .attr("type", "button")
            .state("aria-pressed", model.settings.view == view)
            .on_click(onclick)
            .text(label)
    };
    let theme = model.settings.theme;
    let theme_option = |value: &'static str, label: &'static str, this: Option<Theme>| {
        el("option")
            .attr("value", value)
            .flag("selected", theme == this)
            .text(label)
    };

    // The header is one short row, so that the stage below it fits the first screen.
    let header = el("header")
        .class("site")
        .child(el("h1").text("SMTP Port Simulator"))
        .child(
            el("div")
                .class("header-tools")
                .child(
                    el("div")
                        .class("views")
                        .attr("role", "group")
                        .attr("aria-label", "View")
                        .child(view_button(
                            View::Walkthrough,
                            "Walkthrough",
                            &on.walkthrough,
                        ))
                        .child(view_button(View::Console, "Console", &on.console))
                        .child(view_button(
                            View::Diagnose,
                            "Diagnose an error",
                            &on.diagnose,
                        )),
                )
                .child(
                    el("label").class("theme").text("Theme ").child(
                        el("select")
                            .on_change(&on.theme)
                            .attr("aria-label", "Colour theme")
                            .child(theme_option("system", "System", None))
                            .child(theme_option("light", "Light", Some(Theme::Light)))
                            .child(theme_option("dark", "Dark", Some(Theme::Dark))),
                    ),
                )
                .child(
                    el("button")
                        .attr("type", "button")
                        .on_click(&on.open_help)
                        .text("Keyboard shortcuts"),
                ),
        );
    // The stage (the walkthrough or the console) first; the full port table and the setup below.
    let below = !page.first_screen;
    let main = embed::state_attrs(el("main"), model)
        .attr("id", "main")
        .child(page.notices)
        .child(page.body)
        .maybe_child(below.then(|| {
            el("section")
                .attr("aria-labelledby", "ports-title")
                .class("ports-section")
                .child(el("h2").attr("id", "ports-title").text("Choose a port"))
                .child(el("p").class("lede").text("Pick a port and follow one email across the network: DNS, TCP, TLS, and every SMTP reply a real Postfix server gives."))
                .child(view_module::place(view_module::TABLE.0))
        }))
        .maybe_child(below.then(|| view_module::place(view_module::SETUP.0)))
        .maybe_child(below.then(|| {
            el("div")
                .class("panels")
                .child(view_module::panel(view_module::TRY_IT, "panel try-it", "Try it for real", &query))
                .child(view_module::panel(view_module::SHARE, "panel share", "Embed this", &query))
                .child(view_module::panel(view_module::STUDENTS, "panel students", "For the class: link and handout", &query))
        }));
    let footer = below.then(|| Html::from(el("footer").class("site").child(el("p").text("Replies, codes and capability lists come from recordings of Postfix 3.7.11 with Dovecot SASL. Addresses are documentation addresses (RFC 5737, RFC 3849); nothing here touches a real network."))));
    [header.into(), main.into(), footer.unwrap_or_default()]
        .into_iter()
        .collect()
}
