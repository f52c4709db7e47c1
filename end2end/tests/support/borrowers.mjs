// Borrowers for the browser tests: made through the API as the bank's CRM
// would, invited with the command line, activated through the page.
import assert from 'node:assert/strict';

export const PASSWORD = 'harbour-lantern-42';

let next = 0;
/** A new customer with a Chinese mobile and an e-mail; returns its number. */
export async function newCustomer(app, name = 'Li Wei') {
  next += 1;
  const id = `E2E${String(process.pid).slice(-4)}${String(next).padStart(3, '0')}`;
  const phone = `+86138${String(process.pid).slice(-4).padStart(4, '0')}${String(next).padStart(4, '0')}`;
  const reply = await app.api('PUT', `/customers/${id}`, {
    name, phones: [phone], email: `${id.toLowerCase()}@example.cn`, time_zone: 'Asia/Shanghai',
  });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return { id, phone };
}

/**
 * What the browser refused under a page's Content-Security-Policy, on every
 * page `newPage` made; a test file's last test asserts it stayed empty.
 */
export const cspViolations = [];

/** A page in a fresh browser context, reading English unless told. */
export async function newPage(app, { language = 'en', locale = 'en-US', width = 1280, height = 900 } = {}) {
  const context = await app.browser.newContext({ viewport: { width, height }, locale });
  if (language) {
    await context.addCookies([{ name: 'lang', value: language, url: app.baseUrl }]);
  }
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) {
      cspViolations.push(`${page.url()}: ${message.text()}`);
    }
  });
  // The browser may already be closing (at the end of a file's tests).
  page.on('close', () => context.close().catch(() => {}));
  return page;
}

/** Waits until the page's wasm has hydrated it (buttons then respond). */
export async function hydrated(page) {
  await page.waitForFunction(() => window.__reachguardHydrated === true, null, { timeout: 30_000 });
  // Parts rendered in a Suspense hydrate a moment later; such a part says
  // data-ready="false" until it has.
  await page.waitForFunction(() => !document.querySelector('[data-ready="false"]'), null, { timeout: 30_000 });
}

/** Activates a login through the page; leaves the borrower signed in at /my. */
export async function activate(app, page, customer, password = PASSWORD) {
  const code = app.cli('customer', 'invite', customer.id);
  await page.goto(`${app.baseUrl}/activate`);
  await hydrated(page);
  await page.getByLabel('Customer number').fill(customer.id);
  await page.getByLabel('Activation code').fill(code);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('New password again').fill(password);
  await page.getByRole('button', { name: 'Activate' }).click();
  await page.waitForURL(`${app.baseUrl}/my`);
}

export async function signIn(app, page, login, password = PASSWORD) {
  await page.goto(`${app.baseUrl}/signin`);
  await hydrated(page);
  await page.getByLabel('Customer number or mobile').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A borrower with a login, signed in on a new page. */
export async function signedInBorrower(app, options = {}) {
  const customer = await newCustomer(app);
  const page = await newPage(app, options);
  await activate(app, page, customer);
  return { customer, page };
}
