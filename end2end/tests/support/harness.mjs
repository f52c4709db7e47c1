// Starts the real reachguard binary on a fresh SQLite database and a headless
// Debian Chromium to drive it. Each test file gets its own server.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const binary = process.env.REACHGUARD_BIN ?? join(repoRoot, 'target', 'debug', 'reachguard');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

// The server takes a moment to open its database: poll until it answers.
async function waitForHealth(baseUrl, server, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`reachguard exited early with code ${server.exitCode}`);
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error(`reachguard did not answer at ${baseUrl} within ${timeoutMs} ms`);
}

export async function startApp({ binary: bin = binary } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'reachguard-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const databaseUrl = `sqlite://${join(dataDir, 'reachguard.db')}`;
  const server = spawn(
    bin,
    ['serve', '--addr', `127.0.0.1:${port}`, '--database-url', databaseUrl],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        LEPTOS_SITE_ROOT: join(repoRoot, 'target', 'site'),
        REACHGUARD_SECRET_KEY_FILE: join(dataDir, 'reachguard.key'),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  await waitForHealth(baseUrl, server);

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Root in a container needs --no-sandbox; the rest keep Chromium from
    // calling out to a network this machine does not have.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

  // The command line, on the same database as the server.
  // Everything a command printed.
  const cliOutput = (input, ...args) =>
    execFileSync(bin, [...args, '--database-url', databaseUrl], { cwd: repoRoot, encoding: 'utf8', input });
  // The last line a command printed, where secrets go.
  const cliWith = (input, ...args) => cliOutput(input, ...args).trim().split('\n').pop();
  const cli = (...args) => cliWith(undefined, ...args);
  const key = cli(
    'api-key', 'create', '--name', 'e2e-system',
    '--scopes', 'decisions,contacts.write,customers.write,preferences.read,preferences.write,changes.read,dnc.write,inbound.write,links.write,protection.write',
  );
  // The lookup API, as a bank system calls it.
  const api = async (method, path, body, headers = {}) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };

  return {
    baseUrl,
    browser,
    cli,
    cliWith,
    cliOutput,
    api,
    databaseUrl,
    async stop() {
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((done) => (server.exitCode !== null ? done() : server.once('exit', done)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
