//! Page elements built with a few out-of-line calls instead of `html!`.
//!
//! `html!` expands every element into its full construction at the call site: about 300 bytes
//! of WebAssembly per element, and the page has some 150 of them. Built here, an element costs
//! one call per attribute or child: kilobytes less to download over the whole page, which every
//! reader of every embedding page pays (the figures: bench/latest.md).
//! `html!` stays for form fields, whose value and checked state it manages, and for components.
//!
//! Only Yew's public API is used (`VTag::new`, `add_attribute`, `add_listener`, the `Listener`
//! trait); `tests/el.rs` renders the same elements with `el()` and with `html!` and compares the
//! DOM, so a Yew upgrade that changes either fails a test. Yew is pinned (`=0.23.0`).

use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::virtual_dom::{Key, Listener, ListenerKind, VNode, VTag, VText};
use yew::{AttrValue, Callback, Event, Html, KeyboardEvent, MouseEvent, NodeRef};

/// An element under construction. Boxed, so that each call moves a pointer, not the element.
pub struct El(Box<VTag>);

/// `<tag>`, without attributes or children yet. Not for `input` or `textarea`: `html!` manages
/// their value (see the module's note). `VTag::new` lowercases the name at run time to pick
/// those two out, which `html!`'s hidden constructor (`__new_other`) skips: measured, 0.2 KB
/// more brotli, kept for the sake of a public API.
#[inline(never)]
pub fn el(tag: &'static str) -> El {
    El(Box::new(VTag::new(AttrValue::Static(tag))))
}

/// An event listener: what Yew's `onclick={…}` builds, through the public `Listener` trait
/// (Yew's own wrappers live in modules only its macro should name). One generic type for every
/// event: the callback gets the event cast to the type it expects, as Yew's wrappers do.
struct On<E> {
    /// A function, not a `ListenerKind` to clone: that clone (the enum has a `Cow` variant)
    /// cost 0.2 KB of brotli.
    kind: fn() -> ListenerKind,
    callback: Callback<E>,
}

impl<E: JsCast + 'static> Listener for On<E> {
    fn kind(&self) -> ListenerKind {
        (self.kind)()
    }

    fn handle(&self, event: web_sys::Event) {
        self.callback.emit(event.unchecked_into());
    }

    fn passive(&self) -> bool {
        false
    }
}

impl El {
    pub fn attr(self, key: &'static str, value: impl Into<AttrValue>) -> El {
        self.set(key, value.into())
    }

    #[inline(never)]
    fn set(mut self, key: &'static str, value: AttrValue) -> El {
        self.0.add_attribute(key, value);
        self
    }

    pub fn class(self, value: &'static str) -> El {
        self.set("class", AttrValue::Static(value))
    }

    /// An attribute that is only there when it has a value.
    pub fn maybe(self, key: &'static str, value: Option<impl Into<AttrValue>>) -> El {
        match value {
            Some(value) => self.set(key, value.into()),
            None => self,
        }
    }

    /// An HTML boolean attribute (`selected`, `open`…): present when true, as `html!` does.
    pub fn flag(self, key: &'static str, on: bool) -> El {
        self.maybe(key, on.then_some(key))
    }

    /// An ARIA state (`aria-pressed`, `aria-checked`…): "true" or "false".
    pub fn state(self, key: &'static str, on: bool) -> El {
        self.set(key, AttrValue::Static(if on { "true" } else { "false" }))
    }

    pub fn node_ref(mut self, node_ref: &NodeRef) -> El {
        self.0.node_ref = node_ref.clone();
        self
    }

    pub fn key(mut self, key: impl Into<Key>) -> El {
        self.0.key = Some(key.into());
        self
    }

    pub fn on_click(self, callback: &Callback<MouseEvent>) -> El {
        self.on(|| ListenerKind::onclick, callback)
    }

    pub fn on_change(self, callback: &Callback<Event>) -> El {
        self.on(|| ListenerKind::onchange, callback)
    }

    pub fn on_keydown(self, callback: &Callback<KeyboardEvent>) -> El {
        self.on(|| ListenerKind::onkeydown, callback)
    }

    fn on<E: JsCast + 'static>(self, kind: fn() -> ListenerKind, callback: &Callback<E>) -> El {
        self.listen(Rc::new(On {
            kind,
            callback: callback.clone(),
        }))
    }

    #[inline(never)]
    fn listen(mut self, listener: Rc<dyn Listener>) -> El {
        self.0.add_listener(listener);
        self
    }

    pub fn child(self, child: impl Into<Html>) -> El {
        self.push(child.into())
    }

    #[inline(never)]
    fn push(mut self, child: Html) -> El {
        self.0.add_child(child);
        self
    }

    /// A child that is not always there. When absent an empty placeholder takes its place:
    /// Yew matches unkeyed children from the end of the list, so a child that came and went
    /// would otherwise shift every sibling before it onto another element, which would then be
    /// rebuilt (losing, say, the keyboard focus in the console's field).
    pub fn maybe_child(self, child: Option<impl Into<Html>>) -> El {
        self.push(child.map_or_else(Html::default, Into::into))
    }

    /// A text node: never parsed as HTML, whatever the text holds.
    pub fn text(self, text: impl Into<AttrValue>) -> El {
        self.push(VText::new(text.into()).into())
    }

    /// A list of children whose length only changes at the end (or not at all).
    pub fn children(mut self, children: impl IntoIterator<Item = Html>) -> El {
        self.0.add_children(children);
        self
    }
}

impl From<El> for Html {
    #[inline(never)]
    fn from(el: El) -> Html {
        VNode::VTag(Rc::new(*el.0))
    }
}
