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
// boot.js is an async module: the page may still be parsing.
const parsed = new Promise((resolve) =>
  document.readyState === 'loading' ? addEventListener('DOMContentLoaded', resolve, { once: true }) : resolve(),
);
try {
  await drawingPainted;
  const wasm = new URL('./smtp-port-simulator_bg.wasm', import.meta.url);
  const [app, module] = await Promise.all([
    import('./smtp-port-simulator.js'),
    WebAssembly.compileStreaming(fetch(wasm)).catch(() =>
      fetch(wasm).then((r) => r.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)),
    ),
    parsed,
  ]);
  await app.default({ module_or_path: module });
  // In a frame (an article's embed): the widget's side of the embed kit.
  if (window.parent !== window) (await import('./frame.js')).start(app.control);
} catch (error) {
  // No WebAssembly here: show the first screen drawn at build time (hidden for a deep link by
  // boot-first.js) rather than a blank page.
  html.classList.remove('deep-link');
  throw error;
}
