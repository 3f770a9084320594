//! "For the class": the state on the projector as a link a phone can use (without presenter
//! mode, which is made for a room's screen), to copy or to scan: a QR code drawn in the page as
//! SVG from the modules the `qrcode` crate encodes; and the journey as a printed handout.

use qrcode::{Color, EcLevel, QrCode};
use yew::prelude::*;

use super::handout::handout;
use crate::clipboard::Copied;
use crate::settings::Settings;
use crate::ui::el::el;
use crate::url;

/// The state for students: the page's, at the same step, without presenter mode or a frame's
/// look.
pub fn students(settings: &Settings) -> Settings {
    Settings {
        presenter: false,
        embed: false,
        ..settings.clone()
    }
}

/// The QR code of `text`: its width in modules and an SVG path of its dark modules, one `h1v1h-1z`
/// square each, offset by the 4-module quiet zone the standard asks for. `None` if it does not
/// fit in a QR code (a link is far shorter than the 2,331 bytes version 40 holds at level M).
pub fn qr(text: &str) -> Option<(usize, String)> {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).ok()?;
    let width = code.width();
    let mut path = String::new();
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            path += &format!("M{} {}h1v1h-1z", i % width + 4, i / width + 4);
        }
    }
    Some((width, path))
}

/// A panel body's props, as the builder's: the state, what was copied last, and the copy.
pub use super::share::Props;

#[function_component]
pub fn Students(props: &Props) -> Html {
    let link = url::link(&students(&props.settings), false);
    let status = match props.copied {
        Some((Copied::Link, true)) => "Link for students copied to the clipboard.",
        Some((Copied::Link, false)) => {
            "The browser did not allow copying: select the link above and copy it by hand."
        }
        _ => "",
    };
    let code = qr(&link).map(|(width, path)| {
        let size = (width + 8).to_string();
        html! {
            <svg class="qr" viewBox={format!("0 0 {size} {size}")} role="img"
                aria-label="QR code of the link for students" shape-rendering="crispEdges">
                <rect width={size.clone()} height={size} fill="#fff" />
                <path d={path} fill="#000" />
            </svg>
        }
    });
    let copy = {
        let link = link.clone();
        props
            .on_copy
            .reform(move |_: MouseEvent| (Copied::Link, link.clone()))
    };
    // The handout is drawn on the first press, then printed alone (`:root.printing-handout`).
    let printing = use_state(|| false);
    let setup = props.settings.setup;
    let sheet = use_memo((*printing, setup), |(on, setup)| {
        on.then(|| handout(&std::rc::Rc::new(smtp_sim::journey(*setup))))
    });
    use_effect_with(*printing, |on| {
        if *on {
            print_handout();
        }
    });
    let print = {
        let printing = printing.clone();
        Callback::from(move |_: MouseEvent| {
            if *printing {
                print_handout();
            } else {
                printing.set(true);
            }
        })
    };
    el("div")
        .child(el("p").text("The same state for the class's phones: the same step, without presenter mode (its large type is for the room's screen). Scan the code from the projector, or copy the link."))
        .maybe_child(code)
        .child(el("label").attr("for", "students-link").text("Link for students"))
        .child(html! { <input id="students-link" type="text" readonly=true value={link} /> })
        .child(
            el("p").class("buttons").child(
                el("button")
                    .attr("type", "button")
                    .on_click(&copy)
                    .text("Copy link for students"),
            ),
        )
        .child(el("p").attr("role", "status").class("copied").text(status))
        .child(el("h3").text("Handout"))
        .child(el("p").text("Every step of this journey on paper: its explanation, its lines and the sources they rest on, then the whole diagram."))
        .child(
            el("p").class("buttons").child(
                el("button")
                    .attr("type", "button")
                    .on_click(&print)
                    .text("Print a handout"),
            ),
        )
        .maybe_child((*sheet).clone())
        .into()
}

/// Prints the handout alone: the class on `<html>` holds for the print preview, which the
/// browser draws before `print()` returns.
fn print_handout() {
    let Some(window) = crate::ui::window() else {
        return;
    };
    let root = window.document().and_then(|d| d.document_element());
    if let Some(root) = &root {
        let _ = root.class_list().add_1("printing-handout");
    }
    let _ = window.print();
    if let Some(root) = &root {
        let _ = root.class_list().remove_1("printing-handout");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_students_link_leaves_presenter_mode_out_and_keeps_the_state() {
        let (settings, _) = Settings::from_query("?port=587&compare=465&step=8&present=1");
        assert!(settings.presenter);
        let query = students(&settings).to_query();
        assert_eq!(query, "?port=587&compare=465&step=8");
    }

    #[test]
    fn the_code_has_the_three_finder_patterns_of_a_qr_code() {
        // ISO/IEC 18004 §6.3.3: a 7×7 dark ring, a light ring, a 3×3 dark centre, in three corners.
        let (width, path) = qr("https://example.org/tools/smtp/?port=587&step=8").unwrap();
        assert!(
            (21..=177).contains(&width) && (width - 17) % 4 == 0,
            "{width}"
        );
        let dark = |x: usize, y: usize| path.contains(&format!("M{} {}h1v1h-1z", x + 4, y + 4));
        for (cx, cy) in [(0, 0), (width - 7, 0), (0, width - 7)] {
            for y in 0..7 {
                for x in 0..7 {
                    let ring = x == 0 || y == 0 || x == 6 || y == 6;
                    let centre = (2..=4).contains(&x) && (2..=4).contains(&y);
                    assert_eq!(
                        dark(cx + x, cy + y),
                        ring || centre,
                        "({cx},{cy}) +({x},{y})"
                    );
                }
            }
        }
        // The fourth corner holds data, not a finder pattern.
        let corner =
            (0..7).all(|i| dark(width - 7 + i, width - 7) && dark(width - 7, width - 7 + i));
        assert!(!corner);
    }
}
