// Starts the app. A file of its own, not an inline script, so the page runs under a strict
// Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'. Paths are relative so the app
// works from any sub-path.

// Links the sheet `name`.css; resolves once it applies (or fails).
const sheet = (name) =>
  new Promise((resolve) => {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: new URL(`./${name}.css`, import.meta.url).href });
    link.onload = link.onerror = resolve;
    document.head.append(link);
  });
// Views that load only when opened (Diagnose, the console): import the module `name` (once),
// start it, and let it mount itself into the element with id `root`, given `args`. The app calls
// this through `window`. Their styles (views.css) come with the first of them; the view mounts
// once they apply.
let styles;
const viewStyles = () => (styles ??= sheet('views'));
// Each module is started once, however many calls arrive while it loads.
const views = {};
// In an article's frame (embed=1): the embedded layout's sheet, applied before the app draws.
const embedded = /[?&]embed=1(&|$)/.test(location.search) && sheet('embed');
window.smtpLoadView = async (name, root, ...args) => {
  // Its wasm beside it (the glue's default).
  const [view] = await Promise.all([(views[name] ??= import(`./${name}.js`).then(async (view) => (await view.default(), view))), viewStyles()]);
  view.mount(root, ...args);
};
// A view below the first screen (the port table and the setup): loaded once its element `root`
// is on screen, or at the reader's first scroll of the page or first key (Tab or find-in-page may
// reach it sooner), not on arriving; until then a call only keeps the arguments to mount it
// with. No element, nothing loaded.
const near = {};
window.smtpLoadNear = (name, root, ...args) => {
  if (near[root] === true) return smtpLoadView(name, root, ...args);
  const element = document.getElementById(root);
  if (!element) return;
  const first = !near[root];
  near[root] = args;
  if (!first) return;
  const load = () => {
    if (near[root] === true) return;
    observer.disconnect();
    // What the reader is looking at below this part (a jump to #share, say) stays in view when
    // the part draws above it.
    const target = location.hash && document.getElementById(location.hash.slice(1));
    const seen = (box) => box.bottom > 0 && box.top < innerHeight;
    const watched = target && element.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING && seen(target.getBoundingClientRect()) && target;
    smtpLoadView(name, root, ...near[root]).then(() =>
      requestAnimationFrame(() => watched && !seen(watched.getBoundingClientRect()) && watched.scrollIntoView()),
    );
    near[root] = true;
  };
  const observer = new IntersectionObserver((entries) => entries[0].isIntersecting && load());
  observer.observe(element);
  // The page's own scroll only (the stage's boxes scroll too, but their events do not bubble).
  addEventListener('scroll', load, { once: true, passive: true });
  addEventListener('keydown', load, { once: true, capture: true });
};

// The page shows its first screen, drawn at build time, before any of the app arrives: the app's
// code is fetched only once the browser has recorded that paint (a largest-contentful-paint
// entry). So the reader's first view never waits for the wasm, and the app, which replaces the
// drawing with identical nodes, never replaces it before its paint is recorded (Chrome drops the
// record of a node removed sooner). A deep link hides the drawing (boot-first.js): nothing to
// wait for, unless its own state was drawn.
const html = document.documentElement;
const drawn = document.querySelector('#app[data-prerendered]');
// A deep link hides the drawing (boot-first.js): its presses and keys wait for the app, and
// if the app cannot start the drawing shown instead does not step (its address is the link's).
const stepping = !html.classList.contains('deep-link');
// A shared state drawn at build time (boot-first.js fetched it) is shown at once, in place of
// the default one; a host's page for a missing file lacks the mark the drawings start with.
const shared = await window.smtpShared;
if (drawn && shared?.startsWith('<!--first-->')) {
  drawn.innerHTML = shared;
  html.classList.remove('deep-link');
}
const drawingPainted = new Promise((resolve) => {
  if (html.classList.contains('deep-link') || !PerformanceObserver.supportedEntryTypes?.includes('largest-contentful-paint')) return resolve();
  new PerformanceObserver(resolve).observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(resolve, 500); // a background tab paints nothing
});
// Until the app runs, a press on the drawing or a key on the page goes to drawing.js (imported
// at the first one), which steps through the drawn journey or keeps it for the app. No key
// typed in a form field is taken.
let drawing;
const early = (event) => {
  if (!drawn?.hasAttribute('data-prerendered')) return;
  let press;
  if (event.type === 'click') {
    const button = event.target.closest?.('button');
    if (!button || !drawn.contains(button)) return;
    press = { place: [...drawn.querySelectorAll('button')].indexOf(button) };
  } else {
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest?.('input,select,textarea')) return;
    press = { key: event.key, control: event.target !== document.body };
  }
  (drawing ??= import('./drawing.js')).then((module) => module.take(press, stepping));
};
// (Once the app has replaced the drawing, they are the app's: `early` lets them pass.)
for (const type of ['click', 'keydown']) addEventListener(type, early, true);
if (drawn) drawn.dataset.live = '';
try {
  await drawingPainted;
  await drawing; // a reader who has pressed already is answered first
  // `?view=live` is a page of its own, started instead of the app (src/bin/live-view/); an
  // article's frame has the app with its own layout (src/bin/embed-view.rs).
  const app = await import(/\bview=live\b/.test(location.search) ? './live-view.js' : embedded ? './embed-view.js' : './smtp-port-simulator.js');
  // From now on the drawing keeps its step in the address at once: the app starts from it.
  await drawing?.then((module) => module.settle());
  await embedded;
  await app.default();
  // The port table's and the setup's choices (src/bin/setup-view.rs) go to the app.
  window.smtpChoose = app.choose;
  // Once the app's first effects (its key listener) are in place: what the reader did before.
  setTimeout(() => drawing?.then((module) => module.replay()));
  // In a frame (an article's embed): the widget's side of the embed kit.
  if (window.parent !== window) (await import('./frame.js')).start(app.control);
} catch (error) {
  // No WebAssembly here: show the first screen drawn at build time (hidden for a deep link by
  // boot-first.js) rather than a blank page.
  html.classList.remove('deep-link');
  html.classList.add('no-app'); // drawing.js says so at a press it cannot answer
  throw error;
}
