//! One event of the transcript as a line: its time, who speaks, the text (or what an
//! eavesdropper reads), and whether it crossed the network in plaintext or inside TLS.

use smtp_sim::event::seconds;
use smtp_sim::teach::eavesdrop::observe;
use smtp_sim::{Event, Tag};
use yew::prelude::*;

use super::badge::badge;
use crate::ui::el::el;

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
