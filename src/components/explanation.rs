//! Plain words for the current step, the rule behind it, and what each reply code means.

use super::retries::retry_axis;
use crate::ui::el::el;
use smtp_sim::teach::lesson::Lesson;
use smtp_sim::teach::rfc::Rfc;
use smtp_sim::Step;
use yew::prelude::*;

pub struct Props {
    pub step: Option<Step>,
    /// "Predict first": ask before explaining.
    pub predicting: bool,
    /// Comparing, in an article's frame: how the two ports differ at this row, in one line.
    pub difference: Option<Html>,
    /// Comparing on the page: how the two ports differ and each port's own step explained, in
    /// place of the one step's words (the element the compare module draws in).
    pub notes: Option<Html>,
    /// In an article's frame, another step's explanation laid out unseen in the same place
    /// (styles/embed.css), so the box is as tall as the tallest: without an id or a tab stop.
    pub ghost: bool,
}

/// Each cited section as a link to it on rfc-editor.org (nothing is fetched unless the learner
/// follows one), separated by commas.
pub(crate) fn rfc_links(rfcs: &[Rfc]) -> Html {
    let mut parts: Vec<Html> = Vec::new();
    for (i, rfc) in rfcs.iter().enumerate() {
        let href = format!(
            "https://www.rfc-editor.org/rfc/rfc{}#section-{}",
            rfc.number, rfc.section
        );
        if i > 0 {
            parts.push(", ".into());
        }
        let link = el("a")
            .attr("href", href)
            .attr("target", "_blank")
            .attr("rel", "noopener noreferrer");
        parts.push(link.text(rfc.to_string()).into());
    }
    parts.into_iter().collect()
}
/// Each distinct reply code of the step, explained once.
pub(crate) fn codes(step: &Step) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String)> = Vec::new();
    for reply in step.events.iter().filter_map(|e| e.reply.as_ref()) {
        let (code, text) = reply.explain();
        if !seen.iter().any(|(c, _)| *c == code) {
            seen.push((code, text));
        }
    }
    seen
}

pub fn explanation(props: &Props) -> Html {
    let (class, title, text, explained): (_, AttrValue, _, _) = match &props.step {
        None => (
            "explanation",
            "Before anything is sent".into(),
            Some(el("p").text("Press Next step to follow the message from the DNS lookup to the server's goodbye. Every reply shown is what a real Postfix server answers.")),
            None,
        ),
        Some(step) if props.predicting => (
            "explanation predict",
            step.title.clone().into(),
            Some(el("p")
                .child(el("strong").text("Predict first: "))
                .text("what will the server answer, and with which code? Decide, then press Next step to reveal.")),
            None,
        ),
        Some(step) => {
            let own = props.notes.is_none();
            (
                "explanation",
                step.title.clone().into(),
                own.then(|| el("p").text(step.explanation.clone())),
                own.then_some(step),
            )
        }
    };
    let rule = explained.map(|step| {
        el("p")
            .class("rule")
            .text("Rule: ")
            .child(rfc_links(step.rfc))
    });
    let list = explained.map(codes).filter(|c| !c.is_empty()).map(|codes| {
        let terms = codes
            .into_iter()
            .flat_map(|(code, text)| [el("dt").text(code).into(), el("dd").text(text).into()]);
        el("dl").class("codes").children(terms)
    });
    // The folded SYN retries: the wait, drawn to scale.
    let axis = explained
        .filter(|s| s.lesson == Lesson::Retransmits)
        .map(retry_axis);
    // The same places in every state, so the title and text stay the same elements.
    // It scrolls inside the stage on small screens: focusable, so the keyboard can scroll it too.
    let ghost = props.ghost;
    el("section")
        .class(if ghost { "explanation ghost" } else { class })
        .maybe("aria-labelledby", (!ghost).then_some("explain-title"))
        .maybe("tabindex", (!ghost).then_some("0"))
        .child(
            el("h2")
                .maybe("id", (!ghost).then_some("explain-title"))
                .text(title),
        )
        .maybe_child(props.difference.clone())
        .maybe_child(text)
        .maybe_child(axis)
        .maybe_child(rule)
        .maybe_child(list)
        .maybe_child(props.notes.clone())
        .into()
}
