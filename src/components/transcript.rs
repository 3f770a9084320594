//! The transcript: one line per event, who speaks first, and whether it crossed the network in
//! plaintext or inside TLS — said in words, not by colour alone.

use std::rc::Rc;

use smtp_sim::path::network::seconds;
use smtp_sim::teach::eavesdrop::observe;
use smtp_sim::Journey;
use smtp_sim::{Event, Tag};
use yew::prelude::*;

use super::badge::badge;
use super::steps::{steps, Draw};
use crate::ui::el::el;

/// A transcript (a function, not a component: its lines are the `StepEvents` components, which
/// skip the steps that did not change; the list itself changes with every step anyway).
pub struct Props {
    pub journey: Rc<Journey>,
    pub taken: usize,
    /// Show what a passive observer reads instead of the decrypted lines.
    pub eavesdrop: bool,
    /// "Predict first": the current step's server lines wait for the class's guess.
    pub hide_replies: bool,
    /// The accessible name of the log.
    pub label: AttrValue,
    /// The log's scrolling box, kept at its newest line (`use_follow`, called by the page).
    pub follow: NodeRef,
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

/// One transcript line: its time, who speaks, the text (or what an eavesdropper reads), and how
/// it travelled.
pub fn line(event: &Event, current: bool, eavesdrop: bool) -> Html {
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
        .child(badge(event.encrypted, true))
        .maybe_child(note)
        .into()
}
pub fn transcript(props: &Props) -> Html {
    let hide = props.hide_replies;
    let lines = steps(
        &props.journey,
        props.taken,
        props.eavesdrop,
        hide,
        |_, _| Draw::Lines,
    );
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
        .node_ref(&props.follow)
        .class("transcript")
        .attr("role", "log")
        .attr("aria-label", props.label.clone())
        .attr("aria-live", "off")
        .attr("tabindex", "0")
        .child(
            el("ol")
                .maybe_child(empty)
                .child(lines)
                .maybe_child(predict),
        )
        .into()
}
