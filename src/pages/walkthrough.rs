//! The walkthrough's stage: what one key press changes, kept together in one box that fits the
//! screen (the layout itself is CSS, styles/app.css "The stage"): the heading and the scenario
//! banner, the controls, the explanation (comparing, with each port's own notes:
//! `components::compare_notes`, or in a frame the line that says how they differ), the diagram
//! and the transcript(s), and the outcome once the journey ends.

use smtp_sim::server::auth::{LAB_PASSWORD, LAB_USER};
use smtp_sim::{ClientTls, Journey, Outcome};
use yew::prelude::*;

use super::ports;
use crate::components::{controls, diagram, explanation, transcript};
use crate::intents::Intents;
use crate::settings::{Part, Settings};
use crate::state::Model;
use crate::ui::el::el;
use crate::view_module;

/// The step-by-step journey as a stage: the heading and scenario banner (and, on the full page,
/// a compact port chooser), the controls, then the explanation, the diagram and the
/// transcript(s), each scrolling inside the stage so the current step's first line and arrow
/// stay in view.
pub(super) fn walkthrough(
    model: &UseReducerHandle<Model>,
    on: &Intents,
    follow: &[NodeRef; 3],
) -> Html {
    let step = model.settings.step;
    let (own, other_taken) = model.taken();
    let (lit, other_lit) = model.lit_at(step);
    let narration = model
        .current_step()
        .map(|s| format!("Step {step} of {}: {}.", model.total(), s.title))
        .unwrap_or_default();
    let port = model.settings.setup.port.number();
    let eavesdrop = model.settings.eavesdrop;
    let hiding = model.hiding_replies();
    let embedded = model.settings.embed;
    // Every step laid out up front, so the frame keeps one height (src/bin/embed-view.rs).
    let deck = crate::EMBED && embedded;
    let compared = model.compared.as_ref().map(|c| {
        let other = &c.journey;
        let label = format!("Port {} transcript", other.setup.port.number());
        el("div")
            .class("compare-column")
            .child(el("h3").text(format!("Port {}", other.setup.port.number())))
            .child(transcript::transcript(&transcript::Props {
                journey: other.clone(),
                taken: other_taken,
                lit: other_lit,
                eavesdrop,
                hide_replies: false,
                label: label.into(),
                follow: follow[2].clone(),
                deck,
            }))
            .maybe_child(outcome(other, other_taken, deck))
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
            // The "Embed this" builder, from the top of the page (view_module::panel).
            .child(
                el("a")
                    .attr("href", "#share")
                    .on_click(&Callback::from(|_: MouseEvent| {
                        crate::view_module::open_panel("share")
                    }))
                    .text("Embed in an article"),
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
                .child(banner(&model.settings))
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
                    let explain = |at: usize| {
                        let predicting = hiding && at == step;
                        // Comparing on the page, the compare module's notes (view_module::COMPARE)
                        // in place of the step's words; in a frame, the difference line above
                        // them. (`EMBED` again: in a closure `deck` is not known to be false.)
                        let framed = crate::EMBED && deck;
                        let compared = model.compared.is_some();
                        explanation::explanation(&explanation::Props {
                            step: model.step_at(at).cloned(),
                            predicting,
                            difference: match framed {
                                true => crate::components::difference_at(model, at),
                                false => None,
                            },
                            notes: (compared && !framed).then(|| {
                                view_module::place_hidden(view_module::COMPARE, predicting)
                            }),
                            ghost: at != step,
                        })
                    };
                    // In a frame, every step's explanation in one grid cell (styles/embed.css):
                    // the box is as tall as the tallest, whichever is shown.
                    match deck {
                        true => el("div")
                            .class("deck explanations")
                            .children((0..=model.total()).map(explain))
                            .into(),
                        false => explain(step),
                    }
                }))
                .maybe_child(shows(Part::Diagram).then(|| {
                    diagram::diagram(&diagram::Props {
                        journey: model.journey.clone(),
                        taken: own,
                        lit,
                        hide_replies: hiding,
                        eavesdrop,
                        follow: follow[0].clone(),
                        current_only: deck,
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
                                    lit,
                                    eavesdrop,
                                    hide_replies: hiding,
                                    label: AttrValue::Static("SMTP transcript"),
                                    follow: follow[1].clone(),
                                    deck,
                                }))
                                .maybe_child(outcome(&model.journey, own, deck)),
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

/// How the journey ended, once its last step is shown: in words, and as `data-outcome`. In a
/// frame (`keep`) its place is kept, unseen, from the start, so the frame never grows.
fn outcome(journey: &Journey, taken: usize, keep: bool) -> Option<Html> {
    let ended = taken == journey.steps.len();
    (ended || keep).then(|| {
        let outcome = journey.outcome;
        let bad = matches!(outcome, Outcome::SentExposed | Outcome::PasswordExposed);
        el("p")
            .class(match (ended, bad) {
                (false, _) => "outcome ghost",
                (true, true) => "outcome bad",
                (true, false) => "outcome",
            })
            .maybe("data-outcome", ended.then(|| outcome.name()))
            .text(format!("Outcome: {}", outcome.words()))
            .into()
    })
}

/// "Home ISP · the firewall drops the connection": where the journey starts from and what
/// happens to it, in the model's own words (the network's label, the port's way of starting
/// TLS, the attacker's label). The longer story follows in a second line.
pub fn banner(settings: &Settings) -> Html {
    let setup = settings.setup;
    let fate = match setup.blocked() {
        _ if setup.null_mx() => "null MX: the message bounces",
        Some(block) => block.fate(),
        None => setup.port.info().tls.label(),
    };
    // The program's own TLS setting, when it is not what the port expects: it decides the lesson.
    let client = setup
        .client
        .filter(|&c| c != ClientTls::expected_by(setup.port))
        .map(|c| format!(" · your program: {}", c.label()));
    // Words, not CSS content: they are copied with the rest.
    let attack = setup.attack.map(|a| {
        el("span")
            .text(" · Attacker: ")
            .child(el("span").class("attack").text(a.label()))
    });
    el("div")
        .class("banner")
        .child(
            el("p")
                .class("scenario")
                .text(setup.network.label())
                .text(" · ")
                .text(fate)
                .text(client.unwrap_or_default())
                .maybe_child(attack),
        )
        .child(el("p").class("story").text(setup.network.story()))
        .into()
}
