// Extra care (contract section 7) in a real browser: an agent puts it in
// place on the customer page, the lookup API's decisions then say
// `protected_customer`, and the borrower's overview says so, in English
// and in Chinese, on a phone.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';
import { cspViolations, hydrated, newPage, signedInBorrower } from './support/borrowers.mjs';
import { signedInStaff } from './support/staff.mjs';

const shots = resolve(import.meta.dirname, '..', '..', 'target', 'screenshots');
mkdirSync(shots, { recursive: true });

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.stop();
});

/** Tomorrow at 08:30 in Shanghai (UTC+8, no daylight saving), as an instant. */
function tomorrowAt0830Shanghai() {
  const shanghai = new Date(Date.now() + 8 * 3600_000);
  const day = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() + 1));
  return new Date(day.getTime() + (8 * 60 + 30) * 60_000 - 8 * 3600_000).toISOString();
}

/** The day `days` from now in Shanghai, as the date field takes it. */
function dayFromNow(days) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

test('an agent puts extra care in place; decisions say protected_customer and the borrower reads it in both languages', async () => {
  const { customer, page: borrower } = await signedInBorrower(app, { width: 360, height: 780 });
  const ask = () => app.api('POST', '/decisions', {
    customer_id: customer.id, channel: 'voice', purpose: 'collections', at: tomorrowAt0830Shanghai(),
  });
  const before = await ask();
  assert.equal(before.status, 200, JSON.stringify(before.body));
  assert.equal(before.body.allowed, true, JSON.stringify(before.body));

  const agent = await signedInStaff(app, 'careagt', 'agent');
  await agent.goto(`${app.baseUrl}/staff/customers/${customer.id}`);
  await hydrated(agent);
  await agent.getByText('No extra care is in place.').waitFor();
  await agent.getByLabel('Reason').selectOption('illness');
  await agent.getByLabel('Until (the last day it holds)').fill(dayFromNow(60));
  await agent.getByLabel('Note (optional)').fill('in hospital, asked for fewer calls');
  await agent.getByRole('button', { name: 'Put extra care in place' }).click();
  await agent.locator('#extra-care .notice', { hasText: 'Extra care is in place (illness)' }).waitFor();
  await agent.screenshot({ path: join(shots, 'staff-extra-care-1280.png'), fullPage: true });

  const after = await ask();
  assert.equal(after.body.allowed, false, JSON.stringify(after.body));
  assert.deepEqual(after.body.reasons.map((r) => r.code), ['protected_customer']);
  assert.ok(after.body.next_allowed_at, 'care lifts at 10:00 local');

  await borrower.goto(`${app.baseUrl}/my`);
  await borrower.getByText('The bank has put extra care in place for you until').waitFor();
  await borrower.screenshot({ path: join(shots, 'borrower-extra-care-en-360.png'), fullPage: true });
  await borrower.context().addCookies([{ name: 'lang', value: 'zh-CN', url: app.baseUrl }]);
  await borrower.goto(`${app.baseUrl}/my`);
  await borrower.getByText('银行已为您启用特别关照').waitFor();
  await borrower.screenshot({ path: join(shots, 'borrower-extra-care-zh-360.png'), fullPage: true });

  // Ended on the page: decisions are as before, and the overview says nothing.
  await agent.getByRole('button', { name: 'End extra care now' }).click();
  await agent.getByText('No extra care is in place.').waitFor();
  assert.equal((await ask()).body.allowed, true);
  await borrower.goto(`${app.baseUrl}/my`);
  await hydrated(borrower);
  assert.equal(await borrower.getByText('银行已为您启用特别关照').count(), 0);
});

test('an auditor reads extra care but has no form for it', async () => {
  const customer = await app.api('PUT', '/customers/CARE02', { name: '陈静', phones: ['+8613900139102'] });
  assert.equal(customer.status, 201);
  const auditor = await signedInStaff(app, 'careaud', 'auditor');
  await auditor.goto(`${app.baseUrl}/staff/customers/CARE02`);
  await hydrated(auditor);
  await auditor.getByText('No extra care is in place.').waitFor();
  assert.equal(await auditor.getByRole('button', { name: 'Put extra care in place' }).count(), 0);
});

test('no page broke its Content-Security-Policy', () => {
  assert.deepEqual(cspViolations, []);
});
