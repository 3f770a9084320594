//! The live view's page: a short header with the way back to the walkthrough, the view, and a
//! footer line on where the lab's data stays. It is a page of its own (boot.js starts
//! this module instead of the walkthrough's app), so it links the views' style sheet
//! and applies `theme=` itself, as the app does for its own views.

use yew::prelude::*;

use smtp_port_simulator::ui::el::el;

use crate::view::Live;

#[function_component]
pub fn LivePage() -> Html {
    [
        Html::from(el("header")
            .class("site")
            .child(el("h1").text("SMTP Port Simulator"))
            .child(
                el("div").class("header-tools").child(
                    el("a")
                        .attr("href", "./")
                        .text("Back to the walkthrough"),
                ),
            )),
        el("main")
            .attr("id", "main")
            .child(html! { <Live /> })
            .into(),
        el("footer")
            .class("site")
            .child(el("p").text("The sessions come from smtp-sim lab on this computer; this page only listens to it and sends nothing."))
            .into(),
    ]
    .into_iter()
    .collect::<Html>()
}

/// `theme=light|dark` from the link on `<html>` (none follows the system), the views' style
/// sheet, then the page in `#app`.
pub fn start() {
    let Some(document) = smtp_port_simulator::ui::window().and_then(|w| w.document()) else {
        return;
    };
    let theme = smtp_port_simulator::ui::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("theme"));
    if let (Some(root), Some(theme @ ("light" | "dark"))) =
        (document.document_element(), theme.as_deref())
    {
        let _ = root.set_attribute("data-theme", theme);
    }
    if let (Ok(link), Some(head)) = (document.create_element("link"), document.head()) {
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", "views.css");
        let _ = head.append_child(&link);
    }
    if let Some(root) = document.get_element_by_id("app") {
        // The walkthrough's first screen drawn at build time goes (Yew empties its root).
        let _ = root.remove_attribute("data-prerendered");
        yew::Renderer::<LivePage>::with_root(root).render();
    }
}
