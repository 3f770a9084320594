// Starts the app. A file of its own, not an inline script, so the page runs under a strict
// Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'. Paths are relative so the app
// works from any sub-path.
import init from './smtp-port-simulator.js';

await init({ module_or_path: new URL('./smtp-port-simulator_bg.wasm', import.meta.url) });
