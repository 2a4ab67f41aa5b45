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

describe('subscriptions over server-sent events (as GraphiQL uses them)', () => {
  /** POSTs a subscription asking for an event stream; returns the response and a reader of its `next` events. */
  async function sse(query: string, variables: Record<string, unknown>, token: string | null) {
    const controller = new AbortController();
    const response = await fetch(t.url, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const reader = response.body!.getReader();
    let buffer = '';
    async function next(): Promise<any> {
      for (;;) {
        const event = /event: next\ndata: (.*)\n\n/.exec(buffer);
        if (event) {
          buffer = buffer.slice(event.index + event[0].length);
          return JSON.parse(event[1]!);
        }
        const chunk = await reader.read();
        if (chunk.done) return null;
        buffer += new TextDecoder().decode(chunk.value);
      }
    }
    return { response, next, close: () => controller.abort() };
  }

  it('authenticates with the Authorization header and delivers what the caller may read', async () => {
    const id = await createAccount(t, { name: 'Streamed Account' });
    const stream = await sse(`subscription($id: ID) { accountChanged(id: $id) { change account { name region } } }`, { id }, t.operator.token);
    expect(stream.response.status).toBe(200);
    // The stream is open once the server answers; a change made after it arrives.
    const received = stream.next();
    await t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { region: "Fujian" }) { account { id } } }`, { id });
    expect(await received).toEqual({ data: { accountChanged: { change: 'UPDATED', account: { name: 'Streamed Account', region: 'Fujian' } } } });
    stream.close();

    const anonymous = await sse(`subscription { accountChanged { change } }`, {}, null);
    expect((await anonymous.next()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    anonymous.close();
  });
});
