//! Whether a firewall between the sender and the server lets the port through.

use smtp_sim::Block;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub block: Option<Block>,
    pub port: u16,
    pub on_change: Callback<Option<Block>>,
}

#[function_component]
pub fn PathPicker(props: &Props) -> Html {
    let options = [
        (None, "Open path".to_string()),
        (
            Some(Block::Drop),
            format!("Port {} dropped by a firewall", props.port),
        ),
        (
            Some(Block::Reject),
            format!("Port {} refused by a firewall", props.port),
        ),
    ];
    let radios = options.into_iter().map(|(value, label)| {
        let id = format!("block-{}", value.map_or("none", Block::name));
        let onchange = props.on_change.reform(move |_| value);
        html! {
            <label for={id.clone()} class="radio">
                <input type="radio" name="block" id={id} checked={props.block == value} {onchange} />
                { label }
            </label>
        }
    });
    html! {
        <fieldset class="path">
            <legend>{ "The network path" }</legend>
            { for radios }
        </fieldset>
    }
}
