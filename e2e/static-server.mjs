// A tiny static file server for browser tests (node:http only, no npm dependency).
//
//   const { url, close, log } = await serve({ root: 'dist', prefix: '/tools/smtp/',
//     headers: { 'Content-Security-Policy': "default-src 'self'" },
//     pages: { '/host.html': '<!doctype html>...' } });
//
// Serves `root` under `prefix` on a loopback address with a free port. `headers` are added to
// every response (e.g. a CSP); `pages` maps an exact path to extra content (a string of HTML, or
// { body, type, status, headers }), served before any file, e.g. a host page that embeds the app.
// `log` lists every request as { method, path, status } so a test can see what was asked for.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * @param {object} options
 * @param {string|URL} options.root   directory to serve
 * @param {string} [options.prefix]   path the directory appears under ('/' or e.g. '/tools/smtp/')
 * @param {Record<string,string>} [options.headers] extra headers on every response
 * @param {Record<string, string|{body:string|Buffer,type?:string,status?:number,headers?:object}>} [options.pages]
 * @param {string} [options.host]     loopback address to listen on (127.0.0.1, 127.0.0.2, ...)
 * @returns {Promise<{ url: string, origin: string, port: number, log: object[], close: () => Promise<void> }>}
 */
export async function serve({ root, prefix = '/', headers = {}, pages = {}, host = '127.0.0.1' } = {}) {
  const rootDir = root ? resolve(root instanceof URL ? fileURLToPath(root) : root) : null;
  const base = `/${prefix.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const log = [];

  const send = (res, status, body, type, extra = {}) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
      ...extra,
    });
    res.end(body);
  };

  async function handle(req, res) {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(res, 400, 'bad request\n', MIME['.txt']);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'method not allowed\n', MIME['.txt'], { Allow: 'GET, HEAD' });
    }
    if (Object.hasOwn(pages, path)) {
      const page = pages[path];
      const { body, type = MIME['.html'], status = 200, headers: extra = {} } =
        typeof page === 'string' || Buffer.isBuffer(page) ? { body: page } : page;
      return send(res, status, body, type, extra);
    }
    if (!rootDir) return send(res, 404, 'not found\n', MIME['.txt']);
    // The prefix without its trailing slash: redirect, as a real server does, so relative URLs work.
    if (base !== '/' && path === base.slice(0, -1)) {
      const query = new URL(req.url, 'http://x').search;
      return send(res, 301, '', MIME['.txt'], { Location: base + query });
    }
    if (!path.startsWith(base)) return send(res, 404, 'not found\n', MIME['.txt']);
    let file = resolve(rootDir, '.' + path.slice(base.length - 1));
    if (file !== rootDir && !file.startsWith(rootDir + sep)) return send(res, 404, 'not found\n', MIME['.txt']);
    try {
      if ((await stat(file)).isDirectory()) file = resolve(file, 'index.html');
      const body = await readFile(file);
      return send(res, 200, body, MIME[extname(file).toLowerCase()] ?? 'application/octet-stream');
    } catch {
      return send(res, 404, 'not found\n', MIME['.txt']);
    }
  }

  const server = createServer((req, res) => {
    res.on('finish', () => log.push({ method: req.method, path: req.url, status: res.statusCode }));
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, `server error: ${e}\n`, MIME['.txt']);
      else res.destroy();
    });
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, host, ok);
  });
  const { port } = server.address();
  const origin = `http://${host}:${port}`;
  return {
    url: origin + base,
    origin,
    port,
    log,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

// `node e2e/static-server.mjs DIR [PREFIX]` serves DIR until interrupted (handy for manual runs).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root = '.', prefix = '/'] = process.argv.slice(2);
  const { url } = await serve({ root, prefix });
  console.log(url);
}
