// A plain iframe's page without JavaScript (posters/<name>.html, written at build time by
// smtp-sim-poster: the state's poster and a link) hands the frame to the simulator at once when
// JavaScript runs, with the frame's own parameters (the state and embed=1).
location.replace(new URL('../' + location.search, location.href));
