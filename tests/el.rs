//! The element builder (`src/ui/el.rs`) against `html!`: the same elements built both ways must
//! give the same DOM (attributes, boolean attributes, ARIA states, text, optional children,
//! SVG), the same listeners must fire, and keyed children must keep their DOM nodes when they
//! move. The builder uses Yew's virtual DOM directly, so a Yew upgrade that changes what
//! `html!` produces, or how `VTag` and listeners behave, fails here.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use smtp_port_simulator::ui::el::el;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq, Clone)]
struct Props {
    /// Build with `el()` (true) or with `html!` (false).
    builder: bool,
    on: bool,
    /// The keys of the list items, in order.
    order: Vec<u32>,
    clicked: Callback<MouseEvent>,
    changed: Callback<Event>,
    pressed: Callback<KeyboardEvent>,
}

fn with_builder(p: &Props) -> Html {
    let title = p.on.then_some("shown when on");
    let items = p.order.iter().map(|&k| {
        Html::from(
            el("li")
                .key(k)
                .attr("data-key", k.to_string())
                .text(format!("item {k}")),
        )
    });
    el("div")
        .class("box")
        .attr("id", "built")
        .attr("data-x", "1")
        .maybe("title", title)
        .child(
            el("details")
                .flag("open", p.on)
                .child(el("summary").text("More")),
        )
        .child(
            el("select").on_change(&p.changed).child(
                el("option")
                    .attr("value", "a")
                    .flag("selected", p.on)
                    .text("A"),
            ),
        )
        .child(
            el("button")
                .attr("type", "button")
                .state("aria-pressed", p.on)
                .on_click(&p.clicked)
                .text("Press"),
        )
        .child(
            el("div")
                .attr("tabindex", "0")
                .on_keydown(&p.pressed)
                .text("<b>text, not HTML</b>"),
        )
        .maybe_child(p.on.then(|| el("p").text("sometimes")))
        .child(el("p").class("last").text("always"))
        .child(el("ul").child(items.collect::<Html>()))
        .child(
            el("svg")
                .attr("viewBox", "0 0 16 16")
                .child(el("path").attr("d", "M5 7V5")),
        )
        .into()
}

fn with_macro(p: &Props) -> Html {
    let title = p.on.then_some("shown when on");
    let items = p.order.iter().map(|&k| {
        html! { <li key={k} data-key={k.to_string()}>{ format!("item {k}") }</li> }
    });
    html! {
        <div class="box" id="built" data-x="1" {title}>
            <details open={p.on}><summary>{ "More" }</summary></details>
            <select onchange={p.changed.clone()}>
                <option value="a" selected={p.on}>{ "A" }</option>
            </select>
            <button type="button" aria-pressed={if p.on { "true" } else { "false" }}
                onclick={p.clicked.clone()}>{ "Press" }</button>
            <div tabindex="0" onkeydown={p.pressed.clone()}>{ "<b>text, not HTML</b>" }</div>
            if p.on { <p>{ "sometimes" }</p> } else { <></> }
            <p class="last">{ "always" }</p>
            <ul>{ for items }</ul>
            <svg viewBox="0 0 16 16"><path d="M5 7V5" /></svg>
        </div>
    }
}

#[function_component]
fn Both(p: &Props) -> Html {
    if p.builder {
        with_builder(p)
    } else {
        with_macro(p)
    }
}

/// One way of building, mounted, with a count of the events its listeners received.
struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<Both>>,
    props: Props,
    events: Rc<Cell<u32>>,
}

async fn mount(builder: bool) -> Mounted {
    let document = document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let events = Rc::new(Cell::new(0));
    let count = |events: &Rc<Cell<u32>>| {
        let events = events.clone();
        move || events.set(events.get() + 1)
    };
    let (click, change, key) = (count(&events), count(&events), count(&events));
    let props = Props {
        builder,
        on: true,
        order: vec![1, 2, 3],
        clicked: Callback::from(move |_: MouseEvent| click()),
        changed: Callback::from(move |_: Event| change()),
        pressed: Callback::from(move |e: KeyboardEvent| {
            assert_eq!(e.type_(), "keydown");
            key()
        }),
    };
    let handle = yew::Renderer::<Both>::with_root_and_props(root.clone(), props.clone()).render();
    yew::scheduler::flush().await;
    Mounted {
        root,
        handle: Some(handle),
        props,
        events,
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The DOM under `node` as text, each element's attributes in name order: `html!` sets
/// `class` after the other attributes, the builder where it is called, which changes nothing
/// but the order `innerHTML` lists them in.
fn describe(node: &web_sys::Node) -> String {
    let Some(element) = node.dyn_ref::<Element>() else {
        return node.text_content().unwrap_or_default();
    };
    let mut names: Vec<String> = element
        .get_attribute_names()
        .iter()
        .filter_map(|n| n.as_string())
        .collect();
    names.sort();
    let attributes: String = names
        .iter()
        .map(|n| format!(" {n}={:?}", element.get_attribute(n).unwrap_or_default()))
        .collect();
    let children = node.child_nodes();
    let inner: String = (0..children.length())
        .filter_map(|i| children.item(i))
        .map(|child| describe(&child))
        .collect();
    let (tag, namespace) = (
        element.tag_name(),
        element.namespace_uri().unwrap_or_default(),
    );
    format!("<{tag} ns={namespace:?}{attributes}>{inner}</{tag}>")
}

impl Mounted {
    fn html(&self) -> String {
        describe(&self.root)
    }

    fn find(&self, selector: &str) -> Element {
        self.root.query_selector(selector).unwrap().unwrap()
    }

    async fn update(&mut self, change: impl FnOnce(&mut Props)) {
        change(&mut self.props);
        if let Some(handle) = self.handle.as_mut() {
            handle.update(self.props.clone());
        }
        yew::scheduler::flush().await;
    }

    /// Click the button, change the select, press a key in the div: the events counted.
    async fn fire(&self) -> u32 {
        let before = self.events.get();
        self.find("button").unchecked_into::<HtmlElement>().click();
        self.find("select")
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        self.find("div[tabindex]")
            .dispatch_event(&web_sys::KeyboardEvent::new("keydown").unwrap())
            .unwrap();
        yew::scheduler::flush().await;
        self.events.get() - before
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

#[wasm_bindgen_test]
async fn builder_and_macro_make_the_same_dom() {
    let mut built = mount(true).await;
    let mut expanded = mount(false).await;
    assert_eq!(built.html(), expanded.html());
    // What the comparison stands on: attributes, a boolean attribute as html! writes it, text
    // not parsed as HTML, the optional child there, SVG in its namespace.
    let html = built.root.inner_html();
    assert!(
        html.contains(r#"<option value="a" selected="selected">A</option>"#),
        "{html}"
    );
    assert!(html.contains(r#"aria-pressed="true""#), "{html}");
    assert!(html.contains("&lt;b&gt;text, not HTML&lt;/b&gt;"), "{html}");
    assert!(html.contains("<p>sometimes</p>"), "{html}");
    assert_eq!(
        built.find("path").namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg")
    );

    // Off: boolean attributes and the optional child go, the ARIA state says "false".
    for m in [&mut built, &mut expanded] {
        m.update(|p| p.on = false).await;
    }
    assert_eq!(built.html(), expanded.html());
    let html = built.root.inner_html();
    assert!(!html.contains("selected") && !html.contains("open") && !html.contains("title"));
    assert!(html.contains(r#"aria-pressed="false""#) && !html.contains("sometimes"));
}

#[wasm_bindgen_test]
async fn listeners_fire_the_same_way() {
    for builder in [true, false] {
        let mut m = mount(builder).await;
        assert_eq!(
            m.fire().await,
            3,
            "click, change and keydown (builder: {builder})"
        );
        // After a re-render the listeners are still there, once each.
        m.update(|p| p.on = false).await;
        assert_eq!(m.fire().await, 3, "after an update (builder: {builder})");
    }
}

#[wasm_bindgen_test]
async fn keyed_children_keep_their_nodes() {
    for builder in [true, false] {
        let mut m = mount(builder).await;
        let second = m.find(r#"li[data-key="2"]"#);
        let last = m.find("p.last");
        m.update(|p| p.order = vec![3, 2, 1, 4]).await;
        let keys: Vec<String> = (0..4)
            .map(|i| {
                m.find(&format!("li:nth-child({})", i + 1))
                    .get_attribute("data-key")
                    .unwrap()
            })
            .collect();
        assert_eq!(keys, ["3", "2", "1", "4"], "builder: {builder}");
        assert!(
            second.is_same_node(Some(&m.find(r#"li[data-key="2"]"#))),
            "item 2 moved, not rebuilt (builder: {builder})"
        );
        // The optional child before it came and went without rebuilding its siblings.
        m.update(|p| p.on = false).await;
        assert!(
            last.is_same_node(Some(&m.find("p.last"))),
            "builder: {builder}"
        );
    }
    let (built, expanded) = (mount(true).await, mount(false).await);
    assert_eq!(built.html(), expanded.html());
}
