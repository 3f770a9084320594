//! Calm, visible notices, e.g. when a link carried a value the app did not understand.

use crate::ui::el::el;
use yew::prelude::*;

pub struct Props {
    pub notices: Vec<String>,
    pub on_dismiss: Callback<()>,
}

pub fn notices(props: &Props) -> Html {
    let empty = props.notices.is_empty();
    // The status region is always in the page, so screen readers announce what appears in it.
    let region = el("div")
        .class(if empty { "notices empty" } else { "notices" })
        .attr("role", "status");
    if empty {
        return region.into();
    }
    let items = props
        .notices
        .iter()
        .map(|n| el("li").text(n.clone()).into());
    region
        .child(el("ul").children(items))
        .child(
            el("button")
                .attr("type", "button")
                .on_click(&props.on_dismiss.reform(|_| ()))
                .text("Dismiss"),
        )
        .into()
}
