// The campaign list check (contract section 10) in a real browser: an agent
// uploads a CSV with a bad row, watches it judged, reads the summary and
// downloads the file back with every row's answer; the answers are kept
// decisions the API can read.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';
import { cspViolations, hydrated } from './support/borrowers.mjs';
import { signedInStaff, sqlite } from './support/staff.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const shots = resolve(import.meta.dirname, '..', '..', 'target', 'screenshots');
mkdirSync(shots, { recursive: true });

let app;
before(async () => {
  app = await startApp();
  for (const [id, phone] of [['CAMP1', '+8613900139301'], ['CAMP2', '+8613900139302']]) {
    const made = await app.api('PUT', `/customers/${id}`, { name: '陈静', phones: [phone], time_zone: 'Asia/Shanghai' });
    assert.equal(made.status, 201);
  }
  // CAMP1 takes wealth offers by SMS; CAMP2 takes no marketing at all.
  for (const [id, channels] of [['CAMP1', ['sms']], ['CAMP2', []]]) {
    const current = await app.api('GET', `/customers/${id}/preferences`);
    const document = { ...current.body, source: 'api', actor: 'system:crm' };
    document.purposes['marketing.wealth'] = { channels };
    const put = await app.api('PUT', `/customers/${id}/preferences`, document, { 'if-match': current.headers.get('etag') });
    assert.equal(put.status, 200, JSON.stringify(put.body));
  }
});
after(async () => {
  await app?.stop();
});

const MONDAY_10_SHANGHAI = '2026-11-02T02:00:00Z';

test('an agent checks a campaign list with a bad row and downloads it with every answer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reachguard-campaign-'));
  const file = join(dir, 'campaign.csv');
  writeFileSync(file, [
    'customer_id,channel,purpose,at,segment',
    // A cell a spreadsheet would run as a formula.
    `CAMP1,sms,marketing.wealth,${MONDAY_10_SHANGHAI},=1+1`,
    `CAMP2,sms,marketing.wealth,${MONDAY_10_SHANGHAI},gold`,
    `CAMP1,fax,marketing.wealth,${MONDAY_10_SHANGHAI},"silver, old"`,
    `NOBODY,sms,marketing.wealth,${MONDAY_10_SHANGHAI},gold`,
    '',
  ].join('\n'));

  const page = await signedInStaff(app, 'campagent', 'agent');
  await page.goto(`${app.baseUrl}/staff/campaign-list`);
  await hydrated(page);
  await page.getByLabel('Campaign list (CSV)').setInputFiles(file);
  await page.getByRole('button', { name: 'Check the list' }).click();
  const summary = page.locator('#campaign-summary');
  await summary.waitFor({ timeout: 30_000 });
  assert.equal(await summary.getAttribute('data-rows'), '4');
  assert.equal((await page.locator('#campaign-allowed').textContent()).trim(), '1');
  assert.equal((await page.locator('#campaign-denied').textContent()).trim(), '2');
  assert.equal((await page.locator('#campaign-invalid').textContent()).trim(), '1');
  assert.equal((await page.locator('[data-reason="opted_out"]').textContent()).trim(), '1');
  assert.equal((await page.locator('[data-reason="unknown_customer"]').textContent()).trim(), '1');
  // The bad row is named by its line.
  assert.match(await page.locator('#campaign-bad-lines').textContent(), /4.*channel/);
  await page.screenshot({ path: join(shots, 'staff-campaign-list-1280.png'), fullPage: true });
  // The summary, its bars included, reads aloud: axe finds nothing serious.
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, []);

  // The file back: every row, its own columns kept, its answer added.
  const href = await page.locator('#campaign-download').getAttribute('href');
  const download = await page.request.get(`${app.baseUrl}${href}`);
  assert.equal(download.status(), 200);
  assert.match(download.headers()['content-disposition'], /attachment/);
  const rows = (await download.text()).trim().split('\n');
  assert.equal(rows[0], 'customer_id,channel,purpose,at,segment,allowed,reasons,next_allowed_at,policy,decision_id');
  assert.equal(rows.length, 5);
  assert.match(rows[1], /^CAMP1,.*,'=1\+1,true,,,cn@1,[0-9a-f-]{36}$/);
  assert.match(rows[2], /^CAMP2,.*,gold,false,opted_out,,cn@1,[0-9a-f-]{36}$/);
  assert.match(rows[3], /^CAMP1,fax,.*"silver, old",,"?invalid: line 4: channel: /);
  assert.match(rows[4], /^NOBODY,.*,false,unknown_customer,,cn@1,/);
  // Each answer is a kept decision.
  const decisionId = rows[2].split(',').pop();
  await new Promise((wake) => setTimeout(wake, 1500));
  const kept = await app.api('GET', `/decisions/${decisionId}`);
  assert.equal(kept.status, 200);
  assert.equal(kept.body.answer.reasons[0].code, 'opted_out');
  // The check is in the audit log, with its figures.
  const audit = JSON.stringify(sqlite(app, "SELECT actor, details FROM audit_log WHERE action = 'campaign_list.check'"));
  assert.match(audit, /staff:campagent/);
  assert.match(audit, /\\"rows\\":4/);

  // The file is the checker's: another member of staff cannot read it.
  const other = await signedInStaff(app, 'campsup', 'supervisor');
  const refused = await other.request.get(`${app.baseUrl}${href}`);
  assert.equal(refused.status(), 404);

  // A phone-sized screen, in Chinese: the same list, the same figures.
  await page.context().addCookies([{ name: 'lang', value: 'zh-CN', url: app.baseUrl }]);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(`${app.baseUrl}/staff/campaign-list`);
  await hydrated(page);
  await page.locator('#campaign-file').setInputFiles(file);
  await page.locator('form:has(#campaign-file) button[type=submit]').click();
  await summary.waitFor({ timeout: 30_000 });
  assert.equal((await page.locator('#campaign-denied').textContent()).trim(), '2');
  assert.match(await page.locator('h1').textContent(), /[\u4e00-\u9fff]/);
  await page.screenshot({ path: join(shots, 'staff-campaign-list-360-zh.png'), fullPage: true });
});

test('an auditor may not check a list, and a file without a header is refused', async () => {
  const auditor = await signedInStaff(app, 'campaud', 'auditor');
  const refused = await auditor.request.post(`${app.baseUrl}/staff/campaign-list/check`, {
    headers: { 'content-type': 'text/csv', origin: app.baseUrl }, data: 'customer_id,channel,purpose\nCAMP1,sms,loan_servicing\n',
  });
  assert.equal(refused.status(), 403);
  const agent = await signedInStaff(app, 'campagent2', 'agent');
  const answer = await agent.request.post(`${app.baseUrl}/staff/campaign-list/check`, {
    headers: { 'content-type': 'text/csv', origin: app.baseUrl }, data: 'CAMP1,sms,loan_servicing\n',
  });
  assert.equal(answer.status(), 200);
  const last = JSON.parse((await answer.text()).trim().split('\n').pop());
  assert.match(last.failed.message, /neither customer_id nor phone/);
});

test('no page broke its Content-Security-Policy', () => {
  assert.deepEqual(cspViolations, []);
});
