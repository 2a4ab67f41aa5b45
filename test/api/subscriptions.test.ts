import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createAccount } from '../support/fixtures.js';
import { liveClient, roundTrip, subscribe } from '../support/live-client.js';

let t: TestApp;
let client: Client;

beforeAll(async () => {
  t = await startTestApp();
  client = liveClient(t.wsUrl, t.operator.token);
});
afterAll(async () => {
  await client?.dispose();
  await t?.close();
});

describe('subscriptions over graphql-ws', () => {
  it('delivers an account change to a websocket subscriber, with the cause', async () => {
    const id = await createAccount(t, { name: 'Live Account' });
    const other = await createAccount(t, { name: 'Other Account' });
    const sub = subscribe(client, `subscription($id: ID) { accountChanged(id: $id) { change cause account { id name region } } }`, { id });
    await roundTrip(client);

    await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { region: "Other" }) { account { id } } }`, { id: other });
    await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { region: "Shandong" }) { account { id } } }`, { id });
    await sub.waitFor(1);
    await t.app.runtime.dispatcher.drain();
    await roundTrip(client); // anything else published would have arrived before this answer
    expect(sub.errors).toEqual([]);
    expect(sub.received).toEqual([
      { data: { accountChanged: { change: 'UPDATED', cause: 'core.account.updated', account: { id, name: 'Live Account', region: 'Shandong' } } } },
    ]);
    sub.dispose();
  });

  it('rejects an invalid subscription document with a validation error', async () => {
    const sub = subscribe(client, `subscription { accountChanged { nope } }`);
    for (let i = 0; i < 400 && sub.errors.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(sub.errors).toEqual([
      [expect.objectContaining({ message: 'Cannot query field "nope" on type "AccountChangedEvent".', extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) })],
    ]);
  });
});
