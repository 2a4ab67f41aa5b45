import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('server lifecycle', () => {
  it('answers liveness and readiness', async () => {
    const base = t.url.replace('/graphql', '');
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: t.db.provider });
  });

  it('drains in-flight requests, closes websockets and refuses new work on close', async () => {
    const ws = new WebSocket(t.wsUrl, 'graphql-transport-ws');
    const socketClosed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    const acknowledged = new Promise<void>((resolve) => ws.on('message', (data) => JSON.parse(String(data)).type === 'connection_ack' && resolve()));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${t.operator.token}` } })));
    await acknowledged;

    // A request whose body is still arriving when shutdown starts must still be answered.
    const body = JSON.stringify({ query: '{ accounts(first: 50) { totalCount } }' });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${t.operator.token}` },
        }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      // Shutdown starts once the server has the request (its headers), not after a guess at how long that takes.
      t.app.httpServer.once('request', () => {
        closing = t.app.close();
        setTimeout(() => req.end(body.slice(10)), 100);
      });
      req.write(body.slice(0, 10));
    });
    let closing: Promise<void> | undefined;

    const answered = await response;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body).data.accounts.totalCount).toBe(0);
    expect(await socketClosed).toBe(1001);
    await closing;
    await expect(fetch(t.url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
