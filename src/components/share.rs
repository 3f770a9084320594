//! "Embed this": the code to paste for the current state, two ways, and the link to it.
//! First the embed kit (`embed.js`): a plain link, with a poster where one exists, that the
//! script turns into the live widget, so feeds and readers without JavaScript keep the link and
//! the picture. Second a plain iframe, for sites that allow no scripts.

use crate::settings::{Settings, View};
use yew::prelude::*;

use crate::clipboard::Copied;
use crate::ui::el::el;
use crate::url;

pub struct Props {
    pub settings: Settings,
    /// What was copied last, and whether the browser allowed it.
    pub copied: Option<(Copied, bool)>,
    pub on_copy: Callback<(Copied, String)>,
}

/// The states with a poster (`posters/<name>.svg`, drawn at build time by `smtp-sim-poster`;
/// embed.js gets this list at build time), by the query of their journey.
pub const POSTERS: [(&str, &str); 4] = [
    ("?port=587", "587"),
    ("?port=465", "465"),
    ("?port=25&net=home", "25-home"),
    ("?port=465&compare=587", "465-vs-587"),
];

/// The poster of this state's journey, if it is one of the common ones.
pub fn poster(settings: &Settings) -> Option<&'static str> {
    if settings.view != View::Walkthrough {
        return None;
    }
    let journey = Settings {
        setup: settings.setup,
        compare: settings.compare,
        ..Settings::default()
    }
    .to_query();
    POSTERS
        .iter()
        .find(|(query, _)| *query == journey)
        .map(|(_, name)| *name)
}

/// The iframe's height in the snippet, in CSS pixels: about what the embedded page takes in an
/// article column (`pages::embed_height`; embed.js starts its frames at the same figures).
pub fn snippet_height(settings: &Settings) -> u32 {
    crate::pages::embed_height(settings.view, settings.compare.is_some())
}

pub const SANDBOX: &str =
    "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox";

/// A link in an attribute (titles and links hold no `"` or `<`: they are built from names).
fn attr(value: &str) -> String {
    value.replace('&', "&amp;")
}

/// The two snippets for this state of the page at `page` (its origin and path): the
/// `embed.js` form, and the plain iframe.
pub fn snippets(settings: &Settings, page: &str) -> (String, String) {
    let link = |embed| {
        let query = Settings {
            embed,
            ..settings.clone()
        };
        attr(&format!("{page}{}", query.to_query()))
    };
    let base = &page[..page.rfind('/').map_or(0, |i| i + 1)];
    let title = settings.title();
    let inside = match poster(settings) {
        Some(name) => {
            format!("<img src=\"{base}posters/{name}.svg\" alt=\"{title}\" width=\"640\">")
        }
        None => title.clone(),
    };
    let script = format!(
        "<a class=\"smtp-port-simulator\" href=\"{}\">{inside}</a>\n<script src=\"{base}embed.js\" async></script>",
        link(false)
    );
    let iframe = format!(
        "<iframe src=\"{}\" title=\"{title}\" height=\"{}\" style=\"border:0;display:block;width:100%\" loading=\"lazy\" allow=\"fullscreen\" sandbox=\"{SANDBOX}\"></iframe>",
        link(true),
        snippet_height(settings)
    );
    (script, iframe)
}

pub fn body(props: &Props) -> Html {
    let link = url::link(&props.settings, false);
    let page = link.split('?').next().unwrap_or_default();
    let (script, iframe) = snippets(&props.settings, page);
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
    el("div")
        .child(el("label").attr("for", "embed-script").text("With embed.js (recommended): it sizes itself, matches your page's theme, and stays a link with a picture in feeds"))
        .child(html! { <textarea id="embed-script" readonly=true rows="3" value={script.clone()} /> })
        .child(el("p").class("buttons").child(copy_button(Copied::EmbedCode, "Copy embed.js code", script)))
        .child(el("label").attr("for", "embed-code").text("Plain iframe: embed code for this exact state, for pages that allow no scripts"))
        .child(html! { <textarea id="embed-code" readonly=true rows="4" value={iframe.clone()} /> })
        .child(
            el("p")
                .class("buttons")
                .child(copy_button(Copied::EmbedCode, "Copy embed code", iframe))
                .child(copy_button(Copied::Link, "Copy link", link)),
        )
        .child(el("p").attr("role", "status").class("copied").text(status))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_states_have_posters() {
        let poster_of = |q: &str| poster(&Settings::from_query(q).0);
        assert_eq!(poster_of("?port=587&step=4&theme=dark"), Some("587"));
        assert_eq!(poster_of("?port=25&net=home&step=14"), Some("25-home"));
        assert_eq!(poster_of("?port=465&compare=587"), Some("465-vs-587"));
        assert_eq!(poster_of("?port=465&block=drop"), None);
        assert_eq!(poster_of("?port=587&view=console"), None);
    }

    #[test]
    fn the_poster_list_is_the_generators() {
        // embed.js gets the list at build time (src/contract.rs).
        let generator = include_str!("../../crates/smtp-sim/src/bin/smtp-sim-poster.rs");
        for (query, name) in POSTERS {
            assert!(
                generator.contains(&format!("(\"{query}\", \"{name}\")")),
                "{name} in the generator"
            );
        }
    }

    #[test]
    fn snippets_carry_the_state_and_a_title() {
        let (settings, _) = Settings::from_query("?port=465&compare=587&eaves=1&predict=1&step=3");
        let (script, iframe) = snippets(&settings, "https://example.org/tools/smtp/");
        assert!(
            script.starts_with("<a class=\"smtp-port-simulator\" href=\""),
            "{script}"
        );
        assert!(script.contains("posters/465-vs-587.svg"), "{script}");
        assert!(
            script.contains("alt=\"SMTP Port Simulator: 465 or 587?\""),
            "{script}"
        );
        assert!(script.contains("href=\"https://example.org/tools/smtp/?port=465&amp;"));
        assert!(
            script.ends_with(
                "<script src=\"https://example.org/tools/smtp/embed.js\" async></script>"
            ),
            "{script}"
        );
        for param in ["port=465", "compare=587", "step=3", "eaves=1", "predict=1"] {
            assert!(script.contains(param) && iframe.contains(param), "{param}");
        }
        assert!(iframe.contains("&amp;embed=1"), "{iframe}");
        assert!(iframe.contains("title=\"SMTP Port Simulator: 465 or 587?\""));
        assert!(iframe.contains("style=\"border:0;display:block;width:100%\""));
        assert!(iframe.contains("height=\"1740\""));
        assert!(iframe.contains(SANDBOX));
    }
}
