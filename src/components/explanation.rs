//! Plain words for the current step, the rule behind it, and what each reply code means.

use smtp_sim::dialogue::{Step, Tag};
use smtp_sim::reply::explain_wire_line;
use yew::prelude::*;

pub struct Props {
    pub step: Option<Step>,
    /// "Predict first": ask before explaining.
    pub predicting: bool,
}

/// `RFC 5321 §4.1.1.1, RFC 3207 §4` → links to the sections on rfc-editor.org (nothing is
/// fetched unless the learner follows one).
fn rfc_links(citation: &str) -> Html {
    citation
        .split(", ")
        .enumerate()
        .map(|(i, one)| {
            let mut words = one.split_whitespace().skip(1);
            let number = words.next().unwrap_or("");
            let section = words.next().unwrap_or("").trim_start_matches('§');
            let href = format!("https://www.rfc-editor.org/rfc/rfc{number}#section-{section}");
            html! { <>{ if i > 0 { ", " } else { "" } }<a {href} rel="noopener noreferrer">{ one }</a></> }
        })
        .collect()
}

/// Each distinct reply code of the step, explained once.
fn codes(step: &Step) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String)> = Vec::new();
    for event in step.events.iter().filter(|e| e.tag == Tag::Server) {
        if let Some((code, text)) = explain_wire_line(&event.text) {
            if !seen.iter().any(|(c, _)| *c == code) {
                seen.push((code, text));
            }
        }
    }
    seen
}

pub fn explanation(props: &Props) -> Html {
    let Some(step) = &props.step else {
        return html! {
            <section class="explanation" aria-labelledby="explain-title">
                <h2 id="explain-title">{ "Before anything is sent" }</h2>
                <p>{ "Press Next step to follow the message from the DNS lookup to the server's goodbye. Every reply shown is what a real Postfix server answers." }</p>
            </section>
        };
    };
    if props.predicting {
        return html! {
            <section class="explanation predict" aria-labelledby="explain-title">
                <h2 id="explain-title">{ &step.title }</h2>
                <p><strong>{ "Predict first: " }</strong>{ "what will the server answer, and with which code? Decide, then press Next step to reveal." }</p>
            </section>
        };
    }
    let codes = codes(step);
    html! {
        <section class="explanation" aria-labelledby="explain-title">
            <h2 id="explain-title">{ &step.title }</h2>
            <p>{ &step.explanation }</p>
            <p class="rule">{ "Rule: " }{ rfc_links(step.rfc) }</p>
            if !codes.is_empty() {
                <dl class="codes">
                    { for codes.into_iter().map(|(code, text)| html! {
                        <><dt>{ code }</dt><dd>{ text }</dd></>
                    }) }
                </dl>
            }
        </section>
    }
}
