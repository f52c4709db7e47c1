// What a borrower's phone downloads on the first page load: the wasm, JS
// and CSS together, compressed as served, read from the browser's network
// log. scripts/site.sh always builds the release wasm, which is what a bank
// serves; the server's compression is the same in a debug build.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';

const BUDGET = 350 * 1024;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.stop();
});

test('a borrower\'s first page load transfers at most 350 KB of wasm, JS and CSS', async () => {
  const context = await app.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const assets = [];
  const measured = [];
  page.on('requestfinished', (request) => {
    if (/\.(wasm|js|css)$/.test(new URL(request.url()).pathname)) {
      measured.push((async () => {
        const response = await request.response();
        const sizes = await request.sizes();
        assets.push({
          path: new URL(request.url()).pathname,
          encoding: response.headers()['content-encoding'] ?? 'identity',
          bytes: sizes.responseBodySize + sizes.responseHeadersSize,
        });
      })());
    }
  });
  await page.goto(`${app.baseUrl}/signin`);
  await page.waitForFunction(() => window.__reachguardHydrated === true, null, { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await Promise.all(measured);
  const total = assets.reduce((sum, a) => sum + a.bytes, 0);
  console.log(`first page load: ${(total / 1024).toFixed(1)} KB of wasm, JS and CSS`);
  for (const a of assets) console.log(`  ${a.path} ${(a.bytes / 1024).toFixed(1)} KB (${a.encoding})`);
  assert.ok(assets.some((a) => a.path.endsWith('.wasm')), 'the wasm was loaded');
  assert.ok(assets.every((a) => a.encoding !== 'identity'), `every asset is served compressed: ${JSON.stringify(assets)}`);
  assert.ok(total <= BUDGET, `${total} bytes is over the ${BUDGET} byte budget`);
  await context.close();
});
