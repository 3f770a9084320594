//! "Embed this": a builder for the code to paste into an article, one line per figure and one
//! script tag for them all. The element form and the link form (`embed.js` turns either into
//! the live widget; each holds the poster, sized as the widget, so the page reserves its box
//! before any script and readers without JavaScript see the picture), the plain iframe for
//! sites that allow no scripts (sized by attributes, no inline style, a link inside), the CSS
//! line that reserves an element's box, the CSP lines a strict blog adds, and the events.
//! A figure starts at step 0 unless the blogger asks for the step shown.

use crate::settings::{Settings, Theme, View};
use yew::prelude::*;

use crate::clipboard::Copied;
use crate::ui::el::el;
use crate::url;

/// The common states, by the query of their journey: embed.js draws their posters for an
/// element written by hand, without one inside (it gets this list at build time). The builder's
/// snippets carry the poster of any state.
#[cfg(any(test, feature = "prerender"))]
pub const COMMON: [&str; 4] = [
    "?port=587",
    "?port=465",
    "?port=25&net=home",
    "?port=465&compare=587",
];

/// The poster of this state (`posters/<name>.svg`: the build draws one for every state a link
/// can describe, `smtp-sim-poster`): a walkthrough's is named by the journeys it draws.
pub fn poster(settings: &Settings) -> String {
    let setup = settings.setup;
    match settings.view {
        View::Walkthrough => {
            smtp_sim::poster::name(&smtp_sim::poster::journeys(setup, settings.compare))
        }
        View::Console => format!("console-{}", setup.port.number()),
        View::Diagnose => "diagnose".into(),
    }
}

/// The iframe's height in the snippet, in CSS pixels: about what the embedded page takes in an
/// article column (`pages::embed_height`; embed.js starts its frames at the same figures).
pub fn snippet_height(settings: &Settings) -> u32 {
    crate::pages::embed_height(settings.view, settings.compare.is_some())
}

pub const SANDBOX: &str =
    "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox";

/// The width the snippets give a figure: an article column. Posters are drawn for it.
pub const WIDTH: u32 = 680;

/// A link in an attribute (titles and links hold no `"` or `<`: they are built from names).
fn attr(value: &str) -> String {
    value.replace('&', "&amp;")
}

thread_local! {
    /// The options chosen, kept while the body is mounted again for each new state.
    static CHOSEN: std::cell::Cell<Options> = std::cell::Cell::new(Options::default());
}

/// What the blogger chose in the builder.
#[derive(Clone, Copy, PartialEq, Default)]
pub struct Options {
    /// Start at the step shown on the page, not at step 0.
    pub at_step: bool,
    /// The reader cannot choose another port.
    pub lock: bool,
    /// `None`: follow the article (embed.js) or the reader's system (the plain iframe).
    pub theme: Option<Theme>,
}

/// The snippets for a state: one line per figure, and what they share.
pub struct Snippets {
    pub element: String,
    pub link: String,
    pub script: String,
    pub iframe: String,
    /// The line of CSS that reserves an element's box before embed.js runs.
    pub css: String,
    /// The directives a strict Content-Security-Policy adds.
    pub csp: String,
}

/// The snippets for this state of the page at `page` (its origin and path), as `options` say.
pub fn snippets(settings: &Settings, page: &str, options: Options) -> Snippets {
    let figure = Settings {
        step: if options.at_step { settings.step } else { 0 },
        lock_port: options.lock,
        theme: options.theme,
        embed: false,
        presenter: false,
        ..settings.clone()
    };
    let query = figure.to_query();
    let link = |embed: bool| {
        let query = Settings {
            embed,
            ..figure.clone()
        };
        attr(&format!("{page}{}", query.to_query()))
    };
    let base = &page[..page.rfind('/').map_or(0, |i| i + 1)];
    let origin = page.split('/').take(3).collect::<Vec<_>>().join("/");
    let title = settings.title();
    let height = snippet_height(settings);
    // A chosen theme pins the poster's colours (`#light`, `#dark`); else it follows the reader.
    let theme = match options.theme {
        Some(Theme::Light) => "#light",
        Some(Theme::Dark) => "#dark",
        None => "",
    };
    let name = poster(settings);
    let inside = format!(
        "<img src=\"{base}posters/{name}.svg{theme}\" alt=\"{title}\" width=\"{WIDTH}\" height=\"{height}\">"
    );
    // The plain iframe opens its state's page beside the poster: with JavaScript it goes on to
    // the simulator at once, without it shows the poster rather than the full page.
    let frame = attr(&format!(
        "{base}posters/{name}.html{}",
        Settings {
            embed: true,
            ..figure.clone()
        }
        .to_query()
    ));
    // The element's attributes are the link's parameters.
    let attributes: String = query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| format!(" {key}=\"{value}\""))
        .collect();
    Snippets {
        element: format!("<smtp-port-simulator{attributes}>{inside}</smtp-port-simulator>"),
        link: format!("<a class=\"smtp-port-simulator\" href=\"{}\">{inside}</a>", link(false)),
        script: format!("<script src=\"{base}embed.js\" async></script>"),
        iframe: format!(
            "<iframe src=\"{}\" title=\"{title}\" width=\"100%\" height=\"{height}\" frameborder=\"0\" loading=\"lazy\" allow=\"fullscreen\" sandbox=\"{SANDBOX}\"><a href=\"{}\">{title}</a></iframe>",
            frame,
            link(false)
        ),
        css: "smtp-port-simulator, a.smtp-port-simulator { display: block } smtp-port-simulator img, a.smtp-port-simulator img { display: block; width: 100%; height: auto }".into(),
        csp: format!("script-src {origin}; frame-src {origin}; img-src {origin}"),
    }
}

/// Listening to a figure and steering it, in the blog's own script file.
const EVENTS: &str = "const sim = document.querySelector('smtp-port-simulator');
sim.addEventListener('smtp-port-simulator:step', (e) => console.log(e.detail.step, e.detail.outcome));
document.querySelector('#show-auth').addEventListener('click', () => sim.goto(12));";

#[derive(Properties, PartialEq)]
pub struct Props {
    pub settings: Settings,
    /// What was copied last, and whether the browser allowed it.
    pub copied: Option<(Copied, bool)>,
    pub on_copy: Callback<(Copied, String)>,
}

#[function_component]
pub fn Builder(props: &Props) -> Html {
    let options = use_state(|| CHOSEN.get());
    CHOSEN.set(*options);
    let link = url::link(&props.settings, false);
    let page = link.split('?').next().unwrap_or_default();
    let mut chosen = *options;
    chosen.lock |= props.settings.lock_port;
    let code = snippets(&props.settings, page, chosen);
    let copy_button = |what: Copied, label: &'static str, text: String| {
        el("button")
            .attr("type", "button")
            .on_click(&props.on_copy.reform(move |_| (what, text.clone())))
            .text(label)
    };
    let status = match props.copied {
        Some((Copied::Command(_), _)) | None => String::new(),
        Some((Copied::EmbedCode, true)) => "Embed code copied to the clipboard.".to_string(),
        Some((Copied::Link, true)) => "Link copied to the clipboard.".to_string(),
        Some((what, false)) => format!(
            "The browser did not allow copying: select the {} above and copy it by hand.",
            if what == Copied::Link {
                "link"
            } else {
                "embed code"
            }
        ),
    };
    // One snippet: its label, the code (read-only, for selecting by hand), a Copy button.
    let snippet = |id: &'static str,
                   label: &'static str,
                   rows: &'static str,
                   text: String,
                   copy: &'static str| {
        Html::from_iter([
            el("label").attr("for", id).text(label).into(),
            html! { <textarea id={id} readonly=true rows={rows} value={text.clone()} /> },
            el("p")
                .class("buttons")
                .child(copy_button(Copied::EmbedCode, copy, text))
                .into(),
        ])
    };
    let toggle = |label: &'static str, on: bool, change: fn(&mut Options)| {
        let options = options.clone();
        el("label")
            .child(html! { <input type="checkbox" checked={on} onchange={Callback::from(move |_: Event| {
                let mut now = *options;
                change(&mut now);
                options.set(now);
            })} /> })
            .text(label)
    };
    let theme = {
        let options = options.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            options.set(Options {
                theme: match value.as_str() {
                    "light" => Some(Theme::Light),
                    "dark" => Some(Theme::Dark),
                    _ => None,
                },
                ..*options
            });
        })
    };
    let step = props.settings.step;
    el("div")
        .child(el("p").text("Paste one line per figure where it goes in your article, and the script tag once, anywhere on the page: one script serves every figure. Each figure is as tall as its content, the same at every step, with nothing to scroll inside it."))
        .child(
            el("fieldset")
                .class("options")
                .child(el("legend").text("Options"))
                .maybe_child((step > 0).then(|| toggle("Start at the step shown here, not at step 0", chosen.at_step, |o| o.at_step = !o.at_step)))
                .child(toggle("Readers cannot choose another port (lock=port)", chosen.lock, |o| o.lock = !o.lock))
                .child(
                    el("label").text("Theme ").child(
                        el("select")
                            .attr("aria-label", "Theme of the figure")
                            .on_change(&theme)
                            .child(el("option").attr("value", "auto").flag("selected", chosen.theme.is_none()).text("Follow the article"))
                            .child(el("option").attr("value", "light").flag("selected", chosen.theme == Some(Theme::Light)).text("Light"))
                            .child(el("option").attr("value", "dark").flag("selected", chosen.theme == Some(Theme::Dark)).text("Dark")),
                    ),
                )
                .child(el("p").class("hint-text").text("Parts: add show=\"controls,diagram,transcript\" (any of ports, controls, explanation, diagram, transcript) to show only those; without controls, readers cannot step it (your page can, with next() and goto()). Height: the figure sizes itself; height=\"…\" sets its box until it has.")),
        )
        .child(snippet("embed-element", "The element (one line per figure)", "3", code.element, "Copy the element"))
        .child(snippet("embed-script", "The script tag (once per page)", "1", code.script, "Copy the script tag"))
        .child(snippet("embed-link", "Or a link, which stays a link with a picture in feeds and e-mail", "3", code.link, "Copy the link form"))
        .child(snippet("embed-css", "In your style sheet: reserves each figure's box before the script runs", "2", code.css, "Copy the CSS line"))
        .child(snippet("embed-csp", "A strict Content-Security-Policy adds", "1", code.csp, "Copy the CSP directives"))
        .child(snippet("embed-code", "Plain iframe: embed code for this exact state, for pages that allow no scripts (sized by attributes, no inline style, a link inside)", "4", code.iframe, "Copy embed code"))
        .child(snippet("embed-events", "Events: follow the reader's steps and steer the figure, from your own script file", "3", EVENTS.into(), "Copy the events example"))
        .child(el("p").class("buttons").child(copy_button(Copied::Link, "Copy link", link)))
        .child(el("p").attr("role", "status").class("copied").text(status))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_walkthrough_has_the_poster_of_its_journeys() {
        let poster_of = |q: &str| poster(&Settings::from_query(q).0);
        let drawn = |q: &str| {
            let (settings, _) = Settings::from_query(q);
            let journeys = smtp_sim::poster::journeys(settings.setup, settings.compare);
            smtp_sim::poster::name(&journeys)
        };
        // The step and the look are not the journey; a port that the network does not touch
        // draws what the open network draws.
        assert_eq!(poster_of("?port=587&step=4&theme=dark"), drawn("?port=587"));
        assert_eq!(poster_of("?port=587&net=home"), drawn("?port=587"));
        assert_ne!(poster_of("?port=25&net=home"), drawn("?port=25"));
        for q in [
            "?port=465&block=drop",
            "?port=587&compare=465&attack=strip",
            "?port=25&mx=null",
            "?port=2525&client=plain&net=office",
        ] {
            assert_eq!(poster_of(q), drawn(q), "{q}");
        }
        assert_ne!(
            poster_of("?port=465&compare=587"),
            poster_of("?port=587&compare=465")
        );
        // The console's first screen depends on the port only; Diagnose's on nothing.
        assert_eq!(poster_of("?port=465&net=home&view=console"), "console-465");
        assert_eq!(poster_of("?view=diagnose&port=25"), "diagnose");
    }

    #[test]
    fn the_posters_are_drawn_for_the_box_the_snippets_give() {
        // Trunk.toml's hook draws the posters at the snippets' width and the frames' heights,
        // so a poster fills the box its <img> reserves, and loading it moves nothing.
        let trunk = include_str!("../../Trunk.toml");
        let height = |view, compare| crate::pages::embed_height(view, compare);
        let args = format!(
            "\"target/posters\", \"{WIDTH}\", \"{}\", \"{}\", \"{}\", \"{}\"",
            height(View::Walkthrough, false),
            height(View::Walkthrough, true),
            height(View::Console, false),
            height(View::Diagnose, false),
        );
        assert!(
            trunk.contains(&args),
            "Trunk.toml draws the posters with {args}"
        );
    }

    #[test]
    fn snippets_carry_the_state_and_a_title() {
        let (settings, _) = Settings::from_query("?port=465&compare=587&eaves=1&predict=1&step=3");
        let page = "https://example.org/tools/smtp/";
        let code = snippets(&settings, page, Options::default());
        let name = poster(&settings);
        let poster = format!("<img src=\"https://example.org/tools/smtp/posters/{name}.svg\" alt=\"SMTP Port Simulator: 465 or 587?\" width=\"680\" height=\"1740\">");
        assert_eq!(
            code.element,
            format!("<smtp-port-simulator port=\"465\" compare=\"587\" eaves=\"1\" predict=\"1\">{poster}</smtp-port-simulator>")
        );
        assert_eq!(
            code.link,
            format!("<a class=\"smtp-port-simulator\" href=\"{page}?port=465&amp;compare=587&amp;eaves=1&amp;predict=1\">{poster}</a>")
        );
        assert_eq!(
            code.script,
            format!("<script src=\"{page}embed.js\" async></script>")
        );
        assert_eq!(code.csp, "script-src https://example.org; frame-src https://example.org; img-src https://example.org");
        // The plain iframe: sized by attributes, no inline style (a strict CSP blocks it), a link inside.
        assert!(code.iframe.contains("&amp;embed=1"), "{}", code.iframe);
        // It opens the state's page beside its poster, which goes on to the simulator.
        assert!(
            code.iframe.starts_with(&format!(
                "<iframe src=\"{page}posters/{name}.html?port=465&amp;compare=587"
            )),
            "{}",
            code.iframe
        );
        assert!(code
            .iframe
            .contains("title=\"SMTP Port Simulator: 465 or 587?\""));
        assert!(code
            .iframe
            .contains("width=\"100%\" height=\"1740\" frameborder=\"0\""));
        assert!(!code.iframe.contains("style="), "{}", code.iframe);
        assert!(code.iframe.contains(SANDBOX));
        assert!(code
            .iframe
            .ends_with("\">SMTP Port Simulator: 465 or 587?</a></iframe>"));
        for text in [&code.element, &code.link, &code.iframe] {
            assert!(!text.contains("step="), "step 0 unless asked: {text}");
        }
    }

    #[test]
    fn options_ask_for_the_step_a_lock_and_a_theme() {
        let (settings, _) = Settings::from_query("?port=25&net=home&step=4&theme=dark");
        let options = Options {
            at_step: true,
            lock: true,
            theme: Some(Theme::Light),
        };
        let code = snippets(&settings, "https://example.org/smtp/", options);
        assert!(code.element.starts_with("<smtp-port-simulator port=\"25\" net=\"home\" step=\"4\" theme=\"light\" lock=\"port\">"), "{}", code.element);
        assert!(
            code.iframe
                .contains("step=4&amp;theme=light&amp;embed=1&amp;lock=port"),
            "{}",
            code.iframe
        );
        // The chosen theme pins the poster's colours too: readers without JavaScript see it.
        assert!(
            code.element.contains(".svg#light\" alt="),
            "{}",
            code.element
        );
        assert!(code.link.contains(".svg#light\" alt="), "{}", code.link);
        let plain = snippets(&settings, "https://example.org/smtp/", Options::default());
        assert!(
            !plain.element.contains("theme=") && !plain.element.contains("step="),
            "{}",
            plain.element
        );
        assert!(plain.element.contains(".svg\" alt="), "{}", plain.element);
    }
}
