//! The retries of a dropped SYN on a time axis, shown with the explanation of the wait.

use smtp_sim::event::seconds;
use smtp_sim::path::network::{CONNECT_TIMEOUT_MS, SYN_RETRANSMITS_MS};
use smtp_sim::Step;
use yew::prelude::*;

use crate::ui::el::el;

/// The retries of a dropped SYN on a time axis (log scale, styles/app.css places each mark),
/// labelled with their times on the transcript's clock, then the moment `connect()` gives up.
pub fn retry_axis(step: &Step) -> Html {
    let start = step
        .events
        .first()
        .map_or(0, |e| e.at_ms.saturating_sub(SYN_RETRANSMITS_MS[0]));
    let mark = |ms: u64, decimals: u32, class: &'static str| -> Html {
        el("li").class(class).text(seconds(ms, decimals)).into()
    };
    let marks = step
        .events
        .iter()
        .map(|e| mark(e.at_ms, 0, "retry"))
        .chain([mark(start + CONNECT_TIMEOUT_MS, 1, "timeout")]);
    el("figure")
        .class("time-axis")
        .child(
            el("figcaption")
                .text("When each SYN went out, and when connect() gave up (log scale):"),
        )
        .child(el("ol").children(marks))
        .into()
}
