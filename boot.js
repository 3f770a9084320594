// Starts the app. A file of its own, not an inline script, so the page runs under a strict
// Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'. Paths are relative so the app
// works from any sub-path.

// Views that load only when opened (Diagnose, the console): import the module `name` (once),
// start it, and let it mount itself into the element with id `root`, given `args`. The app calls
// this through `window`. Their styles (views.css) come with the first of them; the view mounts
// once they apply.
let styles;
const viewStyles = () =>
  (styles ??= new Promise((resolve) => {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: new URL('./views.css', import.meta.url).href });
    link.onload = link.onerror = resolve;
    document.head.append(link);
  }));
window.smtpLoadView = async (name, root, ...args) => {
  const [view] = await Promise.all([import(`./${name}.js`), viewStyles()]);
  await view.default({ module_or_path: new URL(`./${name}_bg.wasm`, import.meta.url) });
  view.mount(root, ...args);
};

// The page shows its first screen, drawn at build time, before any of the app arrives: the app's
// code is fetched only once the browser has recorded that paint (a largest-contentful-paint
// entry). So the reader's first view never waits for the wasm, and the app, which replaces the
// drawing with identical nodes, never replaces it before its paint is recorded (Chrome drops the
// record of a node removed sooner). A deep link hides the drawing (boot-first.js): nothing to
// wait for.
const html = document.documentElement;
const drawingPainted = new Promise((resolve) => {
  if (html.classList.contains('deep-link') || !PerformanceObserver.supportedEntryTypes?.includes('largest-contentful-paint')) return resolve();
  new PerformanceObserver(resolve).observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(resolve, 500); // a background tab paints nothing
});
// Until the app runs, the drawing's walkthrough steps: its Next step, Previous step and Restart
// buttons, and their keys, show the default journey's other steps, drawn at build time a file
// each (steps/<k>.html, src/bin/prerender.rs), and the address keeps the step, so the app goes
// on from it. Any other press on one of its buttons (kept as its place among #app's buttons,
// which the app draws in the same order) or key on the page is handed to the app once it has
// started. Nothing the reader does before then is lost.
const drawn = document.querySelector('#app[data-prerendered]');
const total = Number(drawn?.querySelector('#main')?.dataset.total) || 0;
const drawnSteps = [drawn?.innerHTML];
let [shown, wanted] = [0, 0];
const buttonsOf = (root) => [...root.querySelectorAll('button')];
// The same buttons in the same places: the one that had the focus keeps it. The live region
// stays in place, so a screen reader hears the new step's narration.
const show = (step, html) => {
  const focused = buttonsOf(drawn).indexOf(document.activeElement);
  const live = drawn.querySelector('[aria-live=polite]');
  const next = Object.assign(document.createElement('template'), { innerHTML: html }).content;
  const narration = next.querySelector('[aria-live=polite]');
  narration?.replaceWith(live);
  drawn.replaceChildren(next);
  if (live) live.textContent = narration?.textContent ?? '';
  buttonsOf(drawn)[focused]?.focus();
  history.replaceState(null, '', (step ? `?step=${step}` : location.pathname) + location.hash);
  shown = step;
};
// Step k's drawing, fetched once (a failed fetch is tried again at the next press).
const load = (k) =>
  (drawnSteps[k] ??= fetch(new URL(`./steps/${k}.html`, import.meta.url))
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`steps/${k}.html: ${r.status}`))))
    .catch((error) => {
      drawnSteps[k] = undefined;
      throw error;
    }));
const stepBy = async (by) => {
  const step = (wanted = Math.max(0, Math.min(total, wanted + by)));
  try {
    const html = await load(step);
    if (!drawn.hasAttribute('data-prerendered')) return false; // the app came first
    if (step === wanted) show(step, html);
  } catch {
    wanted = shown;
    return false;
  }
  // A reader who steps is likely to step on: the next one is fetched now.
  if (step < total) load(step + 1).catch(() => {});
  return true;
};
const STEP_BUTTONS = { 'Next step': 1, 'Previous step': -1, Restart: -Infinity };
const STEP_KEYS = { ArrowRight: 1, j: 1, J: 1, ArrowLeft: -1, k: -1, K: -1, Home: -Infinity, End: Infinity };
const early = [];
const keep = (event) => {
  if (!drawn?.hasAttribute('data-prerendered')) return;
  // A deep link hides the drawing (boot-first.js): its presses and keys wait for the app.
  const stepping = !html.classList.contains('deep-link');
  if (event.type === 'click') {
    const button = event.target.closest?.('button');
    if (!button || !drawn.contains(button)) return;
    const by = stepping && STEP_BUTTONS[button.textContent];
    const place = buttonsOf(drawn).indexOf(button);
    if (!by) early.push(place);
    else if (button.getAttribute('aria-disabled') !== 'true') stepBy(by).then((done) => done || handOver(place));
  } else if (event.target === document.body && !(event.ctrlKey || event.metaKey || event.altKey)) {
    const by = stepping && STEP_KEYS[event.key];
    if (!by) return early.push(event.key);
    event.preventDefault();
    stepBy(by).then((done) => done || handOver(event.key));
  }
};
for (const type of ['click', 'keydown']) addEventListener(type, keep, true);
if (drawn) drawn.dataset.live = '';
// The button that had the focus when the app replaced the drawing gets it back.
let focusAt = -1;
addEventListener('focusin', (event) => (focusAt = drawn?.hasAttribute('data-prerendered') ? buttonsOf(drawn).indexOf(event.target) : focusAt));
const perform = (e) => {
  if (typeof e === 'number') document.querySelectorAll('#app button')[e]?.click();
  else dispatchEvent(new KeyboardEvent('keydown', { key: e, cancelable: true }));
};
let replayed = false;
const handOver = (e) => (replayed ? perform(e) : early.push(e));
const replay = () => {
  for (const type of ['click', 'keydown']) removeEventListener(type, keep, true);
  if (document.activeElement === document.body) document.querySelectorAll('#app button')[focusAt]?.focus();
  early.splice(0).forEach(perform);
  replayed = true;
};
try {
  await drawingPainted;
  const app = await import('./smtp-port-simulator.js');
  await app.default({ module_or_path: new URL('./smtp-port-simulator_bg.wasm', import.meta.url) });
  setTimeout(replay); // once the app's first effects (its key listener) are in place
  // In a frame (an article's embed): the widget's side of the embed kit.
  if (window.parent !== window) (await import('./frame.js')).start(app.control);
} catch (error) {
  // No WebAssembly here: show the first screen drawn at build time (hidden for a deep link by
  // boot-first.js) rather than a blank page.
  html.classList.remove('deep-link');
  throw error;
}
