// Runs before the body is drawn (a classic script in <head>, a file so the page's strict
// Content-Security-Policy needs no 'unsafe-inline'). The HTML carries the default first view,
// drawn at build time; a link with a query asks for another state, so that view is hidden
// (app.css) until the app has drawn the state asked for: a wrong port never flashes.
if (location.search.length > 1) document.documentElement.classList.add('deep-link');
