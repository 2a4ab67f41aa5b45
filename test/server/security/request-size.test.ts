/**
 * Request size limits: an HTTP body over the limit is refused with 413 and a
 * GraphQL error before it is parsed (declared or chunked); a websocket
 * message over the limit closes the socket with 1009.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../../src/config.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let small: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  small = await startTestApp({ config: { security: { maxRequestBytes: 2000, maxWsMessageBytes: 2000 } } });
});
afterAll(async () => {
  await t?.close();
  await small?.close();
});

/** A `{ __typename }` request padded with an unused variable to exactly `bytes` bytes. */
function paddedBody(bytes: number): string {
  const empty = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
  return JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(bytes - empty.length) } });
}

/** Sends the body as a stream: chunked, no content-length, so the server must count. */
function chunked(body: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(body);
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
      controller.close();
    },
  });
}

async function post(app: TestApp, body: string | ReadableStream<Uint8Array>) {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${app.operator.token}` },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as any };
}

const tooLarge = (maxBytes: number) => ({
  errors: [{ message: `Request body too large: the limit is ${maxBytes} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes } }],
});

describe('HTTP request size', () => {
  it('serves a body right at the default limit of 100 kB and refuses one byte more with 413', async () => {
    expect(await post(t, paddedBody(102_400))).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
    const refused = await post(t, paddedBody(102_401));
    expect(refused.status).toBe(413);
    expect(refused.contentType).toMatch(/^application\/json/);
    expect(refused.body).toEqual(tooLarge(102_400));
  });

  it('counts chunked bodies, which declare no length', async () => {
    expect(await post(t, chunked(paddedBody(102_400)))).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
    expect(await post(t, chunked(paddedBody(500_000)))).toEqual({ status: 413, contentType: expect.any(String), body: tooLarge(102_400) });
  });

  it('applies a configured limit, and keeps serving on other connections after refusing', async () => {
    expect(await post(small, paddedBody(2001))).toMatchObject({ status: 413, body: tooLarge(2000) });
    expect(await post(small, chunked(paddedBody(2001)))).toMatchObject({ status: 413, body: tooLarge(2000) });
    expect(await post(small, paddedBody(2000))).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
    expect(loadConfig({ MAX_REQUEST_BYTES: '5000', MAX_WS_MESSAGE_BYTES: '6000' }).security).toMatchObject({ maxRequestBytes: 5000, maxWsMessageBytes: 6000 });
    expect(loadConfig({}).security).toMatchObject({ maxRequestBytes: 102_400, maxWsMessageBytes: 102_400 });
  });
});

describe('websocket message size', () => {
  /** Opens a graphql-transport-ws socket, authenticates, sends `message` and reports what came back. */
  async function sendOverSocket(app: TestApp, message: string) {
    const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
    const received: any[] = [];
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await app.tokenFor(app.operator.id)}` } }));
    for (let i = 0; i < 200 && !received.some((m) => m.type === 'connection_ack'); i++) await new Promise((r) => setTimeout(r, 10));
    socket.send(message);
    for (let i = 0; i < 200 && !received.some((m) => m.type === 'complete') && socket.readyState === WebSocket.OPEN; i++) await new Promise((r) => setTimeout(r, 10));
    socket.close();
    return { received, closeCode: await closed };
  }
  const subscribe = (bytes: number) => {
    const empty = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }', variables: { pad: '' } } });
    return JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }', variables: { pad: 'x'.repeat(bytes - empty.length) } } });
  };

  it('answers a message at the limit and closes the socket with 1009 on a larger one', async () => {
    const fine = await sendOverSocket(small, subscribe(2000));
    expect(fine.received).toContainEqual({ id: '1', type: 'next', payload: { data: { __typename: 'Query' } } });
    expect(fine.closeCode).toBe(1005); // closed by us, without a code

    const tooBig = await sendOverSocket(small, subscribe(2001));
    expect(tooBig.received.filter((m) => m.type !== 'connection_ack')).toEqual([]);
    expect(tooBig.closeCode).toBe(1009);
  });

  it('caps messages at 100 kB by default', async () => {
    expect((await sendOverSocket(t, subscribe(102_400))).received).toContainEqual({ id: '1', type: 'next', payload: { data: { __typename: 'Query' } } });
    expect((await sendOverSocket(t, subscribe(102_401))).closeCode).toBe(1009);
  });
});
