// The staff dashboard on the demo data: every chart's numbers, as the page
// shows them beside the chart, are counted again here from the database's
// own rows and must agree.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';
import { hydrated, newPage } from './support/borrowers.mjs';
import { rememberAccount, sqlite, staffSignIn } from './support/staff.mjs';

const shots = resolve(import.meta.dirname, '..', '..', 'target', 'screenshots');
mkdirSync(shots, { recursive: true });

let app;
before(async () => {
  app = await startApp();
  // Demo staff passwords are random, printed once with the set-up code, as
  // "  auditor: PASSWORD set-up code CODE".
  const printed = app.cliOutput(undefined, 'demo');
  const [, password, code] = printed.match(/^ {2}auditor: (\S+) set-up code (\S+)$/m);
  rememberAccount('auditor', code, password);
});
after(async () => {
  await app?.stop();
});

// The demo bank is in China: days are Shanghai's (UTC+8, no summer time).
const shanghaiDay = (seconds) => new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 10);
// Each kind of ground a kept decision holds, and the reason code it gives
// (domain/src/decision/ground.rs).
const CODE_OF_GROUND = {
  uc: 'unknown_customer', np: 'channel_unavailable', ne: 'channel_unavailable',
  dc: 'do_not_call', oo: 'opted_out', cd: 'channel_declined', nd: 'national_dnc',
  sn: 'snoozed', lh: 'outside_legal_hours', cw: 'outside_contact_window', fc: 'frequency_cap',
  mc: 'policy_cap', cp: 'policy_cap', cx: 'policy_cap', cc: 'policy_cap',
  pm: 'protected_customer', ph: 'protected_customer', pd: 'protected_customer',
};
const REASONS = {
  unknown_customer: 'unknown customer',
  channel_unavailable: 'channel unavailable',
  do_not_call: "customer's do-not-call",
  opted_out: 'opted out',
  channel_declined: 'channel declined',
  national_dnc: 'national do-not-call list',
  snoozed: 'snoozed',
  outside_legal_hours: 'outside legal hours',
  outside_contact_window: "outside customer's hours",
  frequency_cap: "customer's weekly limit",
  policy_cap: "policy's limit",
};

/** The rows of a chart's table, as [heading, ...numbers]. */
async function tableOf(page, id) {
  return page.locator(`#chart-${id}-numbers tbody tr`).evaluateAll((rows) =>
    rows.map((row) => [...row.children].map((cell) => cell.textContent.trim())));
}

function tally(map, key, column, by = 1) {
  const row = map.get(key) ?? [0, 0];
  row[column] += by;
  map.set(key, row);
}

test('the dashboard charts the demo data, and every number matches the database', async () => {
  const page = await newPage(app, { width: 1280, height: 1000 });
  await staffSignIn(app, page, 'auditor');
  const until = shanghaiDay(Math.floor(Date.now() / 1000));
  const fromDate = new Date(`${until}T00:00:00Z`);
  fromDate.setUTCDate(fromDate.getUTCDate() - 27);
  const from = fromDate.toISOString().slice(0, 10);
  await page.goto(`${app.baseUrl}/staff?from=${from}&until=${until}`);
  await hydrated(page);
  const inRange = (seconds) => { const d = shanghaiDay(seconds); return d >= from && d <= until; };

  // Every chart is drawn, as an image with its name.
  for (const id of ['decisions', 'reasons', 'against', 'complaints', 'opt-outs-by-source', 'opt-outs']) {
    const img = page.locator(`#chart-${id} img`);
    assert.equal(await img.count(), 1, `chart ${id} is drawn`);
    assert.match(await img.getAttribute('src'), /^data:image\/svg\+xml/);
  }

  // Decisions per day.
  // Kept compact (contract section 10): each reason as a ground, whose
  // kind names its code; a decision counts once for each code it gave.
  const decisions = sqlite(app, 'SELECT decided_at, allowed, kept FROM decisions');
  assert.ok(decisions.length > 500, 'the demo keeps a decision for each contact');
  const perDay = new Map();
  const reasons = new Map();
  for (const [at, allowed, kept] of decisions) {
    if (!inRange(at)) continue;
    tally(perDay, shanghaiDay(at), allowed ? 0 : 1);
    if (allowed) continue;
    const codes = new Set((JSON.parse(kept).r ?? []).map((ground) => CODE_OF_GROUND[ground.k]));
    for (const code of codes) reasons.set(REASONS[code], (reasons.get(REASONS[code]) ?? 0) + 1);
  }
  const shownDays = await tableOf(page, 'decisions');
  assert.equal(shownDays.length, 28, 'one row a day');
  for (const [day, allowed, denied] of shownDays) {
    const [a, d] = perDay.get(day) ?? [0, 0];
    assert.deepEqual([Number(allowed), Number(denied)], [a, d], day);
  }

  // Reasons for denials.
  const shownReasons = await tableOf(page, 'reasons');
  assert.deepEqual(
    Object.fromEntries(shownReasons.map(([label, n]) => [label, Number(n)])),
    Object.fromEntries(reasons),
  );

  // Contacts made against policy, by system.
  const against = new Map();
  for (const [at, system] of sqlite(app, 'SELECT at, COALESCE(system, recorded_by) FROM contact_attempts WHERE NOT allowed')) {
    if (inRange(at)) against.set(system, (against.get(system) ?? 0) + 1);
  }
  const shownAgainst = await tableOf(page, 'against');
  assert.ok(shownAgainst.length > 0);
  assert.deepEqual(Object.fromEntries(shownAgainst.map(([s, n]) => [s, Number(n)])), Object.fromEntries(against));

  // Complaints received and answered per day, and overdue now.
  const complaints = sqlite(app, 'SELECT received_at, answered_at, status, due_at FROM complaints');
  assert.ok(complaints.length > 0, 'the demo has complaints');
  const byDay = new Map();
  let overdue = 0;
  const now = Date.now() / 1000;
  for (const [received, answered, status, due] of complaints) {
    if (inRange(received)) tally(byDay, shanghaiDay(received), 0);
    if (answered !== null && inRange(answered)) tally(byDay, shanghaiDay(answered), 1);
    if ((status === 'open' || status === 'in_progress') && due < now) overdue += 1;
  }
  for (const [day, opened, answeredN] of await tableOf(page, 'complaints')) {
    const [o, a] = byDay.get(day) ?? [0, 0];
    assert.deepEqual([Number(opened), Number(answeredN)], [o, a], day);
  }
  assert.match(await page.locator('#overdue').textContent(), new RegExp(`^${overdue} complaints`));

  // Opt-outs per day by how they came: ledger entries in which a marketing
  // purpose lost a channel, recounted from the documents before and after.
  const hows = ['web', 'link', 'phone', 'branch', 'sms_keyword', 'other'];
  const optOuts = new Map();
  for (const [at, source, via, before, after] of sqlite(app, 'SELECT changed_at, source, via, before, after FROM consent_ledger WHERE before IS NOT NULL')) {
    if (!inRange(at)) continue;
    const was = JSON.parse(before).purposes;
    const now = JSON.parse(after).purposes;
    const lost = Object.keys(now).some((p) => p.startsWith('marketing.') && was[p]
      && was[p].channels.some((c) => !now[p].channels.includes(c)));
    if (!lost) continue;
    const how = via?.startsWith('link') || via?.startsWith('one_click') ? 'link' : (hows.includes(source) ? source : 'other');
    const row = optOuts.get(shanghaiDay(at)) ?? hows.map(() => 0);
    row[hows.indexOf(how)] += 1;
    optOuts.set(shanghaiDay(at), row);
  }
  assert.ok([...optOuts.values()].some((row) => row[hows.indexOf('sms_keyword')] > 0), 'the demo has an SMS opt-out');
  for (const [day, ...shown] of await tableOf(page, 'opt-outs-by-source')) {
    assert.deepEqual(shown.map(Number), optOuts.get(day) ?? hows.map(() => 0), day);
  }

  // Opt-outs by marketing topic: customers who accept no channel for it.
  const customers = sqlite(app, 'SELECT preferences FROM customers').map(([p]) => JSON.parse(p));
  const topics = Object.keys(customers[0].purposes).filter((p) => p.startsWith('marketing.'));
  const expected = topics.map((t) => [customers.filter((c) => c.purposes[t].channels.length === 0).length, customers.length]);
  const shownOptOuts = (await tableOf(page, 'opt-outs')).map(([, out, all]) => [Number(out), Number(all)]);
  const sort = (rows) => rows.map((r) => r.join('/')).sort();
  assert.deepEqual(sort(shownOptOuts), sort(expected));
  assert.ok(expected.some(([out]) => out > 0 && out < customers.length), 'the demo has both kinds');

  await page.screenshot({ path: join(shots, 'staff-dashboard-1280.png'), fullPage: true });
  await page.close();
});
