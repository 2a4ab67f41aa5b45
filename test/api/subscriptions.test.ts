import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createAccount } from '../support/fixtures.js';

let t: TestApp;
let client: Client;

beforeAll(async () => {
  t = await startTestApp();
  client = createClient({ url: t.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
});
afterAll(async () => {
  await client?.dispose();
  await t?.close();
});

/** Subscribes and resolves once the server has acknowledged the subscription. */
function subscribe(query: string, variables: Record<string, unknown> = {}) {
  const received: any[] = [];
  const errors: unknown[] = [];
  const waiters: (() => void)[] = [];
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (value) => {
        received.push(value);
        waiters.splice(0).forEach((w) => w());
      },
      error: (e) => errors.push(e),
      complete: () => undefined,
    },
  );
  return {
    received,
    errors,
    dispose,
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

/** graphql-ws gives no "subscribed" ack; a round trip on the same socket proves the subscription is registered. */
async function roundTrip() {
  await new Promise<void>((resolve, reject) => {
    client.subscribe({ query: '{ __typename }' }, { next: () => undefined, error: reject, complete: resolve });
  });
}

describe('subscriptions over graphql-ws', () => {
  it('delivers an account change to a websocket subscriber, with the cause', async () => {
    const id = await createAccount(t, { name: 'Live Account' });
    const other = await createAccount(t, { name: 'Other Account' });
    const sub = subscribe(`subscription($id: ID) { accountChanged(id: $id) { change cause account { id name region } } }`, { id });
    await roundTrip();

    const arrived = sub.next();
    await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { region: "Other" }) { account { id } } }`, { id: other });
    await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { region: "Shandong" }) { account { id } } }`, { id });
    await arrived;
    expect(sub.errors).toEqual([]);
    expect(sub.received).toEqual([
      { data: { accountChanged: { change: 'UPDATED', cause: 'core.account.updated', account: { id, name: 'Live Account', region: 'Shandong' } } } },
    ]);
    sub.dispose();
  });

  it('rejects an invalid subscription document with a validation error', async () => {
    const sub = subscribe(`subscription { accountChanged { nope } }`);
    for (let i = 0; i < 400 && sub.errors.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(sub.errors).toEqual([
      [expect.objectContaining({ message: 'Cannot query field "nope" on type "AccountChangedEvent".', extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) })],
    ]);
  });
});
