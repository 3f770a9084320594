//! An article's frame (`embed=1`): the walkthrough or another view only, with a way out to the
//! full page. Built into its own module (src/bin/embed-view.rs, the `embed` feature), with its
//! own sheet (styles/embed.css): the page is as tall as its content, and that height does not
//! change while the reader steps (every step is laid out up front, the current one shown).

use yew::prelude::*;

use super::{ports, Page};
use crate::embed;
use crate::settings::{Part, View};
use crate::ui::el::el;
use crate::url;

/// The frame's height (CSS pixels) that embed.js gives an embed in `view`, comparing or not,
/// until the widget reports its own: about what the walkthrough takes in a 680 px article
/// column (every step laid out up front, so it holds at every step). The console keeps a
/// fixed height and scrolls its log inside.
pub fn embed_height(view: View, compare: bool) -> u32 {
    match (view, compare) {
        (View::Walkthrough, false) => 1260,
        // Two transcripts and the line that says how the ports differ.
        (View::Walkthrough, true) => 1740,
        // The log keeps its space from the start: the field never moves under the reader.
        (View::Console, _) => 600,
        (View::Diagnose, _) => 720,
    }
}

/// An article column: the simulator only, and a way out to the full page.
pub(super) fn embedded(page: Page) -> Html {
    let settings = &page.model.settings;
    embed::state_attrs(el("main"), page.model)
        .attr("id", "main")
        .class("embedded")
        .child(
            el("div")
                .class("embed-bar")
                .maybe_child(
                    (settings.shows(Part::Ports) && !settings.port_locked())
                        .then(|| ports(page.model, page.on, true, false)),
                )
                .child(
                    el("a")
                        .attr("href", url::link(&page.model.settings, false))
                        .attr("target", "_blank")
                        .attr("rel", "noopener")
                        .text("Open full simulator"),
                ),
        )
        .child(page.notices)
        .child(page.body)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_height_depends_on_the_view_and_comparing_only() {
        assert_eq!(embed_height(View::Walkthrough, false), 1260);
        assert_eq!(embed_height(View::Walkthrough, true), 1740);
        assert_eq!(embed_height(View::Console, false), 600);
        assert_eq!(embed_height(View::Console, true), 600);
        assert_eq!(embed_height(View::Diagnose, false), 720);
    }
}
