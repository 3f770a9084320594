//! One event of the transcript as a line: its time, who speaks, the text (or what an
//! eavesdropper reads), and whether it crossed the network in plaintext or inside TLS.

use smtp_sim::event::seconds;
use smtp_sim::teach::eavesdrop::observe;
use smtp_sim::{Event, Tag};
use yew::prelude::*;
use yew::virtual_dom::VText;

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

/// The text word by word, each word whole (styles/app.css `.w`): a line breaks between words,
/// never inside one that fits it, so no keyword or address is split at a hyphen or a colon.
fn words(text: &str) -> Html {
    let mut parts: Vec<Html> = Vec::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            parts.push(VText::new(" ").into());
        }
        if !word.is_empty() {
            parts.push(el("span").class("w").text(word.to_string()).into());
        }
    }
    parts.into_iter().collect()
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
        .maybe("aria-current", current.then_some("step"))
        .child(el("span").class("time").text(seconds(event.at_ms, 3)))
        .child(el("span").class("who").text(event.tag.label()))
        .child(el("span").class("text").child(words(text)))
        .child(badge(event.encrypted, true))
        .maybe_child(note)
        .into()
}
