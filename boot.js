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
// The drawing's buttons are not live yet: a press on one is kept (as its place among #app's
// buttons, which the app draws in the same order) and a key pressed on the page, and both are
// handed to the app once it has started. Nothing the reader does before then is lost.
const early = [];
const keep = (event) => {
  const drawn = document.querySelector('#app[data-prerendered]');
  const button = event.target.closest?.('button');
  if (!drawn) return;
  if (event.type === 'click' && button && drawn.contains(button)) early.push([...drawn.querySelectorAll('button')].indexOf(button));
  else if (event.type === 'keydown' && event.target === document.body && !(event.ctrlKey || event.metaKey || event.altKey)) early.push(event.key);
};
for (const type of ['click', 'keydown']) addEventListener(type, keep, true);
const replay = () => {
  for (const type of ['click', 'keydown']) removeEventListener(type, keep, true);
  for (const e of early) {
    if (typeof e === 'number') document.querySelectorAll('#app button')[e]?.click();
    else dispatchEvent(new KeyboardEvent('keydown', { key: e, cancelable: true }));
  }
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
