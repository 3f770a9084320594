// The drawn first screen's answers to a reader who acts before the app runs. boot.js imports
// this at the first press on the drawing or key on the page, and hands it each of them.
//
// Its walkthrough steps: Next step, Previous step and Restart, and the keys →, J, ←, K, Home and
// End, show the default journey's other steps, drawn at build time (STEPS), and the address
// keeps the step, so the app goes on from it. Any other press (kept as its place among #app's
// buttons, which the app draws in the same order) or key is handed to the app once it has
// started (`replay`). Nothing the reader does is lost.

/**
 * The default journey's first screen at step 1, and (steps.js, fetched at once) at every step
 * (`?step=k`, index k), drawn by the app's own code at build time: src/bin/prerender.rs writes
 * step 1 in here, so the reader's first press costs one small request.
 */
export const STEPS = [];
const allSteps = import('./steps.js').then((module) => module.default);
allSteps.catch(() => {}); // without them a step press goes to the app (`stepBy`)

// None when this module arrives after the app has replaced the drawing (a press just before it
// did): then each press is the app's at once (`take`).
const drawn = document.querySelector('#app[data-prerendered]');
const total = Number(drawn?.querySelector('#main')?.dataset.total) || 0;
// How far each key moves the walkthrough, written in at build time from the app's one table of
// keys (src/shortcuts.rs, src/contract.rs). A step button names its key (aria-keyshortcuts).
const STEP_KEYS = {};
const buttonsOf = (root) => [...root.querySelectorAll('button')];
const early = [];
let [settled, replayed] = [false, false];

// The same buttons in the same places: the one that had the focus keeps it. The live region
// stays in place, so a screen reader hears the new step's narration.
const first = drawn?.innerHTML ?? '';
let shown = 0;
const show = (step, html) => {
  const focused = buttonsOf(drawn).indexOf(document.activeElement);
  const live = drawn.querySelector('[aria-live=polite]');
  const next = Object.assign(document.createElement('template'), { innerHTML: html }).content;
  const narration = next.querySelector('[aria-live=polite]');
  narration?.replaceWith(live);
  drawn.replaceChildren(next);
  if (live) live.textContent = narration?.textContent ?? '';
  buttonsOf(drawn)[focused]?.focus();
  shown = step;
  // The address, from which the app will go on, is written once the step is painted (a
  // replaceState can take milliseconds), or at once when the app may start any moment.
  address = (step ? `?step=${step}` : location.pathname) + location.hash;
  if (settled) writeAddress();
  requestAnimationFrame(() => {
    // The diagram and the transcript show the current step's first line at their top, as the
    // app's do (src/ui/follow.rs); the browser stops at the end, so a step that fits is whole.
    for (const box of drawn.querySelectorAll('.diagram, .transcript')) {
      const line = box.querySelector('.current');
      box.scrollTop = line ? line.getBoundingClientRect().top - box.lastElementChild.getBoundingClientRect().top : 1e9;
    }
    setTimeout(writeAddress);
  });
};
let address;
const writeAddress = () => {
  if (address !== undefined) history.replaceState(null, '', address);
  address = undefined;
};
let wanted = 0;
const stepBy = async (by) => {
  const step = (wanted = Math.max(0, Math.min(total, wanted + by)));
  try {
    const html = step ? (STEPS[step] ?? (await allSteps)[step]) : first;
    if (typeof html !== 'string') throw new Error(`step ${step} is not drawn`);
    if (!drawn?.hasAttribute('data-prerendered')) return false; // the app came first
    if (step === wanted && step !== shown) show(step, html);
    return true;
  } catch {
    wanted = shown;
    return false;
  }
};

const perform = (press) => {
  if ('key' in press) dispatchEvent(new KeyboardEvent('keydown', { key: press.key, cancelable: true }));
  else document.querySelectorAll('#app button')[press.place]?.click();
};
const handOver = (press) => {
  if (replayed) perform(press);
  else if (document.documentElement.classList.contains('no-app')) tellNoApp();
  else early.push(press);
};
// The app could not start here (boot.js marks <html> "no-app"): say so where the app puts its
// notices (a status region), rather than let the press do nothing.
const tellNoApp = () => {
  const region = drawn.querySelector('.notices');
  if (!region || region.textContent) return;
  region.classList.remove('empty');
  region.append(
    Object.assign(document.createElement('p'), {
      textContent: 'The simulator could not start in this browser (it needs WebAssembly), so only the steps of this first journey work here.',
    }),
  );
};

/**
 * One press on the drawing ({ place }: the button's place among its buttons, the same in every
 * step) or key ({ key, control }: pressed with the focus on an element, not the page);
 * `stepping`: the drawing is on screen (a deep link hides it, boot-first.js, and its presses
 * wait for the app).
 */
export function take(press, stepping) {
  // Space or Enter on a focused element is that element's (a button's is a click).
  if (press.control && /^( |Enter)$/.test(press.key)) return;
  if (!drawn) return void setTimeout(() => perform(press));
  const button = buttonsOf(drawn)[press.place];
  const by = stepping && STEP_KEYS['key' in press ? press.key : button?.getAttribute('aria-keyshortcuts')];
  if (!by) handOver(press);
  else if (button?.getAttribute('aria-disabled') !== 'true') stepBy(by).then((done) => done || handOver(press));
}

// The button that had the focus when the app replaced the drawing gets it back.
let focusAt = drawn ? buttonsOf(drawn).indexOf(document.activeElement) : -1;
addEventListener('focusin', (event) => (focusAt = replayed || !drawn ? focusAt : buttonsOf(drawn).indexOf(event.target)));

/** The app may start any moment and read the address: it is written now, and at every step. */
export function settle() {
  settled = true;
  writeAddress();
}

/** The app has started: the kept presses and keys go to it, in order. */
export function replay() {
  replayed = true;
  if (document.activeElement === document.body) document.querySelectorAll('#app button')[focusAt]?.focus();
  early.splice(0).forEach(perform);
}
