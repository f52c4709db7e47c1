// The policy what-if (contract section 10) in a real browser: a supervisor
// tries a draft on the policy page, watches it run, and reads the same
// figures the command line prints for the same draft.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';
import { cspViolations, hydrated } from './support/borrowers.mjs';
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

/** Yesterday at `hour`:30 in Shanghai (UTC+8), as an instant. */
function yesterdayShanghai(hour) {
  const shanghai = new Date(Date.now() + 8 * 3600_000);
  const day = Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() - 1);
  return new Date(day + (hour * 60 + 30) * 60_000 - 8 * 3600_000).toISOString();
}

test('a draft tried on the policy page gives the figures the command line gives', async () => {
  // A customer who takes marketing by SMS and phone, asked about at every
  // hour of yesterday: those from 09:30 to 20:30 were allowed.
  const made = await app.api('PUT', '/customers/WHATIF1', {
    name: '赵敏', phones: ['+8613900139201'], time_zone: 'Asia/Shanghai',
  });
  assert.equal(made.status, 201);
  const current = await app.api('GET', '/customers/WHATIF1/preferences');
  const document = { ...current.body, source: 'api', actor: 'system:crm' };
  document.purposes['marketing.wealth'] = { channels: ['sms', 'voice'] };
  const put = await app.api('PUT', '/customers/WHATIF1/preferences', document, { 'if-match': current.headers.get('etag') });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  for (let hour = 0; hour < 24; hour += 1) {
    for (const channel of ['sms', 'voice']) {
      const asked = await app.api('POST', '/decisions', {
        customer_id: 'WHATIF1', channel, purpose: 'marketing.wealth', at: yesterdayShanghai(hour),
      });
      assert.equal(asked.status, 200);
    }
  }
  // Kept decisions are written within a second.
  await new Promise((wake) => setTimeout(wake, 1500));

  const page = await signedInStaff(app, 'wisup', 'supervisor');
  await page.goto(`${app.baseUrl}/staff/policy`);
  await hydrated(page);
  await page.locator('#marketing_start').fill('10:00');
  await page.locator('#marketing_end').fill('20:00');
  await page.getByLabel('Decisions of').selectOption('30');
  await page.getByRole('button', { name: 'Try this draft' }).click();
  const summary = page.locator('#what-if-summary');
  await summary.waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(shots, 'staff-what-if-1280.png'), fullPage: true });
  const decisions = Number(await summary.getAttribute('data-decisions'));
  const changed = Number(await summary.getAttribute('data-changed'));

  const dir = mkdtempSync(join(tmpdir(), 'reachguard-what-if-'));
  const draft = join(dir, 'draft.json');
  writeFileSync(draft, JSON.stringify({ marketing_hours: { start: '10:00', end: '20:00' } }));
  const printed = JSON.parse(app.cliOutput(undefined, 'policy', 'what-if', draft, '--days', '30'));
  assert.equal(decisions, printed.decisions);
  assert.equal(changed, printed.changed);
  // 09:30 and 20:30, by SMS and by phone, were allowed and would not be.
  assert.ok(printed.changed >= 4, JSON.stringify(printed));
  assert.equal(Number(await page.locator('#allowed-to-denied').textContent()), printed.allowed_to_denied);
  // Nothing was published.
  const label = (await page.locator('#policy-label').textContent()).trim();
  assert.equal(label, JSON.parse(app.cliOutput(undefined, 'policy', 'show')).pack + '@1');

  // Published unchanged: what the what-if found is kept with the version
  // and shown beside its changes.
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await page.locator('#policy-label', { hasText: '@2' }).waitFor();
  const kept = page.locator('#policy-history > li').first().locator('details.what-if-kept');
  await kept.locator('summary').click();
  const keptSummary = kept.locator('.what-if-summary');
  assert.equal(Number(await keptSummary.getAttribute('data-decisions')), printed.decisions);
  assert.equal(Number(await keptSummary.getAttribute('data-changed')), printed.changed);
  assert.match(await kept.locator('summary').textContent(), new RegExp(`${printed.changed} of ${printed.decisions} decisions would change`));
  await page.screenshot({ path: join(shots, 'staff-what-if-kept-1280.png'), fullPage: true });
  // The version before it was published without a what-if.
  assert.equal(await page.locator('#policy-history > li').nth(1).locator('details.what-if-kept').count(), 0);

  // Looser than the pack: refused at once, naming the rule.
  await page.locator('#marketing_start').waitFor();
  await page.locator('#marketing_start').fill('08:00');
  await page.getByRole('button', { name: 'Try this draft' }).click();
  await page.getByText('wider than the cn pack').first().waitFor();
});

test('no page broke its Content-Security-Policy', () => {
  assert.deepEqual(cspViolations, []);
});
