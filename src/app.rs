//! The page: the port table, the path, and the journey with its controls, transcript and
//! explanation. Keeps the URL and the theme in step with the state.

use gloo_timers::callback::Interval;
use smtp_sim::auth::{LAB_PASSWORD, LAB_USER};
use smtp_sim::settings::{Theme, View};
use yew::prelude::*;

use crate::components::{
    Console, Controls, Explanation, Notices, PathPicker, PortTable, Transcript,
};
use crate::state::{Action, Model};
use crate::url;

/// Time between steps while playing.
const PLAY_INTERVAL_MS: u32 = 1400;

fn apply_theme(theme: Option<Theme>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Some(Theme::Light) => root.set_attribute("data-theme", "light"),
        Some(Theme::Dark) => root.set_attribute("data-theme", "dark"),
        None => root.remove_attribute("data-theme"),
    };
}

#[function_component]
pub fn App() -> Html {
    let model = use_reducer(|| Model::from_query(&url::read_query()));

    {
        let query = model.settings.to_query();
        use_effect_with(query, |query| url::write_query(query));
    }
    use_effect_with(model.settings.theme, |theme| apply_theme(*theme));
    {
        let dispatcher = model.dispatcher();
        use_effect_with(model.playing, move |playing| {
            let timer = playing.then(|| {
                Interval::new(PLAY_INTERVAL_MS, move || dispatcher.dispatch(Action::Tick))
            });
            move || drop(timer)
        });
    }

    let send = |action: fn() -> Action| {
        let dispatcher = model.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(action()))
    };
    let on_choose = {
        let dispatcher = model.dispatcher();
        Callback::from(move |port| dispatcher.dispatch(Action::ChoosePort(port)))
    };
    let on_block = {
        let dispatcher = model.dispatcher();
        Callback::from(move |block| dispatcher.dispatch(Action::SetBlock(block)))
    };
    let on_theme = {
        let dispatcher = model.dispatcher();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            let theme = match value.as_str() {
                "light" => Some(Theme::Light),
                "dark" => Some(Theme::Dark),
                _ => None,
            };
            dispatcher.dispatch(Action::SetTheme(theme));
        })
    };
    let on_send = {
        let dispatcher = model.dispatcher();
        Callback::from(move |line: String| dispatcher.dispatch(Action::ConsoleSend(line)))
    };
    let on_reconnect = {
        let dispatcher = model.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::ConsoleReconnect))
    };
    let view_button = |view: View, label: &'static str| {
        let dispatcher = model.dispatcher();
        let onclick =
            Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SetView(view)));
        let pressed = (model.settings.view == view).to_string();
        html! { <button type="button" aria-pressed={pressed} {onclick}>{ label }</button> }
    };
    let on_dismiss = {
        let dispatcher = model.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::DismissNotices))
    };

    let step = model.settings.step;
    let current = step
        .checked_sub(1)
        .and_then(|i| model.journey.steps.get(i))
        .cloned();
    let narration = current
        .as_ref()
        .map(|s| format!("Step {step} of {}: {}.", model.total(), s.title))
        .unwrap_or_default();
    let port = model.settings.port.number();
    let theme_value = match model.settings.theme {
        Some(Theme::Light) => "light",
        Some(Theme::Dark) => "dark",
        None => "system",
    };

    html! {
        <>
        <header class="site">
            <h1>{ "SMTP Port Simulator" }</h1>
            <p class="lede">{ "Pick a port and follow one email across the network: DNS, TCP, TLS, and every SMTP reply a real Postfix server gives." }</p>
            <label class="theme">{ "Theme " }
                <select onchange={on_theme} aria-label="Colour theme">
                    <option value="system" selected={theme_value == "system"}>{ "System" }</option>
                    <option value="light" selected={theme_value == "light"}>{ "Light" }</option>
                    <option value="dark" selected={theme_value == "dark"}>{ "Dark" }</option>
                </select>
            </label>
        </header>
        <main id="main">
            <Notices notices={model.notices.clone()} {on_dismiss} />
            <section aria-labelledby="ports-title">
                <h2 id="ports-title">{ "Choose a port" }</h2>
                <PortTable selected={model.settings.port} {on_choose} />
            </section>
            <div class="views" role="group" aria-label="View">
                { view_button(View::Walkthrough, "Walkthrough") }
                { view_button(View::Console, "Console") }
            </div>
            if model.settings.view == View::Console {
                <Console console={model.console.clone()} {on_send} {on_reconnect} />
            } else {
                <section aria-labelledby="journey-title" class="journey">
                    <h2 id="journey-title">{ format!("The journey through port {port}") }</h2>
                    <PathPicker block={model.settings.block} {port} on_change={on_block} />
                    <p class="lab">{ format!("Lab account used on the submission ports: {LAB_USER}, password \"{LAB_PASSWORD}\" (a test account on a lab server, not a real mailbox).") }</p>
                    <Controls
                        {step}
                        total={model.total()}
                        playing={model.playing}
                        on_restart={send(|| Action::Restart)}
                        on_previous={send(|| Action::Previous)}
                        on_play={send(|| Action::TogglePlay)}
                        on_next={send(|| Action::Next)}
                    />
                    <div class="stage">
                        <Explanation step={current} />
                        <Transcript journey={model.journey.clone()} taken={step} />
                    </div>
                    <p class="sr-only" aria-live="polite" aria-atomic="true">{ narration }</p>
                </section>
            }
        </main>
        <footer class="site">
            <p>{ "Replies, codes and capability lists come from recordings of Postfix 3.7.11 with Dovecot SASL. Addresses are documentation addresses (RFC 5737); nothing here touches a real network." }</p>
        </footer>
        </>
    }
}
