//! The page: the port table, the setup, and either the walkthrough (controls, explanation,
//! diagram, transcript) or the console. Keeps the URL and the theme in step with the state.

use crate::settings::{Theme, View};
use gloo_timers::callback::{Interval, Timeout};
use smtp_sim::server::auth::{LAB_PASSWORD, LAB_USER};
use smtp_sim::{Block, ClientTls, Network, Port};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::clipboard::copy;
use crate::components::{
    controls, explanation, help, notices, page_url, path_picker, port_table, share, try_it,
    Console, Diagram, Transcript,
};
use crate::embed::{post_height, watch_height};
use crate::shortcuts::use_shortcuts;
use crate::state::{Action, Copied, Model};
use crate::ui::el::el;
use crate::url;

/// Time between steps while playing.
const PLAY_INTERVAL_MS: u32 = 1400;
/// The address bar catches up once the learner pauses this long: `history.replaceState` costs
/// the browser a few milliseconds a call (and Chrome ignores floods of it).
const URL_DELAY_MS: u32 = 250;

fn root_element() -> Option<web_sys::Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
}

fn apply_theme(theme: Option<Theme>) {
    let Some(root) = root_element() else { return };
    let _ = match theme {
        Some(Theme::Light) => root.set_attribute("data-theme", "light"),
        Some(Theme::Dark) => root.set_attribute("data-theme", "dark"),
        None => root.remove_attribute("data-theme"),
    };
}

/// Presenter mode: large type via a class on <html>, and full screen where the browser allows.
fn apply_presenter(on: bool) {
    let Some(root) = root_element() else { return };
    let _ = root.class_list().toggle_with_force("presenter", on);
    let document = web_sys::window().and_then(|w| w.document());
    match (on, document) {
        // Inside an iframe without allow="fullscreen" the large type alone has to do.
        (true, Some(d)) if d.fullscreen_enabled() && d.fullscreen_element().is_none() => {
            let _ = root.request_fullscreen();
        }
        (false, Some(d)) if d.fullscreen_element().is_some() => d.exit_fullscreen(),
        _ => {}
    }
}

/// The help dialog opens with the focus on its Close button, so Escape, Enter or Space leave
/// it; on closing, the focus goes back where it was (the button or the page that opened it).
/// Returns what had the focus before.
fn move_help_focus(
    open: bool,
    before: Option<web_sys::HtmlElement>,
) -> Option<web_sys::HtmlElement> {
    let document = web_sys::window().and_then(|w| w.document())?;
    if !open {
        if let Some(element) = before {
            let _ = element.focus();
        }
        return None;
    }
    let previous = document
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let close = document
        .get_element_by_id(help::CLOSE_ID)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(close) = close {
        let _ = close.focus();
    }
    previous
}

/// A callback that turns its argument into an action for the model.
fn intent<T: 'static>(
    model: &UseReducerHandle<Model>,
    to_action: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let dispatcher = model.dispatcher();
    Callback::from(move |value| dispatcher.dispatch(to_action(value)))
}

/// A callback that sends the same action whatever its argument. One closure type serves every
/// button, where a closure per button would each add its own code to the WebAssembly.
fn fixed<T: 'static>(model: &UseReducerHandle<Model>, action: Action) -> Callback<T> {
    let dispatcher = model.dispatcher();
    Callback::from(move |_| dispatcher.dispatch(action.clone()))
}

/// Every callback of the page, made once: a child whose data did not change skips re-rendering,
/// and no listener is replaced when the learner steps.
struct Intents {
    theme: Callback<Event>,
    walkthrough: Callback<MouseEvent>,
    console: Callback<MouseEvent>,
    presenter: Callback<MouseEvent>,
    open_help: Callback<MouseEvent>,
    eavesdrop: Callback<MouseEvent>,
    choose: Callback<Port>,
    network: Callback<Network>,
    block: Callback<Option<Block>>,
    client: Callback<Option<ClientTls>>,
    compare: Callback<Option<Port>>,
    send: Callback<String>,
    reconnect: Callback<()>,
    dismiss: Callback<()>,
    close_help: Callback<MouseEvent>,
    trap_tab: Callback<KeyboardEvent>,
    restart: Callback<MouseEvent>,
    previous: Callback<MouseEvent>,
    play: Callback<MouseEvent>,
    next: Callback<MouseEvent>,
    predict: Callback<MouseEvent>,
    /// Puts the text on the clipboard, then records whether that worked.
    copy: Callback<(Copied, String)>,
}

impl Intents {
    fn new(model: &UseReducerHandle<Model>) -> Self {
        Intents {
            theme: intent(model, |e: Event| {
                let value = e
                    .target_dyn_into::<web_sys::HtmlSelectElement>()
                    .map(|s| s.value())
                    .unwrap_or_default();
                Action::SetTheme(match value.as_str() {
                    "light" => Some(Theme::Light),
                    "dark" => Some(Theme::Dark),
                    _ => None,
                })
            }),
            walkthrough: fixed(model, Action::SetView(View::Walkthrough)),
            console: fixed(model, Action::SetView(View::Console)),
            presenter: fixed(model, Action::TogglePresenter),
            open_help: fixed(model, Action::Help(Some(true))),
            eavesdrop: fixed(model, Action::ToggleEavesdrop),
            choose: intent(model, Action::ChoosePort),
            network: intent(model, Action::SetNetwork),
            block: intent(model, Action::SetBlock),
            client: intent(model, Action::SetClient),
            compare: intent(model, Action::SetCompare),
            send: intent(model, Action::ConsoleSend),
            reconnect: fixed(model, Action::ConsoleReconnect),
            dismiss: fixed(model, Action::DismissNotices),
            close_help: fixed(model, Action::Help(Some(false))),
            trap_tab: Callback::from(|e: KeyboardEvent| {
                if e.key() == "Tab" {
                    e.prevent_default();
                }
            }),
            restart: fixed(model, Action::Restart),
            previous: fixed(model, Action::Previous),
            play: fixed(model, Action::TogglePlay),
            next: fixed(model, Action::Next),
            predict: fixed(model, Action::TogglePredict),
            copy: {
                let dispatcher = model.dispatcher();
                Callback::from(move |(what, text): (Copied, String)| {
                    let dispatcher = dispatcher.clone();
                    copy(
                        &text,
                        Callback::from(move |ok| dispatcher.dispatch(Action::Copied(what, ok))),
                    );
                })
            },
        }
    }
}

#[function_component]
pub fn App() -> Html {
    let model = use_reducer(|| {
        let model = Model::from_query(&url::read_query());
        // Before the first paint, so a forced theme never flashes the other one.
        apply_theme(model.settings.theme);
        model
    });
    let on = {
        let model = model.clone();
        use_memo((), move |_| Intents::new(&model))
    };

    use_effect_with(model.settings.to_query(), |query| {
        let query = query.clone();
        let timer = Timeout::new(URL_DELAY_MS, move || url::write_query(&query));
        move || drop(timer)
    });
    use_effect_with(model.settings.theme, |theme| apply_theme(*theme));
    use_effect_with(model.presenter, |on| apply_presenter(*on));
    {
        let before = use_mut_ref(|| None);
        use_effect_with(model.help, move |open| {
            let previous = before.borrow_mut().take();
            *before.borrow_mut() = move_help_focus(*open, previous);
        });
    }
    use_shortcuts(&model);
    // After every render: an embedding page may want to fit the iframe to the content.
    use_effect(post_height);
    use_effect_with((), |_| watch_height());
    {
        let dispatcher = model.dispatcher();
        use_effect_with(model.playing, move |playing| {
            let timer = playing.then(|| {
                Interval::new(PLAY_INTERVAL_MS, move || dispatcher.dispatch(Action::Tick))
            });
            move || drop(timer)
        });
    }

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

    let body = if model.settings.view == View::Console {
        html! {
            <Console
                console={model.console.clone()}
                on_send={on.send.clone()}
                on_reconnect={on.reconnect.clone()}
            />
        }
    } else {
        walkthrough(&model, &on)
    };
    let notices = notices::notices(&notices::Props {
        notices: model.notices.clone(),
        on_dismiss: on.dismiss.clone(),
    });
    let help = model.help.then(|| help::help(&on.close_help, &on.trap_tab));

    if model.settings.embed {
        // An article column: the simulator only, and a way out to the full page.
        let full = page_url(
            &crate::settings::Settings {
                embed: false,
                ..model.settings.clone()
            }
            .to_query(),
        );
        return el("main")
            .attr("id", "main")
            .class("embedded")
            .child(
                el("div")
                    .class("embed-bar")
                    .child(port_table::port_table(&port_table::Props {
                        selected: model.settings.setup.port,
                        on_choose: on.choose.clone(),
                        compact: true,
                    }))
                    .child(
                        el("a")
                            .attr("href", full)
                            .attr("target", "_blank")
                            .attr("rel", "noopener")
                            .text("Open full simulator"),
                    ),
            )
            .child(notices)
            .child(body)
            .maybe_child(help)
            .into();
    }

    let header = el("header")
        .class("site")
        .child(el("h1").text("SMTP Port Simulator"))
        .child(el("p").class("lede").text("Pick a port and follow one email across the network: DNS, TCP, TLS, and every SMTP reply a real Postfix server gives."))
        .child(
            el("div")
                .class("header-tools")
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
                        .state("aria-pressed", model.presenter)
                        .on_click(&on.presenter)
                        .text("Presenter mode"),
                )
                .child(
                    el("button")
                        .attr("type", "button")
                        .on_click(&on.open_help)
                        .text("Keyboard shortcuts"),
                ),
        );
    let main = el("main")
        .attr("id", "main")
        .child(notices)
        .child(
            el("section")
                .attr("aria-labelledby", "ports-title")
                .child(el("h2").attr("id", "ports-title").text("Choose a port"))
                .child(port_table::port_table(&port_table::Props {
                    selected: model.settings.setup.port,
                    on_choose: on.choose.clone(),
                    compact: false,
                })),
        )
        .child(path_picker::path_picker(&path_picker::Props {
            port: model.settings.setup.port,
            network: model.settings.setup.network,
            block: model.settings.setup.block,
            client: model.settings.setup.client,
            compare: model.settings.compare,
            on_network: on.network.clone(),
            on_block: on.block.clone(),
            on_client: on.client.clone(),
            on_compare: on.compare.clone(),
        }))
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
                .child(view_button(View::Console, "Console", &on.console)),
        )
        .child(body)
        .child(
            el("div")
                .class("panels")
                .child(try_it::try_it(&try_it::Props {
                    setup: model.settings.setup,
                    copied: model.copied,
                    on_copy: on.copy.clone(),
                }))
                .child(share::share(&share::Props {
                    settings: model.settings.clone(),
                    copied: model.copied,
                    on_copy: on.copy.clone(),
                })),
        );
    let footer = el("footer").class("site").child(el("p").text("Replies, codes and capability lists come from recordings of Postfix 3.7.11 with Dovecot SASL. Addresses are documentation addresses (RFC 5737); nothing here touches a real network."));
    // The dialog's place is kept while it is closed (see `El::maybe_child`).
    let help = help.unwrap_or_default();
    [header.into(), main.into(), footer.into(), help]
        .into_iter()
        .collect()
}

/// The step-by-step journey: controls, explanation, diagram and transcript(s).
fn walkthrough(model: &UseReducerHandle<Model>, on: &Intents) -> Html {
    let step = model.settings.taken;
    let own = model.taken().0;
    let current = model.current_step().cloned();
    let narration = current
        .as_ref()
        .map(|s| format!("Step {step} of {}: {}.", model.total(), s.title))
        .unwrap_or_default();
    let port = model.settings.setup.port.number();
    let eavesdrop = model.eavesdrop;
    let hiding = model.hiding_replies();
    let compared = model.compared.as_ref().map(|other| {
        let taken = model.taken().1;
        let other = &other.journey;
        let label = format!("Port {} transcript", other.setup.port.number());
        el("div")
            .class("compare-column")
            .child(el("h3").text(format!("Port {}", other.setup.port.number())))
            .child(
                html! { <Transcript journey={other.clone()} {taken} {eavesdrop} label={label} /> },
            )
    });
    el("section")
        .attr("aria-labelledby", "journey-title")
        .class("journey")
        .child(el("h2").attr("id", "journey-title").text(format!("The journey through port {port}")))
        .child(el("p").class("lab").text(format!("Lab account used on the submission ports: {LAB_USER}, password \"{LAB_PASSWORD}\" (a test account on a lab server, not a real mailbox).")))
        .child(controls::controls(&controls::Props {
            step,
            predict: model.predict,
            on_predict: on.predict.clone(),
            total: model.total(),
            playing: model.playing,
            on_restart: on.restart.clone(),
            on_previous: on.previous.clone(),
            on_play: on.play.clone(),
            on_next: on.next.clone(),
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
        .child(
            el("div")
                .class("stage")
                .child(explanation::explanation(&explanation::Props { step: current, predicting: hiding }))
                .child(html! { <Diagram journey={model.journey.clone()} taken={own} hide_replies={hiding} {eavesdrop} /> }),
        )
        .child(
            el("div")
                .class(if compared.is_some() { "transcripts compare" } else { "transcripts" })
                .child(
                    el("div")
                        .class("compare-column")
                        .maybe_child(compared.is_some().then(|| el("h3").text(format!("Port {port}"))))
                        .child(html! { <Transcript journey={model.journey.clone()} taken={own} {eavesdrop} hide_replies={hiding} /> }),
                )
                .maybe_child(compared),
        )
        .child(
            el("p")
                .class("sr-only")
                .attr("aria-live", "polite")
                .attr("aria-atomic", "true")
                .text(narration),
        )
        .into()
}
