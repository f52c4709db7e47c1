// The staff portal in a real browser, against the real server and database:
// sign-in with a second factor, what each role may do and what the server
// refuses when called directly, API keys revoked on the page and refused by
// the API, staff accounts, and the audit log's hash chain.
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';
import { cspViolations, hydrated, newPage } from './support/borrowers.mjs';
import {
  STAFF_PASSWORD, callServerFn, createStaff, ownPassword, rememberAccount, signedInStaff, sqlite,
  staffSignIn, totp,
} from './support/staff.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const shots = resolve(import.meta.dirname, '..', '..', 'target', 'screenshots');
mkdirSync(shots, { recursive: true });

let app;
const pages = {};
let preferencesForm;
before(async () => {
  app = await startApp();
  const made = await app.api('PUT', '/customers/STAFF01', {
    name: '王芳', phones: ['+8613900139001'], email: 'wangfang@example.cn', time_zone: 'Asia/Shanghai',
  });
  assert.equal(made.status, 201);
  pages.admin = await signedInStaff(app, 'adm', 'admin');
  pages.supervisor = await signedInStaff(app, 'sup', 'supervisor');
  pages.agent = await signedInStaff(app, 'agt', 'agent');
  pages.auditor = await signedInStaff(app, 'aud', 'auditor');
  const form = await callServerFn(app, pages.agent, 'customer_preferences', { customer_id: 'STAFF01' });
  assert.equal(form.status, 200, form.body);
  preferencesForm = JSON.parse(form.body);
});
after(async () => {
  await app?.stop();
});

test('a new admin sets up a second factor with the set-up code, chooses a password, and each code is accepted once', async () => {
  const page = await newPage(app);
  const setupCode = createStaff(app, 'newadmin', 'admin');
  await page.goto(`${app.baseUrl}/staff/signin`);
  await hydrated(page);
  await page.getByLabel('Username').fill('newadmin');
  await page.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The password alone is not enough to set up a second factor.
  await page.getByLabel('Set-up code').fill('AAAA-BBBB-CCCC');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#setup-code-error', { hasText: 'wrong or has expired' }).waitFor();
  await page.getByLabel('Set-up code').fill(setupCode);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The set-up: a QR code and its key as text, and a password of one's own.
  await page.getByRole('heading', { name: 'Set up your second factor' }).waitFor();
  assert.ok(await page.getByRole('img', { name: 'QR code to set up your authenticator app' }).isVisible());
  const secret = (await page.locator('code.secret').textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{26,}$/);
  await page.screenshot({ path: join(shots, 'staff-second-factor-1280.png'), fullPage: true });
  const own = ownPassword('newadmin');
  await page.getByLabel('New password', { exact: true }).fill(own);
  await page.getByLabel('New password again').fill(own);
  // A wrong code keeps the same key on the page.
  await page.getByLabel('The 6-digit code from your authenticator app').fill('000000' === totp(secret) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#code-error', { hasText: 'wrong or was already used' }).waitFor();
  assert.equal((await page.locator('code.secret').textContent()).trim(), secret);
  const code = totp(secret);
  await page.getByLabel('The 6-digit code from your authenticator app').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${app.baseUrl}/staff`);

  // The same code again, from another browser, is refused: it was used.
  // The first password is gone; the member's own works.
  const other = await newPage(app);
  await other.goto(`${app.baseUrl}/staff/signin`);
  await hydrated(other);
  await other.getByLabel('Username').fill('newadmin');
  await other.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.locator('#password-error', { hasText: 'not right' }).waitFor();
  await other.getByLabel('Password', { exact: true }).fill(own);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.getByLabel('The 6-digit code from your authenticator app').fill(code);
  assert.equal(await other.locator('code.secret').count(), 0, 'the key is not shown again');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.locator('#code-error', { hasText: 'wrong or was already used' }).waitFor();
  await other.close();
  await page.close();
});

test('a member of staff changes their own password with the current one', async () => {
  const page = await signedInStaff(app, 'changer', 'agent');
  await page.goto(`${app.baseUrl}/staff/password`);
  await hydrated(page);
  const fresh = 'a-fresh-counter-harbour-3';
  await page.getByLabel('Current password').fill('not-the-password');
  await page.getByLabel('New password', { exact: true }).fill(fresh);
  await page.getByLabel('New password again').fill(fresh);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#current-error', { hasText: 'wrong' }).waitFor();
  await page.getByLabel('Current password').fill(ownPassword('changer'));
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
  rememberAccount('changer', null, fresh);
  const again = await newPage(app);
  await staffSignIn(app, again, 'changer');
  await again.close();
  await page.close();
});

test('a wrong password is refused beside the field, and signed-out pages send to sign in', async () => {
  const page = await newPage(app);
  await page.goto(`${app.baseUrl}/staff/keys`);
  await page.waitForURL(/\/staff\/signin\?next=\/staff\/keys$/);
  await hydrated(page);
  await page.getByLabel('Username').fill('agt');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#password-error', { hasText: 'not right' }).waitFor();
  // Signed out, a server function answers 401 and reads nothing.
  const call = await callServerFn(app, page, 'keys');
  assert.equal(call.status, 401);
  await page.close();
});

// What each role may call, endpoint by endpoint; the arguments are harmless
// (a change that is allowed is refused for its input, with 200).
const calls = [
  { endpoint: 'dashboard', form: {}, action: 'view dashboard' },
  { endpoint: 'keys', form: {}, action: 'view API keys' },
  { endpoint: 'create_key', form: { name: 'has space' }, action: 'create and revoke API keys' },
  { endpoint: 'revoke_key', form: { name: 'no-such-key' }, action: 'create and revoke API keys' },
  { endpoint: 'accounts', form: {}, action: 'view staff accounts' },
  { endpoint: 'create_account', form: { username: 'bad name', role: 'agent', password: 'x' }, action: 'manage staff accounts' },
  { endpoint: 'change_account', form: { username: 'nobody', change: 'disable' }, action: 'manage staff accounts' },
  { endpoint: 'find_customers', form: { q: 'E2E' }, action: 'find and view customers' },
  { endpoint: 'customer', form: { customer_id: 'NOBODY' }, action: 'find and view customers' },
  { endpoint: 'customer_preferences', form: { customer_id: 'STAFF01' }, action: "record a change on a customer's behalf" },
  { endpoint: 'inbound', form: {}, action: "read customers' SMS messages that were no keyword" },
  { endpoint: 'handle_message', form: { client: 'none', message_id: 'none', note: 'x' }, action: 'mark such a message handled' },
  { endpoint: 'unlock_borrower', form: { customer_id: 'NOBODY' }, action: "lift a borrower's sign-in lock" },
  { endpoint: 'set_care', form: { customer_id: 'NOBODY', reason: 'none', until: 'never' }, action: 'put extra care in place, change or end it' },
  { endpoint: 'end_care', form: { customer_id: 'NOBODY' }, action: 'put extra care in place, change or end it' },
  { endpoint: 'change_my_password', form: { current: 'x', password: 'y', password_again: 'z' }, action: 'view dashboard' },
  { endpoint: 'national_list', form: {}, action: 'view national list' },
  { endpoint: 'policy', form: {}, action: 'view policy' },
  { endpoint: 'change_policy', form: { version: '0', marketing_start: 'x' }, action: 'change policy' },
  { endpoint: 'start_what_if', form: { marketing_start: 'x' }, action: 'change policy' },
  { endpoint: 'what_if_progress', form: { run: 'none' }, action: 'change policy' },
  { endpoint: 'complaints', form: {}, action: 'view complaints' },
  { endpoint: 'complaint', form: { complaint_id: 'none' }, action: 'view complaints' },
  { endpoint: 'work_complaint', form: { complaint_id: 'none', step: 'close' }, action: 'work complaints' },
  { endpoint: 'audit', form: {}, action: 'read and verify the audit log' },
  { endpoint: 'verify_audit', form: {}, action: 'read and verify the audit log' },
];
const pagesFor = [
  { path: '/staff', action: 'view dashboard' },
  { path: '/staff/national-list', action: 'view national list' },
  { path: '/staff/complaints', action: 'view complaints' },
  { path: '/staff/policy', action: 'view policy' },
  { path: '/staff/campaign-list', action: 'check a campaign list' },
  { path: '/staff/customers', action: 'find and view customers' },
  { path: '/staff/customers/STAFF01', action: 'find and view customers' },
  { path: '/staff/customers/STAFF01/change', action: "record a change on a customer's behalf" },
  { path: '/staff/inbound', action: "read customers' SMS messages that were no keyword" },
  { path: '/staff/password', action: 'view dashboard' },
  { path: '/staff/keys', action: 'view API keys' },
  { path: '/staff/accounts', action: 'view staff accounts' },
  { path: '/staff/audit', action: 'read and verify the audit log' },
  { path: '/staff/audit.csv', action: 'read and verify the audit log' },
];
// The README's table, for the actions these pages serve.
const everyone = ['view dashboard', 'find and view customers', "read customers' SMS messages that were no keyword"];
const changers = [...everyone, "record a change on a customer's behalf", 'mark such a message handled', "lift a borrower's sign-in lock", 'put extra care in place, change or end it', 'check a campaign list'];
const supervisors = [...changers, 'view policy', 'change policy', 'view national list', 'upload national list', 'view complaints', 'work complaints'];
const allowed = {
  admin: new Set([...supervisors, 'view API keys', 'create and revoke API keys', 'view staff accounts', 'manage staff accounts', 'read and verify the audit log']),
  supervisor: new Set(supervisors),
  agent: new Set(changers),
  auditor: new Set([...everyone, 'view policy', 'view national list', 'view complaints', 'view API keys', 'view staff accounts', 'read and verify the audit log']),
};

for (const role of ['admin', 'supervisor', 'agent', 'auditor']) {
  test(`the server refuses what a ${role} may not do, when called directly, and allows the rest`, async () => {
    const page = pages[role];
    for (const { endpoint, form, action } of calls) {
      const { status, body } = await callServerFn(app, page, endpoint, form);
      const expected = allowed[role].has(action) ? 200 : 403;
      assert.equal(status, expected, `${role} ${endpoint}: ${body}`);
    }
    for (const { path, action } of pagesFor) {
      const response = await page.request.get(`${app.baseUrl}${path}`, { maxRedirects: 0 });
      const expected = allowed[role].has(action) ? 200 : 403;
      assert.equal(response.status(), expected, `${role} GET ${path}`);
    }
    // The national list's upload: an empty file, refused for being empty
    // when the role may upload, else refused for the role.
    const upload = await page.request.post(`${app.baseUrl}/staff/national-list/upload`, {
      data: '', headers: { origin: app.baseUrl, 'content-type': 'text/csv' },
    });
    const mayUpload = allowed[role].has('upload national list');
    assert.equal(upload.status(), mayUpload ? 200 : 403, `${role} upload`);
    if (mayUpload) assert.match(await upload.text(), /"stage":"empty"/);
    // The campaign list check: an empty file, refused for having no header
    // when the role may check lists, else refused for the role.
    const check = await page.request.post(`${app.baseUrl}/staff/campaign-list/check`, {
      data: '', headers: { origin: app.baseUrl, 'content-type': 'text/csv' },
    });
    const mayCheck = allowed[role].has('check a campaign list');
    assert.equal(check.status(), mayCheck ? 200 : 403, `${role} campaign list`);
    if (mayCheck) assert.match(await check.text(), /"failed":\{"message":"the file is empty/);
    // Saving a customer's preferences takes a whole form, as JSON.
    const save = await page.request.post(`${app.baseUrl}/staff/api/save_on_behalf`, {
      data: { customer_id: 'STAFF01', form: preferencesForm, source: '', note: '' },
      headers: { origin: app.baseUrl },
    });
    const mayChange = allowed[role].has("record a change on a customer's behalf");
    assert.equal(save.status(), mayChange ? 200 : 403, `${role} save_on_behalf: ${await save.text()}`);
    if (mayChange) assert.match(await save.text(), /Refused/, 'no source and no note: refused, nothing saved');
    // The menu offers what the role may open, and only that.
    await page.goto(`${app.baseUrl}/staff`);
    const menu = await page.getByRole('navigation', { name: 'Menu' }).getByRole('link').allTextContents();
    const expectedMenu = ['Dashboard', 'Customers', "Customers' SMS"];
    if (allowed[role].has('view complaints')) expectedMenu.push('Complaints');
    if (allowed[role].has('check a campaign list')) expectedMenu.push('Campaign list check');
    if (allowed[role].has('view policy')) expectedMenu.push('Policy');
    if (allowed[role].has('view national list')) expectedMenu.push('National do-not-call list');
    if (allowed[role].has('view API keys')) expectedMenu.push('API keys');
    if (allowed[role].has('view staff accounts')) expectedMenu.push('Staff accounts');
    if (allowed[role].has('read and verify the audit log')) expectedMenu.push('Audit log');
    assert.deepEqual(menu, expectedMenu);
  });
}

test('a key created on the page works, and once revoked there the API refuses it within 5 seconds', async () => {
  const page = pages.admin;
  await page.goto(`${app.baseUrl}/staff/keys`);
  await hydrated(page);
  await page.getByLabel('System name').fill('e2e-dialer');
  await page.getByLabel('decisions').check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.locator('code.new-key').textContent()).trim();
  assert.match(key, /^rg_[0-9a-f]{12}_[0-9a-f]{64}$/);
  const ask = () => fetch(`${app.baseUrl}/api/v1/decisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customer_id: 'NOBODY1', channel: 'sms', purpose: 'loan_servicing' }),
  });
  assert.notEqual((await ask()).status, 401, 'the new key is accepted');
  // The list shows it, with its scope and a last use.
  const row = page.getByRole('row', { name: /e2e-dialer/ });
  await row.waitFor();
  await page.reload();
  await hydrated(page);
  assert.match(await page.getByRole('row', { name: /e2e-dialer/ }).textContent(), /decisions/);
  await page.screenshot({ path: join(shots, 'staff-keys-1280.png'), fullPage: true });

  await page.getByRole('row', { name: /e2e-dialer/ }).getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('button', { name: 'Revoke the key' }).click();
  const revokedAt = Date.now();
  await page.getByRole('row', { name: /e2e-dialer/ }).getByText('Revoked').waitFor();
  let status;
  while (Date.now() - revokedAt < 5_000) {
    status = (await ask()).status;
    if (status === 401) break;
    await new Promise((wake) => setTimeout(wake, 200));
  }
  assert.equal(status, 401, 'the API refuses the revoked key within 5 seconds');
  const listed = app.cliOutput(undefined, 'api-key', 'list').split('\n').find((l) => l.startsWith('e2e-dialer '));
  assert.match(listed, /staff:adm .* UTC\s*$/, 'the command line shows who made it and that it is revoked');
});

test('api-key list and revoke at the command line', async () => {
  const key = app.cli('api-key', 'create', '--name', 'cli-dialer', '--scopes', 'decisions');
  assert.match(key, /^rg_/);
  const row = () => app.cliOutput(undefined, 'api-key', 'list').split('\n').find((l) => l.startsWith('cli-dialer '));
  assert.match(row(), /^cli-dialer\s+decisions\s+\S+ \S+ UTC\s+system:cli\s+-\s+-$/, 'never used, not revoked');
  app.cli('api-key', 'revoke', 'cli-dialer');
  assert.match(row(), /\s+-\s+\S+ \S+ UTC$/, 'revoked, with when');
  assert.throws(() => app.cli('api-key', 'revoke', 'cli-dialer'), /no active API key/);
});

test('disabling an account on the page ends its session at once', async () => {
  const victim = await signedInStaff(app, 'leaver', 'agent');
  const admin = pages.admin;
  await admin.goto(`${app.baseUrl}/staff/accounts`);
  await hydrated(admin);
  await admin.getByRole('row', { name: /leaver/ }).getByRole('button', { name: 'Disable' }).click();
  await admin.getByRole('row', { name: /leaver/ }).getByText('Disabled').waitFor();
  await victim.goto(`${app.baseUrl}/staff`);
  await victim.waitForURL(/\/staff\/signin/);
  // And it cannot sign in again.
  await hydrated(victim);
  await victim.getByLabel('Username').fill('leaver');
  await victim.getByLabel('Password').fill(STAFF_PASSWORD);
  await victim.getByRole('button', { name: 'Sign in' }).click();
  await victim.locator('#password-error', { hasText: 'not right' }).waitFor();
  await victim.close();
});

test('an admin makes an account on the page, and it can sign in with its role', async () => {
  const admin = pages.admin;
  await admin.goto(`${app.baseUrl}/staff/accounts`);
  await hydrated(admin);
  await admin.getByLabel('Username', { exact: true }).fill('counter7');
  await admin.getByLabel('Role of the new account').selectOption('auditor');
  await admin.getByLabel('First password').fill('short');
  await admin.getByRole('button', { name: 'Create account' }).click();
  await admin.locator('#password-error', { hasText: 'At least 12' }).waitFor();
  await admin.getByLabel('First password').fill(STAFF_PASSWORD);
  await admin.getByRole('button', { name: 'Create account' }).click();
  await admin.getByRole('row', { name: /counter7/ }).waitFor();
  // The set-up code to hand over, shown once.
  const handOver = (await admin.locator('code.hand-over').textContent()).trim();
  assert.match(handOver, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  rememberAccount('counter7', handOver, STAFF_PASSWORD);
  const page = await newPage(app);
  await staffSignIn(app, page, 'counter7');
  assert.match(await page.locator('.who').textContent(), /counter7 · Auditor/);
  await page.close();
});

test('verify finds the chain intact, then names the one audit row edited in the database', async () => {
  const page = pages.auditor;
  await page.goto(`${app.baseUrl}/staff/audit`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.locator('.verify-result', { hasText: 'The chain is intact' }).waitFor();
  // Filters: the key revocations only.
  await page.getByLabel('Action').fill('api_key.revoke');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/action=api_key.revoke/);
  const actions = await page.locator('tbody tr td:nth-child(4)').allTextContents();
  assert.ok(actions.length >= 1);
  assert.ok(actions.every((a) => a === 'api_key.revoke'), actions.join());
  // The export carries the same rows.
  const csv = await (await page.request.get(`${app.baseUrl}/staff/audit.csv?action=api_key.revoke`)).text();
  assert.equal(csv.trim().split('\r\n').length - 1, actions.length);

  // Someone with the database file changes who did something.
  const [[actor]] = sqlite(app, 'SELECT actor FROM audit_log WHERE seq = 3');
  sqlite(app, "UPDATE audit_log SET actor = 'staff:nobody' WHERE seq = 3");
  await page.goto(`${app.baseUrl}/staff/audit`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.locator('.verify-result', { hasText: 'Entry 3 does not match its hash' }).waitFor();
  await page.screenshot({ path: join(shots, 'staff-audit-768.png'), fullPage: true });
  sqlite(app, `UPDATE audit_log SET actor = '${actor}' WHERE seq = 3`);
});

test('an agent finds a customer by phone and records the change they asked for by phone', async () => {
  const page = pages.agent;
  await page.goto(`${app.baseUrl}/staff/customers`);
  await page.getByLabel('Customer number, phone or name').fill('139 0013 9001');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('link', { name: /王芳 · STAFF01/ }).click();
  await page.waitForURL(`${app.baseUrl}/staff/customers/STAFF01`);
  await page.getByRole('heading', { name: '王芳 · STAFF01' }).waitFor();
  await page.getByRole('link', { name: 'Record a change the customer asked for' }).click();
  await page.waitForURL(/\/staff\/customers\/STAFF01\/change$/);
  await hydrated(page);
  await page.getByLabel('Do not call me').check();
  // Without where they asked and a note, nothing is saved.
  await page.getByRole('button', { name: 'Record a change the customer asked for' }).click();
  await page.locator('#source-error', { hasText: 'Choose how the customer asked' }).waitFor();
  await page.locator('#note-error', { hasText: 'Write a note' }).waitFor();
  assert.equal((await app.api('GET', '/customers/STAFF01/preferences')).body.do_not_call, false);
  await page.getByLabel('By phone').check();
  await page.getByLabel('Note').fill('Customer called; asked for no more calls.');
  await page.getByRole('button', { name: 'Record a change the customer asked for' }).click();
  await page.locator('.notice-ok').waitFor();
  // The API answers with the change at once, and the ledger names the agent.
  const prefs = await app.api('GET', '/customers/STAFF01/preferences');
  assert.equal(prefs.body.do_not_call, true);
  await page.goto(`${app.baseUrl}/staff/customers/STAFF01`);
  const history = page.locator('.choice-list li').first();
  assert.match(await history.textContent(), /agt/);
  assert.match(await history.textContent(), /by phone/);
  assert.match(await history.textContent(), /Customer called; asked for no more calls\./);
  await page.screenshot({ path: join(shots, 'staff-customer-768.png'), fullPage: true });
  // The audit log has it too, with the note.
  const audit = await callServerFn(app, pages.auditor, 'audit', { subject: 'STAFF01', action: 'preferences' });
  assert.match(audit.body, /staff:agt/);
  assert.match(audit.body, /no more calls/);
  // An auditor reads the customer but is offered no change.
  const auditor = pages.auditor;
  await auditor.goto(`${app.baseUrl}/staff/customers/STAFF01`);
  await auditor.getByRole('heading', { name: '王芳 · STAFF01' }).waitFor();
  assert.equal(await auditor.getByRole('link', { name: 'Record a change the customer asked for' }).count(), 0);
});

test('a supervisor finds an overdue complaint, takes it, extends it once, answers and closes it', async () => {
  // A contact the borrower complained of, 16 days ago: overdue now.
  const made = await app.api('POST', '/contact-attempts', {
    customer_id: 'STAFF01', channel: 'voice', purpose: 'marketing.wealth', outcome: 'connected', system: 'wealth-campaign',
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const received = Math.floor(Date.now() / 1000) - 16 * 86_400;
  sqlite(app, `INSERT INTO complaints (complaint_id, customer_id, attempt_id, category, details, status, received_at, due_at)
    VALUES ('K-OVERDUE', 'STAFF01', '${made.body.attempt_id}', 'wrong_time', 'They called me at night.', 'open', ${received}, ${received + 15 * 86_400})`);
  sqlite(app, `INSERT INTO complaints (complaint_id, customer_id, category, details, status, received_at, due_at)
    VALUES ('K-FRESH', 'STAFF01', 'too_often', 'Too many calls.', 'open', ${received + 15 * 86_400}, ${received + 30 * 86_400})`);

  const page = pages.supervisor;
  await page.goto(`${app.baseUrl}/staff/complaints`);
  await page.getByLabel('Overdue only').check();
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/overdue=on/);
  const rows = page.locator('table.queue tbody tr');
  assert.equal(await rows.count(), 1, 'only the overdue one');
  assert.match(await rows.first().textContent(), /Overdue/);
  await rows.first().getByRole('link').click();
  await page.waitForURL(/\/staff\/complaints\/K-OVERDUE$/);
  await hydrated(page);
  await page.getByText('They called me at night.').waitFor();
  await page.getByText('wealth-campaign').first().waitFor();
  // Reasons named as staff name them, not as said to the borrower.
  await page.locator('.reasons li', { hasText: "customer's do-not-call" }).waitFor();
  assert.equal(await page.getByText('You asked not to be called').count(), 0);

  await page.getByRole('button', { name: 'Take it' }).click();
  await page.locator('#complaint-status', { hasText: 'In progress' }).waitFor();
  await hydrated(page);
  await page.getByLabel('Reason for more time').fill('We are asking the wealth team for the call records.');
  await page.getByRole('button', { name: 'Extend to 30 days' }).click();
  await page.getByText('We are asking the wealth team for the call records.').waitFor();
  // Extended once: the form is gone, and the server refuses a second time.
  await hydrated(page);
  assert.equal(await page.getByRole('button', { name: 'Extend to 30 days' }).count(), 0);
  const again = await callServerFn(app, page, 'work_complaint', { complaint_id: 'K-OVERDUE', step: 'extend', text: 'more' });
  assert.match(again.body, /extended once already/);
  // 30 days from receipt is still ahead: no longer overdue.
  assert.doesNotMatch(await page.locator('#complaint-due').textContent(), /Overdue/);

  await page.getByRole('button', { name: 'Send the answer' }).click();
  await page.locator('#answer-error', { hasText: 'Write the text' }).waitFor();
  await page.getByLabel('Answer the borrower').fill('We have stopped evening calls from that campaign. We apologise.');
  await page.getByRole('button', { name: 'Send the answer' }).click();
  await page.locator('#complaint-answer', { hasText: 'stopped evening calls' }).waitFor();
  await page.locator('#complaint-status', { hasText: 'Answered' }).waitFor();
  await hydrated(page);
  await page.getByRole('button', { name: 'Close the complaint' }).click();
  await page.locator('#complaint-status', { hasText: 'Closed' }).waitFor();
  await page.screenshot({ path: join(shots, 'staff-complaint-1280.png'), fullPage: true });

  // Each step is in the audit log, in the supervisor's name.
  const audit = await callServerFn(app, pages.auditor, 'audit', { subject: 'K-OVERDUE' });
  for (const step of ['complaint.assign', 'complaint.extend', 'complaint.answer', 'complaint.close']) {
    assert.match(audit.body, new RegExp(step.replace('.', '\\.')), step);
  }
  assert.match(audit.body, /staff:sup/);
  // An auditor reads it but is offered nothing to do.
  await pages.auditor.goto(`${app.baseUrl}/staff/complaints/K-OVERDUE`);
  await pages.auditor.getByText('They called me at night.').waitFor();
  assert.equal(await pages.auditor.getByRole('button', { name: 'Take it' }).count(), 0);
});

test('a supervisor narrows marketing hours in a new policy version, which decisions then cite; looser is refused', async () => {
  const page = pages.supervisor;
  await page.goto(`${app.baseUrl}/staff/policy`);
  await hydrated(page);
  const before = (await page.locator('#policy-label').textContent()).trim();
  const [pack, version] = before.split('@');
  // Wider than the pack (09:00–21:00 in China): refused, naming the rule.
  await page.locator('#marketing_start').fill('08:00');
  await page.locator('#marketing_end').fill('20:00');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await page.locator('#marketing_hours-error', { hasText: 'wider than the cn pack' }).waitFor();
  await page.locator('#marketing_start').fill('10:00');
  await page.locator('#marketing_end').fill('19:00');
  // A topic borrowers would read as a bare name is refused: it needs a
  // name in each language.
  await page.locator('#topics').fill('pensions');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await page.locator('#marketing_topics-error', { hasText: 'Chinese and an English name' }).waitFor();
  await page.locator('#topics').fill('pensions | 养老金 | pension plans');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  const next = `${pack}@${Number(version) + 1}`;
  await page.locator('#policy-label', { hasText: next }).waitFor();
  const latest = page.locator('#policy-history > li').first();
  assert.match(await latest.textContent(), /staff:sup/);
  assert.match(await latest.textContent(), /marketing hours: the pack's → 10:00–19:00/);
  assert.match(await latest.textContent(), /added the marketing topic pensions/);
  assert.match(await latest.textContent(), /the marketing topic pensions is named 养老金 \/ pension plans/);
  await page.screenshot({ path: join(shots, 'staff-policy-1280.png'), fullPage: true });
  // Decisions cite the new version within the policy cache's 2 seconds.
  let cited;
  for (let i = 0; i < 25 && cited !== next; i += 1) {
    cited = (await app.api('POST', '/decisions', { customer_id: 'STAFF01', channel: 'sms', purpose: 'loan_servicing' })).body.policy;
    if (cited !== next) await new Promise((wake) => setTimeout(wake, 200));
  }
  assert.equal(cited, next);
  // The new topic is in every customer's document, with the pack's default.
  const prefs = await app.api('GET', '/customers/STAFF01/preferences');
  assert.ok('marketing.pensions' in prefs.body.purposes, JSON.stringify(Object.keys(prefs.body.purposes)));
  // Borrowers read it by its name, in their language.
  const staffCustomer = await page.goto(`${app.baseUrl}/staff/customers/STAFF01/change`);
  assert.equal(staffCustomer.status(), 200);
  await page.getByText('marketing: pension plans').first().waitFor();
});

test('a bad line in a national list is named by its number, and nothing changes', async () => {
  const page = pages.supervisor;
  const dir = mkdtempSync(join(tmpdir(), 'reachguard-list-'));
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'phone\n+8613900139001\n13900139002\n+8613900139003\n');
  await page.goto(`${app.baseUrl}/staff/national-list`);
  await hydrated(page);
  const before = await page.locator('#list-size').textContent();
  await page.getByLabel('List file (CSV)').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload and replace the list' }).click();
  await page.getByText('Line 3: “13900139002”').waitFor();
  await page.getByText('1 lines are not E.164 numbers').waitFor();
  await page.reload();
  assert.equal(await page.locator('#list-size').textContent(), before);
});

test('a national list of 1,000,000 numbers uploads through the page with progress, and decisions use it', async () => {
  const page = pages.supervisor;
  const dir = mkdtempSync(join(tmpdir(), 'reachguard-list-'));
  const file = join(dir, 'national.csv');
  // A million numbers, STAFF01's among them (+8613900139001).
  const lines = ['phone'];
  for (let i = 0; i < 999_999; i += 1) lines.push(`+86137${String(i).padStart(8, '0')}`);
  lines.push('+8613900139001');
  writeFileSync(file, `${lines.join('\n')}\n`);
  // The national list forbids marketing calls the customer has not asked for.
  const asked = () => app.api('POST', '/decisions', { customer_id: 'STAFF01', channel: 'voice', purpose: 'marketing.credit_card' });
  const codes = (reply) => reply.body.reasons.map((r) => r.code);
  assert.ok(!codes(await asked()).includes('national_dnc'));

  await page.goto(`${app.baseUrl}/staff/national-list`);
  await hydrated(page);
  await page.getByLabel('List file (CSV)').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload and replace the list' }).click();
  // Both bars appear: the file's journey, then the load.
  await page.locator('#sent-progress').waitFor();
  await page.locator('#load-progress').waitFor({ timeout: 120_000 });
  await page.getByText('The list is replaced: 1,000,000 numbers').waitFor({ timeout: 300_000 });
  const bar = page.locator('#load-progress');
  assert.equal(await bar.getAttribute('value'), await bar.getAttribute('max'));
  await page.screenshot({ path: join(shots, 'staff-national-list-1280.png'), fullPage: true });
  await page.reload();
  assert.match(await page.locator('#list-size').textContent(), /^1,000,000 numbers, uploaded /);
  assert.ok(codes(await asked()).includes('national_dnc'), 'the decision cites the national list');
});

for (const [language, width] of [['en', 768], ['zh-CN', 1280]]) {
  test(`staff pages fit ${width} px and axe finds no serious violation (${language})`, async () => {
    const page = await newPage(app, { language, width, height: 1000 });
    await staffSignIn(app, page, 'adm');
    for (const path of ['/staff', '/staff/customers?q=%E7%8E%8B', '/staff/customers/STAFF01', '/staff/customers/STAFF01/change', '/staff/complaints', '/staff/complaints/K-OVERDUE', '/staff/policy', '/staff/national-list', '/staff/campaign-list', '/staff/keys', '/staff/accounts', '/staff/audit']) {
      await page.goto(`${app.baseUrl}${path}`);
      await hydrated(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow} px at ${width}`);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      assert.deepEqual(violations, [], `${path}`);
      const name = path.replace(/\?.*/, '').replaceAll('/', '-').replace(/^-/, '');
      await page.screenshot({ path: join(shots, `${name}-${language}-${width}.png`), fullPage: true });
    }
    await page.close();
  });
}

test('no page broke its Content-Security-Policy', () => {
  assert.deepEqual(cspViolations, []);
});
