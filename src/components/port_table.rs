//! The port table of vendor articles, but true: each row is a control that loads its journey.

use smtp_sim::port::{Port, Standing};
use yew::prelude::*;

pub struct Props {
    pub selected: Port,
    pub on_choose: Callback<Port>,
    /// Embedded: the port buttons only, no table of explanations.
    pub compact: bool,
}

const COLUMNS: [&str; 5] = [
    "Port",
    "For",
    "How TLS starts",
    "Standing",
    "Common myth, corrected",
];

pub fn port_table(props: &Props) -> Html {
    if props.compact {
        let buttons = Port::ALL.iter().map(|&port| {
            let onclick = props.on_choose.reform(move |_| port);
            let pressed = (port == props.selected).to_string();
            html! {
                <button type="button" class="port-choice" aria-pressed={pressed} {onclick}>
                    { format!("Port {}", port.number()) }
                </button>
            }
        });
        return html! { <div class="port-buttons" role="group" aria-label="Ports">{ for buttons }</div> };
    }
    let rows = Port::ALL.iter().map(|&port| {
        let info = port.info();
        let selected = port == props.selected;
        let onclick = props.on_choose.reform(move |_| port);
        let standing_class = match info.standing {
            Standing::Standard { .. } => "standing standard",
            Standing::VendorSpecific => "standing vendor",
        };
        html! {
            <tr class={classes!(selected.then_some("selected"))}>
                <th scope="row">
                    <button type="button" class="port-choice" aria-pressed={selected.to_string()} {onclick}>
                        { format!("Port {}", info.number) }
                    </button>
                </th>
                <td data-label="For">{ info.role_label() }<span class="purpose">{ info.purpose }</span></td>
                <td data-label="How TLS starts">{ info.tls.label() }</td>
                <td data-label="Standing"><span class={standing_class}>{ info.standing.label() }</span></td>
                <td data-label="Myth" class="myth">{ info.myth.unwrap_or("") }</td>
            </tr>
        }
    });
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="SMTP ports">
            <table class="ports">
                <caption>{ "Which port? Choose one to see what happens on the wire." }</caption>
                <thead>
                    <tr>{ for COLUMNS.iter().map(|name| html! { <th scope="col">{ *name }</th> }) }</tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
