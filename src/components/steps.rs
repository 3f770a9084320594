//! The steps taken so far, as the transcript and the diagram both draw them: one keyed component
//! per step, so that stepping re-renders only the steps whose highlight changed. The current
//! step is the last one taken; in "predict first" its server lines wait for the class's guess.

use std::rc::Rc;

use smtp_sim::{Event, Journey, Step, Tag};
use yew::prelude::*;

use super::{arrow, line};

/// How a step's events are drawn.
#[derive(Clone, Copy, PartialEq)]
pub enum Draw {
    /// Transcript lines.
    Lines,
    /// Diagram arrows.
    Arrows,
}

/// The events of a step that are on screen.
pub fn shown(step: &Step, current: bool, hide_replies: bool) -> impl Iterator<Item = &Event> {
    let hide = current && hide_replies;
    step.events
        .iter()
        .filter(move |e| !(hide && e.tag == Tag::Server))
}

/// The steps of the journey from `from` up to the first `taken`, one `StepEvents` each, as one
/// keyed list: a single child of its parent, because keyed items spliced in among unkeyed
/// siblings would be diffed by position and every step remounted. `draw` says how each step
/// (and whether it is the current one) is drawn. An embed draws the current step only. Without
/// `lit` (comparing, a row where this port has no step) no step is the current one.
pub fn steps(
    journey: &Rc<Journey>,
    from: usize,
    taken: usize,
    lit: bool,
    eavesdrop: bool,
    hide_replies: bool,
    mut draw: impl FnMut(&Step, bool) -> Draw,
) -> Html {
    let taken = taken.min(journey.steps.len());
    (from..taken)
        .map(|index| {
            let current = lit && index + 1 == taken;
            let draw = draw(&journey.steps[index], current);
            step(journey, index, current, eavesdrop, hide_replies, draw)
        })
        .collect()
}

/// Step `index` of the journey, keyed by it.
pub fn step(
    journey: &Rc<Journey>,
    index: usize,
    current: bool,
    eavesdrop: bool,
    hide_replies: bool,
    draw: Draw,
) -> Html {
    html! {
        <StepEvents key={index} journey={journey.clone()} {index} {current} {eavesdrop}
            {hide_replies} {draw} />
    }
}

#[derive(Properties)]
struct Props {
    journey: Rc<Journey>,
    index: usize,
    current: bool,
    eavesdrop: bool,
    hide_replies: bool,
    draw: Draw,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.journey, &other.journey)
            && (
                self.index,
                self.current,
                self.eavesdrop,
                self.hide_replies,
                self.draw,
            ) == (
                other.index,
                other.current,
                other.eavesdrop,
                other.hide_replies,
                other.draw,
            )
    }
}

#[function_component]
fn StepEvents(props: &Props) -> Html {
    let step = &props.journey.steps[props.index];
    let (current, eavesdrop) = (props.current, props.eavesdrop);
    let attacker = props.journey.setup.attack.is_some();
    shown(step, current, props.hide_replies)
        .map(|event| match props.draw {
            Draw::Lines => line::line(event, current, eavesdrop),
            Draw::Arrows => arrow::arrow(event, current, eavesdrop, attacker),
        })
        .collect()
}
