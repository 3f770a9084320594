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

try {
  await init({ module_or_path: new URL('./smtp-port-simulator_bg.wasm', import.meta.url) });
} catch (error) {
  // No WebAssembly here: show the first screen drawn at build time (hidden for a deep link by
  // boot-first.js) rather than a blank page.
  document.documentElement.classList.remove('deep-link');
  throw error;
}

// In a frame (an article's embed): the widget's side of the embed kit.
if (window.parent !== window) (await import('./frame.js')).start(control);
