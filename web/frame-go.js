// A plain iframe's page without JavaScript (posters/<name>.html, written at build time by
// smtp-sim-poster: the state's poster and a link) hands the frame to the simulator when
// JavaScript runs, with the frame's own parameters (the state and embed=1). The class hides the
// poster, so its lazy image is never fetched; the page is replaced once it has arrived
// (replacing it sooner would abort its own request).
document.documentElement.className = 'go';
addEventListener('DOMContentLoaded', () => location.replace(new URL('../' + location.search, location.href)));
