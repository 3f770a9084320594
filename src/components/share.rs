//! "Embed this": a ready-to-paste iframe for the current state, and the link to it.

use crate::settings::Settings;
use yew::prelude::*;

use crate::state::Copied;
use crate::ui::el::el;
use crate::url;

pub struct Props {
    pub settings: Settings,
    /// What was copied last, and whether the browser allowed it.
    pub copied: Option<(Copied, bool)>,
    pub on_copy: Callback<(Copied, String)>,
}

pub fn share(props: &Props) -> Html {
    let link = url::link(&props.settings, false);
    let embedded = url::link(&props.settings, true);
    let snippet = format!(
        "<iframe src=\"{embedded}\" title=\"SMTP Port Simulator: port {}\" width=\"100%\" height=\"640\" loading=\"lazy\" sandbox=\"allow-scripts allow-same-origin allow-popups\"></iframe>",
        props.settings.setup.port.number()
    );
    let copy_button = |what: Copied, label: &'static str, text: String| {
        el("button")
            .attr("type", "button")
            .on_click(&props.on_copy.reform(move |_| (what, text.clone())))
            .text(label)
    };
    let name = |what: Copied| match what {
        Copied::Link => "link",
        _ => "embed code",
    };
    let status = match props.copied {
        Some((Copied::Command(_), _)) | None => String::new(),
        Some((Copied::EmbedCode, true)) => "Embed code copied to the clipboard.".to_string(),
        Some((Copied::Link, true)) => "Link copied to the clipboard.".to_string(),
        Some((what, false)) => format!(
            "The browser did not allow copying: select the {} above and copy it by hand.",
            name(what)
        ),
    };
    el("details")
        .class("panel share")
        .child(el("summary").text("Embed this"))
        .child(el("label").attr("for", "embed-code").text("Embed code for this exact state"))
        .child(html! { <textarea id="embed-code" readonly=true rows="4" value={snippet.clone()} /> })
        .child(
            el("p")
                .class("buttons")
                .child(copy_button(Copied::EmbedCode, "Copy embed code", snippet))
                .child(copy_button(Copied::Link, "Copy link", link)),
        )
        .child(el("p").attr("role", "status").class("copied").text(status))
        .child(el("p").text("The iframe works at a fixed height. To let it size itself, the host page can listen for the message the simulator posts, { type: \"smtp-port-simulator:height\", height }, and set the iframe's height (check the message's origin)."))
        .into()
}
