// Staff for the browser tests: accounts made with the command line, signed
// in through the page, with a second factor computed here as an
// authenticator app would (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits).
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { hydrated, newPage } from './borrowers.mjs';

export const STAFF_PASSWORD = 'counter-harbour-2026';

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

const nowStep = () => Math.floor(Date.now() / 1000 / 30);

/** The code an authenticator app shows for `secret` at time step `step`. */
export function totp(secret, step = nowStep()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/** The set-up codes of the accounts made here, and their passwords now. */
const setupCodes = new Map();
const passwords = new Map();

/** A password of the member's own, chosen at the first sign-in. */
export const ownPassword = (username) => `${STAFF_PASSWORD}-${username}-own`;

/** Makes an account with the command line; returns its set-up code. */
export function createStaff(app, username, role) {
  const printed = app.cliOutput(`${STAFF_PASSWORD}\n`, 'staff', 'create', '--username', username, '--role', role);
  return rememberAccount(username, printed.trim().split('\n').pop(), STAFF_PASSWORD);
}

/** An account made elsewhere (the accounts page, the demo): its set-up code and password. */
export function rememberAccount(username, setupCode, password) {
  setupCodes.set(username, setupCode);
  passwords.set(username, password);
  return setupCode;
}

const secrets = new Map();
// Each sign-in uses a later step than the last, as a code is accepted once.
const stepsUsed = new Map();

/** A code not used yet for `username`, waiting for the clock if needed. */
async function freshCode(username) {
  // The server accepts the step before and after its own; a step already
  // used is refused, so take the next one.
  let step = Math.max(nowStep(), (stepsUsed.get(username) ?? 0) + 1);
  while (step > nowStep() + 1) await new Promise((wake) => setTimeout(wake, 1000));
  stepsUsed.set(username, step);
  return totp(secrets.get(username), step);
}

const isEmpty = async (field) => (await field.count()) > 0 && (await field.inputValue()) === '';


/**
 * Signs in through the page, taking every step it asks for: the set-up code
 * and the QR code's key at the first sign-in, the code from the app, a new
 * password of the member's own. Leaves the page at /staff.
 */
export async function staffSignIn(app, page, username, password = passwords.get(username) ?? STAFF_PASSWORD) {
  await page.goto(`${app.baseUrl}/staff/signin`);
  await hydrated(page);
  // By id, not by label, so that it signs in whatever the page's language.
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  for (let step = 0; step < 5; step += 1) {
    const answered = page.waitForResponse((r) => r.url().endsWith('/staff/api/sign_in'));
    await page.locator('button[type=submit]').click();
    await answered;
    const signedIn = await page.waitForURL(`${app.baseUrl}/staff`, { timeout: 1_500 }).then(() => true, () => false);
    if (signedIn) return;
    await page.waitForFunction(() => !document.querySelector('button[type=submit]')?.disabled);
    let asked = false;
    if (await isEmpty(page.locator('#setup-code'))) {
      await page.locator('#setup-code').fill(setupCodes.get(username));
      asked = true;
    }
    const shown = page.locator('code.secret');
    if (await shown.count()) secrets.set(username, (await shown.textContent()).trim());
    if (await isEmpty(page.locator('#code'))) {
      await page.locator('#code').fill(await freshCode(username));
      asked = true;
    }
    if (await isEmpty(page.locator('#new-password'))) {
      await page.locator('#new-password').fill(ownPassword(username));
      await page.locator('#new-password-again').fill(ownPassword(username));
      passwords.set(username, ownPassword(username));
      asked = true;
    }
    if (!asked) break;
  }
  await page.waitForURL(`${app.baseUrl}/staff`);
}

/** A member of staff of `role`, made and signed in on a new page. */
export async function signedInStaff(app, username, role, options = {}) {
  createStaff(app, username, role);
  const page = await newPage(app, options);
  await staffSignIn(app, page, username);
  return page;
}

/**
 * Runs SQL on the test's SQLite database, as someone with the file would;
 * returns the rows it selects.
 */
export function sqlite(app, sql) {
  const path = app.databaseUrl.replace(/^sqlite:\/\//, '');
  const out = execFileSync('python3', ['-c', `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute(sys.argv[2]).fetchall()
db.commit()
print(json.dumps(rows))
`, path, sql], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out);
}

/**
 * Calls a staff server function directly, with the page's session, as a
 * script would around the pages. Returns the HTTP status and body.
 */
export async function callServerFn(app, page, endpoint, form = {}) {
  const response = await page.request.post(`${app.baseUrl}/staff/api/${endpoint}`, {
    form,
    headers: { origin: app.baseUrl },
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text() };
}
