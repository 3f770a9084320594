//! Page elements built with a few out-of-line calls instead of `html!`.
//!
//! `html!` expands every element into its full construction at the call site: about 300 bytes
//! of WebAssembly per element, and the page has some 150 of them. Built here, an element costs
//! one call per attribute or child: moving every view over took 5 KB off the compressed
//! download (109.6 → 104.5 KB of wasm), which every reader of every embedding page pays.
//! `html!` stays for form fields, whose value and checked state it manages, and for components.

use std::rc::Rc;
use yew::html::{onchange, onclick, onkeydown};
use yew::virtual_dom::{Attributes, Key, Listener, Listeners, VNode, VTag, VText};
use yew::{AttrValue, Callback, Event, Html, KeyboardEvent, MouseEvent, NodeRef};

/// An element under construction. Boxed, so that each call moves a pointer, not the element.
pub struct El(Box<VTag>);

/// `<tag>`, without attributes or children yet. `__new_other` is the constructor `html!` itself
/// calls (Yew is pinned to 0.23); `VTag::new` would also lowercase the name at run time.
#[inline(never)]
pub fn el(tag: &'static str) -> El {
    El(Box::new(VTag::__new_other(
        AttrValue::Static(tag),
        NodeRef::default(),
        None,
        Attributes::IndexMap(Rc::default()),
        Listeners::None,
        VNode::default(),
    )))
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
        self.listen(Rc::new(onclick::Wrapper::new(callback.clone())))
    }

    pub fn on_change(self, callback: &Callback<Event>) -> El {
        self.listen(Rc::new(onchange::Wrapper::new(callback.clone())))
    }

    pub fn on_keydown(self, callback: &Callback<KeyboardEvent>) -> El {
        self.listen(Rc::new(onkeydown::Wrapper::new(callback.clone())))
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
