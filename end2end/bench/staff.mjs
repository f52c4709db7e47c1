// For `make bench` (bench/src/staff.rs runs it): every staff page loaded
// 20 times over HTTP by a signed-in admin, and a campaign list of ROWS rows
// from upload to download. Prints one JSON object on its last line.
//
//   node bench/staff.mjs BASE USERNAME PASSWORD SETUP_CODE ROWS
import { chromium } from 'playwright-core';
import { newPage } from '../tests/support/borrowers.mjs';
import { rememberAccount, staffSignIn } from '../tests/support/staff.mjs';

const [base, username, password, setupCode, rows] = process.argv.slice(2);
const LOADS = 20;
const PAGES = [
  '/staff',
  '/staff/customers?q=B000042',
  '/staff/customers/B000042',
  '/staff/complaints',
  '/staff/policy',
  '/staff/national-list',
  '/staff/campaign-list',
  '/staff/inbound',
  '/staff/keys',
  '/staff/accounts',
  '/staff/audit',
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
  headless: true,
});
const app = { baseUrl: base, browser };
rememberAccount(username, setupCode, password);
const page = await newPage(app);
await staffSignIn(app, page, username);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const pages = {};
for (const path of PAGES) {
  const times = [];
  for (let n = 0; n < LOADS; n += 1) {
    const started = performance.now();
    const response = await page.request.get(`${base}${path}`, { maxRedirects: 0 });
    await response.body();
    times.push(performance.now() - started);
    if (response.status() !== 200) throw new Error(`${path} answered ${response.status()}`);
  }
  times.sort((a, b) => a - b);
  pages[path] = { median_ms: percentile(times, 50), p95_ms: percentile(times, 95) };
}

// A campaign list: every customer by SMS for loan servicing, in turn.
const customers = Number(process.env.BENCH_CUSTOMERS ?? 100000);
const lines = ['customer_id,channel,purpose'];
for (let n = 0; n < Number(rows); n += 1) lines.push(`B${String(n % customers).padStart(6, '0')},sms,loan_servicing`);
const csv = Buffer.from(`${lines.join('\n')}\n`);
const started = performance.now();
const checked = await page.request.post(`${base}/staff/campaign-list/check`, {
  headers: { 'content-type': 'text/csv', origin: base },
  data: csv,
  timeout: 0,
});
const progress = (await checked.text()).trim().split('\n');
const last = JSON.parse(progress.pop());
if (!last.done) throw new Error(`the check did not finish: ${JSON.stringify(last)}`);
const judged = performance.now();
const download = await page.request.get(`${base}${last.done.download}`, { timeout: 0 });
const bytes = (await download.body()).length;
const done = performance.now();
console.log(JSON.stringify({
  pages,
  campaign: {
    rows: last.done.rows,
    allowed: last.done.allowed,
    upload_to_summary_s: (judged - started) / 1000,
    upload_to_download_s: (done - started) / 1000,
    csv_bytes: csv.length,
    download_bytes: bytes,
  },
}));
await browser.close();
