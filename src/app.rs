//! The page: the port table, the setup, and either the walkthrough (controls, explanation,
//! diagram, transcript) or the console; or, embedded in an article, the compact layout. Its
//! effects are the named hooks of `hooks.rs`, its callbacks the `Intents`.

use smtp_sim::server::auth::{LAB_PASSWORD, LAB_USER};
use smtp_sim::{Journey, Outcome};
use yew::prelude::*;

use crate::components::{
    controls, diagram, explanation, notices, path_picker, port_table, stage, transcript,
};
use crate::embed;
use crate::hooks::{apply_theme, use_help_dialog, use_page_look, use_play_timer, use_url_sync};
use crate::intents::Intents;
use crate::lazy_view;
use crate::settings::{Part, Theme, View};
use crate::shortcuts::use_shortcuts;
use crate::state::Model;
use crate::ui::el::el;
use crate::ui::follow::use_follow;
use crate::url;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The state to start in, as a query string; none reads the address bar. The build-time
    /// renderer (src/bin/prerender.rs) gives the empty query: the default state.
    #[prop_or_default]
    pub query: Option<AttrValue>,
    /// Only what the first screen shows: the header and the stage. The build-time renderer
    /// draws this much; the rest (port table, setup, panels, footer) lies below the fold and
    /// arrives with the app, so the HTML stays small.
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
    use_help_dialog(&model);
    use_shortcuts(&model);
    embed::use_control(&model);
    use_play_timer(&model);
    // The scrolling boxes kept at their newest line: the diagram, the transcript, and the
    // compared port's transcript.
    let (own, other) = model.taken();
    let follow = [use_follow(own), use_follow(own), use_follow(other)];
    let (view, port) = (model.settings.view, model.settings.setup.port.number());
    lazy_view::use_view_module(lazy_view::CONSOLE, view == View::Console, port);
    lazy_view::use_view_module(lazy_view::DIAGNOSE, view == View::Diagnose, 0);
    lazy_view::use_panels_follow(lazy_view::panel_query(&model.settings));

    let body = match model.settings.view {
        View::Console => lazy_view::place(lazy_view::CONSOLE),
        View::Diagnose => lazy_view::place(lazy_view::DIAGNOSE),
        View::Walkthrough => walkthrough(&model, &on, &follow),
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
    if model.settings.embed {
        embedded(page)
    } else {
        full(page)
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

/// An article column: the simulator only, and a way out to the full page.
fn embedded(page: Page) -> Html {
    let settings = &page.model.settings;
    let height = stage::embed_height(settings.view, page.model.compared.is_some());
    embed::state_attrs(el("main"), page.model)
        .attr("id", "main")
        .class("embedded")
        // The frame height this state is laid out for (the snippet states the same).
        .attr("data-height", height.to_string())
        .child(
            el("div")
                .class("embed-bar")
                .maybe_child(
                    (settings.shows(Part::Ports) && !settings.port_locked())
                        .then(|| ports(page.model, page.on, true, false)),
                )
                .child(
                    el("a")
                        .attr("href", url::link(&page.model.settings, false))
                        .attr("target", "_blank")
                        .attr("rel", "noopener")
                        .text("Open full simulator"),
                ),
        )
        .child(page.notices)
        .child(page.body)
        .into()
}

/// The whole page: header, port table, setup, view switch, the view, the panels, footer.
fn full(page: Page) -> Html {
    let (model, on) = (page.model, page.on);
    let query = lazy_view::panel_query(&model.settings);
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
                .child(ports(model, on, false, false))
        }))
        .maybe_child(below.then(|| {
            path_picker::path_picker(&path_picker::Props {
                setup: model.settings.setup,
                compare: model.settings.compare,
                on_setup: on.setup.clone(),
                on_compare: on.compare.clone(),
            })
        }))
        .maybe_child(below.then(|| {
            el("div")
                .class("panels")
                .child(lazy_view::panel(lazy_view::TRY_IT, "panel try-it", "Try it for real", &query))
                .child(lazy_view::panel(lazy_view::SHARE, "panel share", "Embed this", &query))
        }));
    let footer = below.then(|| Html::from(el("footer").class("site").child(el("p").text("Replies, codes and capability lists come from recordings of Postfix 3.7.11 with Dovecot SASL. Addresses are documentation addresses (RFC 5737, RFC 3849); nothing here touches a real network."))));
    [header.into(), main.into(), footer.unwrap_or_default()]
        .into_iter()
        .collect()
}

/// The step-by-step journey as a stage: the heading and scenario banner (and, on the full page,
/// a compact port chooser), the controls, then the explanation, the diagram and the
/// transcript(s), each scrolling inside the stage so the newest line and arrow stay in view.
fn walkthrough(model: &UseReducerHandle<Model>, on: &Intents, follow: &[NodeRef; 3]) -> Html {
    let step = model.settings.taken;
    let (own, other_taken) = model.taken();
    let current = model.current_step().cloned();
    let narration = current
        .as_ref()
        .map(|s| format!("Step {step} of {}: {}.", model.total(), s.title))
        .unwrap_or_default();
    let port = model.settings.setup.port.number();
    let eavesdrop = model.settings.eavesdrop;
    let hiding = model.hiding_replies();
    let embedded = model.settings.embed;
    let compared = model.compared.as_ref().map(|c| {
        let other = &c.journey;
        let label = format!("Port {} transcript", other.setup.port.number());
        el("div")
            .class("compare-column")
            .child(el("h3").text(format!("Port {}", other.setup.port.number())))
            .child(transcript::transcript(&transcript::Props {
                journey: other.clone(),
                taken: other_taken,
                eavesdrop,
                hide_replies: false,
                label: label.into(),
                follow: follow[2].clone(),
            }))
            .maybe_child(outcome(other, other_taken))
    });
    // Comparing: what each port does at this row, in one line.
    let difference = model.compared.as_ref().and_then(|c| {
        let row = c.rows.rows.get(step.checked_sub(1)?)?;
        Some(stage::difference([
            (port, &model.journey, row.left, own),
            (
                c.journey.setup.port.number(),
                &c.journey,
                row.right,
                other_taken,
            ),
        ]))
    });
    let chooser = (!embedded).then(|| {
        el("div")
            .class("chooser")
            .child(el("span").attr("aria-hidden", "true").text("Port"))
            .child(ports(model, on, true, true))
            .child(
                el("a")
                    .attr("href", "#ports-title")
                    .text("All ports and settings"),
            )
    });
    let shows = |part: Part| model.settings.shows(part);
    let toolbar = el("div")
        .class("toolbar")
        .maybe_child(shows(Part::Controls).then(|| {
            controls::controls(&controls::Props {
                step,
                embed: model.settings.embed,
                predict: model.settings.predict,
                on_predict: on.predict.clone(),
                total: model.total(),
                playing: model.playing,
                on_restart: on.restart.clone(),
                on_previous: on.previous.clone(),
                on_play: on.play.clone(),
                on_next: on.next.clone(),
            })
        }))
        .child(
            el("button")
                .attr("type", "button")
                .attr("role", "switch")
                .class("switch")
                .state("aria-checked", eavesdrop)
                .on_click(&on.eavesdrop)
                .text("Eavesdropper view"),
        )
        // Not offered in a frame: a blog's page is not ours to fill.
        .maybe_child((!embedded).then(|| {
            el("button")
                .attr("type", "button")
                .class("presenter-toggle")
                .state("aria-pressed", model.settings.presenter)
                .on_click(&on.presenter)
                .text("Presenter mode")
        }));
    let section = el("section")
        .attr("aria-labelledby", "journey-title")
        .class("journey stage")
        .child(
            el("div")
                .class("stage-head")
                .child(
                    el("h2")
                        .attr("id", "journey-title")
                        .text(format!("The journey through port {port}")),
                )
                .child(stage::banner(&model.settings))
                .maybe_child(chooser),
        )
        .child(toolbar)
        .child(
            el("div")
                .class(if compared.is_some() {
                    "stage-body compare"
                } else {
                    "stage-body"
                })
                .maybe_child(shows(Part::Explanation).then(|| {
                    explanation::explanation(&explanation::Props {
                        step: current,
                        predicting: hiding,
                        difference,
                    })
                }))
                .maybe_child(shows(Part::Diagram).then(|| {
                    diagram::diagram(&diagram::Props {
                        journey: model.journey.clone(),
                        taken: own,
                        hide_replies: hiding,
                        eavesdrop,
                        follow: follow[0].clone(),
                    })
                }))
                .maybe_child(shows(Part::Transcript).then(|| {
                    el("div")
                        .class("transcripts")
                        .child(
                            el("div")
                                .class("compare-column")
                                .maybe_child(
                                    compared
                                        .is_some()
                                        .then(|| el("h3").text(format!("Port {port}"))),
                                )
                                .child(transcript::transcript(&transcript::Props {
                                    journey: model.journey.clone(),
                                    taken: own,
                                    eavesdrop,
                                    hide_replies: hiding,
                                    label: AttrValue::Static("SMTP transcript"),
                                    follow: follow[1].clone(),
                                }))
                                .maybe_child(outcome(&model.journey, own)),
                        )
                        .maybe_child(compared)
                })),
        )
        .child(
            el("p")
                .class("sr-only")
                .attr("aria-live", "polite")
                .attr("aria-atomic", "true")
                .text(narration),
        );
    let lab = el("p").class("lab").text(format!("Lab account used on the submission ports: {LAB_USER}, password \"{LAB_PASSWORD}\" (a test account on a lab server, not a real mailbox)."));
    [Html::from(section), lab.into()].into_iter().collect()
}

/// How the journey ended, once its last step is shown: in words, and as `data-outcome`.
fn outcome(journey: &Journey, taken: usize) -> Option<Html> {
    (taken == journey.steps.len()).then(|| {
        let outcome = journey.outcome;
        let bad = matches!(outcome, Outcome::SentExposed | Outcome::PasswordExposed);
        el("p")
            .class(if bad { "outcome bad" } else { "outcome" })
            .attr("data-outcome", outcome.name())
            .text(format!("Outcome: {}", outcome.words()))
            .into()
    })
}
