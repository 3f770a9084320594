//! "Live from the lab" (`?view=live&lab=http://127.0.0.1:2580`): the sessions a real program has
//! with `smtp-sim lab`, as they happen. The page listens to the lab's stream of records
//! (Server-Sent Events, the lab's live.rs), lists the sessions newest first, and
//! shows the chosen one in the transcript's look (lanes, padlocks, codes) with its outcome and
//! report card once it closes. The lab decides everything; this view only maps records to lines.
//!
//! Part of a module of its own (src/bin/live-view/), loaded only when this view is opened. It connects
//! only to a lab on this computer (`lab.rs`); every text from the stream is shown as text.

use std::rc::Rc;

use smtp_port_simulator::badge;
use smtp_port_simulator::ui::el::{el, El};
use smtp_port_simulator::ui::follow::use_follow;
use smtp_sim::{Outcome, Tag};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use web_sys::MessageEvent;
use yew::prelude::*;

use crate::sessions::{Change, Check, Closed, Entry, Lane, Line, Record, Session, Sessions, Tls};
use crate::{lab, record};

// The browser's EventSource, bound here rather than through web-sys's `EventSource` feature:
// a feature turned on in Cargo.toml would rebuild web-sys for the walkthrough's wasm too.
#[wasm_bindgen]
extern "C" {
    #[derive(Clone)]
    type EventSource;
    #[wasm_bindgen(constructor, catch)]
    fn new(url: &str) -> Result<EventSource, JsValue>;
    #[wasm_bindgen(method, getter = readyState)]
    fn ready_state(this: &EventSource) -> u16;
    #[wasm_bindgen(method, setter = onmessage)]
    fn set_onmessage(this: &EventSource, handler: &JsValue);
    #[wasm_bindgen(method, setter = onopen)]
    fn set_onopen(this: &EventSource, handler: &JsValue);
    #[wasm_bindgen(method, setter = onerror)]
    fn set_onerror(this: &EventSource, handler: &JsValue);
    #[wasm_bindgen(method)]
    fn close(this: &EventSource);
}

/// `EventSource.CONNECTING`: after an error, the browser is trying again by itself.
const CONNECTING: u16 = 0;

/// Where the page stands with the lab.
#[derive(Clone, PartialEq)]
enum Status {
    /// The link's `lab` is not on this computer: the notice, and no request.
    Refused(String),
    Connecting,
    Connected,
    /// No answer (or the answer stopped); `retrying` while the browser tries again by itself.
    Unreachable {
        retrying: bool,
    },
}

#[derive(Clone, PartialEq)]
struct State {
    /// The lab's origin, once accepted.
    lab: Option<String>,
    status: Status,
    sessions: Sessions,
    /// The session the reader chose; none follows the newest.
    chosen: Option<u32>,
    /// What the live region says last.
    announcement: String,
}

enum Action {
    Open,
    Error { retrying: bool },
    Record(Record),
    Choose(u32),
    FollowNewest,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        match action {
            Action::Open => state.status = Status::Connected,
            Action::Error { retrying } => state.status = Status::Unreachable { retrying },
            Action::Record(record) => {
                let change = state.sessions.apply(record);
                state.status = Status::Connected;
                if let Some(words) = announce(&state, change) {
                    state.announcement = words;
                }
            }
            Action::Choose(number) => state.chosen = Some(number),
            Action::FollowNewest => state.chosen = None,
        }
        state.into()
    }
}

/// What the live region says about a change: every new session, and how the shown one ended.
fn announce(state: &State, change: Change) -> Option<String> {
    match change {
        Change::Opened(n) => {
            let s = state.sessions.get(n)?;
            Some(format!(
                "New session {n}: {}, {}.",
                port_words(s),
                attack_words(&s.attack)
            ))
        }
        Change::Closed(n) if shown(state) == Some(n) => {
            let closed = state.sessions.get(n)?.closed.as_ref()?;
            Some(format!(
                "Session {n} closed. {}",
                outcome_words(&closed.outcome)
            ))
        }
        _ => None,
    }
}

/// The session on screen: the chosen one while it is listed, otherwise the newest.
fn shown(state: &State) -> Option<u32> {
    state
        .chosen
        .filter(|n| state.sessions.get(*n).is_some())
        .or_else(|| state.sessions.newest())
}

/// The `lab` value of the page's address (decoded), if any.
fn lab_in_address() -> Option<String> {
    let search = smtp_port_simulator::ui::window()?
        .location()
        .search()
        .ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("lab")
}

fn initial() -> State {
    let (lab, status) = match lab::accept(lab_in_address().as_deref().unwrap_or(lab::DEFAULT_LAB)) {
        Ok(origin) => (Some(origin), Status::Connecting),
        Err(notice) => (None, Status::Refused(notice)),
    };
    State {
        lab,
        status,
        sessions: Sessions::default(),
        chosen: None,
        announcement: String::new(),
    }
}

/// Listens to the lab's stream while the view is mounted.
#[hook]
fn use_lab_stream(lab: Option<String>, dispatch: UseReducerDispatcher<State>) {
    use_effect_with(lab, move |lab| {
        let listening = lab.as_ref().and_then(|lab| {
            let source = EventSource::new(&format!("{lab}/events")).ok()?;
            let on_message = {
                let dispatch = dispatch.clone();
                Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                    let record = event.data().as_string().and_then(|d| record::parse(&d));
                    if let Some(record) = record {
                        dispatch.dispatch(Action::Record(record));
                    }
                })
            };
            let on_open = {
                let dispatch = dispatch.clone();
                Closure::<dyn FnMut()>::new(move || dispatch.dispatch(Action::Open))
            };
            let on_error = {
                let source = source.clone();
                Closure::<dyn FnMut()>::new(move || {
                    // CONNECTING: the browser tries again by itself; CLOSED: it gave up.
                    let retrying = source.ready_state() == CONNECTING;
                    dispatch.dispatch(Action::Error { retrying });
                })
            };
            source.set_onmessage(on_message.as_ref());
            source.set_onopen(on_open.as_ref());
            source.set_onerror(on_error.as_ref());
            Some((source, on_message, on_open, on_error))
        });
        move || {
            if let Some((source, ..)) = listening {
                source.close();
            }
        }
    });
}

#[function_component]
pub fn Live() -> Html {
    let state = use_reducer(initial);
    use_lab_stream(state.lab.clone(), state.dispatcher());
    let current = shown(&state).and_then(|n| state.sessions.get(n));
    let follow = use_follow(current.map_or(0, |s| s.entries.len() + s.closed.is_some() as usize));

    let list = session_list(&state, &state.dispatcher());
    let session = current.map(|s| session_view(s, &follow));
    el("section")
        .class("live")
        .attr("aria-labelledby", "live-title")
        .child(el("h2").attr("id", "live-title").text("Live from the lab"))
        .child(status(&state))
        .child(
            el("div")
                .class("live-body")
                .child(list)
                .maybe_child(session),
        )
        .child(
            el("p")
                .class("sr-only")
                .attr("aria-live", "polite")
                .attr("aria-atomic", "true")
                .text(state.announcement.clone()),
        )
        .into()
}

/// The command in the text, as code.
fn command() -> Html {
    el("code").text("smtp-sim lab").into()
}

/// Connected, waiting, or the message that says how to start a lab.
fn status(state: &State) -> Html {
    let lab = state.lab.clone().unwrap_or_default();
    let p = el("p").attr("role", "status");
    match &state.status {
        Status::Refused(notice) => p.class("live-status refused").text(notice.clone()),
        Status::Connecting => p
            .class("live-status")
            .text(format!("Connecting to the lab at {lab}…")),
        Status::Connected => p.class("live-status connected").text(format!(
            "Listening to the lab at {lab}.{}",
            if state.sessions.list.is_empty() {
                " No session yet: point your program at one of the ports smtp-sim lab printed."
            } else {
                ""
            }
        )),
        Status::Unreachable { retrying } => p
            .class("live-status unreachable")
            .text(format!("No lab is running at {lab}: start one with "))
            .child(command())
            .text(if *retrying {
                ". This page keeps trying."
            } else {
                ", then reload this page."
            }),
    }
    .into()
}

fn attack_words(attack: &str) -> String {
    match attack {
        "none" | "" => "no attack".into(),
        other => format!("attack: {other}"),
    }
}

/// "port 2587 (as 587)" when the lab's port stands for another of the simulator's.
fn port_words(s: &Session) -> String {
    match s.model_port.filter(|m| *m != s.port) {
        Some(model) => format!("port {} (as {model})", s.port),
        None => format!("port {}", s.port),
    }
}

/// The model's outcome, in the walkthrough's words ("Password stolen: …"); an id this page does
/// not know yet is shown as it came.
fn outcome_words(id: &str) -> String {
    Outcome::ALL
        .into_iter()
        .find(|o| o.name() == id)
        .map_or_else(|| format!("Outcome: {id}."), |o| o.words().to_string())
}

/// The outcome's first words ("Password stolen"), for the list.
fn outcome_short(id: &str) -> String {
    let words = outcome_words(id);
    words
        .split([':', '.'])
        .next()
        .unwrap_or(&words)
        .trim_start_matches("Outcome")
        .trim()
        .to_string()
}

fn exposed(id: &str) -> bool {
    matches!(id, "sent-exposed" | "password-exposed")
}

fn session_list(state: &State, dispatch: &UseReducerDispatcher<State>) -> Html {
    let on = shown(state);
    let items = state.sessions.list.iter().rev().map(|s| {
        let number = s.number;
        let choose = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Choose(number)))
        };
        let outcome = match &s.closed {
            Some(c) => el("span")
                .class(if exposed(&c.outcome) {
                    "state bad"
                } else {
                    "state"
                })
                .attr("data-outcome", c.outcome.clone())
                .text(outcome_short(&c.outcome)),
            None => el("span").class("state open").text("in progress"),
        };
        Html::from(
            el("li").key(number.to_string()).child(
                el("button")
                    .attr("type", "button")
                    .state("aria-pressed", on == Some(number))
                    .on_click(&choose)
                    .child(el("span").class("number").text(format!("Session {number}")))
                    .child(el("span").text(port_words(s)))
                    .child(el("span").text(attack_words(&s.attack)))
                    .child(outcome),
            ),
        )
    });
    let follow = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::FollowNewest))
    };
    let empty = state.sessions.list.is_empty();
    el("section")
        .class("live-list")
        .attr("aria-labelledby", "live-sessions-title")
        .child(
            el("h3")
                .attr("id", "live-sessions-title")
                .text(format!("Sessions ({})", state.sessions.list.len())),
        )
        .child(
            el("button")
                .attr("type", "button")
                .attr("role", "switch")
                .class("switch")
                .state("aria-checked", state.chosen.is_none())
                .on_click(&follow)
                .text("Show the newest"),
        )
        .child(if empty {
            el("p").class("empty").text("No session yet.")
        } else {
            el("ul")
                .class("sessions")
                .attr("aria-label", "Sessions, newest first")
                .child(items.collect::<Html>())
        })
        .into()
}

fn session_view(s: &Session, follow: &NodeRef) -> Html {
    let n = s.number;
    let mode = if s.mode.is_empty() {
        String::new()
    } else {
        format!(", {}", s.mode)
    };
    let lines = s
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let line = match entry {
                Entry::Line(line) => wire_line(line),
                Entry::Tls(tls) => tls_line(tls),
            };
            Html::from(line.key(i))
        })
        .collect::<Html>();
    let dropped = (s.dropped > 0).then(|| {
        el("li")
            .class("empty")
            .text(format!("… {} more lines not shown.", s.dropped))
    });
    let empty = s.entries.is_empty().then(|| {
        el("li")
            .class("empty")
            .text("Nothing has crossed the network yet.")
    });
    el("section")
        .class("live-session")
        .attr("aria-labelledby", "live-session-title")
        .attr("data-session", n.to_string())
        .child(el("h3").attr("id", "live-session-title").text(format!(
            "Session {n}: {}{mode}, {}",
            port_words(s),
            attack_words(&s.attack)
        )))
        .maybe_child(
            (!s.peer.is_empty()).then(|| el("p").class("peer").text(format!("From {}", s.peer))),
        )
        .child(
            el("div")
                .node_ref(follow)
                .class("transcript live-log")
                .attr("role", "log")
                .attr("aria-label", format!("Session {n} transcript"))
                .attr("tabindex", "0")
                .child(
                    el("ol")
                        .maybe_child(empty)
                        .child(lines)
                        .maybe_child(dropped),
                ),
        )
        .child(match &s.closed {
            Some(closed) => closed_view(closed),
            None => el("p")
                .class("outcome open")
                .text("In progress: lines appear as the program and the lab speak.")
                .into(),
        })
        .into()
}

/// The transcript's lane for a party: its class and its label ("C:", "S:", "ATK").
fn lane(lane: Lane) -> (&'static str, &'static str) {
    let tag = match lane {
        Lane::Client => Tag::Client,
        Lane::Server => Tag::Server,
        Lane::Attacker => Tag::Attacker,
        Lane::Tls => Tag::Tls,
    };
    let class = match lane {
        Lane::Client => "line tag-client",
        Lane::Server => "line tag-server",
        Lane::Attacker => "line tag-attacker",
        Lane::Tls => "line tag-tls",
    };
    (class, tag.label())
}

fn wire_line(line: &Line) -> El {
    let (class, who) = lane(line.from);
    let to_attacker = line.to == Some(Lane::Attacker) && line.from != Lane::Attacker;
    let note = match (&line.note, to_attacker) {
        (Some(note), true) => Some(format!("to the attacker; {note}")),
        (Some(note), false) => Some(note.clone()),
        (None, true) => Some("to the attacker".to_string()),
        (None, false) => None,
    };
    el("li")
        .class(class)
        .maybe("data-code", line.code.map(|c| c.to_string()))
        .maybe("data-enhanced", line.enhanced.clone())
        .child(el("span").class("who").text(who))
        .child(el("span").class("text").text(line.text.clone()))
        .child(badge(line.encrypted, true))
        .maybe_child(note.map(|n| el("span").class("note").text(n)))
}

fn tls_line(tls: &Tls) -> El {
    let (class, who) = lane(Lane::Tls);
    let how = match tls.how.as_str() {
        "starttls" => "STARTTLS handshake",
        "implicit" => "Implicit TLS handshake",
        _ => "TLS handshake",
    };
    let mut text = format!("{how} {}", if tls.ok { "done" } else { "failed" });
    let details: Vec<&str> = [&tls.version, &tls.cipher]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !details.is_empty() {
        text += &format!(": {}", details.join(", "));
    }
    let certificate = match tls.certificate.as_deref() {
        Some("lab") => Some("the lab's certificate (signed by its --ca-out authority)"),
        Some("forged") => Some("a forged certificate, not signed by the lab's authority"),
        _ => None,
    };
    let note = [certificate.map(str::to_string), tls.detail.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ");
    el("li")
        .class(class)
        .attr("data-tls", if tls.ok { "ok" } else { "failed" })
        .child(el("span").class("who").text(who))
        .child(el("span").class("text").text(text))
        .child(el("span"))
        .maybe_child((!note.is_empty()).then(|| el("span").class("note").text(note)))
}

fn tls_words(tls: &str) -> &str {
    match tls {
        "starttls" => "STARTTLS",
        "implicit" => "implicit TLS",
        "none" => "none",
        other => other,
    }
}

fn auth_words(auth: &str) -> &str {
    match auth {
        "none" => "no login",
        "in-tls" => "inside TLS",
        "in-clear" => "in the clear",
        other => other,
    }
}

fn closed_view(closed: &Closed) -> Html {
    let checked = match closed.certificate_checked {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not tested in this session",
    };
    let report = (!closed.report.is_empty()).then(|| {
        el("section")
            .class("report-card")
            .attr("aria-labelledby", "live-report-title")
            .child(
                el("h4")
                    .attr("id", "live-report-title")
                    .text("Report card for the program"),
            )
            .child(
                el("ul").child(
                    closed
                        .report
                        .iter()
                        .map(|check| Html::from(check_row(check)))
                        .collect::<Html>(),
                ),
            )
    });
    [
        el("p")
            .class(if exposed(&closed.outcome) {
                "outcome bad"
            } else {
                "outcome"
            })
            .attr("data-outcome", closed.outcome.clone())
            .text(format!("Outcome: {}", outcome_words(&closed.outcome)))
            .into(),
        el("p")
            .class("summary")
            .text(format!(
                "TLS: {} · Login: {} · Certificate checked: {checked}",
                tls_words(&closed.tls),
                auth_words(&closed.auth)
            ))
            .into(),
        report.map(Html::from).unwrap_or_default(),
    ]
    .into_iter()
    .collect()
}

fn check_row(check: &Check) -> El {
    let (class, result) = match check.result.as_str() {
        "pass" => ("check pass", "✓ Pass"),
        "fail" => ("check fail", "✗ Fail"),
        _ => ("check unknown", "? Not decided"),
    };
    let fix = (!check.fix.is_empty() && check.result != "pass").then(|| {
        el("p")
            .class("fix")
            .text("Fix: ")
            .child(with_code(&check.fix))
    });
    el("li")
        .class(class)
        .attr("data-check", check.check.clone())
        .child(
            el("p")
                .class("verdict")
                .child(el("span").class("result").text(result))
                .child(el("strong").text(check.title.clone())),
        )
        .maybe_child((!check.why.is_empty()).then(|| el("p").text(check.why.clone())))
        .maybe_child(fix)
        .maybe_child((!check.source.is_empty()).then(|| {
            el("p")
                .class("source")
                .text(format!("Source: {}", check.source))
        }))
}

/// Text with `code` spans where it quotes a setting between backticks (the fix vocabulary).
fn with_code(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| match i % 2 {
            1 => el("code").text(part.to_string()).into(),
            _ => Html::from(part.to_string()),
        })
        .collect()
}
