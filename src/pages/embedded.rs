//! An article's frame (`embed=1`): the walkthrough or another view only, with a way out to the
//! full page, laid out for a fixed frame height.

use yew::prelude::*;

use super::{ports, Page};
use crate::embed;
use crate::settings::{Part, View};
use crate::ui::el::el;
use crate::url;

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

/// An article column: the simulator only, and a way out to the full page.
pub(super) fn embedded(page: Page) -> Html {
    let settings = &page.model.settings;
    let height = embed_height(settings.view, page.model.compared.is_some());
    embed::state_attrs(el("main"), page.model)
        .attr("id", "main")
        .class("embedded")
        // The frame height this state is laid out for (the snippet states the same).
        .attr("data-height", height.to_string())
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
