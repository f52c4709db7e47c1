// Every borrower page on a phone and a desktop: no sideways scrolling at
// 360 px, and axe finds no serious or critical accessibility violation, in
// both languages. Screenshots land in target/screenshots for a person to
// look at.
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';
import { activate, hydrated, newCustomer, newPage } from './support/borrowers.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const shots = resolve(import.meta.dirname, '..', '..', 'target', 'screenshots');
mkdirSync(shots, { recursive: true });

let app;
let customer;
let attemptId;
before(async () => {
  app = await startApp();
  customer = await newCustomer(app, '王芳');
  await activate(app, await newPage(app), customer);
  const recorded = await app.api('POST', '/contact-attempts', {
    customer_id: customer.id, channel: 'voice', purpose: 'marketing.wealth', outcome: 'connected', system: 'wealth-campaign',
  });
  attemptId = recorded.body.attempt_id;
  await app.api('POST', '/contact-attempts', {
    customer_id: customer.id, channel: 'sms', purpose: 'repayment_reminder', outcome: 'delivered', system: 'repayment-sms',
  });
});
after(async () => {
  await app?.stop();
});

const publicPages = ['/', '/signin', '/activate'];
const borrowerPages = () => [
  '/my', '/my/preferences', '/my/contacts', `/my/contacts/${attemptId}/report`,
  '/my/complaints', '/my/choices', '/my/data', '/my/password',
];

async function signedInPage(language, width) {
  const page = await newPage(app, { language, width, height: 800 });
  await page.goto(`${app.baseUrl}/signin`);
  await hydrated(page);
  await page.locator('#login').fill(customer.id);
  await page.locator('#password').fill('harbour-lantern-42');
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(`${app.baseUrl}/my`);
  return page;
}

function shotName(path, language, width) {
  const name = path === '/' ? 'home' : path.replace(/^\//, '').replaceAll('/', '-').replace(attemptId, 'attempt');
  return join(shots, `${name}-${language}-${width}.png`);
}

for (const language of ['zh-CN', 'en']) {
  test(`every page fits a 360 px phone without sideways scrolling (${language})`, async () => {
    const visitor = await newPage(app, { language, width: 360, height: 740 });
    const page = await signedInPage(language, 360);
    for (const [tab, paths] of [[visitor, publicPages], [page, borrowerPages()]]) {
      for (const path of paths) {
        await tab.goto(`${app.baseUrl}${path}`);
        await hydrated(tab);
        await tab.locator('main h1').first().waitFor();
        await tab.waitForLoadState('networkidle');
        const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the screen`);
        // The menu scrolls sideways on a phone; the current page's tab is in view.
        const tabInView = await tab.evaluate(() => {
          const current = document.querySelector('.portal-nav [aria-current=page]');
          if (!current) return true;
          const box = current.getBoundingClientRect();
          return box.left >= 0 && box.right <= window.innerWidth;
        });
        assert.ok(tabInView, `${path}: the current tab is scrolled out of view`);
        await tab.screenshot({ path: shotName(path, language, 360), fullPage: true });
      }
    }
    await visitor.close();
    await page.close();
  });

  test(`axe finds no serious or critical violation on any page (${language}, desktop)`, async () => {
    const visitor = await newPage(app, { language, width: 1280 });
    const page = await signedInPage(language, 1280);
    const found = [];
    for (const [tab, paths] of [[visitor, publicPages], [page, borrowerPages()]]) {
      for (const path of paths) {
        await tab.goto(`${app.baseUrl}${path}`);
        await hydrated(tab);
        await tab.locator('main h1').first().waitFor();
        await tab.waitForLoadState('networkidle');
        await tab.addScriptTag({ content: axeSource });
        const violations = await tab.evaluate(async () => {
          const result = await window.axe.run(document, { resultTypes: ['violations'] });
          return result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
        });
        found.push(...violations.map((v) => `${path}: ${v}`));
        await tab.screenshot({ path: shotName(path, language, 1280), fullPage: true });
      }
    }
    assert.deepEqual(found, []);
    await visitor.close();
    await page.close();
  });
}
