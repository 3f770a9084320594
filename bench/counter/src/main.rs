//! The benchmark baseline: one button and one number, the least a Yew app can render.

use yew::prelude::*;

#[function_component]
fn App() -> Html {
    let count = use_state(|| 0_u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_: MouseEvent| count.set(*count + 1))
    };
    html! {
        <main>
            <h1>{ "Counter" }</h1>
            <button type="button" {onclick}>{ "Add one" }</button>
            <p>{ format!("Count {}", *count) }</p>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
