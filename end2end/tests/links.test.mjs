// The borrower who never signs in: a link in a message opens their
// preferences without a password, and an unsubscribe link takes one channel
// away from one purpose with one click. Against the real server and
// database, in a real browser, at a phone's width.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';
import {
  cspViolations, hydrated, newCustomer, newPage, signedInBorrower,
} from './support/borrowers.mjs';
import { sqlite } from './support/staff.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.stop();
});

/** Links for a customer, as a bank system asks for them. */
async function linksFor(customer, unsubscribe = {}) {
  const reply = await app.api('POST', '/preference-links', { customer_id: customer.id, ...unsubscribe });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body;
}

/** A link's path on the server under test (links are built on its address). */
const path = (url) => new URL(url).pathname;

async function marketingChannels(customer, purpose = 'marketing.wealth') {
  const document = await app.api('GET', `/customers/${customer.id}/preferences`);
  return document.body.purposes[purpose].channels;
}

test('a link from the API opens the preferences at 360 px without a password, and saves a change', async () => {
  const customer = await newCustomer(app);
  const links = await linksFor(customer);
  const page = await newPage(app, { width: 360, height: 740 });
  await page.goto(`${app.baseUrl}${path(links.url)}`);
  await hydrated(page);
  await page.getByRole('heading', { name: 'My preferences' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
  // Opting in to wealth products by e-mail, through the link.
  await page.locator('summary', { hasText: 'marketing: wealth products' }).click();
  await page.getByRole('group', { name: 'marketing: wealth products' }).getByLabel('e-mail', { exact: true }).check();
  await page.getByRole('button', { name: 'Save my preferences' }).click();
  await page.getByRole('status').filter({ hasText: /^Saved\./ }).waitFor();
  assert.deepEqual(await marketingChannels(customer), ['email']);
  const changes = await app.api('GET', '/changes?after=0&limit=1000');
  const mine = changes.body.changes.filter((c) => c.customer_id === customer.id);
  assert.deepEqual(mine.at(-1) && [mine.at(-1).actor, mine.at(-1).source], ['customer', 'web']);
  await page.screenshot({ path: 'test-results/link-preferences-360.png', fullPage: true });
  await page.close();
});

test('a link opens preferences and nothing else: contacts, complaints, data and password ask to sign in', async () => {
  const customer = await newCustomer(app);
  const links = await linksFor(customer);
  const page = await newPage(app);
  await page.goto(`${app.baseUrl}${path(links.url)}`);
  await hydrated(page);
  for (const other of ['/my', '/my/contacts', '/my/complaints', '/my/choices', '/my/password', '/my/preferences']) {
    await page.goto(`${app.baseUrl}${other}`);
    await page.waitForURL(/\/signin\?next=/);
  }
  const data = await page.request.get(`${app.baseUrl}/my/data.json`, { maxRedirects: 0 });
  assert.notEqual(data.status(), 200, 'the data download is refused');
  // The borrowers' server functions refuse too.
  const contacts = await page.request.post(`${app.baseUrl}/api/contacts`, {
    form: { page: '1' }, headers: { origin: app.baseUrl },
  });
  assert.ok(!contacts.ok() || !(await contacts.text()).includes('attempt_id'), 'no contacts are read');
  await page.close();
});

test('an altered link and an expired one show the "link no longer works" page', async () => {
  const customer = await newCustomer(app);
  const links = await linksFor(customer);
  const page = await newPage(app, { width: 360, height: 740 });
  const url = `${app.baseUrl}${path(links.url)}`;
  const altered = url.slice(0, -1) + (url.endsWith('A') ? 'B' : 'A');
  const response = await page.goto(altered);
  assert.equal(response.status(), 404);
  await page.getByRole('heading', { name: 'This link no longer works' }).waitFor();
  await page.getByRole('link', { name: 'Sign in' }).waitFor();

  sqlite(app, 'UPDATE preference_links SET expires_at = created_at - 1');
  const expired = await page.goto(url);
  assert.equal(expired.status(), 410);
  await page.getByText('This link was valid for 30 days').waitFor();
  await page.close();
});

test('the unsubscribe page changes nothing when shown, and its button removes exactly one channel of one purpose', async () => {
  const customer = await newCustomer(app);
  const set = await app.api('GET', `/customers/${customer.id}/preferences`);
  set.body.purposes['marketing.wealth'] = { channels: ['email', 'sms'] };
  set.body.purposes['marketing.insurance'] = { channels: ['email'] };
  const put = await app.api('PUT', `/customers/${customer.id}/preferences`,
    { ...set.body, source: 'phone', actor: 'staff:wang' }, { 'if-match': set.headers.get('etag') });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const links = await linksFor(customer, { purpose: 'marketing.wealth', channel: 'email' });

  const page = await newPage(app, { language: 'zh-CN', width: 360, height: 740 });
  await page.goto(`${app.baseUrl}${path(links.unsubscribe_url)}`);
  await page.getByRole('heading', { name: '退订' }).waitFor();
  assert.deepEqual(await marketingChannels(customer), ['email', 'sms'], 'showing the page changes nothing');
  await page.screenshot({ path: 'test-results/unsubscribe-360-zh.png', fullPage: true });
  await page.getByRole('button', { name: '退订' }).click();
  await page.getByRole('heading', { name: '已退订' }).waitFor();
  assert.deepEqual(await marketingChannels(customer), ['sms']);
  assert.deepEqual(await marketingChannels(customer, 'marketing.insurance'), ['email']);

  // A mail provider's one-click POST: no Origin, the RFC 8058 body.
  const again = await fetch(`${app.baseUrl}${path(links.unsubscribe_url)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  assert.equal(again.status, 200);
  assert.deepEqual(await marketingChannels(customer), ['sms'], 'repeated, it changes nothing more');
  await page.close();
});

test('an SMS reply of TD in the API stops marketing SMS, and the borrower history says so in words', async () => {
  const { customer, page } = await signedInBorrower(app);
  const set = await app.api('GET', `/customers/${customer.id}/preferences`);
  set.body.purposes['marketing.wealth'] = { channels: ['sms', 'email'] };
  await app.api('PUT', `/customers/${customer.id}/preferences`,
    { ...set.body, source: 'phone', actor: 'staff:wang' }, { 'if-match': set.headers.get('etag') });
  const reply = await app.api('POST', '/inbound-messages', {
    message_id: `e2e-${customer.id}`, from: customer.phone, text: 'td', received_at: new Date(Date.now() - 1000).toISOString(),
  });
  assert.equal(reply.body.action, 'opted_out', JSON.stringify(reply.body));
  assert.deepEqual(await marketingChannels(customer), ['email']);
  await page.goto(`${app.baseUrl}/my/choices`);
  await page.getByText("by SMS reply 'TD'").first().waitFor();
  // The reply's link opens the same customer's preferences, without signing in.
  const link = reply.body.reply.match(/http\S+/)[0];
  const visitor = await newPage(app);
  await visitor.goto(`${app.baseUrl}${path(link)}`);
  await hydrated(visitor);
  await visitor.getByRole('heading', { name: 'My preferences' }).waitFor();
  await visitor.close();
  await page.close();
});

test('no link page broke its Content-Security-Policy', () => {
  assert.deepEqual(cspViolations, []);
});
