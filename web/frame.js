// Inside an iframe: the widget's side of the embed kit (embed.js is the host's side). boot.js
// imports it only when the page is framed, so the walkthrough's own download has none of it.
// It applies the article's look the address asks for (`accent`, `font`: pages::FRAME_KEYS).
//
// To the parent, posted to any origin (nothing here is secret; the host checks our origin):
// - { type: "smtp-port-simulator:height", height }: the content's height in CSS pixels, once per
//   change;
// - { type: "smtp-port-simulator:step", port, step, total, outcome } after each step change, read
//   from the state the app keeps on #main (data-port, data-step, data-total, data-ended: the
//   journey's outcome once its last step is shown);
// - { type: "smtp-port-simulator:scroll", key, shift }: a scrolling key (Space, Home, End, Page
//   Up/Down, ↑/↓) pressed in the widget, for the host to scroll its page (a browser does not pass
//   them out of a cross-site frame). Only once embed.js has said hello.
//
// From the parent window only (event.source is our parent; anything else is ignored):
// - { type: "smtp-port-simulator:host", theme: "light" | "dark" | null }: the host sizes the
//   frame (so the page stops scrolling itself, which would reflow it narrower and taller) and,
//   with a theme, matches its colour scheme;
// - { type: "smtp-port-simulator:control", action: "next" | "previous" | "goto", step }: handed
//   to the app's `control` export.
const NAME = 'smtp-port-simulator';
const SCROLL_KEYS = [' ', 'Home', 'End', 'PageUp', 'PageDown', 'ArrowUp', 'ArrowDown'];

export function start(control) {
  const parent = window.parent;
  if (parent === window) return;
  const post = (type, fields) => parent.postMessage({ type: `${NAME}:${type}`, ...fields }, '*');
  let hosted = false;

  // The article's look, from the address the frame was opened at (the app rewrites its own):
  // `accent` (#rgb or #rrggbb) and `font`, set through the CSSOM, which a style-src CSP allows.
  const opened = new URL(performance.getEntriesByType('navigation')[0]?.name || location.href).searchParams;
  const accent = /^#?([0-9a-f]{3}){1,2}$/i.exec(opened.get('accent') ?? '');
  if (accent) document.documentElement.style.setProperty('--accent', '#' + accent[0].replace('#', ''));
  if (opened.get('font')) document.body.style.fontFamily = opened.get('font');

  // The body is a flow root without margins: its box is the content, however tall the frame.
  let height = -1;
  const size = () => {
    const now = Math.ceil(document.body.getBoundingClientRect().height);
    if (now !== height) post('height', { height: (height = now) });
  };
  size(); // at once: the host swaps its poster for the widget on the first one
  new ResizeObserver(size).observe(document.body);

  let step = '';
  const steps = () => {
    const main = document.getElementById('main');
    const state = main && ['port', 'step', 'total', 'ended'].map((k) => main.getAttribute(`data-${k}`));
    if (!state || state[1] === null || state.join() === step) return;
    step = state.join();
    post('step', { port: Number(state[0]), step: Number(state[1]), total: Number(state[2]), outcome: state[3] });
  };
  new MutationObserver(steps).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step', 'data-total', 'data-port', 'data-ended'] });
  steps();

  addEventListener('message', (event) => {
    const data = event.data;
    if (event.source !== parent || !data || typeof data !== 'object') return;
    if (data.type === `${NAME}:host`) {
      hosted = true;
      // The host sizes the frame: no scroll bar of our own (through the CSSOM, which a
      // style-src CSP allows).
      document.documentElement.style.overflow = 'hidden';
      if (data.theme === 'light' || data.theme === 'dark') document.documentElement.setAttribute('data-theme', data.theme);
    } else if (data.type === `${NAME}:control` && ['next', 'previous', 'goto'].includes(data.action)) {
      const to = Number(data.step);
      if (data.action !== 'goto' || (Number.isFinite(to) && to >= 0)) control(data.action, data.action === 'goto' ? to : 0);
    }
  });

  // Keys the app leaves alone (in a frame it takes only the step keys) scroll the host's page.
  addEventListener('keydown', (event) => {
    if (!hosted || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (!SCROLL_KEYS.includes(event.key) || ownedByTarget(event)) return;
    event.preventDefault();
    post('scroll', { key: event.key, shift: event.shiftKey });
  });
}

/** Whether the key belongs to the focused element (typing, choosing, pressing a button). */
function ownedByTarget(event) {
  const el = event.target;
  if (!(el instanceof Element)) return false;
  const tag = el.tagName.toLowerCase();
  const activates = event.key === ' ' || event.key === 'Enter';
  return ['input', 'textarea', 'select'].includes(tag) || (activates && ['button', 'a', 'summary'].includes(tag)) || el.hasAttribute('contenteditable');
}
