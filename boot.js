// Starts the app. A file of its own, not an inline script, so the page runs under a strict
// Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'. Paths are relative so the app
// works from any sub-path.
import init, { control } from './smtp-port-simulator.js';

// Views that load only when opened (Diagnose, the console): import the module `name` (once),
// start it, and let it mount itself into the element with id `root`, given `args`. The app calls
// this through `window`.
// Their styles (views.css) come with the first of them; the view mounts once they apply.
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

// The wasm compiles while the first screen drawn at build time is on show; the app replaces that
// drawing only once the browser has recorded its paint (a largest-contentful-paint entry; Chrome
// drops the record of a node removed before then), so the page's measured paint is the drawing's
// and not the app's identical copy of it. A deep link hides the drawing: nothing to wait for.
const wasmUrl = new URL('./smtp-port-simulator_bg.wasm', import.meta.url);
const compiled = WebAssembly.compileStreaming(fetch(wasmUrl)).catch(() =>
  fetch(wasmUrl).then((r) => r.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)),
);
const drawingPainted = new Promise((resolve) => {
  const html = document.documentElement;
  if (html.classList.contains('deep-link') || !PerformanceObserver.supportedEntryTypes?.includes('largest-contentful-paint')) return resolve();
  new PerformanceObserver(resolve).observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(resolve, 500); // a background tab paints nothing
});
// boot.js is an async module (it compiles as early as it can): the page may still be parsing.
const parsed = new Promise((resolve) =>
  document.readyState === 'loading' ? addEventListener('DOMContentLoaded', resolve, { once: true }) : resolve(),
);
try {
  const [module] = await Promise.all([compiled, drawingPainted, parsed]);
  await init({ module_or_path: module });
} catch (error) {
  // No WebAssembly here: show the first screen drawn at build time (hidden for a deep link by
  // boot-first.js) rather than a blank page.
  document.documentElement.classList.remove('deep-link');
  throw error;
}

// In a frame (an article's embed): the widget's side of the embed kit.
if (window.parent !== window) (await import('./frame.js')).start(control);
