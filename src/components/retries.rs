//! The retries of a dropped SYN on a time axis, shown with the explanation of the wait, and a
//! clock that runs the wait as a time-lapse.

use smtp_sim::event::seconds;
use smtp_sim::path::network::{CONNECT_TIMEOUT_MS, SYN_RETRANSMITS_MS};
use smtp_sim::Step;
use yew::prelude::*;

use crate::ui::el::el;

/// How long the time-lapse of the whole wait takes, in real milliseconds.
const LAPSE_MS: u64 = 6_000;

/// The retries of a dropped SYN on a time axis (log scale, styles/app.css places each mark),
/// labelled with their times on the transcript's clock, then the moment `connect()` gives up.
/// A clock counts the wait from the first SYN in a few seconds, each mark showing as the clock
/// passes it (styles/app.css, with the delays set here from the events' own times); the figure
/// it ends at is the text, so a screen reader, or a reader who asked for less motion, gets it
/// at once.
pub fn retry_axis(step: &Step) -> Html {
    let start = step
        .events
        .first()
        .map_or(0, |e| e.at_ms.saturating_sub(SYN_RETRANSMITS_MS[0]));
    let end = start + CONNECT_TIMEOUT_MS;
    let mark = |ms: u64, decimals: u32, class: &'static str| -> Html {
        let delay = (ms - start.min(ms)) * LAPSE_MS / CONNECT_TIMEOUT_MS;
        el("li")
            .class(class)
            .attr("style", format!("animation-delay:{delay}ms"))
            .text(seconds(ms, decimals))
            .into()
    };
    let marks = step
        .events
        .iter()
        .map(|e| mark(e.at_ms, 0, "retry"))
        .chain([mark(end, 1, "timeout")]);
    el("figure")
        .class("time-axis")
        .child(
            el("figcaption")
                .text("When each SYN went out, and when connect() gave up (log scale):"),
        )
        .child(
            el("p").class("clock").text("Clock: ").child(
                el("span")
                    .attr("style", format!("--end:{}", end / 1000))
                    .text(seconds(end, 1)),
            ),
        )
        .child(el("ol").children(marks))
        .into()
}
