import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.stop();
});

test('the front page is served, its wasm loads, and the language switch works once hydrated', async () => {
  const page = await app.browser.newPage();
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const wasm = page.waitForResponse((response) => response.url().endsWith('/pkg/reachguard.wasm'));

  await page.goto(app.baseUrl);
  assert.equal(await page.locator('h1').textContent(), 'Reachguard');
  assert.equal(await page.locator('.tagline').textContent(), '您的联络偏好，由您做主');
  assert.equal((await wasm).status(), 200);

  // The switch is disabled until the wasm has hydrated the page; the click
  // waits for it to be enabled, so it only succeeds in a hydrated page.
  const languageSwitch = page.getByRole('button', { name: 'English' });
  await languageSwitch.click({ timeout: 30_000 });
  await page.locator('.tagline', { hasText: 'Your contact preferences, your choice' }).waitFor();
  assert.equal(await page.locator('section.home').getAttribute('lang'), 'en');

  await page.getByRole('button', { name: '中文' }).click();
  await page.locator('.tagline', { hasText: '您的联络偏好，由您做主' }).waitFor();

  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('the page fits a phone screen without sideways scrolling', async () => {
  const page = await app.browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(app.baseUrl);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.close();
});
