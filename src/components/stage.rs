//! The stage: what one key press changes, kept together in one box that fits the screen (the
//! layout itself is CSS, styles/app.css "The stage"). Here: the height an embedding page should
//! give its iframe, the one-line scenario banner, the line that says how two compared ports
//! differ at the current row, and the time axis of the folded SYN retries. Plain functions: no
//! component of their own (each costs about 1 KB of WebAssembly).

use smtp_sim::path::network::{seconds, CONNECT_TIMEOUT_MS, SYN_RETRANSMITS_MS};
use smtp_sim::{Block, ClientTls, Journey, Step};
use yew::prelude::*;

use crate::settings::{Settings, View};
use crate::ui::el::el;

/// The iframe height (CSS pixels) that fits the embedded page in `view`, comparing or not.
/// Embedded, the page fills its frame exactly (`main.embedded` is `100dvh` tall) and scrolls the
/// transcript, the diagram and the console log inside it, so this height does not change while
/// the reader steps or types. The snippet under "Embed this" states it.
pub fn embed_height(view: View, compare: bool) -> u32 {
    match (view, compare) {
        (View::Walkthrough, false) => 640,
        // Two transcripts and the line that says how the ports differ.
        (View::Walkthrough, true) => 720,
        // The log keeps its space from the start: the field never moves under the reader.
        (View::Console, _) => 600,
        (View::Diagnose, _) => 720,
    }
}

/// "Home ISP · the firewall drops the connection": where the journey starts from and what
/// happens to it, in the model's own words (the network's label, the port's way of starting
/// TLS, the attacker's label). The longer story follows in a second line.
pub fn banner(settings: &Settings) -> Html {
    let setup = settings.setup;
    let fate = match setup.blocked() {
        Some(Block::Drop) => "dropped on the way: no answer",
        Some(Block::Reject) => "refused on the way",
        None => setup.port.info().tls.label(),
    };
    // The program's own TLS setting, when it is not what the port expects: it decides the lesson.
    let client = setup
        .client
        .filter(|&c| c != ClientTls::expected_by(setup.port))
        .map(|c| format!(" · your program: {}", c.label()));
    let attack = setup
        .attack
        .map(|a| el("span").class("attack").text(a.label()));
    el("div")
        .class("banner")
        .child(
            el("p")
                .class("scenario")
                .text(setup.network.label())
                .text(" · ")
                .text(fate)
                .text(client.unwrap_or_default())
                .maybe_child(attack),
        )
        .child(el("p").class("story").text(setup.network.story()))
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
pub fn difference(ports: [(u16, &Journey, Option<usize>, usize); 2]) -> Html {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_height_depends_on_the_view_and_comparing_only() {
        assert_eq!(embed_height(View::Walkthrough, false), 640);
        assert_eq!(embed_height(View::Walkthrough, true), 720);
        assert_eq!(embed_height(View::Console, false), 600);
        assert_eq!(embed_height(View::Console, true), 600);
        assert_eq!(embed_height(View::Diagnose, false), 720);
        for view in [View::Walkthrough, View::Console, View::Diagnose] {
            assert!(embed_height(view, true) <= 720);
        }
    }
}
