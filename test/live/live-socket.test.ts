/**
 * Live events written straight to a websocket (src/live/live-socket.ts),
 * over a real socket pair: a shared result is serialised once however many
 * receivers it goes to, each receiver's messages leave in the order they
 * were delivered even when an earlier result is still being executed, and
 * a receiver that completed or failed writes nothing more.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { ExecutionResult } from 'graphql';
import { SharedPayload, SocketReceiver, type LiveSocketStats } from '../../src/live/live-socket.js';

let server: WebSocketServer;
let serverSide: WebSocket;
let client: WebSocket;
const received: { id: string; type: string; payload: ExecutionResult }[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  const connected = once(server, 'connection');
  client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  client.on('message', (data, isBinary) => {
    expect(isBinary).toBe(false);
    received.push(JSON.parse(String(data)));
  });
  [serverSide] = (await connected) as [WebSocket];
});
afterAll(async () => {
  client?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Waits until the client has `count` messages, then a little longer for any that should not come. */
async function receivedAfter(count: number) {
  for (let i = 0; i < 200 && received.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));
  return received.splice(0);
}

function deferred() {
  let resolve!: (result: ExecutionResult) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<ExecutionResult>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const prepare = (result: ExecutionResult) => result;
const newStats = (): LiveSocketStats => ({ serialisations: 0, frames: 0 });

describe('live events written to a socket', () => {
  it('serialise a shared result once for all its receivers, each getting its own next message', async () => {
    const stats = newStats();
    const shared = new SharedPayload({ data: { n: 1 } }, prepare, stats);
    const failures: unknown[] = [];
    for (let i = 0; i < 50; i++) new SocketReceiver({ socket: serverSide, id: `sub-${i}` }, stats, (e) => failures.push(e)).deliver(shared);
    const messages = await receivedAfter(50);
    expect(stats).toEqual({ serialisations: 1, frames: 50 });
    expect(failures).toEqual([]);
    expect(messages.map((m) => m.id)).toEqual(Array.from({ length: 50 }, (_, i) => `sub-${i}`));
    for (const message of messages) expect(message).toMatchObject({ type: 'next', payload: { data: { n: 1 } } });
  });

  it('keeps each receiver in delivery order while an earlier result is still executing', async () => {
    const stats = newStats();
    const first = deferred();
    const a = new SocketReceiver({ socket: serverSide, id: 'a' }, stats, () => undefined);
    const b = new SocketReceiver({ socket: serverSide, id: 'b' }, stats, () => undefined);
    const slow = new SharedPayload(first.promise, prepare, stats);
    const ready = new SharedPayload({ data: { n: 2 } }, prepare, stats);
    const third = new SharedPayload({ data: { n: 3 } }, prepare, stats);
    a.deliver(slow);
    a.deliver(ready);
    a.deliver(third);
    b.deliver(ready);
    // b does not wait for a's slow result; a's messages wait behind it.
    expect((await receivedAfter(1)).map((m) => [m.id, m.payload.data])).toEqual([['b', { n: 2 }]]);
    first.resolve({ data: { n: 1 } });
    const messages = await receivedAfter(3);
    expect(messages.map((m) => [m.id, m.payload.data])).toEqual([
      ['a', { n: 1 }],
      ['a', { n: 2 }],
      ['a', { n: 3 }],
    ]);
    expect(stats).toEqual({ serialisations: 3, frames: 4 });
  });

  it('writes nothing for a receiver once it is closed, not even what was waiting', async () => {
    const stats = newStats();
    const pending = deferred();
    const receiver = new SocketReceiver({ socket: serverSide, id: 'gone' }, stats, () => undefined);
    receiver.deliver(new SharedPayload(pending.promise, prepare, stats));
    receiver.close();
    pending.resolve({ data: { n: 1 } });
    receiver.deliver(new SharedPayload({ data: { n: 2 } }, prepare, stats));
    expect(await receivedAfter(0)).toEqual([]);
    expect(stats.frames).toBe(0);
  });

  it('ends a receiver whose result failed, once, and writes nothing after', async () => {
    const stats = newStats();
    const failing = deferred();
    const failures: unknown[] = [];
    const receiver = new SocketReceiver({ socket: serverSide, id: 'failed' }, stats, (e) => failures.push(e));
    receiver.deliver(new SharedPayload(failing.promise, prepare, stats));
    receiver.deliver(new SharedPayload({ data: { n: 2 } }, prepare, stats));
    failing.reject(new Error('lost'));
    expect(await receivedAfter(0)).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(stats.frames).toBe(0);
  });
});
