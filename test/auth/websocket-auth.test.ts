/**
 * Authentication of websockets (graphql-transport-ws), observed on the raw
 * socket so close codes are visible: the token travels in connection_init,
 * a refused one closes the socket with 4403, and a connection whose token
 * expires is closed with 4401 on the app's clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTokenIssuer } from '../../src/auth/tokens.js';
import { createAccount } from '../support/fixtures.js';
import { DEFAULT_TEST_NOW, mintTestToken, startTestApp, TEST_AUTH, type TestApp } from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

interface RawConnection {
  socket: WebSocket;
  messages: any[];
  /** Resolves with the close code and reason once the socket is closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Waits (bounded) for a message of this type, optionally for an operation id. */
  next(type: string, id?: string): Promise<any>;
  send(message: unknown): void;
}

/** Opens a graphql-transport-ws socket and sends connection_init with `payload` (none when undefined). */
async function connect(payload?: Record<string, unknown>): Promise<RawConnection> {
  const socket = new WebSocket(t.wsUrl, 'graphql-transport-ws');
  const messages: any[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  expect(socket.protocol).toBe('graphql-transport-ws');
  socket.send(JSON.stringify(payload === undefined ? { type: 'connection_init' } : { type: 'connection_init', payload }));
  return {
    socket,
    messages,
    closed,
    send: (message) => socket.send(JSON.stringify(message)),
    async next(type, id) {
      const match = (m: any) => m.type === type && (id === undefined || m.id === id);
      for (let i = 0; i < 400 && !messages.some(match) && socket.readyState === WebSocket.OPEN; i++) await new Promise((r) => setTimeout(r, 25));
      const found = messages.find(match);
      if (!found) throw new Error(`no ${type} message; got ${JSON.stringify(messages)} (socket state ${socket.readyState})`);
      return found;
    },
  };
}

/** Waits for the close, bounded: the server must close the socket by itself. */
async function closeCode(connection: RawConnection, limitMs = 10_000): Promise<{ code: number; reason: string }> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the server did not close the socket')), limitMs).unref());
  return Promise.race([connection.closed, timeout]);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('connection_init', () => {
  it('closes the socket with 4403 without a token, and never acknowledges', async () => {
    for (const payload of [undefined, {}, { authorization: '' }, { token: t.operator.token }]) {
      const connection = await connect(payload);
      expect((await closeCode(connection)).code, JSON.stringify(payload)).toBe(4403);
      expect(connection.messages.filter((m) => m.type === 'connection_ack')).toEqual([]);
    }
  });

  it('closes the socket with 4403 for a forged token', async () => {
    const forge = createTokenIssuer({ ...TEST_AUTH, jwtSecret: 'not-the-server-secret-not-the-server-secret' });
    const connection = await connect(bearer(await forge({ subject: t.operator.id, ttlSeconds: 3600, now: DEFAULT_TEST_NOW })));
    expect((await closeCode(connection)).code).toBe(4403);
    expect(connection.messages).toEqual([]);
  });

  it('closes the socket with 4403 for an expired token', async () => {
    const earlier = new Date(DEFAULT_TEST_NOW.getTime() - 2 * 3600_000);
    const connection = await connect(bearer(await mintTestToken({ subject: t.operator.id, ttlSeconds: 3600, now: earlier })));
    expect((await closeCode(connection)).code).toBe(4403);
    expect(connection.messages).toEqual([]);
  });

  it('closes the socket with 4403 for a malformed authorization and for a staff member who does not exist', async () => {
    const malformed = await connect({ authorization: 'Token abc' });
    expect((await closeCode(malformed)).code).toBe(4403);
    const ghost = await connect(bearer(await t.tokenFor('no-such-staff-member')));
    expect((await closeCode(ghost)).code).toBe(4403);
  });

  it('accepts a valid token: acknowledges, and the subscription delivers', async () => {
    const connection = await connect(bearer(t.operator.token));
    await connection.next('connection_ack');
    connection.send({ id: 'live', type: 'subscribe', payload: { query: 'subscription { accountChanged { change account { name } } }' } });
    // A query answered on the same socket after the subscribe shows the server has the subscription.
    connection.send({ id: 'probe', type: 'subscribe', payload: { query: '{ __typename }' } });
    await connection.next('complete', 'probe');

    await createAccount(t, { name: 'Socket Works Ltd' });
    const event = await connection.next('next', 'live');
    expect(event.payload).toEqual({ data: { accountChanged: { change: 'CREATED', account: { name: 'Socket Works Ltd' } } } });
    expect(connection.socket.readyState).toBe(WebSocket.OPEN);
    connection.socket.close(1000);
    expect((await connection.closed).code).toBe(1000);
  });
});

describe('a token that expires while connected', () => {
  it('closes the socket with 4401, on the app clock', async () => {
    const start = DEFAULT_TEST_NOW;
    t.setNow(start);
    try {
      const connection = await connect(bearer(await t.tokenFor(t.operator.id, 2)));
      await connection.next('connection_ack');
      connection.send({ id: 'live', type: 'subscribe', payload: { query: 'subscription { accountChanged { change } }' } });
      connection.send({ id: 'probe', type: 'subscribe', payload: { query: '{ __typename }' } });
      await connection.next('complete', 'probe');
      expect(connection.socket.readyState).toBe(WebSocket.OPEN);

      // The app clock passes the expiry; the server's next check closes the socket.
      t.setNow(new Date(start.getTime() + 3000));
      const closed = await closeCode(connection);
      expect(closed).toEqual({ code: 4401, reason: 'Token expired' });
      expect(connection.messages.filter((m) => m.id === 'live')).toEqual([]);
    } finally {
      t.setNow(DEFAULT_TEST_NOW);
    }
  });

  it('stays open while the app clock has not reached the expiry', async () => {
    t.setNow(DEFAULT_TEST_NOW);
    const connection = await connect(bearer(await t.tokenFor(t.operator.id, 2)));
    await connection.next('connection_ack');
    // Real time passes beyond the token lifetime, app time does not: still open and working.
    await new Promise((r) => setTimeout(r, 2500));
    connection.send({ id: 'probe', type: 'subscribe', payload: { query: '{ __typename }' } });
    await connection.next('complete', 'probe');
    expect(connection.messages.find((m) => m.id === 'probe' && m.type === 'next')?.payload).toEqual({ data: { __typename: 'Query' } });
    expect(connection.socket.readyState).toBe(WebSocket.OPEN);
    connection.socket.close(1000);
    await connection.closed;
  });
});
