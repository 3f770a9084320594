// The SMTP Port Simulator embed kit: one script tag on the host page.
//
//   <smtp-port-simulator port="587" step="4" theme="auto"></smtp-port-simulator>
//   <a class="smtp-port-simulator" href="https://example.org/tools/smtp/?port=587">…</a>
//   <script src="https://example.org/tools/smtp/embed.js" async></script>
//
// Each element (or link, which stays the fallback for feeds and readers without JavaScript)
// becomes a sandboxed, lazy iframe of the simulator that sizes itself from the widget's height
// messages, follows the host page's colour scheme, and carries a caption with a link to the
// full simulator (caption="none" leaves it out: the widget has its own way out). Attributes are the simulator's URL parameters. The element re-emits the
// widget's step events as `smtp-port-simulator:step` DOM events and offers next(), previous()
// and goto(step). Messages are checked both ways: only from the widget's origin and frame here,
// only from its parent window in the widget. No inline code, no inline style attribute (styles
// are set through the CSSOM), so it runs under `script-src <widget origin>; frame-src <widget
// origin>`. Served from the simulator's own folder; minified at release (scripts/minify-js.sh).
(() => {
  'use strict';
  const NAME = 'smtp-port-simulator';
  if (customElements.get(NAME)) return;
  const script = document.currentScript;
  const HOME = new URL('./', script ? script.src : location.href);
  const ORIGIN = HOME.origin;
  // The simulator's vocabulary, written in at build time from the Rust (src/contract.rs):
  // `params` (its URL parameters: every one is also an attribute), `setup` (those that shape the
  // journey), `posters` ([name, journey query]: posters/<name>.svg), `heights` (the frame's
  // height per view until the widget reports its own) and `titles` (words for the frame's title).
  const VOCAB = {};
  const heightOf = (p) => VOCAB.heights[p.get('view') === 'console' || p.get('view') === 'diagnose' ? p.get('view') : p.get('compare') ? 'compare' : 'walkthrough'];
  const frames = new Map(); // contentWindow -> element

  const set = (el, styles) => Object.assign(el.style, styles);
  const make = (tag, props, styles) => {
    const el = Object.assign(document.createElement(tag), props);
    if (styles) set(el, styles);
    return el;
  };

  /** 'light' or 'dark', as the host page looks around `el`. */
  function hostScheme(el) {
    // The nearest painted background says it best; then the page's color-scheme; then the OS.
    for (let n = el.parentElement; n; n = n.parentElement) {
      const m = /rgba?\(([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?/.exec(getComputedStyle(n).backgroundColor);
      if (m && (m[4] === undefined || Number(m[4]) > 0.5)) {
        return 0.2126 * m[1] + 0.7152 * m[2] + 0.0722 * m[3] < 128 ? 'dark' : 'light';
      }
    }
    const scheme = getComputedStyle(el).colorScheme.split(/\s+/);
    if (scheme.includes('dark') && !scheme.includes('light')) return 'dark';
    if (scheme.includes('light') && !scheme.includes('dark')) return 'light';
    return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  function titleOf(p) {
    const port = p.get('port') || '587';
    if (p.get('view') === 'diagnose') return 'SMTP Port Simulator: what went wrong?';
    const compare = p.get('view') !== 'console' && p.get('compare');
    let t = 'SMTP Port Simulator: ' + (p.get('view') === 'console' ? 'type SMTP to port ' + port : compare ? port + ' or ' + compare : 'port ' + port);
    t += (VOCAB.titles.block[p.get('block')] ?? '') + (VOCAB.titles.net[p.get('net')] ?? '');
    if (p.get('attack')) t += VOCAB.titles.attack;
    return compare ? t + '?' : t;
  }

  /** The poster the snippet put inside the element, else a common state's (a hand-written one). */
  function posterOf(el, p) {
    const own = el.querySelector('img[src*="/posters/"]');
    if (own) return new URL(own.src.split('#')[0], HOME).href;
    if (VOCAB.setup.some((k) => k !== 'port' && k !== 'net' && p.has(k)) || (p.get('view') || 'walkthrough') !== 'walkthrough') return null;
    const net = p.get('net') && p.get('net') !== 'open' ? '&net=' + p.get('net') : '';
    const query = '?port=' + (p.get('port') || '587') + net + (p.get('compare') ? '&compare=' + p.get('compare') : '');
    const poster = VOCAB.posters.find(([, q]) => q === query);
    return poster ? new URL('posters/' + poster[0] + '.svg', HOME).href : null;
  }

  class SmtpPortSimulator extends HTMLElement {
    connectedCallback() {
      if (this._frame) return;
      const page = new URL(this._page || HOME.href);
      const p = new URLSearchParams();
      for (const key of VOCAB.params) {
        let value = this.getAttribute(key) ?? page.searchParams.get(key);
        // font="inherit": the article's own font, as it is around the element.
        if (key === 'font' && value === 'inherit') value = getComputedStyle(this).fontFamily;
        if (value !== null && value !== '') p.set(key, value);
      }
      this._auto = !['light', 'dark'].includes(p.get('theme'));
      p.delete('theme');
      const full = new URL('?' + p, page);
      if (!this._auto) full.searchParams.set('theme', this.getAttribute('theme') || page.searchParams.get('theme'));
      const src = new URL(full);
      src.searchParams.set('embed', '1');
      if (this._auto) src.searchParams.set('theme', (this._scheme = hostScheme(this)));
      const title = titleOf(p);

      // A link's poster has reserved its box already: the frame takes that box, and the caption
      // comes with the widget's own height, so that the page moves once, when the browser can
      // keep what the reader sees in place, not while it is still scrolling to an anchor.
      const reserved = this.querySelector('img')?.getBoundingClientRect().height;
      set(this, { display: 'block' });
      const box = make('div', {}, { position: 'relative' });
      const frame = make('iframe', { loading: 'lazy', title, src: src.href }, { border: '0', display: 'block', width: '100%', height: (reserved || Number(this.getAttribute('height')) || heightOf(p)) + 'px' });
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox');
      frame.setAttribute('allow', 'fullscreen');
      // The widget's background is transparent: with the scheme it was given as the frame's own,
      // the browser paints no backdrop behind it, and the article shows through.
      if (this._auto) frame.style.colorScheme = this._scheme;
      box.append(frame);
      const poster = posterOf(this, p);
      if (poster) {
        // The poster in the widget's scheme (its `#light`/`#dark`), on the widget's background,
        // so no white flashes on a dark article. A press goes through it to the frame, whose app
        // may be running before it says its height.
        const scheme = (this._auto ? this._scheme : full.searchParams.get('theme')) === 'dark' ? 'dark' : 'light';
        this._poster = make('img', { src: poster + '#' + scheme, alt: '' }, {
          position: 'absolute', inset: '0', width: '100%', height: '100%', objectFit: 'contain', objectPosition: 'top',
          background: scheme === 'dark' ? '#14171b' : '#fff', pointerEvents: 'none',
        });
        this._poster.addEventListener('error', () => this._poster?.remove());
        box.append(this._poster);
      }
      const caption = make('p', { className: NAME + '-caption' }, { margin: '0.25em 0 0', fontSize: '0.85em' });
      caption.append(make('a', { href: full.href, target: '_blank', rel: 'noopener', textContent: 'SMTP Port Simulator' }, { color: 'inherit' }), ' — open the full simulator for every port and setting.');
      this.replaceChildren(box);
      if (this.getAttribute('caption') !== 'none') {
        if (reserved) this._caption = caption;
        else this.append(caption);
      }
      this._frame = frame;
      this._queue = [];
      frame.addEventListener('load', () => frames.set(frame.contentWindow, this));
      watchTheme();
    }

    disconnectedCallback() {
      for (const [w, el] of frames) if (el === this) frames.delete(w);
    }

    _send(message) {
      if (this._ready) this._frame.contentWindow.postMessage(message, ORIGIN);
      else this._queue?.push(message);
    }

    _host() {
      this._send({ type: NAME + ':host', theme: this._auto ? this._scheme : null });
    }

    _message(data) {
      if (!this._ready) {
        this._ready = true;
        this._host();
        for (const m of this._queue.splice(0)) this._send(m);
      }
      if (data.type === NAME + ':height' && Number.isFinite(data.height)) {
        this._frame.style.height = data.height + 'px';
        this._poster?.remove();
        this._poster = null;
        if (this._caption) this.append(this._caption);
        this._caption = null;
      } else if (data.type === NAME + ':scroll') {
        // A key the widget leaves to the page: scroll it as the browser would have.
        const page = innerHeight * 0.875 * (data.shift ? -1 : 1);
        const by = { ' ': page, PageDown: innerHeight * 0.875, PageUp: -innerHeight * 0.875, ArrowDown: 40, ArrowUp: -40 }[data.key];
        if (by) scrollBy({ top: by });
        else if (data.key === 'Home') scrollTo({ top: 0 });
        else if (data.key === 'End') scrollTo({ top: document.documentElement.scrollHeight });
      } else if (data.type === NAME + ':step') {
        const { port, step, total, outcome } = data;
        this.dispatchEvent(new CustomEvent(NAME + ':step', { bubbles: true, detail: { port, step, total, outcome } }));
      }
    }

    _theme() {
      const scheme = hostScheme(this);
      if (this._auto && scheme !== this._scheme) {
        this._scheme = scheme;
        this._frame.style.colorScheme = scheme;
        if (this._ready) this._host();
      }
    }

    next() { this._send({ type: NAME + ':control', action: 'next' }); }
    previous() { this._send({ type: NAME + ':control', action: 'previous' }); }
    goto(step) { this._send({ type: NAME + ':control', action: 'goto', step: Number(step) }); }
  }

  addEventListener('message', (e) => {
    if (e.origin !== ORIGIN || !e.data || typeof e.data.type !== 'string') return;
    let el = frames.get(e.source);
    if (!el) {
      // A message can come before the frame's load event: find its frame.
      el = [...document.querySelectorAll(NAME)].find((x) => x._frame && x._frame.contentWindow === e.source);
      if (!el) return;
      frames.set(e.source, el);
    }
    el._message(e.data);
  });

  let watching = false;
  function watchTheme() {
    if (watching) return;
    watching = true;
    const update = () => document.querySelectorAll(NAME).forEach((el) => el._theme?.());
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', update);
    const observer = new MutationObserver(update);
    for (const node of [document.documentElement, document.body]) {
      if (node) observer.observe(node, { attributes: true, attributeFilter: ['class', 'style', 'data-theme', 'data-color-scheme'] });
    }
  }

  /** Links with class="smtp-port-simulator" to this simulator become the element. */
  function upgrade() {
    for (const a of document.querySelectorAll('a.' + NAME + '[href]')) {
      const href = new URL(a.href);
      if (href.origin !== ORIGIN) continue;
      const el = document.createElement(NAME);
      el._page = href.href;
      if (a.id) el.id = a.id;
      el.append(...a.childNodes); // its poster, shown until the widget has loaded
      a.replaceWith(el);
    }
  }

  customElements.define(NAME, SmtpPortSimulator);
  upgrade();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', upgrade);
})();
