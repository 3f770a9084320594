//! Where the learner sends from, what a firewall does, how their program starts TLS, and which
//! port to compare with: the choices that change the journey.

use smtp_sim::{Block, ClientTls, Network, Port};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::ui::el::el;

pub struct Props {
    pub port: Port,
    pub network: Network,
    pub block: Option<Block>,
    pub client: Option<ClientTls>,
    pub compare: Option<Port>,
    pub on_network: Callback<Network>,
    pub on_block: Callback<Option<Block>>,
    pub on_client: Callback<Option<ClientTls>>,
    pub on_compare: Callback<Option<Port>>,
}

/// A labelled `<select>` whose options are (value, label) pairs.
fn select(
    id: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    current: &str,
    on: Callback<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
            on.emit(select.value());
        }
    });
    let options = options.into_iter().map(|(value, text)| {
        el("option")
            .flag("selected", value == current)
            .attr("value", value)
            .text(text)
            .into()
    });
    el("label")
        .class("choice")
        .attr("for", id)
        .child(el("span").text(label))
        .child(
            el("select")
                .attr("id", id)
                .on_change(&onchange)
                .children(options),
        )
        .into()
}

pub fn path_picker(props: &Props) -> Html {
    let s = props;
    let networks = Network::ALL.into_iter().map(|net| {
        let id = format!("net-{}", net.name());
        let onchange = props.on_network.reform(move |_| net);
        el("label")
            .attr("for", id.clone())
            .class("radio")
            .child(html! { <input type="radio" name="net" {id} checked={s.network == net} {onchange} /> })
            .text(net.label())
            .into()
    });
    let block = s.block.map_or("", Block::name);
    let blocks = vec![
        (String::new(), "As the network decides".to_string()),
        (
            "drop".into(),
            format!(
                "Drop port {} (silent: the client times out)",
                s.port.number()
            ),
        ),
        (
            "reject".into(),
            format!(
                "Refuse port {} (at once: connection refused)",
                s.port.number()
            ),
        ),
    ];
    let expected = ClientTls::expected_by(s.port);
    let mut clients = vec![(
        String::new(),
        format!("What the port expects ({})", expected.label()),
    )];
    clients.extend(ClientTls::ALL.map(|c| (c.name().to_string(), c.label().to_string())));
    let mut compares = vec![(String::new(), "No comparison".to_string())];
    compares.extend(
        Port::ALL
            .into_iter()
            .filter(|&p| p != s.port)
            .map(|p| (p.number().to_string(), format!("Port {}", p.number()))),
    );
    el("div")
        .class("setup")
        .child(
            el("fieldset")
                .class("path")
                .child(el("legend").text("Where you send from"))
                .children(networks)
                .child(el("p").class("story").text(s.network.story())),
        )
        .child(
            el("div")
                .class("choices")
                .child(select(
                    "block",
                    "Firewall rule",
                    blocks,
                    block,
                    props.on_block.reform(|v: String| Block::from_name(&v)),
                ))
                .child(select(
                    "client",
                    "Your program's TLS setting",
                    clients,
                    s.client.map_or("", ClientTls::name),
                    props.on_client.reform(|v: String| ClientTls::from_name(&v)),
                ))
                .child(select(
                    "compare",
                    "Compare with",
                    compares,
                    &s.compare.map_or(String::new(), |p| p.number().to_string()),
                    props
                        .on_compare
                        .reform(|v: String| v.parse().ok().and_then(Port::from_number)),
                )),
        )
        .into()
}
