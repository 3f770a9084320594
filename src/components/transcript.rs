//! The transcript: one line per event, who speaks first, and whether it crossed the network in
//! plaintext or inside TLS — said in words, not by colour alone.

use std::rc::Rc;

use smtp_sim::dialogue::{Event, Tag};
use smtp_sim::eavesdrop::observe;
use smtp_sim::network::seconds;
use smtp_sim::Journey;
use yew::prelude::*;

use super::follow::use_follow;

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
    }
}

/// A padlock drawn inline (no icon font, no request), closed for TLS, open for plaintext.
fn lock_icon(closed: bool) -> Html {
    let shackle = if closed {
        "M5 7V5a3 3 0 0 1 6 0v2"
    } else {
        "M5 7V5a3 3 0 0 1 6 0"
    };
    html! {
        <svg class="lock" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
            <path d={shackle} fill="none" stroke="currentColor" stroke-width="1.6" />
            <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
        </svg>
    }
}

fn line(event: &Event, current: bool, eavesdrop: bool) -> Html {
    let (label, lock_class) = if event.encrypted {
        ("TLS", "enc tls")
    } else {
        ("plain", "enc plain")
    };
    let seen = eavesdrop.then(|| observe(event));
    let text = seen
        .as_ref()
        .map_or(event.text.as_str(), |s| s.text.as_str());
    let note = match &seen {
        Some(seen) => seen.secret.clone(),
        None => event.note.clone(),
    };
    let leaked = seen.as_ref().is_some_and(|s| s.secret.is_some());
    html! {
        <li class={classes!("line", tag_class(event.tag), current.then_some("current"), leaked.then_some("leak"))}>
            <span class="time">{ seconds(event.at_ms, 3) }</span>
            <span class="who">{ event.tag.label() }</span>
            <span class="text">{ text }</span>
            <span class={lock_class}>{ lock_icon(event.encrypted) }{ label }</span>
            if let Some(note) = note {
                <span class="note">{ if leaked { "⚠ " } else { "" } }{ note }</span>
            }
        </li>
    }
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
    html! {
        // aria-live is off: the step narration below speaks once per step instead.
        <div ref={list} class="transcript" role="log" aria-label={props.label.clone()} aria-live="off" tabindex="0"><ol>
            if props.taken == 0 {
                <li class="empty">{ "Nothing has crossed the network yet. Press Next step or Play." }</li>
            }
            // One child holding only the keyed steps: `{ for … }` would splice them in among the
            // unkeyed siblings, and Yew would then diff by position and remount every step.
            { lines.collect::<Html>() }
            if hide {
                <li class="line tag-server current predict">
                    <span class="time"></span>
                    <span class="who">{ "S:" }</span>
                    <span class="text">{ "? What will the server answer? Press Next step to reveal." }</span>
                </li>
            }
        </ol></div>
    }
}
