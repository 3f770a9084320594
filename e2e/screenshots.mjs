// Screenshots of the built app for review and for the README:
//   BASE_URL=http://127.0.0.1:8080/ node e2e/screenshots.mjs [out-dir] [query]
// Desktop (1280 px) and phone (375 px), light and dark, a few steps into the journey.
import { openPage, BASE_URL } from './browser.mjs';

const out = process.argv[2] ?? 'screenshots';
const query = process.argv[3] ?? '?port=587&step=9';
const { mkdir } = await import('node:fs/promises');
await mkdir(out, { recursive: true });

for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 375, 800]]) {
  for (const scheme of ['light', 'dark']) {
    const { page, close } = await openPage({ viewport: { width, height } });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(new URL(query, BASE_URL).href);
    await page.getByRole('log', { name: 'SMTP transcript' }).waitFor();
    await page.screenshot({ path: `${out}/${name}-${scheme}.png`, fullPage: true });
    await close();
  }
}
console.log(`screenshots written to ${out}/`);
