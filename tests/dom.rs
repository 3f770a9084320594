//! Wasm DOM tests: run in headless Chromium by wasm-bindgen-test-runner (see scripts/test.sh).
//!
//! Each test mounts the whole `App` into a fresh div, drives it with real DOM clicks and reads the
//! DOM back. The App reads `location.search` when it starts and writes it with
//! `history.replaceState`, and every test runs in the same page, so each test starts from a
//! known query string and unmounts its App when it ends.
#![cfg(target_arch = "wasm32")]

use smtp_port_simulator::{view_module, App, SetupPart, SetupView, SetupViewProps};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The server's name in every lab recording (`/work/shared/conformance`, `myhostname`).
const SERVER_NAME: &str = "mail.example.test";

/// One mounted App; unmounted and removed from the page when dropped.
struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
        set_query("");
    }
}

/// Mount the App as if the page had been opened with `query` (e.g. "?port=25"), and let Yew's
/// scheduler finish the first render and its effects.
async fn mount(query: &str) -> Mounted {
    set_query(query);
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    Mounted {
        root,
        handle: Some(handle),
    }
}

impl Mounted {
    fn find(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    fn text(&self, selector: &str) -> String {
        self.find(selector)
            .text_content()
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// The button whose text is `name`, as a user (or a screen reader) would find it.
    fn button(&self, name: &str) -> HtmlElement {
        let buttons = self.root.query_selector_all("button").unwrap();
        (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
            .find(|b| b.text_content().unwrap_or_default().trim() == name)
            .unwrap_or_else(|| panic!("no button named {name:?}"))
    }

    /// Click like a user does (a real `click` event), then let Yew re-render.
    async fn click(&self, name: &str) {
        self.button(name).click();
        yew::scheduler::flush().await;
    }

    /// "Step X of Y" as (X, Y).
    fn counter(&self) -> (usize, usize) {
        let text = self.text(".counter");
        let rest = text
            .strip_prefix("Step ")
            .unwrap_or_else(|| panic!("counter text {text:?}"));
        let (step, total) = rest
            .split_once(" of ")
            .unwrap_or_else(|| panic!("counter text {text:?}"));
        (step.parse().unwrap(), total.parse().unwrap())
    }

    /// The transcript's first line as (who, text, plain/TLS).
    fn first_line(&self) -> (String, String, String) {
        let line = "[role=log] li.line:first-child";
        (
            self.text(&format!("{line} .who")),
            self.text(&format!("{line} .text")),
            self.text(&format!("{line} .enc")),
        )
    }

    fn has(&self, selector: &str) -> bool {
        self.root.query_selector(selector).unwrap().is_some()
    }

    fn pressed(&self, name: &str) -> Option<String> {
        self.button(name).get_attribute("aria-pressed")
    }

    fn disabled(&self, name: &str) -> Option<String> {
        self.button(name).get_attribute("aria-disabled")
    }
}

#[wasm_bindgen_test]
async fn next_step_shows_the_first_transcript_line() {
    let app = mount("").await;
    assert_eq!(app.text("h1"), "SMTP Port Simulator");
    let (step, total) = app.counter();
    assert_eq!(step, 0);
    assert!(total > 1, "the journey has steps");
    assert!(!app.has("[role=log] li.line"), "nothing sent yet");
    assert_eq!(app.disabled("Previous step").as_deref(), Some("true"));

    app.click("Next step").await;

    assert_eq!(app.text(".counter"), format!("Step 1 of {total}"));
    // Submission on 587 (the default) starts by resolving the server's name; DNS is plaintext.
    let (who, text, enc) = app.first_line();
    assert_eq!(who, "DNS");
    assert!(text.contains(SERVER_NAME), "first line: {text}");
    assert_eq!(enc, "plain");
    assert_eq!(app.disabled("Previous step").as_deref(), Some("false"));
    let narration = app.text("[aria-live=polite]");
    let title = app.text("#explain-title");
    assert_eq!(narration, format!("Step 1 of {total}: {title}."));
    // The step is written back to the link without a new history entry.
    assert_eq!(search_after_pause().await, "?port=587&step=1");
}

#[wasm_bindgen_test]
async fn choosing_port_465_loads_its_journey() {
    let app = mount("?port=587&step=2").await;
    assert_eq!(app.counter().0, 2);
    assert_eq!(app.pressed("587").as_deref(), Some("true"));

    app.click("465").await;

    assert_eq!(app.text("#journey-title"), "The journey through port 465");
    assert_eq!(app.pressed("465").as_deref(), Some("true"));
    assert_eq!(app.pressed("587").as_deref(), Some("false"));
    assert_eq!(app.counter().0, 0, "a new port starts from the beginning");
    assert_eq!(search_after_pause().await, "?port=465");
}

/// The port table and the setup are a module of their own (src/bin/setup-view.rs): mounted
/// here as that module mounts them, for the app's state, with boot.js's `smtpChoose` handing
/// their choices to the app's `choose` as the page does.
#[wasm_bindgen_test]
async fn choices_in_the_port_table_and_the_setup_reach_the_app() {
    let app = mount("?port=465&step=2").await;
    let choose = Closure::<dyn Fn(String, String)>::new(|kind: String, value: String| {
        view_module::choose(&kind, &value)
    });
    let window = web_sys::window().unwrap();
    js_sys::Reflect::set(&window, &"smtpChoose".into(), choose.as_ref()).unwrap();
    let below = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&below).unwrap();
    let part = |part| {
        let root = document().create_element("div").unwrap();
        below.append_child(&root).unwrap();
        let props = SetupViewProps {
            part,
            query: "?port=465&step=2".into(),
        };
        yew::Renderer::<SetupView>::with_root_and_props(root, props).render()
    };
    let (table, setup) = (part(SetupPart::Table), part(SetupPart::Setup));
    yew::scheduler::flush().await;

    let block = below.query_selector("#block").unwrap().unwrap();
    let rules = block.text_content().unwrap_or_default();
    assert!(rules.contains("Drop port 465"), "{rules}");
    let block: HtmlSelectElement = block.dyn_into().unwrap();
    block.set_value("drop");
    block
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(app.counter().0, 0, "a new setup starts from the beginning");
    assert_eq!(search_after_pause().await, "?port=465&block=drop");

    let port_25 = below
        .query_selector("button[aria-pressed=false]")
        .unwrap()
        .unwrap();
    assert_eq!(port_25.text_content().as_deref(), Some("Port 25"));
    port_25.dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    assert_eq!(app.text("#journey-title"), "The journey through port 25");
    assert_eq!(search_after_pause().await, "?port=25&block=drop");

    table.destroy();
    setup.destroy();
    below.remove();
    js_sys::Reflect::delete_property(&window.into(), &"smtpChoose".into()).unwrap();
}

#[wasm_bindgen_test]
async fn a_deep_link_is_read_at_start_and_bad_values_are_reported() {
    let app = mount("?port=25&step=2").await;
    assert_eq!(app.pressed("25").as_deref(), Some("true"));
    assert_eq!(app.counter().0, 2);
    // A relay looks up the recipient domain's MX record first (RFC 5321 §5.1).
    let (who, text, _) = app.first_line();
    assert_eq!(who, "DNS");
    assert!(text.contains("MX"), "first line: {text}");
    assert!(
        app.text("[role=status]").is_empty(),
        "a good link raises no notice"
    );
    drop(app);

    let app = mount("?port=443").await;
    assert_eq!(app.pressed("587").as_deref(), Some("true"));
    let notice = app.text("[role=status]");
    assert!(notice.contains("443"), "notice: {notice}");
    app.click("Dismiss").await;
    assert!(app.text("[role=status]").is_empty());
    assert_eq!(search_after_pause().await, "?port=587");
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The address once the app has written it: it waits for a pause in the learner's changes
/// (`URL_DELAY_MS` in app.rs, 250 ms) before calling `history.replaceState`.
async fn search_after_pause() -> String {
    let pause = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 400)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(pause).await.unwrap();
    search()
}

fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

/// Replace the page's query string (no new history entry), as a link opened with it would have.
fn set_query(query: &str) {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")))
        .unwrap();
}
