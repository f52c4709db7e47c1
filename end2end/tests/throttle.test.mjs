// The sign-in throttle per client address, through the real server: its
// own server, since the address it throttles is this machine's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApp } from './support/harness.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.stop();
});

async function signIn(login) {
  const response = await fetch(`${app.baseUrl}/api/sign_in`, {
    method: 'POST',
    headers: {
      origin: app.baseUrl,
      accept: 'application/json',
      'accept-language': 'en',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ login, password: 'not-the-password', next: '/my' }),
  });
  return response.text();
}

test('twenty failed sign-ins from one address make that address wait, whatever the accounts', async () => {
  for (let i = 0; i < 20; i += 1) {
    const answer = await signIn(`NOBODY${i}`);
    assert.match(answer, /is wrong/, `attempt ${i + 1}: ${answer}`);
  }
  const answer = await signIn('NOBODY99');
  assert.match(answer, /Too many failed sign-ins from this network\. Try again in \d+ minutes/);
});
