// Runs before the body is drawn (a classic script in <head>, a file so the page's strict
// Content-Security-Policy needs no 'unsafe-inline'). The HTML carries the default first view,
// drawn at build time; a link with a query asks for another state, so that view is hidden
// (app.css) until the app has drawn the state asked for: a wrong port never flashes. The
// states people share are drawn at build time too, one file each (src/bin/prerender.rs):
// fetched here, at once, and shown by boot.js in place of the default view.
if (location.search.length > 1) {
  document.documentElement.classList.add('deep-link');
  // Only the states drawn (a port from a network, alone or compared, at a step: the pattern is
  // written in at build time from the app's own lists, src/contract.rs), so that no other link
  // asks for a file that is not there.
  const SHARED = /^{}$/;
  if (SHARED.test(location.search))
    window.smtpShared = fetch(`first/${location.search.slice(1).replaceAll('&', '_')}.html`).then((r) => (r.ok ? r.text() : ''), () => '');
}
