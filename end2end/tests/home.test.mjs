import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';
import { hydrated } from './support/borrowers.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.stop();
});

test('the front page is served in the browser\'s language, hydrates, and switches language', async () => {
  const context = await app.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const wasm = page.waitForResponse((response) => response.url().endsWith('/pkg/reachguard.wasm'));

  await page.goto(app.baseUrl);
  assert.equal(await page.locator('h1').textContent(), '您的联系偏好，由您做主');
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  assert.equal((await wasm).status(), 200);
  await hydrated(page);

  await page.getByRole('link', { name: 'English' }).click();
  await page.locator('h1', { hasText: 'Your contact preferences, your choice' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');

  await page.getByRole('link', { name: '中文' }).click();
  await page.locator('h1', { hasText: '您的联系偏好，由您做主' }).waitFor();

  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('an English browser gets English first', async () => {
  const context = await app.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(app.baseUrl);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('h1').textContent(), 'Your contact preferences, your choice');
  await context.close();
});

test('the wasm, JS and CSS reach a phone compressed', async () => {
  for (const asset of ['/pkg/reachguard.wasm', '/pkg/reachguard.js', '/pkg/reachguard.css']) {
    const response = await fetch(`${app.baseUrl}${asset}`, { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(response.status, 200, asset);
    assert.match(response.headers.get('content-encoding') ?? '', /^(br|gzip)$/, asset);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', asset);
    await response.arrayBuffer();
  }
});
