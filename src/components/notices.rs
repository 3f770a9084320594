//! Calm, visible notices, e.g. when a link carried a value the app did not understand.

use yew::prelude::*;

pub struct Props {
    pub notices: Vec<String>,
    pub on_dismiss: Callback<()>,
}

pub fn notices(props: &Props) -> Html {
    let onclick = props.on_dismiss.reform(|_| ());
    // The status region is always in the page, so screen readers announce what appears in it.
    html! {
        <div class={classes!("notices", props.notices.is_empty().then_some("empty"))} role="status">
            if !props.notices.is_empty() {
                <ul>{ for props.notices.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                <button type="button" {onclick}>{ "Dismiss" }</button>
            }
        </div>
    }
}
