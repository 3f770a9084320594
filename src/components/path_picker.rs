//! Where the learner sends from, what a firewall does, how their program starts TLS, who sits on
//! the path, and which port to compare with: the choices that change the journey. Each control
//! hands back the whole `Setup`, changed in one field, so a new journey parameter needs one
//! control here and nothing else in the app.

use smtp_sim::path::attacker::{Attack, Policy};
use smtp_sim::{Block, ClientTls, Mx, Network, Port, Setup};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::ui::el::el;

pub struct Props {
    pub setup: Setup,
    pub compare: Option<Port>,
    pub on_setup: Callback<Setup>,
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

/// A callback that changes one field of the setup.
fn change(props: &Props, set: impl Fn(&mut Setup, String) + 'static) -> Callback<String> {
    let (setup, on) = (props.setup, props.on_setup.clone());
    Callback::from(move |value: String| {
        let mut next = setup;
        set(&mut next, value);
        on.emit(next);
    })
}

pub fn path_picker(props: &Props) -> Html {
    let s = &props.setup;
    let networks = Network::ALL.into_iter().map(|net| {
        let id = format!("net-{}", net.name());
        let (setup, on) = (*s, props.on_setup.clone());
        let onchange = Callback::from(move |_: Event| {
            on.emit(Setup {
                network: net,
                ..setup
            })
        });
        el("label")
            .attr("for", id.clone())
            .class("radio")
            .child(html! { <input type="radio" name="net" {id} checked={s.network == net} {onchange} /> })
            .text(net.label())
            .into()
    });
    let block = s.block.map_or("", Block::name);
    let blocks = std::iter::once((String::new(), "As the network decides".to_string()))
        .chain(Block::ALL.map(|b| (b.name().to_string(), b.choice(s.port.number()))))
        .collect();
    let expected = ClientTls::expected_by(s.port);
    let mut clients = vec![(
        String::new(),
        format!("What the port expects: {}", expected.label()),
    )];
    clients.extend(ClientTls::ALL.map(|c| (c.name().to_string(), c.label().to_string())));
    let mut attacks = vec![(
        String::new(),
        "Nobody: only a passive eavesdropper".to_string(),
    )];
    attacks.extend(Attack::ALL.map(|a| (a.name().to_string(), a.label().to_string())));
    let policies = Policy::ALL
        .map(|p| (p.name().to_string(), p.label().to_string()))
        .to_vec();
    // A relay at `may` never checks the certificate, whatever a box would say: it checks only
    // when set to require STARTTLS (Postfix `verify`) or under a policy
    // (Setup::checks_certificate), so the box shows there only where it changes something.
    let verify = (s.port != Port::P25 || s.client() == ClientTls::Starttls).then(|| {
        let (setup, on) = (*s, props.on_setup.clone());
        let onchange = Callback::from(move |_: Event| {
            on.emit(Setup {
                verify: !setup.verify,
                ..setup
            })
        });
        el("label")
            .class("check")
            .attr("for", "verify")
            .child(html! { <input type="checkbox" id="verify" checked={s.verify} {onchange} /> })
            .text("Your program checks the server's certificate")
    });
    // Only a relay has a TLS policy of its own (MTA-STS, DANE): a mail program has its setting.
    let policy = (s.port == Port::P25).then(|| {
        select(
            "policy",
            "The sending server's TLS policy",
            policies,
            s.policy.name(),
            change(props, |s, v| {
                s.policy = Policy::from_name(&v).unwrap_or(Policy::Opportunistic)
            }),
        )
    });
    // ...and only a relay looks up the recipient domain's MX.
    let mx = (s.port == Port::P25).then(|| {
        select(
            "mx",
            "The recipient domain's MX",
            Mx::ALL
                .map(|m| (m.name().to_string(), m.choice().to_string()))
                .to_vec(),
            s.mx.name(),
            change(props, |s, v| s.mx = Mx::from_name(&v).unwrap_or(Mx::Listed)),
        )
    });
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
                    change(props, |s, v| s.block = Block::from_name(&v)),
                ))
                .child(select(
                    "client",
                    "Your program's TLS setting",
                    clients,
                    s.client.map_or("", ClientTls::name),
                    change(props, |s, v| s.client = ClientTls::from_name(&v)),
                ))
                .child(select(
                    "attack",
                    "Attacker on the path",
                    attacks,
                    s.attack.map_or("", Attack::name),
                    change(props, |s, v| s.attack = Attack::from_name(&v)),
                ))
                .maybe_child(verify)
                .maybe_child(policy)
                .maybe_child(mx)
                .child(select(
                    "compare",
                    "Compare with",
                    compares,
                    &props
                        .compare
                        .map_or(String::new(), |p| p.number().to_string()),
                    props
                        .on_compare
                        .reform(|v: String| v.parse().ok().and_then(Port::from_number)),
                )),
        )
        .into()
}
