// Screenshots of the built app for review and for the README:
//   BASE_URL=http://127.0.0.1:8080/ node e2e/screenshots.mjs [out-dir] [query]
// A laptop (1280×720) and a phone (375×667), light and dark, as the page, in presenter mode and
// embedded (at its content's height, as a host sizes the frame), a few steps into the journey. The page is
// also taken whole (`-full`), to show what lies below the stage.
import { openPage, BASE_URL } from './browser.mjs';

const out = process.argv[2] ?? 'screenshots';
const query = process.argv[3] ?? '?port=587&step=9';
const { mkdir } = await import('node:fs/promises');
await mkdir(out, { recursive: true });

const MODES = [['page', ''], ['presenter', '&present=1'], ['embed', '&embed=1']];
for (const [name, width, height] of [['laptop', 1280, 720], ['phone', 375, 667]]) {
  for (const scheme of ['light', 'dark']) {
    for (const [mode, extra] of MODES) {
      if (mode === 'presenter' && name === 'phone') continue;
      const { page, close } = await openPage({ viewport: { width, height } });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(new URL(query + extra, BASE_URL).href);
      await page.getByRole('log').first().waitFor();
      if (mode === 'embed') {
        // As a host sizes the frame: at the content's height (the same at every step).
        await page.setViewportSize({ width: Math.min(width, 640), height });
        const content = await page.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
        await page.setViewportSize({ width: Math.min(width, 640), height: content });
      }
      await page.waitForTimeout(200);
      await page.screenshot({ path: `${out}/${name}-${mode}-${scheme}.png` });
      if (mode === 'page') await page.screenshot({ path: `${out}/${name}-${mode}-${scheme}-full.png`, fullPage: true });
      await close();
    }
  }
}
console.log(`screenshots written to ${out}/`);
