// A plain iframe's page without JavaScript (posters/<name>.html, written at build time by
// smtp-sim-poster: the state's poster and a link, in <noscript>) hands the frame to the
// simulator when JavaScript runs, with the frame's own parameters (the state and embed=1), once
// the little page has arrived (replacing it sooner would abort its own request).
addEventListener('DOMContentLoaded', () => location.replace(new URL('../' + location.search, location.href)));
