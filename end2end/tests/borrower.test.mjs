// The borrower's portal in a real browser, against the real server and
// database: getting in, preferences that the API then honours, contacts
// judged at their instant and reported, conflicts, languages, throttling,
// and one borrower's data kept from another.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';
import {
  PASSWORD, activate, cspViolations, hydrated, newCustomer, newPage, signIn, signedInBorrower,
} from './support/borrowers.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.stop();
});

/** A Monday at HH:MM in Shanghai, a week or more ahead, as an instant. */
function mondayInShanghai(hour, minute = 0) {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 7 + ((8 - day.getUTCDay()) % 7));
  day.setUTCHours(hour - 8, minute, 0, 0);
  return day.toISOString().replace('.000Z', 'Z');
}

test('a borrower activates a login with the code, then signs in with number or phone', async () => {
  const customer = await newCustomer(app);
  const page = await newPage(app);
  await activate(app, page, customer);
  await page.getByRole('heading', { name: 'What the bank may do now' }).waitFor();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin$/);
  // The session has ended on the server: /my sends to sign in again.
  await page.goto(`${app.baseUrl}/my`);
  await page.waitForURL(/\/signin\?next=/);

  await signIn(app, page, customer.phone);
  await page.waitForURL(`${app.baseUrl}/my`);
  await page.getByRole('heading', { name: 'What the bank may do now' }).waitFor();
  await page.close();
});

test('five wrong activation codes lock the code, even for the right one after', async () => {
  const customer = await newCustomer(app);
  const code = app.cli('customer', 'invite', customer.id);
  const page = await newPage(app);
  await page.goto(`${app.baseUrl}/activate`);
  await hydrated(page);
  await page.getByLabel('Customer number').fill(customer.id);
  await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('New password again').fill(PASSWORD);
  for (let i = 1; i <= 5; i += 1) {
    await page.getByLabel('Activation code').fill(`WRNG-CODE-000${i}`);
    await page.getByRole('button', { name: 'Activate' }).click();
    const expected = i < 5 ? 'is wrong' : 'has been locked';
    await page.locator('#code-error', { hasText: expected }).waitFor();
  }
  await page.getByLabel('Activation code').fill(code);
  await page.getByRole('button', { name: 'Activate' }).click();
  await page.locator('#code-error', { hasText: 'has been locked' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/activate');
  await page.close();
});

test('marketing consent, contact times and the weekly limit saved on the page are honoured by the API', async () => {
  const { customer, page } = await signedInBorrower(app);
  const ask = (at) => app.api('POST', '/decisions', {
    customer_id: customer.id, channel: 'sms', purpose: 'marketing.wealth', at,
  });
  const before = await ask(mondayInShanghai(19));
  assert.equal(before.body.allowed, false);
  assert.deepEqual(before.body.reasons.map((r) => r.code), ['opted_out']);

  await page.goto(`${app.baseUrl}/my/preferences`);
  await hydrated(page);
  await page.locator('summary', { hasText: 'marketing: wealth products' }).click();
  const wealth = page.getByRole('group', { name: 'marketing: wealth products' });
  await wealth.getByLabel('SMS', { exact: true }).check();
  await page.getByRole('button', { name: 'Add a time' }).click();
  await page.getByLabel('From').fill('18:00');
  await page.getByLabel('To').fill('20:00');
  await page.getByLabel('Weekly call limit').selectOption('2');
  await page.getByRole('button', { name: 'Save my preferences' }).click();
  await page.getByRole('status').filter({ hasText: /^Saved\./ }).waitFor();

  const inWindow = await ask(mondayInShanghai(19));
  assert.equal(inWindow.body.allowed, true, JSON.stringify(inWindow.body));
  const outOfWindow = await ask(mondayInShanghai(10));
  assert.deepEqual(outOfWindow.body.reasons.map((r) => r.code), ['outside_contact_window']);
  const document = await app.api('GET', `/customers/${customer.id}/preferences`);
  assert.equal(document.body.max_calls_per_week, 2);
  assert.deepEqual(document.body.contact_windows, [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '18:00', end: '20:00' },
  ]);
  // One save is one ledger entry, by the customer, through the web.
  const changes = await app.api('GET', '/changes?after=0&limit=1000');
  const mine = changes.body.changes.filter((c) => c.customer_id === customer.id);
  assert.deepEqual(mine.map((c) => [c.actor, c.source]), [['system:e2e-system', 'api'], ['customer', 'web']]);
  await page.close();
});

test('a form against the rules is refused beside each field and saves nothing', async () => {
  const { customer, page } = await signedInBorrower(app);
  const before = await app.api('GET', `/customers/${customer.id}/preferences`);
  await page.goto(`${app.baseUrl}/my/preferences`);
  await hydrated(page);
  // Overdue payments (collections) with no channel: only marketing may be
  // refused outright.
  await page.locator('summary', { hasText: 'overdue payments' }).click();
  const collections = page.getByRole('group', { name: 'overdue payments' });
  for (const box of await collections.getByRole('checkbox').all()) await box.uncheck();
  // A time that ends before it starts, and a pause past the furthest day.
  await page.getByRole('button', { name: 'Add a time' }).click();
  await page.getByLabel('From').fill('20:00');
  await page.getByLabel('To').fill('18:00');
  const latest = await page.locator('#snooze-date').getAttribute('max');
  const pastLatest = new Date(`${latest}T00:00:00Z`);
  pastLatest.setUTCDate(pastLatest.getUTCDate() + 2);
  await page.locator('#snooze-date').fill(pastLatest.toISOString().slice(0, 10));
  await page.getByRole('button', { name: 'Save my preferences' }).click();

  await page.getByRole('status').filter({ hasText: 'Not saved' }).waitFor();
  await page.locator('#purpose-collections-error', { hasText: 'Keep at least one channel here' }).waitFor();
  await page.locator('#window-0-error', { hasText: 'The start must come before the end.' }).waitFor();
  await page.locator('#snooze-error', { hasText: 'Choose a valid date within a year.' }).waitFor();
  const after = await app.api('GET', `/customers/${customer.id}/preferences`);
  assert.deepEqual(after.body, before.body);
  await page.close();
});

test('a channel is reordered from the keyboard alone', async () => {
  const { customer, page } = await signedInBorrower(app);
  await page.goto(`${app.baseUrl}/my/preferences`);
  await hydrated(page);
  // Tab to the purpose, open it with Enter, and reorder with Enter.
  await page.locator('summary', { hasText: 'repayment reminders' }).focus();
  await page.keyboard.press('Enter');
  const reminders = page.getByRole('group', { name: 'repayment reminders' });
  await reminders.getByRole('button', { name: 'Move down SMS' }).focus();
  const focusStaysOnSms = () => page.waitForFunction(
    () => document.activeElement?.id === 'down-repayment_reminder-sms', null, { timeout: 5_000 });
  await page.keyboard.press('Enter');
  // Focus stays on the moved channel's button, so a second press moves it on.
  await focusStaysOnSms();
  await page.keyboard.press('Enter');
  await focusStaysOnSms();
  await page.getByRole('button', { name: 'Save my preferences' }).click();
  await page.getByRole('status').filter({ hasText: /^Saved\./ }).waitFor();
  const document = await app.api('GET', `/customers/${customer.id}/preferences`);
  assert.deepEqual(document.body.purposes.repayment_reminder.channels.slice(0, 3), ['push', 'wechat', 'sms']);
  await page.close();
});

test('an attempt recorded through the API shows, judged at its instant, and can be reported', async () => {
  const { customer, page } = await signedInBorrower(app);
  // Yesterday 10:00 in Shanghai: inside the legal hours for both.
  const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
  yesterday.setUTCHours(2, 0, 0, 0);
  const at = yesterday.toISOString();
  const allowed = await app.api('POST', '/contact-attempts', {
    customer_id: customer.id, channel: 'sms', purpose: 'repayment_reminder', at, outcome: 'delivered', system: 'repayment-sms',
  });
  assert.equal(allowed.status, 201);
  assert.equal(allowed.body.allowed, true);
  const decision = await app.api('POST', '/decisions', {
    customer_id: customer.id, channel: 'voice', purpose: 'marketing.credit_card', at,
  });
  const against = await app.api('POST', '/contact-attempts', {
    customer_id: customer.id, channel: 'voice', purpose: 'marketing.credit_card', at, outcome: 'connected',
    system: 'card-campaign', decision_id: decision.body.decision_id,
  });
  assert.equal(against.body.made_against_policy, true);

  await page.goto(`${app.baseUrl}/my/contacts`);
  const flagged = page.locator('li.contact.against-policy');
  await flagged.waitFor();
  assert.equal(await flagged.count(), 1);
  assert.match(await flagged.textContent(), /marketing: credit cards/);
  assert.match(await flagged.textContent(), /card-campaign/);
  assert.match(await flagged.textContent(), /Made against your settings or the law/);
  assert.match(await flagged.textContent(), /opted out|accepts no channel/);
  assert.match(await flagged.textContent(), /asked Reachguard .* not allowed/);
  const fine = page.locator('li.contact:not(.against-policy)');
  assert.match(await fine.textContent(), /Allowed at the time/);

  await hydrated(page);
  await flagged.getByRole('link', { name: 'Report this contact' }).click();
  await page.waitForURL(/\/report$/);
  await hydrated(page);
  await page.getByLabel('I had opted out').check();
  await page.getByLabel(/Tell us more/).fill('I never agreed to card offers.');
  await page.getByRole('button', { name: 'Send the complaint' }).click();
  await page.waitForURL(`${app.baseUrl}/my/complaints`);
  const due = new Date(Date.now() + 15 * 24 * 3600 * 1000).toLocaleDateString('en-GB', {
    timeZone: 'Asia/Shanghai', day: 'numeric', month: 'short', year: 'numeric',
  });
  const complaint = page.locator('li.complaint').first();
  await complaint.waitFor();
  assert.match(await complaint.textContent(), /I had opted out/);
  assert.match(await complaint.textContent(), new RegExp(`The bank must answer by ${due}`));
  await page.close();
});

test('a save that conflicts with a change made meanwhile through the API loses nothing', async () => {
  const { customer, page } = await signedInBorrower(app);
  await page.goto(`${app.baseUrl}/my/preferences`);
  await hydrated(page);
  await page.getByLabel('Weekly call limit').selectOption('3');

  // Meanwhile a member of staff records, by phone, that the customer wants no calls.
  const current = await app.api('GET', `/customers/${customer.id}/preferences`);
  const changed = await app.api('PUT', `/customers/${customer.id}/preferences`,
    { ...current.body, do_not_call: true, source: 'phone', actor: 'staff:wang' },
    { 'if-match': current.headers.get('etag') });
  assert.equal(changed.status, 200);

  await page.getByRole('button', { name: 'Save my preferences' }).click();
  await page.getByRole('status').filter({ hasText: 'changed by bank staff or a bank system' }).waitFor();
  assert.equal(await page.getByLabel('Do not call me').isChecked(), true, 'the current settings are shown');
  const after = await app.api('GET', `/customers/${customer.id}/preferences`);
  assert.equal(after.body.do_not_call, true, 'the staff change was not overwritten');
  assert.equal(after.body.max_calls_per_week, null, 'the stale save wrote nothing');
  await page.close();
});

test('the language switch is remembered across pages and sign-ins', async () => {
  const customer = await newCustomer(app);
  const page = await newPage(app, { language: null, locale: 'zh-CN' });
  await activate(app, await newPage(app), customer);
  await page.goto(`${app.baseUrl}/signin`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Sign in to your account' }).waitFor();
  await page.goto(`${app.baseUrl}/activate`);
  await page.getByRole('heading', { name: 'Activate your login' }).waitFor();
  await signIn(app, page, customer.id);
  await page.waitForURL(`${app.baseUrl}/my`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin$/);
  await signIn(app, page, customer.id);
  await page.waitForURL(`${app.baseUrl}/my`);
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.close();
});

test('failed sign-ins lock the account for a while, saying until when', async () => {
  const customer = await newCustomer(app);
  await activate(app, await newPage(app), customer);
  const page = await newPage(app);
  for (let i = 1; i <= 5; i += 1) {
    await signIn(app, page, customer.id, 'not-the-password');
    const expected = i < 5 ? 'is wrong' : 'Try again after';
    await page.locator('#password-error', { hasText: expected }).waitFor();
  }
  await signIn(app, page, customer.id);
  await page.locator('#password-error', { hasText: 'Try again after' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/signin');
  await page.close();
});

test('a borrower cannot read another borrower\'s contact, and their download holds only their own records', async () => {
  const other = await signedInBorrower(app);
  const theirs = await app.api('POST', '/contact-attempts', {
    customer_id: other.customer.id, channel: 'email', purpose: 'loan_servicing', outcome: 'delivered', system: 'crm',
  });
  await other.page.close();

  const { customer, page } = await signedInBorrower(app);
  const mine = await app.api('POST', '/contact-attempts', {
    customer_id: customer.id, channel: 'email', purpose: 'loan_servicing', outcome: 'delivered', system: 'crm',
  });
  await app.api('POST', '/decisions', { customer_id: customer.id, channel: 'voice', purpose: 'collections' });

  // The server function takes the customer from the session, so another
  // borrower's attempt is simply not found.
  const asked = await page.evaluate(async (attempt) => {
    const response = await fetch('/api/contact', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `attempt_id=${attempt}`,
    });
    return { status: response.status, body: await response.text() };
  }, theirs.body.attempt_id);
  assert.equal(asked.status, 200);
  assert.equal(asked.body, 'null');
  await page.goto(`${app.baseUrl}/my/contacts/${theirs.body.attempt_id}/report`);
  await page.getByText('There is no such contact.').waitFor();

  const download = await page.evaluate(async () => {
    const response = await fetch('/my/data.json');
    return { type: response.headers.get('content-disposition'), text: await response.text() };
  });
  assert.match(download.type, /attachment/);
  const data = JSON.parse(download.text);
  assert.equal(data.customer_id, customer.id);
  assert.deepEqual(data.contact_attempts.map((a) => a.attempt_id), [mine.body.attempt_id]);
  assert.equal(data.decisions.length, 1);
  assert.equal(data.decisions[0].request.purpose, 'collections');
  assert.equal(data.consent_ledger.length, 1);
  assert.equal(data.preferences.time_zone, 'Asia/Shanghai');
  assert.ok(!download.text.includes(other.customer.id), 'nothing of the other borrower');
  await page.close();
});

test('no page broke its Content-Security-Policy', () => {
  assert.deepEqual(cspViolations, []);
});
