//! Whether a line crossed the network in plaintext or inside TLS, in the same words and colours
//! in the transcript, the diagram and the console: a word for screen readers and print, a class
//! for the colour (warm for plaintext, cool for TLS), and in the transcript a padlock.

use crate::ui::el::{el, El};

/// "TLS" or "plain": the word on the line, and the class that colours it.
pub fn word(encrypted: bool) -> &'static str {
    if encrypted {
        "TLS"
    } else {
        "plain"
    }
}

/// The class that colours a diagram arrow: "tls" or "plain".
pub fn kind(encrypted: bool) -> &'static str {
    if encrypted {
        "tls"
    } else {
        "plain"
    }
}

/// The badge at the end of a line: `<span class="enc tls">` with the word, after a padlock
/// when `lock` is set.
pub fn badge(encrypted: bool, lock: bool) -> El {
    let class = if encrypted { "enc tls" } else { "enc plain" };
    let badge = el("span").class(class);
    match lock {
        true => badge.child(lock_icon(encrypted)),
        false => badge,
    }
    .text(word(encrypted))
}

/// A padlock drawn inline (no icon font, no request), closed for TLS, open for plaintext.
fn lock_icon(closed: bool) -> El {
    let shackle = if closed {
        "M5 7V5a3 3 0 0 1 6 0v2"
    } else {
        "M5 7V5a3 3 0 0 1 6 0"
    };
    el("svg")
        .class("lock")
        .attr("viewBox", "0 0 16 16")
        .attr("width", "12")
        .attr("height", "12")
        .attr("aria-hidden", "true")
        .attr("focusable", "false")
        .child(
            el("path")
                .attr("d", shackle)
                .attr("fill", "none")
                .attr("stroke", "currentColor")
                .attr("stroke-width", "1.6"),
        )
        .child(
            el("rect")
                .attr("x", "3")
                .attr("y", "7")
                .attr("width", "10")
                .attr("height", "8")
                .attr("rx", "1.5")
                .attr("fill", "currentColor"),
        )
}
