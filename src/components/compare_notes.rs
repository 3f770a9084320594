//! Comparing two ports, what the explanation adds: how the two differ at the current row in
//! one line, each port's own step there explained under its port number, and at the last row
//! what differed between the two journeys (`smtp_sim::compare::Comparison::summary`), each fact
//! with its sources. On the page it is a module of its own (src/bin/compare-view.rs), loaded
//! only when a comparison is shown. An article's frame, which lays every row out up front and
//! keeps the height of the tallest, shows the difference line alone above the row's step, as it
//! did before.

use smtp_sim::{Journey, Step};
use yew::prelude::*;

use super::explanation::{codes, rfc_links};
use super::retries::retry_axis;
use crate::state::Model;
use crate::ui::el::el;
use smtp_sim::teach::lesson::Lesson;

/// How the two ports differ at row `at`, in one line (an article's frame shows this line alone,
/// above the row's step, so that it keeps the height it had).
pub fn difference_at(model: &Model, at: usize) -> Option<Html> {
    let c = model.compared.as_ref()?;
    let row = c.rows.at(at)?;
    let (own, other) = model.taken_at(at);
    Some(difference([
        (
            model.journey.setup.port.number(),
            &model.journey,
            row.left,
            own,
        ),
        (c.journey.setup.port.number(), &c.journey, row.right, other),
    ]))
}

/// Each port's own step in row `at` of the comparison, and at the last row the summary; nothing
/// when not comparing.
pub fn notes(model: &Model, at: usize) -> Html {
    let Some(c) = model.compared.as_ref() else {
        return Html::default();
    };
    let Some(row) = c.rows.at(at) else {
        return Html::default();
    };
    let line = difference_at(model, at).unwrap_or_default();
    // The explanation's heading is the row's step: a port whose step has another title says it.
    let heading = model.step_at(at).map(|s| s.title.as_str());
    let sides = [(&model.journey, row.left), (&c.journey, row.right)];
    let steps: Vec<(u16, &Step)> = sides
        .iter()
        .filter_map(|&(j, i)| Some((j.setup.port.number(), j.steps.get(i?)?)))
        .collect();
    let parts = steps.iter().map(|&(port, step)| -> Html {
        let head = match heading == Some(step.title.as_str()) {
            true => format!("Port {port}"),
            false => format!("Port {port}: {}", step.title),
        };
        el("section")
            .class("port-notes")
            .attr("aria-label", format!("Port {port}"))
            .child(el("h3").text(head))
            .child(el("p").text(step.explanation.clone()))
            // The folded SYN retries: the wait, drawn to scale.
            .maybe_child((step.lesson == Lesson::Retransmits).then(|| retry_axis(step)))
            .child(
                el("p")
                    .class("rule")
                    .text("Rule: ")
                    .child(rfc_links(step.rfc)),
            )
            .into()
    });
    let mut codes_seen: Vec<(String, String)> = Vec::new();
    for code in steps.iter().flat_map(|&(_, s)| codes(s)) {
        if !codes_seen.iter().any(|(c, _)| *c == code.0) {
            codes_seen.push(code);
        }
    }
    let codes = codes_seen;
    let list = (!codes.is_empty()).then(|| {
        let terms = codes
            .into_iter()
            .flat_map(|(code, text)| [el("dt").text(code).into(), el("dd").text(text).into()]);
        el("dl").class("codes").children(terms)
    });
    let summary = (at == c.rows.len()).then(|| {
        let facts = c.rows.summary(&model.journey, &c.journey);
        let items = facts.into_iter().map(|fact| {
            el("li")
                .text(fact.text)
                .text(" (")
                .child(rfc_links(&fact.rfc))
                .text(")")
                .into()
        });
        el("section")
            .class("summary")
            .attr("aria-label", "What differed")
            .child(el("h3").text("What differed"))
            .child(el("ul").children(items))
    });
    // Its row, for the browser tests: the module draws a moment after the page's own step.
    el("div")
        .class("notes")
        .attr("data-row", at.to_string())
        .child(line)
        .maybe_child(summary)
        .child(parts.collect::<Html>())
        .maybe_child(list)
        .into()
}

/// Whether a step's lines travel inside TLS (all of them), in plaintext, or both.
fn travels(step: &Step) -> &'static str {
    let tls = step.events.iter().filter(|e| e.encrypted).count();
    match tls {
        0 => "in plaintext",
        n if n == step.events.len() => "inside TLS",
        _ => "plaintext, then TLS",
    }
}

/// How two compared ports differ at the current row, in one line: "465: already inside TLS ·
/// 587: Ask for encryption: STARTTLS". A port with a step of its own in this row says which; a
/// port without one says where it stands (its last line inside TLS or not); the same kind of
/// step on both sides says how each travels.
fn difference(ports: [(u16, &Journey, Option<usize>, usize); 2]) -> Html {
    let [(a, left, at_left, taken_left), (b, right, at_right, taken_right)] = ports;
    let same = match (at_left, at_right) {
        (Some(i), Some(j)) => left.steps[i].lesson == right.steps[j].lesson,
        _ => false,
    };
    let say = |journey: &Journey, at: Option<usize>, taken: usize| -> AttrValue {
        match at.map(|i| &journey.steps[i]) {
            Some(step) if same => travels(step).into(),
            Some(step) => step.title.clone().into(),
            None => match journey.events(taken).last() {
                Some(e) if e.encrypted => "already inside TLS".into(),
                Some(_) => "nothing at this step".into(),
                None => "not started".into(),
            },
        }
    };
    el("p")
        .class("difference")
        .child(el("strong").text(a.to_string()))
        .text(": ")
        .text(say(left, at_left, taken_left))
        .text(" · ")
        .child(el("strong").text(b.to_string()))
        .text(": ")
        .text(say(right, at_right, taken_right))
        .into()
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The page's state (`Settings::to_query`), its step a row of the comparison.
    pub query: AttrValue,
}

/// The notes for the page's state, in the element the page keeps for them.
#[function_component]
pub fn CompareNotes(props: &Props) -> Html {
    let model = use_memo(props.query.clone(), |query| Model::from_query(query));
    notes(&model, model.settings.step)
}
