//! The handout: one journey on paper, every step with its explanation and its lines, then the
//! whole diagram. Drawn in the "For the class" panel when the teacher asks to print it; the
//! print style sheet (styles/views.css, `:root.printing-handout`) then prints it alone.

use std::rc::Rc;

use smtp_sim::Journey;
use yew::prelude::*;

use super::{diagram, explanation, line::line};
use crate::ui::el::el;

/// Every step of `journey`: "Step k of n", its explanation with its sources, and its lines; the
/// diagram of the whole journey and its outcome at the end.
pub fn handout(journey: &Rc<Journey>) -> Html {
    let total = journey.steps.len();
    let steps = journey.steps.iter().enumerate().map(|(i, step)| -> Html {
        el("section")
            .class("handout-step")
            .child(
                el("p")
                    .class("counter")
                    .text(format!("Step {} of {total}", i + 1)),
            )
            .child(explanation::explanation(&explanation::Props {
                step: Some(step.clone()),
                predicting: false,
                difference: None,
                notes: None,
                // No ids: the stage above has the same parts.
                ghost: true,
            }))
            .child(
                el("ol")
                    .class("transcript")
                    .children(step.events.iter().map(|e| line(e, false, false))),
            )
            .into()
    });
    el("div")
        .class("handout")
        .child(el("h2").text(format!(
            "Handout: port {}, step by step",
            journey.setup.port.number()
        )))
        .children(steps)
        .child(
            el("section")
                .class("handout-step")
                .child(el("h3").text("The whole journey"))
                .child(diagram::diagram(&diagram::Props {
                    journey: journey.clone(),
                    taken: total,
                    // The whole journey, no step singled out.
                    lit: false,
                    hide_replies: false,
                    eavesdrop: false,
                    follow: NodeRef::default(),
                    current_only: false,
                }))
                .child(el("p").class("outcome").text(journey.outcome.words())),
        )
        .into()
}
