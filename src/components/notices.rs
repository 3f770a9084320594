//! Calm, visible notices, e.g. when a link carried a value the app did not understand.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub notices: Vec<String>,
    pub on_dismiss: Callback<()>,
}

#[function_component]
pub fn Notices(props: &Props) -> Html {
    if props.notices.is_empty() {
        return html! {};
    }
    let onclick = props.on_dismiss.reform(|_| ());
    html! {
        <div class="notices" role="status">
            <ul>{ for props.notices.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
            <button type="button" {onclick}>{ "Dismiss" }</button>
        </div>
    }
}
