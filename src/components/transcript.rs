//! The transcript: one line per event, who speaks first, and whether it crossed the network in
//! plaintext or inside TLS — said in words, not by colour alone.

use std::rc::Rc;

use smtp_sim::path::network::seconds;
use smtp_sim::teach::eavesdrop::observe;
use smtp_sim::Journey;
use smtp_sim::{Event, Tag};
use yew::prelude::*;

use crate::ui::el::{el, El};
use crate::ui::follow::use_follow;

#[derive(Properties)]
pub struct Props {
    pub journey: Rc<Journey>,
    pub taken: usize,
    /// Show what a passive observer reads instead of the decrypted lines.
    #[prop_or_default]
    pub eavesdrop: bool,
    /// "Predict first": the current step's server lines wait for the class's guess.
    #[prop_or_default]
    pub hide_replies: bool,
    /// The accessible name of the log.
    #[prop_or(AttrValue::Static("SMTP transcript"))]
    pub label: AttrValue,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.journey, &other.journey)
            && self.taken == other.taken
            && self.eavesdrop == other.eavesdrop
            && self.hide_replies == other.hide_replies
            && self.label == other.label
    }
}

fn tag_class(tag: Tag) -> &'static str {
    match tag {
        Tag::Client => "tag-client",
        Tag::Server => "tag-server",
        Tag::Dns => "tag-dns",
        Tag::Tcp => "tag-tcp",
        Tag::Tls => "tag-tls",
        Tag::Attacker => "tag-attacker",
    }
}

/// A padlock drawn inline (no icon font, no request), closed for TLS, open for plaintext.
fn lock_icon(closed: bool) -> El {
    let shackle = if closed {
        "M5 7V5a3 3 0 0 1 6 0v2"
    } else {
        "M5 7V5a3 3 0 0 1 6 0"
    };
    el("svg")
        .class("lock")
        .attr("viewBox", "0 0 16 16")
        .attr("width", "12")
        .attr("height", "12")
        .attr("aria-hidden", "true")
        .attr("focusable", "false")
        .child(
            el("path")
                .attr("d", shackle)
                .attr("fill", "none")
                .attr("stroke", "currentColor")
                .attr("stroke-width", "1.6"),
        )
        .child(
            el("rect")
                .attr("x", "3")
                .attr("y", "7")
                .attr("width", "10")
                .attr("height", "8")
                .attr("rx", "1.5")
                .attr("fill", "currentColor"),
        )
}

fn line(event: &Event, current: bool, eavesdrop: bool) -> Html {
    let (label, lock_class) = if event.encrypted {
        ("TLS", "enc tls")
    } else {
        ("plain", "enc plain")
    };
    let seen = eavesdrop.then(|| observe(event));
    let text = seen.as_ref().map_or(&event.text, |s| &s.text);
    let note = match &seen {
        Some(seen) => seen.secret.clone(),
        None => event.note.clone(),
    };
    let leaked = seen.as_ref().is_some_and(|s| s.secret.is_some());
    let mut class = format!("line {}", tag_class(event.tag));
    if current {
        class.push_str(" current");
    }
    if leaked {
        class.push_str(" leak");
    }
    let note = note.map(|note| {
        el("span")
            .class("note")
            .text(if leaked { "⚠ " } else { "" })
            .text(note)
    });
    el("li")
        .attr("class", class)
        .child(el("span").class("time").text(seconds(event.at_ms, 3)))
        .child(el("span").class("who").text(event.tag.label()))
        .child(el("span").class("text").text(text.clone()))
        .child(
            el("span")
                .class(lock_class)
                .child(lock_icon(event.encrypted))
                .text(label),
        )
        .maybe_child(note)
        .into()
}
/// One step's lines: its own component, so that stepping re-renders only the steps whose
/// highlight changed, not the whole transcript.
#[derive(Properties)]
struct StepProps {
    journey: Rc<Journey>,
    index: usize,
    current: bool,
    eavesdrop: bool,
    hide_replies: bool,
}

impl PartialEq for StepProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.journey, &other.journey)
            && (self.index, self.current, self.eavesdrop, self.hide_replies)
                == (
                    other.index,
                    other.current,
                    other.eavesdrop,
                    other.hide_replies,
                )
    }
}

#[function_component]
fn StepLines(props: &StepProps) -> Html {
    let step = &props.journey.steps[props.index];
    let hide = props.current && props.hide_replies;
    step.events
        .iter()
        .filter(|e| !(hide && e.tag == Tag::Server))
        .map(|e| line(e, props.current, props.eavesdrop))
        .collect()
}

#[function_component]
pub fn Transcript(props: &Props) -> Html {
    let list = use_follow(props.taken);
    let hide = props.hide_replies;
    let taken = props.taken.min(props.journey.steps.len());
    let lines = (0..taken).map(|index| {
        html! {
            <StepLines key={index} journey={props.journey.clone()} {index}
                current={index + 1 == taken} eavesdrop={props.eavesdrop} hide_replies={hide} />
        }
    });
    let predict = hide.then(|| {
        el("li")
            .class("line tag-server current predict")
            .child(el("span").class("time"))
            .child(el("span").class("who").text("S:"))
            .child(
                el("span")
                    .class("text")
                    .text("? What will the server answer? Press Next step to reveal."),
            )
    });
    let empty = (props.taken == 0).then(|| {
        el("li")
            .class("empty")
            .text("Nothing has crossed the network yet. Press Next step or Play.")
    });
    // aria-live is off: the step narration below speaks once per step instead.
    el("div")
        .node_ref(&list)
        .class("transcript")
        .attr("role", "log")
        .attr("aria-label", props.label.clone())
        .attr("aria-live", "off")
        .attr("tabindex", "0")
        .child(
            el("ol")
                .maybe_child(empty)
                // One child holding only the keyed steps: spliced in among the unkeyed siblings,
                // Yew would diff them by position and remount every step.
                .child(lines.collect::<Html>())
                .maybe_child(predict),
        )
        .into()
}
