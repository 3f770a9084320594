//! The port table of vendor articles, but true: each row is a control that loads its journey.

use crate::ui::el::el;
use smtp_sim::path::port::{Port, Standing};
use yew::prelude::*;

pub struct Props {
    pub selected: Port,
    pub on_choose: Callback<Port>,
    /// Embedded: the port buttons only, no table of explanations.
    pub compact: bool,
    /// The buttons say the number alone ("465"), in a group named "Port": the stage's chooser,
    /// beside the full table whose buttons say "Port 465".
    pub short: bool,
}

const COLUMNS: [&str; 5] = [
    "Port",
    "For",
    "How TLS starts",
    "Standing",
    "Common myth, corrected",
];

pub fn port_table(props: &Props) -> Html {
    let short = props.short;
    let choice = |port: Port, selected: bool| {
        el("button")
            .attr("type", "button")
            .class("port-choice")
            .state("aria-pressed", selected)
            .on_click(&props.on_choose.reform(move |_| port))
            .text(if short {
                port.number().to_string()
            } else {
                format!("Port {}", port.number())
            })
    };
    if props.compact {
        let buttons = Port::ALL
            .iter()
            .map(|&port| choice(port, port == props.selected).into());
        return el("div")
            .class("port-buttons")
            .attr("role", "group")
            .attr("aria-label", if short { "Port" } else { "Ports" })
            .children(buttons)
            .into();
    }
    let rows = Port::ALL.iter().map(|&port| {
        let info = port.info();
        let selected = port == props.selected;
        let standing_class = match info.standing {
            Standing::Standard { .. } => "standing standard",
            Standing::VendorSpecific => "standing vendor",
        };
        let cell = |label: &'static str| el("td").attr("data-label", label);
        el("tr")
            .maybe("class", selected.then_some("selected"))
            .child(el("th").attr("scope", "row").child(choice(port, selected)))
            .child(
                cell("For")
                    .text(info.role_label())
                    .child(el("span").class("purpose").text(info.purpose)),
            )
            .child(cell("How TLS starts").text(info.tls.label()))
            .child(
                cell("Standing")
                    .child(el("span").class(standing_class).text(info.standing.label())),
            )
            .child(cell("Myth").class("myth").text(info.myth.unwrap_or("")))
            .into()
    });
    let head = COLUMNS
        .iter()
        .map(|&name| el("th").attr("scope", "col").text(name).into());
    el("div")
        .class("table-scroll")
        .attr("tabindex", "0")
        .attr("role", "region")
        .attr("aria-label", "SMTP ports")
        .child(
            el("table")
                .class("ports")
                .child(
                    el("caption").text("Which port? Choose one to see what happens on the wire."),
                )
                .child(el("thead").child(el("tr").children(head)))
                .child(el("tbody").children(rows)),
        )
        .into()
}
